"""Oscar's templates, served with their one English label in the page's language.

Oscar writes `<nav aria-label="breadcrumb">` as a literal in about ninety of
its templates (shop, account and dashboard pages), inside each page's own
`breadcrumbs` block, so a screen reader says "breadcrumb" in English on an
Arabic or French page. Overriding those blocks would copy every page's
breadcrumb trail; instead this loader (Django's app-directories loader,
named in `TEMPLATES["OPTIONS"]["loaders"]`) rewrites that one attribute, in
Oscar's own templates only, to the project's translated "Breadcrumb" (the
msgid the project's own breadcrumbs use). `{{ _("…") }}` translates without
`{% load i18n %}`. The cached loader around it does this once per template.

It also gives a few image `alt`s that print a product's title, in markup
Oscar wrote without a block small enough to override (the basket's lines,
its saved items), the title's `lang` and `dir` when the title is in another
language than the page's (issue 17): an attribute cannot hold a marked
`<span>`, and overriding the basket's form block would copy ninety lines of
Oscar's basket to add one attribute.
"""

from pathlib import Path

import oscar
from django.template.loaders.app_directories import Loader as AppDirectoriesLoader

OSCAR_TEMPLATES = Path(oscar.__file__).resolve().parent / "templates"

#: Oscar's literal, and what a page reads instead.
ENGLISH_LABEL = 'aria-label="breadcrumb"'
TRANSLATED_LABEL = 'aria-label="{{ _("Breadcrumb") }}"'


#: Oscar's template, the image's literal in it, and what a page reads instead.
TITLED_IMAGES = {
    "oscar/basket/partials/basket_content.html": [
        (
            'alt="{{ product.get_title }}"',
            'alt="{{ product.get_title }}"{{ product|title_lang_attrs }}',
        ),
        (
            'alt="{{ form.instance.product.get_title }}"',
            'alt="{{ form.instance.product.get_title }}"'
            "{{ form.instance.product|title_lang_attrs }}",
        ),
    ],
}


def translate_labels(source: str) -> str:
    """`source` with Oscar's English breadcrumb label translated."""
    return source.replace(ENGLISH_LABEL, TRANSLATED_LABEL)


def mark_titled_images(name: str, source: str) -> str:
    """`source` (Oscar's template `name`) with its product images' `alt`
    marked with the title's language (`translated`'s `title_lang_attrs`)."""
    for literal, marked in TITLED_IMAGES[name]:
        source = source.replace(literal, marked)
    return "{% load translated %}" + source


def is_oscars(name: str) -> bool:
    return Path(name).resolve().is_relative_to(OSCAR_TEMPLATES)


class Loader(AppDirectoriesLoader):
    """Templates from the apps' directories; Oscar's with translated labels."""

    def get_contents(self, origin) -> str:
        contents = super().get_contents(origin)
        if origin.template_name in TITLED_IMAGES and is_oscars(origin.name):
            contents = mark_titled_images(origin.template_name, contents)
        if ENGLISH_LABEL in contents and is_oscars(origin.name):
            return translate_labels(contents)
        return contents
