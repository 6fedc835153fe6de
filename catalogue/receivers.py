"""Plumbing: thumbnails of a new product photo are made once, after commit.

Whatever saved the photo (the seller's dashboard, Oscar's staff dashboard, a
script), the thumbnails exist before a shopper asks for them, so no page view
has to generate one (and write to the database and storage).

A stock record's save queues Oscar's "back in stock" alerts through the
outbox, unless it brought nothing back on sale (an order's allocation, a
seller's save of a product still on sale): see `catalogue.stock`. One that
moves a price stores its product's new lowest price: see `catalogue.prices`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from marketplace.outbox.services import outbox_enqueue

from .prices import stockrecord_saved_or_deleted
from .selectors import browse_facets_forget
from .stock import stock_movement_not_back_on_sale, stockrecord_loaded
from .tasks import product_alerts_send
from .thumbnails import thumbnails_generate

ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


@receiver(post_save, sender=ProductImage, dispatch_uid="catalogue-thumbnails")
def product_image_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.original:
        return
    source = instance.original
    transaction.on_commit(lambda: thumbnails_generate(source=source))


def _browse_facets_changed(sender, **kwargs):
    browse_facets_forget()


for _model in (
    get_model("catalogue", "Category"),
    get_model("catalogue", "Material"),
    get_model("artisans", "Region"),
):
    for _signal in (post_save, post_delete):
        _signal.connect(
            _browse_facets_changed,
            sender=_model,
            dispatch_uid=f"catalogue-facets-{_model._meta.label}-{_signal}",
        )


post_init.connect(stockrecord_loaded, sender=StockRecord, dispatch_uid="stock-loaded")
for _signal in (post_save, post_delete):
    _signal.connect(
        stockrecord_saved_or_deleted,
        sender=StockRecord,
        dispatch_uid=f"catalogue-lowest-price-{_signal}",
    )


@receiver(post_save, sender=StockRecord, dispatch_uid="catalogue-product-alerts")
def stockrecord_saved(sender, instance, raw=False, **kwargs):
    if raw or stock_movement_not_back_on_sale(instance=instance, signal_kwargs=kwargs):
        # An order's allocation, a parcel's shipping, or a seller's save that
        # leaves the product on sale, brings nothing back.
        return
    outbox_enqueue(task=product_alerts_send, kwargs={"product_id": instance.product_id})
