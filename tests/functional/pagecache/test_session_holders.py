"""Issue 14: whole pages for guests who have placed an order.

Going through the checkout gives a visitor a session (Oscar keeps the
checkout's steps there, then the order's number for the thank-you page).
It made every page they saw afterwards personal: rendered for them alone,
and kept for no one. No cached page reads what a guest's session holds, so
the page cache now reads the session: a visitor not signed in whose session
holds only a guest's checkout is served, and has kept, the page everyone
is. Anything else in a session (a signed-in user, flash messages, a key no
one has listed) still makes it personal
(tests/unit/pagecache/test_pagecache_rules.py,
tests/functional/catalogue/test_page_cache_freshness.py).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from marketplace.pagecache.pages import HIT_HEADER, SESSION_KEYS_NO_PAGE_READS
from tests.cached_pages import cached_pages_on
from tests.integration.checkout.shop import checkout, make_product, make_seller

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    yield from cached_pages_on(
        settings, page_seconds=60, part_seconds=600, cash_only=True
    )


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


@pytest.fixture
def guest():
    """A visitor not signed in who has placed an order and read its page."""
    seller = make_seller("Atelier Tifawin")
    bought = make_product(seller, price="100.00", title="Tapis Tifawin")
    client = Client()
    response = checkout(client, [(bought, 1)])
    assert response.status_code == 302, response.content[:500]
    assert client.get(response["Location"]).status_code == 200  # thank-you
    assert client.cookies["sessionid"].value
    assert set(client.session.keys()) <= SESSION_KEYS_NO_PAGE_READS
    assert "checkout_order_id" in client.session.keys()
    return client


@pytest.fixture
def pages():
    seller = make_seller("Poterie Zellij")
    tajine = make_product(seller, price="60.00", title="Tajine Zellij")
    bowl = make_product(seller, price="30.00", title="Bol Zellij")
    return tajine.get_absolute_url(), bowl.get_absolute_url(), seller


def test_a_guest_who_ordered_is_served_the_page_kept_for_everyone(guest, pages):
    kept_by_others, _, _ = pages
    Client().get(kept_by_others)
    response = guest.get(kept_by_others)
    assert response.status_code == 200 and is_hit(response)
    html = response.content.decode()
    assert "Tajine Zellij" in html and "Tapis Tifawin" not in html


def test_a_guests_rendering_is_kept_for_everyone(guest, pages):
    _, first_seen_by_guest, seller = pages
    for url in (first_seen_by_guest, seller.get_absolute_url()):
        assert not is_hit(guest.get(url))
        assert is_hit(Client().get(url)), url
        assert is_hit(guest.get(url)), url


def test_a_guests_hit_costs_only_the_session_read(guest, pages):
    url, _, _ = pages
    Client().get(url)
    with CaptureQueriesContext(connection) as cookieless:
        assert is_hit(Client().get(url))
    with CaptureQueriesContext(connection) as holder:
        assert is_hit(guest.get(url))
    extra = [q["sql"] for q in holder.captured_queries][len(cookieless) :]
    assert len(holder) - len(cookieless) <= 1
    assert all("django_session" in sql for sql in extra), extra


def test_a_guest_who_then_signs_in_is_no_longer_served_from_the_cache(guest, pages):
    from tests.factories import UserFactory

    url, _, _ = pages
    Client().get(url)
    guest.force_login(UserFactory())
    response = guest.get(url)
    assert response.status_code == 200 and not is_hit(response)
