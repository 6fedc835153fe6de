"""Building the index's documents costs the same queries whatever the number
of products, variants, crafts and materials (a rebuild of 100,000 products
reads them 500 at a time), and reads what a prefetch read: the variants'
prices, the crafts and materials in their own order."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from marketplace.search.documents import build_documents
from tests.factories import ProductFactory, StockRecordFactory

from . import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def shop(request, settings):
    settings.SEARCH_BACKEND = "database"
    fes = factories.region(code="03", name="Fès-Meknès", name_ar="فاس مكناس")
    return factories.seller(region_obj=fes, name="Atelier Benjelloun")


def _with_variants(parent, prices: list[str], hidden: str):
    parent.structure = Product.PARENT
    parent.save()
    parent.stockrecords.all().delete()
    for n, price in enumerate([*prices, hidden]):
        child = ProductFactory(
            parent=parent,
            structure=Product.CHILD,
            product_class=None,
            title=f"{parent.title} {n}",
            upc=f"{parent.upc}-{n}",
            seller=parent.seller,
            is_public=price != hidden,
        )
        StockRecordFactory(
            product=child, partner_sku=child.upc, price=Decimal(price), num_in_stock=3
        )


def _queries(ids) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        documents = build_documents(ids)
    return len(ctx.captured_queries), documents


def test_documents_cost_the_same_queries_for_two_products_or_twelve(shop):
    made = [
        factories.product(
            seller_obj=shop,
            title=f"Plat {n}",
            category="Poterie et céramique" if n % 2 else "Zellige et mosaïque",
            materials=("Argile", "Émail")[: 1 + n % 2],
            price=str(100 + n),
        )
        for n in range(12)
    ]
    for item in made[::3]:
        _with_variants(item, ["80", "95"], hidden="10")
    few, documents = _queries([p.pk for p in made[:2]])
    many, documents = _queries([p.pk for p in made])
    assert len(documents) == 12
    # Products (seller, registry entry, regions, class joined), their stock
    # records, their variants' records, craft links and crafts, material
    # links and materials.
    assert few == many == 7, (few, many)


def test_a_document_reads_variants_crafts_and_materials_as_before(shop):
    plat = factories.product(
        seller_obj=shop,
        title="Plat de Fès",
        category="Poterie et céramique",
        materials=("Émail", "Argile"),
        price="350",
    )
    silver = create_from_breadcrumbs("Bijoux > Bijoux en argent")
    ProductCategory.objects.create(product=plat, category=silver)
    _with_variants(plat, ["120", "90"], hidden="10")
    document = build_documents([plat.pk])[plat.pk]
    # The lowest of the public variants' prices, never a hidden one's.
    assert document.price == Decimal("90")
    # Crafts in the tree's order, materials by name, as `categories.all()`
    # and `materials.all()` gave them.
    crafts = sorted(plat.categories.all(), key=lambda craft: craft.path)
    assert [slug for slug, _ in document.crafts] == [c.slug for c in crafts]
    assert {slug for slug, _ in document.crafts} == {
        "poterie-et-ceramique",
        "bijoux-en-argent",
    }
    assert [slug for slug, _ in document.materials] == ["argile", "email"]
    assert document.region[0] == "fes-meknes"
