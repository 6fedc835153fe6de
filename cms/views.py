from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ProductChooserViewSet(ChooserViewSet):
    """Choose published products in Wagtail's admin (edited in the shop's dashboard)."""

    model = "catalogue.Product"
    icon = "pick"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")

    def get_object_list(self):
        from artisans.selectors import product_queryset_public

        return product_queryset_public().order_by("title")


class SellerChooserViewSet(ChooserViewSet):
    """Choose verified sellers in Wagtail's admin."""

    model = "artisans.Seller"
    icon = "user"
    choose_one_text = _("Choose a shop")
    choose_another_text = _("Choose another shop")

    def get_object_list(self):
        from artisans.selectors import seller_queryset_public

        return seller_queryset_public().select_related("region")


product_chooser_viewset = ProductChooserViewSet("product_chooser")
seller_chooser_viewset = SellerChooserViewSet("seller_chooser")
