"""Yesterday's addresses of the seller's and the chamber's pages answer 301
to today's, under /<lang>/seller/ and /<lang>/chamber/, in every language."""

import pytest
from django.urls import reverse
from django.utils import translation

from marketplace.nav.urls import MOVED
from tests.factories import UserFactory, chamber_user, product_of, verified_seller
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

CASES = [
    ("/{lang}/sellers/apply/", "artisans:apply", {}),
    ("/{lang}/sellers/apply/status/", "artisans:application-status", {}),
    ("/{lang}/sellers/shop/members/", "artisans:members", {}),
    ("/{lang}/sellers/invitations/", "artisans:invitations", {}),
    ("/{lang}/sellers/chamber/", "artisans:chamber-queue", {}),
    ("/{lang}/sellers/chamber/42/", "artisans:chamber-seller", {"pk": 42}),
    ("/{lang}/seller/moderation/products/42/", "sellerdash:moderate", {"pk": 42}),
]


def test_every_moved_address_is_tested():
    assert {name for _route, name in MOVED} == {name for _old, name, _kw in CASES}


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
@pytest.mark.parametrize("old, name, kwargs", CASES)
def test_an_old_address_moves_for_good(client, lang, old, name, kwargs):
    response = client.get(old.format(lang=lang) + "?page=2")
    assert response.status_code == 301
    with translation.override(lang):
        new = reverse(name, kwargs=kwargs)
    assert response["Location"] == f"{new}?page=2"
    assert new.startswith((f"/{lang}/seller/", f"/{lang}/chamber/"))


def test_the_new_addresses_live_under_seller_and_chamber():
    with translation.override("fr"):
        seller_pages = [
            reverse("sellerdash:index"),
            reverse("sellerdash:storefront"),
            reverse("sellerorders:list"),
            reverse("payments:seller-payouts"),
            reverse("artisans:members"),
            reverse("artisans:invitations"),
            reverse("artisans:apply"),
        ]
        chamber_pages = [
            reverse("artisans:chamber-queue"),
            reverse("artisans:chamber-sellers"),
            reverse("artisans:chamber-seller", kwargs={"pk": 1}),
            reverse("sellerdash:moderation"),
            reverse("sellerdash:moderate", kwargs={"pk": 1}),
        ]
    assert all(url.startswith("/fr/seller/") for url in seller_pages)
    assert all(url.startswith("/fr/chamber/") for url in chamber_pages)


def test_followed_an_old_address_opens_the_page(client):
    seller = verified_seller()
    force_login_verified(client, seller.owner)
    response = client.get("/en/sellers/apply/status/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/en/seller/apply/status/", 301)]
    chamber = chamber_user("07")
    force_login_verified(client, chamber)
    response = client.get(f"/en/sellers/chamber/{seller.pk}/", follow=True)
    assert response.status_code == 200
    assert seller.name in response.content.decode()


def test_a_storefront_is_not_taken_by_the_redirects(client):
    seller = verified_seller()
    product_of(seller)
    client.force_login(UserFactory())
    assert client.get(seller.get_absolute_url()).status_code == 200
