"""Writes on payments and the sellers' ledger.

The ledger is append-only: every credit and debit is a new `LedgerEntry` whose
unique `key` names the event it records, so recording an event twice (a
webhook delivered again, a button clicked twice, a settlement run twice)
inserts nothing the second time.

Money on evidence: a credit to a seller comes from an event that proves the
money reached the marketplace, never from a button the seller presses. A card
part is credited when Stripe's signed webhook says the order is paid. A cash on
delivery part is different: the seller (or its carrier) holds the shopper's
cash, so the ledger records the commission the seller owes (a debit, when the
parcel is marked shipped) and credits the cash only when a carrier remits it to
the marketplace (`remittance_record`: a line of the carrier's statement or a
staff decision). A balance may be negative: the seller owes commission, which
later card sales or remittances pay off; settlements pay positive balances only.
"""

import csv
import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.notifications import kinds
from marketplace.notifications.services import notify_seller
from marketplace.orders.exceptions import OrderNotCancellable
from marketplace.orders.services import order_cancel, order_confirmation_enqueue
from marketplace.orders.signals import order_confirmed, part_returned
from marketplace.orders.status import (
    STATUS_AWAITING_CONFIRMATION,
    STATUS_CANCELLED,
    STATUS_CONFIRMED,
)

from . import stripe_gateway
from .models import (
    CarrierRemittance,
    CommissionRate,
    LedgerEntry,
    OrderPayment,
    Payout,
    PayoutBatch,
    Refund,
    RefundTransfer,
    RemittanceLine,
    SellerPayoutAccount,
)
from .providers import provider_for_payment
from .rib import rib_is_valid, rib_normalize

# By its app label, as this app's foreign keys name it: the sellers' parts
# (shipping, delivery) are above payments and call its ledger.
OrderSellerPart = get_model("sellerorders", "OrderSellerPart")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
# By label too: a part's credit waits while a return request on it is open
# (`seller_pending`); the returns room is above this one and calls its refunds.
ReturnRequest = get_model("returns", "ReturnRequest")

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Commission ---------------------------------------------------------------


def commission_percent_for_product(*, product) -> Decimal:
    """The commission on a product: its craft's rate, else the default.

    A rate set on a category applies to its subcategories too; the nearest
    category with a rate wins.
    """
    product = product.parent or product
    categories = list(product.get_categories().all())
    candidates = []
    for category in categories:
        # Nearest first: the category itself, then its ancestors upwards.
        candidates.extend(reversed(list(category.get_ancestors_and_self())))
    rates = {
        rate.category_id: rate.percent
        for rate in CommissionRate.objects.filter(category__in=candidates)
    }
    for category in candidates:
        if category.pk in rates:
            return rates[category.pk]
    return Decimal(str(settings.MARKETPLACE_COMMISSION_PERCENT))


def part_commission(*, part) -> Decimal:
    """The marketplace's commission on a seller's part: on its lines only.

    Shipping is passed on to the seller whole: the seller pays the carrier.
    """
    total = ZERO
    for line in part.get_lines().select_related("product__parent"):
        if line.product is None:
            percent = Decimal(str(settings.MARKETPLACE_COMMISSION_PERCENT))
        else:
            percent = commission_percent_for_product(product=line.product)
        total += line.line_price_incl_tax * percent / Decimal(100)
    return _money(total)


# --- Ledger -------------------------------------------------------------------


def ledger_append(
    *, seller, kind: str, amount: Decimal, key: str, description: str = "", **links
) -> LedgerEntry | None:
    """Append one entry; None when an entry with this key already exists."""
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(
                seller=seller,
                kind=kind,
                amount=_money(amount),
                key=key,
                description=description[:255],
                **links,
            )
    except IntegrityError:
        if LedgerEntry.objects.filter(key=key).exists():
            return None
        raise


def ledger_credit_part(*, part) -> bool:
    """Credit a seller for a paid part: lines + shipping − commission.

    Returns False when the part was already credited.
    """
    number = part.order.number
    entries = [
        (LedgerEntry.Kind.SALE, part.lines_total, _("Sales, order %s") % number),
        (
            LedgerEntry.Kind.SHIPPING,
            part.shipping_charge,
            _("Shipping, order %s") % number,
        ),
        (
            LedgerEntry.Kind.COMMISSION,
            -part_commission(part=part),
            _("Commission, order %s") % number,
        ),
    ]
    created = False
    with transaction.atomic():
        for kind, amount, description in entries:
            if amount == 0 and kind != LedgerEntry.Kind.SALE:
                continue
            entry = ledger_append(
                seller=part.seller,
                kind=kind,
                amount=amount,
                key=f"{kind}:{part.pk}",
                description=description,
                part=part,
            )
            created = created or entry is not None
    return created


def part_is_cash_on_delivery(*, part) -> bool:
    return OrderPayment.objects.filter(
        order_id=part.order_id, method=OrderPayment.Method.COD
    ).exists()


def part_awaits_card_payment(*, part) -> bool:
    """A card order whose payment Stripe has not confirmed: not to be shipped."""
    payment = OrderPayment.objects.filter(order_id=part.order_id).first()
    return (
        payment is not None
        and payment.method == OrderPayment.Method.CARD
        and not payment.is_paid
    )


