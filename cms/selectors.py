"""Reads for the CMS pages and choosers.

Every product or shop a page shows goes through `catalogue.selectors` or
`artisans.selectors`, so what
was chosen once and has since been unpublished, or whose seller has been
suspended, simply drops out.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from oscar.core.loading import get_model

from artisans.models import Region
from artisans.selectors import seller_queryset_public
from catalogue.selectors import product_cards_for_ids, product_queryset_public
from marketplace.pagecache.pages import list_seller_tag, page_shows, seller_tag


def region_queryset() -> QuerySet:
    return Region.objects.order_by("code")


def craft_category_queryset() -> QuerySet:
    """The crafts: the roots of the catalogue's category tree."""
    Category = get_model("catalogue", "Category")
    return Category.objects.filter(depth=1).order_by("name")


def seller_trade_choices() -> list[str]:
    return list(
        seller_queryset_public()
        .order_by("trade")
        .values_list("trade", flat=True)
        .distinct()
    )


def products_public_in_order(*, product_ids: Iterable[int]) -> list:
    """The public products among `product_ids`, in the editor's order."""
    # As cards (price, seller, region, photos): the product grid shows them as
    # they are instead of fetching the same products again. A cached page
    # showing them goes stale when any of them changes, shown or not (one
    # published since appears).
    return product_cards_for_ids(
        ids=[pk for pk in product_ids if pk is not None],
        queryset=product_queryset_public(),
    )


def sellers_public_in_order(*, seller_ids: Iterable[int]) -> list:
    """The verified sellers among `seller_ids`, in the editor's order."""
    ids = [pk for pk in seller_ids if pk is not None]
    page_shows(*(seller_tag(pk) for pk in ids))
    sellers = {
        s.pk: s
        for s in seller_queryset_public().filter(pk__in=ids).select_related("region")
    }
    return [sellers[pk] for pk in ids if pk in sellers]


def products_public_of_sellers(*, seller_ids: Iterable[int], limit: int = 24):
    """What the given (public) sellers sell: a fair's "shop this fair"."""
    seller_ids = list(seller_ids)
    page_shows(*(list_seller_tag(pk) for pk in seller_ids))
    return (
        product_queryset_public()
        .filter(seller__in=seller_queryset_public().filter(pk__in=list(seller_ids)))
        .order_by("-popularity", "pk")[:limit]
    )


def products_public_of_region(*, region) -> QuerySet:
    return product_queryset_public().filter(region=region)


def fair_pages_filtered(
    *, fairs: QuerySet, region_slug: str = "", month: str = ""
) -> QuerySet:
    """Fairs of `region_slug` and running during `month` ("YYYY-MM"), if given.

    An unknown region or a malformed month filters nothing out rather than
    failing: these come from the query string.
    """
    if region_slug:
        fairs = fairs.filter(region__slug=region_slug)
    first_day = parse_month(month)
    if first_day:
        if first_day.month == 12:
            next_month = date(first_day.year + 1, 1, 1)
        else:
            next_month = date(first_day.year, first_day.month + 1, 1)
        # A fair runs during the month if it starts before the month ends and
        # ends after it begins.
        fairs = fairs.filter(Q(start_date__lt=next_month) & Q(end_date__gte=first_day))
    return fairs


def parse_month(month: str) -> date | None:
    try:
        year, number = (int(part) for part in month.split("-"))
        return date(year, number, 1)
    except (TypeError, ValueError, OverflowError):  # 10**23-01 overflows
        return None


@dataclass(frozen=True)
class CollectionPromotion:
    """A regional collection's promotion, as the figures pages compare it."""

    title: str
    region_id: int | None
    percent: Decimal
    starts_at: datetime
    ends_at: datetime
    # The Oscar range of the products the offer applied to.
    range_id: int


def collection_promotions(*, region=None, limit: int = 20) -> list[CollectionPromotion]:
    """The promotions that have started, the latest first (one query).

    One per offer: a collection's translations share theirs; the title is the
    one in the active language when there is one. `region`: that region's
    only; None: every region's.
    """
    # By name at call time: cms.models imports this module (its pages read
    # products through it).
    RegionalCollectionPage = get_model("cms", "RegionalCollectionPage")
    pages = (
        RegionalCollectionPage.objects.filter(
            offer__isnull=False,
            offer__start_datetime__lte=timezone.now(),
            offer__end_datetime__isnull=False,
            promotion_percent__isnull=False,
        )
        .select_related("offer__condition", "locale")
        .order_by("-offer__start_datetime", "offer_id", "pk")
    )
    if region is not None:
        pages = pages.filter(region=region)
    language = translation.get_language() or ""
    chosen: dict[int, object] = {}
    for page in pages:
        kept = chosen.get(page.offer_id)
        if kept is None or (
            kept.locale.language_code != language
            and page.locale.language_code == language
        ):
            chosen[page.offer_id] = page
    return [
        CollectionPromotion(
            title=page.title,
            region_id=page.region_id,
            percent=page.promotion_percent,
            starts_at=page.offer.start_datetime,
            ends_at=page.offer.end_datetime,
            range_id=page.offer.condition.range_id,
        )
        for page in list(chosen.values())[:limit]
    ]
