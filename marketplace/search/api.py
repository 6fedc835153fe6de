"""The product search interface: one API, the backend chosen by SEARCH_BACKEND.

Reads: `product_search`, `product_suggest`. Writes (called by the index tasks
and `rebuild_search_index`): `index_products`, `remove_products`,
`rebuild_index`. Only products a shopper can buy are ever indexed (see
`documents.build_documents`).

The search engine may go away; the shop keeps selling. With Elasticsearch
configured, the database backend's index is written too (first: it is local),
and a read that Elasticsearch cannot answer (`BackendUnavailable`) is answered
from it, with a warning in the log. After such a failure reads go straight to
the database for `SEARCH_RETRY_AFTER` seconds, so that an engine that hangs
costs one request its timeout, not every request. `SEARCH_DATABASE_FALLBACK =
False` switches the copy and the fallback off.
"""

import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from artisans.models import Region
from catalogue.selectors import product_cards_for_ids
from marketplace.pagecache.pages import LIST_ALL, fragment_kept

from .backends.base import (
    FACETS,
    SORTS,
    BackendResult,
    BackendUnavailable,
    Filters,
    Progress,
    SearchBackend,
)
from .backends.database import DatabaseBackend
from .documents import PRICE_RANGES, build_documents, iter_all_documents
from .text import tokens
from .translated import localized

logger = logging.getLogger(__name__)

FACET_LABELS = {
    "craft": _("Craft"),
    "region": _("Region"),
    "material": _("Material"),
    "price": _("Price"),
    "ready": _("Ready to ship"),
    "verified": _("Verified artisan"),
}
SORT_LABELS = {
    "relevance": _("Relevance"),
    "price-asc": _("Price, low to high"),
    "price-desc": _("Price, high to low"),
    "newest": _("Newest"),
}


def get_backend() -> SearchBackend:
    name = settings.SEARCH_BACKEND
    if name == "database":
        return DatabaseBackend()
    if name == "elasticsearch":
        # Only when chosen: the Elasticsearch client is not needed otherwise.
        from .backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be 'database' or 'elasticsearch', not {name!r}."
    )


def _fallback() -> DatabaseBackend | None:
    """The database backend, when another one is primary and kept copied."""
    if settings.SEARCH_BACKEND == "database" or not settings.SEARCH_DATABASE_FALLBACK:
        return None
    return DatabaseBackend()


# When each search engine (by address) may be asked again after it failed.
_down_until: dict[str, float] = {}
_down_lock = threading.Lock()


def _read(what: str, run: Callable[[SearchBackend], object]):
    """`run` on the configured backend, or on the database if it is down."""
    fallback = _fallback()
    if fallback is None:
        return run(get_backend())
    where = f"{settings.SEARCH_BACKEND} {settings.ELASTICSEARCH_URL}"
    if _down_until.get(where, 0) > time.monotonic():
        logger.info("Search engine %s down: %s from the database", where, what)
        return run(fallback)
    try:
        result = run(get_backend())
    except BackendUnavailable as error:
        with _down_lock:
            _down_until[where] = time.monotonic() + settings.SEARCH_RETRY_AFTER
        logger.warning(
            "Search engine %s unreachable, %s answered from the database: %s",
            where,
            what,
            error,
        )
        return run(fallback)
    _down_until.pop(where, None)
    return result


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]


@dataclass
class SearchResult:
    query: str
    products: list
    total: int
    page: int
    page_size: int
    sort: str
    filters: Filters
    facets: list[Facet] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [p.pk for p in self.products]

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    def facet(self, name: str) -> Facet:
        return next(f for f in self.facets if f.name == name)


def clean_filters(filters: dict | None) -> Filters:
    """Keep known facets; values as a sorted tuple of strings."""
    cleaned = {}
    for facet, values in (filters or {}).items():
        if facet in FACETS and values:
            if isinstance(values, str | bool | int):
                values = [values]
            cleaned[facet] = tuple(
                sorted({"1" if v is True else str(v) for v in values if v})
            )
    return {k: v for k, v in cleaned.items() if v}


def _load_products(ids: list[int]) -> list:
    """The products as the catalogue's cards, in the given order.

    A fixed number of queries whatever the page size: the cards carry their
    price (`price_min`), seller, region and photos, so the page's product
    grid uses them as they are instead of fetching or pricing each card.
    """
    Product = get_model("catalogue", "Product")
    return product_cards_for_ids(ids=ids, queryset=Product.objects.browsable())


def _labels(facet: str, keys: Iterable[str]) -> dict[str, str]:
    keys = list(keys)
    models = {
        "craft": get_model("catalogue", "Category"),
        "material": get_model("catalogue", "Material"),
        "region": Region,
    }
    if facet in models:
        language = get_language()
        return {
            obj.slug: localized(obj, "name", language=language)
            for obj in models[facet].objects.filter(slug__in=keys)
        }
    if facet == "price":
        return {key: _price_label(key) for key in keys}
    return {"1": str(FACET_LABELS[facet])}


