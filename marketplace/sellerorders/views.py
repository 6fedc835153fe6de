from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.checkout.services import cod_order_confirm
from marketplace.payments.models import OrderPayment

from . import services
from .forms import ShipForm
from .selectors import part_for_user, parts_for_user, sellers_of_user


@login_required
def part_list(request):
    if not sellers_of_user(user=request.user).exists():
        raise Http404
    parts = parts_for_user(user=request.user)
    status = request.GET.get("status")
    if status:
        parts = parts.filter(status=status)
    return render(request, "sellerorders/part_list.html", {"parts": parts[:200]})


@login_required
def part_detail(request, pk):
    part = part_for_user(user=request.user, pk=pk)
    return render(
        request,
        "sellerorders/part_detail.html",
        {"part": part, "lines": part.get_lines(), "ship_form": ShipForm()},
    )


def _act(request, pk, action):
    part = part_for_user(user=request.user, pk=pk)
    try:
        action(part)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("sellerorders:detail", pk=part.pk)


@login_required
@require_POST
def part_ship(request, pk):
    part = part_for_user(user=request.user, pk=pk)
    form = ShipForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "sellerorders/part_detail.html",
            {"part": part, "lines": part.get_lines(), "ship_form": form},
            status=400,
        )
    return _act(
        request,
        pk,
        lambda part: services.part_mark_shipped(
            part=part, seller=part.seller, **form.cleaned_data
        ),
    )


@login_required
@require_POST
def part_deliver(request, pk):
    return _act(
        request,
        pk,
        lambda part: services.part_mark_delivered(part=part, seller=part.seller),
    )


@login_required
@require_POST
def part_cash_collected(request, pk):
    return _act(
        request,
        pk,
        lambda part: services.part_mark_cash_collected(part=part, seller=part.seller),
    )


@login_required
@require_POST
def part_cod_confirm(request, pk):
    """The seller phoned the shopper, who confirmed the cash-on-delivery order.

    Only a seller with a part in the order reaches it (`part_for_user`).
    """
    part = part_for_user(user=request.user, pk=pk)
    if cod_order_confirm(
        order=part.order, via=OrderPayment.Confirmation.PHONE, user=request.user
    ):
        messages.success(request, _("The order is confirmed: you can ship it."))
    return redirect("sellerorders:detail", pk=part.pk)
