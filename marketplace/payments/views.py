import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.checkout.services import order_cancel
from marketplace.limits import text_clean

from . import stripe_gateway
from .forms import PayoutAccountForm
from .models import OrderPayment, PayoutBatch, Refund, SellerPayoutAccount
from .selectors import seller_balance_summary
from .services import (
    payment_intent_for_order,
    payout_batch_csv,
    payout_batch_mark_paid,
    payouts_settle,
    refund_order,
    refund_part,
)
from .webhooks import event_process

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


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
    """Stripe's Payment Element for a placed card order.

    The PaymentIntent is created with the order's idempotency key, so reloading
    the page (or a second tab) gets the same one. The order is not marked paid
    here nor on the return page: only Stripe's signed webhook does that.
    """

    def get(self, request, number, hash):
        order, payment = _card_order(number, hash)
        if payment.is_paid:
            return redirect("payments:card-return", number=number, hash=hash)
        if payment.status == OrderPayment.Status.FAILED:
            return render(request, "payments/card_return.html", {"order": order})
        intent = payment_intent_for_order(order=order, payment=payment)
        return_url = request.build_absolute_uri(
            reverse("payments:card-return", kwargs={"number": number, "hash": hash})
        )
        return render(
            request,
            "payments/card_payment.html",
            {
                "order": order,
                "client_secret": intent["client_secret"],
                "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                "stripe_js_url": settings.STRIPE_JS_URL,
                "return_url": return_url,
            },
        )


def card_return(request, number, hash):
    """Where Stripe sends the shopper back: shows what the webhook recorded."""
    order, payment = _card_order(number, hash)
    return render(request, "payments/card_return.html", {"order": order})


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: verified, then processed once each."""
    try:
        event = stripe_gateway.webhook_event_verify(
            payload=request.body,
            signature=request.headers.get("Stripe-Signature", ""),
        )
    except (stripe_gateway.SignatureVerificationError, ValueError) as error:
        logger.warning("Stripe webhook rejected: %s", error)
        return HttpResponseBadRequest("invalid signature")
    result = event_process(event=event)
    return JsonResponse({"result": result})


# --- Sellers: their balance, entries and payouts -------------------------------


@method_decorator(login_required, name="dispatch")
class SellerPayoutsView(View):
    def get(self, request):
        sellers = Seller.objects.filter(owner=request.user)
        if not sellers:
            raise Http404
        summaries = [seller_balance_summary(seller=seller) for seller in sellers]
        return render(request, "payments/seller_payouts.html", {"summaries": summaries})


@login_required
def payout_account_edit(request, seller_pk):
    """A seller's RIB, checked (24 digits, key) before it is saved."""
    seller = get_object_or_404(Seller, pk=seller_pk, owner=request.user)
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


@staff_member_required
def order_money(request, number):
    """Refund a card order (whole or one seller's part), or cancel an order."""
    order = get_object_or_404(Order, number=number)
    if request.method == "POST":
        action = request.POST.get("action")
        # Typed into a box without a length: kept as the Refund row can hold it.
        reason = text_clean(
            request.POST.get("reason", ""),
            max_length=Refund._meta.get_field("reason").max_length,
        )
        try:
            if action == "refund-order":
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
                if order.seller_parts.exclude(status="preparing").exists():
                    raise ValueError(_("A parcel has already left: refund instead."))
                order_cancel(order=order, reason=_("Cancelled by staff."))
            messages.success(request, _("Done."))
        except (ValueError, stripe_gateway.StripeError) as error:
            messages.error(request, str(error))
        return redirect("payments:order-money", number=number)
    return render(request, "payments/order_money.html", {"order": order})


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
    return render(request, "payments/batch_list.html", {"batches": batches})


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
