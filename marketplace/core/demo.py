"""Builds the demo marketplace, idempotently.

Every row has a stable natural key (region code, registry number, seller slug,
product UPC, page slug): a second run finds what exists and adds only what is
missing, so `make run` can call it every time.
"""

import io
import math
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site as DjangoSite
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image, ImageDraw

from artisans.models import Chamber, Craft, Region, RegistryEntry, Seller
from artisans.regions import REGIONS, chamber_name, chamber_name_ar
from catalogue.prices import lowest_prices_refresh
from cms.demo import demo_seed_pages
from marketplace.accounts.demo import (  # noqa: F401  (tests read them here too)
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DEMO_RECOVERY_CODES,
    DEMO_TOTP_SECRET,
    demo_mfa_setup,
    demo_password_hash,
)
from marketplace.figures.models import ProductViewDay
from marketplace.orders.status import STATUS_CONFIRMED
from marketplace.sellerorders.models import OrderSellerPart
from marketplace.shipping.models import (
    Carrier,
    SellerShipping,
    SellerZoneRate,
    ShippingZone,
)
from marketplace.shipping.seed import shipping_names_seed, shipping_seed
from marketplace.shipping.selectors import country_name

from . import demo_data as data
from . import demo_languages as lang

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
AttributeOptionGroup = get_model("catalogue", "AttributeOptionGroup")
AttributeOption = get_model("catalogue", "AttributeOption")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Material = get_model("catalogue", "Material")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Country = get_model("address", "Country")
Order = get_model("order", "Order")
Line = get_model("order", "Line")

IMAGE_POOL = 400  # past this many products, photos are drawn once and shared


