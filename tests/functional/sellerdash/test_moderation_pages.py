"""The chamber's moderation pages: the list of moderated products and the
lift, each for marketplace staff and the seller's own chamber only."""

import pytest
from django.test import Client
from django.urls import reverse

from catalogue import services as catalogue
from tests.factories import (
    RegistryEntryFactory,
    UserFactory,
    chamber_user,
    product_of,
    verified_seller,
)
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


@pytest.fixture
def moderated():
    """A moderated product in region 07 and one in region 03."""
    staff = UserFactory(is_staff=True)
    products = {}
    for code in ("07", "03"):
        seller = verified_seller(
            entry=RegistryEntryFactory(
                registry_id=f"RNA-{code}-0000444", region_code=code
            )
        )
        product = product_of(seller, title=f"Tapis {code}")
        catalogue.product_moderate(product=product, moderator=staff, reason="Non")
        products[code] = product
    return staff, products


def test_each_chamber_lists_its_region_staff_list_all(moderated):
    staff, products = moderated
    url = reverse("sellerdash:moderation")
    listed = _as(chamber_user("07")).get(url).context["products"]
    assert list(listed) == [products["07"]]
    listed = _as(staff).get(url).context["products"]
    assert set(listed) == set(products.values())


def test_a_chamber_lifts_in_its_region_only(moderated):
    _staff, products = moderated
    client = _as(chamber_user("07"))
    there = reverse("sellerdash:moderation-lift", kwargs={"pk": products["03"].pk})
    assert client.post(there).status_code == 403
    here = reverse("sellerdash:moderation-lift", kwargs={"pk": products["07"].pk})
    assert client.post(here).status_code == 302
    for product in products.values():
        product.refresh_from_db()
    assert not products["07"].is_moderated and products["03"].is_moderated


def test_a_seller_can_neither_list_nor_lift(moderated):
    _staff, products = moderated
    client = _as(products["07"].seller.owner)
    assert client.get(reverse("sellerdash:moderation")).status_code == 404
    lift = reverse("sellerdash:moderation-lift", kwargs={"pk": products["07"].pk})
    assert client.post(lift).status_code == 403
    assert client.get(lift).status_code == 405
    products["07"].refresh_from_db()
    assert products["07"].is_moderated
