"""marketplace.translated.marked_as: a foreign text marks itself in HTML only."""

from django.template import Context, Template
from django.utils.html import conditional_escape

from marketplace.translated import Marked, Translated, marked_as


def test_a_foreign_text_is_drawn_in_a_span_with_its_language_and_escaped():
    title = marked_as(
        "Tajine <b>vernissé</b>", Translated("Tajine", "fr", foreign=True)
    )

    assert isinstance(title, Marked)
    html = Template("<a>{{ title }}</a>").render(Context({"title": title}))
    assert html == (
        '<a><span lang="fr" dir="ltr">Tajine &lt;b&gt;vernissé&lt;/b&gt;</span></a>'
    )
    assert conditional_escape(
        marked_as("فانوس", Translated("x", "ar", foreign=True))
    ) == ('<span lang="ar" dir="rtl">فانوس</span>')


def test_anywhere_else_it_is_the_plain_text():
    title = marked_as("Tajine", Translated("Tajine", "fr", foreign=True))

    assert str(title) == "Tajine" and type(str(title)) is str
    assert "%s removed" % title == "Tajine removed"  # noqa: UP031 (Oscar's messages)
    rendered = Template("{{ title|upper }}").render(Context({"title": title}))
    assert rendered == "TAJINE"


def test_a_text_in_the_pages_language_is_left_as_it_is():
    same = marked_as("Tajine", Translated("Tajine", "fr", foreign=False))
    assert type(same) is str
    assert type(marked_as("", Translated("Tajine", "fr", foreign=True))) is str
