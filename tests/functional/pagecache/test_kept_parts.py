"""Issue 14: the rendered path reads only what its kept parts lack.

The whole-page cache is off here (the rendered path); parts are kept between
renderings: the home page's body, the product page's body and data, the
header, a list's count, a search's answer. Each test
shows what a kept part saves (queries) and that a write the part shows is
seen at once (never an older price, stock status or publication).
"""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue.services import product_unpublish
from tests.cached_pages import cached_pages_on
from tests.integration.catalogue import factories as f
from tests.integration.cms import factories as cms
from tests.integration.cms.factories import tree  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _parts_on(settings):
    yield from cached_pages_on(settings, page_seconds=0, part_seconds=600)


@pytest.fixture
def shop(tree, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        seller = f.seller(name="Atelier Tifawin", region_obj=tree.region_a)
        carpet = f.product(seller_obj=seller, title="Tapis Tifawin")
        other = f.product(seller_obj=seller, title="Coussin Tifawin")
        craft = Category.add_root(name="Tapis")
        carpet.categories.add(craft)
    tree.home.body = [
        {
            "type": "featured_products",
            "value": {"title": "Coups de cœur", "products": [carpet.pk]},
        },
    ]
    cms.publish(tree.home)
    return {"carpet": carpet, "other": other, "craft": craft, "tree": tree}


def queries_of(get) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return len(queries), response.content.decode()


def home(shop):
    return lambda: cms.page_get(Client(), shop["tree"].home)


def product_page(shop, client=None):
    url = shop["carpet"].get_absolute_url()
    return lambda: (client or Client()).get(url)


def reprice(product, price):
    record = product.stockrecords.get()
    record.price = Decimal(price)
    record.save()


@pytest.mark.parametrize("page", [home, product_page], ids=["home", "product"])
def test_a_kept_body_saves_its_queries_and_shows_a_new_price_at_once(shop, page):
    made, first = queries_of(page(shop))
    queries_of(page(shop))  # a product page's row is kept from the second
    kept, second = queries_of(page(shop))
    assert kept < made, (kept, made)
    assert second.count("Tapis Tifawin") == first.count("Tapis Tifawin")

    reprice(shop["carpet"], "777.00")
    again, html = queries_of(page(shop))
    assert "777,00" in html
    # Its parts rendered afresh (not the crafts menu nor what else was kept).
    assert kept < again <= made, (kept, again, made)
    assert queries_of(page(shop))[0] == kept


def test_a_kept_product_body_shows_the_stock_status_and_publication_at_once(shop):
    queries_of(product_page(shop))
    assert 'class="instock availability"' in queries_of(product_page(shop))[1]
    record = shop["carpet"].stockrecords.get()
    record.num_in_stock = 0
    record.save()
    assert 'class="outofstock availability"' in queries_of(product_page(shop))[1]
    product_unpublish(product=shop["carpet"])
    assert product_page(shop)().status_code == 404


def test_the_home_body_drops_an_unpublished_product_at_once(shop):
    assert "Tapis Tifawin" in queries_of(home(shop))[1]
    product_unpublish(product=shop["carpet"])
    assert "Tapis Tifawin" not in queries_of(home(shop))[1]


def test_a_kept_product_body_carries_each_visitors_own_csrf_token(shop):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for client in (first, second):
        html = product_page(shop, client)().content.decode()
        found = set(CSRF_INPUT.findall(html))
        assert len(found) == 1, found  # one token on the page, in every form
        tokens.append(found.pop())
    assert tokens[0] != tokens[1]
    # The second visitor's form, from the kept body, is accepted.
    response = second.post(
        reverse("basket:add", kwargs={"pk": shop["carpet"].pk}),
        {"quantity": 1, "csrfmiddlewaretoken": tokens[1]},
    )
    assert response.status_code == 302


def test_signed_in_visitors_and_baskets_get_the_page_made_for_them(shop):
    client = Client()
    client.force_login(f.user(is_staff=True))
    html = product_page(shop, client)().content.decode()
    # Staff see their edit link: never a body kept for anonymous visitors.
    assert reverse("dashboard:catalogue-product", kwargs={"pk": shop["carpet"].pk}) in (
        html
    )
    shopper = Client()
    shopper.force_login(f.user())
    shopper.post(
        reverse("basket:add", kwargs={"pk": shop["other"].pk}), {"quantity": 1}
    )
    # A signed-in shopper's header shows their basket (an anonymous one's
    # shows a link whose count comes from a cookie: test_basket_holders.py).
    page = product_page(shop, shopper)().content.decode()
    assert "Coussin Tifawin" in page
    assert "Coussin Tifawin" not in queries_of(product_page(shop))[1]


def test_a_kept_count_and_search_answer_follow_a_new_product(
    shop, django_capture_on_commit_callbacks
):
    catalogue = reverse("catalogue:index")
    search = reverse("search:search") + "?q=tifawin"
    assert "2 produits" in Client().get(catalogue).content.decode()
    assert "2 produits trouvés" in Client().get(search).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        f.product(seller_obj=shop["carpet"].seller, title="Plateau Tifawin")
    assert "3 produits" in Client().get(catalogue).content.decode()
    html = Client().get(search).content.decode()
    assert "3 produits trouvés" in html and "Plateau Tifawin" in html


def test_the_wagtail_site_is_not_looked_up_on_every_rendering(shop):
    cms.page_get(Client(), shop["tree"].home)
    with CaptureQueriesContext(connection) as queries:
        assert cms.page_get(Client(), shop["tree"].home).status_code == 200
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]
    # A change to the sites moves the site-wide version: looked up again.
    site = shop["tree"].home.get_site()
    site.site_name = "Maalem"
    site.save()
    with CaptureQueriesContext(connection) as queries:
        assert cms.page_get(Client(), shop["tree"].home).status_code == 200
    assert [q for q in queries if "wagtailcore_site" in q["sql"]]


