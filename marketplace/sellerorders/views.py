"""A shop's orders: each view gets the shop from the one access rule
(artisans/access.py: owner and members alike) and finds parts within it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from artisans.access import seller_view
from marketplace.payments.models import OrderPayment
from marketplace.payments.services import cod_order_confirm

from . import services
from .forms import ShipForm
from .selectors import part_of_seller, parts_of_seller, parts_waiting


@seller_view
def part_list(request, seller):
    todo = request.GET.get("todo")
    if todo:
        # The shop's home links here: what waits, to ship or to confirm.
        parts = parts_waiting(seller=seller, todo=todo)
    else:
        parts = parts_of_seller(seller=seller)
    status = request.GET.get("status")
    if status:
        parts = parts.filter(status=status)
    return render(
        request, "sellerorders/part_list.html", {"parts": parts[:200], "todo": todo}
    )


@seller_view
def part_detail(request, seller, pk):
    part = part_of_seller(seller=seller, pk=pk)
    return render(
        request,
        "sellerorders/part_detail.html",
        {"part": part, "lines": part.get_lines(), "ship_form": ShipForm(part=part)},
    )


def _act(request, part, action):
    try:
        action(part)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("sellerorders:detail", pk=part.pk)


@require_POST
@seller_view
def part_ship(request, seller, pk):
    part = part_of_seller(seller=seller, pk=pk)
    form = ShipForm(request.POST, part=part)
    if not form.is_valid():
        return render(
            request,
            "sellerorders/part_detail.html",
            {"part": part, "lines": part.get_lines(), "ship_form": form},
            status=400,
        )
    return _act(
        request,
        part,
        lambda part: services.part_mark_shipped(
            part=part,
            seller=seller,
            carrier=form.cleaned_data["carrier"].name,
            tracking_number=form.cleaned_data["tracking_number"],
            shipping_carrier=form.cleaned_data["carrier"],
        ),
    )


@require_POST
@seller_view
def part_deliver(request, seller, pk):
    return _act(
        request,
        part_of_seller(seller=seller, pk=pk),
        lambda part: services.part_mark_delivered(part=part, seller=seller),
    )


@require_POST
@seller_view
def part_cash_collected(request, seller, pk):
    return _act(
        request,
        part_of_seller(seller=seller, pk=pk),
        lambda part: services.part_mark_cash_collected(part=part, seller=seller),
    )


@require_POST
@seller_view
def part_cod_confirm(request, seller, pk):
    """The seller phoned the shopper, who confirmed the cash-on-delivery order.

    Only a seller with a part in the order reaches it (`part_of_seller`).
    """
    part = part_of_seller(seller=seller, pk=pk)
    if cod_order_confirm(
        order=part.order, via=OrderPayment.Confirmation.PHONE, user=request.user
    ):
        messages.success(request, _("The order is confirmed: you can ship it."))
    return redirect("sellerorders:detail", pk=part.pk)