def _price_label(key: str) -> str:
    for k, low, high in PRICE_RANGES:
        if k == key:
            if low is None:
                return str(_("Under %(high)s MAD") % {"high": high})
            if high is None:
                return str(_("%(low)s MAD and more") % {"low": low})
            return str(_("%(low)s to %(high)s MAD") % {"low": low, "high": high})
    return key


def _facets(counts: dict[str, dict[str, int]], filters: Filters) -> list[Facet]:
    facets = []
    for name in FACETS:
        values = counts.get(name, {})
        selected = set(filters.get(name, ()))
        keys = set(values) | selected
        labels = _labels(name, keys)
        if name == "price":
            order = [k for k, _low, _high in PRICE_RANGES]
            keys_sorted = sorted(
                keys, key=lambda k: order.index(k) if k in order else 99
            )
        else:
            keys_sorted = sorted(
                keys, key=lambda k: (-values.get(k, 0), labels.get(k, k))
            )
        facets.append(
            Facet(
                name=name,
                label=str(FACET_LABELS[name]),
                values=[
                    FacetValue(
                        key=k,
                        label=labels.get(k, k),
                        count=values.get(k, 0),
                        selected=k in selected,
                    )
                    for k in keys_sorted
                ],
            )
        )
    return facets


def product_search(
    *,
    query: str = "",
    filters: dict | None = None,
    sort: str = "relevance",
    page: int = 1,
    page_size: int = 24,
) -> SearchResult:
    """Products that can be bought matching the words and the facet filters."""
    filters = clean_filters(filters)
    sort = sort if sort in SORTS else "relevance"
    page = max(1, page)
    words = tokens(query)

    def answer() -> tuple[BackendResult, list[Facet]]:
        result = _read(
            "a search",
            lambda backend: backend.search(
                tokens=words,
                filters=filters,
                sort=sort,
                offset=(page - 1) * page_size,
                limit=page_size,
            ),
        )
        return result, _facets(result.facets, filters)

    # The index's answer and its facets' labels, kept between renderings:
    # every index update and every write to what the facets name moves the
    # catalogue's list version or the site's (marketplace/pagecache/).
    result, facets = fragment_kept(
        "search",
        (words, sorted(filters.items()), sort, page, page_size, get_language()),
        tags=[LIST_ALL],
        make=answer,
    )
    return SearchResult(
        query=query,
        products=_load_products(result.ids),
        total=result.total,
        page=page,
        page_size=page_size,
        sort=sort,
        filters=filters,
        facets=facets,
    )


def product_suggest(*, prefix: str, limit: int = 8) -> list[dict]:
    """Titles (in the visitor's language) and addresses of products whose
    title, in any language, starts like the prefix."""
    words = tokens(prefix)
    ids = _read(
        "a suggestion", lambda backend: backend.suggest(tokens=words, limit=limit)
    )
    language = get_language()
    return [
        {
            "id": p.pk,
            "title": localized(p, "title", language=language),
            "url": p.get_absolute_url(),
        }
        for p in _load_products(ids)
    ]


def index_products(*, product_ids: Iterable[int]) -> dict[str, int]:
    """Bring the index in line with the database for these products.

    Products that can be bought are (re)indexed; the others (unpublished,
    out of stock, seller suspended, deleted) are removed.
    """
    product_ids = sorted(set(product_ids))
    documents = build_documents(product_ids)
    gone = [i for i in product_ids if i not in documents]
    # The database copy first: it is local, and an engine that is down must
    # not keep it stale (the task fails and is retried for the engine).
    for backend in _writers():
        backend.remove(gone)
        backend.index(list(documents.values()))
    return {"indexed": len(documents), "removed": len(gone)}


def _writers() -> list[SearchBackend]:
    fallback = _fallback()
    return [fallback, get_backend()] if fallback else [get_backend()]


def remove_products(*, product_ids: Iterable[int]) -> None:
    for backend in _writers():
        backend.remove(sorted(set(product_ids)))


def rebuild_index(*, progress: Progress | None = None) -> int:
    """Rebuild the whole index from the database, without downtime."""
    started = timezone.now()
    fallback = _fallback()
    if fallback is not None:
        fallback.rebuild(iter_all_documents(), progress=None)
    count = get_backend().rebuild(iter_all_documents(), progress=progress)
    # Updates made while the new index was filling went to the old one: replay
    # those of products and stock records (sellers carry no change date).
    Product = get_model("catalogue", "Product")
    StockRecord = get_model("partner", "StockRecord")
    changed = {
        parent or pk
        for pk, parent in Product.objects.filter(date_updated__gte=started).values_list(
            "pk", "parent_id"
        )
    } | {
        parent or pk
        for pk, parent in StockRecord.objects.filter(
            date_updated__gte=started
        ).values_list("product_id", "product__parent_id")
    }
    if changed:
        index_products(product_ids=changed)
    return count
