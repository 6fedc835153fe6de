"""Law 09-08: a shop's name and photos are published only with its owner's
consent, given at the application or later, and withdrawn at will."""

import pytest

from marketplace.legal.models import Acceptance
from tests.factories import (
    ProductFactory,
    SellerFactory,
    StockRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _shop(**fields):
    seller = SellerFactory(**fields)
    product = ProductFactory(
        seller=seller, title="Tapis rare", slug=f"tapis-{seller.pk}"
    )
    StockRecordFactory(product=product, partner=seller.partner, num_in_stock=3)
    return seller, product


def test_a_shop_without_consent_is_off_the_public_pages(client):
    seller, product = _shop(publication_consent_at=None)
    assert client.get(f"/fr/sellers/{seller.slug}/").status_code == 404
    assert client.get(product.get_absolute_url()).status_code == 404
    assert "Tapis rare" not in client.get("/fr/catalogue/").content.decode()
    assert seller.slug not in client.get("/sitemap-shops.xml").content.decode()


def test_the_owner_publishes_and_withdraws_from_the_dashboard(client):
    seller, product = _shop(publication_consent_at=None)
    client.force_login(seller.owner)
    page = client.get("/en/seller/storefront/").content.decode()
    assert 'id="not-published"' in page

    client.post("/en/seller/storefront/publication/", {"consent": "yes"})
    seller.refresh_from_db()
    assert seller.publication_consent_at is not None
    assert Acceptance.objects.filter(
        user=seller.owner,
        context=Acceptance.Context.PUBLICATION,
        reference=seller.slug,
    ).exists()
    client.logout()
    assert client.get(f"/fr/sellers/{seller.slug}/").status_code == 200

    client.force_login(seller.owner)
    client.post("/en/seller/storefront/publication/", {"consent": "no"})
    seller.refresh_from_db()
    assert seller.publication_consent_at is None
    client.logout()
    # The page kept for anonymous shoppers is forgotten with the consent.
    assert client.get(f"/fr/sellers/{seller.slug}/").status_code == 404


def test_only_the_owner_of_this_shop_decides(client):
    seller, __ = _shop(publication_consent_at=None)
    other, __ = _shop(publication_consent_at=None)
    member = UserFactory()
    seller.partner.users.add(member)

    client.force_login(member)
    response = client.post("/en/seller/storefront/publication/", {"consent": "yes"})
    assert response.status_code in (403, 404)
    # The other shop's owner posts to the same address: only its own shop moves.
    client.force_login(other.owner)
    client.post("/en/seller/storefront/publication/", {"consent": "yes"})
    seller.refresh_from_db()
    other.refresh_from_db()
    assert seller.publication_consent_at is None
    assert other.publication_consent_at is not None
