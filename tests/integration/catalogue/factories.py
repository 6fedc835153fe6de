"""Small builders for sellers, products and stock used by the shop tests."""

import io
import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image

from artisans.models import Region, Seller

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

_seq = itertools.count(1)


def region(code="07", name="Marrakech-Safi"):
    return Region.objects.get_or_create(
        code=code, defaults={"name": name, "slug": name.lower()}
    )[0]


def user(**extra):
    n = next(_seq)
    return get_user_model().objects.create_user(
        username=f"user{n}", email=f"user{n}@example.com", password="pw", **extra
    )


def seller(*, status=Seller.Status.VERIFIED, region_obj=None, owner=None, name=None):
    n = next(_seq)
    owner = owner or user()
    name = name or f"Atelier {n}"
    partner = Partner.objects.create(name=name)
    partner.users.add(owner)
    return Seller.objects.create(
        partner=partner,
        owner=owner,
        kind=Seller.Kind.ARTISAN,
        name=name,
        slug=f"atelier-{n}",
        registry_id_claimed=f"RNA-07-{n:07d}",
        name_claimed=name,
        trade="Tissage",
        region=region_obj or region(),
        phone="+212600000000",
        status=status,
    )


def product_class():
    return ProductClass.objects.get_or_create(
        slug="tapis", defaults={"name": "Tapis", "track_stock": True}
    )[0]


def product(*, seller_obj, price=Decimal("100.00"), variants=0, **fields):
    n = next(_seq)
    structure = Product.PARENT if variants else Product.STANDALONE
    defaults = {
        "title": f"Tapis {n}",
        "upc": f"UPC-{n}",
        "structure": structure,
        "product_class": product_class(),
        "is_public": True,
        "seller": seller_obj,
        "region": seller_obj.region,
    }
    defaults.update(fields)
    item = Product.objects.create(**defaults)
    if variants:
        for v in range(variants):
            child = Product.objects.create(
                title=f"{item.title} {v}",
                upc=f"{item.upc}-{v}",
                structure=Product.CHILD,
                parent=item,
                is_public=True,
                seller=seller_obj,
            )
            stock(product_obj=child, seller_obj=seller_obj, price=price + v)
    else:
        stock(product_obj=item, seller_obj=seller_obj, price=price)
    return item


def stock(*, product_obj, seller_obj, price, num_in_stock=5):
    return StockRecord.objects.create(
        product=product_obj,
        partner=seller_obj.partner,
        partner_sku=f"SKU-{next(_seq)}",
        price=price,
        price_currency="MAD",
        num_in_stock=num_in_stock,
    )


def jpeg_bytes(size=(64, 48), colour="red", exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if exif is not None:
        image.save(buffer, "JPEG", exif=exif)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def image(*, product_obj, display_order=0):
    item = ProductImage(product=product_obj, display_order=display_order)
    item.original.save(f"p{next(_seq)}.jpg", ContentFile(jpeg_bytes()), save=False)
    item.save()
    return item
