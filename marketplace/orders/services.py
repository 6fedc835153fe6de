"""Writes of the order's life: confirmation e-mails, stock given back,
cancelling."""

import logging
from collections.abc import Sequence

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

# The confirmation's task stays where the outbox has stored its path (queued
# messages name it); a leaf that imports no service.
from marketplace.checkout.tasks import order_placed_email
from marketplace.notifications import kinds
from marketplace.notifications.services import (
    notify_many,
    notify_order_shopper,
    notify_seller,
    seller_people,
)

from .exceptions import OrderNotCancellable
from .links import order_status_path
from .signals import order_cancelled
from .status import STATUS_AWAITING_CONFIRMATION, STATUS_CANCELLED

Order = get_model("order", "Order")

logger = logging.getLogger(__name__)


def order_confirmation_enqueue(*, order, also: Sequence[tuple] = ()) -> None:
    """The shopper's confirmation and each seller's notice, queued in the
    transaction that confirms the order (at placement for cash on delivery,
    when Stripe confirms a card payment) and sent once it commits, even if
    the task queue was down then. One message per e-mail: a seller's e-mail
    that fails is retried alone. A seller hears of its own lines only.
    `also`: more (task, kwargs) to queue with them, in the same single insert.
    The same queries whatever the number of sellers."""
    parts = list(
        order.seller_parts.select_related(
            "seller__owner", "seller__partner", "shipping_carrier"
        )
        .prefetch_related("seller__partner__users")
        .order_by("pk")
    )
    lines = {}
    for line in order.lines.order_by("pk"):
        lines.setdefault(line.partner_id, []).append(f"{line.quantity} × {line.title}")
    notices = [
        (
            user,
            kinds.ORDER_PART_NEW,
            {
                "number": order.number,
                "shop": part.seller.name,
                "lines": lines.get(part.seller.partner_id, []),
                "amount": part.total,
                "currency": order.currency,
                "awaiting_confirmation": order.status == STATUS_AWAITING_CONFIRMATION,
                # Names by code too: the e-mail reads them in the seller's
                # language (`notifications.names`), the text if unknown.
                "shipping_method": order.shipping_method,
                "shipping_method_code": order.shipping_code,
                **_carrier_context(part=part),
            },
            reverse("sellerorders:detail", kwargs={"pk": part.pk}),
        )
        for part in parts
        for user in seller_people(seller=part.seller)
    ]
    notify_many(
        notices=notices,
        also=[(order_placed_email, {"order_id": order.pk}), *also],
    )


def _carrier_context(*, part) -> dict:
    """The parcel's carrier chosen at checkout, by name and code (or none)."""
    if part.shipping_carrier is None:
        return {}
    return {"carrier": part.carrier, "carrier_code": part.shipping_carrier.code}


def _order_cancelled_notify(*, order, sellers_told: bool) -> None:
    """The shopper hears its order was cancelled; each seller too, if it was
    told of the order (a card order is told once paid)."""
    notify_order_shopper(
        order=order,
        kind=kinds.ORDER_CANCELLED,
        context={"number": order.number},
        url=order_status_path(order=order),
    )
    if not sellers_told:
        return
    parts = order.seller_parts.select_related("seller__owner", "seller__partner")
    for part in parts.order_by("pk"):
        notify_seller(
            seller=part.seller,
            kind=kinds.ORDER_CANCELLED,
            context={"number": order.number, "shop": part.seller.name},
            url=reverse("sellerorders:detail", kwargs={"pk": part.pk}),
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


def _sellers_told(*, order) -> bool:
    """Whether the sellers were sent the order: a cash order at placement, a
    card order once paid."""
    try:
        payment = order.payment
    except ObjectDoesNotExist:
        return True
    return payment.method != payment.Method.CARD or payment.paid_at is not None


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
        _order_cancelled_notify(order=order, sellers_told=_sellers_told(order=order))
        order_cancelled.send(sender=Order, order=order)
    logger.info("Order #%s cancelled: %s", order.number, reason)
    return True
