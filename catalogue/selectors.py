"""Reads of the handmade catalogue: browsing, filtering, product cards.

Every list here costs the same number of SQL queries whatever its length and
however many variants its products have: the price comes from one annotation
(the lowest price over the product's own stock records or, for a parent, over
its children's), the seller and region from joins, photos and materials from
one prefetch each.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.utils.functional import cached_property
from oscar.core.loading import get_model

from marketplace.pagecache.pages import page_shows, product_tag, seller_tag
from marketplace.translated import every_language

from .prices import lowest_price_expression

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Material = get_model("catalogue", "Material")
ModerationEvent = get_model("catalogue", "ModerationEvent")

SORTS = {
    "newest": ("-date_created", "-pk"),
    # The stored lowest price (`catalogue.prices`), down its index.
    "price-asc": ("lowest_price", "pk"),
    "price-desc": ("-lowest_price", "-pk"),
    "popularity": ("-popularity", "-pk"),
}
DEFAULT_SORT = "newest"


@dataclass(frozen=True)
class BrowseFilters:
    """What a shopper narrowed the catalogue to; every field is optional."""

    category: object | None = None
    region_slug: str = ""
    material_slug: str = ""
    seller_slug: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    availability: str = ""  # "made_to_order", "ready_to_ship" or ""
    sort: str = DEFAULT_SORT


def _sort_of(filters: BrowseFilters) -> str:
    """The list's sort: the one asked for when known, else the default."""
    return filters.sort if filters.sort in SORTS else DEFAULT_SORT


def product_queryset_public() -> QuerySet:
    """Products shoppers may see: published, canonical, of a verified seller."""
    return Product.objects.browsable()


def product_queryset_with_price(*, queryset: QuerySet | None = None) -> QuerySet:
    """Annotate `price_min`: a standalone's lowest price, or its children's."""
    queryset = Product.objects.all() if queryset is None else queryset
    return queryset.annotate(price_min=lowest_price_expression())


def product_cards(*, queryset: QuerySet) -> QuerySet:
    """What a product card shows, fetched in a constant number of queries."""
    return (
        product_queryset_with_price(queryset=queryset)
        .select_related("seller", "seller__region", "seller__registry_entry", "region")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("display_order")),
        )
    )


def product_list_browse(*, filters: BrowseFilters) -> QuerySet:
    """Ids of the products shoppers may browse, filtered and sorted as asked.

    Only ids: sorting narrow rows is cheap, and a price filter or sort reads
    the stored lowest price, not every product's stock records.
    `product_cards_for_ids` then fetches the cards of one page.
    """
    queryset = Product.objects.browsable()
    if filters.category is not None:
        # Exists, not a join: a product filed under two sub-crafts shows once.
        queryset = queryset.filter(
            Exists(
                ProductCategory.objects.filter(
                    product=OuterRef("pk"),
                    category__path__startswith=filters.category.path,
                )
            )
        )
    if filters.region_slug:
        queryset = queryset.filter(region__slug=filters.region_slug)
    if filters.material_slug:
        queryset = queryset.filter(materials__slug=filters.material_slug)
    if filters.seller_slug:
        queryset = queryset.filter(seller__slug=filters.seller_slug)
    if filters.availability == "made_to_order":
        queryset = queryset.filter(made_to_order=True)
    elif filters.availability == "ready_to_ship":
        queryset = queryset.filter(made_to_order=False)
    sort = _sort_of(filters)
    if filters.price_min is not None:
        queryset = queryset.filter(lowest_price__gte=filters.price_min)
    if filters.price_max is not None:
        queryset = queryset.filter(lowest_price__lte=filters.price_max)
    return queryset.order_by(*SORTS[sort]).values_list("pk", flat=True)


# A list sorted by price is read down the stored price's index, from the
# cheapest (or dearest) product of the whole catalogue. A narrow list (a
# craft, a region, a material, a shop) whose products sit at the other end of
# the prices would pass every other product first (the carpets, cheapest
# first, after 45,929 cheaper products at 100,000). So its page is first
# looked for among the PRICE_WALK_MAX products nearest that end of the index;
# only when it is not all there are the list's own products sorted, a cost
# bounded by the list's size instead of the catalogue's.
PRICE_WALK_MAX = 1000


