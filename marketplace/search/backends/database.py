"""Search in the database: SQLite (embedded default) or PostgreSQL.

Text is folded and stemmed in Python (`search.text`) before it is stored, so
both databases match the same words. PostgreSQL matches with its full-text
search: the stored tokens are cast to a weighted `tsvector` (GIN index) and the
query to a `tsquery`, and results are ranked by `ts_rank`. SQLite matches whole
words with LIKE on the space-padded token string and ranks title matches first.

Typo tolerance is Python-side on both: each query word also matches the words
of the indexed vocabulary (`SearchTerm`) within Elasticsearch's `AUTO` edit
distance and with the same first letter, as the Elasticsearch backend does with
`fuzziness: AUTO, prefix_length: 1`. (pg_trgm would only shortlist candidates
for the same edit-distance check, and SQLite has nothing like it.)
"""

import threading
import time
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from ..documents import ProductDocument
from ..models import ProductSearchDocument, ProductSearchFacet, SearchTerm
from ..text import edit_distance, max_edits
from .base import BackendResult, Filters, Progress, SearchBackend, facet_contexts

MAX_VARIANTS = 12
VOCABULARY_TTL = 60.0  # seconds another process may go on with an older vocabulary


class _Vocabulary:
    """The indexed words by first letter, kept in memory for typo matching."""

    def __init__(self):
        self._lock = threading.Lock()
        self._terms: dict[str, list[str]] | None = None
        self._loaded_at = 0.0

    def invalidate(self) -> None:
        self._terms = None

    def by_initial(self) -> dict[str, list[str]]:
        terms = self._terms
        if terms is None or time.monotonic() - self._loaded_at > VOCABULARY_TTL:
            with self._lock:
                terms = defaultdict(list)
                for term in SearchTerm.objects.values_list("term", flat=True):
                    terms[term[0]].append(term)
                self._terms, self._loaded_at = terms, time.monotonic()
        return terms

    def variants(self, token: str) -> list[str]:
        """The token and the indexed words within its typo distance."""
        limit = max_edits(token)
        if not limit:
            return [token]
        scored = []
        for term in self.by_initial().get(token[0], ()):
            if term != token and abs(len(term) - len(token)) <= limit:
                distance = edit_distance(token, term, limit)
                if distance <= limit:
                    scored.append((distance, term))
        return [token] + [term for _, term in sorted(scored)[:MAX_VARIANTS]]


vocabulary = _Vocabulary()


