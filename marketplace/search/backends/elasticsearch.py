"""Search on Elasticsearch 8.

Searches and incremental updates go through an alias, `<prefix>_products`;
`rebuild()` fills a new timestamped index, force-merges it, switches the alias
to it in one atomic `_aliases` call and deletes the old index, so searches
never see an empty or half-built index. After a change of `MAPPINGS`,
existing deployments run `rebuild_search_index` once.

The product search is one `msearch` whose bodies are built here as plain
dicts, and whose answer is read through `filter_path` (ids, totals and
buckets only): it is the hot path, and elasticsearch-dsl's response objects
would wrap every hit and bucket. Suggestions go through elasticsearch-dsl.

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
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import bulk
from elasticsearch_dsl import Search

from ..documents import ProductDocument, facet_key
from .base import (
    FACETS,
    BackendResult,
    BackendUnavailable,
    Filters,
    Progress,
    SearchBackend,
)

MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "title": {"type": "keyword", "index": False},
        "title_text": {"type": "text", "analyzer": "whitespace"},
        "text": {"type": "text", "analyzer": "whitespace"},
        "price_value": {"type": "double"},
        "popularity": {"type": "integer"},
        "date_created": {"type": "date"},
        # Every facet value as "facet:value" in one field: one terms
        # aggregation counts all the facets in a single pass over the matches
        # (six aggregations cost six passes). Global ordinals are built at
        # refresh, not by the first search after it.
        "facet_keys": {"type": "keyword", "eager_global_ordinals": True},
    },
}
INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}
FUZZY = {"fuzziness": "AUTO", "prefix_length": 1}
# More buckets than there are facet values (crafts, regions, materials, price
# ranges and two flags): every value is counted.
FACET_BUCKETS = 2000


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
        "facet_keys": document.facet_keys,
    }


def _counts(buckets: list[dict], facets: Iterable[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {facet: {} for facet in facets}
    for bucket in buckets:
        facet, _, value = bucket["key"].partition(":")
        if facet in counts:
            counts[facet][value] = bucket["doc_count"]
    return counts


class _Unavailable:
    """Connection failures, timeouts and server errors of a read become
    `BackendUnavailable`: the engine is down, not the query wrong."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, tb):
        if error is None:
            return False
        if isinstance(error, TransportError) or (
            isinstance(error, ApiError) and error.status_code >= 500
        ):
            raise BackendUnavailable(str(error)) from error
        return False


