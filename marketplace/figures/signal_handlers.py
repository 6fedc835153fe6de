"""Plumbing: count a product view, in the cache, whenever Oscar reports one.

Oscar's product page sends `product_viewed` when it renders; the page cache
sends it again on each hit (catalogue.views.ProductDetailView), so every view
that reaches Django is counted, none writes to the database.
"""

from oscar.apps.catalogue.signals import product_viewed

from .counters import product_view_count
from .services import view_counts_fold_in_process_start


def product_view_counted(sender, product, request=None, **kwargs):
    if request is not None and product_view_count(request, product_id=product.pk):
        view_counts_fold_in_process_start()


def register_signal_handlers() -> None:
    product_viewed.connect(product_view_counted, dispatch_uid="figures-product-view")