def ledger_debit_cod_commission(*, part) -> bool:
    """Record the commission a seller owes on a cash-on-delivery part.

    The seller (or its carrier) holds the shopper's cash: nothing is payable
    to the seller, and the marketplace's commission is a debt. It is recorded
    when the parcel is marked shipped (the click that gives the shopper the
    tracking number and takes the goods out of stock), and again, harmlessly,
    at every later step (delivered, cash collected, carrier remittance), so a
    seller who skips a click still owes it. Returns False when already recorded.
    """
    commission = part_commission(part=part)
    if not commission:
        return False
    entry = ledger_append(
        seller=part.seller,
        kind=LedgerEntry.Kind.COMMISSION,
        amount=-commission,
        key=f"commission:{part.pk}",
        description=_("Commission owed, order %s (cash on delivery)")
        % part.order.number,
        part=part,
    )
    return entry is not None


def part_net_credited(*, part) -> Decimal:
    """What a part has brought its seller so far (credits minus refunds)."""
    total = LedgerEntry.objects.filter(part=part).aggregate(total=Sum("amount"))
    return total["total"] or ZERO


# --- Payments -------------------------------------------------------------------


def payment_create(
    *,
    order,
    method: str,
    client_ip: str | None = None,
    phone: str = "",
    provider: str = "",
) -> OrderPayment:
    """The order's payment; a card's names the provider that takes it."""
    return OrderPayment.objects.create(
        order=order,
        method=method,
        provider=provider,
        amount=order.total_incl_tax,
        currency=order.currency,
        client_ip=client_ip,
        phone=phone,
    )


def payment_mark_paid(*, payment: OrderPayment) -> bool:
    """The card payment is confirmed: the order is confirmed, sellers credited.

    Called with the payment row locked. Returns False when already paid. A
    success for an order cancelled meanwhile (its stock already back on sale)
    is refunded through Stripe at once, and no seller is credited.
    """
    if payment.is_paid:
        return False
    payment.status = OrderPayment.Status.PAID
    payment.paid_at = timezone.now()
    payment.save(update_fields=["status", "paid_at", "updated_at"])
    order = payment.order
    if order.status == STATUS_CANCELLED:
        _refund_paid_after_cancel(payment=payment)
        return True
    order.status = STATUS_CONFIRMED
    order.save(update_fields=["status"])
    for part in order.seller_parts.select_related("seller"):
        ledger_credit_part(part=part)
    order_confirmed.send(sender=Order, order=order)
    # The card order is confirmed now: the shopper and the sellers are told,
    # once the payment is committed.
    order_confirmation_enqueue(order=order)
    return True


def _refund_paid_after_cancel(*, payment: OrderPayment) -> Refund:
    """Give back a card payment that succeeded after its order was cancelled.

    The idempotency key is the order's: a webhook delivered again (this one
    failed after Stripe refunded, say) gets the same refund back from Stripe,
    never a second one. A Stripe error propagates, so the webhook's
    transaction rolls back and Stripe delivers the event again later.
    """
    order = payment.order
    outcome = provider_for_payment(payment=payment).refund(
        payment=payment,
        amount=payment.amount,
        key=f"order-{order.number}-refund-after-cancel",
        metadata={"order_number": order.number, "after_cancel": "1"},
    )
    refund = Refund.objects.create(
        order=order,
        part=None,
        amount=payment.amount,
        stripe_refund_id=outcome.stripe_refund_id,
        provider_reference=outcome.provider_reference,
        method=outcome.method,
        reason=_("Paid after the order was cancelled."),
    )
    payment.amount_refunded = payment.amount
    payment.status = OrderPayment.Status.REFUNDED
    payment.save(update_fields=["amount_refunded", "status", "updated_at"])
    order.notes.create(
        note_type="System",
        message=_("Paid after cancellation: refunded in full automatically."),
    )
    logger.warning("Order #%s paid after cancellation: refunded", order.number)
    return refund


def payment_mark_failed(*, payment: OrderPayment) -> bool:
    """A card attempt was declined: the order stays payable.

    Stripe leaves the PaymentIntent open for another attempt, so the shopper
    retries on the same card page; the stock stays held until the shopper
    cancels (`unpaid_card_order_cancel`) or `cancel_unpaid_orders` runs. Only
    a payment still waiting changes: a late failure after a success, or after
    a cancellation, changes nothing. Called with the payment row locked.
    """
    if payment.status != OrderPayment.Status.PENDING:
        return False
    payment.status = OrderPayment.Status.FAILED
    payment.save(update_fields=["status", "updated_at"])
    payment.order.notes.create(
        note_type="System", message=_("A card payment attempt was declined.")
    )
    return True


def payment_intent_for_order(*, order, payment: OrderPayment):
    """The order's one PaymentIntent: created once, read back afterwards.

    The idempotency key is the order's: two tabs opening the payment page at
    once get the same PaymentIntent from Stripe, and only the first id is kept.
    """
    if payment.payment_intent_id:
        return stripe_gateway.payment_intent_retrieve(
            payment_intent_id=payment.payment_intent_id
        )
    intent = stripe_gateway.payment_intent_create(
        amount=payment.amount,
        currency=payment.currency,
        idempotency_key=f"order-{order.number}-payment-intent",
        metadata={"order_number": order.number},
    )
    OrderPayment.objects.filter(pk=payment.pk, payment_intent_id__isnull=True).update(
        payment_intent_id=intent["id"]
    )
    return intent


class PaymentAlreadyMade(Exception):  # noqa: N818
    """Stripe would not cancel: the card was charged (or is being charged)."""


