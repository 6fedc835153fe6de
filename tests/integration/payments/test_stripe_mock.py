"""Our Stripe edge against stripe-mock, Stripe's official mock API server.

stripe-mock validates every request against Stripe's OpenAPI description and
answers like Stripe, but keeps no state: these tests check what we send and
how we read the answers, not a payment's life (see the localstripe tests).
"""

import os
from decimal import Decimal

import pytest
from django.test import Client, override_settings

from marketplace.payments import stripe_gateway
from marketplace.payments.models import LedgerEntry, OrderPayment, Refund
from marketplace.payments.services import (
    payment_mark_paid,
    refund_order,
    refund_part,
    seller_balance,
)
from tests.mfa import force_login_verified

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _stripe_mock():
    with override_settings(STRIPE_API_BASE=os.environ.get("TEST_STRIPE_API_BASE")):
        yield


def test_a_payment_intent_is_created_in_mad_minor_units(stripe_settings):
    intent = stripe_gateway.payment_intent_create(
        amount=Decimal("1795.50"),
        currency="MAD",
        idempotency_key="order-100001-payment-intent",
        metadata={"order_number": "100001"},
    )

    assert intent["id"].startswith("pi_")
    assert intent["amount"] == 179550
    assert intent["currency"] == "mad"
    assert intent["client_secret"]


def test_the_card_page_renders_the_payment_element_for_the_order(card_order):
    card_order.payment.payment_intent_id = None
    card_order.payment.save()
    path = f"/fr/checkout/card/{card_order.number}/{card_order.verification_hash()}/"

    response = Client().get(path)
    again = Client().get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-publishable-key="pk_test_maalem"' in html
    assert "_secret_" in html
    assert "https://js.stripe.com/v3/" in html
    card_order.payment.refresh_from_db()
    assert card_order.payment.payment_intent_id.startswith("pi_")
    # Nothing is paid by opening the page.
    assert card_order.payment.status == OrderPayment.Status.PENDING
    assert again.status_code == 200


def test_the_card_page_of_another_order_hash_is_404(card_order):
    path = f"/fr/checkout/card/{card_order.number}/100001:forged/"
    assert Client().get(path).status_code == 404


def test_one_sellers_part_is_refunded_through_stripe_and_debited(card_order):
    payment_mark_paid(payment=card_order.payment)
    part = card_order.seller_parts.get(seller__name="Poterie Fassi")

    refund = refund_part(part=part, reason="Cassé")
    again = refund_part(part=part)

    assert refund.stripe_refund_id.startswith("re_")
    assert refund.amount == Decimal("330.00")
    assert again is None
    assert seller_balance(seller=part.seller) == Decimal("0.00")
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.PARTIALLY_REFUNDED
    other = card_order.seller_parts.get(seller__name="Tapis Azilal")
    assert seller_balance(seller=other.seller) == Decimal("1125.00")


def test_the_whole_order_is_refunded_part_by_part(card_order):
    payment_mark_paid(payment=card_order.payment)

    refunds = refund_order(order=card_order)

    assert len(refunds) == 2
    assert Refund.objects.filter(order=card_order).count() == 2
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.REFUNDED
    assert LedgerEntry.objects.filter(kind="refund").count() == 2


def test_an_unpaid_order_is_not_refunded(card_order):
    part = card_order.seller_parts.first()
    with pytest.raises(ValueError):
        refund_part(part=part)
    assert not Refund.objects.exists()


def test_staff_refund_one_sellers_part_from_the_dashboard(card_order):
    from django.contrib.auth import get_user_model

    payment_mark_paid(payment=card_order.payment)
    part = card_order.seller_parts.get(seller__name="Tapis Azilal")
    staff = get_user_model().objects.create_user(
        "staff", "staff@example.ma", "pw-staff-123!", is_staff=True
    )
    client = Client()
    force_login_verified(client, staff)

    client.post(
        f"/fr/dashboard/payments/orders/{card_order.number}/",
        {"action": "refund-part", "part": part.pk},
    )

    refund = Refund.objects.get()
    assert refund.part == part and refund.created_by == staff
    assert seller_balance(seller=part.seller) == Decimal("0.00")


def test_card_orders_left_unpaid_are_cancelled_and_their_intent_too(card_order):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from oscar.core.loading import get_model

    StockRecord = get_model("partner", "StockRecord")
    OrderPayment.objects.filter(pk=card_order.payment.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )

    call_command("cancel_unpaid_orders", minutes=60)

    card_order.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.CANCELLED
    assert card_order.status == "Cancelled"
    for line in card_order.lines.all():
        assert StockRecord.objects.get(pk=line.stockrecord_id).num_allocated == 0
