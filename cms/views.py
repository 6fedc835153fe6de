"""Product and shop choosers in Wagtail's admin.

Both list only what shoppers may see (`catalogue.selectors`,
`artisans.selectors`), so an editor can
never feature a hidden product or an unverified shop. Each has a filter form:
a search box, the region and the craft.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from artisans.selectors import seller_queryset_public
from catalogue.selectors import product_queryset_public
from marketplace.translated import in_any_language

from .selectors import craft_category_queryset, region_queryset, seller_trade_choices


class _ShopFilterForm(BaseFilterForm):
    """Search, region and craft filters shared by both choosers."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=None,
        required=False,
        empty_label=_("All regions"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Querysets are set per form, never at import time (app loading).
        self.fields["region"].queryset = region_queryset()

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = objects.filter(self.search_q(query))
            self.is_searching = True
            self.search_query = query
        if region := self.cleaned_data.get("region"):
            objects = objects.filter(region=region)
        return objects

    def search_q(self, query: str) -> Q:
        raise NotImplementedError


class ProductFilterForm(_ShopFilterForm):
    craft = forms.ModelChoiceField(
        label=_("Craft"),
        queryset=None,
        required=False,
        empty_label=_("All crafts"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["craft"].queryset = craft_category_queryset()

    def search_q(self, query):
        return (
            in_any_language("title", "icontains", query)
            | Q(upc__icontains=query)
            | Q(seller__name__icontains=query)
        )

    def filter(self, objects):
        objects = super().filter(objects)
        if craft := self.cleaned_data.get("craft"):
            # A craft is a root of the category tree: its products sit anywhere
            # below it.
            objects = objects.filter(categories__path__startswith=craft.path).distinct()
        return objects


class SellerFilterForm(_ShopFilterForm):
    craft = forms.ChoiceField(
        label=_("Craft"),
        required=False,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["craft"].choices = [("", _("All crafts"))] + [
            (trade, trade) for trade in seller_trade_choices()
        ]

    def search_q(self, query):
        return Q(name__icontains=query) | Q(trade__icontains=query)

    def filter(self, objects):
        objects = super().filter(objects)
        if craft := self.cleaned_data.get("craft"):
            objects = objects.filter(trade=craft)
        return objects


class _RegionColumnsMixin:
    @property
    def columns(self):
        return super().columns + [
            Column("region", label=_("Region"), accessor="region"),
            Column("extra", label=self.extra_label, accessor=self.extra_accessor),
        ]


class ProductChooseView(_RegionColumnsMixin, ChooseView):
    filter_form_class = ProductFilterForm
    extra_label = _("Shop")
    extra_accessor = "seller"


class ProductChooseResultsView(_RegionColumnsMixin, ChooseResultsView):
    filter_form_class = ProductFilterForm
    extra_label = _("Shop")
    extra_accessor = "seller"


class SellerChooseView(_RegionColumnsMixin, ChooseView):
    filter_form_class = SellerFilterForm
    extra_label = _("Craft")
    extra_accessor = "trade"


class SellerChooseResultsView(_RegionColumnsMixin, ChooseResultsView):
    filter_form_class = SellerFilterForm
    extra_label = _("Craft")
    extra_accessor = "trade"


class ProductChooserViewSet(ChooserViewSet):
    """Choose published products in Wagtail's admin (edited in the shop's dashboard)."""

    model = "catalogue.Product"
    icon = "pick"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView

    def get_object_list(self):
        return (
            product_queryset_public()
            .select_related("seller", "region")
            .order_by("title", "pk")
        )


class SellerChooserViewSet(ChooserViewSet):
    """Choose verified sellers in Wagtail's admin."""

    model = "artisans.Seller"
    icon = "user"
    choose_one_text = _("Choose a shop")
    choose_another_text = _("Choose another shop")
    choose_view_class = SellerChooseView
    choose_results_view_class = SellerChooseResultsView

    def get_object_list(self):
        return seller_queryset_public().select_related("region").order_by("name")


product_chooser_viewset = ProductChooserViewSet("product_chooser")
seller_chooser_viewset = SellerChooserViewSet("seller_chooser")
