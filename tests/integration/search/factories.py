"""Builders for a small catalogue of buyable (and unbuyable) products."""

import itertools
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from artisans.models import Region, RegistryEntry, Seller

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Material = get_model("catalogue", "Material")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

_seq = itertools.count(1)


def region(*, code: str, name: str, name_ar: str = "") -> Region:
    return Region.objects.get_or_create(
        code=code, defaults={"name": name, "name_ar": name_ar, "slug": slugify(name)}
    )[0]


def seller(
    *, region_obj: Region, name: str | None = None, name_ar: str = "", status=None
) -> Seller:
    n = next(_seq)
    name = name or f"Atelier {n}"
    owner = get_user_model().objects.create_user(
        username=f"search{n}", email=f"search{n}@example.com", password="pw"
    )
    partner = Partner.objects.create(name=name)
    entry = RegistryEntry.objects.create(
        registry_id=f"RNA-{region_obj.code}-{n:07d}",
        kind=RegistryEntry.Kind.ARTISAN,
        name_latin=name,
        name_arabic=name_ar,
        craft_code="TAP01",
        region_code=region_obj.code,
        status=RegistryEntry.Status.ACTIVE,
    )
    return Seller.objects.create(
        partner=partner,
        owner=owner,
        registry_entry=entry,
        kind=Seller.Kind.ARTISAN,
        name=name,
        slug=f"search-atelier-{n}",
        registry_id_claimed=entry.registry_id,
        name_claimed=name,
        trade="Artisanat",
        region=region_obj,
        phone="+212600000000",
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
):
    n = next(_seq)
    product_class = ProductClass.objects.get_or_create(
        slug="artisanat", defaults={"name": "Artisanat", "track_stock": True}
    )[0]
    item = Product.objects.create(
        title=title,
        upc=f"SEARCH-{n}",
        structure=Product.STANDALONE,
        product_class=product_class,
        description=description,
        is_public=is_public,
        seller=seller_obj,
        region=seller_obj.region,
        technique=technique,
        made_to_order=made_to_order,
        popularity=popularity,
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
    StockRecord.objects.create(
        product=item,
        partner=seller_obj.partner,
        partner_sku=item.upc,
        price=Decimal(price),
        price_currency="MAD",
        num_in_stock=stock,
    )
    return item
