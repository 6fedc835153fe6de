import logging

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from artisans.access import seller_view
from marketplace.limits import text_clean

from . import cmi, stripe_gateway
from .cmi import CmiError
from .forms import PayoutAccountForm, RemittanceForm, RemittanceImportForm
from .models import (
    CarrierRemittance,
    OrderPayment,
    PayoutBatch,
    Refund,
    RemittanceLine,
    SellerPayoutAccount,
)
from .providers import provider_for_payment, provider_get
from .selectors import seller_balance_summary, sellers_owing
from .services import (
    PaymentAlreadyMade,
    cod_part_returned,
    order_cancel_by_staff,
    part_refunded,
    payout_batch_csv,
    payout_batch_mark_paid,
    payouts_settle,
    refund_order,
    refund_part,
    remittance_line_resolve,
    remittance_record,
    remittances_import,
    unpaid_card_order_cancel,
)

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)

# A card order the shopper may still pay: waiting, or its last attempt declined.
PAYABLE = {OrderPayment.Status.PENDING, OrderPayment.Status.FAILED}


def card_payment_url(order) -> str:
    return reverse(
        "payments:card",
        kwargs={"number": order.number, "hash": order.verification_hash()},
    )


def _card_order(number: str, hash: str):
    order = get_object_or_404(Order, number=number)
    if not order.check_verification_hash(hash):
        raise Http404
    payment = getattr(order, "payment", None)
    if payment is None or payment.method != OrderPayment.Method.CARD:
        raise Http404
    return order, payment


class CardPaymentView(View):
    """The card step of a placed card order: the page of the provider that
    takes it (`providers`: Stripe's Payment Element, or the form that sends
    the shopper to the CMI's hosted page).

    The order is not marked paid here nor on the return page: only the
    provider's signed message (Stripe's webhook, the CMI's callback) does that.
    """

    def get(self, request, number, hash):
        order, payment = _card_order(number, hash)
        if payment.is_paid:
            return redirect("payments:card-return", number=number, hash=hash)
        if payment.status not in PAYABLE:
            # Cancelled: its stock is back on sale, nothing to pay.
            return render(request, "payments/card_return.html", {"order": order})
        provider = provider_for_payment(payment=payment)
        return provider.start(request, order=order, payment=payment)


def card_return(request, number, hash):
    """Where the shopper comes back: shows what the provider's signed message
    recorded."""
    order, payment = _card_order(number, hash)
    return render(request, "payments/card_return.html", {"order": order})


@csrf_exempt
def cmi_return(request, number, hash):
    """The CMI sends the shopper's browser back here (a POST of the result,
    which the browser could forge): nothing is read from it and nothing
    changes; the order page shows what the signed callback recorded."""
    _card_order(number, hash)
    return redirect(
        reverse("payments:card-return", kwargs={"number": number, "hash": hash}),
        permanent=False,
    )


