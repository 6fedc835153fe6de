"""Issue 14: whole pages for shoppers with a basket.

A visitor not signed in sees no basket of their own in a page's header: a
link to the basket, whose count the page's script reads from the
`basket_count` cookie that every basket change brings up to date
(marketplace/basket/middleware.py). So a basket holder's page is the one
cached for every anonymous visitor, and Oscar's basket and history cookies
stay out of its key. Nothing personal is ever served from the cache: not a
basket, not a flash message, not a name; a rendering that read a basket or
showed a message is not kept.
"""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.pagecache.pages import HIT_HEADER, _is_keepable
from tests.cached_pages import cached_pages_on
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    checkout,
    fill_basket,
    make_product,
    make_seller,
)

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")
Product = get_model("catalogue", "Product")
COUNT = "basket_count"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    yield from cached_pages_on(settings, page_seconds=60, part_seconds=600)


@pytest.fixture
def shop():
    seller_a = make_seller("Atelier Tifawin")
    seller_b = make_seller("Poterie Zellij")
    return {
        "carpet": make_product(seller_a, price="100.00", title="Tapis Tifawin"),
        "cushion": make_product(seller_a, price="40.00", title="Coussin Amazigh"),
        "tajine": make_product(seller_b, price="60.00", title="Tajine Zellij"),
    }


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


def count_of(client) -> str | None:
    """The basket count the page's script would show (None: no cookie)."""
    morsel = client.cookies.get(COUNT)
    return morsel.value if morsel is not None and morsel.value else None


def holder(items) -> Client:
    """A visitor not signed in with these items in their basket, who has read
    the page telling them so (Oscar's flash message, then gone)."""
    client = Client()
    fill_basket(client, items)
    client.get(reverse("basket:summary"))
    assert "messages" not in client.cookies or not client.cookies["messages"].value
    return client


def test_basket_holders_are_served_the_page_kept_for_everyone(shop):
    carpet, cushion, tajine = shop["carpet"], shop["cushion"], shop["tajine"]
    url = carpet.get_absolute_url()
    amina = holder([(cushion, 1)])
    youssef = holder([(tajine, 2)])
    amina.get(tajine.get_absolute_url())  # Oscar's history cookie too
    assert amina.cookies.get("oscar_open_basket")
    assert amina.cookies.get("oscar_history")

    # A basket holder's rendering is kept; the others get it from the cache.
    first = amina.get(url)
    assert not is_hit(first)
    pages = [amina.get(url), youssef.get(url), Client().get(url)]
    assert all(is_hit(page) for page in pages)
    for page in [first, *pages]:
        html = page.content.decode()
        # No basket in it: neither visitor's lines nor a total, a link whose
        # count the script fills in.
        assert "Coussin Amazigh" not in html and "Tajine Zellij" not in html
        assert "Basket total" not in html and "Total du panier" not in html
        assert "data-basket-count hidden" in html
        assert f'href="{reverse("basket:summary")}"' in html
    # Each visitor's own count, in their own cookie.
    assert (count_of(amina), count_of(youssef)) == ("1", "2")


def test_a_basket_holders_page_reads_no_basket(shop, settings):
    """The header no longer loads and prices the basket (nor applies the
    offers to it) on every page a basket holder views."""
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 0  # the rendered path
    amina = holder([(shop["cushion"], 1)])
    with CaptureQueriesContext(connection) as queries:
        response = amina.get(shop["carpet"].get_absolute_url())
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "basket_" in q["sql"]]


def test_the_count_follows_add_change_remove_and_order(shop):
    carpet, cushion = shop["carpet"], shop["cushion"]
    client = Client()
    assert count_of(client) is None
    fill_basket(client, [(carpet, 1)])
    assert count_of(client) == "1"
    fill_basket(client, [(cushion, 2)])
    assert count_of(client) == "3"

    basket = Basket.objects.get(lines__product=carpet)
    lines = {line.product_id: line for line in basket.lines.all()}
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": lines[carpet.pk].pk,
        "form-0-quantity": "1",
        "form-1-id": lines[cushion.pk].pk,
        "form-1-quantity": "4",
    }
    client.post(reverse("basket:summary"), data)
    assert count_of(client) == "5"
    data["form-1-quantity"] = "0"  # Oscar removes a line brought to 0
    client.post(reverse("basket:summary"), data)
    assert not Line.objects.filter(basket=basket, product=cushion).exists()
    assert count_of(client) == "1"

    other = Client()
    fill_basket(other, [(cushion, 1)])
    response = checkout(client, [])
    assert response.status_code == 302
    client.get(response["Location"])
    # The basket is ordered: no count; the other visitor's stays as it was.
    assert count_of(client) is None
    assert count_of(other) == "1"


def test_a_checkout_step_counts_the_lines_it_read(shop):
    """A request that read the basket's lines and wrote none of them (a
    checkout step) takes the count from them: no query of its own; one that
    wrote a line (the basket page's quantities, above) counts again."""
    client = Client()
    fill_basket(client, [(shop["carpet"], 2), (shop["tajine"], 1)])
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/fr/checkout/", {"username": "amina@example.ma", "options": "anonymous"}
        )
    assert response.status_code == 302
    sql = [q["sql"] for q in queries if '"basket_line"' in q["sql"]]
    assert not [q for q in sql if "SUM(" in q or "COUNT(" in q], sql
    assert len([q for q in sql if q.startswith('SELECT "basket_line"')]) == 1, sql
    assert count_of(client) == "3"


def test_the_count_follows_the_merge_at_sign_in_and_goes_at_sign_out(shop):
    user = UserFactory(password="pw-shopper-123!")
    mine = Client()
    mine.force_login(user)
    fill_basket(mine, [(shop["tajine"], 1)])
    assert count_of(mine) == "1"

    client = holder([(shop["carpet"], 2)])
    assert count_of(client) == "2"
    client.force_login(user)
    client.get(reverse("basket:summary"))  # Oscar merges the cookie's basket
    assert count_of(client) == "3"

    client.post(reverse("customer:logout"))
    client.get(shop["carpet"].get_absolute_url())
    assert count_of(client) is None


def test_a_visitor_with_flash_messages_is_never_served_nor_kept(shop):
    carpet, cushion = shop["carpet"], shop["cushion"]
    url = carpet.get_absolute_url()
    assert not is_hit(Client().get(url))
    assert is_hit(Client().get(url))

    client = Client()
    client.post(reverse("basket:add", kwargs={"pk": cushion.pk}), {"quantity": 1})
    assert client.cookies["messages"].value  # Oscar's "added to your basket"
    response = client.get(url)
    assert not is_hit(response)
    assert "Coussin Amazigh" in response.content.decode()  # in its message
    # Nobody else ever sees it; the page kept for everyone is still served.
    other = Client().get(url)
    assert is_hit(other)
    assert "Coussin Amazigh" not in other.content.decode()


def test_a_rendering_that_showed_messages_or_read_a_basket_is_not_kept(shop):
    def request():
        made = RequestFactory().get("/fr/catalogue/")
        made._messages = CookieStorage(made)
        return made

    assert _is_keepable(request(), HttpResponse())

    with_message = request()
    messages.info(with_message, "Bienvenue Amina")
    assert not _is_keepable(with_message, HttpResponse())

    with_basket = request()
    with_basket._basket_cache = Basket.objects.create()
    assert not _is_keepable(with_basket, HttpResponse())
    with_basket._basket_cache = Basket()  # an empty one, never saved
    assert _is_keepable(with_basket, HttpResponse())
