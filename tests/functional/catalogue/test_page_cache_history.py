"""Oscar's recently viewed cookie does not keep a shopper from the page cache.

After one product page a shopper carries `oscar_history` for a week. No
cached page shows it: the product page's "recently viewed" block is a
fragment fetched after load, read from the requester's own cookie.
"""

import json
from importlib import import_module

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.pagecache.pages import HIT_HEADER
from tests.integration.catalogue import factories as f
from tests.integration.cms.factories import page_get, tree  # noqa: F401

pytestmark = pytest.mark.django_db

CSRF = "a" * 32


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    settings.SEARCH_BACKEND = "database"


def shopper(*viewed, **cookies) -> Client:
    """A shopper who viewed `viewed` before (and holds `cookies`)."""
    client = Client()
    client.cookies["csrftoken"] = CSRF
    client.cookies["oscar_history"] = json.dumps([p.pk for p in viewed])
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


@pytest.fixture
def shop(django_capture_on_commit_callbacks):
    seller = f.seller(name="Atelier Tifawin")
    with django_capture_on_commit_callbacks(execute=True):
        item = f.product(seller_obj=seller, title="Tapis Tifawin")
        seen = f.product(seller_obj=seller, title="Plat vu avant")
        other = f.product(seller_obj=seller, title="Pouf d'un autre")
    category = f.Category.add_root(name="Tapis et tissage")
    item.categories.add(category)
    urls = {
        "catalogue": reverse("catalogue:index"),
        "category": category.get_absolute_url(),
        "product": item.get_absolute_url(),
        "search": reverse("search:search") + "?q=tifawin",
        "storefront": seller.get_absolute_url(),
    }
    return item, seen, other, urls


@pytest.mark.parametrize(
    "page", ["catalogue", "category", "product", "search", "storefront"]
)
def test_a_shopper_with_a_history_gets_shop_pages_from_the_cache(shop, page):
    item, seen, other, urls = shop
    first = shopper(seen).get(urls[page])  # rendered with the cookie, and kept
    assert first.status_code == 200 and not is_hit(first)
    with CaptureQueriesContext(connection) as queries:
        second = shopper(other).get(urls[page])
    assert is_hit(second)
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert "Tapis Tifawin" in second.content.decode()


def test_a_shopper_with_a_history_gets_the_home_page_from_the_cache(tree):  # noqa: F811
    product = f.product(seller_obj=f.seller(), title="Plat vu avant")
    first = page_get(shopper(product), tree.home)
    assert first.status_code == 200 and not is_hit(first)
    with CaptureQueriesContext(connection) as queries:
        second = page_get(shopper(product), tree.home)
    assert is_hit(second)
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_the_cached_product_page_holds_nobodys_history(shop):
    item, seen, _other, urls = shop
    shopper(seen).get(urls["product"])
    html = shopper(seen).get(urls["product"]).content.decode()
    assert "Plat vu avant" not in html
    assert (
        f'data-recently-viewed="/fr/catalogue/recently-viewed/?exclude={item.pk}"'
        in html
    )
    assert "catalogue/recently-viewed.js" in html


def test_rendering_the_product_page_reads_no_visitors_history(shop, settings):
    """The slot is rendered without the history's products: a rendering for
    a shopper who viewed others reads none of them (Oscar's tag did:
    marketplace/customer/history.py)."""
    item, seen, other, urls = shop
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0  # rendered every time
    with CaptureQueriesContext(connection) as queries:
        response = shopper(seen, other).get(urls["product"])
    assert response.status_code == 200
    html = response.content.decode()
    assert f"?exclude={item.pk}" in html and "Plat vu avant" not in html
    history = [
        q["sql"]
        for q in queries
        if '"catalogue_product"' in q["sql"]
        and str(seen.pk) in q["sql"]
        and str(other.pk) in q["sql"]
    ]
    assert history == []


def test_a_product_page_from_the_cache_still_records_the_view(shop):
    item, seen, _other, urls = shop
    shopper(seen).get(urls["product"])
    response = shopper(seen).get(urls["product"])
    assert is_hit(response)
    assert json.loads(response.cookies["oscar_history"].value) == [seen.pk, item.pk]


def recently_viewed(client, current) -> str:
    url = reverse("catalogue:recently-viewed") + f"?exclude={current.pk}"
    response = client.get(url)
    assert response.status_code == 200 and not is_hit(response)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    return response.content.decode()


def test_the_fragment_shows_each_shopper_their_own_recently_viewed(shop):
    item, seen, other, _urls = shop
    mine = recently_viewed(shopper(seen, item), item)
    theirs = recently_viewed(shopper(other), item)
    assert "Plat vu avant" in mine and "Pouf d&#x27;un autre" not in mine
    assert "Pouf d&#x27;un autre" in theirs and "Plat vu avant" not in theirs
    assert "Tapis Tifawin" not in mine  # the page being viewed is left out
    assert "Produits récemment consultés" in mine  # French, the default language


def test_the_fragment_is_empty_without_a_history(shop):
    item, _seen, _other, _urls = shop
    client = Client()
    assert recently_viewed(client, item).strip() == ""


def personal_session_key() -> str:
    """A session holding what cached pages are not known not to read (a
    guest's checkout alone is: tests/functional/pagecache/test_session_holders.py)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["wizard_step"] = "2"
    session.save()
    return session.session_key


@pytest.mark.parametrize("cookie", [("sessionid", None), ("messages", "x")])
def test_a_session_or_messages_cookie_keeps_a_shopper_away(shop, cookie):
    _item, seen, _other, urls = shop
    for url in urls.values():
        shopper(seen).get(url)  # kept for shoppers with only a history
    name, value = cookie
    value = value or personal_session_key()
    for page, url in urls.items():
        response = shopper(seen, **{name: value}).get(url)
        assert response.status_code == 200 and not is_hit(response), page


def test_a_basket_holder_with_a_history_is_served_the_kept_pages(shop):
    """No cached page shows a basket: the header's count comes from a cookie
    (tests/functional/pagecache/test_basket_holders.py)."""
    _item, seen, _other, urls = shop
    for url in urls.values():
        shopper(seen).get(url)
    for page, url in urls.items():
        response = shopper(seen, oscar_open_basket="1:abc", basket_count="2").get(url)
        assert response.status_code == 200 and is_hit(response), page
