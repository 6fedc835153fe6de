"""StreamField blocks shared by the CMS pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .views import product_chooser_viewset, seller_chooser_viewset

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="cms.blocks"
)
SellerChooserBlock = seller_chooser_viewset.get_block_class(
    name="SellerChooserBlock", module_path="cms.blocks"
)


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"), required=False)
    image = ImageChooserBlock(label=_("Image"), required=False)
    link_text = blocks.CharBlock(label=_("Button text"), required=False)
    link_url = blocks.CharBlock(label=_("Button link"), required=False)

    class Meta:
        icon = "image"
        template = "cms/blocks/hero.html"


class PromotionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"), required=False)
    link_url = blocks.CharBlock(label=_("Link"), required=False)


class PromotionsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    items = blocks.ListBlock(PromotionBlock(), label=_("Promotions"))

    class Meta:
        icon = "tag"
        template = "cms/blocks/promotions.html"


class FeaturedProductsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    products = blocks.ListBlock(ProductChooserBlock(), label=_("Products"))

    class Meta:
        icon = "pick"
        template = "cms/blocks/featured_products.html"

    def get_context(self, value, parent_context=None):
        from artisans.selectors import product_queryset_public

        context = super().get_context(value, parent_context)
        # A product unpublished or whose seller was suspended since it was
        # chosen drops out here instead of breaking the page.
        ids = [p.pk for p in value["products"] if p is not None]
        products = {
            p.pk: p
            for p in product_queryset_public()
            .filter(pk__in=ids)
            .prefetch_related("images", "stockrecords")
        }
        context["products"] = [products[pk] for pk in ids if pk in products]
        return context


class FeaturedShopsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    sellers = blocks.ListBlock(SellerChooserBlock(), label=_("Shops"))

    class Meta:
        icon = "user"
        template = "cms/blocks/featured_shops.html"

    def get_context(self, value, parent_context=None):
        from artisans.selectors import seller_queryset_public

        context = super().get_context(value, parent_context)
        ids = [s.pk for s in value["sellers"] if s is not None]
        sellers = {s.pk: s for s in seller_queryset_public().filter(pk__in=ids)}
        context["sellers"] = [sellers[pk] for pk in ids if pk in sellers]
        return context


class UpcomingFairsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    count = blocks.IntegerBlock(
        label=_("How many"), default=3, min_value=1, max_value=12
    )

    class Meta:
        icon = "date"
        template = "cms/blocks/upcoming_fairs.html"

    def get_context(self, value, parent_context=None):
        from .models import FairPage

        context = super().get_context(value, parent_context)
        context["fairs"] = FairPage.objects.upcoming()[: value["count"]]
        return context


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    featured_products = FeaturedProductsBlock()
    featured_shops = FeaturedShopsBlock()
    upcoming_fairs = UpcomingFairsBlock()
    promotions = PromotionsBlock()
    rich_text = blocks.RichTextBlock(icon="doc-full", label=_("Text"))
