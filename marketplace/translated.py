"""Content in three languages: which language a page shows, and saying so.

Translated fields have a column per language (django-modeltranslation:
`title_fr`, `title_ar`, `title_en`; each app's `translation.py` registers
them). `pick` chooses the text a visitor reads: the visitor's language where
it is filled, else the source language (a product's seller writes one first),
else French, Arabic, English, the first filled. The result knows its language,
so a page marks an element showing another language than its own with `lang`
and `dir` (an Arabic page showing a French title: `lang="fr" dir="ltr"`), by
the template tags of `marketplace.core.templatetags.translated`.
"""

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.db.models import Q
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language, override

CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
RIGHT_TO_LEFT = frozenset({"ar"})


def language_code(code: str | None = None) -> str:
    """The site's two-letter code for `code` (or the active language)."""
    code = (code or get_language() or settings.LANGUAGE_CODE)[:2].lower()
    return code if code in CODES else settings.LANGUAGE_CODE


def direction(code: str) -> str:
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class Translated:
    """A text and the language it is written in, for the page's `lang`."""

    text: str
    lang: str
    #: True when the text is not in the language of the page showing it.
    foreign: bool = False

    @property
    def dir(self) -> str:
        return direction(self.lang)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


def pick(
    obj: object,
    field: str,
    *,
    language: str | None = None,
    source: str | None = None,
) -> Translated:
    """`obj`'s `field` in `language` (the active one), else its fallback.

    The fallback is `source` (else `obj.source_language`, else French), then
    the site's languages in order. Nothing filled: an empty text.
    """
    language = language_code(language)
    source = source or getattr(obj, "source_language", "") or settings.LANGUAGE_CODE
    for code in dict.fromkeys((language, source, *CODES)):
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return Translated(str(value), code, foreign=code != language)
    return Translated("", language)


def filled_languages(obj: object, field: str) -> list[str]:
    """The languages in which `obj`'s `field` is written."""
    return [code for code in CODES if getattr(obj, f"{field}_{code}", None)]


def lang_attributes(value: object) -> str:
    """` lang="fr" dir="ltr"` for a text in another language than the page's.

    Empty for anything else (a plain string is in the page's language).
    """
    if isinstance(value, Translated) and value.foreign and value.text:
        return format_html(' lang="{}" dir="{}"', value.lang, value.dir)
    return ""


def marked(value: Translated) -> str:
    """The text to print, in a `<span lang dir>` when in another language than
    the page's. Escaped like any variable: the markup is built around it."""
    if value.foreign and value.text:
        return format_html(
            '<span lang="{}" dir="{}">{}</span>', value.lang, value.dir, value.text
        )
    return value.text


def every_language_text(message, **values) -> dict[str, str]:
    """`{code: text}`: a translatable message (gettext_lazy) written in each
    of the site's languages, `%(name)s` filled from `values` (names of rows
    the project writes itself, such as a return's voucher)."""
    texts = {}
    for code in CODES:
        with override(code):
            texts[code] = str(message) % values if values else str(message)
    return texts


class Marked(str):
    """A text in another language than the page's that marks itself in HTML.

    Anywhere Django escapes it (a template's `{{ }}`) it is drawn as
    `<span lang="fr" dir="ltr">…</span>`, the text escaped inside; anywhere
    else (str(), `%` formatting, a filter) it is the plain text. For a text
    printed inside markup the project does not own (Oscar's basket line's
    `description`), where no attribute can be added to the element around it.
    """

    lang: str

    def __new__(cls, text: str, lang: str) -> "Marked":
        marked = super().__new__(cls, text)
        marked.lang = lang
        return marked

    def __html__(self) -> str:
        return format_html(
            '<span lang="{}" dir="{}">{}</span>',
            self.lang,
            direction(self.lang),
            str(self),
        )


def marked_as(text: str, written_in: Translated) -> str:
    """`text` marked with the language of `written_in` when that is foreign
    to the page (a product's title under another language), else as it is."""
    if written_in.foreign and written_in.text and text:
        return Marked(text, written_in.lang)
    return text


def title_for_page(product) -> str:
    """A product's title in the page's language, else `Marked` with its own
    (Oscar's messages and link texts, printed where the project owns no
    element to carry `lang`)."""
    title = product.translated("title")
    return marked_as(title.text, title)


def every_language(obj: object, field: str, *, source: str | None = None) -> dict:
    """`{code: Translated}`: what a page in each language shows (for a cache)."""
    return {code: pick(obj, field, language=code, source=source) for code in CODES}


def country_name(code: str, *, language: str | None = None) -> str:
    """A country's name in `language` (the active one by default), Babel's.

    Oscar's country rows hold one stored name; pages name a country with this.
    """
    try:
        locale = Locale.parse((language or get_language() or "fr").replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("fr")
    return locale.territories.get(code, code)


def in_any_language(field: str, lookup: str, value: object) -> Q:
    """`field__lookup=value` in any language's column, not only the active one.

    modeltranslation reads `title__icontains` as the active language's column:
    an English admin searching a French-only title would find nothing.
    """
    condition = Q()
    for code in CODES:
        condition |= Q(**{f"{field}_{code}__{lookup}": value})
    return condition


class TranslatedNameForPage:
    """An offer or a voucher whose name (and description) print in the page's
    language; everything else is the object's own."""

    def __init__(self, obj) -> None:
        self._obj = obj

    def __getattr__(self, name: str):
        return getattr(self._obj, name)

    # Escaped here: Oscar's offer pages print the description `|safe`, and
    # a collection's offer takes a chamber's words (text from users is text).
    @property
    def name(self) -> str:
        return conditional_escape(marked(pick(self._obj, "name")))

    @property
    def description(self) -> str:
        return conditional_escape(marked(pick(self._obj, "description")))

    def __str__(self) -> str:
        return self.name

    def __html__(self) -> str:
        return self.name

    @property
    def voucher_set(self):
        """A voucher's set, named in the page's language too (the basket
        names a set's voucher by its set)."""
        voucher_set = getattr(self._obj, "voucher_set", None)
        return TranslatedNameForPage(voucher_set) if voucher_set else voucher_set
