"""Writes of the order's life: confirmation e-mails, stock given back,
cancelling."""

import logging
from collections.abc import Sequence

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

# The e-mail tasks stay where the outbox has stored their paths (queued
# messages name them); each is a leaf that imports no service.
from marketplace.checkout.tasks import order_placed_email
from marketplace.outbox.services import outbox_enqueue_many
from marketplace.sellerorders.tasks import seller_order_placed_email

from .exceptions import OrderNotCancellable
from .status import STATUS_CANCELLED

Order = get_model("order", "Order")

logger = logging.getLogger(__name__)


def order_confirmation_enqueue(*, order, also: Sequence[tuple] = ()) -> None:
    """The shopper's confirmation and each seller's notice, queued in the
    transaction that confirms the order (at placement for cash on delivery,
    when Stripe confirms a card payment) and sent once it commits, even if
    the task queue was down then. One message per e-mail: a seller's e-mail
    that fails is retried alone. `also`: more (task, kwargs) to queue with
    them, in the same single insert."""
    parts = order.seller_parts.order_by("pk").values_list("pk", flat=True)
    outbox_enqueue_many(
        jobs=[
            (order_placed_email, {"order_id": order.pk}),
            *((seller_order_placed_email, {"part_id": pk}) for pk in parts),
            *also,
        ]
    )


def order_release_stock(*, order) -> None:
    """Give back the stock an order holds (its allocations not yet consumed)."""
    lines = order.lines.select_related("stockrecord").order_by("stockrecord_id")
    with transaction.atomic():
        for line in lines:
            if line.stockrecord is None or not line.num_allocated:
                continue
            line.stockrecord.cancel_allocation(line.num_allocated)
            line.num_allocated = 0
            line.save(update_fields=["num_allocated"])


def order_cancel_refusal(*, order) -> str | None:
    """Why an order cannot simply be cancelled, or None when it can.

    Cancelling gives the stock back and nothing else: a card order that was
    paid (and not refunded in full) would keep the shopper's money and its
    sellers' credits, so it is refunded first (`payments.services.
    order_cancel_by_staff`); a parcel that has left is no longer stock.
    """
    try:
        payment = order.payment
    except ObjectDoesNotExist:
        payment = None
    if (
        payment is not None
        and payment.method == payment.Method.CARD
        and payment.is_paid
        and payment.status != payment.Status.REFUNDED
    ):
        return _("This order was paid by card: refund it to cancel it.")
    if order.seller_parts.exclude(status__in=["preparing", "cancelled"]).exists():
        return _("A parcel has already left: refund instead.")
    return None


def order_cancel(*, order, reason: str = "") -> bool:
    """Cancel an order not yet shipped: stock returns, every part is cancelled.

    Returns False (and changes nothing) when the order was already cancelled;
    raises `OrderNotCancellable` for a paid card order not refunded, or one a
    parcel of which has left.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status == STATUS_CANCELLED:
            return False
        refusal = order_cancel_refusal(order=order)
        if refusal:
            raise OrderNotCancellable(refusal)
        order_release_stock(order=order)
        order.status = STATUS_CANCELLED
        order.save(update_fields=["status"])
        parts = order.seller_parts
        parts.update(status=parts.model.Status.CANCELLED)
        if reason:
            order.notes.create(note_type="System", message=reason)
    logger.info("Order #%s cancelled: %s", order.number, reason)
    return True
