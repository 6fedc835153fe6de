"""Writes on returns, refunds and disputes.

Every step locks its request's row (a new request locks the part's), checks
the status it starts from and records a `ReturnEvent`, so a double click or
two tabs change nothing twice. Money moves only on evidence the payee cannot
forge: the seller accepting (the seller gives up money) or offering a partial
refund, or a staff decision. The shopper's clicks never refund by themselves:
accepting a seller's offer refunds what the seller offered.

Each step tells the other side (`notify`: the bell and an e-mail in the
recipient's language) in the step's transaction.
"""

import logging
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.services import stock_add
from marketplace.payments.models import OrderPayment, Refund
from marketplace.payments.rib import rib_is_valid, rib_normalize
from marketplace.payments.services import refund_lines
from marketplace.sellerorders.models import OrderSellerPart
from marketplace.translated import every_language_text, language_code

from .models import Dispute, ReturnEvent, ReturnLine, ReturnPhoto, ReturnRequest
from .notifications import return_step

logger = logging.getLogger(__name__)

Voucher = get_model("voucher", "Voucher")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
Range = get_model("offer", "Range")

Status = ReturnRequest.Status
Actor = ReturnEvent.Actor
CENT = Decimal("0.01")


# --- Windows and amounts -----------------------------------------------------------


def return_window_end(*, part) -> datetime | None:
    """When the shopper's window closes: the shop's days after delivery."""
    if part.delivered_at is None:
        return None
    return part.delivered_at + timedelta(days=part.seller.return_window_days)


def part_line_returnable(*, part, line, reason: str) -> int:
    """How many pieces of `line` may still be asked back for `reason`.

    Pieces already in a request open or refunded are not asked twice. A shop
    may exclude made-to-order pieces from a change of mind (personalised
    goods, as law 31-08 allows); a defect is always returnable.
    """
    product = line.product
    if (
        reason == ReturnRequest.Reason.CHANGED_MIND
        and not part.seller.made_to_order_returnable
        and product is not None
        and (product.parent or product).made_to_order
    ):
        return 0
    taken = (
        ReturnLine.objects.filter(line=line)
        .filter(request__status__in=[*ReturnRequest.OPEN, Status.REFUNDED])
        .aggregate(total=Sum("quantity"))["total"]
        or 0
    )
    return max(line.quantity - taken, 0)


def request_amounts(*, request: ReturnRequest) -> tuple[Decimal, Decimal]:
    """The lines asked back and, when the seller is at fault, the shipping."""
    lines = sum(
        (row.amount for row in request.lines.select_related("line")), Decimal(0)
    )
    shipping = Decimal(0)
    if request.seller_at_fault:
        # Once per parcel: a second return of the same parcel gets none.
        refunded = Refund.objects.filter(part=request.part).aggregate(
            total=Sum("shipping_amount")
        )["total"] or Decimal(0)
        shipping = max(request.part.shipping_charge - refunded, Decimal(0))
    return lines.quantize(CENT), shipping.quantize(CENT)


def refund_methods_for(*, part) -> list[str]:
    """A card order is refunded to the card; a cash order by transfer. Either
    may take a voucher instead."""
    payment = OrderPayment.objects.filter(order_id=part.order_id).first()
    methods = [ReturnRequest.RefundMethod.VOUCHER]
    if payment is not None and payment.method == OrderPayment.Method.CARD:
        methods.insert(0, ReturnRequest.RefundMethod.CARD)
    else:
        methods.insert(0, ReturnRequest.RefundMethod.TRANSFER)
    return methods


# --- Steps -------------------------------------------------------------------------


def _event(*, request, actor: str, user=None, message: str = "", amount=None):
    event = ReturnEvent.objects.create(
        request=request,
        actor=actor,
        user=user if user is not None and user.pk else None,
        status=request.status,
        message=message,
        # Said on the pages of another language with its `lang`.
        language=language_code() if message else "",
        amount=amount,
    )
    return_step(request=request, event=event)


def _check_shopper(*, order_user_id, shopper) -> None:
    """A signed-in shopper acts on its own orders; a guest (`shopper` None,
    its order's signed link checked by the view) on a guest's order only."""
    expected = shopper.pk if shopper is not None else None
    if order_user_id != expected:
        raise PermissionDenied


def _locked(*, request: ReturnRequest) -> ReturnRequest:
    return (
        ReturnRequest.objects.select_for_update()
        .select_related("part__order", "part__seller")
        .get(pk=request.pk)
    )


def _seller_locked(*, request: ReturnRequest, seller) -> ReturnRequest:
    request = _locked(request=request)
    if request.part.seller_id != seller.pk:
        raise PermissionDenied
    return request


