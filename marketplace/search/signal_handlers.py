"""Plumbing only: after a product, its stock or its seller changes, queue an
index update for the products concerned through the outbox.

The update is written in the change's own transaction and handed to the queue
when it commits, not before: a worker must read the committed rows, a rolled
back change must not reach the index, and a queue that is down when the change
commits must not lose the update (`marketplace.outbox`). A seller's change is
one task for all its products.

A stock movement that changes nothing a document holds (its price, and
whether the product can be bought) queues nothing: an order's allocation
leaving a product in stock is most of them (`catalogue.stock`).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from oscar.core.loading import get_model

from artisans.models import Seller
from artisans.signals import seller_status_changed
from catalogue.signals import product_visibility_changed
from marketplace.outbox.services import outbox_enqueue
from marketplace.pagecache.pages import stock_shown_changed

from .tasks import sync_products

# Products per index update: a catalogue file of 50,000 rows is indexed by
# tasks of this size, each holding only its own products' documents.
QUEUE_CHUNK = 1000


def queue_products(product_ids) -> None:
    """Queue an index update of these products when the transaction commits."""
    ids = sorted({i for i in product_ids if i is not None})
    for start in range(0, len(ids), QUEUE_CHUNK):
        outbox_enqueue(
            task=sync_products, kwargs={"product_ids": ids[start : start + QUEUE_CHUNK]}
        )


def _canonical_id(product) -> int | None:
    """Variants are not indexed: their parent is."""
    return product.parent_id or product.pk


def product_changed(sender, instance, **kwargs):
    queue_products([_canonical_id(instance)])


def product_m2m_changed(sender, instance, action, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    Product = get_model("catalogue", "Product")
    if isinstance(instance, Product):
        queue_products([_canonical_id(instance)])
    elif pk_set:  # changed from the other side (a material's products)
        queue_products(pk_set)


def product_category_changed(sender, instance, **kwargs):
    queue_products([instance.product_id])


def stockrecord_changed(sender, instance, created=False, **kwargs):
    # A sale that leaves the product in stock at its price changes nothing
    # its document holds (price, in stock): no update, no stale search page.
    if kwargs.get("signal") is post_save and not stock_shown_changed(
        instance, created=created
    ):
        return
    Product = get_model("catalogue", "Product")
    parent = Product.objects.filter(pk=instance.product_id).values("parent_id").first()
    queue_products([(parent or {}).get("parent_id") or instance.product_id])


def product_visibility_changed_handler(sender, product=None, product_ids=(), **kwargs):
    """Published, unpublished or written by queryset updates or bulk writes
    (no post_save): one product, or many at once (a catalogue file)."""
    queue_products([product.pk] if product is not None else product_ids)


def seller_changed(sender, instance=None, seller=None, **kwargs):
    """A seller saved, verified or suspended: all its products."""
    seller = seller or instance
    Product = get_model("catalogue", "Product")
    queue_products(
        Product.objects.filter(seller=seller, parent=None).values_list("pk", flat=True)
    )


def register_signal_handlers() -> None:
    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    StockRecord = get_model("partner", "StockRecord")

    uid = "search-index"
    post_save.connect(product_changed, sender=Product, dispatch_uid=f"{uid}-p")
    post_delete.connect(product_changed, sender=Product, dispatch_uid=f"{uid}-pd")
    product_visibility_changed.connect(
        product_visibility_changed_handler, dispatch_uid=f"{uid}-pv"
    )
    m2m_changed.connect(
        product_m2m_changed, sender=Product.materials.through, dispatch_uid=f"{uid}-m"
    )
    for signal, suffix in ((post_save, "cs"), (post_delete, "cd")):
        signal.connect(
            product_category_changed,
            sender=ProductCategory,
            dispatch_uid=f"{uid}-{suffix}",
        )
    for signal, suffix in ((post_save, "ss"), (post_delete, "sd")):
        signal.connect(
            stockrecord_changed, sender=StockRecord, dispatch_uid=f"{uid}-{suffix}"
        )
    # A status change (verified, suspended) comes with the registry's own
    # signal, sent once committed; post_save covers the seller's other edits.
    seller_status_changed.connect(seller_changed, dispatch_uid=f"{uid}-st")
    post_save.connect(seller_changed, sender=Seller, dispatch_uid=f"{uid}-s")
