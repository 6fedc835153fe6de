"""Sellers enter their RIB; staff refund and cancel orders."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from oscar.core.loading import get_model

from marketplace.orders.status import STATUS_CANCELLED
from marketplace.payments.models import SellerPayoutAccount
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.mfa import force_login_verified

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


def test_a_seller_saves_a_valid_rib_typed_with_spaces():
    seller = make_seller("Poterie Fassi")

    response = _as(seller.owner).post(
        f"/fr/seller/payouts/{seller.pk}/account/",
        {"holder_name": "Poterie Fassi SARL", "rib": "011 519 0000012050005349 21"},
    )

    assert response.status_code == 302
    account = SellerPayoutAccount.objects.get(seller=seller)
    assert account.rib == "011519000001205000534921"


def test_a_rib_with_a_wrong_key_is_refused():
    seller = make_seller("Poterie Fassi")

    response = _as(seller.owner).post(
        f"/fr/seller/payouts/{seller.pk}/account/",
        {"holder_name": "Poterie Fassi", "rib": "011519000001205000534922"},
    )

    assert response.status_code == 200
    assert "clé" in response.content.decode()
    assert not SellerPayoutAccount.objects.exists()


def test_a_seller_cannot_set_another_sellers_rib():
    seller = make_seller("Poterie Fassi")
    other = make_seller("Tapis Azilal")

    response = _as(seller.owner).post(
        f"/fr/seller/payouts/{other.pk}/account/",
        {"holder_name": "Escroc", "rib": "011519000001205000534921"},
    )

    assert response.status_code == 404
    assert not SellerPayoutAccount.objects.exists()


def test_staff_cancel_an_unshipped_order_and_its_stock_returns():
    seller = make_seller("Poterie Fassi")
    tajine = make_product(seller, price="300.00", stock=2)
    checkout(Client(), [(tajine, 2)])
    order = Order.objects.get()
    staff = get_user_model().objects.create_user(
        "staff", "staff@example.ma", "pw-staff-123!", is_staff=True
    )

    page = _as(staff).get(f"/fr/dashboard/payments/orders/{order.number}/")
    _as(staff).post(
        f"/fr/dashboard/payments/orders/{order.number}/", {"action": "cancel"}
    )

    assert page.status_code == 200
    order.refresh_from_db()
    assert order.status == STATUS_CANCELLED
    assert StockRecord.objects.get(product=tajine).num_allocated == 0


def test_a_seller_cannot_use_the_staff_payment_actions():
    seller = make_seller("Poterie Fassi")
    tajine = make_product(seller, price="300.00", stock=2)
    checkout(Client(), [(tajine, 1)])
    order = Order.objects.get()

    response = _as(seller.owner).post(
        f"/fr/dashboard/payments/orders/{order.number}/", {"action": "cancel"}
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status != STATUS_CANCELLED
