"""Reads for the seller's dashboard, every one scoped to one seller."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

from artisans.selectors import seller_for_user  # noqa: F401  (the one definition)

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


def seller_products(*, seller) -> QuerySet:
    """The seller's products (parents and standalones), newest first."""
    return (
        Product.objects.filter(seller=seller, parent__isnull=True)
        .select_related("product_class")
        .prefetch_related("images", "stockrecords", "children__stockrecords")
        .order_by("-date_created", "-pk")
    )


def seller_product(*, seller, pk: int):
    return Product.objects.filter(seller=seller, parent__isnull=True).get(pk=pk)


def seller_variant(*, seller, pk: int):
    return Product.objects.filter(
        seller=seller, parent__seller=seller, structure=Product.CHILD
    ).get(pk=pk)


def seller_stockrecord(*, seller, pk: int):
    return StockRecord.objects.select_related("product").get(
        pk=pk, partner=seller.partner, product__seller=seller
    )


def seller_image(*, seller, pk: int):
    return ProductImage.objects.select_related("product").get(
        pk=pk, product__seller=seller
    )
