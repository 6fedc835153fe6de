from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import linebreaksbr
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import (
    AbstractProduct,
    AbstractProductAttributeValue,
)

from marketplace.translated import Translated, pick


class Material(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.name


class Product(AbstractProduct):
    """A handmade product: where it comes from, what it is made of, how."""

    seller = models.ForeignKey(
        "artisans.Seller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("seller"),
        help_text=_("The shop that makes and sells it; children share their parent's."),
    )
    region = models.ForeignKey(
        "artisans.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("region of origin"),
    )
    materials = models.ManyToManyField(
        Material, blank=True, related_name="products", verbose_name=_("materials")
    )
    technique = models.CharField(_("technique"), max_length=120, blank=True)
    length_cm = models.DecimalField(
        _("length (cm)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    width_cm = models.DecimalField(
        _("width (cm)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    height_cm = models.DecimalField(
        _("height (cm)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    weight_g = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    made_to_order = models.BooleanField(_("made to order"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"),
        default=3,
        help_text=_("Days before shipping: making time for made-to-order items."),
    )
    care_instructions = models.TextField(_("care instructions"), blank=True)
    # The shop's own reference, the key of a row of its catalogue file
    # (../shared/spec/products-csv.md): unique within one shop, free across
    # shops, so it cannot be Oscar's UPC (unique site-wide).
    seller_sku = models.CharField(_("reference (SKU)"), max_length=64, blank=True)
    # Title, description, technique and care instructions are in three
    # languages (catalogue/translation.py: title_fr, title_ar, title_en ...);
    # the seller writes at least this one, and a page shows it when the
    # visitor's language is missing (marketplace.translated).
    source_language = models.CharField(
        _("source language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("The language the seller writes first; required."),
    )
    # Units sold, kept by order placement: sorting by popularity never needs a
    # page view to write to the database.
    popularity = models.PositiveIntegerField(_("popularity"), default=0, db_index=True)
    # The lowest price of its stock records or, for a parent, of its
    # children's: what a list sorts and filters by price on, stored and
    # indexed so that the first page of a list sorted by price is read down
    # an index instead of computing every product's price. Written by the
    # database only (`catalogue.prices`), never by a save of the product.
    lowest_price = models.DecimalField(
        _("lowest price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    # Moderation: staff or the seller's chamber unpublished it; the reason is
    # shown to the seller, who cannot publish it again until it is lifted.
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )

    class Meta(AbstractProduct.Meta):
        indexes = [
            # The catalogue's default page, newest first among parents and
            # standalones: walked in order instead of sorting every product.
            models.Index(
                fields=["parent", "date_created"], name="product_parent_newest"
            ),
            # Sorted by price, cheapest or dearest first (the id breaks ties),
            # among parents and standalones: read in the index's order.
            models.Index(
                fields=["lowest_price", "id"],
                condition=models.Q(parent__isnull=True),
                name="product_price_sorted",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "seller_sku"],
                condition=~models.Q(seller_sku=""),
                name="product_seller_sku_unique",
            ),
        ]

    def save(self, *args, **kwargs):
        # A product read before its price changed must not write the old
        # lowest price back: an existing row's save leaves that column out.
        if kwargs.get("update_fields") is None and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.attname not in deferred
                and field.name != "lowest_price"
            ]
        super().save(*args, **kwargs)

    @property
    def is_moderated(self) -> bool:
        return self.moderated_at is not None

    def clean(self):
        super().clean()
        # A variant may take its product's title; anything else has one at
        # least in the language its seller writes first.
        if not self.is_child and not getattr(self, f"title_{self.source_language}"):
            raise ValidationError(
                {
                    f"title_{self.source_language}": _(
                        "Write the title in the product's source language."
                    )
                }
            )

    def translated(self, field: str) -> Translated:
        """`field` in the visitor's language, else the seller's, else any.

        A child without its own text shows its parent's (Oscar's rule for the
        title, kept for every translated field).
        """
        text = pick(self, field)
        if not text and self.parent_id:
            return self.parent.translated(field)
        return text

    def get_title(self):
        # Oscar's title (the parent's for a child without one), with the
        # product's fallback; `translated("title")` also says its language.
        return self.translated("title").text

    @property
    def sorted_recommended_products(self):
        """Oscar's recommendations in their ranking, as the catalogue's cards
        among what shoppers may see (`catalogue.selectors.ProductCards`).

        A page showing them reads their tags before their rows (marketplace/
        pagecache/): one repriced, out of stock or hidden since makes the
        page stale at once. Oscar's list read no tag (the product page stayed
        up to its lifetime stale) and kept hidden products.
        """
        # Imported here: catalogue.selectors reads these models on import.
        from .selectors import product_cards_for_ids, product_queryset_public

        ids = self.primary_recommendations.values_list("recommendation_id", flat=True)
        return product_cards_for_ids(ids=ids, queryset=product_queryset_public())


class ProductAttributeValue(AbstractProductAttributeValue):
    """Oscar's attribute value, with rich text shown as the seller typed it."""

    @property
    def _richtext_as_html(self):
        # Oscar marks a rich-text value safe; sellers type these values, and
        # text from users is text: escaped, its line breaks kept.
        return linebreaksbr(self.value, autoescape=True)


class ModerationEvent(models.Model):
    """One moderation decision, kept for good: a product unpublished with a
    reason, or its moderation lifted. The product's own fields hold only the
    current moderation; staff's seller history reads these. Written by
    `services.product_moderate` and `services.product_moderation_lift`."""

    class Action(models.TextChoices):
        MODERATED = "moderated", _("Unpublished by moderation")
        LIFTED = "lifted", _("Moderation lifted")

    seller = models.ForeignKey(
        "artisans.Seller",
        on_delete=models.CASCADE,
        related_name="moderation_events",
        verbose_name=_("seller"),
    )
    # Kept if the product is deleted: its title as it was.
    product = models.ForeignKey(
        "catalogue.Product",
        on_delete=models.SET_NULL,
        null=True,
        related_name="moderation_events",
        verbose_name=_("product"),
    )
    product_title = models.CharField(_("product"), max_length=255)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation events")
        indexes = [models.Index(fields=["seller", "created_at"])]

    def __str__(self):
        return f"{self.product_title}: {self.get_action_display()}"


from oscar.apps.catalogue.models import *  # noqa: E402, F403
