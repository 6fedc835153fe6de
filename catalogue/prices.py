"""A product's lowest price, computed and stored.

A card shows its product's lowest price: over the product's own stock records
or, for a parent, over its children's (`lowest_price_expression`, computed
with the card's row). Sorting or filtering a whole list by price reads the
stored copy, `Product.lowest_price`, indexed with the parent column: the
first page of a craft sorted by price is read down the index instead of
computing every product's price first.

The stored copy is written by the database in one UPDATE, from the same
expression, whenever a stock record is made, deleted, or changes its price
or product (`stockrecord_price_changed`, receivers in `catalogue.receivers`),
and after the bulk writes that send no signal (a catalogue file's import,
the demo). An order's allocation changes no price and writes nothing here.
`manage.py lowest_prices_refresh` recomputes every product's, as a repair.
"""

from collections.abc import Iterable

from django.db.models import Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from oscar.core.loading import get_model

from .stock import stockrecord_on_sale


def _min_price(product_field: str) -> Subquery:
    StockRecord = get_model("partner", "StockRecord")
    return Subquery(
        StockRecord.objects.filter(**{product_field: OuterRef("pk")})
        .order_by()
        .values(product_field)
        .annotate(lowest=Min("price"))
        .values("lowest")[:1]
    )


def lowest_price_expression() -> Coalesce:
    """A product's lowest price: its own stock records', else its children's."""
    return Coalesce(_min_price("product_id"), _min_price("product__parent_id"))


def lowest_prices_refresh(product_ids: Iterable[int] | None = None) -> int:
    """Store the lowest price of these products and of their parents (every
    product when None), an UPDATE per 500 of them; the number of rows
    written."""
    Product = get_model("catalogue", "Product")
    if product_ids is None:
        return Product.objects.update(lowest_price=lowest_price_expression())
    ids = sorted(set(product_ids))
    written = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        parents = Product.objects.filter(pk__in=chunk, parent__isnull=False).values(
            "parent_id"
        )
        written += Product.objects.filter(Q(pk__in=chunk) | Q(pk__in=parents)).update(
            lowest_price=lowest_price_expression()
        )
    return written


_CHUNK = 500


def stockrecord_price_changed(*, instance, created: bool, deleted: bool) -> bool:
    """Whether this save or delete of a stock record may move its product's
    lowest price: a new or deleted record, a price or a product changed, or
    a record whose state as loaded is not known. An allocation does not."""
    if created or deleted:
        return True
    before = getattr(instance, "_price_stored", None) or getattr(
        instance, "_on_sale_when_loaded", None
    )
    now = stockrecord_on_sale(instance)
    if before is None or now is None:
        return True
    return (before[0], before[1]) != (now[0], now[1])


def stockrecord_saved_or_deleted(sender, instance, raw=False, **kwargs) -> None:
    """`post_save` and `post_delete` receiver of stock records."""
    deleted = kwargs.get("signal") is post_delete
    if raw or not stockrecord_price_changed(
        instance=instance, created=kwargs.get("created", False), deleted=deleted
    ):
        return
    lowest_prices_refresh([instance.product_id])
    # What the stored price now follows, for a second save of this instance.
    instance._price_stored = stockrecord_on_sale(instance)
