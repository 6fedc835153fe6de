"""Writes around order placement: stock held under lock, stock given back."""

import logging
from collections import defaultdict

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from .exceptions import OrderNotCancellable

StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")

logger = logging.getLogger(__name__)

# Order.status values. Oscar keeps the status as free text; these are ours.
STATUS_CONFIRMED = "Confirmed"
STATUS_PENDING_PAYMENT = "Pending payment"
STATUS_CANCELLED = "Cancelled"


class OutOfStock(UnableToPlaceOrder):
    """Another order took the last units: said to the shopper before paying."""


def basket_stock_lock(*, basket) -> None:
    """Lock the basket's stock records and check every line can be served.

    Must run inside the transaction that places the order. The rows are locked
    sorted by id, so two baskets holding the same products in different orders
    lock them in the same order and never deadlock; a concurrent placement
    waits here until this one commits, then sees the stock this one took.
    """
    wanted: dict[int, int] = defaultdict(int)
    titles: dict[int, str] = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            raise UnableToPlaceOrder(_("A product in your basket is no longer sold."))
        if not line.product.get_product_class().track_stock:
            continue
        wanted[line.stockrecord_id] += line.quantity
        titles[line.stockrecord_id] = line.product.get_title()
    records = (
        StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    )
    gone = [
        titles[record.pk]
        for record in records
        if (record.num_in_stock or 0) - (record.num_allocated or 0) < wanted[record.pk]
    ]
    if gone:
        raise OutOfStock(
            _(
                "Sorry, %(products)s just sold out: another order took the last "
                "units. Nothing has been charged; please update your basket."
            )
            % {"products": ", ".join(sorted(gone))}
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
    from marketplace.sellerorders.models import OrderSellerPart

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
        order.seller_parts.update(status=OrderSellerPart.Status.CANCELLED)
        if reason:
            order.notes.create(note_type="System", message=reason)
    logger.info("Order #%s cancelled: %s", order.number, reason)
    return True