def unpaid_card_order_cancel(*, payment: OrderPayment, reason: str) -> bool:
    """Cancel one unpaid card order: Stripe's PaymentIntent first, then ours.

    The PaymentIntent is cancelled at Stripe before anything changes here, so
    a card confirmed in a Payment Element still open can no longer charge an
    order whose stock went back on sale. When Stripe refuses because the card
    was charged, nothing is cancelled: the success webhook will confirm the
    order (raises `PaymentAlreadyMade`). Returns False when the order was no
    longer unpaid (paid, or cancelled already).
    """
    with transaction.atomic():
        payment = (
            OrderPayment.objects.select_for_update()
            .select_related("order")
            .get(pk=payment.pk)
        )
        if payment.method != OrderPayment.Method.CARD or payment.status not in {
            OrderPayment.Status.PENDING,
            OrderPayment.Status.FAILED,
        }:
            return False
        if payment.payment_intent_id:
            _payment_intent_cancel(payment=payment)
        payment.status = OrderPayment.Status.CANCELLED
        payment.save(update_fields=["status", "updated_at"])
        order_cancel(order=payment.order, reason=reason)
    return True


def _payment_intent_cancel(*, payment: OrderPayment) -> None:
    """Cancel the PaymentIntent at Stripe; one cancelled already is fine."""
    try:
        stripe_gateway.payment_intent_cancel(
            payment_intent_id=payment.payment_intent_id
        )
        return
    except stripe_gateway.StripeError as error:
        refusal = error
    # Stripe refuses to cancel a PaymentIntent that succeeded, is processing,
    # or is cancelled already: only the last may go on.
    intent = stripe_gateway.payment_intent_retrieve(
        payment_intent_id=payment.payment_intent_id
    )
    if intent["status"] == "canceled":
        return
    logger.warning(
        "Order #%s: PaymentIntent not cancelled (%s, %s)",
        payment.order.number,
        intent["status"],
        refusal,
    )
    raise PaymentAlreadyMade(intent["status"])


def unpaid_card_orders_cancel(*, older_than: timedelta) -> int:
    """Cancel card orders still unpaid after `older_than`: their stock returns.

    A declined attempt leaves an order unpaid too. One Stripe says is already
    paid is left for its webhook. Returns how many were cancelled.
    """
    cutoff = timezone.now() - older_than
    stale = OrderPayment.objects.filter(
        method=OrderPayment.Method.CARD,
        status__in=[OrderPayment.Status.PENDING, OrderPayment.Status.FAILED],
        created_at__lt=cutoff,
    ).values_list("pk", flat=True)
    cancelled = 0
    for pk in stale:
        try:
            done = unpaid_card_order_cancel(
                payment=OrderPayment(pk=pk), reason=_("Not paid in time.")
            )
        except (PaymentAlreadyMade, stripe_gateway.StripeError):
            continue
        cancelled += int(done)
    return cancelled


# --- Refunds --------------------------------------------------------------------


def refund_record(
    *,
    part,
    stripe_refund_id: str | None = None,
    reason: str = "",
    user=None,
    method: str = Refund.Method.CARD,
    provider_reference: str = "",
) -> Refund | None:
    """Record the refund of one seller's part and debit that seller.

    The debit reverses what the part credited (lines + shipping − commission):
    the marketplace gives its commission back too. None when already refunded.
    """
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().get(order_id=part.order_id)
        if Refund.objects.filter(part=part, key__isnull=True).exists():
            return None
        # What returns refunded already is not given back twice.
        remaining = part.total - part_refunded(part=part)
        refund = Refund.objects.create(
            order_id=part.order_id,
            part=part,
            amount=remaining,
            stripe_refund_id=stripe_refund_id,
            provider_reference=provider_reference,
            method=method,
            reason=reason,
            created_by=user,
        )
        net = part_net_credited(part=part)
        if net:
            ledger_append(
                seller=part.seller,
                kind=LedgerEntry.Kind.REFUND,
                amount=-net,
                key=f"refund:{part.pk}",
                description=_("Refund, order %s") % part.order.number,
                part=part,
            )
        _payment_refunded_add(payment=payment, amount=remaining)
    return refund


def _payment_refunded_add(*, payment: OrderPayment, amount: Decimal) -> None:
    """Count a refund on the order's payment (its row locked by the caller)."""
    payment.amount_refunded = _money(payment.amount_refunded + amount)
    if payment.is_paid:
        payment.status = (
            OrderPayment.Status.REFUNDED
            if payment.amount_refunded >= payment.amount
            else OrderPayment.Status.PARTIALLY_REFUNDED
        )
    payment.save(update_fields=["amount_refunded", "status", "updated_at"])


def part_refunded(*, part) -> Decimal:
    """What was given back on a part so far (returns and whole refunds)."""
    total = Refund.objects.filter(part=part).aggregate(total=Sum("amount"))
    return total["total"] or ZERO


def refund_part(*, part, reason: str = "", user=None) -> Refund | None:
    """Refund one seller's part of a card order through the provider that
    took the payment, then record it.

    A part some lines of which were refunded already (returns) is refunded
    for the rest. The payment's row is locked from the check to the record,
    so two clicks at once refund once (the CMI's API has no idempotency key).
    A provider that cannot refund by its API leaves a bank refund to staff.
    """
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().get(order_id=part.order_id)
        if payment.method != OrderPayment.Method.CARD or not payment.is_paid:
            raise ValueError(_("Only a paid card order is refunded to the card."))
        if Refund.objects.filter(part=part, key__isnull=True).exists():
            return None
        remaining = part.total - part_refunded(part=part)
        if remaining <= 0:
            return None
        outcome = provider_for_payment(payment=payment).refund(
            payment=payment,
            amount=remaining,
            key=f"refund-part-{part.pk}",
            metadata={"order_number": part.order.number, "part_id": str(part.pk)},
        )
        return refund_record(
            part=part,
            stripe_refund_id=outcome.stripe_refund_id,
            provider_reference=outcome.provider_reference,
            method=outcome.method,
            reason=reason,
            user=user,
        )


