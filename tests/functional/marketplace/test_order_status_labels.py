"""Order statuses read in the page's language; the stored code stays."""

import pytest
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.orders.status import STATUS_CANCELLED, status_label
from tests.factories import UserFactory
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.mfa import force_login_verified

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

LABELS = {"fr": "Annulé", "ar": "ملغى", "en": "Cancelled"}


def _cancelled_order(*, signed_in: bool):
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    client = Client()
    if signed_in:
        client.force_login(UserFactory(email="salma@example.ma"))
    checkout(client, [(tajine, 1)], signed_in=signed_in)
    order = Order.objects.get()
    Order.objects.filter(pk=order.pk).update(status=STATUS_CANCELLED)
    order.refresh_from_db()
    return order, client


@pytest.fixture
def cancelled_order():
    """A signed-in shopper's order, cancelled (its code stored in English)."""
    return _cancelled_order(signed_in=True)


@pytest.fixture
def cancelled_guest_order():
    return _cancelled_order(signed_in=False)


def test_the_stored_code_is_english_and_the_label_follows_the_language():
    assert STATUS_CANCELLED == "Cancelled"
    for code, label in LABELS.items():
        with translation.override(code):
            assert status_label(STATUS_CANCELLED) == label
    assert status_label("") == ""
    with translation.override("ar"):
        assert status_label("Some carrier event") == "Some carrier event"


def _status_paragraph(html: str, label: str) -> bool:
    return f"<p>{label}</p>" in html


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_shoppers_order_page_shows_the_status_in_its_language(
    cancelled_order, code
):
    order, client = cancelled_order

    html = client.get(f"/{code}/accounts/orders/{order.number}/").content.decode()

    assert _status_paragraph(html, LABELS[code])
    if code != "en":
        assert "<p>Cancelled</p>" not in html
    order.refresh_from_db()
    assert order.status == "Cancelled"


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_guest_order_status_page_shows_the_status_in_its_language(
    cancelled_guest_order, code
):
    order, _client = cancelled_guest_order
    path = f"{order.number}/{order.verification_hash()}/"
    guest = Client()
    # The guest proves the order is theirs with its e-mail address first.
    guest.post(
        f"/{code}/accounts/order-status-form/{path}", {"email": order.guest_email}
    )

    html = guest.get(f"/{code}/accounts/order-status/{path}").content.decode()

    assert _status_paragraph(html, LABELS[code])
    if code != "en":
        assert "<p>Cancelled</p>" not in html


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_dashboards_order_pages_show_the_status_in_its_language(
    cancelled_order, code
):
    order, _client = cancelled_order
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    force_login_verified(client, staff)

    listing = client.get(f"/{code}/dashboard/orders/").content.decode()
    detail = client.get(f"/{code}/dashboard/orders/{order.number}/").content.decode()

    assert f"<td>{LABELS[code]}</td>" in listing
    assert f"<td>{LABELS[code]}</td>" in detail
    if code != "en":
        assert "<td>Cancelled</td>" not in listing + detail
