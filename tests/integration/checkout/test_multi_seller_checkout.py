"""One basket, several artisans: one order, a parcel and a shipping charge each."""

from decimal import Decimal

import pytest
from django.core import mail
from oscar.core.loading import get_model

from marketplace.orders.status import STATUS_AWAITING_CONFIRMATION
from marketplace.payments.models import OrderPayment
from tests.integration.checkout.shop import checkout

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_a_guest_pays_cash_on_delivery_for_one_order_split_by_seller(
    client, two_sellers
):
    potter, weaver, tajine, plate, rug = two_sellers

    response = checkout(client, [(tajine, 1), (plate, 1), (rug, 1)])

    assert response.status_code == 302
    assert response["Location"].endswith("/fr/checkout/thank-you/")
    order = Order.objects.get()
    parts = {part.seller: part for part in order.seller_parts.all()}
    # The potter's 550 MAD is above its 500 MAD threshold: free; the rug pays 45.
    assert parts[potter].lines_total == Decimal("550.00")
    assert parts[potter].shipping_charge == Decimal("0.00")
    assert parts[weaver].lines_total == Decimal("1200.00")
    assert parts[weaver].shipping_charge == Decimal("45.00")
    assert order.shipping_incl_tax == Decimal("45.00")
    assert order.total_incl_tax == Decimal("1795.00")
    assert order.status == STATUS_AWAITING_CONFIRMATION
    assert order.guest_email == "amina@example.ma"
    assert order.payment.method == OrderPayment.Method.COD
    source = order.sources.get()
    assert source.source_type.name == "Cash on delivery"
    assert source.amount_allocated == Decimal("1795.00")
    assert source.amount_debited == Decimal("0.00")
    # Stock is held for the order.
    assert StockRecord.objects.get(product=rug).num_allocated == 1


def test_the_shopper_and_each_seller_get_their_own_email(client, two_sellers):
    potter, weaver, tajine, plate, rug = two_sellers

    checkout(client, [(tajine, 1), (rug, 1)])

    order = Order.objects.get()
    to_shopper = [m for m in mail.outbox if m.to == ["amina@example.ma"]]
    # The order's summary, and the request to confirm it (cash on delivery).
    assert len(to_shopper) == 2
    assert order.number in to_shopper[0].subject + to_shopper[0].body
    assert f"/checkout/cod/{order.number}/" in to_shopper[1].body
    to_potter = [m for m in mail.outbox if m.to == [potter.owner.email]]
    to_weaver = [m for m in mail.outbox if m.to == [weaver.owner.email]]
    assert len(to_potter) == len(to_weaver) == 1
    assert "Tajine vernissé" in to_potter[0].body
    assert "Tapis berbère" not in to_potter[0].body
    assert "Tapis berbère" in to_weaver[0].body
    assert "Tajine vernissé" not in to_weaver[0].body
