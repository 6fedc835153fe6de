"""Which of a region's pages lack a version in one of the site's languages.

Pages use Wagtail's own locales: a page's versions share its
`translation_key`, one per locale, made with Wagtail's "Translate" action
(`wagtail.contrib.simple_translation`, which copies the page into the other
locale's tree for the editor to translate). A chamber sees here, for the fairs,
collections and news under its region's pages (every language's), which lack
an Arabic, English or French version, with the link that makes it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from .models import FairPage, NewsPage, RegionalCollectionPage, RegionPage

TRANSLATED_TYPES = (FairPage, RegionalCollectionPage, NewsPage)


@dataclass(frozen=True)
class PageTranslations:
    page: object  # the version to translate from: the default language's if any
    kind: str
    present: list[str]
    missing: list[str]
    translate_url: str
    edit_url: str


def region_pages_missing_translations(*, region) -> list[PageTranslations]:
    """The region's fairs, collections and news lacking a language, by title."""
    languages = [code for code, _name in settings.LANGUAGES]
    spaces = RegionPage.objects.filter(region=region).values_list("path", "depth")
    if not spaces:
        return []
    under = Q()
    for path, depth in spaces:
        under |= Q(path__startswith=path, depth__gt=depth)
    groups: dict = {}
    for model in TRANSLATED_TYPES:
        for page in model.objects.filter(under).select_related("locale"):
            groups.setdefault(page.translation_key, []).append(page)
    found = []
    for versions in groups.values():
        present = {page.locale.language_code: page for page in versions}
        missing = [code for code in languages if code not in present]
        if not missing:
            continue
        source = present.get(settings.LANGUAGE_CODE) or versions[0]
        found.append(
            PageTranslations(
                page=source,
                kind=str(source._meta.verbose_name),
                present=[code for code in languages if code in present],
                missing=missing,
                translate_url=reverse(
                    "simple_translation:submit_page_translation", args=[source.pk]
                ),
                edit_url=reverse("wagtailadmin_pages:edit", args=[source.pk]),
            )
        )
    return sorted(found, key=lambda row: (row.kind, row.page.title.lower()))
