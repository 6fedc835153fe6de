"""Pages of returns: the shopper's, the seller's, staff's dispute queue and the
chamber's read-only view. Each looks its objects up within what the user may
see (another's answers 404) and calls one service per step."""

import logging

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from artisans.access import seller_view
from marketplace.payments import stripe_gateway
from marketplace.sellerorders.models import OrderSellerPart

from . import selectors, services
from .forms import (
    DisputeDecisionForm,
    DisputeOpenForm,
    ReturnRequestForm,
    SellerAnswerForm,
)
from .models import ReturnRequest

logger = logging.getLogger(__name__)


def _errors(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _stripe_down(request) -> None:
    logger.exception("Stripe unreachable for a return refund")
    messages.error(
        request,
        _("The payment service could not be reached. Please try again later."),
    )


# --- Shopper -----------------------------------------------------------------------


@login_required
def shopper_list(request):
    return render(
        request,
        "returns/shopper_list.html",
        {"requests": selectors.requests_for_shopper(user=request.user)},
    )


@login_required
def shopper_new(request, part_pk):
    """Ask to return pieces of one delivered parcel of one's own order."""
    part = get_object_or_404(
        OrderSellerPart.objects.select_related("order", "seller"),
        pk=part_pk,
        order__user=request.user,
    )
    form = ReturnRequestForm(request.POST or None, request.FILES or None, part=part)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            return_request = services.return_request_create(
                part=part,
                shopper=request.user,
                reason=data["reason"],
                quantities=data["quantities"],
                refund_method=data["refund_method"],
                description=data["description"],
                holder_name=data["holder_name"],
                rib=data["rib"],
                photos=data["photos"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your request was sent to the seller."))
            return redirect("returns:shopper-detail", pk=return_request.pk)
    return render(
        request,
        "returns/shopper_new.html",
        {
            "part": part,
            "form": form,
            "window_end": services.return_window_end(part=part),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def shopper_detail(request, pk):
    try:
        return_request = selectors.request_for_shopper(user=request.user, pk=pk)
    except ReturnRequest.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept-offer":
                services.return_offer_accept(
                    request=return_request, shopper=request.user
                )
                messages.success(request, _("Refunded."))
            elif action == "dispute":
                form = DisputeOpenForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        [e for errors in form.errors.values() for e in errors]
                    )
                services.dispute_open(
                    request=return_request,
                    shopper=request.user,
                    message=form.cleaned_data["message"],
                )
                messages.success(request, _("The marketplace will decide."))
        except ValidationError as error:
            _errors(request, error)
        except stripe_gateway.StripeError:
            _stripe_down(request)
        return redirect("returns:shopper-detail", pk=pk)
    return render(
        request,
        "returns/shopper_detail.html",
        {
            "r": return_request,
            "can_dispute": services.dispute_can_open(request=return_request),
            "dispute_form": DisputeOpenForm(),
        },
    )


# --- Seller ------------------------------------------------------------------------


@seller_view
def seller_list(request, seller):
    return render(
        request,
        "returns/seller_list.html",
        {
            "seller": seller,
            "requests": selectors.requests_for_seller(seller=seller),
            "rates": selectors.seller_return_rates(seller=seller),
        },
    )


@seller_view
def seller_detail(request, seller, pk):
    """Answer a request (accept, offer, refuse), mark a return received."""
    try:
        return_request = selectors.request_for_seller(seller=seller, pk=pk)
    except ReturnRequest.DoesNotExist:
        raise Http404 from None
    form = SellerAnswerForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "received":
                services.return_mark_received(
                    request=return_request, seller=seller, user=request.user
                )
                messages.success(request, _("Received and refunded."))
                return redirect("returns:seller-detail", pk=pk)
            if form.is_valid():
                _seller_answer(request, seller, return_request, form.cleaned_data)
                return redirect("returns:seller-detail", pk=pk)
        except ValidationError as error:
            _errors(request, error)
        except stripe_gateway.StripeError:
            _stripe_down(request)
    return render(
        request,
        "returns/seller_detail.html",
        {"seller": seller, "r": return_request, "form": form},
    )


def _seller_answer(request, seller, return_request, data) -> None:
    action, message = data["action"], data["message"]
    if action == SellerAnswerForm.ACCEPT:
        services.return_accept(
            request=return_request,
            seller=seller,
            user=request.user,
            instructions=message,
        )
    elif action == SellerAnswerForm.OFFER:
        services.return_offer_partial(
            request=return_request,
            seller=seller,
            user=request.user,
            amount=data["amount"],
            message=message,
        )
    else:
        services.return_refuse(
            request=return_request, seller=seller, user=request.user, reason=message
        )
    messages.success(request, _("Your answer was sent to the shopper."))


# --- Staff -------------------------------------------------------------------------


@staff_member_required
def staff_list(request):
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "returns/staff_list.html",
        {
            "disputes": selectors.disputes_for_staff(open_only=not show_all),
            "show_all": show_all,
            "shops": selectors.shops_return_rates(),
        },
    )


@staff_member_required
def staff_detail(request, pk):
    dispute = get_object_or_404(selectors.disputes_for_staff(open_only=False), pk=pk)
    form = DisputeDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.dispute_decide(
                dispute=dispute,
                user=request.user,
                decision=data["decision"],
                amount=data["amount"],
                note=data["note"],
            )
            messages.success(request, _("Decided."))
            return redirect("returns:staff-detail", pk=pk)
        except ValidationError as error:
            _errors(request, error)
        except stripe_gateway.StripeError:
            _stripe_down(request)
    return render(
        request,
        "returns/staff_detail.html",
        {
            "dispute": dispute,
            "r": dispute.request,
            "form": form,
            "rates": selectors.seller_return_rates(seller=dispute.request.part.seller),
        },
    )


# --- Chamber: its region's disputes, read only -------------------------------------


def _chamber_only(request):
    if not request.user.chambers.exists():
        raise Http404


@login_required
def chamber_list(request):
    _chamber_only(request)
    return render(
        request,
        "returns/chamber_list.html",
        {"disputes": selectors.disputes_for_chamber(user=request.user)},
    )


@login_required
def chamber_detail(request, pk):
    _chamber_only(request)
    dispute = get_object_or_404(
        selectors.disputes_for_chamber(user=request.user), pk=pk
    )
    return render(
        request,
        "returns/chamber_detail.html",
        {"dispute": dispute, "r": dispute.request},
    )
