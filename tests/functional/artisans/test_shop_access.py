"""One rule for every seller page (artisans/access.py), URL by URL.

A cooperative's members run the shop day to day: products, stock, photos,
storefront, orders. Payouts, the bank account and the membership stay with the
owner. A member of another shop reaches none of this shop's objects.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from artisans.models import Seller
from marketplace.sellerorders.models import OrderSellerPart
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cash_only(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.PAYMENT_METHODS = ["cod"]


def _user(name):
    return get_user_model().objects.create_user(
        username=name, email=f"{name}@example.ma", password="pw-member-123!"
    )


@pytest.fixture
def coop():
    """Shop A (a cooperative, its member, an order) and shop B with a member."""
    a = make_seller("Cooperative Tifawin")
    a.kind = Seller.Kind.COOPERATIVE
    a.save(update_fields=["kind"])
    b = make_seller("Tapis Azilal")
    product = make_product(a, price="300.00", title="Tajine Tifawin", stock=5)
    checkout(Client(), [(product, 1)])
    member, outsider = _user("member-a"), _user("member-b")
    a.partner.users.add(member)
    b.partner.users.add(outsider)
    return {
        "a": a,
        "product": product,
        "record": product.stockrecords.get(),
        "part": OrderSellerPart.objects.get(seller=a),
        "users": {"owner": a.owner, "member": member, "outsider": outsider},
    }


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _day_to_day_object_urls(coop):
    return [
        reverse("sellerdash:product-edit", args=[coop["product"].pk]),
        reverse("sellerdash:image-upload", args=[coop["product"].pk]),
        reverse("sellerdash:stock-edit", args=[coop["record"].pk]),
        reverse("sellerorders:detail", args=[coop["part"].pk]),
    ]


def _owner_only_urls(coop):
    return [
        reverse("payments:seller-payouts"),
        reverse("payments:payout-account", args=[coop["a"].pk]),
        reverse("artisans:members"),
    ]


@pytest.mark.parametrize("who", ["owner", "member"])
def test_owner_and_member_open_every_day_to_day_page(coop, who):
    client = _as(coop["users"][who])
    for url in [
        reverse("sellerdash:index"),
        reverse("sellerdash:product-create"),
        reverse("sellerdash:storefront"),
        reverse("sellerorders:list"),
        *_day_to_day_object_urls(coop),
    ]:
        assert client.get(url).status_code == 200, (who, url)
    listing = client.get(reverse("sellerorders:list"))
    assert list(listing.context["parts"]) == [coop["part"]]
    assert "Tajine Tifawin" in client.get(reverse("sellerdash:index")).content.decode()


def test_a_member_ships_the_shops_parcel(coop):
    cod_confirm(coop["part"].order)
    client = _as(coop["users"]["member"])
    response = client.post(
        reverse("sellerorders:ship", args=[coop["part"].pk]),
        {"carrier": "amana", "tracking_number": "AM123456789MA"},
    )
    assert response.status_code == 302
    coop["part"].refresh_from_db()
    assert coop["part"].status == OrderSellerPart.Status.SHIPPED


def test_a_member_of_another_shop_reaches_none_of_its_objects(coop):
    client = _as(coop["users"]["outsider"])
    for url in _day_to_day_object_urls(coop):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("sellerorders:ship", args=[coop["part"].pk]),
        {"carrier": "amana", "tracking_number": "AM123456789MA"},
    )
    assert response.status_code == 404
    # Its own lists show its own shop only.
    assert list(client.get(reverse("sellerorders:list")).context["parts"]) == []
    index = client.get(reverse("sellerdash:index")).content.decode()
    assert "Tajine Tifawin" not in index
    coop["part"].refresh_from_db()
    assert coop["part"].status == OrderSellerPart.Status.PREPARING


def test_payouts_bank_account_and_members_are_the_owners_alone(coop):
    owner = _as(coop["users"]["owner"])
    for url in _owner_only_urls(coop):
        assert owner.get(url).status_code == 200, url
    for who in ("member", "outsider"):
        client = _as(coop["users"][who])
        for url in _owner_only_urls(coop):
            assert client.get(url).status_code == 403, (who, url)


def test_a_member_cannot_change_the_rib_invite_or_remove(coop):
    client = _as(coop["users"]["member"])
    a = coop["a"]
    response = client.post(
        reverse("payments:payout-account", args=[a.pk]),
        {"holder_name": "Escroc", "rib": "011519000001205000534921"},
    )
    assert response.status_code == 403
    assert client.post(
        reverse("artisans:members"), {"email": "friend@example.ma"}
    ).status_code == (403)
    assert not a.invitations.exists()
    response = client.post(reverse("artisans:member-remove", args=[a.owner.pk]))
    assert response.status_code == 403
    assert a.owner in a.partner.users.all()


def test_a_user_without_a_shop_is_refused_everywhere(coop):
    client = _as(_user("shopper"))
    for url in [
        reverse("sellerdash:index"),
        reverse("sellerorders:list"),
        *_owner_only_urls(coop),
    ]:
        assert client.get(url).status_code == 403, url
    for url in _day_to_day_object_urls(coop):
        assert client.get(url).status_code in (403, 404), url
