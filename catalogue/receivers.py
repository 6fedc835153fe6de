"""Plumbing: thumbnails of a new product photo are made once, after commit.

Whatever saved the photo (the seller's dashboard, Oscar's staff dashboard, a
script), the thumbnails exist before a shopper asks for them, so no page view
has to generate one (and write to the database and storage).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from .selectors import browse_facets_forget
from .thumbnails import thumbnails_generate

ProductImage = get_model("catalogue", "ProductImage")


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
