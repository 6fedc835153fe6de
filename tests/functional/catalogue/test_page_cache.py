"""Anonymous shoppers get cached catalogue pages; nothing personal is cached."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.integration.catalogue import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_second_anonymous_view_is_served_without_queries(client):
    item = f.product(seller_obj=f.seller(), title="Tapis du cache")
    for url in (reverse("catalogue:index"), item.get_absolute_url()):
        first, _ = _queries(client, url)
        client.cookies.clear()
        second, response = _queries(client, url)
        client.cookies.clear()
        assert first > 0 and second == 0, url
        assert "Tapis du cache" in response.content.decode()


def test_cached_page_carries_the_requesters_own_csrf_token(client):
    item = f.product(seller_obj=f.seller())
    url = item.get_absolute_url()
    client.get(url)
    client.cookies.clear()
    response = client.get(url)
    html = response.content.decode()
    assert "\x00csrf\x00" not in html
    assert "csrftoken" in response.cookies
    assert "oscar_history" in response.cookies  # recently viewed still kept


def test_a_catalogue_change_shows_at_once(client):
    seller = f.seller()
    item = f.product(seller_obj=seller, title="Avant", price=Decimal("10"))
    url = reverse("catalogue:index")
    assert "Avant" in client.get(url).content.decode()
    client.cookies.clear()
    item.title = "Après"
    item.save()
    assert "Après" in client.get(url).content.decode()
    client.cookies.clear()
    record = item.stockrecords.get()
    record.price = Decimal("77")
    record.save()
    assert "77,00" in client.get(url).content.decode()


def test_signed_in_shoppers_are_never_served_the_cache_basket_holders_are(client):
    item = f.product(seller_obj=f.seller())
    url = item.get_absolute_url()
    client.get(url)
    client.cookies.clear()
    client.force_login(f.user())
    count, _ = _queries(client, url)
    assert count > 0
    client.logout()
    client.cookies.clear()
    # No cached page shows a basket: the header's count comes from a cookie
    # (tests/functional/pagecache/test_basket_holders.py).
    client.cookies["oscar_open_basket"] = "1:abc"
    count, response = _queries(client, url)
    assert count == 0 and response["X-Page-Cache"] == "hit"
