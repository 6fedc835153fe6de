"""Factories of the artisans app, shared by its integration and functional tests."""

import itertools

import factory
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from artisans.models import Chamber, Region, RegistryEntry, Seller
from artisans.regions import REGIONS, chamber_name

_numbers = itertools.count(1)


def region(code: str) -> Region:
    """The region of `code` with its chamber, created on first use."""
    name = next(name for c, name, _ in REGIONS if c == code)
    region, _ = Region.objects.get_or_create(
        code=code, defaults={"name": name, "slug": f"region-{code}"}
    )
    Chamber.objects.get_or_create(region=region, defaults={"name": chamber_name(name)})
    return region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password("pw-123456!")


class RegistryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistryEntry

    registry_id = factory.LazyFunction(lambda: f"RNA-07-{next(_numbers):07d}")
    kind = RegistryEntry.Kind.ARTISAN
    name_latin = "Fatima Zahra El Idrissi"
    name_arabic = "فاطمة الزهراء الإدريسي"
    craft_code = "TAP01"
    craft_label = "Tapis"
    region_code = "07"
    status = RegistryEntry.Status.ACTIVE


def chamber_user(code: str):
    user = UserFactory()
    region(code).chamber.staff.add(user)
    return user


def verified_seller(*, entry=None, owner=None, kind=Seller.Kind.ARTISAN) -> Seller:
    """A verified seller linked to its registry entry, as the demo makes them."""
    Partner = get_model("partner", "Partner")
    entry = entry or RegistryEntryFactory()
    owner = owner or UserFactory()
    partner = Partner.objects.create(name=entry.name_latin)
    partner.users.add(owner)
    return Seller.objects.create(
        partner=partner,
        owner=owner,
        registry_entry=entry,
        kind=kind,
        name=entry.name_latin,
        slug=f"shop-{entry.registry_id.lower()}",
        registry_id_claimed=entry.registry_id,
        name_claimed=entry.name_latin,
        trade=entry.craft_label,
        region=region(entry.region_code),
        phone="+212600000000",
        status=Seller.Status.VERIFIED,
    )


def product_of(seller: Seller, title: str = "Tapis Boucherouite"):
    """A published product of `seller`, with a price, as shoppers browse it."""
    Product = get_model("catalogue", "Product")
    ProductClass = get_model("catalogue", "ProductClass")
    StockRecord = get_model("partner", "StockRecord")
    product_class, _ = ProductClass.objects.get_or_create(
        name="Tapis", defaults={"slug": "tapis", "track_stock": False}
    )
    product = Product.objects.create(
        title=title, product_class=product_class, seller=seller, is_public=True
    )
    StockRecord.objects.create(
        product=product,
        partner=seller.partner,
        partner_sku=f"sku-{product.pk}",
        price=1250,
        num_in_stock=3,
    )
    return product