def _expect(request: ReturnRequest, *statuses) -> None:
    if request.status not in statuses:
        raise ValidationError(
            _("This request is %(status)s: this step is not possible now.")
            % {"status": request.get_status_display()}
        )


def return_request_create(
    *,
    part,
    shopper,  # None: a guest, whose order's signed link the view checked
    reason: str,
    quantities: dict[int, int],
    refund_method: str,
    description: str = "",
    holder_name: str = "",
    rib: str = "",
    photos=(),
    now: datetime | None = None,
) -> ReturnRequest:
    """A shopper asks to return some pieces of a delivered part.

    `quantities` maps the order's line ids (of this part) to how many pieces.
    `photos` are cleaned files (`catalogue.photos.photo_clean`). The part's row
    is locked, so the same request submitted twice at once opens one (the
    second is refused: a request is open).
    """
    now = now or timezone.now()
    if reason not in ReturnRequest.Reason.values:
        raise ValidationError(_("Choose a reason."))
    if len(photos) > settings.MARKETPLACE_RETURN_MAX_PHOTOS:
        raise ValidationError(
            _("%(max)s photos at most.")
            % {"max": settings.MARKETPLACE_RETURN_MAX_PHOTOS}
        )
    with transaction.atomic():
        part = (
            OrderSellerPart.objects.select_for_update()
            .select_related("order", "seller")
            .get(pk=part.pk)
        )
        _check_shopper(order_user_id=part.order.user_id, shopper=shopper)
        if part.status != OrderSellerPart.Status.DELIVERED:
            raise ValidationError(_("A parcel can be returned once delivered."))
        if now > return_window_end(part=part):
            raise ValidationError(
                _("The %(days)s days to return this parcel have passed.")
                % {"days": part.seller.return_window_days}
            )
        if ReturnRequest.objects.filter(
            part=part, status__in=ReturnRequest.OPEN
        ).exists():
            raise ValidationError(_("A request on this parcel is already open."))
        if refund_method not in refund_methods_for(part=part):
            raise ValidationError(_("This refund method is not offered here."))
        rib = rib_normalize(rib)
        if refund_method == ReturnRequest.RefundMethod.TRANSFER and (
            not rib_is_valid(rib) or not holder_name.strip()
        ):
            raise ValidationError(_("Give a valid RIB and its holder's name."))
        lines = {line.pk: line for line in part.get_lines().select_related("product")}
        chosen = {pk: qty for pk, qty in quantities.items() if qty}
        if not chosen:
            raise ValidationError(_("Choose at least one piece to return."))
        for pk, quantity in chosen.items():
            if pk not in lines:
                raise ValidationError(_("This line is not in this parcel."))
            allowed = part_line_returnable(part=part, line=lines[pk], reason=reason)
            if not 0 < quantity <= allowed:
                raise ValidationError(
                    _("%(title)s: %(allowed)s piece(s) at most can be returned.")
                    % {"title": lines[pk].title, "allowed": allowed}
                )
        request = ReturnRequest.objects.create(
            part=part,
            shopper=shopper,
            email=part.order.email or (shopper.email if shopper else ""),
            reason=reason,
            description=description,
            refund_method=refund_method,
            holder_name=holder_name.strip()
            if refund_method == ReturnRequest.RefundMethod.TRANSFER
            else "",
            rib=rib if refund_method == ReturnRequest.RefundMethod.TRANSFER else "",
            language=get_language() or "",
        )
        ReturnLine.objects.bulk_create(
            ReturnLine(request=request, line=lines[pk], quantity=quantity)
            for pk, quantity in sorted(chosen.items())
        )
        for photo in photos:
            ReturnPhoto.objects.create(request=request, image=photo)
        _event(request=request, actor=Actor.SHOPPER, user=shopper, message=description)
    return request


def return_accept(*, request, seller, user=None, instructions: str) -> ReturnRequest:
    """The seller accepts the return and says how to send the goods back."""
    with transaction.atomic():
        request = _seller_locked(request=request, seller=seller)
        _expect(request, Status.REQUESTED)
        request.status = Status.ACCEPTED
        request.seller_message = instructions
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "seller_message", "answered_at"])
        _event(request=request, actor=Actor.SELLER, user=user, message=instructions)
    return request


