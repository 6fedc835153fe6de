"""Search in French, Arabic and English, whatever the page's language, on
both backends: every language's title and description is indexed, folded like
the French (letter variants, diacritics, accents, typos)."""

import pytest
from django.utils import translation

from marketplace.search.api import product_search, product_suggest

from . import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def teapot(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return factories.product(
            seller_obj=catalogue["sellers"]["potter"],
            title="Théière ciselée de Fès",
            category="Dinanderie",
            price="600",
            title_ar="إبريق شاي منقوش من فاس",
            title_en="Engraved Fez teapot",
            description_ar="<p>نحاس مطروق بالإزميل، صنع يدوي.</p>",
            description_en="<p>Hand-chased brass, polished by the maker.</p>",
        )


def titles(result):
    return {p.title for p in result.products}


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_each_languages_title_finds_the_product_in_every_language(teapot, language):
    with translation.override(language):
        for query in ("ciselée", "إبريق منقوش", "engraved teapot"):
            assert titles(product_search(query=query)) == {teapot.title}, query


def test_the_other_languages_descriptions_are_indexed(teapot):
    assert titles(product_search(query="مطروق")) == {teapot.title}
    assert titles(product_search(query="polished chased")) == {teapot.title}


def test_arabic_folding_applies_to_arabic_titles(teapot):
    # Diacritics, hamza forms and the definite article.
    assert titles(product_search(query="اِبْرِيق")) == {teapot.title}
    assert titles(product_search(query="الإبريق")) == {teapot.title}


def test_typos_and_accents_in_english_and_arabic_titles(teapot):
    assert titles(product_search(query="engravd")) == {teapot.title}
    assert titles(product_search(query="ENGRAVÉD")) == {teapot.title}
    assert titles(product_search(query="منقوس")) == {teapot.title}


def test_a_query_in_one_language_does_not_match_another_product(teapot):
    assert product_search(query="engraved carpet").total == 0


def test_suggestions_match_any_language_and_show_the_visitors(teapot):
    with translation.override("fr"):
        (found,) = product_suggest(prefix="engr")
    assert found["title"] == "Théière ciselée de Fès"
    with translation.override("ar"):
        (found,) = product_suggest(prefix="théi")
    assert found["title"] == "إبريق شاي منقوش من فاس"
    with translation.override("en"):
        (found,) = product_suggest(prefix="إبري")
    assert found["title"] == "Engraved Fez teapot"


def test_a_product_without_the_visitors_language_shows_its_own(catalogue):
    with translation.override("en"):
        (found,) = product_suggest(prefix="coll")
    assert found["title"] == "Collier berbère en argent"


def test_region_facet_and_region_names_in_arabic(teapot):
    with translation.override("ar"):
        result = product_search(query="مكناس")
    assert teapot.title in titles(result)
    labels = {v.key: v.label for v in result.facet("region").values}
    assert labels["fes-meknes"] == "فاس مكناس"
