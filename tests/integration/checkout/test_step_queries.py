"""The checkout's steps before "Place order": as few requests as the shopper
has something to do, each reading the basket in the same queries whatever its
lines and sellers, and writing the session only when something changed.

Oscar's steps with nothing to ask (the shipping method when one method ships
the basket, its payment method step, our payment step when cash on delivery
is the only way to pay) each answered with a redirect: the address form led
through four requests to the preview. They are now asked in the request
before (`marketplace.checkout.session.CheckoutSessionMixin.onward`).
"""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from tests.integration.checkout.shop import (
    ADDRESS,
    country_morocco,
    fill_basket,
)
from tests.integration.checkout.test_place_order_queries import (  # noqa: F401
    CARD,
    _payment_source_types,  # fixtures
    basket_of,
    warm_process_caches,
)

pytestmark = pytest.mark.django_db

PREVIEW = "/fr/checkout/preview/"
# The preview and the steps asked on the way to it: the session, the basket,
# its offers (vouchers, site offers), its lines with their options, photos,
# stock records, classes and partners, the sellers and their shipping tables
# (four), the cash-on-delivery limit; the preview page adds the country.
MOST_QUERIES_FOR_A_STEP = 17


def to_address(items) -> Client:
    client = Client()
    country_morocco()
    fill_basket(client, items)
    response = client.post(
        "/fr/checkout/", {"username": "amina@example.ma", "options": "anonymous"}
    )
    assert response.status_code == 302
    return client


def counted(client, method: str, path: str, data=None):
    """(response, queries, session writes) of one request."""
    with CaptureQueriesContext(connection) as queries:
        if method == "POST":
            response = client.post(path, data)
        else:
            response = client.get(path)
    writes = [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    return response, len(queries), len(writes)


def steps(items) -> dict:
    """Each request of a cash-only checkout from the address to the preview,
    as `bench/checkout.py`'s shopper makes them: its Location or status, its
    queries and its session writes."""
    client = to_address(items)
    figures = {}
    response, queries, writes = counted(
        client, "POST", "/fr/checkout/shipping-address/", ADDRESS
    )
    figures["address"] = (response.get("Location"), queries, writes)
    response, queries, writes = counted(client, "GET", response["Location"])
    figures["preview"] = (response.status_code, queries, writes)
    response, queries, writes = counted(client, "GET", "/fr/checkout/shipping-method/")
    figures["shipping method"] = (response.get("Location"), queries, writes)
    response, queries, writes = counted(client, "GET", response["Location"])
    figures["preview again"] = (response.status_code, queries, writes)
    return figures


@pytest.mark.usefixtures("warm_process_caches")
def test_the_address_leads_straight_to_the_preview_in_constant_queries():
    small = steps(basket_of(2, 2))
    large = steps(basket_of(4, 3))

    # One request from the address form to the preview, one from the
    # shipping method step (were four each: shipping method, payment method,
    # payment details, preview).
    assert small["address"][0] == PREVIEW
    assert small["shipping method"][0] == PREVIEW
    assert small["preview"][0] == small["preview again"][0] == 200
    # The same queries for 2 lines from 2 sellers and 4 lines from 3.
    for step in ("address", "preview", "shipping method", "preview again"):
        assert small[step][1] == large[step][1], step
    assert small["preview"][1] <= MOST_QUERIES_FOR_A_STEP
    assert small["shipping method"][1] <= MOST_QUERIES_FOR_A_STEP
    # The address, the shipping method and the payment method are stored
    # with the address (one write); stored again unchanged, they write
    # nothing (were a write at each of the shipping and payment steps).
    assert [small[step][2] for step in small] == [1, 0, 0, 0]


@pytest.mark.usefixtures("warm_process_caches")
def test_a_shopper_with_a_choice_of_payment_is_sent_to_make_it():
    """With cards offered, the payment step has something to ask: the
    address leads to it (its page is shown at its own URL), not past it."""
    with override_settings(**CARD):
        client = to_address(basket_of(2, 2))
        response = client.post("/fr/checkout/shipping-address/", ADDRESS)
        assert response["Location"] == "/fr/checkout/payment-details/"
        page = client.get(response["Location"])

    assert page.status_code == 200
    assert b'name="payment_method"' in page.content


def test_a_step_that_refuses_sends_the_shopper_where_it_would(settings):
    """The cash-on-delivery ceiling with no card: the payment step cannot go
    on to the preview, so the shopper is sent to it, where it says why."""
    settings.MARKETPLACE_COD_MAX_ORDER_TOTAL = 100
    client = to_address(basket_of(2, 2))
    response = client.post("/fr/checkout/shipping-address/", ADDRESS)

    assert response["Location"] == "/fr/checkout/payment-details/"
