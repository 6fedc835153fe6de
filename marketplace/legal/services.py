from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from .models import Acceptance, PublishedDocument
from .selectors import CACHE_KEY, document_current


def document_published(
    *, kind: str, language: str, version: str, title: str, url: str
) -> PublishedDocument:
    """Record the live version of a legal text (the CMS calls it on publish)."""
    doc, __ = PublishedDocument.objects.update_or_create(
        kind=kind,
        language=language[:2],
        defaults={
            "version": version,
            "title": title,
            "url": url,
            "published_at": timezone.now(),
        },
    )
    cache.delete(CACHE_KEY)
    return doc


def document_unpublished(*, kind: str, language: str) -> None:
    PublishedDocument.objects.filter(kind=kind, language=language[:2]).delete()
    cache.delete(CACHE_KEY)


def acceptance_record(
    *,
    kinds,
    context: str,
    user=None,
    reference: str = "",
    language: str | None = None,
) -> list[Acceptance]:
    """Record that a person accepted the live version of each of `kinds`."""
    language = (language or get_language() or "fr")[:2]
    rows = []
    for kind in kinds:
        doc = document_current(kind=kind, language=language)
        rows.append(
            Acceptance(
                user=user if user is not None and user.is_authenticated else None,
                reference=str(reference)[:64],
                context=context,
                kind=kind,
                version=doc["version"] if doc else "",
                language=language,
            )
        )
    return Acceptance.objects.bulk_create(rows)