def refund_lines(
    *,
    part,
    key: str,
    lines_amount: Decimal,
    shipping_amount: Decimal,
    method: str,
    reason: str = "",
    user=None,
    holder_name: str = "",
    rib: str = "",
) -> Refund:
    """Give back some of a part (a return): lines, and shipping when refunded.

    The caller holds the evidence (the seller's acceptance, or a staff
    decision) and names it in `key` (`return:<request>`): the same key refunds
    once, and gets the first refund back. The seller is debited the lines and
    the shipping refunded, and given back the commission in proportion to the
    lines. A card is refunded through Stripe (idempotency key: `key`); a cash
    order by a transfer to the shopper's RIB, paid in the next settlement
    file; a voucher is issued by the caller. The payment's row is locked, so
    the part is never refunded beyond what was paid.
    """
    lines_amount, shipping_amount = _money(lines_amount), _money(shipping_amount)
    amount = lines_amount + shipping_amount
    with transaction.atomic():
        payment = OrderPayment.objects.select_for_update().get(order_id=part.order_id)
        existing = Refund.objects.filter(key=key).first()
        if existing is not None:
            return existing
        if amount <= 0:
            raise ValidationError(_("Nothing to refund."))
        shipping_refunded = (
            Refund.objects.filter(part=part).aggregate(total=Sum("shipping_amount"))[
                "total"
            ]
            or ZERO
        )
        if shipping_amount + shipping_refunded > part.shipping_charge or amount > (
            part.total - part_refunded(part=part)
        ):
            raise ValidationError(_("This is more than what is left to refund."))
        stripe_refund_id, provider_reference = None, ""
        if method == Refund.Method.CARD:
            if payment.method != OrderPayment.Method.CARD or not payment.is_paid:
                raise ValidationError(
                    _("Only a paid card order is refunded to the card.")
                )
            # Back through the provider that took the payment (a bank refund
            # by staff when it cannot refund by its API).
            outcome = provider_for_payment(payment=payment).refund(
                payment=payment,
                amount=amount,
                key=key.replace(":", "-"),
                metadata={"order_number": part.order.number, "refund_key": key},
            )
            stripe_refund_id = outcome.stripe_refund_id
            provider_reference = outcome.provider_reference
            method = outcome.method
        elif method == Refund.Method.TRANSFER:
            if not rib_is_valid(rib) or not holder_name.strip():
                raise ValidationError(_("A valid RIB and its holder are needed."))
        refund = Refund.objects.create(
            order_id=part.order_id,
            part=part,
            amount=amount,
            lines_amount=lines_amount,
            shipping_amount=shipping_amount,
            method=method,
            key=key,
            stripe_refund_id=stripe_refund_id,
            provider_reference=provider_reference,
            reason=reason[:255],
            created_by=user,
        )
        if method == Refund.Method.TRANSFER:
            RefundTransfer.objects.create(
                refund=refund, holder_name=holder_name[:200], rib=rib_normalize(rib)
            )
        _ledger_debit_refund(part=part, refund=refund)
        _payment_refunded_add(payment=payment, amount=amount)
    return refund


def _ledger_debit_refund(*, part, refund: Refund) -> None:
    """Debit the seller what a partial refund gave back, less its commission."""
    number = part.order.number
    commission_back = ZERO
    if part.lines_total and refund.lines_amount:
        commission_back = _money(
            part_commission(part=part) * refund.lines_amount / part.lines_total
        )
    entries = [
        (LedgerEntry.Kind.REFUND, -refund.lines_amount, "refund", _("Refund")),
        (
            LedgerEntry.Kind.REFUND,
            -refund.shipping_amount,
            "refund-shipping",
            _("Shipping refunded"),
        ),
        (
            LedgerEntry.Kind.COMMISSION,
            commission_back,
            "refund-commission",
            _("Commission given back"),
        ),
    ]
    for kind, amount, prefix, label in entries:
        if not amount:
            continue
        ledger_append(
            seller=part.seller,
            kind=kind,
            amount=amount,
            key=f"{prefix}:r{refund.pk}",
            description=f"{label}, {_('order %s') % number}",
            part=part,
        )


def refund_order(*, order, reason: str = "", user=None) -> list[Refund]:
    """Refund the whole order: every seller's part."""
    refunds = []
    for part in order.seller_parts.select_related("seller"):
        refund = refund_part(part=part, reason=reason, user=user)
        if refund is not None:
            refunds.append(refund)
    return refunds


