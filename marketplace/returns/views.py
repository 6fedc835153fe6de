"""Pages of returns: the shopper's, the seller's, staff's dispute queue and the
chamber's read-only view. Each looks its objects up within what the user may
see (another's answers 404) and calls one service per step."""

import logging
from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_class

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
    return _new(request, part=part, shopper=request.user)


@login_required
def shopper_detail(request, pk):
    try:
        return_request = selectors.request_for_shopper(user=request.user, pk=pk)
    except ReturnRequest.DoesNotExist:
        raise Http404 from None
    return _detail(request, return_request=return_request, shopper=request.user)


class _GuestOrder(get_class("customer.mixins", "AnonymousOrderMixin")):
    """Oscar's rule for a guest's order-status page, outside a class view: the
    order's signed hash and the e-mail the guest gave in this session."""

    def __init__(self, request, number: str, hash: str):
        self.request = request
        self.kwargs = {"order_number": number, "hash": hash}


def _guest(view):
    """A guest's order, as its order-status page admits it; else that page's
    e-mail form, which leads back to the order."""

    @wraps(view)
    def wrapper(request, number, hash, **kwargs):
        order = _GuestOrder(request, number, hash).get_object()
        if order is None:
            return redirect("customer:anon-order-form", order_number=number, hash=hash)
        return view(request, order, **kwargs)

    return wrapper


@_guest
def guest_new(request, order, part_pk):
    part = get_object_or_404(
        OrderSellerPart.objects.select_related("order", "seller"),
        pk=part_pk,
        order=order,
    )
    return _new(request, part=part, shopper=None)


@_guest
def guest_detail(request, order, pk):
    return_request = get_object_or_404(
        ReturnRequest.objects.select_related("part__order", "part__seller"),
        pk=pk,
        part__order=order,
        shopper__isnull=True,
    )
    return _detail(request, return_request=return_request, shopper=None)


def _page_url(return_request) -> str:
    if return_request.shopper_id:
        return reverse("returns:shopper-detail", kwargs={"pk": return_request.pk})
    order = return_request.part.order
    return reverse(
        "returns:guest-detail",
        kwargs={
            "number": order.number,
            "hash": order.verification_hash(),
            "pk": return_request.pk,
        },
    )


def _new(request, *, part, shopper):
    form = ReturnRequestForm(request.POST or None, request.FILES or None, part=part)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            return_request = services.return_request_create(
                part=part,
                shopper=shopper,
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
            return redirect(_page_url(return_request))
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


def _detail(request, *, return_request, shopper):
    """The shopper's (or guest's) page: take an offer, ask the marketplace."""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept-offer":
                services.return_offer_accept(request=return_request, shopper=shopper)
                messages.success(request, _("Refunded."))
            elif action == "dispute":
                form = DisputeOpenForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        [e for errors in form.errors.values() for e in errors]
                    )
                services.dispute_open(
                    request=return_request,
                    shopper=shopper,
                    message=form.cleaned_data["message"],
                )
                messages.success(request, _("The marketplace will decide."))
        except ValidationError as error:
            _errors(request, error)
        except stripe_gateway.StripeError:
            _stripe_down(request)
        return redirect(_page_url(return_request))
    return render(
        request,
        "returns/shopper_detail.html",
        {
            "r": return_request,
            "can_dispute": services.dispute_can_open(request=return_request),
            "dispute_form": DisputeOpenForm(),
            "guest": shopper is None,
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
