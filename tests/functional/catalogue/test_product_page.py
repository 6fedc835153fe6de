"""The product page: who made it, how, and no write to the database."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from artisans.models import RegistryEntry, Seller
from catalogue.thumbnails import thumbnails_generate
from tests.integration.catalogue import factories as f

Material = get_model("catalogue", "Material")
ProductRecord = get_model("analytics", "ProductRecord")
UserProductView = get_model("analytics", "UserProductView")

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _handmade_product():
    entry = RegistryEntry.objects.create(
        registry_id="RNA-07-1234567",
        kind="artisan",
        name_latin="Fatima Zahra",
        craft_code="TAP",
        region_code="07",
        status="active",
    )
    seller = f.seller(name="Fatima Zahra")
    seller.registry_entry = entry
    seller.save()
    item = f.product(
        seller_obj=seller,
        title="Tapis Boucherouite",
        technique="Tissage à la main",
        length_cm=Decimal("200.0"),
        width_cm=Decimal("150.0"),
        height_cm=Decimal("1.0"),
        weight_g=3200,
        made_to_order=True,
        lead_time_days=14,
        care_instructions="Aspirer doucement.",
    )
    item.materials.add(
        Material.objects.create(name="Coton recyclé", slug="coton-recycle-test")
    )
    return item


def test_product_page_shows_maker_and_handmade_details(client):
    item = _handmade_product()
    html = client.get(item.get_absolute_url()).content.decode()
    assert f'href="{item.seller.get_absolute_url()}"' in html
    assert "Fatima Zahra" in html and "Marrakech-Safi" in html
    assert "verified-badge" in html and item.seller.registry_entry.masked_id in html
    for text in ("Coton recyclé", "Tissage à la main", "200,0", "3200", "14"):
        assert text in html, text
    assert "Aspirer doucement." in html


def test_product_of_unverified_seller_is_not_found(client):
    item = f.product(seller_obj=f.seller(status=Seller.Status.SUSPENDED))
    assert client.get(item.get_absolute_url()).status_code == 404


def _assert_no_writes(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES)
    ]
    assert writes == []


def test_anonymous_product_page_view_writes_nothing(client):
    item = _handmade_product()
    photo = f.image(product_obj=item)
    thumbnails_generate(source=photo.original)
    _assert_no_writes(client, item.get_absolute_url())
    _assert_no_writes(client, item.get_absolute_url())
    assert not ProductRecord.objects.exists()


def test_signed_in_product_page_view_records_no_view(client):
    item = _handmade_product()
    shopper = f.user()
    client.force_login(shopper)
    client.get(item.get_absolute_url())  # the first visit opens the basket
    _assert_no_writes(client, item.get_absolute_url())
    assert not UserProductView.objects.exists()
    assert not ProductRecord.objects.exists()


def test_product_list_view_writes_nothing_once_thumbnails_exist(client):
    item = _handmade_product()
    photo = f.image(product_obj=item)
    thumbnails_generate(source=photo.original)
    from django.urls import reverse

    _assert_no_writes(client, reverse("catalogue:index"))


def test_product_page_with_recently_viewed_products_writes_nothing(client):
    """Oscar's "recently viewed" pods use its own thumbnail sizes: made too."""
    item = _handmade_product()
    seen = f.product(seller_obj=item.seller, title="Plat vu avant")
    for product in (item, seen):
        photo = f.image(product_obj=product)
        thumbnails_generate(source=photo.original)
    client.get(seen.get_absolute_url())  # sets the history cookie
    assert "oscar_history" in client.cookies
    _assert_no_writes(client, item.get_absolute_url())
    # The block is a fragment fetched after load (the page itself is cached).
    fragment = reverse("catalogue:recently-viewed") + f"?exclude={item.pk}"
    _assert_no_writes(client, fragment)
    assert "Plat vu avant" in client.get(fragment).content.decode()


def _product_page_queries(client, item) -> int:
    client.get(item.get_absolute_url())  # caches warm, as for the next shopper
    with CaptureQueriesContext(connection) as queries:
        response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_product_page_queries_do_not_grow_with_its_attributes(client):
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    item = _handmade_product()
    one = ProductAttribute.objects.create(
        product_class=item.product_class, name="Taille", code="taille", type="text"
    )
    item.attr.taille = "200 x 150"
    item.attr.save()
    few = _product_page_queries(client, item)
    for code in ("laine", "velours", "noeuds"):
        ProductAttribute.objects.create(
            product_class=item.product_class, name=code, code=code, type="text"
        )
        setattr(item.attr, code, f"valeur {code}")
    item.attr.save()
    html = client.get(item.get_absolute_url()).content.decode()
    assert "200 x 150" in html and "valeur noeuds" in html
    assert one.pk and _product_page_queries(client, item) == few
