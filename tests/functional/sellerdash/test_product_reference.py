"""The shop's reference (`seller_sku`, the catalogue file's `sku`) on the
seller's product form: editable, unique within the shop (a clear error), free
for another shop."""

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from tests.integration.catalogue import factories as f

from .test_products import _product_data

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

CREATE = "/en/seller/products/new/"


def _edit_data(product, **extra):
    data = {
        # The texts are per language now (the source language's title first).
        "source_language": "fr",
        "title_fr": product.title,
        "description_fr": "Laine",
        "lead_time_days": "3",
        "stock-price": "900.00",
        "stock-num_in_stock": "1",
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_seller_gives_and_changes_its_own_reference(client):
    seller = f.seller()
    client.force_login(seller.owner)
    page = client.get(CREATE, {"product_class": f.product_class().pk})
    assert 'name="seller_sku"' in page.content.decode()

    response = client.post(CREATE, _product_data(seller_sku="  TAP-AZ-01 "))
    assert response.status_code == 302
    product = Product.objects.get(seller=seller)
    assert product.seller_sku == "TAP-AZ-01"

    url = f"/en/seller/products/{product.pk}/"
    assert 'value="TAP-AZ-01"' in client.get(url).content.decode()
    response = client.post(url, _edit_data(product, seller_sku="TAP-AZ-02"))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.seller_sku == "TAP-AZ-02"


def test_a_reference_is_unique_in_the_shop_with_a_clear_error(client):
    seller, other = f.seller(), f.seller()
    first = f.product(seller_obj=seller, is_public=False)
    Product.objects.filter(pk=first.pk).update(seller_sku="POT-1")
    second = f.product(seller_obj=seller, is_public=False)
    Product.objects.filter(pk=second.pk).update(seller_sku="POT-2")
    theirs = f.product(seller_obj=other, is_public=False)
    client.force_login(seller.owner)

    # Editing: another product's reference is refused, the product unchanged.
    response = client.post(
        f"/en/seller/products/{second.pk}/", _edit_data(second, seller_sku="POT-1")
    )
    assert response.status_code == 200
    assert (
        "Another product of your shop already has the reference POT-1"
        in response.content.decode()
    )
    second.refresh_from_db()
    assert second.seller_sku == "POT-2"
    # Creating: the same.
    response = client.post(CREATE, _product_data(seller_sku="POT-1"))
    assert response.status_code == 200
    assert "already has the reference POT-1" in response.content.decode()
    assert Product.objects.filter(seller=seller).count() == 2
    # Keeping its own reference is no conflict.
    response = client.post(
        f"/en/seller/products/{second.pk}/", _edit_data(second, seller_sku="POT-2")
    )
    assert response.status_code == 302

    # Another shop may use the same reference.
    client.force_login(other.owner)
    response = client.post(
        f"/en/seller/products/{theirs.pk}/", _edit_data(theirs, seller_sku="POT-1")
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.seller_sku == "POT-1"
    # And never reaches the first shop's product.
    assert client.get(f"/en/seller/products/{first.pk}/").status_code == 404


def test_the_reference_is_bounded(client):
    seller = f.seller()
    client.force_login(seller.owner)
    response = client.post(CREATE, _product_data(seller_sku="X" * 65))
    assert response.status_code == 200
    assert "at most 64 characters" in response.content.decode()
    assert not Product.objects.filter(seller=seller).exists()