def order_cancel_by_staff(*, order, reason: str = "", user=None) -> list[Refund]:
    """Staff cancel an order; a paid card order is refunded first.

    Every seller's part of a paid card order is refunded through Stripe and its
    credit reversed in the ledger (`refund_order`), then the order is cancelled
    and its stock returns. Refused (`OrderNotCancellable`) once a parcel has
    left: refund that part instead. If Stripe fails half-way, the parts already
    refunded stay refunded and the order stays open: cancelling again refunds
    the rest (each part's refund is idempotent).
    """
    if order.seller_parts.exclude(
        status__in=[OrderSellerPart.Status.PREPARING, OrderSellerPart.Status.CANCELLED]
    ).exists():
        raise OrderNotCancellable(_("A parcel has already left: refund instead."))
    reason = reason or _("Cancelled by staff.")
    refunds = []
    payment = OrderPayment.objects.filter(order_id=order.pk).first()
    if payment and payment.method == OrderPayment.Method.CARD and payment.is_paid:
        refunds = refund_order(order=order, reason=reason, user=user)
    elif payment and payment.method == OrderPayment.Method.CARD:
        # Not paid (yet): its PaymentIntent is cancelled at Stripe first, so
        # a card confirmed in a page still open cannot charge it afterwards;
        # Stripe saying it was charged raises PaymentAlreadyMade.
        if unpaid_card_order_cancel(payment=payment, reason=reason):
            return refunds
    order_cancel(order=order, reason=reason)
    return refunds


# --- Cash on delivery: carriers' remittances ----------------------------------


def _cash_part_locked(*, part):
    """The part's row, locked for a remittance or a return; refused unless
    its order was paid cash on delivery."""
    part = (
        OrderSellerPart.objects.select_for_update()
        .select_related("order", "seller")
        .get(pk=part.pk)
    )
    if not part_is_cash_on_delivery(part=part):
        raise ValidationError(_("This parcel was not paid cash on delivery."))
    return part


def remittance_record(
    *,
    part,
    amount: Decimal,
    remitted_on: date,
    source: str,
    carrier: str = "",
    tracking_number: str = "",
    reference: str = "",
    user=None,
) -> CarrierRemittance | None:
    """A carrier remitted a cash-on-delivery parcel's cash: credit its seller
    and close the parcel.

    The evidence (a carrier's remittance line or a staff decision) is recorded
    first; the ledger credit's key names it. The amount must be the part's
    whole cash (lines + shipping). The commission owed is recorded too, if no
    click did. The parcel is closed: delivered (if it was on its way) and its
    cash collected. The part's row is locked, so the same remittance submitted
    twice at once (a file imported twice, a double click) credits once.
    Returns None when this part's remittance is already recorded; raises
    `ValidationError` when it cannot be this part's.
    """
    with transaction.atomic():
        part = _cash_part_locked(part=part)
        if part.status == OrderSellerPart.Status.CANCELLED:
            raise ValidationError(_("This order was cancelled."))
        if CarrierRemittance.objects.filter(part=part).exists():
            return None
        if part.status == OrderSellerPart.Status.RETURNED or (
            LedgerEntry.objects.filter(key=f"cod-returned:{part.pk}").exists()
        ):
            raise ValidationError(_("This parcel was recorded as returned unpaid."))
        if _money(amount) != part.total:
            raise ValidationError(
                _("%(amount)s remitted, but the parcel's cash is %(total)s.")
                % {"amount": _money(amount), "total": part.total}
            )
        remittance = CarrierRemittance.objects.create(
            part=part,
            carrier=carrier[:80],
            tracking_number=(tracking_number or part.tracking_number)[:80],
            amount=_money(amount),
            remitted_on=remitted_on,
            source=source,
            reference=reference[:255],
            created_by=user,
        )
        ledger_debit_cod_commission(part=part)
        ledger_append(
            seller=part.seller,
            kind=LedgerEntry.Kind.REMITTANCE,
            amount=part.total,
            key=f"remittance:{remittance.pk}",
            description=_("Cash remitted by the carrier, order %s") % part.order.number,
            part=part,
        )
        _cash_part_close(part=part)
    return remittance


def _cash_part_close(*, part) -> None:
    """The carrier handed over the cash: the parcel was delivered and paid."""
    now = timezone.now()
    fields = []
    if part.status == OrderSellerPart.Status.SHIPPED:
        part.status = OrderSellerPart.Status.DELIVERED
        part.delivered_at = now
        fields += ["status", "delivered_at"]
    if part.cash_collected_at is None:
        part.cash_collected_at = now
        fields.append("cash_collected_at")
    if fields:
        part.save(update_fields=fields)


def _returned_stock_restore(*, part) -> None:
    """The goods of a parcel that came back are for sale again.

    Shipping consumed their stock (`num_in_stock` went down); the stock
    records are locked in id order, as placing an order locks them, and saved
    one by one so the pages and search hear of it (their save signals).
    """
    quantities: dict[int, int] = {}
    for line in part.get_lines():
        if line.stockrecord_id is not None:
            quantities[line.stockrecord_id] = (
                quantities.get(line.stockrecord_id, 0) + line.quantity
            )
    records = StockRecord.objects.select_for_update().filter(pk__in=quantities)
    for record in records.order_by("pk"):
        record.num_in_stock = (record.num_in_stock or 0) + quantities[record.pk]
        record.save(update_fields=["num_in_stock"])


