"""Writes around order placement: stock held under lock, cash-on-delivery
limits and the shopper's confirmation link. The order's life after placement
(statuses, cancelling, confirmation e-mails) is in `marketplace.orders`; a cash
order's confirmation or expiry in `marketplace.payments.services`."""

import hashlib
import hmac
from collections import defaultdict

from django.core import signing
from django.db import connection
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from marketplace.order.utils import stock_locked_keep

from .tasks import cod_confirmation_request_email

StockRecord = get_model("partner", "StockRecord")


class OutOfStock(UnableToPlaceOrder):
    """Another order took the last units: said to the shopper before paying."""


def cod_confirmation_request_job(*, order, url: str) -> tuple:
    """The shopper's "confirm your cash order" e-mail (its signed link is
    `url`), as (task, kwargs) for the outbox, queued with the order's other
    e-mails (`orders.services.order_confirmation_enqueue`)."""
    return (cod_confirmation_request_email, {"order_id": order.pk, "url": url})


def basket_stock_lock(*, basket) -> None:
    """Lock the basket's stock records and check every line can be served.

    Must run inside the transaction that places the order. The rows are locked
    sorted by id, so two baskets holding the same products in different orders
    lock them in the same order and never deadlock; a concurrent placement
    waits here until this one commits, then sees the stock this one took. The
    records read are kept for the order's allocation, which takes them without
    reading them again (`order.utils.stock_locked_keep`).
    """
    wanted: dict[int, int] = defaultdict(int)
    titles: dict[int, str] = {}
    for line in basket.all_lines():
        if line.stockrecord_id is None:
            raise UnableToPlaceOrder(_("A product in your basket is no longer sold."))
        if not line.product.get_product_class().track_stock:
            continue
        wanted[line.stockrecord_id] += line.quantity
        titles[line.stockrecord_id] = line.product.get_title()
    records = list(
        StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    )
    gone = [
        titles[record.pk]
        for record in records
        if (record.num_in_stock or 0) - (record.num_allocated or 0) < wanted[record.pk]
    ]
    if gone:
        raise OutOfStock(
            _(
                "Sorry, %(products)s just sold out: another order took the last "
                "units. Nothing has been charged; please update your basket."
            )
            % {"products": ", ".join(sorted(gone))}
        )
    # Locked and read: the order's allocation takes them as they are.
    stock_locked_keep(basket=basket, records=records)


# --- Cash on delivery: confirmation, expiry, limits ---------------------------


def cod_limits_lock(*, client_ip: str | None, phone: str) -> None:
    """Serialise cash checkouts from one client address or one phone.

    Must run inside the placing transaction, before the limits are counted:
    two checkouts at once from the same phone would otherwise both count the
    same open orders and both pass. PostgreSQL's transaction-level advisory
    locks are released at commit; SQLite serialises writers by itself.
    """
    if connection.vendor != "postgresql":
        return
    keys = sorted(
        int.from_bytes(
            hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True
        )
        for key in (f"cod-ip:{client_ip}" if client_ip else "", f"cod-phone:{phone}")
        if key and not key.endswith(":")
    )
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _cod_signer() -> signing.Signer:
    return signing.Signer(salt="marketplace.checkout.cod-confirm")


def cod_confirmation_signature(*, order) -> str:
    """The secret part of the shopper's confirmation link."""
    return _cod_signer().signature(order.number)


def cod_confirmation_signature_check(*, order, signature: str) -> bool:
    return hmac.compare_digest(cod_confirmation_signature(order=order), signature)
