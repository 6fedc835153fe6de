"""factory_boy factories of the project's models, one set for every test folder.

Sellers and products are built here and nowhere else; a test folder's helpers
(`tests/integration/checkout/shop.py`, the catalogue's, search's and CMS's
`factories.py`) only choose the values their tests read.
"""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.core.loading import get_model

from artisans.models import Chamber, Region, RegistryEntry, Seller
from artisans.regions import REGIONS, chamber_name

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password("pw-123456!")


class RegionFactory(factory.django.DjangoModelFactory):
    """A region by its code, created on first use."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "07"
    name = factory.LazyAttribute(
        lambda o: next(name for code, name, _ in REGIONS if code == o.code)
    )
    slug = factory.LazyAttribute(lambda o: f"region-{o.code}")


def region(code: str) -> Region:
    """The region of `code` with its chamber, created on first use."""
    found = RegionFactory(code=code)
    Chamber.objects.get_or_create(
        region=found, defaults={"name": chamber_name(found.name)}
    )
    return found


def chamber_user(code: str):
    user = UserFactory()
    region(code).chamber.staff.add(user)
    return user


class RegistryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistryEntry

    registry_id = factory.Sequence(lambda n: f"RNA-07-{n + 1:07d}")
    kind = RegistryEntry.Kind.ARTISAN
    name_latin = "Fatima Zahra El Idrissi"
    name_arabic = "فاطمة الزهراء الإدريسي"
    craft_code = "TAP01"
    craft_label = "Tapis"
    region_code = "07"
    status = RegistryEntry.Status.ACTIVE


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Atelier {n}")


class SellerFactory(factory.django.DjangoModelFactory):
    """A verified artisan's shop; its owner is a user of its Oscar partner
    (`owner_in_partner=False` leaves the partner without users)."""

    class Meta:
        model = Seller
        # One save, as the app's own code makes a seller (a second would send
        # post_save, and the search index a second update, again).
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Atelier {n}")
    owner = factory.SubFactory(UserFactory)
    partner = factory.SubFactory(PartnerFactory, name=factory.SelfAttribute("..name"))
    kind = Seller.Kind.ARTISAN
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    region = factory.SubFactory(RegionFactory)
    registry_id_claimed = factory.Sequence(lambda n: f"RNA-07-{n:07d}")
    name_claimed = factory.SelfAttribute("name")
    trade = "Tissage"
    phone = "+212600000000"
    status = Seller.Status.VERIFIED
    # Agreed to publication at sign-up (law 09-08), as most shops have.
    publication_consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def owner_in_partner(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.partner.users.add(obj.owner)


def verified_seller(*, entry=None, owner=None, kind=Seller.Kind.ARTISAN) -> Seller:
    """A verified seller linked to its registry entry, as the demo makes them."""
    entry = entry or RegistryEntryFactory()
    return SellerFactory(
        owner=owner or UserFactory(),
        registry_entry=entry,
        kind=kind,
        name=entry.name_latin,
        slug=f"shop-{entry.registry_id.lower()}",
        registry_id_claimed=entry.registry_id,
        trade=entry.craft_label,
        region=region(entry.region_code),
    )


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)

    slug = "tapis"
    name = "Tapis"
    track_stock = True


class ProductFactory(factory.django.DjangoModelFactory):
    """A public standalone product of a seller, in the seller's region."""

    class Meta:
        model = Product

    title = factory.Sequence(lambda n: f"Tapis {n}")
    upc = factory.Sequence(lambda n: f"UPC-{n}")
    structure = Product.STANDALONE
    product_class = factory.SubFactory(ProductClassFactory)
    is_public = True
    seller = factory.SubFactory(SellerFactory)
    region = factory.SelfAttribute("seller.region")


class StockRecordFactory(factory.django.DjangoModelFactory):
    """The seller's stock of a product, priced in dirhams."""

    class Meta:
        model = StockRecord

    product = factory.SubFactory(ProductFactory)
    partner = factory.SelfAttribute("product.seller.partner")
    partner_sku = factory.Sequence(lambda n: f"SKU-{n}")
    price = Decimal("100.00")
    price_currency = "MAD"
    num_in_stock = 5


def product_of(seller: Seller, title: str = "Tapis Boucherouite"):
    """A published product of `seller`, with a price, as shoppers browse it."""
    product = ProductFactory(
        title=title,
        upc=None,
        region=None,
        product_class=ProductClassFactory(name="Tapis", track_stock=False),
        seller=seller,
    )
    StockRecordFactory(
        product=product,
        partner_sku=f"sku-{product.pk}",
        price=1250,
        num_in_stock=3,
    )
    return product
