"""A model field's text in each of the site's languages, read one way.

Translated fields are columns `<field>_<language>` (django-modeltranslation's
naming; the catalogue's first hand-written columns `title_ar`, `title_en`,
`description_ar`, `description_en` and the regions' `name_ar` already follow
it). Where a model has no `<field>_fr` column yet, the plain field is the
French one. Reading through these two functions keeps search working the same
before and after a model's fields move to modeltranslation, and gives one
place to follow the catalogue's fallback rule.
"""

from django.conf import settings


def languages() -> list[str]:
    """The site's languages, its default first."""
    codes = [code for code, _name in settings.LANGUAGES]
    default = settings.LANGUAGE_CODE
    return [default] + [c for c in codes if c != default]


def field_in_languages(obj, field: str) -> dict[str, str]:
    """The field's non-empty text by language, the default language first."""
    values: dict[str, str] = {}
    for language in languages():
        value = getattr(obj, f"{field}_{language}", None)
        if value is None and language == settings.LANGUAGE_CODE:
            value = getattr(obj, field, None)
        if value:
            values[language] = str(value)
    return values


def field_texts(obj, field: str) -> list[str]:
    """Every language's text of the field, without repeats (for indexing)."""
    return list(dict.fromkeys(field_in_languages(obj, field).values()))


def localized(obj, field: str, *, language: str) -> str:
    """The field in the visitor's language, else in the object's own language
    (`source_language`, when the model has one), else the first filled."""
    values = field_in_languages(obj, field)
    language = (language or "").split("-")[0]
    source = getattr(obj, "source_language", None)
    for candidate in (language, source):
        if candidate and values.get(candidate):
            return values[candidate]
    return next(iter(values.values()), "")
