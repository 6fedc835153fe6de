"""Writes on sellers' parts of orders: creating them, shipping, delivering."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.notifications import kinds
from marketplace.notifications.services import notify_order_shopper
from marketplace.orders.links import order_status_path
from marketplace.orders.status import STATUS_AWAITING_CONFIRMATION
from marketplace.payments.services import (
    ledger_debit_cod_commission,
    part_awaits_card_payment,
    part_is_cash_on_delivery,
)

from .models import OrderSellerPart

logger = logging.getLogger(__name__)


def order_split_by_seller(*, order, shares) -> list[OrderSellerPart]:
    """One part per seller of the basket the order was placed from (one
    insert, however many sellers)."""
    return OrderSellerPart.objects.bulk_create(
        [
            OrderSellerPart(
                order=order,
                seller=share.seller,
                lines_total=share.subtotal,
                shipping_charge=share.shipping,
                shipping_carrier=share.carrier,
                carrier=share.carrier.name if share.carrier is not None else "",
            )
            for share in shares
        ]
    )


def _locked_part(*, part: OrderSellerPart, seller) -> OrderSellerPart:
    locked = OrderSellerPart.objects.select_for_update().get(pk=part.pk)
    if locked.seller_id != seller.pk:
        raise PermissionDenied
    if locked.status == OrderSellerPart.Status.CANCELLED:
        raise ValidationError(_("This order was cancelled."))
    return locked


def part_mark_shipped(
    *,
    part: OrderSellerPart,
    seller,
    carrier: str,
    tracking_number: str,
    shipping_carrier=None,
) -> OrderSellerPart:
    """The seller handed its parcel to a carrier; the shopper is told (with a
    link to the carrier's tracking page when `shipping_carrier` has one)."""
    with transaction.atomic():
        part = _locked_part(part=part, seller=seller)
        if part.status != OrderSellerPart.Status.PREPARING:
            raise ValidationError(_("This parcel has already been shipped."))
        if part.order.status == STATUS_AWAITING_CONFIRMATION:
            # It may still expire and its stock go back on sale.
            raise ValidationError(
                _("Wait for the shopper to confirm this cash-on-delivery order.")
            )
        if part_awaits_card_payment(part=part):
            raise ValidationError(_("This order is not paid yet: do not ship it."))
        part.status = OrderSellerPart.Status.SHIPPED
        part.carrier = carrier[:80]
        part.tracking_number = tracking_number[:80]
        if shipping_carrier is not None:
            part.shipping_carrier = shipping_carrier
        part.shipped_at = timezone.now()
        part.save(
            update_fields=[
                "status",
                "carrier",
                "shipping_carrier",
                "tracking_number",
                "shipped_at",
            ]
        )
        _consume_stock(part=part)
        if part_is_cash_on_delivery(part=part):
            # The parcel left with its cash to collect: the seller (or its
            # carrier) will hold the money, the marketplace is owed its share.
            ledger_debit_cod_commission(part=part)
        _shopper_notify(part=part, kind=kinds.PART_SHIPPED)
    return part


def _shopper_notify(*, part: OrderSellerPart, kind: str) -> None:
    """The shopper hears of its parcel: its lines from this seller only."""
    order = part.order
    context = {
        "number": order.number,
        "shop": part.seller.name,
        "lines": [f"{line.quantity} × {line.title}" for line in part.get_lines()],
    }
    if kind == kinds.PART_SHIPPED:
        context.update(
            carrier=part.carrier,
            # By code too: read in the shopper's language (notifications.names).
            carrier_code=(
                part.shipping_carrier.code if part.shipping_carrier_id else ""
            ),
            tracking_number=part.tracking_number,
            tracking_url=part.tracking_link,
        )
    notify_order_shopper(
        order=order, kind=kind, context=context, url=order_status_path(order=order)
    )


def part_mark_delivered(*, part: OrderSellerPart, seller) -> OrderSellerPart:
    """The parcel reached the shopper."""
    with transaction.atomic():
        part = _locked_part(part=part, seller=seller)
        if part.status == OrderSellerPart.Status.DELIVERED:
            return part
        if part.status != OrderSellerPart.Status.SHIPPED:
            raise ValidationError(_("Mark the parcel shipped first."))
        part.status = OrderSellerPart.Status.DELIVERED
        part.delivered_at = timezone.now()
        part.save(update_fields=["status", "delivered_at"])
        if part_is_cash_on_delivery(part=part):
            ledger_debit_cod_commission(part=part)
        _shopper_notify(part=part, kind=kinds.PART_DELIVERED)
    return part


def part_mark_cash_collected(*, part: OrderSellerPart, seller) -> OrderSellerPart:
    """The seller says it collected the cash of a cash-on-delivery parcel.

    The seller's word credits nothing: the seller holds the shopper's cash, so
    the ledger only records the commission it owes (if shipping did not
    already). Money becomes payable to a seller for such a parcel only when a
    carrier remits the cash to the marketplace (`remittance_record`).
    Collecting twice changes nothing.
    """
    with transaction.atomic():
        part = _locked_part(part=part, seller=seller)
        if not part_is_cash_on_delivery(part=part):
            raise ValidationError(_("This order was paid by card."))
        if part.cash_collected_at is not None:
            return part
        if part.status != OrderSellerPart.Status.DELIVERED:
            raise ValidationError(_("Cash is collected on delivery."))
        part.cash_collected_at = timezone.now()
        part.save(update_fields=["cash_collected_at"])
        ledger_debit_cod_commission(part=part)
    return part


def _consume_stock(*, part: OrderSellerPart) -> None:
    """Shipped goods leave the stock: the allocation becomes a consumption."""
    for line in part.get_lines().select_related("stockrecord"):
        if line.stockrecord is None or not line.num_allocated:
            continue
        line.stockrecord.consume_allocation(line.num_allocated)
        line.num_allocated = 0
        line.save(update_fields=["num_allocated"])