class ElasticsearchBackend(SearchBackend):
    def __init__(self, *, url: str | None = None, prefix: str | None = None):
        self.client = _client(url or settings.ELASTICSEARCH_URL)
        self.alias = f"{prefix or settings.ELASTICSEARCH_INDEX_PREFIX}_products"

    @property
    def reader(self) -> Elasticsearch:
        """The client for a shopper's read: a short timeout and no retries,
        the database answers instead (search.api)."""
        return self.client.options(
            request_timeout=settings.ELASTICSEARCH_SEARCH_TIMEOUT,
            max_retries=0,
            retry_on_timeout=False,
        )

    @property
    def writer(self) -> Elasticsearch:
        """The client for an index update (a task): a bounded wait and no
        retries. The outbox retries a failed update later, with a growing
        delay; a worker waiting minutes on a node that is gone (30 s, retried
        three times) takes no other job meanwhile, e-mails included."""
        return self.client.options(
            request_timeout=settings.ELASTICSEARCH_WRITE_TIMEOUT,
            max_retries=0,
            retry_on_timeout=False,
        )

    @staticmethod
    def _server_wait() -> str:
        """How long Elasticsearch itself may wait for a shard to write to."""
        return f"{max(1, int(settings.ELASTICSEARCH_WRITE_TIMEOUT))}s"

    # --- Queries -------------------------------------------------------------

    @staticmethod
    def _matching(tokens: list[str]) -> dict | None:
        """Every word or a typo variant of it; None when there are no words."""
        if not tokens:
            return None
        words = " ".join(tokens)
        return {"match": {"text": {"query": words, "operator": "and", **FUZZY}}}

    def _text_query(self, tokens: list[str], filters: list[dict]) -> dict:
        matching = self._matching(tokens)
        if matching is None:
            return {"bool": {"filter": filters}} if filters else {"match_all": {}}
        words = " ".join(tokens)
        return {
            "bool": {
                "must": [matching],
                # Title words count double, exact words more than typo variants.
                "should": [
                    {"match": {"title_text": {"query": words, "boost": 2.0, **FUZZY}}},
                    {"match": {"text": {"query": words, "operator": "and"}}},
                ],
                "filter": filters,
            }
        }

    @staticmethod
    def _filter_clauses(filters: Filters) -> list[dict]:
        return [
            {"terms": {"facet_keys": [facet_key(facet, v) for v in values]}}
            for facet, values in filters.items()
            if values
        ]

    def search(self, *, tokens, filters, sort, offset, limit) -> BackendResult:
        # One round trip (msearch), one search per facet context, each run by
        # Lucene as an ordinary query over the postings (a `global` or
        # `filter` aggregation would test every document of the index or of
        # the text matches instead). The first search has every filter in its
        # query, in filter context: hits, total, and the counts of the facets
        # without a selection. A facet with a selection is counted under the
        # other facets' filters only (multi-select facets): a `size: 0`
        # search, which the shard request cache keeps until the next refresh,
        # so paging and re-sorting do not count it again.
        selected = [facet for facet in FACETS if filters.get(facet)]
        ordering = {
            "price-asc": [{"price_value": {"order": "asc", "missing": "_last"}}],
            "price-desc": [{"price_value": {"order": "desc", "missing": "_last"}}],
            "newest": [{"date_created": "desc"}],
        }.get(sort) or (
            ["_score", {"popularity": "desc"}] if tokens else [{"popularity": "desc"}]
        )
        searches: list[dict] = [
            {"index": self.alias},
            {
                "query": self._text_query(tokens, self._filter_clauses(filters)),
                "aggs": {
                    "facets": {"terms": {"field": "facet_keys", "size": FACET_BUCKETS}}
                },
                "sort": ordering,
                "from": offset,
                "size": limit,
                "_source": False,
                "track_total_hits": True,
            },
        ]
        matching = self._matching(tokens)
        for facet in selected:
            context = self._filter_clauses(
                {k: v for k, v in filters.items() if k != facet}
            )
            if matching is not None:
                context.append(matching)
            searches += [
                {"index": self.alias, "request_cache": True},
                {
                    "query": {"bool": {"filter": context}},
                    "aggs": {
                        "facets": {
                            "terms": {
                                "field": "facet_keys",
                                "include": f"{facet}:.*",
                                "size": FACET_BUCKETS,
                            }
                        }
                    },
                    "size": 0,
                    "track_total_hits": False,
                },
            ]
        with _Unavailable():
            responses = self.reader.msearch(
                searches=searches,
                # Only what is read below travels back.
                filter_path="responses.hits.total.value,responses.hits.hits._id,"
                "responses.aggregations,responses.status,responses.error.type",
            )["responses"]
        if any(r.get("status") == 404 for r in responses):
            # No index yet: nothing was ever indexed.
            return BackendResult(ids=[], total=0, facets={f: {} for f in FACETS})
        for response in responses:
            if "error" in response:
                raise BackendUnavailable(
                    f"msearch: {response['status']} {response['error']['type']}"
                )
        first = responses[0]
        facets = _counts(
            first["aggregations"]["facets"]["buckets"],
            [facet for facet in FACETS if facet not in selected],
        )
        for facet, response in zip(selected, responses[1:], strict=True):
            facets.update(
                _counts(response["aggregations"]["facets"]["buckets"], [facet])
            )
        return BackendResult(
            ids=[int(hit["_id"]) for hit in first["hits"].get("hits", [])],
            total=first["hits"]["total"]["value"],
            facets=facets,
        )

    def suggest(self, *, tokens, limit) -> list[int]:
        if not tokens:
            return []
        search = (
            Search(using=self.reader, index=self.alias)
            .query(
                "match_bool_prefix",
                title_text={"query": " ".join(tokens), "operator": "and"},
            )
            .sort("_score", {"popularity": "desc"})
            .source(False)
            .extra(size=limit)
        )
        try:
            with _Unavailable():
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
        if not self.writer.indices.exists_alias(name=self.alias):
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
            self.writer,
            (
                {"_index": self.alias, "_id": str(d.id), "_source": _source(d)}
                for d in documents
            ),
            # Searchable when the task ends: a shop's writes are few and small.
            refresh=True,
            timeout=self._server_wait(),
        )

    def remove(self, ids: list[int]) -> None:
        if not ids or not self.writer.indices.exists_alias(name=self.alias):
            return
        bulk(
            self.writer,
            ({"_op_type": "delete", "_index": self.alias, "_id": str(i)} for i in ids),
            refresh=True,
            raise_on_error=False,  # deleting what is not indexed is fine
            timeout=self._server_wait(),
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
            # One segment: the index is read far more than written, and a
            # search then walks one term dictionary and one set of doc values.
            self.client.options(request_timeout=600).indices.forcemerge(
                index=new, max_num_segments=1
            )
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

    def reusable(self, *, count: int) -> bool:
        """The alias's index has `count` documents and the current mappings
        (the benchmark reuses such an index between runs)."""
        names = self.index_names()
        if len(names) != 1:
            return False
        mapping = self.client.indices.get_mapping(index=names[0])[names[0]]
        return (
            mapping["mappings"] == MAPPINGS
            and self.client.count(index=names[0])["count"] == count
        )

    def drop(self) -> None:
        """Delete the alias's indices (tests and the benchmark clean up)."""
        self.client.indices.delete(
            index=f"{self.alias}_*", ignore_unavailable=True, allow_no_indices=True
        )
