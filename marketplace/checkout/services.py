"""Writes around order placement: stock held under lock, stock given back,
cash-on-delivery orders confirmed or expired."""

import hashlib
import hmac
import logging
from collections import defaultdict
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from marketplace.outbox.services import outbox_enqueue
from marketplace.payments.models import OrderPayment
from marketplace.sellerorders.tasks import seller_order_placed_email

from .exceptions import OrderNotCancellable
from .tasks import cod_confirmation_request_email, order_placed_email

StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")

logger = logging.getLogger(__name__)

# Order.status values. Oscar keeps the status as free text; these are ours.
STATUS_CONFIRMED = "Confirmed"
# A cash-on-delivery order the shopper has not confirmed yet: sellers wait.
STATUS_AWAITING_CONFIRMATION = "Awaiting confirmation"
STATUS_PENDING_PAYMENT = "Pending payment"
STATUS_CANCELLED = "Cancelled"


class OutOfStock(UnableToPlaceOrder):
    """Another order took the last units: said to the shopper before paying."""


def order_confirmation_enqueue(*, order) -> None:
    """The shopper's confirmation and each seller's notice, queued in the
    transaction that confirms the order (at placement for cash on delivery,
    when Stripe confirms a card payment) and sent once it commits, even if
    the task queue was down then. One message per e-mail: a seller's e-mail
    that fails is retried alone."""
    outbox_enqueue(task=order_placed_email, kwargs={"order_id": order.pk})
    for part_id in order.seller_parts.order_by("pk").values_list("pk", flat=True):
        outbox_enqueue(task=seller_order_placed_email, kwargs={"part_id": part_id})


def cod_confirmation_request_enqueue(*, order, url: str) -> None:
    """The shopper's "confirm your cash order" e-mail (its signed link is
    `url`), queued through the outbox like the order's other e-mails."""
    outbox_enqueue(
        task=cod_confirmation_request_email,
        kwargs={"order_id": order.pk, "url": url},
    )


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


# --- Cash on delivery: confirmation, expiry, limits ---------------------------


def cod_limits_lock(*, client_ip: str | None, phone: str) -> None:
    """Serialise cash checkouts from one client address or one phone.

    Must run inside the placing transaction, before the limits are counted:
    two checkouts at once from the same phone would otherwise both count the
    same open orders and both pass. PostgreSQL's transaction-level advisory
    locks are released at commit; SQLite serialises writers by itself.
    """
    if connection.vendor != "postgresql":
        return
    keys = sorted(
        int.from_bytes(
            hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True
        )
        for key in (f"cod-ip:{client_ip}" if client_ip else "", f"cod-phone:{phone}")
        if key and not key.endswith(":")
    )
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _cod_signer() -> signing.Signer:
    return signing.Signer(salt="marketplace.checkout.cod-confirm")


def cod_confirmation_signature(*, order) -> str:
    """The secret part of the shopper's confirmation link."""
    return _cod_signer().signature(order.number)


def cod_confirmation_signature_check(*, order, signature: str) -> bool:
    return hmac.compare_digest(cod_confirmation_signature(order=order), signature)


def cod_order_confirm(*, order, via: str, user=None) -> bool:
    """The shopper confirmed a cash-on-delivery order: sellers may ship it.

    `via` says how (`OrderPayment.Confirmation`): the e-mail's signed link,
    or a phone call the seller records. Returns False when there was nothing
    to confirm (confirmed already, cancelled, or not a cash order).
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        payment = OrderPayment.objects.select_for_update().get(order=order)
        if (
            payment.method != OrderPayment.Method.COD
            or order.status != STATUS_AWAITING_CONFIRMATION
        ):
            return False
        payment.confirmed_at = timezone.now()
        payment.confirmed_via = via
        payment.confirmed_by = user if user is not None and user.pk else None
        payment.save(
            update_fields=[
                "confirmed_at",
                "confirmed_via",
                "confirmed_by",
                "updated_at",
            ]
        )
        order.status = STATUS_CONFIRMED
        order.save(update_fields=["status"])
        order.notes.create(
            note_type="System",
            message=_("Cash on delivery confirmed: %(via)s")
            % {"via": payment.get_confirmed_via_display()},
        )
    return True


def cod_unconfirmed_orders_expire(*, older_than: timedelta) -> int:
    """Cancel cash orders nobody confirmed in time: their stock returns.

    Returns how many were cancelled.
    """
    cutoff = timezone.now() - older_than
    stale = Order.objects.filter(
        status=STATUS_AWAITING_CONFIRMATION,
        payment__method=OrderPayment.Method.COD,
        date_placed__lt=cutoff,
    ).values_list("pk", flat=True)
    expired = 0
    for pk in stale:
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            # Confirmed meanwhile (by the shopper's link, say): it stays.
            if order.status != STATUS_AWAITING_CONFIRMATION:
                continue
            expired += int(
                order_cancel(
                    order=order,
                    reason=_("Cash on delivery not confirmed in time."),
                )
            )
    return expired
