"""Whether an Oscar stock movement brought units back on sale (the "back in
stock" alerts). What a save changes of a page or a search document is
`marketplace.pagecache.pages.stock_shown_changed`.

Oscar's stock movements (`allocate`, `consume_allocation`,
`cancel_allocation`) send `post_save` themselves after a queryset update; an
order allocating two of a thousand units changes nothing a page, a search
document or a "back in stock" alert depends on. The record's state as loaded
is kept on the instance (`post_init`) so that receivers can tell.
"""

from django.db.models.signals import post_save

_FIELDS = ("product_id", "price", "num_in_stock", "num_allocated", "price_currency")


def stockrecord_on_sale(instance) -> tuple | None:
    """(product id, price, units left?, currency) of the record as it is in
    memory.
    Only fields already loaded are read (a deferred one would cost a query):
    None if one is not."""
    loaded = vars(instance)
    if not all(name in loaded for name in _FIELDS):
        return None
    left = (loaded["num_in_stock"] or 0) - (loaded["num_allocated"] or 0)
    return (
        loaded["product_id"],
        loaded["price"],
        left > 0,
        loaded["price_currency"],
    )


def stockrecord_loaded(sender, instance, **kwargs) -> None:
    """`post_init` receiver: remember the record's state as loaded."""
    instance._on_sale_when_loaded = stockrecord_on_sale(instance)


def stock_movement_not_back_on_sale(*, instance, signal_kwargs: dict) -> bool:
    """An Oscar stock movement, or a save of a record already stored, after
    which the record has no units on sale, or had some already when loaded:
    nothing came back in stock (a seller's stock save that leaves a product
    on sale queues no "back in stock" alerts). A new record, or one whose
    fields are not all loaded, may have brought units back."""
    if signal_kwargs.get("signal") is not post_save or signal_kwargs.get("created"):
        return False
    now = stockrecord_on_sale(instance)
    if now is None:
        return False
    before = getattr(instance, "_on_sale_when_loaded", None)
    return not now[2] or (before is not None and before[2])
