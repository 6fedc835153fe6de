"""Search on Elasticsearch 8, through elasticsearch-dsl.

Searches and incremental updates go through an alias, `<prefix>_products`;
`rebuild()` fills a new timestamped index, switches the alias to it in one
atomic `_aliases` call and deletes the old index, so searches never see an
empty or half-built index.

Text arrives already folded and stemmed by `search.text` (the database backend
stores the same tokens) and is indexed with the built-in `whitespace` analyzer.
That is deliberate: the Elasticsearch distribution used in tests (integ-test-zip)
ships without the analysis-common module, so `asciifolding`,
`arabic_normalization` and the language stemmers are not there to use, and one
normaliser for both backends keeps their results alike. Typo tolerance is
Elasticsearch's own: `fuzziness: AUTO` with the first letter fixed.
"""

import time
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Q, Search

from ..documents import ProductDocument
from .base import FACETS, BackendResult, Filters, Progress, SearchBackend

MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "title": {"type": "keyword", "index": False},
        "title_text": {"type": "text", "analyzer": "whitespace"},
        "text": {"type": "text", "analyzer": "whitespace"},
        "price_value": {"type": "double"},
        "popularity": {"type": "integer"},
        "date_created": {"type": "date"},
        **{facet: {"type": "keyword"} for facet in FACETS},
    },
}
INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1}


@cache
def _client(url: str) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=30, retry_on_timeout=True)


def _source(document: ProductDocument) -> dict:
    title_text = document.title_text
    return {
        "title": document.title,
        "title_text": title_text,
        "text": f"{title_text} {document.body_text}",
        "price_value": float(document.price) if document.price is not None else None,
        "popularity": document.popularity,
        "date_created": document.date_created,
        **document.facets,
    }


class ElasticsearchBackend(SearchBackend):
    def __init__(self, *, url: str | None = None, prefix: str | None = None):
        self.client = _client(url or settings.ELASTICSEARCH_URL)
        self.alias = f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}_products"

    # --- Queries -------------------------------------------------------------

    def _text_query(self, tokens: list[str]):
        if not tokens:
            return Q("match_all")
        words = " ".join(tokens)
        return Q(
            "bool",
            must=[Q("match", text={"query": words, "operator": "and", **FUZZY})],
            # Title words count double, exact words more than typo variants.
            should=[
                Q("match", title_text={"query": words, "boost": 2.0, **FUZZY}),
                Q("match", text={"query": words, "operator": "and"}),
            ],
        )

    @staticmethod
    def _filter_clauses(filters: Filters) -> list:
        return [Q("terms", **{facet: list(v)}) for facet, v in filters.items() if v]

    def search(self, *, tokens, filters, sort, offset, limit) -> BackendResult:
        search = (
            Search(using=self.client, index=self.alias)
            .query(self._text_query(tokens))
            .extra(track_total_hits=True, from_=offset, size=limit)
            .source(False)
        )
        clauses = self._filter_clauses(filters)
        if clauses:
            # post_filter: the hits are filtered, the facet counts are not, so
            # each facet can apply the other facets' filters only.
            search = search.post_filter(Q("bool", filter=clauses))
        for facet in FACETS:
            others = self._filter_clauses(
                {k: v for k, v in filters.items() if k != facet}
            )
            bucket = search.aggs.bucket(
                facet, "filter", Q("bool", filter=others) if others else Q("match_all")
            )
            bucket.bucket("values", "terms", field=facet, size=200)
        ordering = {
            "price-asc": [{"price_value": {"order": "asc", "missing": "_last"}}],
            "price-desc": [{"price_value": {"order": "desc", "missing": "_last"}}],
            "newest": [{"date_created": "desc"}],
        }.get(sort) or (
            ["_score", {"popularity": "desc"}] if tokens else [{"popularity": "desc"}]
        )
        search = search.sort(*ordering)
        try:
            response = search.execute()
        except NotFoundError:  # no index yet: nothing was ever indexed
            return BackendResult(ids=[], total=0, facets={f: {} for f in FACETS})
        facets = {
            facet: {
                b.key: b.doc_count
                for b in getattr(response.aggregations, facet).values.buckets
            }
            for facet in FACETS
        }
        return BackendResult(
            ids=[int(hit.meta.id) for hit in response.hits],
            total=response.hits.total.value,
            facets=facets,
        )

    def suggest(self, *, tokens, limit) -> list[int]:
        if not tokens:
            return []
        search = (
            Search(using=self.client, index=self.alias)
            .query(
                "match_bool_prefix",
                title_text={"query": " ".join(tokens), "operator": "and"},
            )
            .sort("_score", {"popularity": "desc"})
            .source(False)
            .extra(size=limit)
        )
        try:
            return [int(hit.meta.id) for hit in search.execute().hits]
        except NotFoundError:
            return []

    # --- Writes --------------------------------------------------------------

    def _create_index(self, name: str, **settings_overrides) -> None:
        self.client.indices.create(
            index=name,
            settings={**INDEX_SETTINGS, **settings_overrides},
            mappings=MAPPINGS,
        )

    def ensure_index(self) -> None:
        """Create the first index behind the alias if there is none yet."""
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            self._create_index(name)
            self.client.indices.put_alias(index=name, name=self.alias)

    def _new_index_name(self) -> str:
        return f"{self.alias}_{time.time_ns() // 1000}"

    def index(self, documents: list[ProductDocument]) -> None:
        if not documents:
            return
        self.ensure_index()
        bulk(
            self.client,
            (
                {"_index": self.alias, "_id": str(d.id), "_source": _source(d)}
                for d in documents
            ),
            # Searchable when the task ends: a shop's writes are few and small.
            refresh=True,
        )

    def remove(self, ids: list[int]) -> None:
        if not ids or not self.client.indices.exists_alias(name=self.alias):
            return
        bulk(
            self.client,
            ({"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in ids),
            refresh=True,
            raise_on_error=False,  # deleting what is not indexed is fine
        )

    def index_names(self) -> list[str]:
        """The concrete indices the alias points at."""
        try:
            return sorted(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def rebuild(
        self, documents: Iterable[ProductDocument], *, progress: Progress | None
    ) -> int:
        new = self._new_index_name()
        # No refreshes while bulk loading; one at the end.
        self._create_index(new, refresh_interval="-1")
        count = 0

        def actions():
            nonlocal count
            for d in documents:
                count += 1
                if progress and count % 500 == 0:
                    progress(count)
                yield {"_index": new, "_id": str(d.id), "_source": _source(d)}

        try:
            bulk(
                self.client.options(request_timeout=120),
                actions(),
                chunk_size=1000,
            )
            self.client.indices.put_settings(
                index=new, settings={"refresh_interval": "1s"}
            )
            self.client.indices.refresh(index=new)
        except Exception:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        if progress:
            progress(count)
        old = self.index_names()
        # One atomic call: the alias never points at nothing.
        self.client.indices.update_aliases(
            actions=[{"remove": {"index": name, "alias": self.alias}} for name in old]
            + [{"add": {"index": new, "alias": self.alias}}]
        )
        stale = [
            name
            for name in self.client.indices.get(
                index=f"{self.alias}_*", expand_wildcards="open,closed"
            )
            if name != new
        ]
        if stale:
            self.client.indices.delete(index=",".join(stale), ignore_unavailable=True)
        return count

    def drop(self) -> None:
        """Delete the alias's indices (tests and the benchmark clean up)."""
        self.client.indices.delete(
            index=f"{self.alias}_*", ignore_unavailable=True, allow_no_indices=True
        )
