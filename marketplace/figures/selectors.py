"""Reads of the figures: how a shop, a region or the marketplace is doing.

What counts as a sale: a seller's part of an order (marketplace/sellerorders)
that is not cancelled, of an order that is confirmed (a card payment Stripe
confirmed, or a cash order its shopper confirmed); its day is the day the
order was placed, in the shop's time zone. Sales are the parts' lines in
dirhams, discounts deducted, shipping left out. Views are the folded
`ProductViewDay` rows (today's are folded every few minutes).

Every selector costs a fixed number of queries, whatever the period or the
number of products: totals and series are grouped by the database, the
promotions' comparisons are one aggregate.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Substr, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from artisans.models import Seller
from cms.selectors import collection_promotions
from marketplace.orders.status import STATUS_CONFIRMED
from marketplace.sellerorders.models import OrderSellerPart

from .models import ProductViewDay

Category = get_model("catalogue", "Category")
Region = get_model("artisans", "Region")
Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
RangeProduct = get_model("offer", "RangeProduct")

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")
TOP_PRODUCTS = 10


@dataclass(frozen=True)
class Period:
    """7 days, 30 days or 12 months, ending today."""

    key: str
    label: str
    days: int = 0
    months: int = 0

    @property
    def monthly(self) -> bool:
        return bool(self.months)

    def bounds(self, *, today: date) -> tuple[date, date]:
        """The first and last day, both included."""
        if self.monthly:
            month = today.month - self.months + 1
            year = today.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            return date(year, month, 1), today
        return today - timedelta(days=self.days - 1), today

    def buckets(self, *, today: date) -> list[date]:
        """The first day of each bar of the series, oldest first."""
        start, end = self.bounds(today=today)
        if not self.monthly:
            return [start + timedelta(days=n) for n in range((end - start).days + 1)]
        found, day = [], start
        while day <= end:
            found.append(day)
            day += timedelta(days=calendar.monthrange(day.year, day.month)[1])
        return found


PERIODS = {
    "7d": Period("7d", _("7 days"), days=7),
    "30d": Period("30d", _("30 days"), days=30),
    "12m": Period("12m", _("12 months"), months=12),
}
DEFAULT_PERIOD = "30d"


def period_get(key: str | None) -> Period:
    return PERIODS.get(key or "", PERIODS[DEFAULT_PERIOD])


@dataclass
class Point:
    """One bar of a time series."""

    day: date
    sales: Decimal = ZERO
    orders: int = 0
    views: int = 0


@dataclass
class TopProduct:
    product_id: int | None
    title: str
    units: int
    sales: Decimal
    views: int = 0


@dataclass
class SellerFigures:
    period: Period
    start: date
    end: date
    sales: Decimal
    orders: int
    units: int
    views: int
    visitors: int
    series: list[Point]
    top_products: list[TopProduct]

    @property
    def average_basket(self) -> Decimal | None:
        if not self.orders:
            return None
        return (self.sales / self.orders).quantize(CENT, ROUND_HALF_UP)

    @property
    def conversion_percent(self) -> Decimal | None:
        """Orders per hundred product views."""
        if not self.views:
            return None
        return (Decimal(self.orders) * 100 / self.views).quantize(TENTH, ROUND_HALF_UP)


@dataclass
class Share:
    """One row of a breakdown (a craft, a province, a status)."""

    key: str
    label: str
    products: int = 0
    sales: Decimal = ZERO
    units: int = 0
    sellers: int = 0


@dataclass
class PromotionEffect:
    title: str
    percent: Decimal
    starts_at: datetime
    ends_at: datetime
    # The compared windows: the offer (up to now if it runs on), and as long
    # just before it.
    during_from: datetime
    during_to: datetime
    before_from: datetime
    sales_during: Decimal = ZERO
    sales_before: Decimal = ZERO
    units_during: int = 0
    units_before: int = 0

    @property
    def running(self) -> bool:
        return self.during_to < self.ends_at

    @property
    def change_percent(self) -> Decimal | None:
        if not self.sales_before:
            return None
        change = (self.sales_during - self.sales_before) * 100 / self.sales_before
        return change.quantize(TENTH, ROUND_HALF_UP)


@dataclass
class RegionFigures:
    period: Period
    start: date
    end: date
    sales: Decimal
    orders: int
    units: int
    series: list[Point]
    sellers_by_status: list[Share]
    by_craft: list[Share]
    by_province: list[Share]
    promotions: list[PromotionEffect] = field(default_factory=list)


# --- The building blocks -----------------------------------------------------


def _window(period: Period, *, today: date) -> tuple[date, date, datetime, datetime]:
    start, end = period.bounds(today=today)
    zone = timezone.get_current_timezone()
    return (
        start,
        end,
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


def _sold_parts():
    """The parts that count as sales (the module's docstring)."""
    return OrderSellerPart.objects.filter(order__status=STATUS_CONFIRMED).exclude(
        status=OrderSellerPart.Status.CANCELLED
    )


def _sold_lines():
    """Order lines of the parts that count as sales."""
    parts = _sold_parts().filter(
        order_id=OuterRef("order_id"), seller__partner_id=OuterRef("partner_id")
    )
    return Line.objects.filter(Exists(parts))


def _bucket(period: Period, lookup: str, *, moment: bool):
    """The first day of the bar `lookup` falls in; `moment`: a datetime."""
    if moment:
        trunc = TruncMonth if period.monthly else TruncDate
        return trunc(lookup, tzinfo=timezone.get_current_timezone())
    return TruncMonth(lookup) if period.monthly else F(lookup)


def _money(value) -> Decimal:
    """Dirhams to the centime (SQLite's sums lose the decimal places)."""
    return Decimal(value or 0).quantize(CENT, ROUND_HALF_UP)


def _as_day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _series(period: Period, *, today: date, sales_rows, views_rows=()) -> list[Point]:
    points = {day: Point(day=day) for day in period.buckets(today=today)}
    for row in sales_rows:
        point = points.get(_as_day(row["bucket"]))
        if point is not None:
            point.sales = _money(row["sales"])
            point.orders = row["orders"]
    for row in views_rows:
        point = points.get(_as_day(row["bucket"]))
        if point is not None:
            point.views = row["views"] or 0
    return list(points.values())


def _craft_of_product(product_ref: str):
    """The product's craft: the root of its first category (by tree order)."""
    first_path = Subquery(
        ProductCategory.objects.filter(product_id=OuterRef(product_ref))
        .order_by("category__path")
        .values("category__path")[:1]
    )
    return Substr(first_path, 1, Category.steplen)


def _craft_names() -> dict[str, str]:
    return dict(Category.objects.filter(depth=1).values_list("path", "name"))


# --- Sellers -----------------------------------------------------------------


def seller_figures(*, seller: Seller, period: Period, today: date | None = None):
    """The shop's sales, orders, units, views and top products over `period`.

    Five queries, whatever the period and the shop's size.
    """
    today = today or timezone.localdate()
    start, end, since, until = _window(period, today=today)
    parts = _sold_parts().filter(
        seller=seller, order__date_placed__gte=since, order__date_placed__lt=until
    )
    sales_rows = list(
        parts.annotate(bucket=_bucket(period, "order__date_placed", moment=True))
        .values("bucket")
        .annotate(sales=Sum("lines_total"), orders=Count("pk"))
        .order_by("bucket")
    )
    views = ProductViewDay.objects.filter(
        product__seller=seller, day__gte=start, day__lte=end
    )
    views_rows = list(
        views.annotate(bucket=_bucket(period, "day", moment=False))
        .values("bucket")
        .annotate(views=Sum("views"), visitors=Sum("visitors"))
        .order_by("bucket")
    )
    lines = _sold_lines().filter(
        partner_id=seller.partner_id,
        order__date_placed__gte=since,
        order__date_placed__lt=until,
    )
    by_product = list(
        lines.values("product_id")
        .annotate(
            units=Sum("quantity"),
            sales=Sum("line_price_incl_tax"),
            title=Subquery(
                Line.objects.filter(
                    partner_id=seller.partner_id, product_id=OuterRef("product_id")
                )
                .order_by("-pk")
                .values("title")[:1]
            ),
        )
        .order_by("-sales", "product_id")
    )
    top = by_product[:TOP_PRODUCTS]
    product_views = dict(
        views.filter(product_id__in=[row["product_id"] for row in top])
        .values("product_id")
        .annotate(total=Sum("views"))
        .values_list("product_id", "total")
    )
    return SellerFigures(
        period=period,
        start=start,
        end=end,
        sales=_money(sum((row["sales"] or ZERO for row in sales_rows), ZERO)),
        orders=sum(row["orders"] for row in sales_rows),
        units=sum(row["units"] or 0 for row in by_product),
        views=sum(row["views"] or 0 for row in views_rows),
        visitors=sum(row["visitors"] or 0 for row in views_rows),
        series=_series(
            period, today=today, sales_rows=sales_rows, views_rows=views_rows
        ),
        top_products=[
            TopProduct(
                product_id=row["product_id"],
                title=row["title"] or "",
                units=row["units"] or 0,
                sales=_money(row["sales"]),
                views=product_views.get(row["product_id"], 0),
            )
            for row in top
        ],
    )


# --- Regions and the whole marketplace -----------------------------------------


def region_figures(*, region=None, period: Period, today: date | None = None):
    """A region's figures (the whole marketplace's when `region` is None).

    Sellers by status, public products and sales by craft and by province,
    the sales series, and the effect of each regional collection's
    promotion. Ten queries, whatever the period and the region's size.
    """
    today = today or timezone.localdate()
    start, end, since, until = _window(period, today=today)
    in_region = Q(seller__region=region) if region is not None else Q()

    parts = _sold_parts().filter(
        in_region, order__date_placed__gte=since, order__date_placed__lt=until
    )
    sales_rows = list(
        parts.annotate(bucket=_bucket(period, "order__date_placed", moment=True))
        .values("bucket")
        .annotate(sales=Sum("lines_total"), orders=Count("pk"))
        .order_by("bucket")
    )

    sellers = Seller.objects.all() if region is None else region.sellers.all()
    counts = dict(
        sellers.values("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    sellers_by_status = [
        Share(key=value, label=label, sellers=counts.get(value, 0))
        for value, label in Seller.Status.choices
    ]

    products = Product.objects.filter(is_public=True, seller__isnull=False)
    if region is not None:
        products = products.filter(seller__region=region)
    lines = _sold_lines().filter(
        order__date_placed__gte=since, order__date_placed__lt=until
    )
    if region is not None:
        lines = lines.filter(partner__seller__region=region)

    crafts = _craft_names()
    by_craft: dict[str, Share] = {}

    def craft_share(path: str | None) -> Share:
        key = path or ""
        if key not in by_craft:
            by_craft[key] = Share(
                key=key, label=crafts.get(key) or str(_("No craft given"))
            )
        return by_craft[key]

    for row in (
        products.annotate(craft=_craft_of_product("pk"))
        .values("craft")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        craft_share(row["craft"]).products = row["n"]
    for row in (
        lines.annotate(craft=_craft_of_product("product_id"))
        .values("craft")
        .annotate(sales=Sum("line_price_incl_tax"), units=Sum("quantity"))
        .order_by()
    ):
        share = craft_share(row["craft"])
        share.sales, share.units = _money(row["sales"]), row["units"] or 0

    by_province: dict[str, Share] = {}

    def province_share(name: str | None) -> Share:
        key = name or ""
        if key not in by_province:
            by_province[key] = Share(key=key, label=name or str(_("No province given")))
        return by_province[key]

    for row in (
        products.values("seller__registry_entry__province")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        province_share(row["seller__registry_entry__province"]).products = row["n"]
    for row in (
        lines.values("partner__seller__registry_entry__province")
        .annotate(sales=Sum("line_price_incl_tax"), units=Sum("quantity"))
        .order_by()
    ):
        share = province_share(row["partner__seller__registry_entry__province"])
        share.sales, share.units = _money(row["sales"]), row["units"] or 0

    def ranked(shares: dict[str, Share]) -> list[Share]:
        return sorted(
            shares.values(), key=lambda s: (-s.sales, -s.products, str(s.label))
        )

    return RegionFigures(
        period=period,
        start=start,
        end=end,
        sales=_money(sum((row["sales"] or ZERO for row in sales_rows), ZERO)),
        orders=sum(row["orders"] for row in sales_rows),
        units=sum(s.units for s in by_craft.values()),
        series=_series(period, today=today, sales_rows=sales_rows),
        sellers_by_status=sellers_by_status,
        by_craft=ranked(by_craft),
        by_province=ranked(by_province),
        promotions=promotion_effects(region=region),
    )


@dataclass
class RegionRow:
    """One region in the staff's table: its sellers by status, its public
    products, its sales over the period."""

    region: object
    sellers: dict[str, int]
    products: int = 0
    sales: Decimal = ZERO
    units: int = 0

    @property
    def sellers_by_status(self) -> list[int]:
        """Counts in the order of Seller.Status (the table's columns)."""
        return [self.sellers.get(value, 0) for value in Seller.Status.values]

    @property
    def sellers_total(self) -> int:
        return sum(self.sellers.values())


def regions_table(*, period: Period, today: date | None = None) -> list[RegionRow]:
    """Every region, side by side (the staff's figures): sellers by status,
    public products, sales and units over the period. Four queries, whatever
    the number of regions and sellers."""
    today = today or timezone.localdate()
    _start, _end, since, until = _window(period, today=today)
    rows = {
        region.pk: RegionRow(region=region, sellers={})
        for region in Region.objects.all()
    }
    for region_id, status, n in (
        Seller.objects.values("region_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("region_id", "status", "n")
    ):
        if region_id in rows:
            rows[region_id].sellers[status] = n
    for region_id, n in (
        Product.objects.filter(is_public=True, seller__isnull=False)
        .values("seller__region_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("seller__region_id", "n")
    ):
        if region_id in rows:
            rows[region_id].products = n
    for region_id, sales, units in (
        _sold_lines()
        .filter(order__date_placed__gte=since, order__date_placed__lt=until)
        .values("partner__seller__region_id")
        .annotate(sales=Sum("line_price_incl_tax"), units=Sum("quantity"))
        .order_by()
        .values_list("partner__seller__region_id", "sales", "units")
    ):
        if region_id in rows:
            rows[region_id].sales = _money(sales)
            rows[region_id].units = units or 0
    return sorted(
        rows.values(),
        key=lambda row: (-row.sales, -row.products, row.region.code),
    )


def promotion_effects(*, region=None, now: datetime | None = None):
    """Each started promotion's sales against as long just before it.

    Sales of the offer's products (its range, as last published) while it
    ran (up to now, if it still does) against the same length of time just
    before it started, in every shop, the offer's discount deducted. Two
    queries: the promotions, then one aggregate for them all.
    """
    now = now or timezone.now()
    effects = []
    for promotion in collection_promotions(region=region):
        during_to = min(promotion.ends_at, now)
        length = during_to - promotion.starts_at
        effects.append(
            (
                promotion,
                PromotionEffect(
                    title=promotion.title,
                    percent=promotion.percent,
                    starts_at=promotion.starts_at,
                    ends_at=promotion.ends_at,
                    during_from=promotion.starts_at,
                    during_to=during_to,
                    before_from=promotion.starts_at - length,
                ),
            )
        )
    if not effects:
        return []
    aggregates = {}
    for n, (promotion, effect) in enumerate(effects):
        in_range = Exists(
            RangeProduct.objects.filter(
                range_id=promotion.range_id, product_id=OuterRef("product_id")
            )
        )
        during = Q(
            in_range,
            order__date_placed__gte=effect.during_from,
            order__date_placed__lt=effect.during_to,
        )
        before = Q(
            in_range,
            order__date_placed__gte=effect.before_from,
            order__date_placed__lt=effect.during_from,
        )
        aggregates[f"sales_during_{n}"] = Sum("line_price_incl_tax", filter=during)
        aggregates[f"sales_before_{n}"] = Sum("line_price_incl_tax", filter=before)
        aggregates[f"units_during_{n}"] = Coalesce(
            Sum("quantity", filter=during), 0, output_field=IntegerField()
        )
        aggregates[f"units_before_{n}"] = Coalesce(
            Sum("quantity", filter=before), 0, output_field=IntegerField()
        )
    earliest = min(effect.before_from for _promotion, effect in effects)
    totals = (
        _sold_lines().filter(order__date_placed__gte=earliest).aggregate(**aggregates)
    )
    for n, (_promotion, effect) in enumerate(effects):
        effect.sales_during = _money(totals[f"sales_during_{n}"])
        effect.sales_before = _money(totals[f"sales_before_{n}"])
        effect.units_during = totals[f"units_during_{n}"]
        effect.units_before = totals[f"units_before_{n}"]
    return [effect for _promotion, effect in effects]
