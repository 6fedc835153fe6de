"""Writes of the seller's dashboard that are not the catalogue's."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

STOREFRONT_FIELDS = ("story", "shipping_flat_rate", "free_shipping_threshold")


@transaction.atomic
def seller_storefront_update(
    *,
    seller,
    story: str,
    shipping_flat_rate: Decimal | None,
    free_shipping_threshold: Decimal | None,
    logo: ContentFile | None = None,
    banner: ContentFile | None = None,
):
    """The public face of a shop: its story, pictures and shipping terms.

    `logo` and `banner` are photos already cleaned by `photo_clean`.
    """
    seller.story = story
    seller.shipping_flat_rate = shipping_flat_rate
    seller.free_shipping_threshold = free_shipping_threshold
    fields = list(STOREFRONT_FIELDS)
    for name, photo in (("logo", logo), ("banner", banner)):
        if photo is not None:
            getattr(seller, name).save(photo.name, photo, save=False)
            fields.append(name)
    seller.save(update_fields=fields)
    return seller
