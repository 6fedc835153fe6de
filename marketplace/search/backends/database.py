"""Search in the database: SQLite (embedded default) or PostgreSQL.

Text is folded and stemmed in Python (`search.text`) before it is stored, so
both databases match the same words. PostgreSQL matches with its full-text
search: the stored tokens are cast to a weighted `tsvector` (GIN index) and the
query to a `tsquery`, and results are ranked by `ts_rank`. SQLite matches whole
words with LIKE on the space-padded token string and ranks title matches first.

Facets are keys "facet:value" in one column of the document row. A search
is two statements: the matching documents grouped by their facet keys (the
total and every facet's counts are summed from those few groups), and the
page. PostgreSQL filters on the keys through a GIN index, SQLite with LIKE.

Typo tolerance is Python-side on both: each query word also matches the words
of the indexed vocabulary (`SearchTerm`) within Elasticsearch's `AUTO` edit
distance and with the same first letter, as the Elasticsearch backend does with
`fuzziness: AUTO, prefix_length: 1`. (pg_trgm would only shortlist candidates
for the same edit-distance check, and SQLite has nothing like it.)
"""

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from ..documents import ProductDocument, facet_key
from ..models import ProductSearchDocument, SearchTerm
from ..text import edit_distance, max_edits
from .base import (
    FACETS,
    BackendResult,
    Filters,
    Progress,
    SearchBackend,
)

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


def _count_groups(
    groups: Iterable[tuple[str, int]], filters: Filters
) -> tuple[int, dict[str, dict[str, int]]]:
    """The total and the facet counts, from (facet keys, documents) groups.

    The keys are a document's `facet_keys` string.

    A group passes a facet's filter when it has one of the selected keys. The
    total counts the groups passing every filter; a facet without a selection
    counts those too, and a facet with one counts the groups passing the
    other facets' filters.
    """
    wanted = {
        facet: {facet_key(facet, v) for v in values}
        for facet, values in filters.items()
        if values
    }
    total = 0
    counts: dict[str, Counter] = {facet: Counter() for facet in FACETS}
    for joined, n in groups:
        keys = joined.split()
        failed = [
            facet for facet, selected in wanted.items() if selected.isdisjoint(keys)
        ]
        if len(failed) > 1:
            continue
        if not failed:
            total += n
        for key in keys:
            facet, _, value = key.partition(":")
            # Counted in the facet's context: every filter but its own passes.
            if facet in counts and (not failed or failed == [facet]):
                counts[facet][value] += n
    return total, {facet: dict(c) for facet, c in counts.items()}