def demo_seed(
    *, products: int = 320, sellers: int = 48, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Create what is missing of the demo marketplace; return counts created."""
    rng = random.Random(20261129)
    created: dict[str, int] = {}
    with transaction.atomic():
        regions = _seed_regions(created)
        _seed_site_and_country()
        categories = _seed_categories()
        classes = _seed_product_classes()
        materials = _seed_materials()
        _seed_crafts()
        staff = _seed_staff(regions, created)
        shop_sellers = _seed_sellers(regions, sellers, rng, created)
        _seed_shipping(shop_sellers)
    log(f"Sellers: {len(shop_sellers)}")
    _seed_products(
        products, shop_sellers, categories, classes, materials, rng, created, log
    )
    _seed_product_languages(shop_sellers, created)
    _seed_attribute_values(classes, created)
    demo_seed_pages(sellers=shop_sellers, owner=staff, created=created)
    _seed_sales(rng, created)
    log(f"Sales: {created.get('sales', 0)} orders added")
    if any(created.values()):
        planner_statistics_refresh()
    return created


def planner_statistics_refresh() -> None:
    """PostgreSQL: planner statistics for what was just built in bulk.

    Autovacuum analyses a table once 50 rows (and a tenth of it) changed: a
    table of a few dozen sellers built at once is never analysed, and without
    its statistics the planner takes the published sellers for one row and
    reads every seller's products for a craft's page (on 10,000 products:
    27 ms of the database's time per rendering instead of 0.5 ms).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _count(created, key, n=1):
    created[key] = created.get(key, 0) + n


def _seed_regions(created) -> dict[str, Region]:
    regions = {}
    for code, name, name_ar in REGIONS:
        names = {"name_fr": name, "name_ar": name_ar, "name_en": lang.REGIONS_EN[code]}
        region, new = Region.objects.get_or_create(
            code=code, defaults={**names, "slug": slugify(name)}
        )
        _translations_fill(region, names)
        chamber, _new = Chamber.objects.get_or_create(
            region=region,
            defaults={
                "name_fr": chamber_name(name),
                "name_ar": chamber_name_ar(name_ar),
            },
        )
        _translations_fill(
            chamber, {"name_en": f"Chamber of Crafts of {names['name_en']}"}
        )
        regions[code] = region
        _count(created, "regions", int(new))
    return regions


def _seed_site_and_country():
    DjangoSite.objects.update_or_create(
        pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Maalem"}
    )
    Country.objects.update_or_create(
        iso_3166_1_a2="MA",
        defaults={
            "iso_3166_1_a3": "MAR",
            "iso_3166_1_numeric": "504",
            "printable_name": "Maroc",
            "name": "Royaume du Maroc",
            "display_order": 10,
            "is_shipping_country": True,
        },
    )


def _translations_fill(obj, values: dict[str, str]) -> None:
    """Set the translations `obj` lacks (a re-run keeps what staff wrote)."""
    missing = {name: v for name, v in values.items() if not getattr(obj, name)}
    if missing:
        for name, value in missing.items():
            setattr(obj, name, value)
        type(obj).objects.filter(pk=obj.pk).update(**missing)


def _in_other_languages(names: dict[str, tuple[str, str]], french: str) -> dict:
    arabic, english = names[french]
    return {"name_ar": arabic, "name_en": english}


# Demo shops' carriers in turn; one shop in four ships to Europe too.
DEMO_CARRIERS = ["amana", "ctm-messagerie", "aramex", "own-courier"]
DEMO_COUNTRIES_ABROAD = "FR BE ES"


def _seed_shipping(sellers) -> None:
    """The carriers, zones and rates (as the migration seeds them), Oscar's
    address countries for the zones, and each demo shop's carrier."""
    shipping_seed(django_apps)
    shipping_names_seed(django_apps)
    for zone in ShippingZone.objects.filter(is_domestic=False):
        for code in zone.country_list:
            Country.objects.get_or_create(
                iso_3166_1_a2=code,
                defaults={
                    "iso_3166_1_a3": "",
                    "iso_3166_1_numeric": "",
                    "printable_name": country_name(code, language="fr"),
                    "name": country_name(code, language="fr"),
                    "display_order": 0,
                    "is_shipping_country": True,
                },
            )
    carriers = {carrier.code: carrier for carrier in Carrier.objects.all()}
    europe = ShippingZone.objects.get(code="europe")
    for i, seller in enumerate(sellers):
        if SellerShipping.objects.filter(seller=seller).exists():
            continue
        abroad = i % 4 == 0
        SellerShipping.objects.create(
            seller=seller,
            carrier=carriers[DEMO_CARRIERS[i % len(DEMO_CARRIERS)]],
            countries_abroad=DEMO_COUNTRIES_ABROAD if abroad else "",
        )
        if abroad:
            SellerZoneRate.objects.get_or_create(
                seller=seller, zone=europe, defaults={"price": Decimal("180.00")}
            )


def _seed_categories() -> dict[str, object]:
    categories = {
        key: create_from_breadcrumbs(c["category"]) for key, c in data.CRAFTS.items()
    }
    for category in categories.values():
        for node in category.get_ancestors_and_self():
            _translations_fill(node, _in_other_languages(lang.CATEGORIES, node.name_fr))
    return categories


def _seed_product_classes() -> dict[str, object]:
    """Product classes and their attributes, typed, with option groups.

    Attributes are updated to the current definition (an older demo had them
    all as text, and no values).
    """
    groups = {}
    for name, options in data.OPTION_GROUPS.items():
        group, _ = AttributeOptionGroup.objects.get_or_create(name=name)
        for option in options:
            choice, _ = AttributeOption.objects.get_or_create(
                group=group, option_fr=option
            )
            if option in lang.OPTIONS:
                arabic, english = lang.OPTIONS[option]
                _translations_fill(choice, {"option_ar": arabic, "option_en": english})
        groups[name] = group
    classes = {}
    for name, attributes in data.PRODUCT_CLASSES.items():
        product_class, _ = ProductClass.objects.get_or_create(
            slug=slugify(name),
            defaults={"name_fr": name, "requires_shipping": True, "track_stock": True},
        )
        _translations_fill(
            product_class, _in_other_languages(lang.PRODUCT_CLASSES, name)
        )
        for code, label, kind, group, required in attributes:
            attribute, _ = ProductAttribute.objects.update_or_create(
                product_class=product_class,
                code=code,
                defaults={
                    "name_fr": label,
                    "type": kind,
                    "option_group": groups[group] if group else None,
                    "required": required,
                },
            )
            _translations_fill(attribute, _in_other_languages(lang.ATTRIBUTES, label))
        classes[name] = product_class
    return classes


def _seed_materials() -> dict[str, object]:
    names = {m for c in data.CRAFTS.values() for m in c["materials"]}
    materials = {
        name: Material.objects.get_or_create(
            slug=slugify(name), defaults={"name_fr": name}
        )[0]
        for name in sorted(names)
    }
    for name, material in materials.items():
        _translations_fill(material, _in_other_languages(lang.MATERIALS, name))
    return materials


def _seed_crafts() -> None:
    """The registry's trades named in three languages (the verified badge)."""
    for craft in data.CRAFTS.values():
        arabic, english = lang.TRADES[craft["trade"]]
        found, _ = Craft.objects.get_or_create(
            code=craft["craft_code"], defaults={"label_fr": craft["trade"]}
        )
        _translations_fill(found, {"label_ar": arabic, "label_en": english})


def _user(email: str, **extra):
    User = get_user_model()
    user, new = User.objects.get_or_create(
        email=email, defaults={"username": email[:150], **extra}
    )
    if new:
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    return user


def _seed_staff(regions, created):
    admin = _user(
        f"admin@{DEMO_DOMAIN}",
        is_staff=True,
        is_superuser=True,
        first_name="Admin",
        last_name="Maalem",
    )
    for code, region in regions.items():
        chamber_user = _user(
            f"chambre{code}@{DEMO_DOMAIN}", first_name="Chambre", last_name=code
        )
        region.chamber.staff.add(chamber_user)
        demo_mfa_setup(chamber_user)
    demo_mfa_setup(admin)
    return admin


def _seed_sellers(regions, count, rng, created) -> list[Seller]:
    """Sellers spread over the regions, each of a craft practised there."""
    crafts_by_region: dict[str, list[str]] = {code: [] for code in regions}
    for key, craft in data.CRAFTS.items():
        for code in craft["regions"]:
            crafts_by_region[code].append(key)
    sellers = []
    codes = sorted(regions)
    for i in range(count):
        code = codes[i % len(codes)]
        craft_key = crafts_by_region[code][
            (i // len(codes)) % len(crafts_by_region[code])
        ]
        craft = data.CRAFTS[craft_key]
        registry_id = f"RNA-{code}-{9_000_000 + i:07d}"
        kind = ["artisan", "cooperative", "artisan", "enterprise", "maalem"][i % 5]
        if kind == "cooperative":
            word = data.COOP_WORDS[i % len(data.COOP_WORDS)]
            name = f"Coopérative {word} {craft['trade']}"
            name_ar = f"تعاونية {word}"
        elif kind == "enterprise":
            name = (
                f"Atelier {data.LAST_NAMES[i % len(data.LAST_NAMES)]} {craft['trade']}"
            )
            name_ar = f"ورشة {data.LAST_NAMES_AR[i % len(data.LAST_NAMES_AR)]}"
        else:
            first = i % len(data.FIRST_NAMES)
            last = (i * 7) % len(data.LAST_NAMES)
            name = f"{data.FIRST_NAMES[first]} {data.LAST_NAMES[last]}"
            name_ar = f"{data.FIRST_NAMES_AR[first]} {data.LAST_NAMES_AR[last]}"
        entry, new_entry = RegistryEntry.objects.get_or_create(
            registry_id=registry_id,
            defaults={
                "kind": kind,
                "name_latin": name,
                "name_arabic": name_ar,
                "craft_code": craft["craft_code"],
                "craft_label": craft["trade"],
                "region_code": code,
                "province": data.PROVINCES[code],
                "cnss": "registered",
                "status": RegistryEntry.Status.ACTIVE,
                "registered_on": date(2015, 1, 1) + timedelta(days=rng.randrange(3500)),
                "members": rng.randrange(8, 80) if kind == "cooperative" else None,
            },
        )
        _count(created, "registry entries", int(new_entry))
        slug = slugify(f"{name}-{code}")
        seller = Seller.objects.filter(slug=slug).first()
        if seller is None:
            owner = _user(f"vendeur{i + 1:02d}@{DEMO_DOMAIN}", first_name=name[:30])
            partner = Partner.objects.create(name=name)
            partner.users.add(owner)
            seller = Seller.objects.create(
                partner=partner,
                owner=owner,
                registry_entry=entry,
                kind={"maalem": "artisan"}.get(kind, kind),
                name=name,
                slug=slug,
                registry_id_claimed=registry_id,
                name_claimed=name,
                trade=craft["trade"],
                region=regions[code],
                phone=f"+2126{rng.randrange(10_000_000, 99_999_999)}",
                status=Seller.Status.VERIFIED,
                publication_consent_at=timezone.now(),
                story=(
                    f"{name} perpétue le savoir-faire {craft['trade'].lower()} de la "
                    f"région {regions[code].name}, pièce par pièce, à la main."
                ),
                shipping_flat_rate=Decimal("35.00"),
                free_shipping_threshold=Decimal("800.00"),
            )
            seller.decisions.create(
                status=Seller.Status.VERIFIED,
                reason="Demo: registry entry active, name and region match.",
                source="automatic",
            )
            _count(created, "sellers")
        seller.craft_key = craft_key
        sellers.append(seller)
    return sellers


def _seed_products(count, sellers, categories, classes, materials, rng, created, log):
    existing = set(
        Product.objects.filter(upc__startswith="DEMO-").values_list("upc", flat=True)
    )
    todo = [i for i in range(count) if f"DEMO-{i:06d}" not in existing]
    if not todo:
        return
    log(f"Products to create: {len(todo)}")
    batch = 1000
    for start in range(0, len(todo), batch):
        with transaction.atomic():
            _create_product_batch(
                todo[start : start + batch],
                sellers,
                categories,
                classes,
                materials,
                rng,
            )
        _count(created, "products", len(todo[start : start + batch]))
        log(f"  {min(start + batch, len(todo))}/{len(todo)}")
    # Stock records made in bulk send no signal: every product's at once.
    lowest_prices_refresh()


def _create_product_batch(indexes, sellers, categories, classes, materials, rng):
    new_products, children, plan = [], [], []
    for i in indexes:
        seller = sellers[i % len(sellers)]
        craft = data.CRAFTS[seller.craft_key]
        base = craft["titles"][(i // len(sellers)) % len(craft["titles"])]
        colour = data.COLOURS[i % len(data.COLOURS)]
        adjective = data.ADJECTIVES[i % len(data.ADJECTIVES)]
        technique = craft["techniques"][i % len(craft["techniques"])]
        title = f"{base} {colour}"
        low, high = craft["price"]
        price = (low + (high - low) * Decimal(rng.random())).quantize(Decimal("1"))
        has_variants = "variants" in craft and i % 4 == 0
        product = Product(
            upc=f"DEMO-{i:06d}",
            source_language="fr",
            title_fr=title,
            slug=slugify(title)[:200] or "produit",
            structure=Product.PARENT if has_variants else Product.STANDALONE,
            product_class=classes[craft["product_class"]],
            description_fr=(  # text, shown as typed (sellers type no markup)
                f"{title}, {adjective}, réalisé par "
                f"{seller.name} ({seller.region.name_fr}). Technique : "
                f"{technique.lower()}."
            ),
            is_public=True,
            seller=seller,
            region=seller.region,
            technique_fr=technique,
            length_cm=Decimal(rng.randrange(10, 300)),
            width_cm=Decimal(rng.randrange(10, 200)),
            height_cm=Decimal(rng.randrange(1, 80)),
            weight_g=rng.randrange(80, 12_000),
            made_to_order=(i % 9 == 0),
            lead_time_days=14 if i % 9 == 0 else rng.randrange(1, 4),
            care_instructions_fr=craft["care"],
            popularity=rng.randrange(0, 500),
            # Arabic and English, written for the craft; one in ten French only.
            **lang.product_texts(
                i,
                base=base,
                colour=colour,
                adjective=adjective,
                technique=technique,
                craft_key=seller.craft_key,
                seller_name=seller.name,
                region_code=seller.region.code,
                region_name_ar=seller.region.name_ar,
            ),
        )
        new_products.append(product)
        plan.append((i, product, seller, craft, price, has_variants))
    Product.objects.bulk_create(new_products)

    stock, images, links, material_links = [], [], [], []
    Through = Product.materials.through
    for i, product, seller, craft, price, has_variants in plan:
        links.append(
            ProductCategory(product=product, category=categories[seller.craft_key])
        )
        for name in craft["materials"][: 1 + i % 2]:
            material_links.append(Through(product=product, material=materials[name]))
        images.append(
            ProductImage(
                product=product, original=_product_photo(i, craft), display_order=0
            )
        )
        if has_variants:
            for size in craft["variants"]:
                children.append(
                    (
                        Product(
                            upc=f"{product.upc}-{size}",
                            title_fr=f"{product.title_fr} – {size}",
                            title_ar=product.title_ar
                            and f"{product.title_ar} – {size}",
                            title_en=product.title_en
                            and f"{product.title_en} – {size}",
                            slug=product.slug,
                            structure=Product.CHILD,
                            parent=product,
                            is_public=True,
                            seller=seller,
                            region=seller.region,
                        ),
                        seller,
                        price,
                    )
                )
        else:
            stock.append(_stockrecord(product, seller, price, i, rng))
    if children:
        Product.objects.bulk_create([c[0] for c in children])
        for n, (child, seller, price) in enumerate(children):
            stock.append(_stockrecord(child, seller, price, n, rng))
    StockRecord.objects.bulk_create(stock)
    ProductImage.objects.bulk_create(images)
    ProductCategory.objects.bulk_create(links)
    Through.objects.bulk_create(material_links)


def _product_texts(i: int, seller, sellers_count: int) -> dict[str, str]:
    """Demo product `i`'s Arabic and English texts (as `_create_product_batch`)."""
    craft = data.CRAFTS[seller.craft_key]
    return lang.product_texts(
        i,
        base=craft["titles"][(i // sellers_count) % len(craft["titles"])],
        colour=data.COLOURS[i % len(data.COLOURS)],
        adjective=data.ADJECTIVES[i % len(data.ADJECTIVES)],
        technique=craft["techniques"][i % len(craft["techniques"])],
        craft_key=seller.craft_key,
        seller_name=seller.name,
        region_code=seller.region.code,
        region_name_ar=seller.region.name_ar,
    )


def _seed_product_languages(sellers, created):
    """Arabic and English for demo products made before the demo had them."""
    by_pk = {seller.pk: seller for seller in sellers}
    fields = list(lang.PRODUCT_TEXT_FIELDS)
    todo = Product.objects.filter(
        upc__startswith="DEMO-", parent=None, title_en__isnull=True
    ).only("pk", "upc", "seller_id", *fields)
    changed, children = [], []
    for product in todo.iterator(chunk_size=1000):
        seller = by_pk.get(product.seller_id)
        i = int(product.upc.removeprefix("DEMO-"))
        texts = _product_texts(i, seller, len(sellers)) if seller else {}
        if not texts:
            continue
        for name, value in texts.items():
            setattr(product, name, value)
        changed.append(product)
    Product.objects.bulk_update(changed, fields, batch_size=500)
    parents = {product.pk: product for product in changed}
    for child in Product.objects.filter(parent_id__in=parents).only(
        "pk", "parent_id", "title_fr", "title_ar", "title_en"
    ):
        size = child.title_fr.rsplit(" – ", 1)[-1]
        parent = parents[child.parent_id]
        child.title_ar = f"{parent.title_ar} – {size}"
        child.title_en = f"{parent.title_en} – {size}"
        children.append(child)
    Product.objects.bulk_update(children, ["title_ar", "title_en"], batch_size=500)
    if changed:
        _count(created, "product translations", len(changed))


def _seed_attribute_values(classes, created):
    """Attribute values of the demo products that have none yet.

    Products get the class's attributes, except the one variants differ by,
    which their variants get (the option named by the end of their UPC).
    """
    attributes: dict[int, list] = {}
    for product_class in classes.values():
        found = list(product_class.attributes.select_related("option_group"))
        if found:
            attributes[product_class.pk] = found
    if not attributes:
        return
    options = {
        group_id: {option.option: option for option in group_options}
        for group_id, group_options in _options_by_group().items()
    }
    variant_codes = set(data.VARIANT_ATTRIBUTES.values())
    todo = (
        Product.objects.filter(upc__startswith="DEMO-", attribute_values__isnull=True)
        .filter(
            Q(product_class__in=attributes) | Q(parent__product_class__in=attributes)
        )
        .select_related("parent")
        .only(
            "pk",
            "upc",
            "structure",
            "length_cm",
            "width_cm",
            "product_class_id",
            "parent__product_class_id",
        )
        .order_by("pk")
    )
    rows = []
    for product in todo.iterator(chunk_size=2000):
        if product.structure == Product.CHILD:
            label = product.upc.rsplit("-", 1)[-1]
            for attribute in attributes.get(product.parent.product_class_id, ()):
                option = options.get(attribute.option_group_id, {}).get(label)
                if attribute.code in variant_codes and option is not None:
                    rows.append(_value(product, attribute, option))
            continue
        i = int(product.upc.split("-")[1])
        for attribute in attributes[product.product_class_id]:
            if attribute.code not in variant_codes:
                value = _demo_value(i, product, attribute, options)
                rows.append(_value(product, attribute, value))
    ProductAttributeValue.objects.bulk_create(rows, batch_size=2000)
    _count(created, "attribute values", len(rows))


def _options_by_group() -> dict[int, list]:
    groups: dict[int, list] = {}
    for option in AttributeOption.objects.order_by("pk"):
        groups.setdefault(option.group_id, []).append(option)
    return groups


def _demo_value(i: int, product, attribute, options):
    """A plausible value of `attribute` for the demo product number `i`."""
    kind = attribute.type
    if kind == ProductAttribute.OPTION:
        choices = list(options[attribute.option_group_id].values())
        return choices[i % len(choices)]
    if kind == ProductAttribute.BOOLEAN:
        return i % 3 != 0
    if kind == ProductAttribute.FLOAT:
        return round(4.5 + (i * 7) % 120, 1)
    if attribute.code == "volume_ml":
        return [50, 100, 250, 500][i % 4]
    if kind == ProductAttribute.INTEGER:
        return 900 + (i * 37) % 1600
    # text: the dimensions as a carpet seller states them
    return f"{product.length_cm:.0f} × {product.width_cm:.0f} cm"


def _value(product, attribute, value):
    row = ProductAttributeValue(product=product, attribute=attribute)
    setattr(row, f"value_{attribute.type}", value)
    return row


def _stockrecord(product, seller, price, i, rng):
    return StockRecord(
        product=product,
        partner=seller.partner,
        partner_sku=product.upc,
        price_currency="MAD",
        price=price,
        num_in_stock=rng.randrange(1, 25),
    )


def _product_photo(i: int, craft: dict) -> str:
    """Draw a product photo with Pillow (no downloads); return its storage name."""
    n = i % IMAGE_POOL if i >= IMAGE_POOL else i
    name = f"images/products/demo/{craft['craft_code'].lower()}-{n:05d}.jpg"
    if default_storage.exists(name):
        return name
    size = 600
    palette = craft["palette"]
    rng = random.Random(n)
    base = palette[n % len(palette)]
    img = Image.new("RGB", (size, size), base)
    draw = ImageDraw.Draw(img)
    colours = [c for c in palette if c != base]
    pattern = craft["pattern"]
    step = rng.choice([60, 75, 100])
    if pattern == "diamonds":
        for y in range(0, size + step, step):
            for x in range(0, size + step, step):
                c = colours[(x // step + y // step) % len(colours)]
                draw.polygon(
                    [
                        (x, y - step // 2),
                        (x + step // 2, y),
                        (x, y + step // 2),
                        (x - step // 2, y),
                    ],
                    outline=c,
                    width=6,
                )
    elif pattern == "star":
        for y in range(step // 2, size, step):
            for x in range(step // 2, size, step):
                c = colours[(x + y) // step % len(colours)]
                points = []
                for k in range(16):
                    r = step * (0.48 if k % 2 == 0 else 0.24)
                    a = math.pi * k / 8
                    points.append((x + r * math.cos(a), y + r * math.sin(a)))
                draw.polygon(points, fill=c)
    elif pattern in ("circles", "rings"):
        cx, cy = size // 2, size // 2
        for k, r in enumerate(range(size // 2, 20, -step // 3)):
            c = colours[k % len(colours)]
            if pattern == "rings":
                draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=c, width=8)
            else:
                draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=c)
    elif pattern == "stripes":
        for k, x in enumerate(range(-size, size * 2, step // 2)):
            draw.line(
                [(x, 0), (x + size, size)], fill=colours[k % len(colours)], width=14
            )
    else:  # weave
        for k, y in enumerate(range(0, size, step // 3)):
            draw.rectangle([0, y, size, y + step // 6], fill=colours[k % len(colours)])
        for k, x in enumerate(range(0, size, step // 3)):
            if k % 2:
                draw.rectangle(
                    [x, 0, x + step // 6, size], fill=colours[k % len(colours)]
                )
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=82, optimize=True)
    return default_storage.save(name, ContentFile(buffer.getvalue()))


# --- Sales and views: the figures pages show something ------------------------

SALES_PREFIX = "DEMO-S-"
SALES_COUNT = 240
SALES_DAYS = 365
VIEWED_PRODUCTS = 60


@transaction.atomic
def _seed_sales(rng, created) -> None:
    """A year of delivered orders and of folded daily product views, so that
    the seller's, the chamber's and the staff's figures draw charts.

    Written as the figures read them (an order confirmed at a past date, one
    delivered part per seller, its lines) in bulk, once: a second run finds
    the first order and adds nothing (all or nothing: one transaction).
    Delivered parts wait for nothing (no
    "to ship" on the shops' homes) and carry no ledger entries (no payout).
    """
    if Order.objects.filter(number__startswith=SALES_PREFIX).exists():
        return
    offers = list(
        StockRecord.objects.filter(
            product__is_public=True,
            product__seller__status=Seller.Status.VERIFIED,
            price__isnull=False,
        )
        .select_related("product__seller__partner")
        .order_by("product_id")[:200]
    )
    if not offers:
        return
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    orders, lines, parts = [], [], []
    for n in range(SALES_COUNT):
        # More sales lately: a shop that grows.
        days_ago = int(SALES_DAYS * rng.random() ** 1.6)
        placed = datetime.combine(
            today - timedelta(days=days_ago),
            time(hour=rng.randint(8, 21), minute=rng.randint(0, 59)),
            tzinfo=zone,
        )
        chosen = rng.sample(offers, k=min(len(offers), rng.choice((1, 1, 1, 2))))
        by_seller: dict = {}
        order_lines = []
        for offer in chosen:
            quantity = rng.choice((1, 1, 1, 2, 3))
            amount = offer.price * quantity
            order_lines.append((offer, quantity, amount))
            seller = offer.product.seller
            by_seller[seller] = by_seller.get(seller, Decimal(0)) + amount
        total = sum(amount for _o, _q, amount in order_lines)
        shipping = Decimal("30.00") * len(by_seller)
        order = Order(
            number=f"{SALES_PREFIX}{n + 1:06d}",
            currency="MAD",
            total_incl_tax=total + shipping,
            total_excl_tax=total + shipping,
            shipping_incl_tax=shipping,
            shipping_excl_tax=shipping,
            status=STATUS_CONFIRMED,
            guest_email=f"client{n % 37}@{DEMO_DOMAIN}",
            date_placed=placed,
        )
        orders.append((order, order_lines, by_seller))
    Order.objects.bulk_create([order for order, _l, _s in orders])
    for order, order_lines, by_seller in orders:
        for offer, quantity, amount in order_lines:
            product = offer.product
            lines.append(
                Line(
                    order=order,
                    partner=product.seller.partner,
                    partner_name=product.seller.name,
                    partner_sku=offer.partner_sku,
                    stockrecord=offer,
                    product=product,
                    title=product.title,
                    quantity=quantity,
                    line_price_incl_tax=amount,
                    line_price_excl_tax=amount,
                    line_price_before_discounts_incl_tax=amount,
                    line_price_before_discounts_excl_tax=amount,
                    unit_price_incl_tax=offer.price,
                    unit_price_excl_tax=offer.price,
                    num_allocated=0,  # delivered: nothing held in stock
                )
            )
        delivered = order.date_placed + timedelta(days=3)
        for seller, lines_total in by_seller.items():
            parts.append(
                OrderSellerPart(
                    order=order,
                    seller=seller,
                    lines_total=lines_total,
                    shipping_charge=Decimal("30.00"),
                    status=OrderSellerPart.Status.DELIVERED,
                    carrier="Amana",
                    shipped_at=order.date_placed + timedelta(days=1),
                    delivered_at=delivered,
                )
            )
    Line.objects.bulk_create(lines)
    OrderSellerPart.objects.bulk_create(parts)
    _count(created, "sales", len(orders))

    # Views, as the daily fold writes them: the sold products and some more.
    viewed = {offer.product_id for offer in offers[:VIEWED_PRODUCTS]}
    viewed |= {line.product_id for line in lines}
    views = []
    for product_id in sorted(viewed):
        for days_ago in range(SALES_DAYS):
            if rng.random() > 0.35:
                continue
            count = rng.randint(1, 40)
            views.append(
                ProductViewDay(
                    product_id=product_id,
                    day=today - timedelta(days=days_ago),
                    views=count,
                    visitors=max(1, int(count * rng.uniform(0.6, 0.95))),
                )
            )
    ProductViewDay.objects.bulk_create(views, ignore_conflicts=True, batch_size=2000)
    _count(created, "view_days", len(views))
