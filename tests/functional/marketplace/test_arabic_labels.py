"""Labels a screen reader speaks on the shopper's pages are in the page's
language: the menu button and the breadcrumbs of the project's own pages
(Oscar's were English: "Toggle navigation", "breadcrumb")."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from tests.factories import UserFactory
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


def test_attribute_options_in_french_only_are_marked_on_an_arabic_product_page():
    AttributeOptionGroup = get_model("catalogue", "AttributeOptionGroup")
    ProductAttribute = get_model("catalogue", "ProductAttribute")
    tajine = make_product(make_seller("Poterie Fassi"), price="100.00")
    product_class = tajine.get_product_class()
    glazes = AttributeOptionGroup.objects.create(name="Émaux")
    green = glazes.options.create(option="Vert de Fès", option_ar="أخضر فاسي")
    ochre = glazes.options.create(option="Ocre")  # French only
    honey = glazes.options.create(option="Miel")  # French only
    ProductAttribute.objects.create(
        product_class=product_class,
        code="glaze",
        name="Émail",
        name_ar="المينا",
        type="option",
        option_group=glazes,
    )
    ProductAttribute.objects.create(
        product_class=product_class,
        code="glazes",
        name="Émaux",
        name_ar="الألوان",
        type="multi_option",
        option_group=glazes,
    )
    tajine.attr.glaze = ochre
    tajine.attr.glazes = [green, honey]
    tajine.attr.save()

    html = Client().get(f"/ar/catalogue/{tajine.slug}_{tajine.pk}/").content.decode()
    cells = {
        row.th.get_text(strip=True): row.td
        for row in BeautifulSoup(html, "html.parser").select("tr")
        if row.th and row.td
    }
    assert str(cells["المينا"]) == '<td><span dir="ltr" lang="fr">Ocre</span></td>'
    # Oscar's multi-option values come in the database's order.
    parts = {str(part).strip(", ") for part in cells["الألوان"].contents}
    assert parts == {"أخضر فاسي", '<span dir="ltr" lang="fr">Miel</span>'}
    # French text only inside an element saying so.
    assert "Ocre" not in html.replace('<span lang="fr" dir="ltr">Ocre</span>', "")

    french = Client().get(f"/fr/catalogue/{tajine.slug}_{tajine.pk}/").content.decode()
    assert "<td>Ocre</td>" in french
    assert (
        "<td>Vert de Fès, Miel</td>" in french or "<td>Miel, Vert de Fès</td>" in french
    )


def test_basket_messages_mark_a_french_only_title_on_an_arabic_page():
    tajine = make_product(make_seller("Poterie Fassi"), price="100.00")
    marked = f'<strong><span lang="fr" dir="ltr">{tajine.title}</span></strong>'
    shopper = UserFactory()
    client = Client()
    client.force_login(shopper)

    response = client.post(f"/ar/basket/add/{tajine.pk}/", {"quantity": 1}, follow=True)
    added = [str(m) for m in response.context["messages"]]
    assert any(marked in message for message in added), added

    french = Client().post(f"/fr/basket/add/{tajine.pk}/", {"quantity": 1}, follow=True)
    texts = " ".join(str(m) for m in french.context["messages"])
    assert f"<strong>{tajine.title}</strong>" in texts
    assert "<span lang" not in texts
