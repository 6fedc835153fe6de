"""Stripe's webhook events: each processed once, in whatever order they come.

`event_process` records the event's id in the same transaction as its effects:
a delivery of an event already recorded inserts nothing and changes nothing;
a concurrent delivery of the same event waits on the unique index until the
first commits, then finds it recorded. Handlers lock the order's payment row,
and every transition checks the state it starts from, so events arriving out
of order (a refund before the success, a late failure after the success) end
in the same state as in order.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.orders.status import STATUS_CANCELLED

from .models import OrderPayment, Refund, StripeEvent
from .services import payment_mark_failed, payment_mark_paid, refund_record
from .stripe_gateway import from_minor_units, to_minor_units

logger = logging.getLogger(__name__)

PROCESSED, DUPLICATE, IGNORED = "processed", "duplicate", "ignored"


def event_process(*, event: dict) -> str:
    """Apply one verified event; say whether it was new, a repeat or unknown."""
    event_type = event.get("type", "")
    handler = HANDLERS.get(event_type)
    with transaction.atomic():
        try:
            with transaction.atomic():
                StripeEvent.objects.create(
                    event_id=event["id"], type=event_type, payload=event
                )
        except IntegrityError:
            logger.info("Stripe event %s already processed", event["id"])
            return DUPLICATE
        if handler is None:
            logger.info("Stripe event type %s not handled", event_type)
            return IGNORED
        handler(event["data"]["object"])
    return PROCESSED


def _locked_payment(payment_intent_id: str | None, metadata: dict | None):
    payments = OrderPayment.objects.select_for_update().select_related("order")
    payment = None
    if payment_intent_id:
        payment = payments.filter(payment_intent_id=payment_intent_id).first()
    if payment is None and metadata and metadata.get("order_number"):
        # The payment page may not have stored the PaymentIntent's id yet; a
        # payment already tied to another PaymentIntent is not this one's.
        payment = payments.filter(
            order__number=metadata["order_number"],
            method=OrderPayment.Method.CARD,
            payment_intent_id__isnull=True,
        ).first()
    if payment is None:
        logger.warning("Stripe: no order for PaymentIntent %s", payment_intent_id)
    return payment


def _amount_matches(payment: OrderPayment, *, amount: int, currency: str) -> bool:
    expected = to_minor_units(payment.amount, payment.currency)
    if amount == expected and (currency or "").lower() == payment.currency.lower():
        return True
    logger.error(
        "Order #%s: Stripe reports %s %s, the order is %s %s",
        payment.order.number,
        amount,
        currency,
        expected,
        payment.currency,
    )
    payment.order.notes.create(
        note_type="Error",
        message=_("Card payment amount or currency does not match the order."),
    )
    return False


def payment_intent_succeeded(intent: dict) -> None:
    payment = _locked_payment(intent.get("id"), intent.get("metadata"))
    if payment is None:
        return
    amount = intent.get("amount_received") or intent.get("amount")
    if not _amount_matches(payment, amount=amount, currency=intent.get("currency")):
        return
    if not payment.payment_intent_id:
        # Found by its order number: keep the id, a refund will need it.
        payment.payment_intent_id = intent["id"]
        payment.save(update_fields=["payment_intent_id", "updated_at"])
    payment_mark_paid(payment=payment)


def payment_intent_payment_failed(intent: dict) -> None:
    payment = _locked_payment(intent.get("id"), intent.get("metadata"))
    if payment is not None:
        payment_mark_failed(payment=payment)


def charge_refunded(charge: dict) -> None:
    """A refund went through. It may arrive before the payment's success."""
    payment = _locked_payment(charge.get("payment_intent"), charge.get("metadata"))
    if payment is None:
        return
    if Refund.objects.filter(order=payment.order, part__isnull=True).exists():
        # Refunded whole because it was paid after its cancellation: done.
        return
    if not payment.is_paid and payment.order.status == STATUS_CANCELLED:
        # Refunded on Stripe before its success reached us, for an order
        # cancelled meanwhile: record it; the success will then change nothing.
        _record_refund_of_cancelled(payment, charge)
        return
    if not payment.is_paid:
        # A refunded charge was captured: the payment did succeed, whatever
        # order its events come in.
        if not _amount_matches(
            payment, amount=charge.get("amount"), currency=charge.get("currency")
        ):
            return
        payment_mark_paid(payment=payment)
    parts = {part.pk: part for part in payment.order.seller_parts.all()}
    refunded_parts = set(
        Refund.objects.filter(order=payment.order).values_list("part_id", flat=True)
    )
    # Refunds made through `services.refund_part` name their part.
    for refund in (charge.get("refunds") or {}).get("data", []):
        part_id = (refund.get("metadata") or {}).get("part_id")
        if part_id and int(part_id) in parts and int(part_id) not in refunded_parts:
            refund_record(part=parts[int(part_id)], stripe_refund_id=refund["id"])
            refunded_parts.add(int(part_id))
    if charge.get("refunded") or charge.get("amount_refunded") == charge.get("amount"):
        # Refunded in full, from here or from Stripe's dashboard: every part.
        for part_id, part in parts.items():
            if part_id not in refunded_parts:
                refund_record(part=part, reason=_("Refunded in full on Stripe."))
    else:
        payment.refresh_from_db()
        refunded = to_minor_units(payment.amount_refunded, payment.currency)
        if charge.get("amount_refunded", 0) > refunded:
            payment.order.notes.create(
                note_type="Warning",
                message=_(
                    "A partial refund was made on Stripe: record it against a "
                    "seller's part."
                ),
            )


def _record_refund_of_cancelled(payment: OrderPayment, charge: dict) -> None:
    refunds = (charge.get("refunds") or {}).get("data") or [{}]
    amount = from_minor_units(charge.get("amount_refunded") or 0, payment.currency)
    Refund.objects.create(
        order=payment.order,
        part=None,
        amount=amount,
        stripe_refund_id=refunds[0].get("id"),
        reason=_("Refunded on Stripe after the order was cancelled."),
    )
    payment.amount_refunded = amount
    payment.status = OrderPayment.Status.REFUNDED
    payment.save(update_fields=["amount_refunded", "status", "updated_at"])


HANDLERS = {
    "payment_intent.succeeded": payment_intent_succeeded,
    "payment_intent.payment_failed": payment_intent_payment_failed,
    "charge.refunded": charge_refunded,
}
