"""Issue 14: the layout's chrome is kept between renderings for visitors not
signed in: the account bar (languages, display currency), the main
navigation (crafts menu, search box), the catalogue's filters and a Wagtail
page's hreflang links. The whole-page cache is off here (the rendered path).

Each kept part is fresh after the write that changes what it shows (a craft
renamed or translated, a rate published, a page translated), costs the same
queries at each rendering, and never carries one visitor's CSRF token or CSP
nonce, nor a signed-in user's links, to another visitor.
"""

import pickle
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.currency.models import ExchangeRate
from tests.cached_pages import cached_pages_on
from tests.functional.marketplace.csp_checks import nonce
from tests.integration.catalogue import factories as f
from tests.integration.cms import factories as cms
from tests.integration.cms.factories import tree  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCRIPT_NONCE = re.compile(r'<script nonce="([^"]+)"')


@pytest.fixture(autouse=True)
def _parts_on(settings):
    yield from cached_pages_on(settings, page_seconds=0, part_seconds=600)


@pytest.fixture
def shop(tree, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        seller = f.seller(name="Atelier Tifawin", region_obj=tree.region_a)
        craft = Category.add_root(name="Tapis")
        for title in ("Tapis Tifawin", "Coussin Tifawin"):
            product = f.product(seller_obj=seller, title=title)
            product.categories.add(craft)
    return {"seller": seller, "craft": craft, "tree": tree}


def pages(shop) -> dict:
    return {
        "catalogue": lambda c: c.get(reverse("catalogue:index")),
        "craft": lambda c: c.get(shop["craft"].get_absolute_url()),
        "search": lambda c: c.get(reverse("search:search") + "?q=tifawin"),
        "shop": lambda c: c.get(shop["seller"].get_absolute_url()),
        "home": lambda c: cms.page_get(c, shop["tree"].home),
    }


def html_of(get, client=None) -> str:
    response = get(client or Client())
    assert response.status_code == 200
    return response.content.decode()


def queries_of(get) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(Client()).status_code == 200
    return len(queries)


def kept_parts() -> list[str]:
    """The HTML of every part kept in the (local memory) cache."""
    found = []
    for key, value in cache._cache.items():
        if ":catalogue:part:" in key:
            found.append(pickle.loads(value)[0])
    return found


def test_kept_chrome_costs_the_same_queries_at_every_rendering(shop, settings):
    for name, get in pages(shop).items():
        settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 0
        made = [queries_of(get) for _ in range(3)][1:]
        settings.CATALOGUE_FRAGMENT_CACHE_SECONDS = 600
        cache.clear()
        queries_of(get)  # the parts are made
        kept = [queries_of(get) for _ in range(2)]
        assert made[0] == made[1], (name, made)
        assert kept[0] == kept[1] <= made[0], (name, kept, made)


def test_the_chrome_is_kept_and_read_from_the_cache(shop):
    html_of(pages(shop)["catalogue"])
    kept = "\n".join(kept_parts())
    for shown in ('id="language-select"', "navbarSupportedContent", "browse-filters"):
        assert shown in kept, shown


def test_a_renamed_craft_shows_at_once_in_the_menu_and_the_filters(shop):
    catalogue = pages(shop)["catalogue"]
    assert "Tapis" in html_of(catalogue)
    craft = Category.objects.get(pk=shop["craft"].pk)
    craft.name = "Tapis berbères"
    craft.save()
    html = html_of(catalogue)
    assert re.search(r'class="dropdown-item"[^>]*>Tapis berbères</a>', html)
    assert re.search(r"<option[^>]*>[^<]*Tapis berbères</option>", html)


def test_a_craft_translated_shows_at_once_on_the_arabic_pages(shop):
    url = "/ar" + reverse("catalogue:index")[3:]
    assert "سجاد" not in html_of(lambda c: c.get(url))
    craft = Category.objects.get(pk=shop["craft"].pk)
    craft.name_ar = "سجاد"
    craft.save()
    html = html_of(lambda c: c.get(url))
    assert re.search(r'class="dropdown-item"[^>]*>سجاد</a>', html)
    assert re.search(r"<option[^>]*>[^<]*سجاد</option>", html)


def test_a_new_rate_shows_the_currency_form_at_once(shop):
    catalogue = pages(shop)["catalogue"]
    assert 'id="currency-select"' not in html_of(catalogue)
    ExchangeRate.objects.create(
        currency="EUR", date=date(2026, 11, 27), mad_per_unit=Decimal("10.8452")
    )
    assert 'id="currency-select"' in html_of(catalogue)


def test_the_search_box_and_filters_show_each_pages_own_query(shop):
    search = reverse("search:search")
    assert 'value="tifawin"' in html_of(lambda c: c.get(search + "?q=tifawin"))
    html = html_of(lambda c: c.get(search + "?q=coussin"))
    assert 'id="id_q" value="coussin"' in html
    catalogue = reverse("catalogue:index")
    html_of(lambda c: c.get(catalogue))
    html = html_of(lambda c: c.get(catalogue + "?sort=price-asc"))
    assert '<option value="price-asc" selected>' in html


def test_a_translated_wagtail_page_gets_its_hreflang_link_at_once(shop):
    home = pages(shop)["home"]
    assert 'hreflang="ar"' not in html_of(home)
    site = shop["tree"]
    arabic = site.home.copy_for_translation(site.locales["ar"])
    cms.publish(arabic)
    assert 'hreflang="ar"' in html_of(home)


def test_each_visitor_gets_its_own_csrf_token_from_the_kept_chrome(shop):
    catalogue = pages(shop)["catalogue"]
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for client in (first, second):
        found = set(CSRF_INPUT.findall(html_of(catalogue, client)))
        assert len(found) == 1, found  # the language's and currency's forms
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]
    # Kept as a placeholder, never as anyone's token.
    assert not [part for part in kept_parts() if tokens[0] in part]
    # The second visitor's language form, from the kept bar, is accepted.
    response = second.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[1]},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("page", ["catalogue", "craft", "search", "shop", "home"])
def test_each_visitor_gets_its_own_csp_nonce_and_no_part_keeps_one(shop, page):
    get = pages(shop)[page]
    seen = set()
    for _ in range(2):
        response = get(Client())
        html = response.content.decode()
        allowed = nonce(response)
        assert allowed and set(SCRIPT_NONCE.findall(html)) == {allowed}
        seen.add(allowed)
    assert len(seen) == 2
    for part in kept_parts():
        assert "nonce" not in part


def test_a_signed_in_visitor_never_gets_the_anonymous_bar(shop):
    catalogue = pages(shop)["catalogue"]
    assert "login_link" in html_of(catalogue)
    member = Client()
    member.force_login(f.user())
    html = html_of(catalogue, member)
    assert "logout_link" in html and "login_link" not in html
    # And the signed-in bar is kept for nobody.
    assert "login_link" in html_of(catalogue)
    assert not [part for part in kept_parts() if "logout_link" in part]
