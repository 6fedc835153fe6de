"""The database backend's denormalised row: a document carries its facet keys
(`facet:value`), rewritten when the product, its stock or its seller changes,
on SQLite and (marked) on PostgreSQL."""

from decimal import Decimal

import pytest

from marketplace.search.models import ProductSearchDocument

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(
    params=[
        "database",
        pytest.param("database", marks=pytest.mark.postgres, id="postgresql"),
    ]
)
def search_backend(request, settings):
    settings.SEARCH_BACKEND = "database"
    return "database"


def keys(product):
    return set(ProductSearchDocument.objects.get(pk=product.pk).facet_keys.split())


def test_a_document_carries_every_facet_value_as_a_key(catalogue):
    assert keys(catalogue["plat"]) == {
        "craft:poterie-et-ceramique",
        "material:argile",
        "material:email",
        "region:fes-meknes",
        "price:200-500",
        "ready:1",
        "verified:1",
    }
    # Made to order, no stock: buyable, not ready to ship.
    assert "ready:1" not in keys(catalogue["kilim"])


def test_the_keys_follow_the_product_and_its_stock(
    catalogue, django_capture_on_commit_callbacks
):
    plat = catalogue["plat"]
    with django_capture_on_commit_callbacks(execute=True):
        record = plat.stockrecords.get()
        record.price = Decimal("150")
        record.save()
        plat.materials.clear()
    assert keys(plat) == {
        "craft:poterie-et-ceramique",
        "region:fes-meknes",
        "price:0-200",
        "ready:1",
        "verified:1",
    }


def test_the_document_goes_with_the_sellers_suspension_and_comes_back(
    catalogue, django_capture_on_commit_callbacks
):
    weaver = catalogue["sellers"]["weaver"]
    beni = catalogue["beni"]
    with django_capture_on_commit_callbacks(execute=True):
        weaver.status = weaver.Status.SUSPENDED
        weaver.save()
    assert not ProductSearchDocument.objects.filter(pk=beni.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        weaver.status = weaver.Status.VERIFIED
        weaver.save()
    assert "region:marrakech-safi" in keys(beni)
