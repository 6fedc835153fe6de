"""Content in three languages on a page: the visitor's, else marked as other.

    {% load translated %}
    {% translated product "title" as title %}
    <h1{{ title|lang_attrs }}>{{ title }}</h1>
    {% translated_text category "name" %}

`translated` gives the text a page shows (`marketplace.translated.pick`, or
the product's own rule: the parent's text for a variant) and its language;
`lang_attrs` writes ` lang="fr" dir="ltr"` when that language is not the
page's; `translated_text` is the text alone, in a `<span>` with those
attributes when it is in another language. The text is escaped like any
variable: the tags build markup around it with `format_html`, never trusting it.
"""

from django import template
from django.utils.html import format_html_join

from marketplace.translated import (
    Marked,
    Translated,
    lang_attributes,
    language_code,
    marked,
    pick,
)

register = template.Library()


def _translated(obj, field: str) -> Translated:
    if obj is None:
        return Translated("", "")
    own = getattr(obj, "translated", None)
    if callable(own):
        return own(field)
    return pick(obj, field)


@register.simple_tag(name="translated")
def translated_tag(obj, field: str) -> Translated:
    return _translated(obj, field)


@register.filter
def lang_attrs(value) -> str:
    """` lang="…" dir="…"` for a text in another language than the page's."""
    return lang_attributes(value)


@register.filter
def written_in(code: str) -> str:
    """` lang="…" dir="…"` for a text a person wrote on a page of language
    `code` (a seller's answer), when that is not this page's language.

    A blank code (written before the language was kept) marks nothing.
    """
    if not code:
        return ""
    code = language_code(code)
    return lang_attributes(Translated(code, code, foreign=code != language_code()))


@register.filter
def title_lang_attrs(product) -> str:
    """` lang="…" dir="…"` for a product whose title falls back to another
    language than the page's (an image's `alt` in Oscar's markup)."""
    return lang_attributes(_translated(product, "title"))


@register.simple_tag
def translated_text(obj, field: str) -> str:
    """The text, in a `<span lang dir>` when it is in another language."""
    return marked(_translated(obj, field))


class _NamedForPage:
    """A row of the vocabulary (a product type, an attribute) whose `name`
    prints in the page's language, else marked with its own."""

    def __init__(self, obj) -> None:
        self._obj = obj

    def __getattr__(self, name: str):
        return getattr(self._obj, name)

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return marked(pick(self._obj, "name"))


class _AttributeValueForPage:
    def __init__(self, value) -> None:
        self._value = value

    def __getattr__(self, name: str):
        return getattr(self._value, name)

    @property
    def attribute(self):
        return _NamedForPage(self._value.attribute)

    @property
    def value_as_html(self) -> str:
        """An option's words in the page's language, else marked with its own
        (Oscar prints `str(option)`: the fallback's, unmarked)."""
        kind = self._value.attribute.type
        if kind == "option" and self._value.value_option is not None:
            return marked(pick(self._value.value_option, "option"))
        if kind == "multi_option":
            return format_html_join(
                ", ",
                "{}",
                (
                    (marked(pick(option, "option")),)
                    for option in self._value.value_multi_option.all()
                ),
            )
        return self._value.value_as_html


class _ProductInfoForPage:
    """A product as Oscar's "Product Information" table reads it: its type's
    and attributes' names marked when they fall back to another language.
    Everything else (stock, price) is the product's own."""

    def __init__(self, product) -> None:
        self._product = product

    def __getattr__(self, name: str):
        return getattr(self._product, name)

    def get_product_class(self):
        return _NamedForPage(self._product.get_product_class())

    def get_attribute_values(self):
        return [
            _AttributeValueForPage(value)
            for value in self._product.get_attribute_values()
        ]


@register.filter
def info_for_page(product):
    """`{% with product=product|info_for_page %}` around Oscar's table."""
    return _ProductInfoForPage(product) if product is not None else product


class _TitledForPage:
    """A product whose `get_title` marks itself when it falls back to another
    language than the page's (`Marked`: a `<span lang dir>` where Django
    escapes it), for Oscar's messages that print it inside their own words."""

    def __init__(self, product) -> None:
        self._product = product

    def __getattr__(self, name: str):
        return getattr(self._product, name)

    def get_title(self) -> str:
        title = self._product.translated("title")
        if title.foreign and title.text:
            return Marked(title.text, title.lang)
        return title.text


@register.filter
def titled_for_page(product):
    """`{% with product=product|titled_for_page %}` around Oscar's basket
    message "… has been added to your basket"."""
    return _TitledForPage(product) if product is not None else product
