"""Products and the catalogue's vocabulary in three languages, on the pages.

An Arabic page shows Arabic where it is written; what it shows in another
language (a product its seller wrote in French only) sits in an element with
that language's `lang`, so readers and screen readers know.
"""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from artisans.models import Craft, RegistryEntry
from tests.integration.catalogue import factories as f

Material = get_model("catalogue", "Material")
ProductCategory = get_model("catalogue", "ProductCategory")

pytestmark = pytest.mark.django_db


def _lang_of(node) -> str:
    """The language a text node is in: its nearest `lang` ancestor's (the
    page's own is on `<html>`)."""
    for parent in node.parents:
        if parent.has_attr("lang"):
            return parent["lang"]
    return ""


def _where(html: str, text: str) -> list[tuple[str, str]]:
    """Each body text holding `text`, with its language."""
    body = BeautifulSoup(html, "html.parser").body
    return [
        (_lang_of(node), node.strip())
        for node in body.find_all(string=True)
        if text in node and node.parent.name not in ("script", "style")
    ]


@pytest.fixture
def goods():
    """A craft, a material, a region in three languages; two products: one
    written in the three languages, one its seller wrote in French only."""
    region = f.region()
    region.name_ar, region.name_en = "مراكش آسفي", "Marrakesh-Safi"
    region.save()
    seller = f.seller(region_obj=region)
    seller.trade = "Tissage"  # the seller's own words, shown without a craft
    seller.registry_entry = RegistryEntry.objects.create(
        registry_id="RNA-07-7654321",
        kind="artisan",
        name_latin="Itto",
        craft_code="TAP01",
        region_code="07",
        status="active",
    )
    seller.save()
    Craft.objects.create(
        code="TAP01", label_fr="Tapis", label_ar="صناعة الزرابي", label_en="Rug weaving"
    )
    craft = create_from_breadcrumbs("Tapis berbères")
    craft.name_ar, craft.name_en = "زرابي أمازيغية", "Berber rugs"
    craft.description_fr = "<p>Noués à la main dans le Haut Atlas.</p>"
    craft.save()
    wool = Material.objects.create(
        name_fr="Laine de mouton", name_ar="صوف الغنم", name_en="Sheep wool", slug="l"
    )
    both = f.product(
        seller_obj=seller,
        title_fr="Tapis Beni Ouarain",
        title_ar="زربية بني وراين",
        title_en="Beni Ouarain rug",
        description_fr="Laine écrue, motifs en losange.",
        description_ar="صوف طبيعي بزخارف معينية.",
        description_en="Undyed wool, diamond patterns.",
        technique_fr="Noué main",
        technique_ar="عقد يدوي",
        care_instructions_fr="Aspirer doucement.",
        care_instructions_ar="يُنظف بالمكنسة برفق.",
        region=region,
    )
    french = f.product(
        seller_obj=seller,
        title_fr="Coussin en kilim",
        description_fr="Tissé à plat, couleurs vives.",
        region=region,
    )
    for item in (both, french):
        ProductCategory.objects.create(product=item, category=craft)
        item.materials.add(wool)
    return {"craft": craft, "both": both, "french": french, "region": region}


