"""The invoices through URLs: each shopper, guest and shop downloads its own
only; the ICE is the owner's to enter; staff list who lacks one."""

from decimal import Decimal

import pytest
from django.test import Client, override_settings
from oscar.core.loading import get_model

from marketplace.invoicing.models import Invoice, SellerTaxProfile
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)
from tests.integration.returns.shop import order_place, shopper_new
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
Kind = Invoice.Kind


@pytest.fixture
def world():
    """Two shops; two signed-in shoppers, each with a confirmed order from
    its own shop."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", title="Tajine")
    rug = make_product(weaver, price="1200.00", title="Tapis")
    amina = shopper_new(email="amina@example.ma")
    omar = shopper_new(email="omar@example.ma")
    a_order = order_place(shopper=amina, items=[(tajine, 1)])
    o_order = order_place(shopper=omar, items=[(rug, 1)])
    return potter, weaver, amina, omar, a_order, o_order, tajine


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _sale(order):
    return Invoice.objects.get(part__order=order, kind=Kind.SALE)


def _commission(order):
    return Invoice.objects.get(part__order=order, kind=Kind.COMMISSION)


def test_each_shopper_downloads_its_own_invoices_only(world):
    potter, weaver, amina, omar, a_order, o_order, _ = world
    client = _client(amina)

    page = client.get(f"/en/accounts/orders/{a_order.number}/").content.decode()
    assert _sale(a_order).number in page
    assert f"/en/invoices/{_sale(a_order).pk}.pdf" in page
    # Never the commission between the shop and the marketplace.
    assert _commission(a_order).number not in page

    pdf = client.get(f"/en/invoices/{_sale(a_order).pk}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert _sale(a_order).number in pdf["Content-Disposition"]
    export = client.get(f"/en/invoices/{_sale(a_order).pk}.json")
    assert export.json()["number"] == _sale(a_order).number

    for path in (
        f"/en/invoices/{_sale(o_order).pk}.pdf",
        f"/en/invoices/{_sale(o_order).pk}.json",
        f"/en/invoices/{_commission(a_order).pk}.pdf",
        f"/en/invoices/{_sale(a_order).pk}.xml",
    ):
        assert client.get(path).status_code == 404, path
    assert _client(omar).get(f"/en/invoices/{_sale(a_order).pk}.pdf").status_code == (
        404
    )
    anonymous = Client().get(f"/en/invoices/{_sale(a_order).pk}.pdf")
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]


def _guest_order(product, email):
    before = set(Order.objects.values_list("pk", flat=True))
    checkout(Client(), [(product, 1)], email=email)
    order = Order.objects.exclude(pk__in=before).get()
    cod_confirm(order)
    return order


def _guest_client(order, email):
    """A guest who gave its e-mail on its order-status page (Oscar's rule)."""
    client = Client()
    path = f"{order.number}/{order.verification_hash()}/"
    client.post(f"/en/accounts/order-status-form/{path}", {"email": email})
    return client


def test_a_guest_downloads_from_its_order_status_page_only_its_own(world):
    potter, weaver, amina, omar, a_order, o_order, tajine = world
    order = _guest_order(tajine, "guest@example.ma")
    other = _guest_order(tajine, "other@example.ma")
    guest = _guest_client(order, "guest@example.ma")
    path = f"{order.number}/{order.verification_hash()}"

    page = guest.get(f"/en/accounts/order-status/{path}/").content.decode()
    url = f"/en/invoices/order/{path}/{_sale(order).pk}.pdf"
    assert url in page
    response = guest.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert guest.get(url.replace(".pdf", ".json")).status_code == 200

    other_path = f"{other.number}/{other.verification_hash()}"
    forged = f"{order.number}/{'0' * len(order.verification_hash())}"
    for url in (
        # Another guest's invoice through this guest's order.
        f"/en/invoices/order/{path}/{_sale(other).pk}.pdf",
        # The shop's commission invoice.
        f"/en/invoices/order/{path}/{_commission(order).pk}.pdf",
    ):
        assert guest.get(url).status_code == 404, url
    # Another order's link, or a forged hash: the status page's e-mail form.
    for url in (
        f"/en/invoices/order/{other_path}/{_sale(other).pk}.pdf",
        f"/en/invoices/order/{forged}/{_sale(order).pk}.pdf",
    ):
        response = guest.get(url)
        assert response.status_code in (302, 404), url
        assert not response.content.startswith(b"%PDF")
    # A stranger with the link but not the e-mail.
    stranger = Client().get(f"/en/invoices/order/{path}/{_sale(order).pk}.pdf")
    assert stranger.status_code == 302


def test_each_shop_lists_and_downloads_its_own_invoices_only(world):
    potter, weaver, amina, omar, a_order, o_order, _ = world
    member = UserFactory()
    potter.partner.users.add(member)

    for user in (potter.owner, member):
        client = _client(user)
        page = client.get("/en/seller/invoices/").content.decode()
        assert _sale(a_order).number in page
        assert _commission(a_order).number in page
        assert _sale(o_order).number not in page
        for invoice in (_sale(a_order), _commission(a_order)):
            response = client.get(f"/en/seller/invoices/{invoice.pk}.pdf")
            assert response.status_code == 200
            assert response.content.startswith(b"%PDF")
        for invoice in (_sale(o_order), _commission(o_order)):
            for fmt in ("pdf", "json"):
                url = f"/en/seller/invoices/{invoice.pk}.{fmt}"
                assert client.get(url).status_code == 404
    weaver_page = _client(weaver.owner).get("/en/seller/invoices/").content.decode()
    assert _sale(o_order).number in weaver_page
    assert _sale(a_order).number not in weaver_page
    # A shopper runs no shop.
    assert _client(amina).get("/en/seller/invoices/").status_code == 403


def test_the_owner_enters_its_ice_a_member_may_not(world):
    potter, weaver, amina, omar, a_order, o_order, _ = world
    member = UserFactory()
    potter.partner.users.add(member)
    owner = _client(potter.owner)

    refused = owner.post(
        "/en/seller/invoices/ice/",
        {"ice": "001561191000065", "address": "Derb Fassi, Fès"},
    )
    assert refused.status_code == 400
    assert "check digits" in refused.content.decode()
    too_long = owner.post(
        "/en/seller/invoices/ice/", {"ice": "1" * 31, "address": "x" * 301}
    )
    assert too_long.status_code == 400
    assert "at most 30 characters" in too_long.content.decode()
    assert "at most 300 characters" in too_long.content.decode()
    assert not SellerTaxProfile.objects.exists()

    saved = owner.post(
        "/en/seller/invoices/ice/",
        {"ice": "001 561191 0000 66", "address": "Derb Fassi, Fès"},
    )
    assert saved.status_code == 302
    profile = SellerTaxProfile.objects.get()
    assert (profile.seller, profile.ice) == (potter, "001561191000066")
    assert "001561191000066" in owner.get("/en/seller/invoices/").content.decode()

    # A member reads the invoices, but the ICE is the owner's.
    assert _client(member).get("/en/seller/invoices/ice/").status_code == 403
    response = _client(member).post(
        "/en/seller/invoices/ice/", {"ice": "002136093000040", "address": "Ailleurs"}
    )
    assert response.status_code == 403
    # The weaver's owner changes its own shop's, never the potter's.
    _client(weaver.owner).post(
        "/en/seller/invoices/ice/", {"ice": "002136093000040", "address": "Azilal"}
    )
    assert SellerTaxProfile.objects.get(seller=potter).ice == "001561191000066"
    assert SellerTaxProfile.objects.get(seller=weaver).ice == "002136093000040"


@override_settings(INVOICING_ICE_THRESHOLD=Decimal("1000"))
def test_a_shop_above_the_threshold_without_an_ice_is_flagged(world):
    potter, weaver, amina, omar, a_order, o_order, _ = world
    staff = UserFactory(is_staff=True)
    client = Client()
    force_login_verified(client, staff)

    listed = client.get("/en/dashboard/invoices/missing-ice/").content.decode()
    assert "Tapis Azilal" in listed  # 1245.00 invoiced
    assert "Poterie Fassi" not in listed  # 330.00
    assert "ice-missing" in (
        _client(weaver.owner).get("/en/seller/invoices/").content.decode()
    )
    assert "ice-missing" not in (
        _client(potter.owner).get("/en/seller/invoices/").content.decode()
    )
    # Shops and shoppers do not see the staff's list.
    for user in (weaver.owner, amina):
        response = _client(user).get("/en/dashboard/invoices/missing-ice/")
        assert response.status_code == 302
