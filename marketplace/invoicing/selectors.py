"""Reads of invoices, and whose ICE is missing."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from artisans.models import Seller

from .models import Invoice, SellerTaxProfile

SHOPPER_KINDS = [Invoice.Kind.SALE, Invoice.Kind.SALE_CREDIT]


def invoices_for_order(*, order) -> QuerySet[Invoice]:
    """What the shopper of `order` may download: its sellers' invoices and
    credit notes (never the commission between a seller and the marketplace)."""
    return Invoice.objects.filter(part__order=order, kind__in=SHOPPER_KINDS).order_by(
        "part_id", "issued_at", "pk"
    )


def invoices_of_seller(*, seller) -> QuerySet[Invoice]:
    """A shop's invoices: those it issued and those the marketplace issued it."""
    return Invoice.objects.filter(seller=seller).select_related("part__order")


def seller_invoiced_sales(*, seller, now=None) -> Decimal:
    """What a seller invoiced shoppers over the last 12 months, less its
    credit notes."""
    since = (now or timezone.now()) - timedelta(days=365)
    totals = Invoice.objects.filter(seller=seller, issued_at__gte=since).aggregate(
        sales=Sum("total", filter=Q(kind=Invoice.Kind.SALE)),
        credits=Sum("total", filter=Q(kind=Invoice.Kind.SALE_CREDIT)),
    )
    return Decimal(totals["sales"] or 0) - Decimal(totals["credits"] or 0)


def seller_ice_missing(*, seller) -> bool:
    """Whether a seller sells above the threshold without its ICE."""
    if SellerTaxProfile.objects.filter(seller=seller).exists():
        return False
    return seller_invoiced_sales(seller=seller) >= settings.INVOICING_ICE_THRESHOLD


def sellers_missing_ice(*, now=None) -> list[tuple[Seller, Decimal]]:
    """Every seller above the threshold without an ICE, with its sales
    (one query)."""
    since = (now or timezone.now()) - timedelta(days=365)
    recent = Q(invoices__issued_at__gte=since)
    rows = (
        Seller.objects.filter(tax_profile__isnull=True)
        .annotate(
            sales=Sum(
                "invoices__total", filter=recent & Q(invoices__kind=Invoice.Kind.SALE)
            ),
            credits=Sum(
                "invoices__total",
                filter=recent & Q(invoices__kind=Invoice.Kind.SALE_CREDIT),
            ),
        )
        .filter(sales__isnull=False)
        .order_by("name")
    )
    threshold = settings.INVOICING_ICE_THRESHOLD
    found = []
    for seller in rows:
        net = Decimal(seller.sales or 0) - Decimal(seller.credits or 0)
        if net >= threshold:
            found.append((seller, net))
    return found