def cod_part_returned(*, part, user=None, evidence: str = "") -> bool:
    """A cash-on-delivery parcel came back to its seller unpaid.

    The shopper refused it at the door or was never found: the carrier's
    remittance file says so (`evidence` names its line) or staff record it
    ("returned to sender"); a seller's click never does. The parcel is marked
    returned (it counts in the shop's refusal rate), its goods go back in
    stock, and the commission the seller owed on it is reversed (no cash
    changed hands). Returns False when it was already recorded.
    """
    with transaction.atomic():
        part = _cash_part_locked(part=part)
        if CarrierRemittance.objects.filter(part=part).exists():
            raise ValidationError(
                _("The carrier remitted this parcel's cash: it was not returned.")
            )
        if part.status == OrderSellerPart.Status.RETURNED:
            return False
        if part.status != OrderSellerPart.Status.SHIPPED:
            raise ValidationError(
                _("Only a parcel on its way can come back to its seller.")
            )
        part.status = OrderSellerPart.Status.RETURNED
        part.returned_at = timezone.now()
        part.save(update_fields=["status", "returned_at"])
        _returned_stock_restore(part=part)
        # Its invoice, if the order was confirmed, gets its credit notes.
        part_returned.send(sender=OrderSellerPart, part=part)
        owed = (
            LedgerEntry.objects.filter(key=f"commission:{part.pk}")
            .values_list("amount", flat=True)
            .first()
        )
        if owed:
            ledger_append(
                seller=part.seller,
                kind=LedgerEntry.Kind.ADJUSTMENT,
                amount=-owed,
                key=f"cod-returned:{part.pk}",
                description=_("Parcel returned unpaid, order %s") % part.order.number,
                part=part,
            )
    logger.info(
        "Part %s returned to sender (%s), recorded by user %s",
        part.pk,
        evidence or "staff",
        user.pk if user is not None else None,
    )
    return True


@dataclass
class RemittanceImport:
    """What an import of a carrier's remittance file did, line by line."""

    credited: list = field(default_factory=list)  # (line, tracking number)
    returned: list = field(default_factory=list)  # (line, tracking number)
    already: list = field(default_factory=list)  # (line, tracking number)
    # Lines read but not matched: kept for staff (`RemittanceLine`).
    mismatches: list = field(default_factory=list)  # (line, tracking, reason)
    # Lines that could not be read: (line, column, reason).
    errors: list = field(default_factory=list)


REMITTANCE_COLUMNS = ("tracking_number", "amount", "date")
REMITTANCE_STATUS_COLUMN = "status"
# The words carriers' files use, lower case and without accents.
REMITTANCE_STATUSES = {
    "": RemittanceLine.Status.DELIVERED,
    "delivered": RemittanceLine.Status.DELIVERED,
    "livre": RemittanceLine.Status.DELIVERED,
    "paid": RemittanceLine.Status.DELIVERED,
    "encaisse": RemittanceLine.Status.DELIVERED,
    "refused": RemittanceLine.Status.REFUSED,
    "refuse": RemittanceLine.Status.REFUSED,
    "returned": RemittanceLine.Status.REFUSED,
    "retour": RemittanceLine.Status.REFUSED,
    "rts": RemittanceLine.Status.REFUSED,
}
MAX_REMITTANCE = Decimal("1000000000")
MAX_REMITTANCE_LINES = 20_000


class _BadCell(Exception):
    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column, self.reason = column, reason


def _statement_date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("Unreadable date: %s") % text[:20])


def _statement_amount(text: str, *, refused: bool = False) -> Decimal:
    try:
        amount = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Unreadable amount: %s") % text[:20]) from None
    # A refused parcel brought no cash: its line may say 0.
    low_ok = amount >= 0 if refused else amount > 0
    if not amount.is_finite() or not (low_ok and amount < MAX_REMITTANCE):
        raise ValidationError(_("Amount out of range: %s") % text[:20])
    return _money(amount)


def _status_word(text: str) -> str:
    folded = text.strip().lower()
    for accented, plain in (("é", "e"), ("è", "e"), ("ê", "e")):
        folded = folded.replace(accented, plain)
    return folded


def _remittance_cells(row: list[str], index: dict) -> tuple[str, Decimal, date, str]:
    """A line's tracking number, amount, date and status; `_BadCell` names
    the first column that is wrong and why."""
    status_text = (
        row[index[REMITTANCE_STATUS_COLUMN]]
        if REMITTANCE_STATUS_COLUMN in index
        else ""
    )
    status = REMITTANCE_STATUSES.get(_status_word(status_text))
    if status is None:
        raise _BadCell(
            REMITTANCE_STATUS_COLUMN,
            _("Unknown status %s (delivered or refused).") % status_text[:20],
        )
    tracking = row[index["tracking_number"]].strip().replace("\x00", "")
    if not tracking or len(tracking) > 80:
        raise _BadCell("tracking_number", _("Missing or too long tracking number."))
    try:
        amount = _statement_amount(
            row[index["amount"]].strip(),
            refused=status == RemittanceLine.Status.REFUSED,
        )
    except ValidationError as error:
        raise _BadCell("amount", " ".join(error.messages)) from None
    try:
        remitted_on = _statement_date(row[index["date"]].strip())
    except ValidationError as error:
        raise _BadCell("date", " ".join(error.messages)) from None
    return tracking, amount, remitted_on, status


def remittance_line_key(
    *, tracking_number: str, amount: Decimal, remitted_on: date, status: str
) -> str:
    """What makes a line the same line in another import."""
    text = f"{tracking_number.upper()}|{_money(amount)}|{remitted_on}|{status}"
    return hashlib.sha256(text.encode()).hexdigest()


