"""The demo's year of sales and folded product views: the seller's, the
chamber's and the staff's figures draw non-zero charts; seeding again adds
nothing."""

import pytest
from django.db.models import Count
from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.core.demo import SALES_PREFIX, demo_seed
from marketplace.figures.models import ProductViewDay
from marketplace.figures.selectors import (
    PERIODS,
    region_figures,
    regions_table,
    seller_figures,
)
from marketplace.sellerorders.models import OrderSellerPart

Order = get_model("order", "Order")

pytestmark = [pytest.mark.django_db, pytest.mark.demo, pytest.mark.embedded]


def _busiest_seller():
    return Seller.objects.get(
        pk=OrderSellerPart.objects.filter(order__number__startswith=SALES_PREFIX)
        .values("seller")
        .annotate(n=Count("pk"))
        .order_by("-n", "seller")
        .values_list("seller", flat=True)[0]
    )


def test_the_demo_sells_over_twelve_months_and_counts_views(demo):
    orders = Order.objects.filter(number__startswith=SALES_PREFIX)
    assert orders.count() >= 200
    months = {
        placed.strftime("%Y-%m")
        for placed in orders.values_list("date_placed", flat=True)
    }
    assert len(months) >= 10  # spread over the year
    # Finished sales: nothing for the shops to ship.
    assert not OrderSellerPart.objects.filter(
        order__number__startswith=SALES_PREFIX
    ).exclude(status=OrderSellerPart.Status.DELIVERED)
    assert ProductViewDay.objects.count() > 1000


def test_the_seller_chamber_and_staff_figures_are_not_zero(demo):
    seller = _busiest_seller()
    year = PERIODS["12m"]

    figures = seller_figures(seller=seller, period=year)
    assert figures.sales > 0 and figures.orders > 0 and figures.views > 0
    assert sum(1 for point in figures.series if point.sales) >= 3
    assert figures.top_products

    chamber = region_figures(region=seller.region, period=year)
    assert chamber.sales >= figures.sales and chamber.orders >= figures.orders
    assert any(share.sales for share in chamber.by_craft)

    staff = region_figures(period=year)
    assert staff.sales >= chamber.sales
    assert sum(1 for point in staff.series if point.sales) >= 10
    assert sum(row.sales > 0 for row in regions_table(period=year)) >= 2
    assert region_figures(period=PERIODS["30d"]).sales > 0


def test_seeding_again_adds_no_sale(demo):
    before = Order.objects.count(), ProductViewDay.objects.count()
    created = demo_seed(products=60, sellers=24, log=lambda message: None)
    assert "sales" not in created
    assert (Order.objects.count(), ProductViewDay.objects.count()) == before
