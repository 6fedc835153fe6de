"""The search page and the search box's suggestions, on `search.api`.

Replaces Oscar's Haystack FacetedSearchView at the same URL name,
`search:search`; the page still sends Oscar's `user_search` signal.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import TemplateView
from oscar.apps.search.signals import user_search

from marketplace.limits import text_clean
from marketplace.pagecache.pages import LIST_ALL, AnonymousPageCacheMixin, page_shows

from ..api import SORT_LABELS, product_search, product_suggest
from ..backends.base import FACETS
from ..forms import ProductSearchForm

PAGE_SIZE = 24
QUERY_MAX_LENGTH = ProductSearchForm.base_fields["q"].max_length


def _query(request) -> str:
    """The words searched for, cut to what the form and Oscar's `UserSearch`
    (255 characters) keep: a longer query searches its beginning."""
    return text_clean(request.GET.get("q", ""), max_length=QUERY_MAX_LENGTH)


class FacetedSearchView(AnonymousPageCacheMixin, TemplateView):
    template_name = "search/results.html"

    def page_cache_hit(self, request, response):
        # A page served from the anonymous page cache still counts as a search.
        user_search.send(
            sender=self,
            session=request.session,
            user=request.user,
            query=_query(request),
        )

    def get(self, request, *args, **kwargs):
        user_search.send(
            sender=self,
            session=request.session,
            user=request.user,
            query=_query(request),
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params["q"] = _query(self.request)
        form = ProductSearchForm(params)
        data = form.cleaned_data if form.is_valid() else {}
        filters = {f: self.request.GET.getlist(f) for f in FACETS}
        page_shows(LIST_ALL)  # before the index is read (marketplace/pagecache/)

        def search():
            return product_search(
                query=data.get("q") or "",
                filters=filters,
                sort=data.get("sort") or "relevance",
                page=data.get("page") or 1,
                page_size=PAGE_SIZE,
            )

        # The index is read when the results are: the facets' and the
        # results' kept parts (search/results.html) read them only when they
        # are made. A result's own words: the query as searched.
        result = SimpleLazyObject(search)
        context.update(
            form=form,
            result=result,
            query=data.get("q") or "",
            list_tags=(LIST_ALL,),
            products=SimpleLazyObject(lambda: result.products),
            facet_links=SimpleLazyObject(lambda: self._facet_links(result)),
            sort_links=SimpleLazyObject(
                lambda: [
                    (key, label, self._url(result, sort=key), key == result.sort)
                    for key, label in SORT_LABELS.items()
                ]
            ),
            previous_url=SimpleLazyObject(
                lambda: (
                    self._url(result, page=result.page - 1) if result.page > 1 else None
                )
            ),
            next_url=SimpleLazyObject(
                lambda: (
                    self._url(result, page=result.page + 1)
                    if result.page < result.num_pages
                    else None
                )
            ),
        )
        return context

    def _url(self, result, *, filters=None, sort=None, page=1) -> str:
        params = [("q", result.query)] if result.query else []
        for facet, values in (
            filters if filters is not None else result.filters
        ).items():
            params += [(facet, v) for v in values]
        if (sort or result.sort) != "relevance":
            params.append(("sort", sort or result.sort))
        if page > 1:
            params.append(("page", page))
        return "?" + urlencode(params)

    def _facet_links(self, result):
        """Each facet value with the address that toggles it (back to page 1)."""
        facets = []
        for facet in result.facets:
            values = []
            for value in facet.values:
                chosen = set(result.filters.get(facet.name, ()))
                chosen ^= {value.key}
                filters = {**result.filters, facet.name: tuple(sorted(chosen))}
                values.append((value, self._url(result, filters=filters)))
            if values:
                facets.append((facet, values))
        return facets


SUGGEST_CACHE_CONTROL = "public, max-age=60"


class SuggestView(AnonymousPageCacheMixin, View):
    """JSON for the search box: `{"query": …, "suggestions": [{title, url}]}`.

    The same letters get the same answer, in the same language, until a
    product is published, renamed, hidden or sold out: for an anonymous
    visitor it is kept like the search page (marketplace/pagecache/), keyed by
    the address (the query) and the language, stale when the catalogue's list
    version moves.
    """

    def page_cache_hit(self, request, response):
        response["Cache-Control"] = SUGGEST_CACHE_CONTROL

    def get(self, request, *args, **kwargs):
        prefix = text_clean(request.GET.get("q", ""), max_length=100)
        suggestions = []
        if len(prefix.strip()) >= 2:
            page_shows(LIST_ALL)  # before the index is read
            suggestions = product_suggest(prefix=prefix)
        response = JsonResponse({"query": prefix, "suggestions": suggestions})
        response["Cache-Control"] = SUGGEST_CACHE_CONTROL
        return response
