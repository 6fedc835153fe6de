"""Writes to the catalogue: a seller's products, variants, stock and photos,
and their moderation. Views call these; they check nothing about who asks
(the views scope every object to the asking seller before calling)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.notifications import kinds
from marketplace.notifications.services import notify_seller
from marketplace.pagecache.products import products_forget
from marketplace.translated import CODES

from .signals import product_visibility_changed
from .translation import PRODUCT_TEXTS

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
ModerationEvent = get_model("catalogue", "ModerationEvent")

PRODUCT_FIELDS = (
    "source_language",
    # Each text in each language: title_fr, title_ar, title_en, description_fr…
    *(f"{text}_{code}" for text in PRODUCT_TEXTS for code in CODES),
    "length_cm",
    "width_cm",
    "height_cm",
    "weight_g",
    "made_to_order",
    "lead_time_days",
    "region",
    # The shop's own reference (the catalogue file's `sku`): unique in the shop.
    "seller_sku",
)


@transaction.atomic
def product_create(
    *,
    seller,
    product_class,
    data: dict,
    categories=(),
    materials=(),
    variants=False,
    attributes: dict | None = None,
):
    """A new product of `seller`, unpublished until the seller publishes it.

    `attributes` maps attribute codes of `product_class` to values (see
    `attributes_set`).
    """
    product = Product(
        seller=seller,
        product_class=product_class,
        structure=Product.PARENT if variants else Product.STANDALONE,
        is_public=False,
    )
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    if product.region_id is None:
        product.region = seller.region
    # Set before validation: Oscar's Product.clean checks required attributes.
    attributes_set(product=product, attributes=attributes)
    product.full_clean(exclude=["slug", "upc"])
    product.save()
    product.categories.set(categories)
    product.materials.set(materials)
    return product


@transaction.atomic
def product_update(
    *,
    product,
    data: dict,
    categories=None,
    materials=None,
    attributes: dict | None = None,
):
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    attributes_set(product=product, attributes=attributes)
    product.full_clean(exclude=["slug", "upc"])
    product.save()
    if categories is not None:
        product.categories.set(categories)
    if materials is not None:
        product.materials.set(materials)
    return product


def product_publish(*, product) -> None:
    """Publish: only for a verified seller, and not while under moderation."""
    seller = product.seller
    if seller is None or not seller.is_verified:
        raise PermissionDenied(_("Only a verified shop can publish products."))
    if product.is_moderated:
        raise PermissionDenied(
            _("This product was unpublished by moderation: %(reason)s")
            % {"reason": product.moderation_reason}
        )
    Product.objects.filter(pk=product.pk).update(
        is_public=True, date_updated=timezone.now()
    )
    product.is_public = True
    products_forget([product.pk])
    _search_index_queue(product)


def product_unpublish(*, product) -> None:
    Product.objects.filter(pk=product.pk).update(
        is_public=False, date_updated=timezone.now()
    )
    product.is_public = False
    products_forget([product.pk])
    _search_index_queue(product)


def _search_index_queue(product) -> None:
    """A queryset update sends no post_save: say so ourselves, or the search
    index (which listens) would still find an unpublished product."""
    product_visibility_changed.send(sender=Product, product=product)


@transaction.atomic
def variant_create(
    *,
    parent,
    title: str,
    price: Decimal,
    num_in_stock: int,
    attributes: dict | None = None,
):
    """A child product (size, colour…) of `parent`, with its own stock and price.

    `attributes` are the variant's own values (its size, its colour); those it
    leaves out are read from the parent, as Oscar does for children.
    """
    child = Product(
        parent=parent,
        structure=Product.CHILD,
        title=title,
        seller=parent.seller,
        region=parent.region,
        is_public=True,
    )
    attributes_set(product=child, attributes=attributes)
    child.full_clean(exclude=["slug", "upc"])
    child.save()
    stockrecord_set(product=child, price=price, num_in_stock=num_in_stock)
    return child


@transaction.atomic
def variant_update(
    *,
    variant,
    title: str,
    is_public: bool | None = None,
    attributes: dict | None = None,
):
    """Rename a variant, set its own attribute values; unpublished, shoppers
    cannot choose it (Oscar offers a parent's public children only)."""
    variant.title = title
    if is_public is not None:
        variant.is_public = is_public
    attributes_set(product=variant, attributes=attributes)
    variant.full_clean(exclude=["slug", "upc"])
    variant.save()
    return variant


def attributes_set(*, product, attributes: dict | None) -> None:
    """Set Oscar attribute values (`product.attr`); `product.save()` writes them.

    Keys are attribute codes of the product's class; None or "" removes the
    product's own value (a variant then shows its parent's).
    """
    for code, value in (attributes or {}).items():
        setattr(product.attr, code, value)


def stockrecord_set(*, product, price: Decimal, num_in_stock: int):
    """The price and stock of `product` at its seller's partner."""
    if product.is_parent:
        raise ValidationError(_("A product with variants is priced per variant."))
    partner = product.seller.partner
    record, _created = StockRecord.objects.update_or_create(
        product=product,
        partner=partner,
        defaults={
            "price": price,
            "price_currency": "MAD",
            "num_in_stock": num_in_stock,
        },
        create_defaults={
            "partner_sku": f"P{product.pk}",
            "price": price,
            "price_currency": "MAD",
            "num_in_stock": num_in_stock,
        },
    )
    return record


@transaction.atomic
def stock_add(*, stockrecord_id: int, quantity: int):
    """Put `quantity` units back in a record's stock (returned goods): the
    record is locked and saved, so what follows a stock change runs as for
    the seller's own edit (the "back in stock" alerts, the page cache, the
    search document). None if the record no longer exists."""
    if quantity <= 0:
        raise ValueError("stock_add adds at least one unit")
    record = StockRecord.objects.select_for_update().filter(pk=stockrecord_id).first()
    if record is None:
        return None
    record.num_in_stock = (record.num_in_stock or 0) + quantity
    record.save(update_fields=["num_in_stock"])
    return record


@transaction.atomic
def product_image_add(*, product, photo: ContentFile, caption: str = ""):
    """Store an already cleaned photo (`catalogue.photos.photo_clean`) last."""
    last = product.images.aggregate(last=Max("display_order"))["last"]
    image = ProductImage(
        product=product,
        caption=caption,
        display_order=0 if last is None else last + 1,
    )
    image.original.save(photo.name, photo, save=False)
    try:
        image.save()
    except Exception:
        image.original.delete(save=False)
        raise
    return image


@transaction.atomic
def product_images_reorder(*, product, image_ids: list[int]) -> None:
    """Put the product's photos in the given order; the first is the main one.

    Ids that are not this product's photos are ignored; photos left out keep
    their relative order after the listed ones.
    """
    images = {image.pk: image for image in product.images.select_for_update()}
    ordered = [images.pop(pk) for pk in image_ids if pk in images]
    ordered += sorted(images.values(), key=lambda image: image.display_order)
    for position, image in enumerate(ordered):
        if image.display_order != position:
            ProductImage.objects.filter(pk=image.pk).update(display_order=position)
    products_forget([product.pk])


def product_image_delete(*, image) -> None:
    original = image.original
    image.delete()  # Oscar renumbers the remaining photos
    transaction.on_commit(lambda: original.delete(save=False))


def user_can_moderate(*, user, product) -> bool:
    """Marketplace staff, or staff of the chamber of the seller's region."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    seller = product.seller
    return bool(
        seller is not None and user.chambers.filter(region_id=seller.region_id).exists()
    )


@transaction.atomic
def product_moderate(*, product, moderator, reason: str) -> None:
    """Unpublish `product` with a reason its seller sees, and tell the shop."""
    if not user_can_moderate(user=moderator, product=product):
        raise PermissionDenied(_("You cannot moderate this shop's products."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the seller a reason."))
    now = timezone.now()
    Product.objects.filter(pk=product.pk).update(
        is_public=False,
        moderation_reason=reason,
        moderated_at=now,
        moderated_by=moderator,
        date_updated=now,
    )
    # Its pages stale at once and again on commit (the notification is in
    # the same transaction).
    products_forget([product.pk])
    product.refresh_from_db()
    _moderation_record(
        product=product,
        action=ModerationEvent.Action.MODERATED,
        user=moderator,
        reason=reason,
        at=now,
    )
    _moderation_notify(product=product, kind=kinds.PRODUCT_MODERATED, detail=reason)


def _moderation_record(*, product, action: str, user, reason: str = "", at) -> None:
    """The decision in the moderation log (staff's seller history)."""
    if product.seller_id is None:
        return
    ModerationEvent.objects.create(
        seller_id=product.seller_id,
        product=product,
        product_title=product.get_title()[:255],
        action=action,
        reason=reason,
        user=user if user is not None and user.pk else None,
        created_at=at,
    )


def _moderation_notify(*, product, kind: str, detail: str = "") -> None:
    if product.seller is None:
        return
    context = {"product": product.get_title()}
    if detail:
        context["detail"] = detail
    notify_seller(
        seller=product.seller,
        kind=kind,
        context=context,
        url=reverse("sellerdash:product-edit", kwargs={"pk": product.pk}),
    )


@transaction.atomic
def product_moderation_lift(*, product, moderator) -> None:
    """Let the seller publish again (the product stays unpublished); the shop
    is told, if the product was moderated."""
    if not user_can_moderate(user=moderator, product=product):
        raise PermissionDenied(_("You cannot moderate this shop's products."))
    lifted = Product.objects.filter(pk=product.pk, moderated_at__isnull=False).update(
        moderation_reason="", moderated_at=None, moderated_by=None
    )
    product.refresh_from_db()
    if lifted:
        _moderation_record(
            product=product,
            action=ModerationEvent.Action.LIFTED,
            user=moderator,
            at=timezone.now(),
        )
        _moderation_notify(product=product, kind=kinds.PRODUCT_MODERATION_LIFTED)
