"""Plumbing: every write the cached pages show makes them stale.

Registered from `PageCacheConfig.ready()`, Wagtail-style. The list of models
lives here, beside the wiring; what "stale" means is in `pages.py`.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .pages import pages_forget_now_and_on_commit

# What the cached pages show: a save or delete of any of these makes them stale.
CACHED_PAGES_SHOW = (
    "catalogue.Product",
    "catalogue.ProductImage",
    "catalogue.ProductCategory",
    "catalogue.Category",
    "catalogue.ProductClass",
    "catalogue.Material",
    "catalogue.ProductAttributeValue",
    "partner.StockRecord",
    "partner.Partner",
    "artisans.Seller",
    "artisans.Region",
    "artisans.RegistryEntry",
    "offer.ConditionalOffer",
    "offer.Range",
    "offer.RangeProduct",
    "offer.Benefit",
    "reviews.ProductReview",
    "wagtailcore.Page",  # deletions; publishing has its own signals below
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wagtailimages.Image",
)


def _changed(sender=None, **kwargs) -> None:
    pages_forget_now_and_on_commit()


def register_signal_handlers() -> None:
    """Wire every write the cached pages depend on to `pages_forget`."""
    for label in CACHED_PAGES_SHOW:
        model = apps.get_model(label)
        # A Wagtail draft saved changes no public page: only deletions count.
        saved = () if label == "wagtailcore.Page" else (post_save,)
        for signal in (*saved, post_delete):
            signal.connect(
                _changed, sender=model, dispatch_uid=f"pagecache-{label}-{signal}"
            )
    Product = apps.get_model("catalogue", "Product")
    m2m_changed.connect(
        _changed, sender=Product.materials.through, dispatch_uid="pagecache-materials"
    )
    for field in apps.get_model("offer", "Range")._meta.many_to_many:
        m2m_changed.connect(
            _changed,
            sender=field.remote_field.through,
            dispatch_uid=f"pagecache-range-{field.name}",
        )
    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(_changed, dispatch_uid=f"pagecache-wagtail-{name}")
