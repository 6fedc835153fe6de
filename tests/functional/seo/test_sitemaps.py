"""robots.txt and the sitemaps: every public page in its three languages,
nothing that is not public, at most 50,000 URLs a file, built by one query
per file and kept in the cache until what they list changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from artisans.models import Seller
from catalogue.services import product_unpublish
from marketplace.seo import sitemaps
from tests.factories import product_of, verified_seller
from tests.integration.cms.factories import HOST, fair, publish

from .pages import sitemap_files, urlset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _locations(client, section, **query):
    response = client.get(f"/sitemap-{section}.xml", query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return urlset(response)


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for private in ("/*/basket/", "/*/checkout/", "/*/accounts/", "/*/seller/"):
        assert f"Disallow: {private}" in lines
    assert "Disallow: /" not in lines  # the shop itself stays open


def test_the_index_lists_one_file_per_section(client):
    product_of(verified_seller())
    files = sitemap_files(client.get("/sitemap.xml"))
    assert files == [
        "http://testserver/sitemap-products.xml",
        "http://testserver/sitemap-crafts.xml",
        "http://testserver/sitemap-shops.xml",
        "http://testserver/sitemap-pages.xml",
    ]


def test_a_product_is_listed_in_each_language_with_its_alternates(client):
    product = product_of(verified_seller())
    urls = _locations(client, "products")
    paths = {
        code: f"http://testserver/{code}/catalogue/{product.slug}_{product.pk}/"
        for code in ("fr", "ar", "en")
    }
    assert [url["loc"] for url in urls] == list(paths.values())
    expected = dict(paths, **{"x-default": paths["fr"].replace("/fr/", "/", 1)})
    for url in urls:
        assert url["alternates"] == expected
    # Each listed URL is a page that answers.
    for path in paths.values():
        assert client.get(path.removeprefix("http://testserver")).status_code == 200


def test_what_shoppers_cannot_see_is_not_listed_and_answers_404(client):
    shown = product_of(verified_seller(), title="Tapis montré")
    hidden = product_of(verified_seller(), title="Tapis retiré")
    product_unpublish(product=hidden)
    suspended = verified_seller()
    of_suspended = product_of(suspended, title="Tapis d'un atelier suspendu")
    Seller.objects.filter(pk=suspended.pk).update(status=Seller.Status.SUSPENDED)
    cache.clear()

    listed = {url["loc"] for url in _locations(client, "products")}
    assert any(f"_{shown.pk}/" in loc for loc in listed)
    assert not any(f"_{hidden.pk}/" in loc for loc in listed)
    assert not any(f"_{of_suspended.pk}/" in loc for loc in listed)
    shops = {url["loc"] for url in _locations(client, "shops")}
    assert not any(suspended.slug in loc for loc in shops)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(of_suspended.get_absolute_url()).status_code == 404
    storefront = reverse("artisans:storefront", kwargs={"slug": suspended.slug})
    assert client.get(storefront).status_code == 404


def test_a_file_holds_at_most_the_limit_and_the_rest_goes_to_the_next(
    client, monkeypatch
):
    monkeypatch.setattr(sitemaps.ProductSitemap, "limit", 6)  # 2 products × 3
    seller = verified_seller()
    products = [product_of(seller, title=f"Tapis {n}") for n in range(5)]
    files = sitemap_files(client.get("/sitemap.xml"))
    product_files = [name for name in files if "sitemap-products" in name]
    assert product_files == [
        "http://testserver/sitemap-products.xml",
        "http://testserver/sitemap-products.xml?p=2",
        "http://testserver/sitemap-products.xml?p=3",
    ]
    counts = [len(_locations(client, "products", p=page)) for page in (1, 2, 3)]
    assert counts == [6, 6, 3]
    listed = {
        url["loc"]
        for page in (1, 2, 3)
        for url in _locations(client, "products", p=page)
    }
    assert len(listed) == 3 * len(products)
    assert client.get("/sitemap-products.xml", {"p": 4}).status_code == 404
    assert client.get("/sitemap-products.xml", {"p": "x"}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_urls_per_file_respect_the_protocol():
    assert sitemaps.URLS_PER_FILE == 50_000
    for sitemap in sitemaps.sitemap_sections(None).values():
        assert sitemap.limit <= 50_000


def _queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_a_file_costs_the_same_queries_whatever_its_size_then_none(client):
    seller = verified_seller()
    product_of(seller, title="Tapis 1")
    few = _queries_for(client, "/sitemap-products.xml")
    cache.clear()
    for n in range(12):
        product_of(seller, title=f"Tapis suivant {n}")
    cache.clear()
    many = _queries_for(client, "/sitemap-products.xml")
    assert many == few <= 2  # count the rows, read the slice
    assert _queries_for(client, "/sitemap-products.xml") == 0  # from the cache
    assert _queries_for(client, "/sitemap-shops.xml") <= 2
    assert _queries_for(client, "/sitemap-crafts.xml") <= 2


def test_a_change_shows_in_the_sitemap_at_once(client):
    seller = verified_seller()
    first = product_of(seller, title="Tapis premier")
    assert len(_locations(client, "products")) == 3
    second = product_of(seller, title="Tapis second")
    assert len(_locations(client, "products")) == 6
    product_unpublish(product=first)
    listed = _locations(client, "products")
    assert len(listed) == 3 and all(f"_{second.pk}/" in u["loc"] for u in listed)


def test_fair_pages_are_listed_with_their_translations(client, tree):
    salon = fair(parent=tree.fairs, title="Salon du tapis")
    arabic_index = tree.fairs
    # The Arabic version: the tree copied to the Arabic locale, then the fair.
    for page in (tree.home, arabic_index):
        copy = page.copy_for_translation(tree.locales["ar"], copy_parents=True)
        publish(copy)
    arabic = salon.copy_for_translation(tree.locales["ar"])
    arabic.title = "معرض الزربية"
    publish(arabic)
    response = client.get("/sitemap-pages.xml", HTTP_HOST=HOST)
    urls = {url["loc"]: url["alternates"] for url in urlset(response)}
    french = f"http://{HOST}{salon.get_url_parts()[2]}"
    arabic_url = f"http://{HOST}{arabic.get_url_parts()[2]}"
    assert french in urls and arabic_url in urls
    assert urls[french] == {
        "fr": french,
        "ar": arabic_url,
        "x-default": french.replace("/fr/", "/", 1),
    }
    assert urls[arabic_url] == urls[french]
