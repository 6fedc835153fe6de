"""How an order is written (`marketplace.order.utils.OrderCreator`): every
line's prices in one insert, the stock of every line taken in one update of
its records, and what Oscar did per line still done: each record's
allocation, its low-stock alert opened or closed, its page and search
document told."""

from decimal import Decimal

import pytest
from django.test import Client
from oscar.core.loading import get_class, get_model

from marketplace.order.utils import OrderCreator
from tests.integration.checkout.shop import checkout, make_product, make_seller

Order = get_model("order", "Order")
LinePrice = get_model("order", "LinePrice")
StockAlert = get_model("partner", "StockAlert")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_the_checkout_places_orders_with_the_forked_creator():
    assert get_class("order.utils", "OrderCreator") is OrderCreator


def test_each_line_has_its_price_and_each_record_its_allocation():
    potter, weaver = make_seller("Poterie Fassi"), make_seller("Tissage Azrou")
    tajine = make_product(potter, price="300.00", stock=10)
    bowl = make_product(potter, price="80.00", stock=10)
    rug = make_product(weaver, price="450.00", stock=3)

    response = checkout(Client(), [(tajine, 2), (bowl, 1), (rug, 3)])

    assert response.status_code == 302
    order = Order.objects.get()
    assert {
        (p.line.product_id, p.quantity, p.price_incl_tax)
        for p in LinePrice.objects.filter(order=order)
    } == {
        (tajine.pk, 2, Decimal("300.00")),
        (bowl.pk, 1, Decimal("80.00")),
        (rug.pk, 3, Decimal("450.00")),
    }
    assert dict(
        StockRecord.objects.filter(product__in=[tajine, bowl, rug]).values_list(
            "product_id", "num_allocated"
        )
    ) == {tajine.pk: 2, bowl.pk: 1, rug.pk: 3}
    assert {line.product_id: line.num_allocated for line in order.lines.all()} == {
        tajine.pk: 2,
        bowl.pk: 1,
        rug.pk: 3,
    }


def test_low_stock_alerts_open_and_close_as_oscars_did_for_each_record():
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", stock=6)
    bowl = make_product(potter, price="80.00", stock=50)
    StockRecord.objects.filter(product__in=[tajine, bowl]).update(low_stock_threshold=5)
    # An alert left open from before the bowls were restocked.
    bowl_record = StockRecord.objects.get(product=bowl)
    StockAlert.objects.create(stockrecord=bowl_record, threshold=5)

    checkout(Client(), [(tajine, 2), (bowl, 1)])

    # The tajines fell below 5: an alert opened; the bowls are well above:
    # theirs closed.
    tajine_alert = StockAlert.objects.get(stockrecord__product=tajine)
    assert tajine_alert.status == StockAlert.OPEN
    assert tajine_alert.threshold == 5
    assert StockAlert.objects.get(stockrecord=bowl_record).status == StockAlert.CLOSED
