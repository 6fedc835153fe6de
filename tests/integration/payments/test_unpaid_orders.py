"""Card orders never paid give their stock back after a while."""

from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.payments.models import OrderPayment
from marketplace.payments.services import unpaid_card_orders_cancel

StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def test_only_card_orders_unpaid_past_the_delay_are_cancelled(card_order):
    # No PaymentIntent yet: the shopper never opened the payment page.
    OrderPayment.objects.filter(pk=card_order.payment.pk).update(payment_intent_id=None)

    assert unpaid_card_orders_cancel(older_than=timedelta(minutes=60)) == 0
    OrderPayment.objects.filter(pk=card_order.payment.pk).update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    assert unpaid_card_orders_cancel(older_than=timedelta(minutes=60)) == 1
    assert unpaid_card_orders_cancel(older_than=timedelta(minutes=60)) == 0

    card_order.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.CANCELLED
    for line in card_order.lines.all():
        assert StockRecord.objects.get(pk=line.stockrecord_id).num_allocated == 0


def test_a_declined_order_is_cancelled_when_left_unpaid(card_order):
    OrderPayment.objects.filter(pk=card_order.payment.pk).update(
        payment_intent_id=None,
        status=OrderPayment.Status.FAILED,
        created_at=timezone.now() - timedelta(minutes=61),
    )

    assert unpaid_card_orders_cancel(older_than=timedelta(minutes=60)) == 1

    card_order.refresh_from_db()
    assert card_order.payment.status == OrderPayment.Status.CANCELLED
    assert card_order.status == "Cancelled"