def _narrowed(filters: BrowseFilters) -> bool:
    return bool(
        filters.category is not None
        or filters.region_slug
        or filters.material_slug
        or filters.seller_slug
        or filters.availability
    )


def product_list_page(*, filters: BrowseFilters, ids: QuerySet, index: slice) -> list:
    """The ids of `ids[index]`, `ids` being `product_list_browse(filters)`."""
    sort = _sort_of(filters)
    if not (sort.startswith("price") and _narrowed(filters)):
        return list(ids[index])
    start, stop = index.start or 0, index.stop
    if stop is not None and stop <= PRICE_WALK_MAX:
        # The list's products among the catalogue's nearest: in the same
        # order, the first of them are the list's first.
        nearest = (
            Product.objects.browsable()
            .order_by(*SORTS[sort])
            .values("pk")[:PRICE_WALK_MAX]
        )
        found = list(ids.filter(pk__in=nearest)[index])
        if len(found) == stop - start:
            return found
    # The list's own products, sorted (an expression: not down the index).
    price = ExpressionWrapper(
        F("lowest_price") + Value(Decimal(0)), output_field=DecimalField()
    )
    ordered = (price.desc(), "-pk") if sort == "price-desc" else (price.asc(), "pk")
    return list(ids.order_by(*ordered)[index])


class ProductCards(Sequence):
    """The cards of one page of products, in order, read only as far as needed.

    `refs()` reads each card's product and seller ids (one narrow query, no
    price nor photo); `rows(ids)` the full cards of some of them (their price,
    seller, region and photos: one query and one prefetch), for the cards the
    fragment cache did not keep (`catalogue_pictures.product_cards_html`).
    Iterating or indexing reads every card at once, as a list of
    `product_cards` rows. Its length is the number of refs.

    A page kept by the page cache shows them: it goes stale when one of them,
    or its seller, changes (`page_shows`, before their rows are read).
    """

    def __init__(self, *, ids, queryset: QuerySet):
        # Read when first needed: a kept part showing the cards may never.
        self._ids_given = ids
        self._queryset = queryset
        self._refs: list[tuple[int, int | None]] | None = None
        self._cards: list | None = None

    @cached_property
    def _ids(self) -> list:
        return list(self._ids_given)

    def refs(self) -> list[tuple[int, int | None]]:
        """(product id, seller id) of each card shown, in order."""
        if self._refs is None:
            page_shows(*(product_tag(pk) for pk in self._ids))
            # Unordered: the order is `ids`'. Ordered newest first, SQLite
            # walked every product down that index to find a search page's
            # 24 ids (13 ms a rendering at 100,000 products, 1 at 10,000).
            found = dict(
                self._queryset.filter(pk__in=self._ids)
                .order_by()
                .values_list("pk", "seller_id")
            )
            self._refs = [(pk, found[pk]) for pk in self._ids if pk in found]
            page_shows(*(seller_tag(seller) for _, seller in self._refs if seller))
        return self._refs

    def rows(self, ids) -> dict:
        """The full cards of these products (among the refs), by id."""
        ids = set(ids)
        if self._cards is not None:
            return {card.pk: card for card in self._cards if card.pk in ids}
        if not ids:
            return {}
        return (
            product_cards(queryset=self._queryset.filter(pk__in=ids))
            .order_by()
            .in_bulk()
        )

    def _all(self) -> list:
        if self._cards is None:
            if self._refs is None:  # no need of the narrow query first
                page_shows(*(product_tag(pk) for pk in self._ids))
                cards = self.rows(self._ids)
                self._refs = [
                    (pk, cards[pk].seller_id) for pk in self._ids if pk in cards
                ]
                page_shows(*(seller_tag(s) for _, s in self._refs if s))
            else:
                cards = self.rows(pk for pk, _ in self._refs)
            self._cards = [cards[pk] for pk, _ in self._refs if pk in cards]
        return self._cards

    def __len__(self) -> int:
        return len(self._cards if self._cards is not None else self.refs())

    def __getitem__(self, index):
        return self._all()[index]

    def __iter__(self):
        return iter(self._all())