def _remittance_line_apply(*, line: RemittanceLine, carrier: str, user) -> None:
    """Match a recorded line to its parcel and act: credit it, or take it
    back as returned; otherwise say why on the line, for staff."""
    parts = list(
        OrderSellerPart.objects.filter(
            tracking_number__iexact=line.tracking_number,
            order__payment__method=OrderPayment.Method.COD,
        ).exclude(status=OrderSellerPart.Status.CANCELLED)[:2]
    )
    if not parts:
        line.outcome = RemittanceLine.Outcome.UNKNOWN
        line.message = _("No cash-on-delivery parcel has this tracking number.")
        return
    if len(parts) > 1:
        line.outcome = RemittanceLine.Outcome.REJECTED
        line.message = _("Several parcels have this tracking number.")
        return
    part = line.part = parts[0]
    try:
        if line.status == RemittanceLine.Status.REFUSED:
            cod_part_returned(part=part, user=user, evidence=f"line:{line.key[:16]}")
            line.outcome = RemittanceLine.Outcome.RETURNED
            return
        if _money(line.amount) != part.total:
            line.outcome = RemittanceLine.Outcome.MISMATCH
            line.message = _(
                "%(amount)s remitted, but the parcel's cash is %(total)s."
            ) % {"amount": _money(line.amount), "total": part.total}
            return
        remittance_record(
            part=part,
            amount=line.amount,
            remitted_on=line.remitted_on,
            source=CarrierRemittance.Source.STATEMENT,
            carrier=carrier or part.carrier,
            tracking_number=line.tracking_number,
            reference=f"{line.file_name} line {line.line_number}".strip(),
            user=user,
        )
        line.outcome = RemittanceLine.Outcome.CREDITED
    except ValidationError as error:
        line.outcome = RemittanceLine.Outcome.REJECTED
        line.message = " ".join(error.messages)[:255]


def remittances_import(
    *, text: str, carrier: str = "", reference: str = "", user=None
) -> RemittanceImport:
    """Import a carrier's remittance file: one parcel's cash per line.

    The file is CSV (`;` or `,`) with a header naming the columns
    `tracking_number`, `amount` and `date` (YYYY-MM-DD or DD/MM/YYYY), and
    optionally `status` (delivered, the default, or refused: the parcel comes
    back to its seller, its stock returns). Each line is recorded once under
    its unique key, then matched to the cash-on-delivery parcel with that
    tracking number: a delivered line credits the parcel's seller and closes
    the parcel; a refused one records its return. A line that cannot be read
    is reported with its number, column and reason; a line whose parcel is
    unknown or whose amount differs is kept for staff. A line imported before
    is reported and does nothing.
    """
    result = RemittanceImport()
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        result.errors.append((1, "", _("The file is empty.")))
        return result
    if len(lines) > MAX_REMITTANCE_LINES + 1:
        result.errors.append(
            (1, "", _("Too many lines (%d at most).") % MAX_REMITTANCE_LINES)
        )
        return result
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    missing = [name for name in REMITTANCE_COLUMNS if name not in header]
    if missing:
        for name in missing:
            result.errors.append((1, name, _("Missing column.")))
        return result
    wanted = (*REMITTANCE_COLUMNS, REMITTANCE_STATUS_COLUMN)
    index = {name: header.index(name) for name in wanted if name in header}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            result.errors.append((number, "", _("Too few columns.")))
            continue
        try:
            tracking, amount, remitted_on, status = _remittance_cells(row, index)
        except _BadCell as bad:
            result.errors.append((number, bad.column, bad.reason))
            continue
        key = remittance_line_key(
            tracking_number=tracking,
            amount=amount,
            remitted_on=remitted_on,
            status=status,
        )
        line = RemittanceLine(
            key=key,
            carrier=carrier[:80],
            tracking_number=tracking,
            amount=amount,
            remitted_on=remitted_on,
            status=status,
            file_name=reference[:100],
            line_number=number,
            created_by=user if user is not None and user.pk else None,
        )
        try:
            with transaction.atomic():
                # The line's unique insert first: a second import of it (even
                # at the same time) stops here, before any money moves.
                line.outcome = RemittanceLine.Outcome.REJECTED
                line.save()
                _remittance_line_apply(line=line, carrier=carrier, user=user)
                line.save(update_fields=["outcome", "message", "part"])
        except IntegrityError:
            if not RemittanceLine.objects.filter(key=key).exists():
                raise
            result.already.append((number, tracking))
            continue
        if line.outcome == RemittanceLine.Outcome.CREDITED:
            result.credited.append((number, tracking))
        elif line.outcome == RemittanceLine.Outcome.RETURNED:
            result.returned.append((number, tracking))
        else:
            result.mismatches.append((number, tracking, line.message))
    return result


def remittance_line_resolve(*, line: RemittanceLine, user) -> bool:
    """Staff dealt with a line the import could not match."""
    updated = RemittanceLine.objects.filter(
        pk=line.pk, resolved_at__isnull=True
    ).update(resolved_at=timezone.now(), resolved_by=user)
    return bool(updated)


# --- Settlement -----------------------------------------------------------------


def seller_balance(*, seller) -> Decimal:
    total = LedgerEntry.objects.filter(seller=seller).aggregate(total=Sum("amount"))
    # SQLite sums decimals as floats (-5.7e-14 for a zero): back to cents.
    return _money(total["total"] or ZERO)


def _part_held_days(*, seller) -> int:
    return max(settings.MARKETPLACE_PAYOUT_HOLD_DAYS, seller.return_window_days)