def test_an_anonymous_rendering_with_its_parts_kept_writes_nothing(shop):
    writes = ("INSERT", "UPDATE", "DELETE", "REPLACE")
    for page in (home, product_page):
        for _ in range(2):  # parts made, then kept
            with CaptureQueriesContext(connection) as queries:
                response = page(shop)()
            assert response.status_code == 200
            assert not [
                q for q in queries if q["sql"].lstrip().upper().startswith(writes)
            ]
            assert "sessionid" not in response.cookies


def test_a_kept_product_page_reads_no_query(shop):
    """Its row (with its seller and parent), body, data, photo (Open Graph)
    and crafts (breadcrumbs) kept: no query whatever the product shows, and
    each part fresh after a write."""
    f.image(product_obj=shop["carpet"])
    f.image(product_obj=shop["carpet"], display_order=1)
    queries_of(product_page(shop))
    # The row is kept from the second rendering: the first learns its seller.
    assert queries_of(product_page(shop))[0] == 1
    with CaptureQueriesContext(connection) as queries:
        html = product_page(shop)().content.decode()
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert 'property="og:image"' in html
    assert 'class="breadcrumb-item"><a href="/fr/catalogue/category/' in html
    # A craft renamed, a photo removed: seen on the next page.
    craft = shop["craft"]
    craft.name = "Tapis berbères"
    craft.save()
    shop["carpet"].images.all().delete()
    html = queries_of(product_page(shop))[1]
    assert "Tapis berbères" in html
    assert 'property="og:image"' not in html
    assert queries_of(product_page(shop))[0] == 0
    # Made at each rendering (fragments off): the row is read every time.
    with override_settings(CATALOGUE_FRAGMENT_CACHE_SECONDS=0):
        assert queries_of(product_page(shop))[0] > 0


