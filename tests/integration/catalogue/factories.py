"""Small builders for sellers, products and stock used by the shop tests."""

import io
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image

from artisans.models import Seller
from tests.factories import (
    ProductClassFactory,
    ProductFactory,
    RegionFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")

_seq = itertools.count(1)


def region(code="07", name="Marrakech-Safi"):
    return RegionFactory(code=code, name=name, slug=name.lower())


def user(**extra):
    n = next(_seq)
    return UserFactory(
        username=f"user{n}", email=f"user{n}@example.com", password="pw", **extra
    )


def seller(*, status=Seller.Status.VERIFIED, region_obj=None, owner=None, name=None):
    n = next(_seq)
    owner = owner or user()
    return SellerFactory(
        name=name or f"Atelier {n}",
        owner=owner,
        slug=f"atelier-{n}",
        registry_id_claimed=f"RNA-07-{n:07d}",
        region=region_obj or region(),
        status=status,
    )


def product_class():
    return ProductClassFactory(slug="tapis", name="Tapis", track_stock=True)


def product(*, seller_obj, price=Decimal("100.00"), variants=0, **fields):
    n = next(_seq)
    structure = Product.PARENT if variants else Product.STANDALONE
    defaults = {
        "title": f"Tapis {n}",
        "upc": f"UPC-{n}",
        "structure": structure,
        "product_class": product_class(),
        "seller": seller_obj,
    }
    defaults.update(fields)
    item = ProductFactory(**defaults)
    if variants:
        for v in range(variants):
            child = ProductFactory(
                title=f"{item.title} {v}",
                upc=f"{item.upc}-{v}",
                structure=Product.CHILD,
                parent=item,
                product_class=None,
                region=None,
                seller=seller_obj,
            )
            stock(product_obj=child, seller_obj=seller_obj, price=price + v)
    else:
        stock(product_obj=item, seller_obj=seller_obj, price=price)
    return item


def stock(*, product_obj, seller_obj, price, num_in_stock=5):
    return StockRecordFactory(
        product=product_obj,
        partner=seller_obj.partner,
        partner_sku=f"SKU-{next(_seq)}",
        price=price,
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