def return_offer_partial(
    *, request, seller, user=None, amount: Decimal, message: str = ""
) -> ReturnRequest:
    """The seller offers part of the money back; the shopper keeps the goods."""
    with transaction.atomic():
        request = _seller_locked(request=request, seller=seller)
        _expect(request, Status.REQUESTED)
        lines, shipping = request_amounts(request=request)
        if not 0 < amount <= lines + shipping:
            raise ValidationError(
                _("Offer between 0.01 and %(max)s.") % {"max": lines + shipping}
            )
        request.status = Status.PARTIAL_OFFERED
        request.offered_amount = amount
        request.seller_message = message
        request.answered_at = timezone.now()
        request.save(
            update_fields=["status", "offered_amount", "seller_message", "answered_at"]
        )
        _event(
            request=request,
            actor=Actor.SELLER,
            user=user,
            message=message,
            amount=amount,
        )
    return request


def return_refuse(*, request, seller, user=None, reason: str) -> ReturnRequest:
    """The seller refuses, with a reason the shopper (and staff) read."""
    if not reason.strip():
        raise ValidationError(_("Say why you refuse."))
    with transaction.atomic():
        request = _seller_locked(request=request, seller=seller)
        _expect(request, Status.REQUESTED)
        request.status = Status.REFUSED
        request.seller_message = reason
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "seller_message", "answered_at"])
        _event(request=request, actor=Actor.SELLER, user=user, message=reason)
    return request


def return_mark_received(*, request, seller, user=None) -> ReturnRequest:
    """The seller received the returned goods: they are refunded at once.

    If the refund fails (Stripe unreachable), the request stays received and
    `return_refund_by_seller` tries again.
    """
    with transaction.atomic():
        request = _seller_locked(request=request, seller=seller)
        if request.status == Status.ACCEPTED:
            request.status = Status.RECEIVED
            request.save(update_fields=["status"])
            _restock(request=request)
            _event(request=request, actor=Actor.SELLER, user=user)
    return return_refund_by_seller(request=request, seller=seller, user=user)


def _restock(*, request) -> None:
    """The returned pieces are back on the shelf: each line's quantity goes
    back to the stock record it was sold from (once: only the step from
    accepted to received calls this, under the request's lock)."""
    rows = request.lines.select_related("line").order_by("line__stockrecord_id")
    for row in rows:
        if row.line.stockrecord_id is not None:
            stock_add(stockrecord_id=row.line.stockrecord_id, quantity=row.quantity)


def return_refund_by_seller(*, request, seller, user=None) -> ReturnRequest:
    """Refund a return the seller received: the lines and, at fault, shipping."""
    with transaction.atomic():
        request = _seller_locked(request=request, seller=seller)
        if request.status == Status.REFUNDED:
            return request
        _expect(request, Status.RECEIVED)
        lines, shipping = request_amounts(request=request)
        _refund(
            request=request,
            lines=lines,
            shipping=shipping,
            actor=Actor.SELLER,
            user=user,
        )
    return request


def return_offer_accept(*, request, shopper) -> ReturnRequest:
    """The shopper takes the seller's offer: the offered amount is refunded."""
    with transaction.atomic():
        request = _locked(request=request)
        _check_shopper(order_user_id=request.shopper_id, shopper=shopper)
        if request.status == Status.REFUNDED:
            return request
        _expect(request, Status.PARTIAL_OFFERED)
        _refund(
            request=request,
            lines=request.offered_amount,
            shipping=Decimal(0),
            actor=Actor.SHOPPER,
            user=shopper,
        )
    return request


def _refund(*, request, lines: Decimal, shipping: Decimal, actor: str, user) -> None:
    """Refund a locked request (payments.refund_lines, keyed by the request)."""
    part = request.part
    amount = lines + shipping
    method = {
        ReturnRequest.RefundMethod.CARD: Refund.Method.CARD,
        ReturnRequest.RefundMethod.TRANSFER: Refund.Method.TRANSFER,
        ReturnRequest.RefundMethod.VOUCHER: Refund.Method.VOUCHER,
    }[request.refund_method]
    refund = refund_lines(
        part=part,
        key=f"return:{request.pk}",
        lines_amount=lines,
        shipping_amount=shipping,
        method=method,
        reason=_("Return #%s") % request.pk,
        user=user,
        holder_name=request.holder_name,
        rib=request.rib,
    )
    request.refund = refund
    request.refunded_amount = refund.amount
    request.status = Status.REFUNDED
    fields = ["refund", "refunded_amount", "status"]
    if method == Refund.Method.VOUCHER and not request.voucher_code:
        request.voucher_code = _voucher_issue(request=request, amount=amount)
        fields.append("voucher_code")
    request.save(update_fields=fields)
    _event(request=request, actor=actor, user=user, amount=refund.amount)


