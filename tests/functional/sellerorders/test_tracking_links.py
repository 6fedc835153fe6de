"""The tracking number a seller enters is checked against its carrier's
pattern and becomes a link to the carrier's page for the shopper."""

import pytest
from django.core import mail
from django.test import Client
from oscar.core.loading import get_model

from marketplace.sellerorders.models import OrderSellerPart
from marketplace.shipping.models import Carrier
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)
from tests.integration.shipping.rates import seeded_carriers, seller_ships

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

AMANA_PAGE = "https://bam-tracking.barid.ma/Tracking/Search?trackingCode="


@pytest.fixture
def order_of_two():
    carriers = seeded_carriers()
    potter = make_seller("Poterie Safi", flat_rate="30.00", free_from=None)
    seller_ships(potter, carrier=carriers["ctm-messagerie"])
    weaver = make_seller("Tapis Chichaoua", flat_rate="45.00", free_from=None)
    tajine = make_product(potter, price="300.00", title="Tajine de Safi")
    rug = make_product(weaver, price="900.00", title="Tapis de Chichaoua")
    checkout(Client(), [(tajine, 1), (rug, 1)])
    order = Order.objects.get()
    cod_confirm(order)
    mail.outbox.clear()
    return order, potter, weaver, carriers


def _as(seller) -> Client:
    client = Client()
    client.force_login(seller.owner)
    return client


def _shopper_page(order) -> str:
    path = f"{order.number}/{order.verification_hash()}/"
    shopper = Client()
    shopper.post(f"/en/accounts/order-status-form/{path}", {"email": order.guest_email})
    return shopper.get(f"/en/accounts/order-status/{path}").content.decode()


def test_a_tracking_number_is_checked_against_its_carriers_pattern():
    carriers = seeded_carriers()
    amana, aramex = carriers["amana"], carriers["aramex"]
    courier = carriers["own-courier"]

    assert amana.tracking_number_error("CA123456789MA") == ""
    assert amana.tracking_number_error("12345678901") != ""
    assert aramex.tracking_number_error("12345678901") == ""
    assert aramex.tracking_number_error("CA123456789MA") != ""
    # The seller's own courier: any plain reference, bounded.
    assert courier.tracking_number_error("LIV-2026-0042") == ""
    assert courier.tracking_number_error("<script>") != ""
    assert courier.tracking_number_error("A" * 41) != ""
    assert courier.tracking_number_error("") != ""


def test_the_tracking_link_is_url_encoded_and_absent_without_a_page():
    carrier = Carrier(
        code="x", name="X", tracking_url="https://x.example/t?n={number}&l=fr"
    )

    assert (
        carrier.tracking_link("A B&c=1/?")
        == "https://x.example/t?n=A%20B%26c%3D1%2F%3F&l=fr"
    )
    assert Carrier(code="y", name="Y").tracking_link("123") == ""


def test_the_ship_form_offers_the_carrier_chosen_at_checkout(order_of_two):
    order, potter, weaver, carriers = order_of_two
    part = order.seller_parts.get(seller=potter)

    page = _as(potter).get(f"/en/seller/orders/{part.pk}/")

    assert page.context["ship_form"]["carrier"].value() == "ctm-messagerie"


def test_a_number_not_of_the_carriers_shape_is_refused_with_its_reason(order_of_two):
    order, potter, weaver, carriers = order_of_two
    part = order.seller_parts.get(seller=potter)

    response = _as(potter).post(
        f"/en/seller/orders/{part.pk}/ship/",
        {"carrier": "amana", "tracking_number": "12345678"},
    )

    assert response.status_code == 400
    assert "This is not a Amana tracking number (for example CA123456789MA)." in (
        response.content.decode()
    )
    part.refresh_from_db()
    assert part.status == OrderSellerPart.Status.PREPARING


def test_the_shopper_follows_each_parcel_by_its_carriers_link(
    order_of_two, django_capture_on_commit_callbacks
):
    order, potter, weaver, carriers = order_of_two
    potter_part = order.seller_parts.get(seller=potter)
    weaver_part = order.seller_parts.get(seller=weaver)

    with django_capture_on_commit_callbacks(execute=True):
        _as(potter).post(
            f"/en/seller/orders/{potter_part.pk}/ship/",
            {"carrier": "amana", "tracking_number": "ca 123456789 ma"},
        )
        _as(weaver).post(
            f"/en/seller/orders/{weaver_part.pk}/ship/",
            {"carrier": "own-courier", "tracking_number": "LIV-42"},
        )

    potter_part.refresh_from_db()
    assert potter_part.shipping_carrier == carriers["amana"]
    assert potter_part.tracking_number == "CA123456789MA"
    html = _shopper_page(order)
    assert f'href="{AMANA_PAGE}CA123456789MA"' in html
    # The seller's own courier has no page: the number, no link.
    assert "LIV-42" in html
    assert html.count('class="tracking-link"') == 1
    amana_mail = next(m for m in mail.outbox if "CA123456789MA" in m.body)
    assert f"{AMANA_PAGE}CA123456789MA" in amana_mail.body


def test_a_seller_cannot_ship_another_sellers_part(order_of_two):
    order, potter, weaver, carriers = order_of_two
    weaver_part = order.seller_parts.get(seller=weaver)

    response = _as(potter).post(
        f"/en/seller/orders/{weaver_part.pk}/ship/",
        {"carrier": "amana", "tracking_number": "CA123456789MA"},
    )

    assert response.status_code == 404
    weaver_part.refresh_from_db()
    assert weaver_part.status == OrderSellerPart.Status.PREPARING
