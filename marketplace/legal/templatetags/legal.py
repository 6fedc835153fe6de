from django import template

from ..selectors import document_current, documents_footer

register = template.Library()


@register.inclusion_tag("legal/_footer.html")
def legal_footer():
    """The legal texts' links, on every page (in the page's language)."""
    return {"documents": documents_footer()}


@register.simple_tag
def legal_document(kind):
    """The live text of `kind` in the page's language (a dict), or None."""
    return document_current(kind=kind)