def product_cards_for_ids(*, ids, queryset: QuerySet | None = None) -> ProductCards:
    """The cards of these products, in the order of `ids` (one page), among
    `queryset` (all products unless given: `product_queryset_public()`
    drops those that may no longer be shown); read when first needed
    (`ProductCards`)."""
    return ProductCards(
        ids=ids, queryset=Product.objects.all() if queryset is None else queryset
    )


# v2: names in every language (an older entry held one language)
CATEGORY_TREE_CACHE_KEY = "catalogue:browse-facets:v2"
CATEGORY_TREE_TIMEOUT = 300


def browse_facets() -> dict:
    """Crafts, regions and materials offered as filters; cached a few minutes.

    They change when staff edit the taxonomy, rarely; a stale list for five
    minutes costs less than three queries on every page view.
    """
    facets = cache.get(CATEGORY_TREE_CACHE_KEY)
    if facets is None:
        Region = get_model("artisans", "Region")
        # Names in every language (one cached entry): the form picks the page's.
        facets = {
            "crafts": [
                (c.pk, every_language(c, "name"), c.depth)
                for c in Category.objects.filter(is_public=True).order_by("path")
            ],
            "regions": [
                (region.slug, every_language(region, "name"))
                for region in Region.objects.all()
            ],
            "materials": [
                (material.slug, every_language(material, "name"))
                for material in Material.objects.all()
            ],
        }
        cache.set(CATEGORY_TREE_CACHE_KEY, facets, CATEGORY_TREE_TIMEOUT)
    return facets


def browse_facets_forget() -> None:
    cache.delete(CATEGORY_TREE_CACHE_KEY)


def product_page_queryset() -> QuerySet:
    """A product page's product as the view needs it (is it shown, where
    does it live, whose is it, has it options), without what its kept parts
    print: those read it onto the same product (`product_detail_read`) only
    when they are rendered.

    Oscar's `base_queryset()` for its `has_options` annotation (the basket
    form asks it first; a query of its own otherwise), without its
    prefetches: the page never reads the children or the options from a
    prefetch (a parent's public children and the options are queries of
    their own), and the rest is the parts' to read.
    """
    return (
        Product.objects.base_queryset()
        .prefetch_related(None)
        .select_related(
            "parent",
            "seller",
            "seller__region",
            "seller__registry_entry",
            "region",
        )
    )


# What a product page prints beside the product row: its photos, stock
# records, materials and attribute values (Oscar's page lists them, one query
# each otherwise). The attribute values are Oscar's own prefetch
# (`prefetch_attribute_values`), taken from the queryset that builds it:
# Django offers no public way to name a queryset's prefetches.
def _detail_lookups() -> list:
    return [
        "stockrecords",
        "images",
        "materials",
        *Product.objects.prefetch_attribute_values()._prefetch_related_lookups,
    ]


def product_detail_read(product):
    """`product` (from `product_page_queryset`) with what its page prints
    read onto it, once: the first part rendered reads it (the photo in the
    page's head, its data, its body), the others find it there; a page whose
    parts are all served kept reads nothing more than the view's row."""
    if not getattr(product, "_page_detail_read", False):
        prefetch_related_objects([product], *_detail_lookups())
        product._page_detail_read = True
    return product


def product_category_trail(product) -> list:
    """The crafts from the root down to the product's first public craft
    (its breadcrumbs), read once per product object: the page's breadcrumbs
    and its structured data both print them."""
    trail = getattr(product, "_category_trail", None)
    if trail is None:
        category = product.get_categories().first()
        trail = list(category.get_ancestors_and_self()) if category else []
        product._category_trail = trail
    return trail


def product_list_for_seller_storefront(*, seller) -> QuerySet:
    """A shop's public products as cards, for the storefront page."""
    return product_cards(
        queryset=Product.objects.browsable().filter(seller=seller)
    ).order_by("-date_created", "-pk")


def seller_moderation_events(*, seller) -> QuerySet:
    """Every moderation decision about `seller`'s products, newest first."""
    return ModerationEvent.objects.filter(seller=seller).select_related(
        "user", "product"
    )
