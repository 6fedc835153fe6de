"""Wagtail pages of the marketplace.

The home page is a stream of blocks editors arrange; fairs live under a fairs
index. Pages read the shop through the `artisans` and `catalogue` selectors and
never write to it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, PageManager, PageQuerySet

from .blocks import HomeStreamBlock


class HomePage(Page):
    """The site's root: hero, promotions, featured products and shops, fairs."""

    body = StreamField(HomeStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    subpage_types = ["cms.FairIndexPage", "cms.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain content page (about, delivery, help)."""

    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")


class FairIndexPage(Page):
    """Lists the fairs and exhibitions, upcoming first."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.FairPage"]

    class Meta:
        verbose_name = _("fairs index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        fairs = FairPage.objects.child_of(self).live().specific()
        today = timezone.localdate()
        context["upcoming_fairs"] = fairs.filter(end_date__gte=today).order_by(
            "start_date"
        )
        context["past_fairs"] = fairs.filter(end_date__lt=today).order_by("-start_date")
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
    """A fair or exhibition, at home or abroad, and its exhibitors."""

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
    )
    description = RichTextField(_("description"), blank=True)
    exhibitors = ParentalManyToManyField(
        "artisans.Seller", blank=True, related_name="+", verbose_name=_("exhibitors")
    )

    objects = FairPageManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("end_date"),
                FieldPanel("venue"),
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("region"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
        FieldPanel("exhibitors"),
    ]
    parent_page_types = ["cms.FairIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("fair or exhibition")

    def get_context(self, request, *args, **kwargs):
        from artisans.selectors import product_queryset_public, seller_queryset_public

        context = super().get_context(request, *args, **kwargs)
        exhibitors = seller_queryset_public().filter(
            pk__in=self.exhibitors.values_list("pk", flat=True)
        )
        context["exhibitors"] = exhibitors
        context["shop_products"] = (
            product_queryset_public()
            .filter(stockrecords__partner__seller__in=exhibitors)
            .prefetch_related("images", "stockrecords")
            .distinct()[:24]
        )
        return context
