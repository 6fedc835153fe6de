"""Reads around checkout: the basket's rows in a few queries; may this order
be paid in cash on delivery?"""

from decimal import Decimal

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from marketplace.orders.status import STATUS_AWAITING_CONFIRMATION
from marketplace.payments.models import OrderPayment


def cod_open_orders(*, client_ip: str | None = None, phone: str = ""):
    """Cash orders still waiting for the shopper's confirmation."""
    payments = OrderPayment.objects.filter(
        method=OrderPayment.Method.COD,
        order__status=STATUS_AWAITING_CONFIRMATION,
    )
    if client_ip is not None:
        payments = payments.filter(client_ip=client_ip)
    if phone:
        payments = payments.filter(phone=phone)
    return payments


def cod_refusal(*, total: Decimal, client_ip: str | None, phone: str) -> str:
    """Why cash on delivery is not offered for this order; "" when it is.

    Cash on delivery holds stock on a word: one order's value is capped, and
    so is the number of unconfirmed cash orders open at once from one client
    address and from one phone. The message does not say which limit was hit
    beyond what the shopper can act on.
    """
    ceiling = Decimal(str(settings.MARKETPLACE_COD_MAX_ORDER_TOTAL))
    if total > ceiling:
        return _(
            "Cash on delivery is offered for orders up to %(ceiling)s. "
            "Please pay by card, or split your order."
        ) % {"ceiling": currency(ceiling, settings.OSCAR_DEFAULT_CURRENCY)}
    too_many = _(
        "You already have cash-on-delivery orders waiting for confirmation. "
        "Please confirm them (see the link in their e-mail) or pay by card."
    )
    if client_ip and (
        cod_open_orders(client_ip=client_ip).count()
        >= settings.MARKETPLACE_COD_MAX_OPEN_PER_IP
    ):
        return too_many
    if phone and (
        cod_open_orders(phone=phone).count()
        >= settings.MARKETPLACE_COD_MAX_OPEN_PER_PHONE
    ):
        return too_many
    return ""


def basket_lines_load(*, basket) -> None:
    """Load what placing an order reads of each basket line, in a constant
    number of queries instead of several per line.

    Oscar's basket loads its lines with their products, stock records and
    partners (`Basket.all_lines`); its strategy prices each line by the line's
    own stock record (`fetch_for_line`), and placing the order asks each stock
    record for its product and each product for its class
    (`can_track_allocations`, `update_stock_records`), each stock record for
    its partner (the order line's: already read with the lines, so that
    prefetch costs nothing). A line's stock record and product are rows the
    basket already holds: the record is given the line's product.
    """
    if basket.id is None:
        return
    loaded = basket.all_lines()
    if getattr(basket, "_lines_loaded", None) is loaded:
        return  # this request's lines, loaded by an earlier step
    lines = list(loaded)
    products = [line.product for line in lines]
    prefetch_related_objects(products, "product_class", "parent__product_class")
    records = [line.stockrecord for line in lines if line.stockrecord is not None]
    prefetch_related_objects(records, "partner")
    for line in lines:
        if line.stockrecord is not None and line.stockrecord.product_id == (
            line.product_id
        ):
            line.stockrecord.product = line.product
    basket._lines_loaded = loaded
