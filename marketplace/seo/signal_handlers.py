"""What the sitemaps list changes: their cached files are built afresh.

Each receiver moves one version number in the cache (`views.sitemaps_changed`);
the next request for a file rebuilds it.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from artisans.models import Seller
from artisans.signals import seller_status_changed
from catalogue.signals import product_visibility_changed

from .views import sitemaps_changed

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


@receiver(post_save, sender=Product, dispatch_uid="seo-product-saved")
@receiver(post_delete, sender=Product, dispatch_uid="seo-product-deleted")
@receiver(post_save, sender=Category, dispatch_uid="seo-category-saved")
@receiver(post_delete, sender=Category, dispatch_uid="seo-category-deleted")
@receiver(post_save, sender=Seller, dispatch_uid="seo-seller-saved")
@receiver(post_delete, sender=Seller, dispatch_uid="seo-seller-deleted")
@receiver(post_delete, sender=Page, dispatch_uid="seo-page-deleted")
def _row_changed(sender, **kwargs):
    sitemaps_changed()


@receiver(product_visibility_changed, dispatch_uid="seo-products-visibility")
@receiver(seller_status_changed, dispatch_uid="seo-seller-status")
@receiver(page_published, dispatch_uid="seo-page-published")
@receiver(page_unpublished, dispatch_uid="seo-page-unpublished")
def _listing_changed(sender, **kwargs):
    sitemaps_changed()