class DatabaseBackend(SearchBackend):
    @property
    def postgres(self) -> bool:
        return connection.vendor == "postgresql"

    # --- Queries -------------------------------------------------------------

    def _groups(self, tokens: list[str], prefix_last: bool):
        """Each token with its typo variants (None: the last, as a prefix)."""
        groups = []
        for n, token in enumerate(tokens):
            if prefix_last and n == len(tokens) - 1:
                groups.append((token, None))
            else:
                groups.append((token, vocabulary.variants(token)))
        return groups

    def _tsquery(self, tokens: list[str], *, prefix_last: bool = False) -> str:
        parts = []
        for token, variants in self._groups(tokens, prefix_last):
            if variants is None:
                parts.append(f"{token}:*A")
            else:
                parts.append("(" + " | ".join(variants) + ")")
        return " & ".join(parts)

    def _matching(self, tokens: list[str], *, prefix_last: bool = False):
        """Documents having every token (or a typo variant of it), and a rank."""
        queryset = ProductSearchDocument.objects.all()
        if not tokens:
            return queryset, None
        if self.postgres:
            query = RawSQL(
                "%s::tsquery", (self._tsquery(tokens, prefix_last=prefix_last),)
            )
            matched = _TsMatch(F("vector"), query)
            rank = Func(
                F("vector"), query, function="ts_rank", output_field=FloatField()
            )
            return queryset.filter(matched), rank
        groups = self._groups(tokens, prefix_last)
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
        """SQLite: each facet's keys OR-ed, the facets AND-ed."""
        for facet, values in filters.items():
            if values:
                any_value = Q()
                for value in values:
                    key = facet_key(facet, value)
                    any_value |= Q(facet_keys__contains=f" {key} ")
                queryset = queryset.filter(any_value)
        return queryset

    def search(self, *, tokens, filters, sort, offset, limit) -> BackendResult:
        if self.postgres:
            return self._search_postgres(tokens, filters, sort, offset, limit)
        matching, rank = self._matching(tokens)
        total, facets = _count_groups(
            matching.values_list("facet_keys").annotate(n=Count("pk")).order_by(),
            filters,
        )
        results = self._filtered(matching, filters)
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
        return BackendResult(ids=ids, total=total, facets=facets)

    def _search_postgres(self, tokens, filters, sort, offset, limit) -> BackendResult:
        """Two statements: the page, and the facet counts.

        Counts: the documents matching the words grouped by their facet keys.
        Documents share few combinations of craft, region, materials, price
        range and flags (about 250 among the benchmark's 100,000), so this is
        one pass over the matches hashing one string per row, returning a few
        hundred groups; the total and every facet's counts, each under its
        own filters (a selected facet ignores its own selection: multi-select
        facets), are summed from the groups here.
        """
        where, params = [], {}
        if tokens:
            params["query"] = self._tsquery(tokens)
            where.append("vector @@ %(query)s::tsquery")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT facet_keys, count(*) FROM search_productsearchdocument"
                f" {'WHERE ' + where[0] if where else ''} GROUP BY facet_keys",
                params,
            )
            groups = cursor.fetchall()
            total, facets = _count_groups(groups, filters)
            matching_words = sum(n for _keys, n in groups)
            if not total or offset >= total:
                return BackendResult(ids=[], total=total, facets=facets)
            for facet, values in filters.items():
                if values:
                    params[f"keys_{facet}"] = [facet_key(facet, v) for v in values]
                    where.append(
                        f"string_to_array(facet_keys, ' ') && %(keys_{facet})s::text[]"
                    )
            rank = ""
            if sort in ("price-asc", "price-desc"):
                direction = "ASC" if sort == "price-asc" else "DESC"
                order = f"price {direction} NULLS LAST, product_id"
            elif sort == "newest":
                order = "date_created DESC, product_id DESC"
            elif tokens:
                rank = ", ts_rank(vector, %(query)s::tsquery) AS rank"
                order = "rank DESC, popularity DESC, product_id"
            else:
                order = "popularity DESC, product_id"
            params.update(limit=limit, offset=offset)
            rows = (
                f"SELECT product_id, price, popularity, date_created{rank}"
                " FROM search_productsearchdocument"
                f" {'WHERE ' + ' AND '.join(where) if where else ''}"
            )
            if total * 5 < matching_words:
                # The filters keep few of the matches. Walking the index of
                # the sort key until a page passes them could read most of the
                # table (the cheapest carpets cost more than most products),
                # and the planner, which assumes the filtered rows are spread
                # evenly, would do it: OFFSET 0 has the filtered rows found
                # first (GIN indexes), then only those sorted.
                rows = f"{rows} OFFSET 0"
            cursor.execute(
                f"SELECT product_id FROM ({rows}) AS found"
                f" ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s",
                params,
            )
            ids = [row[0] for row in cursor.fetchall()]
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
        words = set()
        for d in documents:
            words.update(d.title_text.split())
            words.update(d.body_text.split())
        if self.postgres:
            self._insert_postgres(documents)
        else:
            ProductSearchDocument.objects.bulk_create(
                [
                    ProductSearchDocument(
                        product_id=d.id,
                        title=d.title[:255],
                        title_text=_padded(d.title_text),
                        text=_padded(f"{d.title_text} {d.body_text}".strip()),
                        facet_keys=_padded(" ".join(d.facet_keys)),
                        price=d.price,
                        popularity=d.popularity,
                        date_created=d.date_created,
                    )
                    for d in documents
                ],
                batch_size=500,
            )
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=w[:100]) for w in words],
            batch_size=2000,
            ignore_conflicts=True,
        )
        vocabulary.invalidate()

    @staticmethod
    def _insert_postgres(documents: list[ProductDocument]) -> None:
        """One INSERT per batch, the vector computed in it (an UPDATE after
        the INSERT would leave a dead row version behind for each document).

        Title words weigh A, the rest B. Written as `word:position` so that
        the weights stick (PostgreSQL keeps weights with positions). The text
        columns stay empty: PostgreSQL matches on the vector alone.
        """
        columns = defaultdict(list)
        for d in documents:
            title_words = d.title_text.split()
            columns["id"].append(d.id)
            columns["title"].append(d.title[:255])
            columns["title_words"].append(_positioned(title_words, start=1))
            columns["body_words"].append(
                _positioned(d.body_text.split(), start=len(title_words) + 1)
            )
            columns["keys"].append(_padded(" ".join(d.facet_keys)))
            columns["price"].append(d.price)
            columns["popularity"].append(d.popularity)
            columns["created"].append(d.date_created)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_productsearchdocument (product_id, title,"
                " title_text, text, vector, facet_keys, price, popularity,"
                " date_created)"
                " SELECT v.id, v.title, '', '',"
                " setweight(v.title_words::tsvector, 'A')"
                " || setweight(v.body_words::tsvector, 'B'),"
                " v.keys, v.price, v.popularity, v.created"
                " FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[],"
                " %s::text[], %s::numeric[], %s::int[], %s::timestamptz[])"
                " AS v(id, title, title_words, body_words, keys, price,"
                " popularity, created)",
                [
                    columns[name]
                    for name in (
                        "id",
                        "title",
                        "title_words",
                        "body_words",
                        "keys",
                        "price",
                        "popularity",
                        "created",
                    )
                ],
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
        if self.postgres and not connection.in_atomic_block:
            # Every row was deleted and written again: reclaim the old
            # versions now (a search scanning the table would read them until
            # autovacuum comes) and give the planner fresh statistics.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE) search_productsearchdocument")
        return count
