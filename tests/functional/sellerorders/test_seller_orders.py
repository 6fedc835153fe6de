"""A seller sees, ships and settles only its own part of an order."""

from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from oscar.core.loading import get_model

from marketplace.payments.models import LedgerEntry
from marketplace.payments.services import seller_balance
from marketplace.sellerorders.models import OrderSellerPart
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_order():
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé", stock=4)
    rug = make_product(weaver, price="1200.00", title="Tapis berbère", stock=2)
    checkout(Client(), [(tajine, 2), (rug, 1)])
    order = Order.objects.get()
    cod_confirm(order)
    mail.outbox.clear()
    return order, potter, weaver, tajine, rug


def _as(seller) -> Client:
    client = Client()
    client.force_login(seller.owner)
    return client


def test_a_seller_lists_and_reads_only_its_own_part(shared_order):
    order, potter, weaver, *_ = shared_order
    potter_part = order.seller_parts.get(seller=potter)
    weaver_part = order.seller_parts.get(seller=weaver)
    client = _as(potter)

    listing = client.get("/fr/seller/orders/")
    detail = client.get(f"/fr/seller/orders/{potter_part.pk}/")

    assert listing.status_code == 200
    assert list(listing.context["parts"]) == [potter_part]
    html = detail.content.decode()
    assert "Tajine vernissé" in html
    assert "Tapis berbère" not in html
    assert client.get(f"/fr/seller/orders/{weaver_part.pk}/").status_code == 404


def test_a_seller_cannot_ship_deliver_or_collect_another_sellers_part(shared_order):
    order, potter, weaver, *_ = shared_order
    weaver_part = order.seller_parts.get(seller=weaver)
    client = _as(potter)

    for action, data in [
        ("ship", {"carrier": "amana", "tracking_number": "CA000000001MA"}),
        ("deliver", {}),
        ("cash-collected", {}),
    ]:
        response = client.post(f"/fr/seller/orders/{weaver_part.pk}/{action}/", data)
        assert response.status_code == 404

    weaver_part.refresh_from_db()
    assert weaver_part.status == OrderSellerPart.Status.PREPARING
    assert weaver_part.tracking_number == ""
    assert not LedgerEntry.objects.exists()
    assert mail.outbox == []


def test_shoppers_and_strangers_have_no_seller_order_pages(shared_order):
    order, potter, *_ = shared_order
    part = order.seller_parts.get(seller=potter)
    assert Client().get("/fr/seller/orders/").status_code == 302  # to login
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("x", "x@example.ma", "pw-x-1234!")
    client = Client()
    client.force_login(stranger)
    assert client.get("/fr/seller/orders/").status_code == 403
    assert client.get(f"/fr/seller/orders/{part.pk}/").status_code == 403


def test_ship_deliver_and_collect_cash_leaves_the_seller_owing_commission(
    shared_order, django_capture_on_commit_callbacks
):
    order, potter, weaver, tajine, rug = shared_order
    part = order.seller_parts.get(seller=potter)
    client = _as(potter)

    with django_capture_on_commit_callbacks(execute=True):  # the e-mail
        client.post(
            f"/fr/seller/orders/{part.pk}/ship/",
            {"carrier": "amana", "tracking_number": "AM123456789MA"},
        )
    part.refresh_from_db()
    assert part.status == OrderSellerPart.Status.SHIPPED
    assert (part.carrier, part.tracking_number) == ("Amana", "AM123456789MA")
    # Shipped goods leave the stock.
    record = StockRecord.objects.get(product=tajine)
    assert (record.num_in_stock, record.num_allocated) == (2, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.ma"]
    assert "AM123456789MA" in mail.outbox[0].body
    assert "Tapis berbère" not in mail.outbox[0].body

    # The parcel left: the commission is owed from now on, once.
    assert seller_balance(seller=potter) == Decimal("-60.00")
    # Cash is collected on delivery, not before.
    client.post(f"/fr/seller/orders/{part.pk}/cash-collected/")
    part.refresh_from_db()
    assert not part.cash_collected

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/seller/orders/{part.pk}/deliver/")
    client.post(f"/fr/seller/orders/{part.pk}/cash-collected/")
    client.post(f"/fr/seller/orders/{part.pk}/cash-collected/")  # twice: once

    part.refresh_from_db()
    assert part.status == OrderSellerPart.Status.DELIVERED
    assert part.cash_collected
    assert len(mail.outbox) == 2
    # The seller holds the shopper's 630: it owes 10 % commission on the 600,
    # and its own clicks make nothing payable to it.
    assert seller_balance(seller=potter) == Decimal("-60.00")
    assert seller_balance(seller=weaver) == Decimal("0")
    # The shopper's page shows this parcel shipped and the other preparing.
    path = f"{order.number}/{order.verification_hash()}/"
    shopper = Client()
    shopper.post(f"/fr/accounts/order-status-form/{path}", {"email": order.guest_email})
    html = shopper.get(f"/fr/accounts/order-status/{path}").content.decode()
    assert "Livré" in html
    assert "AM123456789MA" in html


def test_shipping_without_a_tracking_number_is_refused(shared_order):
    order, potter, *_ = shared_order
    part = order.seller_parts.get(seller=potter)

    response = _as(potter).post(f"/fr/seller/orders/{part.pk}/ship/", {"carrier": ""})

    assert response.status_code == 400
    part.refresh_from_db()
    assert part.status == OrderSellerPart.Status.PREPARING


def test_order_lines_name_their_product_in_the_readers_language(shared_order):
    order, potter, weaver, tajine, rug = shared_order
    tajine.title_ar = "طاجين مزجج"
    tajine.save()  # the rug has no Arabic title: shown in French, marked
    part = order.seller_parts.get(seller=potter)
    seller_html = _as(potter).get(f"/ar/seller/orders/{part.pk}/").content.decode()
    assert "طاجين مزجج" in seller_html and "Tajine vernissé" not in seller_html

    path = f"{order.number}/{order.verification_hash()}/"
    shopper = Client()
    shopper.post(f"/ar/accounts/order-status-form/{path}", {"email": order.guest_email})
    html = shopper.get(f"/ar/accounts/order-status/{path}").content.decode()
    parts = html[html.index('id="seller-parts"') :]
    assert "طاجين مزجج" in parts
    assert '<span lang="fr" dir="ltr">Tapis berbère</span>' in parts
