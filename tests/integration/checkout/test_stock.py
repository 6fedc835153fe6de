"""Stock is held when an order is placed and given back when it is cancelled."""

import pytest
from django.test import Client
from oscar.core.loading import get_model

from marketplace.orders.services import order_cancel
from marketplace.orders.status import STATUS_CANCELLED
from marketplace.sellerorders.models import OrderSellerPart
from tests.integration.checkout.shop import (
    checkout,
    checkout_to_preview,
    make_product,
    make_seller,
    place_order,
)

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_the_second_shopper_for_the_last_unit_is_told_before_paying():
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=1, title="Lanterne en cuivre")
    first, second = Client(), Client()
    checkout_to_preview(first, [(lamp, 1)], email="a@example.ma")
    checkout_to_preview(second, [(lamp, 1)], email="b@example.ma")

    assert place_order(first).status_code == 302
    response = place_order(second)

    # Oscar's basket check sees the stock already held and sends the shopper
    # back to the basket with a message (under a race, the lock in
    # `basket_stock_lock` says so instead: see test_concurrency).
    assert response.status_code == 302
    assert response["Location"].endswith("/fr/basket/")
    page = second.get(response["Location"])
    messages = [str(m) for m in page.context["messages"]]
    assert any("Lanterne en cuivre" in m for m in messages), messages
    assert Order.objects.count() == 1
    record = StockRecord.objects.get(product=lamp)
    assert (record.num_in_stock, record.num_allocated) == (1, 1)
    # The second shopper's basket is open again, to be changed.
    assert second.get("/fr/basket/").context["basket"].status == "Open"


def test_cancelling_an_order_gives_its_stock_back():
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=3)
    checkout(Client(), [(lamp, 2)])
    order = Order.objects.get()
    assert StockRecord.objects.get(product=lamp).num_allocated == 2

    assert order_cancel(order=order, reason="Shopper changed their mind") is True
    assert order_cancel(order=order) is False  # twice changes nothing

    order.refresh_from_db()
    assert order.status == STATUS_CANCELLED
    assert StockRecord.objects.get(product=lamp).num_allocated == 0
    assert set(order.seller_parts.values_list("status", flat=True)) == {
        OrderSellerPart.Status.CANCELLED
    }


def test_submitting_the_place_order_form_twice_places_one_order():
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=5)
    client = Client()
    checkout_to_preview(client, [(lamp, 1)])

    first = place_order(client)
    second = place_order(client)

    assert first.status_code == 302
    assert second.status_code == 302
    assert Order.objects.count() == 1
    order = Order.objects.get()
    assert order.sources.count() == 1
    assert StockRecord.objects.get(product=lamp).num_allocated == 1
