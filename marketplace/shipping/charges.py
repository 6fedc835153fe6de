"""Shipping charged per seller: each artisan ships its own parcel.

A seller sets a flat rate and a threshold above which its parcel ships free;
a seller who has set neither gets the marketplace's defaults
(`MARKETPLACE_SHIPPING_FLAT_RATE`, `MARKETPLACE_FREE_SHIPPING_THRESHOLD`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from artisans.models import Seller

ZERO = Decimal("0.00")


@dataclass
class SellerShare:
    """One seller's part of a basket: its lines, their subtotal, its shipping."""

    seller: object
    lines: list = field(default_factory=list)
    subtotal: Decimal = ZERO
    shipping: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.shipping


def seller_shipping_charge(*, seller, subtotal: Decimal) -> Decimal:
    """The charge for one seller's parcel worth `subtotal` (prices incl. tax)."""
    flat_rate = seller.shipping_flat_rate
    if flat_rate is None:
        flat_rate = Decimal(str(settings.MARKETPLACE_SHIPPING_FLAT_RATE))
    threshold = seller.free_shipping_threshold
    if threshold is None and settings.MARKETPLACE_FREE_SHIPPING_THRESHOLD:
        threshold = Decimal(str(settings.MARKETPLACE_FREE_SHIPPING_THRESHOLD))
    if threshold is not None and subtotal >= threshold:
        return ZERO
    return flat_rate.quantize(Decimal("0.01"))


def basket_split_by_seller(*, basket) -> list[SellerShare]:
    """The basket's lines grouped by the seller of each stock record.

    A line's seller is its stock record's partner's seller: the partner is who
    holds the stock, and every seller is exactly one partner.
    """
    lines = list(basket.all_lines())
    # One query for every seller, however many lines and sellers.
    sellers = Seller.objects.in_bulk(
        {line.stockrecord.partner_id for line in lines}, field_name="partner_id"
    )
    shares: dict[int, SellerShare] = {}
    for line in lines:
        seller = sellers[line.stockrecord.partner_id]
        share = shares.setdefault(seller.pk, SellerShare(seller=seller))
        share.lines.append(line)
        share.subtotal += line.line_price_incl_tax_incl_discounts
    for share in shares.values():
        share.shipping = seller_shipping_charge(
            seller=share.seller, subtotal=share.subtotal
        )
    return sorted(shares.values(), key=lambda share: share.seller.name)
