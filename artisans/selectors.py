"""Reads of sellers and their products, shared by the shop and the CMS."""

from django.db.models import QuerySet
from oscar.core.loading import get_model

from .models import Seller


def seller_queryset_public() -> QuerySet:
    """Sellers shoppers may see: verified ones."""
    return Seller.objects.filter(status=Seller.Status.VERIFIED)


def product_queryset_public() -> QuerySet:
    """Products shoppers may see: published, canonical, of a verified seller."""
    Product = get_model("catalogue", "Product")
    return Product.objects.browsable()
