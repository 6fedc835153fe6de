from django.core.cache import cache
from django.utils.translation import get_language

from .models import Acceptance, Kind, PublishedDocument

# The footer reads the live texts on every page: kept until one is published.
CACHE_KEY = "legal:published:v1"

FOOTER_KINDS = (Kind.TERMS, Kind.WITHDRAWAL, Kind.PRIVACY, Kind.NOTICE)


def _published() -> dict[tuple[str, str], dict]:
    rows = cache.get(CACHE_KEY)
    if rows is None:
        rows = {
            (doc.kind, doc.language): {
                "kind": doc.kind,
                "version": doc.version,
                "title": doc.title,
                "url": doc.url,
            }
            for doc in PublishedDocument.objects.all()
        }
        cache.set(CACHE_KEY, rows, None)
    return rows


def document_current(*, kind: str, language: str | None = None) -> dict | None:
    """The live text of `kind` in `language` (the active one), else in French.

    A dict with kind, version, title and url; None when none is published.
    """
    return _current(_published(), kind=kind, language=language)


def _current(rows: dict, *, kind: str, language: str | None) -> dict | None:
    language = (language or get_language() or "fr")[:2]
    return rows.get((kind, language)) or rows.get((kind, "fr"))


def documents_footer(*, language: str | None = None) -> list[dict]:
    """The legal texts every page links to, in the page's language (the live
    texts read once, not once a text)."""
    rows = _published()
    found = (_current(rows, kind=kind, language=language) for kind in FOOTER_KINDS)
    return [doc for doc in found if doc]


def acceptances_of(*, user) -> list[Acceptance]:
    return list(Acceptance.objects.filter(user=user).order_by("accepted_at"))