def _names(message, **values) -> dict:
    """`name_fr`, `name_ar`, `name_en` (and Oscar's `name`, French): the
    shopper reads the voucher's name in its language."""
    names = every_language_text(message, **values)
    return {"name": names[settings.LANGUAGE_CODE]} | {
        f"name_{code}": text for code, text in names.items()
    }


def _voucher_issue(*, request, amount: Decimal) -> str:
    """A single-use voucher worth `amount` off any basket, for one year."""
    code = f"RET{request.pk}-{secrets.token_hex(4).upper()}"
    everything, _created = Range.objects.get_or_create(
        slug="returns-all-products",
        defaults={"name": "Returns: all products", "includes_all_products": True},
    )
    offer = ConditionalOffer.objects.create(
        **_names(gettext_lazy("Return voucher %(code)s"), code=code),
        offer_type=ConditionalOffer.VOUCHER,
        condition=Condition.objects.create(
            range=everything, type=Condition.COUNT, value=1
        ),
        benefit=Benefit.objects.create(
            range=everything, type=Benefit.FIXED, value=amount
        ),
    )
    now = timezone.now()
    voucher = Voucher.objects.create(
        **_names(gettext_lazy("Return #%(number)s"), number=request.pk),
        code=code,
        usage=Voucher.SINGLE_USE,
        start_datetime=now,
        end_datetime=now + timedelta(days=365),
    )
    voucher.offers.add(offer)
    return code


# --- Disputes ----------------------------------------------------------------------


def dispute_can_open(*, request, now: datetime | None = None) -> bool:
    """Refused, an offer the shopper declines, or no answer in time."""
    if hasattr(request, "dispute"):
        return False
    if request.status in (Status.REFUSED, Status.PARTIAL_OFFERED):
        return True
    answer_by = request.created_at + timedelta(
        days=settings.MARKETPLACE_RETURN_ANSWER_DAYS
    )
    return request.status == Status.REQUESTED and (now or timezone.now()) > answer_by


def dispute_open(
    *, request, shopper, message: str = "", now: datetime | None = None
) -> Dispute:
    """The shopper asks the marketplace to decide."""
    with transaction.atomic():
        request = _locked(request=request)
        _check_shopper(order_user_id=request.shopper_id, shopper=shopper)
        if Dispute.objects.filter(request=request).exists():
            return request.dispute
        if not dispute_can_open(request=request, now=now):
            raise ValidationError(
                _(
                    "The seller has %(days)s days to answer before the marketplace "
                    "can be asked."
                )
                % {"days": settings.MARKETPLACE_RETURN_ANSWER_DAYS}
            )
        dispute = Dispute.objects.create(
            request=request,
            shopper_message=message,
            shopper_language=language_code() if message else "",
        )
        request.status = Status.DISPUTED
        request.save(update_fields=["status"])
        _event(request=request, actor=Actor.SHOPPER, user=shopper, message=message)
    return dispute


def dispute_decide(
    *,
    dispute: Dispute,
    user,
    decision: str,
    note: str = "",
    amount: Decimal | None = None,
) -> Dispute:
    """Staff decide once: refund in full, in part (`amount`), or close.

    The decision is the evidence: the refund's key names the request, so a
    second decision (another tab) refunds nothing more and is refused.
    """
    with transaction.atomic():
        dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
        request = _locked(request=dispute.request)
        if dispute.decision:
            raise ValidationError(_("This dispute is already decided."))
        _expect(request, Status.DISPUTED)
        lines, shipping = request_amounts(request=request)
        if decision == Dispute.Decision.REFUND_FULL:
            _refund(
                request=request,
                lines=lines,
                shipping=shipping,
                actor=Actor.STAFF,
                user=user,
            )
        elif decision == Dispute.Decision.REFUND_PART:
            if amount is None or not 0 < amount <= lines + shipping:
                raise ValidationError(
                    _("Refund between 0.01 and %(max)s.") % {"max": lines + shipping}
                )
            _refund(
                request=request,
                lines=min(amount, lines),
                shipping=max(amount - lines, Decimal(0)),
                actor=Actor.STAFF,
                user=user,
            )
        elif decision == Dispute.Decision.CLOSE:
            request.status = Status.CLOSED
            request.save(update_fields=["status"])
            _event(request=request, actor=Actor.STAFF, user=user, message=note)
        else:
            raise ValidationError(_("Choose a decision."))
        dispute.decision = decision
        dispute.decision_note = note
        # The staff's interface language: the parties' pages mark the note.
        dispute.decision_language = language_code() if note else ""
        dispute.decided_by = user
        dispute.decided_at = timezone.now()
        dispute.save(
            update_fields=[
                "decision",
                "decision_note",
                "decision_language",
                "decided_by",
                "decided_at",
            ]
        )
    return dispute
