from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language, override

from ..selectors import document_current, documents_footer

register = template.Library()


@register.simple_tag
def legal_footer():
    """The legal texts' links, on every page (in the page's language).

    The same texts in the same language make the same footer: made once per
    process for what it shows (the texts' titles and addresses are its key,
    so a text published shows at once), not rendered on every page.
    """
    language = get_language() or ""
    shown = tuple((doc["url"], doc["title"]) for doc in documents_footer())
    return _footer_html(language, shown)


@lru_cache(maxsize=64)
def _footer_html(language: str, shown: tuple[tuple[str, str], ...]) -> str:
    documents = [{"url": url, "title": title} for url, title in shown]
    with override(language or None):
        # Our own template's output, escaped as it was rendered (a SafeString).
        return render_to_string("legal/_footer.html", {"documents": documents})


@register.simple_tag
def legal_document(kind):
    """The live text of `kind` in the page's language (a dict), or None."""
    return document_current(kind=kind)
