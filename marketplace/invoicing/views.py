"""Invoices as files, for the three people who may read them.

- The shopper: signed in, the invoices of its own orders; a guest, through
  its order-status page's signed link (Oscar's rule: the order's hash and the
  e-mail given in this session). Never the commission invoices.
- The shop (owner and members, `artisans.access`): what it issued and what
  the marketplace issued it. The ICE is the owner's to enter.
- Staff: the sellers selling above the threshold without an ICE.

Another person's invoice answers 404.
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from oscar.core.loading import get_class

from artisans.access import seller_view

from . import selectors
from .documents import invoice_filename, invoice_json, invoice_pdf
from .forms import SellerTaxProfileForm
from .models import Invoice, SellerTaxProfile
from .services import seller_tax_profile_save

FORMATS = {
    "pdf": ("application/pdf", invoice_pdf),
    "json": ("application/json; charset=utf-8", invoice_json),
}


def _file(invoice: Invoice, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    content_type, render_file = FORMATS[fmt]
    response = HttpResponse(render_file(invoice=invoice), content_type=content_type)
    name = invoice_filename(invoice=invoice, extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def shopper_invoice(request, pk, fmt):
    invoice = get_object_or_404(
        Invoice.objects.select_related("part__order"),
        pk=pk,
        kind__in=selectors.SHOPPER_KINDS,
        part__order__user=request.user,
    )
    return _file(invoice, fmt)


class _GuestOrder(get_class("customer.mixins", "AnonymousOrderMixin")):
    """Oscar's rule for a guest's order-status page, outside a class view."""

    def __init__(self, request, number: str, hash: str):
        self.request = request
        self.kwargs = {"order_number": number, "hash": hash}


def guest_invoice(request, number, hash, pk, fmt):
    order = _GuestOrder(request, number, hash).get_object()
    if order is None:
        return redirect("customer:anon-order-form", order_number=number, hash=hash)
    invoice = get_object_or_404(
        Invoice.objects.filter(part__order=order, kind__in=selectors.SHOPPER_KINDS),
        pk=pk,
    )
    return _file(invoice, fmt)


@seller_view
def seller_invoices(request, seller):
    profile = SellerTaxProfile.objects.filter(seller=seller).first()
    return render(
        request,
        "invoicing/seller_list.html",
        {
            "seller": seller,
            "invoices": selectors.invoices_of_seller(seller=seller)[:500],
            "profile": profile,
            "ice_missing": selectors.seller_ice_missing(seller=seller),
        },
    )


@seller_view(owner_only=True)
def seller_tax_profile(request, seller):
    profile = SellerTaxProfile.objects.filter(seller=seller).first()
    initial = {"ice": profile.ice, "address": profile.address} if profile else {}
    form = SellerTaxProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            seller_tax_profile_save(seller=seller, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your ICE is recorded."))
            return redirect("invoicing:seller-list")
    return render(
        request,
        "invoicing/seller_tax_profile.html",
        {"seller": seller, "form": form},
        status=400 if form.errors else 200,
    )


@seller_view
def seller_invoice(request, seller, pk, fmt):
    invoice = get_object_or_404(Invoice, pk=pk, seller=seller)
    return _file(invoice, fmt)


@staff_member_required
def staff_missing_ice(request):
    return render(
        request,
        "invoicing/staff_missing_ice.html",
        {"rows": selectors.sellers_missing_ice()},
    )