class _TsMatch(Func):
    """`vector @@ query`: a condition, usable in subqueries (no table name)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _positioned(words: list[str], *, start: int) -> str:
    # Tokens are word characters only (search.text): nothing to quote.
    return " ".join(f"{w}:{min(start + n, 16383)}" for n, w in enumerate(words))


def _padded(text: str) -> str:
    return f" {text} " if text else " "


class DatabaseBackend(SearchBackend):
    @property
    def postgres(self) -> bool:
        return connection.vendor == "postgresql"

    # --- Queries -------------------------------------------------------------

    def _matching(self, tokens: list[str], *, prefix_last: bool = False):
        """Documents having every token (or a typo variant of it), and a rank."""
        queryset = ProductSearchDocument.objects.all()
        if not tokens:
            return queryset, None
        groups = []
        for n, token in enumerate(tokens):
            if prefix_last and n == len(tokens) - 1:
                groups.append((token, None))
            else:
                groups.append((token, vocabulary.variants(token)))
        if self.postgres:
            parts = []
            for token, variants in groups:
                if variants is None:
                    parts.append(f"{token}:*A")
                else:
                    parts.append("(" + " | ".join(variants) + ")")
            tsquery = " & ".join(parts)
            query = RawSQL("%s::tsquery", (tsquery,))
            matched = _TsMatch(F("vector"), query)
            rank = Func(
                F("vector"), query, function="ts_rank", output_field=FloatField()
            )
            return queryset.filter(matched), rank
        condition = Q()
        title_hits = []
        for token, variants in groups:
            if variants is None:
                condition &= Q(title_text__contains=f" {token}")
                continue
            any_variant = Q()
            in_title = Q()
            for variant in variants:
                any_variant |= Q(text__contains=f" {variant} ")
                in_title |= Q(title_text__contains=f" {variant} ")
            condition &= any_variant
            title_hits.append(
                Case(
                    When(in_title, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        rank = sum(title_hits, Value(0)) if title_hits else None
        return queryset.filter(condition), rank

    @staticmethod
    def _filtered(queryset, filters: Filters):
        for facet, values in filters.items():
            if values:
                queryset = queryset.filter(
                    Exists(
                        ProductSearchFacet.objects.filter(
                            document=OuterRef("pk"), facet=facet, value__in=values
                        )
                    )
                )
        return queryset

    def search(self, *, tokens, filters, sort, offset, limit) -> BackendResult:
        matching, rank = self._matching(tokens)
        results = self._filtered(matching, filters)
        total = results.count()
        ordering = {
            "price-asc": [F("price").asc(nulls_last=True), "pk"],
            "price-desc": [F("price").desc(nulls_last=True), "pk"],
            "newest": ["-date_created", "-pk"],
        }.get(sort)
        if ordering is None:  # relevance
            if rank is not None:
                results = results.annotate(rank=rank)
                ordering = ["-rank", "-popularity", "pk"]
            else:
                ordering = ["-popularity", "pk"]
        ids = list(
            results.order_by(*ordering).values_list("pk", flat=True)[
                offset : offset + limit
            ]
        )
        facets: dict[str, dict[str, int]] = {}
        for names, context_filters in facet_contexts(filters):
            documents = self._filtered(matching, context_filters)
            rows = (
                ProductSearchFacet.objects.filter(
                    facet__in=names, document__in=documents.values("pk")
                )
                .values_list("facet", "value")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for facet in names:
                facets[facet] = {}
            for facet, value, n in rows:
                facets[facet][value] = n
        return BackendResult(ids=ids, total=total, facets=facets)

    def suggest(self, *, tokens, limit) -> list[int]:
        if not tokens:
            return []
        matching, _ = self._matching(tokens, prefix_last=True)
        return list(
            matching.order_by("-popularity", "pk").values_list("pk", flat=True)[:limit]
        )

    # --- Writes --------------------------------------------------------------

    def index(self, documents: list[ProductDocument]) -> None:
        if not documents:
            return
        with transaction.atomic():
            ids = [d.id for d in documents]
            ProductSearchDocument.objects.filter(pk__in=ids).delete()
            self._insert(documents)

    def _insert(self, documents: list[ProductDocument]) -> None:
        rows, facets, words, vectors = [], [], set(), []
        for d in documents:
            title_text = d.title_text
            body_text = d.body_text
            text = f"{title_text} {body_text}".strip()
            words.update(text.split())
            vectors.append((d.id, title_text, body_text))
            rows.append(
                ProductSearchDocument(
                    product_id=d.id,
                    title=d.title[:255],
                    title_text=_padded(title_text),
                    text=_padded(text),
                    price=d.price,
                    popularity=d.popularity,
                    date_created=d.date_created,
                )
            )
            for facet, values in d.facets.items():
                facets.extend(
                    ProductSearchFacet(document_id=d.id, facet=facet, value=v)
                    for v in values
                )
        ProductSearchDocument.objects.bulk_create(rows, batch_size=500)
        ProductSearchFacet.objects.bulk_create(facets, batch_size=2000)
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=w[:100]) for w in words],
            batch_size=2000,
            ignore_conflicts=True,
        )
        if self.postgres:
            self._write_vectors(vectors)
        vocabulary.invalidate()

    @staticmethod
    def _write_vectors(vectors: list[tuple[int, str, str]]) -> None:
        """Title words weigh A, the rest B. Written as `word:position` so
        that the weights stick (PostgreSQL keeps weights with positions)."""
        ids, titles, bodies = [], [], []
        for product_id, title_text, body_text in vectors:
            title_words = title_text.split()
            ids.append(product_id)
            titles.append(_positioned(title_words, start=1))
            bodies.append(_positioned(body_text.split(), start=len(title_words) + 1))
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_productsearchdocument AS d SET vector ="
                " setweight(v.title::tsvector, 'A')"
                " || setweight(v.body::tsvector, 'B')"
                " FROM unnest(%s::int[], %s::text[], %s::text[])"
                " AS v(id, title, body) WHERE d.product_id = v.id",
                [ids, titles, bodies],
            )

    def remove(self, ids: list[int]) -> None:
        ProductSearchDocument.objects.filter(pk__in=list(ids)).delete()

    def rebuild(
        self, documents: Iterable[ProductDocument], *, progress: Progress | None
    ) -> int:
        # One transaction: readers keep seeing the old rows until the commit,
        # so searches go on during the rebuild.
        count = 0
        with transaction.atomic():
            ProductSearchFacet.objects.all().delete()
            ProductSearchDocument.objects.all().delete()
            batch: list[ProductDocument] = []
            for document in documents:
                batch.append(document)
                if len(batch) == 500:
                    self._insert(batch)
                    count += len(batch)
                    batch = []
                    if progress:
                        progress(count)
            if batch:
                self._insert(batch)
                count += len(batch)
                if progress:
                    progress(count)
        return count
