"""Every public page answers in each language on the demo marketplace."""

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

LANGUAGES = ["fr", "ar", "en"]
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo"),
    pytest.mark.embedded,
]


def _public_urls(language):
    with translation.override(language):
        product = Product.objects.browsable().order_by("pk").first()
        category = Category.objects.filter(depth=1).order_by("path").first()
        return {
            "home": reverse("home"),
            "catalogue": reverse("catalogue:index"),
            "category": category.get_absolute_url(),
            "product": product.get_absolute_url(),
            "search": reverse("search:search") + "?q=tapis",
            "basket": reverse("basket:summary"),
            "login": reverse("customer:login"),
            "fairs": f"/{language}/salons/",
            "fair page": f"/{language}/salons/salon-artisanat-marrakech/",
            "sellers": reverse("artisans:seller-list"),
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_answers_200_in_each_language(client, language):
    for name, url in _public_urls(language).items():
        assert url.startswith(f"/{language}/"), (name, url)
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, (name, url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_arabic_pages_are_right_to_left_and_others_left_to_right(client, language):
    direction = "rtl" if language == "ar" else "ltr"
    for name, url in _public_urls(language).items():
        html = client.get(url).content.decode()
        assert f'dir="{direction}"' in html, (name, url)


@pytest.mark.parametrize(
    "language, currency_mark", [("fr", "MAD"), ("en", "MAD"), ("ar", "د.م.")]
)
def test_prices_show_in_moroccan_dirhams_formatted_per_language(
    client, language, currency_mark
):
    product = Product.objects.browsable().filter(structure="standalone").first()
    with translation.override(language):
        url = product.get_absolute_url()
    html = client.get(url).content.decode()
    assert currency_mark in html
    assert "£" not in html and "GBP" not in html


def test_every_page_offers_the_language_switcher(client):
    for url in _public_urls("fr").values():
        html = client.get(url).content.decode()
        assert 'action="/i18n/setlang/"' in html, url
        assert 'value="ar"' in html and 'value="en"' in html


def test_switching_language_keeps_the_page(client):
    response = client.post(
        "/i18n/setlang/", {"language": "ar", "next": "/fr/catalogue/"}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == "/ar/catalogue/"


def test_root_redirects_to_the_french_home_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_home_page_shows_the_promotions_and_the_fair(client):
    html = client.get("/fr/").content.decode()
    assert "En ce moment" in html
    assert "Salon régional de l&#x27;artisanat de Marrakech" in html


def test_arabic_home_page_is_the_arabic_translation(client):
    html = client.get("/ar/").content.decode()
    assert "الصناعة التقليدية المغربية مباشرة من الصناع" in html


def test_fair_page_shows_exhibitors_and_shop_this_fair(client):
    html = client.get("/fr/salons/salon-artisanat-marrakech/").content.decode()
    assert 'id="shop-this-fair"' in html
    assert "Marrakech" in html
