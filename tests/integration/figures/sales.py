"""Orders as the figures read them, written directly, dated at will.

The figures read three things of an order: its status and placing time, each
seller's part (its lines total, its status) and the lines (product, quantity,
price). These builders write exactly those rows, so a test can place sales on
chosen days; `test_figures_of_a_real_checkout` checks that orders placed
through the real checkout are read the same way.
"""

import itertools
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.orders.status import STATUS_CONFIRMED
from marketplace.sellerorders.models import OrderSellerPart

Order = get_model("order", "Order")
Line = get_model("order", "Line")

_numbers = itertools.count(1)


def at(day: str, hour: int = 12) -> datetime:
    """A moment of `day` (YYYY-MM-DD) in the shop's time zone."""
    return datetime.combine(
        datetime.fromisoformat(day).date(),
        datetime.min.time().replace(hour=hour),
        tzinfo=timezone.get_current_timezone(),
    )


def sale(
    lines,
    *,
    placed_at: datetime,
    status: str = STATUS_CONFIRMED,
    part_status: str = OrderSellerPart.Status.PREPARING,
):
    """An order of `lines` [(product, quantity, unit price)], one part per seller."""
    total = sum(Decimal(price) * quantity for _p, quantity, price in lines)
    order = Order.objects.create(
        number=f"FIG-{next(_numbers):06d}",
        currency="MAD",
        total_incl_tax=total,
        total_excl_tax=total,
        shipping_incl_tax=Decimal("30.00"),
        shipping_excl_tax=Decimal("30.00"),
        status=status,
        guest_email="amina@example.ma",
        date_placed=placed_at,
    )
    by_seller: dict = {}
    for product, quantity, price in lines:
        amount = Decimal(price) * quantity
        Line.objects.create(
            order=order,
            partner=product.seller.partner,
            partner_name=product.seller.name,
            partner_sku=f"sku-{product.pk}",
            product=product,
            title=product.title,
            quantity=quantity,
            line_price_incl_tax=amount,
            line_price_excl_tax=amount,
            line_price_before_discounts_incl_tax=amount,
            line_price_before_discounts_excl_tax=amount,
            unit_price_incl_tax=Decimal(price),
            unit_price_excl_tax=Decimal(price),
            num_allocated=quantity,
        )
        by_seller[product.seller] = by_seller.get(product.seller, Decimal(0)) + amount
    for seller, lines_total in by_seller.items():
        OrderSellerPart.objects.create(
            order=order,
            seller=seller,
            lines_total=lines_total,
            shipping_charge=Decimal("30.00"),
            status=part_status,
        )
    return order
