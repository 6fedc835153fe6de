"""Issue 14: a list page's count, cards and pagination (the catalogue, a craft,
a shop's storefront) and the search page's facets and results are kept whole
between renderings, with the versions of the list and of each card's product
and shop; the view reads the list only when they are made. The whole-page
cache is off here (the rendered path).

Kept, such a page reads no product row; it shows at once a price changed, a
product unpublished or added, a translation added and a shop renamed; and it
never carries one visitor's CSRF token or CSP nonce to another (the forms it
holds are GET forms: none carries a token).
"""

import pickle
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from tests.cached_pages import cached_pages_on
from tests.functional.marketplace.csp_checks import nonce
from tests.integration.catalogue import factories as f

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCRIPT_NONCE = re.compile(r'<script nonce="([^"]+)"')
LISTS = ["catalogue", "craft", "shop", "search"]


@pytest.fixture(autouse=True)
def _parts_on(settings):
    yield from cached_pages_on(settings, page_seconds=0, part_seconds=600)


@pytest.fixture
def shop(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller = f.seller(name="Atelier Tifawin")
        craft = Category.add_root(name="Tapis")
        products = []
        for title in ("Tapis Tifawin", "Coussin Tifawin"):
            product = f.product(seller_obj=seller, title=title)
            product.categories.add(craft)
            products.append(product)
    return {"seller": seller, "craft": craft, "products": products}


def url_of(shop, page: str, language: str = "fr") -> str:
    url = {
        "catalogue": reverse("catalogue:index"),
        "craft": shop["craft"].get_absolute_url(),
        "shop": shop["seller"].get_absolute_url(),
        "search": reverse("search:search") + "?q=tifawin",
    }[page]
    return f"/{language}/" + url[len("/fr/") :]


def html_of(url: str, client=None) -> str:
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode()


def kept_parts() -> list[str]:
    """The HTML of every part kept in the (local memory) cache."""
    return [
        pickle.loads(value)[0]
        for key, value in cache._cache.items()
        if ":catalogue:part:" in key
    ]


def written(django_capture_on_commit_callbacks, write) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write()


@pytest.mark.parametrize("page", LISTS)
def test_a_kept_list_reads_no_product_row(shop, page, settings):
    url = url_of(shop, page)
    html_of(url)  # its parts are made
    with CaptureQueriesContext(connection) as queries:
        html = html_of(url)
    assert "Coussin Tifawin" in html
    read = [q["sql"] for q in queries if '"catalogue_product' in q["sql"]]
    assert not read, read
    # Made at each rendering (fragments off), the same page reads them.
    settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert "Coussin Tifawin" in html_of(url)
    assert [q for q in queries if '"catalogue_product' in q["sql"]]


@pytest.mark.parametrize("page", LISTS)
def test_a_new_price_shows_at_once(shop, page, django_capture_on_commit_callbacks):
    url = url_of(shop, page)
    assert "321,00" not in html_of(url)
    record = shop["products"][1].stockrecords.get()
    record.price = Decimal("321.00")
    written(django_capture_on_commit_callbacks, record.save)
    assert "321,00" in html_of(url)


@pytest.mark.parametrize("page", LISTS)
def test_an_unpublished_product_leaves_at_once_and_a_new_one_joins(
    shop, page, django_capture_on_commit_callbacks
):
    url = url_of(shop, page)
    assert "Coussin Tifawin" in html_of(url)
    product = shop["products"][1]
    product.is_public = False
    written(django_capture_on_commit_callbacks, product.save)
    html = html_of(url)
    assert "Coussin Tifawin" not in html and "Tapis Tifawin" in html

    def add():
        made = f.product(seller_obj=shop["seller"], title="Pouf Tifawin")
        made.categories.add(shop["craft"])

    written(django_capture_on_commit_callbacks, add)
    assert "Pouf Tifawin" in html_of(url)


@pytest.mark.parametrize("page", LISTS)
def test_a_title_translated_shows_at_once_on_the_arabic_page(
    shop, page, django_capture_on_commit_callbacks
):
    url = url_of(shop, page, "ar")
    assert "وسادة" not in html_of(url)
    product = shop["products"][1]
    product.title_ar = "وسادة تيفاوين"
    written(django_capture_on_commit_callbacks, product.save)
    assert "وسادة تيفاوين" in html_of(url)


@pytest.mark.parametrize("page", LISTS)
def test_a_renamed_shop_shows_at_once_on_its_cards(
    shop, page, django_capture_on_commit_callbacks
):
    url = url_of(shop, page)
    assert "Atelier Tifawin et filles" not in html_of(url)
    seller = shop["seller"]
    seller.name = "Atelier Tifawin et filles"
    written(django_capture_on_commit_callbacks, seller.save)
    assert "Atelier Tifawin et filles" in html_of(url)


def test_a_renamed_craft_shows_at_once_on_its_page(
    shop, django_capture_on_commit_callbacks
):
    html_of(url_of(shop, "craft"))
    craft = Category.objects.get(pk=shop["craft"].pk)
    craft.name = "Tapis berbères"
    written(django_capture_on_commit_callbacks, craft.save)
    # A craft's save moves every page's version: the kept cards and filters
    # are made again (their count and names with it).
    assert "Tapis berbères" in html_of(craft.get_absolute_url())


@pytest.mark.parametrize("page", LISTS)
def test_each_visitor_gets_its_own_token_and_nonce_around_the_kept_list(shop, page):
    url = url_of(shop, page)
    tokens, nonces = [], []
    for _ in range(2):
        response = Client().get(url)
        html = response.content.decode()
        assert "Coussin Tifawin" in html
        allowed = nonce(response)
        assert allowed and set(SCRIPT_NONCE.findall(html)) == {allowed}
        nonces.append(allowed)
        (token,) = set(CSRF_INPUT.findall(html))  # the account bar's forms
        assert response.cookies["csrftoken"]
        tokens.append(token)
    assert nonces[0] != nonces[1] and tokens[0] != tokens[1]
    for part in kept_parts():
        assert "nonce" not in part
        assert tokens[0] not in part and tokens[1] not in part


@pytest.mark.parametrize("page", ["catalogue", "shop"])
def test_an_invalid_page_number_is_not_kept(shop, page):
    url = url_of(shop, page) + "?page=9"
    response = Client().get(url)
    assert response.status_code in (302, 404)
    assert not [part for part in kept_parts() if "Coussin Tifawin" in part]