def test_an_arabic_product_page_shows_the_arabic_texts(client, goods):
    both = goods["both"]
    with translation.override("ar"):
        html = client.get(both.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text(strip=True) == both.title_ar and not soup.h1.has_attr(
        "lang"
    )
    for text in ("صوف طبيعي بزخارف معينية.", "عقد يدوي", "صوف الغنم", "مراكش آسفي"):
        places = _where(html, text)
        assert places and all(lang == "ar" for lang, _t in places), text
    # No French text of the product or its vocabulary outside a lang="fr".
    for text in (
        "Tapis Beni Ouarain",
        "Laine écrue",
        "Noué main",
        "Aspirer",
        "Laine de mouton",
        "Tapis berbères",
        "Marrakech-Safi",
    ):
        assert all(lang == "fr" for lang, _t in _where(html, text)), text


def test_a_product_in_french_only_is_marked_french_on_an_arabic_page(client, goods):
    french = goods["french"]
    with translation.override("ar"):
        html = client.get(french.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text(strip=True) == "Coussin en kilim"
    assert (soup.h1["lang"], soup.h1["dir"]) == ("fr", "ltr")
    description = soup.select_one(".product-description")
    assert (description["lang"], description["dir"]) == ("fr", "ltr")
    for text in ("Coussin en kilim", "Tissé à plat"):
        places = _where(html, text)
        assert places and all(lang == "fr" for lang, _t in places), text
    # Its craft and material are Arabic all the same.
    assert _where(html, "زرابي أمازيغية") and _where(html, "صوف الغنم")


def test_an_english_page_falls_back_to_the_source_language(client, goods):
    both = goods["both"]
    both.source_language = "ar"
    both.care_instructions_fr = ""
    both.save()
    with translation.override("en"):
        html = client.get(both.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text(strip=True) == "Beni Ouarain rug"
    # No English technique: the seller's Arabic, marked right to left.
    places = _where(html, "عقد يدوي")
    assert places and all(lang == "ar" for lang, _t in places)
    assert soup.find(lang="ar", dir="rtl") is not None


def test_an_arabic_category_page_carries_no_unmarked_french(client, goods):
    craft = goods["craft"]
    with translation.override("ar"):
        html = client.get(craft.get_absolute_url()).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text(strip=True) == "زرابي أمازيغية"
    # The craft's description exists in French only: marked.
    description = soup.select_one(".category-description")
    assert description["lang"] == "fr"
    cards = [h.get_text(strip=True) for h in soup.select(".product-card h3")]
    assert sorted(cards) == sorted([goods["both"].title_ar, "Coussin en kilim"])
    for text in (
        "Tapis Beni Ouarain",
        "Coussin en kilim",
        "Tapis berbères",
        "Laine de mouton",
        "Marrakech-Safi",
        "Noués à la main",
    ):
        assert all(lang == "fr" for lang, _t in _where(html, text)), text


def test_the_filters_name_the_vocabulary_in_the_pages_language(client, goods):
    other = create_from_breadcrumbs("Poterie")  # no Arabic name yet
    f.product(seller_obj=f.seller(), title_fr="Tajine")
    ProductCategory.objects.create(
        product=f.product(seller_obj=f.seller()), category=other
    )
    with translation.override("ar"):
        html = client.get(goods["craft"].get_absolute_url()).content.decode()
        index = client.get("/ar/catalogue/").content.decode()
    soup = BeautifulSoup(index, "html.parser")
    options = {o.get_text(strip=True): o.get("lang") for o in soup.select("option")}
    assert options["زرابي أمازيغية"] is None and options["Poterie"] == "fr"
    assert options["مراكش آسفي"] is None and options["صوف الغنم"] is None
    assert all(lang == "fr" for lang, _t in _where(html, "Poterie"))


def test_the_verified_badge_names_the_craft_in_the_pages_language(client, goods):
    both = goods["both"]
    with translation.override("ar"):
        html = client.get(both.get_absolute_url()).content.decode()
    badge = BeautifulSoup(html, "html.parser").select_one(".verified-badge")
    assert "صناعة الزرابي" in badge.get_text() and "مراكش آسفي" in badge.get_text()
    assert badge.select_one(".trade").get("lang") is None
    # A craft staff have not named: the seller's own words; a region without
    # its English name: the French one, marked.
    Craft.objects.all().delete()
    goods["region"].name_en = None
    goods["region"].save()
    with translation.override("en"):
        html = client.get(both.get_absolute_url()).content.decode()
    badge = BeautifulSoup(html, "html.parser").select_one(".verified-badge")
    assert badge.select_one(".trade").get_text() == "Tissage"
    assert badge.find(lang="fr").get_text() == "Marrakech-Safi"
