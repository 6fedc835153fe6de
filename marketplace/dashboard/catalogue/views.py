"""Oscar's catalogue dashboard views, with the title search in every language."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import views as oscar_views

from marketplace.translated import in_any_language


class ProductListView(oscar_views.ProductListView):
    def apply_search(self, queryset):
        queryset = super().apply_search(queryset)
        title = getattr(self.form, "title_in_any_language", "")
        if title:
            queryset = queryset.filter(
                in_any_language("title", "icontains", title)
                | in_any_language("children__title", "icontains", title)
            ).distinct()
        return queryset

    def get_description(self, form):
        if getattr(form, "title_in_any_language", ""):
            return _("Product search results")
        return super().get_description(form)
