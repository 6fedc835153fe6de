"""Labels a screen reader speaks on the shopper's pages are in the page's
language: the menu button and the breadcrumbs of the project's own pages
(Oscar's were English: "Toggle navigation", "breadcrumb")."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.integration.checkout.shop import make_product, make_seller

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_the_menu_button_and_breadcrumbs_are_labelled_in_the_page_language(code):
    tajine = make_product(make_seller("Poterie Fassi"), price="100.00")
    with translation.override(code):
        menu = gettext("Menu")
        breadcrumb = gettext("Breadcrumb")

    for url in (f"/{code}/catalogue/", f"/{code}/catalogue/{tajine.slug}_{tajine.pk}/"):
        response = Client().get(url)
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        toggler = soup.select_one(
            "nav .navbar-toggler[data-target='#navbarSupportedContent']"
        )
        # Named by its words, in the page's language (test_phone_header.py).
        assert toggler.get_text(strip=True) == menu
        crumbs = [nav["aria-label"] for nav in soup.select("nav[aria-label]")]
        assert breadcrumb in crumbs
        assert "Toggle navigation" not in toggler.get("aria-label", "")
        assert "breadcrumb" not in crumbs


def test_the_product_type_in_french_only_is_marked_on_an_arabic_product_page():
    tajine = make_product(make_seller("Poterie Fassi"), price="100.00")
    product_class = tajine.get_product_class()
    assert (product_class.name_fr, product_class.name_ar) == ("Poterie", None)

    html = Client().get(f"/ar/catalogue/{tajine.slug}_{tajine.pk}/").content.decode()

    assert '<td><span lang="fr" dir="ltr">Poterie</span></td>' in html
    assert "<td>Poterie</td>" not in html
    assert 'class="price_color"' in html  # Oscar's price, through the wrapper

    product_class.name_ar = "فخار"
    product_class.save()
    html = Client().get(f"/ar/catalogue/{tajine.slug}_{tajine.pk}/").content.decode()
    assert "<td>فخار</td>" in html
