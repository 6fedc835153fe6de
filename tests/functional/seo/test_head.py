"""Every public page names its canonical URL and its three language versions,
and carries the tags a shared link shows (Open Graph, Twitter/X)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import product_of, verified_seller
from tests.integration.cms.factories import HOST, fair, page_get, publish

from .pages import alternates, canonical, head_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _three(path_fr: str, host="testserver") -> dict[str, str]:
    return {
        "fr": f"http://{host}{path_fr}",
        "ar": f"http://{host}{path_fr.replace('/fr/', '/ar/', 1)}",
        "en": f"http://{host}{path_fr.replace('/fr/', '/en/', 1)}",
        "x-default": f"http://{host}{path_fr.replace('/fr/', '/', 1)}",
    }


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_product_page_links_its_canonical_and_language_versions(client, language):
    product = product_of(verified_seller())
    with_fr = f"/fr/catalogue/{product.slug}_{product.pk}/"
    path = with_fr.replace("/fr/", f"/{language}/", 1)
    head = head_of(client.get(path, {"utm_source": "x"}))
    assert canonical(head) == f"http://testserver{path}"
    assert alternates(head) == _three(with_fr)


def test_product_page_has_its_social_card(client):
    product = product_of(verified_seller(), title="Tapis Boucherouite")
    head = head_of(client.get(f"/en/catalogue/{product.slug}_{product.pk}/"))
    assert head.metas["og:type"] == "product"
    assert head.metas["og:title"] == "Tapis Boucherouite"
    assert head.metas["og:locale"] == "en_GB"
    assert head.metas["og:url"] == (
        f"http://testserver/en/catalogue/{product.slug}_{product.pk}/"
    )
    assert head.metas["og:site_name"] == "Maalem"
    assert head.metas["twitter:card"] in {"summary", "summary_large_image"}


def test_a_list_keeps_its_page_number_but_not_its_filters_in_the_canonical(client):
    head = head_of(client.get("/fr/catalogue/", {"page": "1", "sort": "price-asc"}))
    assert canonical(head) == "http://testserver/fr/catalogue/"
    seller = verified_seller()
    for n in range(30):
        product_of(seller, title=f"Tapis {n}")
    cache.clear()
    head = head_of(client.get("/fr/catalogue/", {"page": "2", "sort": "price-asc"}))
    assert canonical(head) == "http://testserver/fr/catalogue/?page=2"
    assert alternates(head)["ar"] == "http://testserver/ar/catalogue/"


def test_storefront_and_home_pages_have_their_links_too(client):
    seller = verified_seller()
    path = reverse("artisans:storefront", kwargs={"slug": seller.slug})
    head = head_of(client.get(path))
    assert canonical(head) == f"http://testserver{path}"
    assert set(alternates(head)) == {"fr", "ar", "en", "x-default"}
    assert head.metas["og:title"] == seller.name


def test_a_cms_page_links_its_translations(client, tree):
    salon = fair(parent=tree.fairs, title="Salon du tapis", search_description="")
    for page in (tree.home, tree.fairs):
        publish(page.copy_for_translation(tree.locales["en"], copy_parents=True))
    english = salon.copy_for_translation(tree.locales["en"])
    english.title = "Carpet fair"
    publish(english)
    head = head_of(page_get(client, salon))
    french = f"http://{HOST}{salon.get_url_parts()[2]}"
    english_url = f"http://{HOST}{english.get_url_parts()[2]}"
    assert canonical(head) == french
    assert alternates(head) == {
        "fr": french,
        "en": english_url,
        "x-default": french.replace("/fr/", "/", 1),
    }
    assert head.metas["og:title"] == "Salon du tapis"
