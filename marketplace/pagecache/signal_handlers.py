"""Plumbing: every write the cached pages show makes the pages showing it stale.

Registered from `PageCacheConfig.ready()`, Wagtail-style. The models live
here, beside the wiring; what "stale" means is in `pages.py`.

The frequent writes (a product and what hangs from it, stock, sellers) move
the tags of what they change (`products_forget`); the rare ones move the
site-wide version.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .pages import (
    list_seller_tag,
    pages_forget_now_and_on_commit,
    pages_forget_tags_now_and_on_commit,
    product_tag,
    seller_tag,
    shown_changed,
    stock_shown_changed,
)
from .products import category_list_tags, products_forget

# Shown by every page or by too many to follow one by one, and rarely
# written: a save or delete of any of these makes every page stale.
CACHED_PAGES_SHOW = (
    "catalogue.Category",
    "catalogue.ProductClass",
    "catalogue.Material",
    "partner.Partner",
    "artisans.Region",
    "artisans.RegistryEntry",
    # Names in three languages staff edit: the badges' crafts, attributes.
    "artisans.Craft",
    "catalogue.ProductAttribute",
    "catalogue.AttributeOption",
    "offer.ConditionalOffer",
    # What an offer asks of a basket: the site's offers are kept by this
    # version too (marketplace/offer/applicator.py).
    "offer.Condition",
    "offer.Range",
    "offer.RangeProduct",
    "offer.Benefit",
    "wagtailcore.Page",  # deletions; publishing has its own signals below
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wagtailimages.Image",
)

# Shown by the pages of one product (its own, the lists and blocks it is in):
# a save or delete moves that product's tags (`products_forget`).
PRODUCT_PAGES_SHOW = (
    "catalogue.Product",
    "catalogue.ProductImage",
    "catalogue.ProductCategory",
    "catalogue.ProductAttributeValue",
    "catalogue.ProductRecommendation",  # its primary product's page
    "reviews.ProductReview",
)


def _changed(sender=None, **kwargs) -> None:
    pages_forget_now_and_on_commit()


def _product_changed(sender, instance, **kwargs) -> None:
    if sender._meta.label == "catalogue.Product":
        # From the instance too: a deleted product's row is gone.
        product_id = instance.pk
        extra = {list_seller_tag(instance.seller_id)} if instance.seller_id else set()
        if instance.parent_id:
            extra.add(product_tag(instance.parent_id))
        products_forget([product_id], extra=extra)
        return
    # A recommendation belongs to the page of its primary product.
    product_id = getattr(instance, "product_id", None) or instance.primary_id
    extra = ()
    if sender._meta.label == "catalogue.ProductCategory" and instance.category_id:
        # The craft it joined or left: its list, and those above it.
        Category = apps.get_model("catalogue", "Category")
        path = (
            Category.objects.filter(pk=instance.category_id)
            .values_list("path", flat=True)
            .first()
        )
        extra = category_list_tags([path] if path else [])
    products_forget([product_id], extra=extra)


def _stockrecord_changed(sender, instance, created=False, **kwargs) -> None:
    # An allocation that leaves the product in stock at the same price
    # changes no page: nothing is made stale.
    if kwargs.get("signal") is post_delete or stock_shown_changed(
        instance, created=created
    ):
        products_forget([instance.product_id])


def _seller_changed(sender, instance, **kwargs) -> None:
    public = instance.publication_consent_at is not None
    if kwargs.get("signal") is post_delete or shown_changed(
        "seller-status", instance.pk, f"{instance.status}/{public}"
    ):
        # Verified or suspended, agreed to publication or withdrew it: its
        # products join or leave every list and block of the site.
        pages_forget_now_and_on_commit()
        return
    pages_forget_tags_now_and_on_commit(
        {seller_tag(instance.pk), list_seller_tag(instance.pk)}
    )


def _materials_changed(sender, instance, action, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    Product = apps.get_model("catalogue", "Product")
    if isinstance(instance, Product):
        products_forget([instance.pk])
    else:  # from the material's side
        products_forget(pk_set or ())


def _categories_changed(sender, instance, action, pk_set=None, **kwargs) -> None:
    """`product.categories.add()`: the through rows are made without post_save."""
    if action not in ("pre_clear", "post_add", "post_remove"):
        return
    Product = apps.get_model("catalogue", "Product")
    Category = apps.get_model("catalogue", "Category")
    if isinstance(instance, Product):
        products, categories = (
            [instance.pk],
            Category.objects.filter(pk__in=pk_set or ()),
        )
        if action == "pre_clear":  # the crafts it is about to leave
            categories = instance.categories.all()
    else:  # from the category's side
        products, categories = (
            list(pk_set or ()),
            Category.objects.filter(pk=instance.pk),
        )
        if action == "pre_clear":
            products = list(instance.product_set.values_list("pk", flat=True))
    extra = category_list_tags(categories.values_list("path", flat=True))
    products_forget(products, extra=extra)


def register_signal_handlers() -> None:
    """Wire every write the cached pages depend on to the tags it moves."""
    for label in CACHED_PAGES_SHOW:
        model = apps.get_model(label)
        # A Wagtail draft saved changes no public page: only deletions count.
        saved = () if label == "wagtailcore.Page" else (post_save,)
        for signal in (*saved, post_delete):
            signal.connect(
                _changed, sender=model, dispatch_uid=f"pagecache-{label}-{signal}"
            )
    for label, handler in (
        *((label, _product_changed) for label in PRODUCT_PAGES_SHOW),
        ("partner.StockRecord", _stockrecord_changed),
        ("artisans.Seller", _seller_changed),
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                handler,
                sender=apps.get_model(label),
                dispatch_uid=f"pagecache-{label}-{signal}",
            )
    Product = apps.get_model("catalogue", "Product")
    m2m_changed.connect(
        _materials_changed,
        sender=Product.materials.through,
        dispatch_uid="pagecache-materials",
    )
    m2m_changed.connect(
        _categories_changed,
        sender=Product.categories.through,
        dispatch_uid="pagecache-categories",
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