def seller_pending(*, seller, now: datetime | None = None) -> Decimal:
    """What a seller earned on sales not final yet: not payable.

    A part's credit waits until the part is delivered and its return window
    has passed (`MARKETPLACE_PAYOUT_HOLD_DAYS`, or the shop's longer window)
    with no return request open. A part that nets a debt (commission owed on
    a cash sale) is not held: what the seller owes is netted at once. Entries
    tied to no part (payouts, adjustments) are payable.
    """
    cutoff = (now or timezone.now()) - timedelta(days=_part_held_days(seller=seller))
    disputed = ReturnRequest.objects.filter(
        part__seller=seller, status__in=ReturnRequest.OPEN
    ).values("part_id")
    final = (
        Q(part__status=OrderSellerPart.Status.CANCELLED)
        | Q(
            part__status=OrderSellerPart.Status.DELIVERED,
            part__delivered_at__lte=cutoff,
        )
    ) & ~Q(part_id__in=disputed)
    held = (
        LedgerEntry.objects.filter(seller=seller, part__isnull=False)
        .exclude(final)
        .values("part_id")
        .annotate(net=Sum("amount"))
        .filter(net__gt=0)
    )
    return _money(sum((row["net"] for row in held), ZERO))


def seller_payable(*, seller, now: datetime | None = None) -> Decimal:
    """The balance less what is pending: what the next settlement pays."""
    return seller_balance(seller=seller) - seller_pending(seller=seller, now=now)


def payouts_settle(
    *, user=None, minimum: Decimal = CENT, now: datetime | None = None
) -> PayoutBatch | None:
    """Gather what is payable to each seller with a valid RIB into a batch,
    with the bank transfers owed to shoppers refunded on cash orders.

    Each seller's balance is read and debited with its row locked, so two runs
    at once (or one run twice) never pay anyone twice: the second finds the
    balance already debited. Only what is final is paid (`seller_payable`):
    sales still within their return window wait. Each refund transfer joins
    one batch (its row locked). None when nobody is due anything.
    """
    accounts = SellerPayoutAccount.objects.select_related("seller").order_by(
        "seller_id"
    )
    with transaction.atomic():
        batch = None
        for account in accounts:
            if not rib_is_valid(account.rib):
                logger.warning("Seller %s: invalid RIB, not paid", account.seller_id)
                continue
            # Lock the seller: balances are read and debited one seller at a time.
            seller = Seller.objects.select_for_update().get(pk=account.seller_id)
            balance = seller_payable(seller=seller, now=now)
            if balance < minimum:
                continue
            if batch is None:
                batch = PayoutBatch.objects.create(created_by=user)
            payout = Payout.objects.create(
                batch=batch,
                seller=seller,
                amount=balance,
                holder_name=account.holder_name,
                rib=account.rib,
            )
            ledger_append(
                seller=seller,
                kind=LedgerEntry.Kind.PAYOUT,
                amount=-balance,
                key=f"payout:{payout.pk}",
                description=_("Bank transfer, batch %s") % batch.pk,
                payout=payout,
            )
        transfers = list(
            RefundTransfer.objects.select_for_update()
            .filter(batch__isnull=True)
            .order_by("pk")
        )
        if transfers and batch is None:
            batch = PayoutBatch.objects.create(created_by=user)
        for transfer in transfers:
            transfer.batch = batch
            transfer.save(update_fields=["batch"])
    return batch


@transaction.atomic
def payout_batch_mark_paid(*, batch: PayoutBatch) -> bool:
    """The bank confirmed the transfers: each shop's owner is told (once)."""
    updated = PayoutBatch.objects.filter(
        pk=batch.pk, status=PayoutBatch.Status.PENDING
    ).update(status=PayoutBatch.Status.PAID, paid_at=timezone.now())
    if not updated:
        return False
    payouts = batch.payouts.select_related("seller__owner").order_by("pk")
    for payout in payouts:
        notify_seller(
            seller=payout.seller,
            kind=kinds.PAYOUT_SENT,
            context={
                "amount": payout.amount,
                "currency": settings.OSCAR_DEFAULT_CURRENCY,
            },
            url=reverse("payments:seller-payouts"),
            owner_only=True,
        )
    return True


# A spreadsheet runs a cell starting with one of these as a formula (or, for a
# tab or carriage return, shifts it to one); a quote in front keeps it text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet shows as typed and never runs as a formula."""
    value = str(value)
    if value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def payout_batch_csv(*, batch: PayoutBatch) -> str:
    """The bank transfer file: one row per seller, amounts with two decimals.

    The holder's name is typed by the seller: its cells are neutralised so a
    spreadsheet opening the file shows `=HYPERLINK(…)` as text.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["beneficiaire", "rib", "montant", "devise", "reference"])
    for payout in batch.payouts.select_related("seller"):
        writer.writerow(
            [
                csv_cell(payout.holder_name),
                csv_cell(payout.rib),
                f"{payout.amount:.2f}",
                "MAD",
                f"MAALEM-{batch.pk}-{payout.seller_id}",
            ]
        )
    # Refunds to shoppers who paid cash: the RIB each gave on its request.
    for transfer in batch.refund_transfers.select_related("refund"):
        writer.writerow(
            [
                csv_cell(transfer.holder_name),
                csv_cell(transfer.rib),
                f"{transfer.refund.amount:.2f}",
                "MAD",
                f"MAALEM-{batch.pk}-R{transfer.refund_id}",
            ]
        )
    return out.getvalue()


# --- Cash on delivery: the shopper's confirmation, or expiry -----------------


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
        order_confirmed.send(sender=Order, order=order)
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
