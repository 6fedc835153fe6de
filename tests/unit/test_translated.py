"""Which language a translated field shows, and how a page says so."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from marketplace.translated import Translated, lang_attributes, pick

FIELDS = ("title", "description", "technique", "care_instructions")


def _item(field: str, source: str = "fr", **texts):
    values = {f"{field}_{code}": texts.get(code) for code in ("fr", "ar", "en")}
    return SimpleNamespace(source_language=source, **values)


@pytest.mark.parametrize("field", FIELDS)
def test_the_visitors_language_first(field):
    item = _item(field, fr="Tapis", ar="زربية", en="Rug")
    assert pick(item, field, language="ar") == Translated("زربية", "ar")
    assert pick(item, field, language="en") == Translated("Rug", "en")
    assert pick(item, field, language="fr") == Translated("Tapis", "fr")


@pytest.mark.parametrize("field", FIELDS)
def test_else_the_source_language_before_any_other(field):
    # Written in Arabic first, then English: a French visitor reads the Arabic.
    item = _item(field, source="ar", ar="زربية", en="Rug")
    assert pick(item, field, language="fr") == Translated("زربية", "ar", foreign=True)
    item = _item(field, source="en", fr="Tapis", en="Rug")
    assert pick(item, field, language="ar") == Translated("Rug", "en", foreign=True)


@pytest.mark.parametrize("field", FIELDS)
def test_else_any_filled_and_nothing_is_empty(field):
    # The source language left empty (a file cleared it): the first filled.
    item = _item(field, source="ar", en="Rug")
    assert pick(item, field, language="fr") == Translated("Rug", "en", foreign=True)
    assert pick(_item(field), field, language="ar") == Translated("", "ar")


def test_the_active_language_by_default():
    item = _item("title", fr="Tapis", ar="زربية")
    with translation.override("ar"):
        assert pick(item, "title").text == "زربية"
    with translation.override("en"):
        assert pick(item, "title") == Translated("Tapis", "fr", foreign=True)


def test_a_text_in_another_language_is_marked_with_its_lang_and_dir():
    assert lang_attributes(Translated("Tapis", "fr", foreign=True)) == (
        ' lang="fr" dir="ltr"'
    )
    assert lang_attributes(Translated("زربية", "ar", foreign=True)) == (
        ' lang="ar" dir="rtl"'
    )
    assert lang_attributes(Translated("Rug", "en")) == ""
    assert lang_attributes("Rug") == ""


def test_the_tags_escape_the_text():
    item = _item("title", source="fr", fr="<b>Tapis</b> & co")
    template = Template(
        '{% load translated %}{% translated item "title" as t %}'
        "<h1{{ t|lang_attrs }}>{{ t }}</h1>|{% translated_text item 'title' %}"
    )
    with translation.override("ar"):
        html = template.render(Context({"item": item}))
    assert html == (
        '<h1 lang="fr" dir="ltr">&lt;b&gt;Tapis&lt;/b&gt; &amp; co</h1>|'
        '<span lang="fr" dir="ltr">&lt;b&gt;Tapis&lt;/b&gt; &amp; co</span>'
    )
    with translation.override("fr"):
        html = template.render(Context({"item": item}))
    assert html == (
        "<h1>&lt;b&gt;Tapis&lt;/b&gt; &amp; co</h1>|&lt;b&gt;Tapis&lt;/b&gt; &amp; co"
    )
