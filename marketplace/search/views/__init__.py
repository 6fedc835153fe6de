from oscar.core.loading import get_class

FacetedSearchView = get_class("search.views.search", "FacetedSearchView")
SuggestView = get_class("search.views.search", "SuggestView")
