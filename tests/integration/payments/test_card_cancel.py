"""A card order stays payable after a decline until it is cancelled, and a
payment that still succeeds for a cancelled order is refunded, against
stripe-mock (Stripe's official mock API server)."""

import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from oscar.core.loading import get_model

from marketplace.orders.services import order_cancel
from marketplace.orders.status import STATUS_CANCELLED
from marketplace.payments.models import LedgerEntry, OrderPayment, Refund
from tests.integration.payments.stripe_events import (
    charge_refunded,
    event,
    payment_intent,
    post,
)

StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _stripe_mock():
    with override_settings(STRIPE_API_BASE=os.environ.get("TEST_STRIPE_API_BASE")):
        yield


def _card_path(order, suffix=""):
    return f"/en/checkout/card/{order.number}/{order.verification_hash()}/{suffix}"


def _stock_held(order) -> int:
    return sum(
        StockRecord.objects.get(pk=line.stockrecord_id).num_allocated
        for line in order.lines.all()
    )


def test_the_card_page_still_offers_the_payment_after_a_decline(client, card_order):
    failed = payment_intent(card_order, status="requires_payment_method")
    post(client, event("evt_1", "payment_intent.payment_failed", failed))

    response = Client().get(_card_path(card_order))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="payment-element"' in html
    assert 'id="payment-declined"' in html


def test_the_shopper_cancels_its_unpaid_order_and_the_stock_returns(card_order):
    shopper = Client()
    assert _stock_held(card_order) == 2

    response = shopper.post(_card_path(card_order, "cancel/"))

    assert response.status_code == 302
    card_order.refresh_from_db()
    assert card_order.status == STATUS_CANCELLED
    assert card_order.payment.status == OrderPayment.Status.CANCELLED
    assert _stock_held(card_order) == 0
    # The same Payment Element is not offered again for a cancelled order.
    page = shopper.get(_card_path(card_order)).content.decode()
    assert 'id="payment-element"' not in page
    assert 'data-status="cancelled"' in page


def test_a_stranger_cannot_cancel_an_order_without_its_hash(card_order):
    path = f"/en/checkout/card/{card_order.number}/{card_order.number}:forged/cancel/"

    assert Client().post(path).status_code == 404

    card_order.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.PENDING
    assert _stock_held(card_order) == 2


def test_only_the_signed_in_owner_cancels_its_card_order(card_order):
    users = get_user_model().objects
    owner = users.create_user("owner", "owner@example.ma", "pw-owner-123!")
    other = users.create_user("other", "other@example.ma", "pw-other-123!")
    Order.objects.filter(pk=card_order.pk).update(user=owner)
    intruder = Client()
    intruder.force_login(other)

    assert intruder.post(_card_path(card_order, "cancel/")).status_code == 404
    assert Client().post(_card_path(card_order, "cancel/")).status_code == 404
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.PENDING

    mine = Client()
    mine.force_login(owner)
    assert mine.post(_card_path(card_order, "cancel/")).status_code == 302
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.CANCELLED


def test_a_success_for_a_cancelled_order_is_refunded_through_stripe(client, card_order):
    order_cancel(order=card_order, reason="test")
    OrderPayment.objects.filter(pk=card_order.payment.pk).update(
        status=OrderPayment.Status.CANCELLED
    )

    response = post(
        client, event("evt_1", "payment_intent.succeeded", payment_intent(card_order))
    )
    # Stripe's own notice of that refund, then the success delivered again.
    post(client, event("evt_2", "charge.refunded", charge_refunded(card_order)))
    post(client, event("evt_3", "payment_intent.succeeded", payment_intent(card_order)))

    assert response.status_code == 200
    card_order.refresh_from_db()
    payment = card_order.payment
    assert card_order.status == STATUS_CANCELLED
    assert payment.status == OrderPayment.Status.REFUNDED
    assert payment.amount_refunded == card_order.total_incl_tax
    refund = Refund.objects.get()
    assert refund.stripe_refund_id.startswith("re_")
    assert refund.amount == Decimal("1575.00")
    # Sellers are never credited for it.
    assert not LedgerEntry.objects.exists()
