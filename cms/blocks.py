"""StreamField blocks shared by the CMS pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale

from .selectors import products_public_in_order, sellers_public_in_order
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
        context = super().get_context(value, parent_context)
        # A product unpublished or whose seller was suspended since it was
        # chosen drops out here instead of breaking the page.
        context["products"] = products_public_in_order(
            product_ids=[p.pk for p in value["products"] if p is not None]
        )
        return context


class FeaturedShopsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    sellers = blocks.ListBlock(SellerChooserBlock(), label=_("Shops"))

    class Meta:
        icon = "user"
        template = "cms/blocks/featured_shops.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["sellers"] = sellers_public_in_order(
            seller_ids=[s.pk for s in value["sellers"] if s is not None]
        )
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
        # The page models declare their StreamFields with these blocks
        # (cms.models imports this module): the page class is found here,
        # when a block renders, not when the models load.
        from .models import FairPage

        context = super().get_context(value, parent_context)
        # The list shows each fair's region: joined, not one query per fair.
        context["fairs"] = FairPage.objects.upcoming().select_related("region")[
            : value["count"]
        ]
        return context


class RegionalCollectionsBlock(blocks.StructBlock):
    """The chambers' collections: the ones chosen, or else the latest."""

    title = blocks.CharBlock(label=_("Title"))
    collections = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="cms.RegionalCollectionPage"),
        label=_("Collections"),
        required=False,
        help_text=_("Leave empty to show the latest collections."),
    )
    count = blocks.IntegerBlock(
        label=_("How many"), default=3, min_value=1, max_value=12
    )

    class Meta:
        icon = "folder-open-inverse"
        template = "cms/blocks/regional_collections.html"

    def get_context(self, value, parent_context=None):
        # The page models declare their StreamFields with these blocks
        # (cms.models imports this module): the page class is found here,
        # when a block renders, not when the models load.
        from .models import RegionalCollectionPage

        context = super().get_context(value, parent_context)
        live = (
            RegionalCollectionPage.objects.live()
            .filter(locale=Locale.get_active())
            .select_related("region")
        )
        chosen = [page for page in value["collections"] if page is not None]
        if chosen:
            # Chosen in one language, shown in the visitor's: the translation
            # if there is one, and never a page taken offline since.
            keys = [page.translation_key for page in chosen]
            by_key = {
                p.translation_key: p for p in live.filter(translation_key__in=keys)
            }
            collections = [by_key[key] for key in keys if key in by_key]
        else:
            collections = list(live.order_by("-first_published_at"))
        context["collections"] = collections[: value["count"]]
        return context


class HomeStreamBlock(blocks.StreamBlock):
    hero = HeroBlock()
    featured_products = FeaturedProductsBlock()
    featured_shops = FeaturedShopsBlock()
    upcoming_fairs = UpcomingFairsBlock()
    regional_collections = RegionalCollectionsBlock()
    promotions = PromotionsBlock()
    rich_text = blocks.RichTextBlock(icon="doc-full", label=_("Text"))
