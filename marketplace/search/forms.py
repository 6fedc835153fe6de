from django import forms
from django.utils.translation import gettext_lazy as _

from .api import SORT_LABELS


class ProductSearchForm(forms.Form):
    """The search page's query string: words, sort and page (facets are read
    as lists from the query string by the view)."""

    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    sort = forms.ChoiceField(
        required=False, choices=list(SORT_LABELS.items()), label=_("Sort by")
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1000)
