"""Reading a field in every language, before and after modeltranslation's
`<field>_fr` columns exist."""

from types import SimpleNamespace

from marketplace.search.documents import _names
from marketplace.search.translated import field_in_languages, field_texts, localized


def test_the_plain_field_is_french_until_a_fr_column_exists():
    before = SimpleNamespace(title="Tapis", title_ar="زربية", title_en="")
    assert field_in_languages(before, "title") == {"fr": "Tapis", "ar": "زربية"}
    after = SimpleNamespace(
        title="Rug", title_fr="Tapis", title_ar="زربية", title_en="Rug"
    )
    assert field_in_languages(after, "title") == {
        "fr": "Tapis",
        "ar": "زربية",
        "en": "Rug",
    }


def test_category_names_in_three_languages_are_all_indexed():
    craft = SimpleNamespace(
        name="Poterie", name_fr="Poterie", name_ar="فخار", name_en="Pottery"
    )
    assert _names(craft) == "Poterie فخار Pottery"
    assert field_texts(SimpleNamespace(name="Laine"), "name") == ["Laine"]


def test_localized_falls_back_to_the_source_language_then_any():
    product = SimpleNamespace(
        title_fr="", title_ar="زربية", title_en="", source_language="ar"
    )
    assert localized(product, "title", language="en") == "زربية"
    product = SimpleNamespace(title_fr="Tapis", title_ar="", title_en="Rug")
    assert localized(product, "title", language="en-gb") == "Rug"
    assert localized(product, "title", language="ar") == "Tapis"
