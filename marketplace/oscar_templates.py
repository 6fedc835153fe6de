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
"""

from pathlib import Path

import oscar
from django.template.loaders.app_directories import Loader as AppDirectoriesLoader

OSCAR_TEMPLATES = Path(oscar.__file__).resolve().parent / "templates"

#: Oscar's literal, and what a page reads instead.
ENGLISH_LABEL = 'aria-label="breadcrumb"'
TRANSLATED_LABEL = 'aria-label="{{ _("Breadcrumb") }}"'


def translate_labels(source: str) -> str:
    """`source` with Oscar's English breadcrumb label translated."""
    return source.replace(ENGLISH_LABEL, TRANSLATED_LABEL)


def is_oscars(name: str) -> bool:
    return Path(name).resolve().is_relative_to(OSCAR_TEMPLATES)


class Loader(AppDirectoriesLoader):
    """Templates from the apps' directories; Oscar's with translated labels."""

    def get_contents(self, origin) -> str:
        contents = super().get_contents(origin)
        if ENGLISH_LABEL in contents and is_oscars(origin.name):
            return translate_labels(contents)
        return contents