def test_a_kept_product_row_shows_its_product_seller_and_parent_at_once(
    shop, django_capture_on_commit_callbacks
):
    """The row kept between renderings goes stale with what it joins: the
    product (a new title, unpublished), its seller (renamed, suspended) and,
    for a variant, its parent (whose title it shows)."""
    carpet = shop["carpet"]
    seller = carpet.seller
    parent = f.product(seller_obj=seller, title="Tapis Tifawin", variants=1)
    variant = parent.children.get()
    variant.title = ""
    variant.save()

    def html(product):
        response = Client().get(product.get_absolute_url())
        return response.status_code, response.content.decode()

    for url in (carpet.get_absolute_url(), variant.get_absolute_url()):
        Client().get(url), Client().get(url)  # the row kept
        assert queries_of(lambda url=url: Client().get(url))[0] == 0
    with django_capture_on_commit_callbacks(execute=True):
        carpet.title = "Tapis Tifawin rouge"
        carpet.save()
    assert "Tapis Tifawin rouge" in html(carpet)[1]
    with django_capture_on_commit_callbacks(execute=True):
        seller.name = "Atelier Tifawin & filles"
        seller.save()
    assert "Atelier Tifawin &amp; filles" in html(carpet)[1]
    assert "Atelier Tifawin &amp; filles" in html(variant)[1]
    with django_capture_on_commit_callbacks(execute=True):
        parent.title = "Tapis Tifawin brodé"
        parent.save()
    assert "Tapis Tifawin brodé" in html(variant)[1]
    with django_capture_on_commit_callbacks(execute=True):
        seller.status = seller.Status.SUSPENDED
        seller.save()
    assert html(carpet)[0] == 404
    assert html(variant)[0] == 404


def test_a_basket_holder_gets_the_kept_product_body_with_their_own_header(shop):
    """Issue 14: an anonymous visitor with a basket reads the product body
    kept for every anonymous visitor (it never shows a basket), and the
    header every anonymous visitor gets (their count comes from a cookie:
    test_basket_holders.py), with the form's own CSRF token."""
    carpet, other = shop["carpet"], shop["other"]
    url = carpet.get_absolute_url()
    made, _ = queries_of(product_page(shop))  # kept for everyone
    kept, _ = queries_of(product_page(shop))
    shoppers = []
    for _n in range(2):
        shopper = Client(enforce_csrf_checks=False)
        shopper.post(reverse("basket:add", kwargs={"pk": other.pk}), {"quantity": 1})
        shoppers.append(shopper)
    shoppers[1].post(reverse("basket:add", kwargs={"pk": other.pk}), {"quantity": 1})
    pages = []
    for shopper in shoppers:
        shopper.get(url)  # the basket's own reads warm, as on any page
        count, html = queries_of(lambda shopper=shopper: shopper.get(url))
        pages.append(html)
        # The body's reads (photos, stock, materials, attributes, reviews,
        # recommendations) are not made again for this visitor.
        assert "reviews_productreview" not in "".join(_sql(shopper, url))
        assert count < made, (count, made)
    # No header shows a basket: a link, the count filled in by the script.
    for html in pages:
        assert "Coussin Tifawin" not in html
        assert "data-basket-count hidden" in html
    assert shoppers[0].cookies["basket_count"].value == "1"
    assert shoppers[1].cookies["basket_count"].value == "2"
    tokens = [set(CSRF_INPUT.findall(html)) for html in pages]
    assert len(tokens[0]) == len(tokens[1]) == 1 and tokens[0] != tokens[1]
    assert 'id="add_to_basket_form"' in pages[0]


def _sql(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [q["sql"] for q in queries]


def test_a_refused_add_to_basket_shows_its_errors_not_the_kept_body(shop):
    carpet = shop["carpet"]
    url = carpet.get_absolute_url()
    queries_of(product_page(shop))  # the body kept for everyone
    shopper = Client()
    shopper.post(
        reverse("basket:add", kwargs={"pk": shop["other"].pk}), {"quantity": 1}
    )
    response = shopper.post(
        reverse("basket:add", kwargs={"pk": carpet.pk}), {"quantity": "-3"}
    )
    assert response.status_code == 302
    html = shopper.get(url).content.decode()
    # Oscar's form shown again with what was typed and its error.
    assert 'value="-3"' in html
    # Shown once: the next view is the shared body again.
    assert 'value="-3"' not in shopper.get(url).content.decode()
