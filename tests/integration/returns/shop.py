"""Builders for returns tests: a signed-in shopper's order, paid by card or
cash on delivery, shipped and delivered by each seller. Real models."""

import os
from datetime import timedelta
from decimal import Decimal

from django.test import Client, override_settings
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.payments.models import OrderPayment, SellerPayoutAccount
from marketplace.payments.services import (
    payment_intent_for_order,
    payment_mark_paid,
    remittance_record,
)
from marketplace.sellerorders.services import part_mark_delivered, part_mark_shipped
from tests.factories import UserFactory
from tests.integration.checkout.shop import checkout, cod_confirm

Order = get_model("order", "Order")

VALID_RIB = "011519000001205000534921"
# A shopper's RIB (key checked): bank 007, city 780, account 0001234567890123.
SHOPPER_RIB = "007780000123456789012396"


def stripe_mock_settings():
    """Card offered, the Stripe client pointed at stripe-mock."""
    return override_settings(
        STRIPE_SECRET_KEY="sk_test_maalem",
        STRIPE_PUBLISHABLE_KEY="pk_test_maalem",
        STRIPE_API_BASE=os.environ.get("TEST_STRIPE_API_BASE"),
        PAYMENT_METHODS=["cod", "card"],
    )


def shopper_new(**kwargs):
    return UserFactory(**kwargs)


def order_place(*, shopper, items, method: str = "cod", intent: bool = True):
    """`shopper` signed in orders `items` ([(product, quantity)]).

    A card order is paid as Stripe's webhook would mark it; its PaymentIntent
    is created at Stripe (stripe-mock) unless `intent` is False (no refund to
    the card is then possible: tests that stay offline).
    """
    client = Client()
    client.force_login(shopper)
    before = set(Order.objects.values_list("pk", flat=True))
    response = checkout(
        client,
        items,
        email=shopper.email,
        signed_in=True,
        method=method,
    )
    assert response.status_code == 302, response
    order = Order.objects.exclude(pk__in=before).get()
    if method == "cod":
        cod_confirm(order)
    else:
        payment = order.payment
        if intent:
            payment_intent_for_order(order=order, payment=payment)
            payment = OrderPayment.objects.get(pk=payment.pk)
        payment_mark_paid(payment=payment)
    return order


def part_deliver(part, *, days_ago: int = 0, remit: bool = True):
    """Ship and deliver a part; a cash one's money is remitted by the carrier."""
    part_mark_shipped(
        part=part, seller=part.seller, carrier="Amana", tracking_number=f"AM{part.pk}"
    )
    part_mark_delivered(part=part, seller=part.seller)
    if days_ago:
        type(part).objects.filter(pk=part.pk).update(
            delivered_at=timezone.now() - timedelta(days=days_ago)
        )
    part.refresh_from_db()
    if remit and part.order.payment.method == OrderPayment.Method.COD:
        remittance_record(
            part=part,
            amount=part.total,
            remitted_on=timezone.now().date(),
            source="staff",
        )
    return part


def payout_account(seller):
    SellerPayoutAccount.objects.get_or_create(
        seller=seller, defaults={"holder_name": seller.name, "rib": VALID_RIB}
    )


def quantities(part, *pairs) -> dict[int, int]:
    """{line id: quantity} for (product, quantity) pairs of a part."""
    lines = {line.product_id: line.pk for line in part.get_lines()}
    return {lines[product.pk]: quantity for product, quantity in pairs}


def money(text: str) -> Decimal:
    return Decimal(text)
