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

from marketplace.translated import Translated, lang_attributes, marked, pick

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


@register.simple_tag
def translated_text(obj, field: str) -> str:
    """The text, in a `<span lang dir>` when it is in another language."""
    return marked(_translated(obj, field))
