"""The shopper's order confirmation e-mail links to the order's page: an
absolute link that opens it (Oscar's templates need `status_url`)."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import Client, TestCase
from oscar.core.loading import get_model

from marketplace.notifications.models import OrderLanguage
from marketplace.notifications.services import language_remember
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    checkout,
    checkout_to_preview,
    make_product,
    make_seller,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def _confirmation(order):
    return next(
        m
        for m in mail.outbox
        if m.to == [order.email]
        and order.number in m.subject
        and "/checkout/cod/" not in m.body
    )


def _status_link(message) -> str:
    found = re.search(
        r"https?://[^/\s]+(/\S+/order-status/\S+/|/\S+/orders/\S+/)", message.body
    )
    assert found, message.body
    return found


def test_a_guests_confirmation_links_to_its_order_status_page():
    tajine = make_product(make_seller("Poterie Fassi"), price="300.00")
    checkout(Client(), [(tajine, 1)])
    order = Order.objects.get()

    message = _confirmation(order)

    found = _status_link(message)
    domain = Site.objects.get_current().domain
    assert found.group(0).startswith(f"http://{domain}/fr/accounts/order-status/")
    # Both parts carry it.
    assert found.group(0) in message.alternatives[0][0]
    # Oscar asks whoever opens it for the order's e-mail address first.
    guest = Client()
    asked = guest.get(found.group(1), follow=True)
    assert asked.status_code == 200
    assert "order-status-form" in asked.redirect_chain[0][0]
    stranger = Client().post(asked.redirect_chain[0][0], {"email": "x@example.ma"})
    assert stranger.status_code == 200  # the form again: "Order not found"
    page = guest.post(asked.redirect_chain[0][0], {"email": order.email}, follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == found.group(1)
    assert order.number in page.content.decode()


def test_a_signed_in_shoppers_confirmation_links_to_its_order_in_its_language():
    shopper = UserFactory(email="amina@example.ma")
    language_remember(user=shopper, language="en")
    tajine = make_product(make_seller("Poterie Fassi"), price="300.00")
    client = Client()
    client.force_login(shopper)
    checkout(client, [(tajine, 1)], signed_in=True)
    order = Order.objects.get()

    found = _status_link(_confirmation(order))

    assert found.group(1) == f"/en/accounts/orders/{order.number}/"
    page = client.get(found.group(1))
    assert page.status_code == 200
    assert order.number in page.content.decode()
    # Another shopper cannot open it.
    other = Client()
    other.force_login(UserFactory())
    assert other.get(found.group(1)).status_code == 404


def test_a_guest_who_orders_in_arabic_gets_its_emails_in_arabic():
    tajine = make_product(make_seller("Poterie Fassi"), price="300.00")
    guest = Client()
    checkout_to_preview(guest, [(tajine, 1)])
    with TestCase.captureOnCommitCallbacks(execute=True):
        guest.post(
            "/ar/checkout/preview/", {"action": "place_order", "accept_terms": "on"}
        )
    order = Order.objects.get()

    assert OrderLanguage.objects.get(order=order).language == "ar"
    found = _status_link(_confirmation(order))
    assert found.group(1).startswith("/ar/accounts/order-status/")