@require_POST
def card_cancel(request, number, hash):
    """The shopper gives up paying: the order is cancelled, its stock returns.

    The link is the card page's own (the order's verification hash), so only
    whoever placed the order holds it; an order placed signed in is cancelled
    only by its owner, signed in.
    """
    order, payment = _card_order(number, hash)
    if order.user_id is not None and order.user_id != request.user.pk:
        raise Http404
    try:
        cancelled = unpaid_card_order_cancel(
            payment=payment, reason=_("Cancelled by the shopper before paying.")
        )
    except PaymentAlreadyMade:
        messages.info(
            request,
            _("Your payment went through, so the order cannot be cancelled here."),
        )
        return redirect("payments:card-return", number=number, hash=hash)
    except (stripe_gateway.StripeError, CmiError):
        logger.exception("Order #%s: provider unreachable on cancel", order.number)
        messages.error(
            request,
            _("The payment service could not be reached. Please try again later."),
        )
        return redirect("payments:card", number=number, hash=hash)
    if cancelled:
        messages.success(request, _("Your order is cancelled. Nothing was charged."))
    return redirect("payments:card-return", number=number, hash=hash)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: verified, then processed once each."""
    return provider_get(OrderPayment.Provider.STRIPE).callback(request)


@csrf_exempt
@require_POST
def cmi_callback(request):
    """The CMI's server-to-server callback: hash verified, applied once.

    An error answers `FAILURE` (the CMI calls again later); the transaction
    that applied it is rolled back.
    """
    try:
        return provider_get(OrderPayment.Provider.CMI).callback(request)
    except Exception:
        logger.exception("CMI callback failed")
        return HttpResponse(cmi.FAILURE, content_type="text/plain")


# --- Sellers: their balance, entries and payouts -------------------------------


# Money stays with the owner: members of a cooperative get 403 here
# (artisans/access.py, the one access rule of the seller pages).
@method_decorator(seller_view(owner_only=True), name="get")
class SellerPayoutsView(View):
    def get(self, request, seller):
        summaries = [seller_balance_summary(seller=seller)]
        return render(request, "payments/seller_payouts.html", {"summaries": summaries})


@seller_view(owner_only=True)
def payout_account_edit(request, seller, seller_pk):
    """A seller's RIB, checked (24 digits, key) before it is saved."""
    if seller.pk != seller_pk:
        raise Http404
    account = SellerPayoutAccount.objects.filter(seller=seller).first()
    form = PayoutAccountForm(
        request.POST or None,
        instance=account or SellerPayoutAccount(seller=seller),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your bank details are saved."))
        return redirect("payments:seller-payouts")
    return render(
        request, "payments/payout_account.html", {"form": form, "seller": seller}
    )


# --- Staff: refunds and cancellations -----------------------------------------


def _remittance_form(order, data=None):
    return RemittanceForm(
        data,
        parts=order.seller_parts.select_related("seller")
        .filter(remittance__isnull=True)
        .exclude(status__in=("cancelled", "returned")),
        prefix="remittance",
    )


def _remittance_from_form(request, order):
    """The carrier remitted one parcel's cash: staff record it (evidence)."""
    form = _remittance_form(order, request.POST)
    if not form.is_valid():
        raise ValidationError(
            [message for errors in form.errors.values() for message in errors]
        )
    data = form.cleaned_data
    remittance = remittance_record(
        part=data["part"],
        amount=data["amount"],
        remitted_on=data["remitted_on"],
        source=CarrierRemittance.Source.STAFF,
        carrier=data["part"].carrier,
        reference=data["reference"],
        user=request.user,
    )
    if remittance is None:
        raise ValidationError(_("This parcel's remittance is already recorded."))


@staff_member_required
def order_money(request, number):
    """Refund a card order (whole or one seller's part), cancel an order, or
    record a carrier's remittance of a cash-on-delivery parcel."""
    order = get_object_or_404(Order, number=number)
    if request.method == "POST":
        action = request.POST.get("action")
        # Typed into a box without a length: kept as the Refund row can hold it.
        reason = text_clean(
            request.POST.get("reason", ""),
            max_length=Refund._meta.get_field("reason").max_length,
        )
        try:
            if action == "remittance":
                _remittance_from_form(request, order)
            elif action == "cod-returned":
                part = get_object_or_404(
                    order.seller_parts, pk=request.POST.get("part")
                )
                cod_part_returned(part=part, user=request.user)
            elif action == "refund-order":
                refund_order(
                    order=order,
                    reason=reason,
                    user=request.user,
                )
            elif action == "refund-part":
                part = get_object_or_404(
                    order.seller_parts, pk=request.POST.get("part")
                )
                refund_part(part=part, reason=reason, user=request.user)
            elif action == "cancel":
                # A paid card order is refunded through Stripe first.
                order_cancel_by_staff(
                    order=order, reason=_("Cancelled by staff."), user=request.user
                )
            messages.success(request, _("Done."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PaymentAlreadyMade:
            messages.error(
                request, _("The card was charged meanwhile: refund the order instead.")
            )
        except (ValueError, stripe_gateway.StripeError, CmiError) as error:
            messages.error(request, str(error))
        return redirect("payments:order-money", number=number)
    # A part some lines of which a return refunded may still be refunded for
    # the rest; one refunded whole may not.
    refundable = {
        part.pk
        for part in order.seller_parts.all()
        if not part.refunds.filter(key__isnull=True).exists()
        and part.total > part_refunded(part=part)
    }
    return render(
        request,
        "payments/order_money.html",
        {
            "order": order,
            "remittance_form": _remittance_form(order),
            "refundable": refundable,
        },
    )


# --- Staff: settlement runs ---------------------------------------------------


@staff_member_required
def batch_list(request):
    if request.method == "POST":
        batch = payouts_settle(user=request.user)
        if batch is None:
            messages.info(request, _("No seller is due a payout."))
        else:
            messages.success(request, _("Payout batch %s created.") % batch.pk)
        return redirect("payments:batch-list")
    batches = PayoutBatch.objects.prefetch_related("payouts")
    return render(
        request,
        "payments/batch_list.html",
        {"batches": batches, "owing": sellers_owing()},
    )


@staff_member_required
def remittance_import(request):
    """Import a carrier's remittance statement; report each line."""
    form = RemittanceImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = remittances_import(
            text=form.cleaned_data["statement"],
            carrier=form.cleaned_data["carrier"],
            reference=request.FILES["statement"].name[:100],
            user=request.user,
        )
    return render(
        request,
        "payments/remittance_import.html",
        {"form": form, "result": result},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


@staff_member_required
def remittance_lines(request):
    """Remittance lines the import could not match (unknown parcel, amount
    that differs, parcel not payable), until staff mark them resolved."""
    if request.method == "POST":
        line = get_object_or_404(RemittanceLine, pk=request.POST.get("line"))
        if remittance_line_resolve(line=line, user=request.user):
            messages.success(request, _("Marked resolved."))
        return redirect("payments:remittance-lines")
    lines = RemittanceLine.objects.filter(
        outcome__in=[
            RemittanceLine.Outcome.MISMATCH,
            RemittanceLine.Outcome.UNKNOWN,
            RemittanceLine.Outcome.REJECTED,
        ],
        resolved_at__isnull=True,
    ).select_related("part__order", "part__seller")[:500]
    return render(request, "payments/remittance_lines.html", {"lines": lines})


@staff_member_required
def batch_csv(request, pk):
    batch = get_object_or_404(PayoutBatch, pk=pk)
    response = HttpResponse(
        payout_batch_csv(batch=batch), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="maalem-payouts-{pk}.csv"'
    return response


@staff_member_required
@require_POST
def batch_mark_paid(request, pk):
    batch = get_object_or_404(PayoutBatch, pk=pk)
    if payout_batch_mark_paid(batch=batch):
        messages.success(request, _("Batch %s marked paid.") % pk)
    return redirect("payments:batch-list")
