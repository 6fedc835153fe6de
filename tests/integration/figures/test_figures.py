"""The figures, computed from orders and folded view counts: exact numbers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from cms.models import CollectionProduct, RegionalCollectionPage
from marketplace.figures.selectors import (
    PERIODS,
    promotion_effects,
    region_figures,
    seller_figures,
)
from marketplace.sellerorders.models import OrderSellerPart
from tests.integration.checkout import shop
from tests.integration.cms import factories as cms

from .market import TODAY
from .sales import at, sale

pytestmark = pytest.mark.django_db


def test_seller_figures_over_seven_days(market):
    figures = seller_figures(seller=market["a"], period=PERIODS["7d"], today=TODAY)
    assert (figures.start, figures.end) == (date(2026, 11, 24), TODAY)
    assert figures.sales == Decimal("500.00")
    assert figures.orders == 2
    assert figures.units == 3
    assert figures.average_basket == Decimal("250.00")
    assert (figures.views, figures.visitors) == (50, 38)
    assert figures.conversion_percent == Decimal("4.0")  # 2 orders / 50 views
    assert [(p.title, p.units, p.sales, p.views) for p in figures.top_products] == [
        ("Plat de Safi", 1, Decimal("300.00"), 10),
        ("Tapis Azilal", 2, Decimal("200.00"), 40),
    ]
    series = {p.day: (p.sales, p.orders, p.views) for p in figures.series}
    assert len(series) == 7
    assert series[date(2026, 11, 30)] == (Decimal("200.00"), 1, 40)
    assert series[date(2026, 11, 29)] == (Decimal("0.00"), 0, 0)
    assert series[date(2026, 11, 28)] == (Decimal("300.00"), 1, 10)


def test_seller_figures_over_thirty_days_and_twelve_months(market):
    month = seller_figures(seller=market["a"], period=PERIODS["30d"], today=TODAY)
    assert (month.sales, month.orders, month.units) == (Decimal("600.00"), 3, 4)
    assert (month.views, month.conversion_percent) == (100, Decimal("3.0"))
    assert [(p.title, p.units, p.views) for p in month.top_products] == [
        ("Tapis Azilal", 3, 90),  # 300 MAD, as the plate: the older product first
        ("Plat de Safi", 1, 10),
    ]
    year = seller_figures(seller=market["a"], period=PERIODS["12m"], today=TODAY)
    assert (year.start, year.end) == (date(2025, 12, 1), TODAY)
    assert (year.sales, year.orders, year.units) == (Decimal("1100.00"), 4, 6)
    by_month = {p.day: (p.sales, p.orders) for p in year.series}
    assert list(by_month)[0] == date(2025, 12, 1) and len(by_month) == 12
    assert by_month[date(2026, 11, 1)] == (Decimal("600.00"), 3)
    assert by_month[date(2026, 6, 1)] == (Decimal("500.00"), 1)
    assert by_month[date(2026, 7, 1)] == (Decimal("0.00"), 0)


def test_a_seller_never_sees_another_sellers_sales_or_views(market):
    figures = seller_figures(seller=market["b"], period=PERIODS["30d"], today=TODAY)
    assert (figures.sales, figures.orders, figures.units) == (Decimal("50.00"), 1, 1)
    assert figures.views == 1000
    assert [p.title for p in figures.top_products] == ["Tapis du Rif"]


def test_region_figures_by_status_craft_and_province(market):
    region = market["tree"].region_a
    figures = region_figures(region=region, period=PERIODS["30d"], today=TODAY)
    assert (figures.sales, figures.orders, figures.units) == (
        Decimal("600.00"),
        3,
        4,
    )
    statuses = {s.key: s.sellers for s in figures.sellers_by_status}
    assert statuses == {"pending": 1, "verified": 1, "rejected": 0, "suspended": 0}
    crafts = {s.label: (s.products, s.units, s.sales) for s in figures.by_craft}
    assert crafts == {
        "Tapis": (1, 3, Decimal("300.00")),
        "Poterie": (1, 1, Decimal("300.00")),
    }
    provinces = {s.label: (s.products, s.sales) for s in figures.by_province}
    assert provinces == {"Al Haouz": (2, Decimal("600.00"))}


def test_the_whole_marketplace_adds_every_region(market):
    figures = region_figures(period=PERIODS["30d"], today=TODAY)
    assert (figures.sales, figures.orders, figures.units) == (
        Decimal("650.00"),
        4,  # shop A's three parts, and shop B's part of the first order
        5,
    )
    statuses = {s.key: s.sellers for s in figures.sellers_by_status}
    assert statuses["verified"] == 2 and statuses["pending"] == 1
    crafts = {s.label: (s.products, s.units, s.sales) for s in figures.by_craft}
    assert crafts["Tapis"] == (2, 4, Decimal("350.00"))
    provinces = {s.key: s.sales for s in figures.by_province}
    assert provinces == {"Al Haouz": Decimal("600.00"), "": Decimal("50.00")}


def test_a_promotion_is_compared_with_as_long_before_it(market):
    tree = market["tree"]
    # Far from the market's own sales (June and November 2026), whatever today is.
    now = at("2026-05-01")
    starts, ends = now - timedelta(days=20), now - timedelta(days=10)
    page = RegionalCollectionPage(
        title="Tapis de l'Atlas",
        promotion_percent=Decimal("15"),
        promotion_starts_at=starts,
        promotion_ends_at=ends,
    )
    page.product_links = [CollectionProduct(product=market["rug"])]
    tree.page_a.add_child(instance=page)
    cms.publish(page)
    assert RegionalCollectionPage.objects.get(pk=page.pk).offer_id is not None

    rug, plate = market["rug"], market["plate"]
    sale([(rug, 3, "85.00")], placed_at=starts + timedelta(days=1))  # during
    sale([(rug, 1, "85.00")], placed_at=ends - timedelta(hours=1))  # during
    sale([(plate, 4, "300.00")], placed_at=starts + timedelta(days=2))  # not in it
    sale([(rug, 2, "100.00")], placed_at=starts - timedelta(days=5))  # before
    sale([(rug, 9, "100.00")], placed_at=starts - timedelta(days=11))  # too early

    [effect] = promotion_effects(region=tree.region_a, now=now)
    assert effect.title == "Tapis de l'Atlas" and effect.percent == Decimal("15")
    assert (effect.sales_before, effect.units_before) == (Decimal("200.00"), 2)
    assert (effect.sales_during, effect.units_during) == (Decimal("340.00"), 4)
    assert effect.change_percent == Decimal("70.0")
    assert not effect.running
    # Another region's chamber does not see it.
    assert promotion_effects(region=tree.region_b) == []
    assert [e.title for e in promotion_effects()] == ["Tapis de l'Atlas"]


def test_figures_of_a_real_checkout(client: Client):
    """Orders placed through the checkout are read as the builders write them:
    a cash order counts once its shopper confirms it."""
    seller = shop.make_seller("Poterie Figures")
    tajine = shop.make_product(seller, price="120.00", title="Tajine vernis")
    shop.checkout(client, [(tajine, 2)], method="cod")
    order = OrderSellerPart.objects.get(seller=seller).order
    period = PERIODS["7d"]

    assert seller_figures(seller=seller, period=period).orders == 0
    shop.cod_confirm(order)
    figures = seller_figures(seller=seller, period=period)
    assert (figures.sales, figures.orders, figures.units) == (
        Decimal("240.00"),
        1,
        2,
    )
    assert [(p.title, p.units) for p in figures.top_products] == [("Tajine vernis", 2)]


def test_a_sale_is_dated_by_the_shops_clock_not_utc(market):
    """Just after midnight in Casablanca is still the day before in UTC."""
    late = at("2026-11-24", 0) + timedelta(minutes=30)
    early = at("2026-11-24", 0) - timedelta(minutes=30)
    sale([(market["rug"], 1, "70.00")], placed_at=late)
    sale([(market["rug"], 1, "90.00")], placed_at=early)
    figures = seller_figures(seller=market["a"], period=PERIODS["7d"], today=TODAY)
    series = {p.day: p.sales for p in figures.series}
    assert series[date(2026, 11, 24)] == Decimal("70.00")
    assert figures.sales == Decimal("570.00")  # the 90 belongs to the 23rd
