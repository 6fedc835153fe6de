"""Stripe's webhook: verified, processed once, right whatever the order."""

import time
from decimal import Decimal

import pytest
from django.core import mail
from oscar.core.loading import get_model

from marketplace.orders.status import (
    STATUS_CONFIRMED,
    STATUS_PENDING_PAYMENT,
)
from marketplace.payments.models import (
    LedgerEntry,
    OrderPayment,
    Refund,
    StripeEvent,
)
from marketplace.payments.services import seller_balance
from tests.integration.payments.stripe_events import (
    charge_refunded,
    event,
    payment_intent,
    post,
    sign,
)

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_a_card_order_waits_for_stripe_before_being_confirmed(card_order):
    assert card_order.status == STATUS_PENDING_PAYMENT
    assert card_order.payment.method == OrderPayment.Method.CARD
    assert card_order.payment.status == OrderPayment.Status.PENDING
    assert not LedgerEntry.objects.exists()


def test_payment_succeeded_marks_the_order_paid_and_credits_each_seller(
    client, card_order, django_capture_on_commit_callbacks
):
    body = event("evt_1", "payment_intent.succeeded", payment_intent(card_order))
    assert mail.outbox == []  # nothing confirmed before the payment

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, body)

    assert response.status_code == 200
    card_order.refresh_from_db()
    assert card_order.status == STATUS_CONFIRMED
    assert card_order.payment.status == OrderPayment.Status.PAID
    parts = {p.seller.name: p for p in card_order.seller_parts.all()}
    # 300 + 30 − 30 (10 %) and 1200 + 45 − 120.
    assert seller_balance(seller=parts["Poterie Fassi"].seller) == Decimal("300.00")
    assert seller_balance(seller=parts["Tapis Azilal"].seller) == Decimal("1125.00")
    # Confirmation to the shopper, a notice to each seller.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        ["amina@example.ma"] + [p.seller.owner.email for p in parts.values()]
    )


def test_a_bad_signature_gets_400_and_records_nothing(client, card_order):
    body = event("evt_1", "payment_intent.succeeded", payment_intent(card_order))

    response = post(client, body, signature=sign(body, secret="whsec_wrong"))

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.PENDING


def test_a_tampered_body_gets_400(client, card_order):
    body = event("evt_1", "payment_intent.succeeded", payment_intent(card_order))
    signature = sign(body)
    tampered = body.replace('"amount": ', '"amount": 1')

    assert post(client, tampered, signature=signature).status_code == 400
    assert not StripeEvent.objects.exists()


def test_a_stale_timestamp_gets_400_and_records_nothing(client, card_order):
    body = event("evt_1", "payment_intent.succeeded", payment_intent(card_order))
    ten_minutes_ago = int(time.time()) - 600

    response = post(client, body, signature=sign(body, timestamp=ten_minutes_ago))

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_the_same_event_five_times_is_processed_once(client, card_order):
    body = event("evt_1", "payment_intent.succeeded", payment_intent(card_order))

    results = [post(client, body).json()["result"] for _ in range(5)]

    assert results == ["processed"] + ["duplicate"] * 4
    assert StripeEvent.objects.count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.SALE).count() == 2


def test_an_amount_that_does_not_match_the_order_does_not_pay_it(client, card_order):
    short = payment_intent(card_order, amount=100)
    body = event("evt_1", "payment_intent.succeeded", short)

    assert post(client, body).status_code == 200

    card_order.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.PENDING
    assert card_order.status == STATUS_PENDING_PAYMENT
    assert card_order.notes.filter(note_type="Error").exists()
    assert not LedgerEntry.objects.exists()


def test_another_currency_does_not_pay_the_order(client, card_order):
    euros = payment_intent(card_order, currency="eur")

    post(client, event("evt_1", "payment_intent.succeeded", euros))

    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.PENDING


def test_a_declined_card_leaves_the_order_payable_and_its_stock_held(
    client, card_order
):
    failed = payment_intent(card_order, status="requires_payment_method")

    post(client, event("evt_1", "payment_intent.payment_failed", failed))

    card_order.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.FAILED
    assert card_order.status == STATUS_PENDING_PAYMENT
    for line in card_order.lines.all():
        assert line.num_allocated == line.quantity
        assert StockRecord.objects.get(pk=line.stockrecord_id).num_allocated == 1


def test_a_retry_that_succeeds_after_a_decline_confirms_and_credits(client, card_order):
    failed = payment_intent(card_order, status="requires_payment_method")
    post(client, event("evt_1", "payment_intent.payment_failed", failed))

    post(client, event("evt_2", "payment_intent.succeeded", payment_intent(card_order)))

    card_order.refresh_from_db()
    assert card_order.status == STATUS_CONFIRMED
    assert card_order.payment.status == OrderPayment.Status.PAID
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.SALE).count() == 2


def test_a_failure_for_a_cancelled_order_leaves_it_cancelled(client, card_order):
    OrderPayment.objects.filter(pk=card_order.payment.pk).update(
        status=OrderPayment.Status.CANCELLED
    )
    failed = payment_intent(card_order, status="requires_payment_method")

    post(client, event("evt_1", "payment_intent.payment_failed", failed))

    card_order.payment.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.CANCELLED


def test_a_late_failure_after_success_changes_nothing(client, card_order):
    post(client, event("evt_1", "payment_intent.succeeded", payment_intent(card_order)))
    failed = payment_intent(card_order, status="requires_payment_method")

    post(client, event("evt_0", "payment_intent.payment_failed", failed))

    card_order.refresh_from_db()
    assert card_order.status == STATUS_CONFIRMED
    assert card_order.payment.status == OrderPayment.Status.PAID


def test_a_refund_arriving_before_the_success_ends_refunded(client, card_order):
    refunded = event("evt_2", "charge.refunded", charge_refunded(card_order))
    succeeded = event("evt_1", "payment_intent.succeeded", payment_intent(card_order))

    assert post(client, refunded).status_code == 200
    assert post(client, succeeded).status_code == 200

    card_order.refresh_from_db()
    payment = card_order.payment
    assert payment.status == OrderPayment.Status.REFUNDED
    assert payment.amount_refunded == card_order.total_incl_tax
    assert Refund.objects.filter(order=card_order).count() == 2
    # Credited then debited: every seller is back to zero.
    for part in card_order.seller_parts.all():
        assert seller_balance(seller=part.seller) == Decimal("0.00")
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND).count() == 2


def test_the_same_end_state_when_events_arrive_in_order(client, card_order):
    post(client, event("evt_1", "payment_intent.succeeded", payment_intent(card_order)))
    post(client, event("evt_2", "charge.refunded", charge_refunded(card_order)))

    card_order.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.REFUNDED
    for part in card_order.seller_parts.all():
        assert seller_balance(seller=part.seller) == Decimal("0.00")


def test_an_unhandled_event_type_is_acknowledged_and_logged(client, card_order, caplog):
    body = event("evt_9", "customer.created", {"id": "cus_1", "object": "customer"})

    with caplog.at_level("INFO", logger="marketplace.payments.webhooks"):
        response = post(client, body)

    assert response.status_code == 200
    assert response.json()["result"] == "ignored"
    assert "customer.created not handled" in caplog.text
