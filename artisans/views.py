from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from .selectors import product_queryset_public, seller_queryset_public


class SellerListView(ListView):
    template_name = "artisans/seller_list.html"
    context_object_name = "sellers"
    paginate_by = 24

    def get_queryset(self):
        return seller_queryset_public().select_related("region", "registry_entry")


class StorefrontView(ListView):
    """A shop's public page: who they are, and their products."""

    template_name = "artisans/storefront.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        self.seller = get_object_or_404(
            seller_queryset_public().select_related("region", "registry_entry"),
            slug=self.kwargs["slug"],
        )
        return (
            product_queryset_public()
            .filter(seller=self.seller)
            .base_queryset()
            .order_by("-date_created")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(seller=self.seller, **kwargs)
