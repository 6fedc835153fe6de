"""Builders for a small catalogue of buyable (and unbuyable) products."""

import itertools
from decimal import Decimal

from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from artisans.models import Region, Seller
from tests.factories import (
    ProductClassFactory,
    ProductFactory,
    RegionFactory,
    RegistryEntryFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

ProductCategory = get_model("catalogue", "ProductCategory")
Material = get_model("catalogue", "Material")

_seq = itertools.count(1)


def region(*, code: str, name: str, name_ar: str = "") -> Region:
    return RegionFactory(code=code, name=name, name_ar=name_ar, slug=slugify(name))


def seller(
    *, region_obj: Region, name: str | None = None, name_ar: str = "", status=None
) -> Seller:
    n = next(_seq)
    name = name or f"Atelier {n}"
    owner = UserFactory(
        username=f"search{n}", email=f"search{n}@example.com", password="pw"
    )
    entry = RegistryEntryFactory(
        registry_id=f"RNA-{region_obj.code}-{n:07d}",
        name_latin=name,
        name_arabic=name_ar,
        craft_label="",
        region_code=region_obj.code,
    )
    return SellerFactory(
        name=name,
        owner=owner,
        owner_in_partner=False,
        registry_entry=entry,
        slug=f"search-atelier-{n}",
        registry_id_claimed=entry.registry_id,
        trade="Artisanat",
        region=region_obj,
        status=status or Seller.Status.VERIFIED,
    )


def product(
    *,
    seller_obj: Seller,
    title: str,
    category: str,
    materials: tuple[str, ...] = (),
    price: str = "100",
    stock: int = 5,
    made_to_order: bool = False,
    technique: str = "",
    description: str = "",
    is_public: bool = True,
    popularity: int = 0,
    **translations: str,
):
    """`translations`: the other languages' fields (title_ar=…, title_en=…)."""
    n = next(_seq)
    item = ProductFactory(
        title=title,
        upc=f"SEARCH-{n}",
        product_class=ProductClassFactory(slug="artisanat", name="Artisanat"),
        description=description,
        is_public=is_public,
        seller=seller_obj,
        technique=technique,
        made_to_order=made_to_order,
        popularity=popularity,
        **translations,
    )
    ProductCategory.objects.create(
        product=item, category=create_from_breadcrumbs(category)
    )
    for name in materials:
        item.materials.add(
            Material.objects.get_or_create(slug=slugify(name), defaults={"name": name})[
                0
            ]
        )
    StockRecordFactory(
        product=item, partner_sku=item.upc, price=Decimal(price), num_in_stock=stock
    )
    return item
