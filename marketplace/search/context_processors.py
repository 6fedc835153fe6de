"""Oscar's site-wide `search_form`, built only by a page that reads it.

Oscar's own context processor builds a haystack `FacetedSearchForm` from the
query string on every page (2-5 % of a rendered page's time,
bench/profile_pages.py) although the header's search box
(oscar/partials/search.html) does not read it: only Oscar's results and
browse templates do, when their view has not put its own form in the context.
"""

from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_class

SearchForm = get_class("search.forms", "SearchForm")


def search_form(request) -> dict:
    return {"search_form": SimpleLazyObject(lambda: SearchForm(request.GET))}
