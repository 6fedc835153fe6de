"""Wagtail pages of the marketplace.

The tree of each language::

    home (HomePage: blocks editors arrange)
    ├── salons/            FairIndexPage: every fair of the language, filterable
    │   └── <fair>         FairPage run by the marketplace itself
    ├── actualites/        NewsIndexPage: every news article of the language
    ├── regions/           RegionIndexPage
    │   └── <region>/      RegionPage: one per region, the chamber's own space
    │       ├── <fair>     FairPage
    │       ├── <coll.>    RegionalCollectionPage (and its promotion)
    │       └── <news>     NewsPage
    └── <page>             StandardPage

Wagtail grants page permissions and assigns workflows on a page and its
descendants, so each chamber's groups get them on its RegionPage (one per
language) and nowhere else: see `cms.services.chamber_cms_setup`.

Pages read the shop through `cms.selectors` (which use `catalogue.selectors`
and `artisans.selectors`) and never write to it; a collection's promotion is
the one write, done by `cms.services.collection_promotion_sync` when the page
is published.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageManager, PageQuerySet

from marketplace.legal.models import Kind as LegalKind

from .blocks import HomeStreamBlock
from .forms import FairPageForm, RegionalCollectionPageForm
from .selectors import (
    fair_pages_filtered,
    parse_month,
    products_public_in_order,
    products_public_of_sellers,
    region_queryset,
    sellers_public_in_order,
)


class HomePage(Page):
    """The site's root: hero, promotions, featured products and shops, fairs."""

    body = StreamField(HomeStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    subpage_types = [
        "cms.FairIndexPage",
        "cms.NewsIndexPage",
        "cms.RegionIndexPage",
        "cms.StandardPage",
        "cms.LegalPage",
    ]
    max_count_per_parent = 1
    # The same for every anonymous shopper: kept whole (marketplace/pagecache/).
    anonymous_page_cache = True

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain content page (about, delivery, help)."""

    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")


class LegalPage(Page):
    """A legal text: terms of sale, withdrawal, privacy, legal notices.

    One live page per text and language. Its version is what a shopper at
    checkout and an applicant at sign-up accept (recorded by
    `marketplace.legal` when the page is published): editors change it when
    the text changes in substance.
    """

    kind = models.CharField(_("text"), max_length=16, choices=LegalKind.choices)
    version = models.CharField(
        _("version"),
        max_length=32,
        help_text=_(
            "Change it when the text changes in substance, e.g. 2026-12-01: "
            "acceptances record the version they accepted."
        ),
    )
    body = RichTextField(_("text"))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("version")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")

    def clean(self):
        super().clean()
        twin = (
            LegalPage.objects.filter(kind=self.kind, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .first()
        )
        if twin is not None:
            raise ValidationError(
                {
                    "kind": _(
                        "This text already has a page in this language: %(title)s."
                    )
                    % {"title": twin.title}
                }
            )


# --- The regions: each chamber's part of the tree -----------------------------


class RegionIndexPage(Page):
    """Lists the regions; holds one RegionPage per region."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.RegionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("regions index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["region_pages"] = (
            RegionPage.objects.child_of(self).live().select_related("region")
        )
        return context


class RegionPage(Page):
    """A region's chamber space: its fairs, collections and news.

    The chamber's editors and moderators have permissions on this page and
    what is under it, and its workflow applies to them.
    """

    region = models.ForeignKey(
        "artisans.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
    )
    intro = RichTextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("region"),
        FieldPanel("intro"),
        FieldPanel("image"),
    ]
    parent_page_types = ["cms.RegionIndexPage"]
    subpage_types = ["cms.FairPage", "cms.RegionalCollectionPage", "cms.NewsPage"]

    class Meta:
        verbose_name = _("region (chamber space)")

    def clean(self):
        super().clean()
        if not (self.path and self.region_id):  # not in the tree yet
            return
        same_region = (
            RegionPage.objects.sibling_of(self, inclusive=False)
            .filter(region_id=self.region_id)
            .exclude(pk=self.pk)
        )
        if same_region.exists():
            raise ValidationError(
                {"region": _("This region already has its page in this language.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["fairs"] = (
            FairPage.objects.descendant_of(self)
            .live()
            .filter(end_date__gte=today)
            .order_by("start_date")
        )
        context["collections"] = (
            RegionalCollectionPage.objects.descendant_of(self)
            .live()
            .order_by("-first_published_at")
        )
        context["news"] = (
            NewsPage.objects.descendant_of(self).live().order_by("-date", "-pk")[:6]
        )
        return context


def _region_of_ancestors(page):
    """The region of the RegionPage `page` sits under, if any."""
    if not page.path:  # not in the tree yet
        return None
    region_page = (
        RegionPage.objects.filter(
            path__in=[
                page.path[:i] for i in range(page.steplen, len(page.path), page.steplen)
            ]
        )
        .order_by("-depth")
        .first()
    )
    return region_page.region if region_page else None


# --- Fairs and exhibitions -----------------------------------------------------


class FairIndexPage(Page):
    """Every fair and exhibition of its language, upcoming then past.

    It lists the fairs of its whole tree (those of the chambers' spaces too),
    filterable by region (`?region=<slug>`) and by month (`?month=YYYY-MM`).
    """

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.FairPage"]

    class Meta:
        verbose_name = _("fairs index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        region_slug = request.GET.get("region", "")
        month = request.GET.get("month", "")
        fairs = fair_pages_filtered(
            # Every fair of this site and language: the index's parent is home.
            fairs=FairPage.objects.live()
            .descendant_of(self.get_parent())
            .select_related("region"),
            region_slug=region_slug,
            month=month,
        )
        today = timezone.localdate()
        context["upcoming_fairs"] = fairs.filter(end_date__gte=today).order_by(
            "start_date"
        )
        context["past_fairs"] = fairs.filter(end_date__lt=today).order_by("-start_date")
        context["regions"] = region_queryset()
        context["selected_region"] = region_slug
        context["selected_month"] = month if parse_month(month) else ""
        return context


class FairPageQuerySet(PageQuerySet):
    def upcoming(self):
        return (
            self.live()
            .filter(locale=Locale.get_active(), end_date__gte=timezone.localdate())
            .order_by("start_date")
        )


FairPageManager = PageManager.from_queryset(FairPageQuerySet)


class FairPage(Page):
    """A fair or exhibition, at home or abroad: exhibitors, products, gallery.

    Exhibitors and featured products are chosen with the shop and product
    choosers (verified sellers, published products only); the page shows only
    those that are still public when it is served.
    """

    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=120, default="Maroc")
    region = models.ForeignKey(
        "artisans.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Set from the chamber's space the fair is in."),
    )
    description = RichTextField(_("description"), blank=True)

    objects = FairPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("region"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
        MultipleChooserPanel(
            "exhibitor_links", chooser_field_name="seller", label=_("Exhibitors")
        ),
        MultipleChooserPanel(
            "featured_product_links",
            chooser_field_name="product",
            label=_("Featured products"),
        ),
        MultipleChooserPanel(
            "gallery_images", chooser_field_name="image", label=_("Gallery")
        ),
    ]
    parent_page_types = ["cms.FairIndexPage", "cms.RegionPage"]
    subpage_types = []
    base_form_class = FairPageForm

    class Meta:
        verbose_name = _("fair or exhibition")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("A fair cannot end before it starts.")}
            )
        # A chamber's fair belongs to its region, whatever the editor picked.
        region = _region_of_ancestors(self)
        if region is not None:
            self.region = region

    @property
    def is_international(self) -> bool:
        return self.country.strip().casefold() not in {"maroc", "morocco", "المغرب"}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        exhibitors = sellers_public_in_order(
            seller_ids=[link.seller_id for link in self.exhibitor_links.all()]
        )
        context["exhibitors"] = exhibitors
        context["featured_products"] = products_public_in_order(
            product_ids=[link.product_id for link in self.featured_product_links.all()]
        )
        context["shop_products"] = products_public_of_sellers(
            seller_ids=[seller.pk for seller in exhibitors]
        )
        context["gallery"] = [
            item for item in self.gallery_images.all() if item.image_id is not None
        ]
        return context


class FairExhibitor(Orderable):
    page = ParentalKey(
        FairPage, on_delete=models.CASCADE, related_name="exhibitor_links"
    )
    seller = models.ForeignKey(
        "artisans.Seller",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("shop"),
    )

    panels = [FieldPanel("seller")]

    class Meta(Orderable.Meta):
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")


class FairFeaturedProduct(Orderable):
    page = ParentalKey(
        FairPage, on_delete=models.CASCADE, related_name="featured_product_links"
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("featured product")
        verbose_name_plural = _("featured products")


class FairGalleryImage(Orderable):
    page = ParentalKey(
        FairPage, on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("image"),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")


# --- Regional collections and their promotions --------------------------------


class RegionalCollectionPage(Page):
    """A chamber's curated selection of products, its story and a promotion.

    The promotion is an Oscar site offer that the basket applies between its
    start and end: a percentage off the collection's products, or off every
    public product of the region. Publishing the page creates or updates the
    offer; unpublishing it suspends the offer.
    """

    class PromotionScope(models.TextChoices):
        COLLECTION = "collection", _("The collection's products")
        REGION = "region", _("Every product of the region")

    region = models.ForeignKey(
        "artisans.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Set from the chamber's space the collection is in."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    story = RichTextField(_("story"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    promotion_percent = models.DecimalField(
        _("discount (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Leave empty for no promotion."),
    )
    promotion_scope = models.CharField(
        _("discount applies to"),
        max_length=12,
        choices=PromotionScope.choices,
        default=PromotionScope.COLLECTION,
    )
    promotion_starts_at = models.DateTimeField(
        _("promotion starts"), null=True, blank=True
    )
    promotion_ends_at = models.DateTimeField(_("promotion ends"), null=True, blank=True)
    # The Oscar offer made from this page (shared by its translations).
    offer = models.ForeignKey(
        "offer.ConditionalOffer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("story"),
        MultipleChooserPanel(
            "product_links", chooser_field_name="product", label=_("Products")
        ),
        MultiFieldPanel(
            [
                FieldPanel("promotion_percent"),
                FieldPanel("promotion_scope"),
                FieldRowPanel(
                    [
                        FieldPanel("promotion_starts_at"),
                        FieldPanel("promotion_ends_at"),
                    ]
                ),
            ],
            heading=_("Promotion"),
        ),
    ]
    parent_page_types = ["cms.RegionPage"]
    subpage_types = []
    base_form_class = RegionalCollectionPageForm
    # Each translation finds the shared offer through its translation key.
    exclude_fields_in_copy = ["offer"]

    class Meta:
        verbose_name = _("regional collection")

    def clean(self):
        super().clean()
        region = _region_of_ancestors(self)
        if region is not None:
            self.region = region
        if self.promotion_percent is not None:
            if not (self.promotion_starts_at and self.promotion_ends_at):
                raise ValidationError(
                    _("A promotion needs a start and an end."),
                )
            if self.promotion_ends_at <= self.promotion_starts_at:
                raise ValidationError(
                    {"promotion_ends_at": _("The promotion must end after it starts.")}
                )

    def with_content_json(self, content):
        # The offer is made by publishing, never by editing: a revision saved
        # before it existed must not unlink it (and leave a second offer made).
        obj = super().with_content_json(content)
        obj.offer_id = (
            RegionalCollectionPage.objects.filter(pk=self.pk)
            .values_list("offer_id", flat=True)
            .first()
        )
        return obj

    @property
    def has_promotion(self) -> bool:
        return self.promotion_percent is not None

    def promotion_is_running(self, at=None) -> bool:
        at = at or timezone.now()
        return bool(
            self.has_promotion
            and self.promotion_starts_at <= at <= self.promotion_ends_at
        )

    def public_products(self) -> list:
        return products_public_in_order(
            product_ids=[link.product_id for link in self.product_links.all()]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = self.public_products()
        context["promotion_running"] = self.promotion_is_running()
        return context


class CollectionProduct(Orderable):
    page = ParentalKey(
        RegionalCollectionPage, on_delete=models.CASCADE, related_name="product_links"
    )
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product"),
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("collection product")
        verbose_name_plural = _("collection products")


# --- News ------------------------------------------------------------------------


class NewsIndexPage(Page):
    """Every news article of its language, the newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = (
            NewsPage.objects.live()
            .descendant_of(self.get_parent())
            .order_by("-date", "-pk")[:50]
        )
        return context


class NewsPage(Page):
    """A news article, the marketplace's or a chamber's."""

    date = models.DateField(_("date"), default=timezone.localdate)
    region = models.ForeignKey(
        "artisans.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    intro = models.TextField(_("introduction"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.NewsIndexPage", "cms.RegionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")

    def clean(self):
        super().clean()
        region = _region_of_ancestors(self)
        if region is not None:
            self.region = region
