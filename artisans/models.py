"""The registry of artisans, the chambers, and the sellers linked to them.

A `RegistryEntry` mirrors one row of the national registry export
(`shared/spec/registry-csv.md`); a `Seller` is a shop on the marketplace, an
Oscar partner, linked to exactly one active entry once verified.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.translated import pick


class Region(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    # In three languages (artisans/translation.py: name_fr, name_ar, name_en).
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def localized_name(self, language_code: str | None = None) -> str:
        return pick(self, "name", language=language_code).text


class Chamber(models.Model):
    """A regional Chamber of Artisanat: reviews its region's sellers."""

    region = models.OneToOneField(
        Region, on_delete=models.PROTECT, related_name="chamber"
    )
    # In three languages (artisans/translation.py).
    name = models.CharField(_("name"), max_length=160)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="chambers",
        verbose_name=_("staff"),
    )

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("chamber")
        verbose_name_plural = _("chambers")

    def __str__(self):
        return self.name


class Craft(models.Model):
    """A trade of the national registry, by its craft code, named in three
    languages (artisans/translation.py) for the verified badge; the registry
    file's own label is French."""

    code = models.CharField(_("craft code"), max_length=6, unique=True)
    label = models.CharField(_("trade"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("craft")
        verbose_name_plural = _("crafts")

    def __str__(self):
        return f"{self.code} {self.label}"


class RegistryEntry(models.Model):
    class Kind(models.TextChoices):
        ARTISAN = "artisan", _("Artisan")
        MAALEM = "maalem", _("Master artisan (maâlem)")
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Craft enterprise")

    class Cnss(models.TextChoices):
        PRE_REGISTERED = "pre_registered", _("Pre-registered")
        REGISTERED = "registered", _("Registered")
        NONE = "none", _("None")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        STRUCK_OFF = "struck_off", _("Struck off")

    registry_id = models.CharField(_("registry number"), max_length=14, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name_latin = models.CharField(_("name (Latin script)"), max_length=200)
    name_arabic = models.CharField(
        _("name (Arabic script)"), max_length=200, blank=True
    )
    craft_code = models.CharField(_("craft code"), max_length=6)
    craft_label = models.CharField(_("trade"), max_length=120, blank=True)
    region_code = models.CharField(_("region code"), max_length=2, db_index=True)
    province = models.CharField(_("province"), max_length=120, blank=True)
    cnss = models.CharField(
        _("CNSS status"), max_length=16, choices=Cnss.choices, default=Cnss.NONE
    )
    status = models.CharField(
        _("registry status"), max_length=12, choices=Status.choices
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    # A digest of the imported row: a re-import compares it instead of every field.
    row_hash = models.CharField(max_length=32, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")

    def __str__(self):
        return f"{self.registry_id} {self.name_latin}"

    @property
    def masked_id(self) -> str:
        """`RNA-07-0012345` shown as `RNA-07-•••••45` on public pages.

        The region and the last two digits only: with four digits shown, a
        region's numbers were few enough to try one by one on the apply form.
        """
        return f"{self.registry_id[:7]}•••••{self.registry_id[-2:]}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Seller(models.Model):
    """A shop on the marketplace: one Oscar partner, one registry entry."""

    class Kind(models.TextChoices):
        ARTISAN = "artisan", _("Individual artisan")
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Enterprise")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.CASCADE, related_name="seller"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_sellers",
        verbose_name=_("owner"),
    )
    # Set when the shop is verified, and kept while it is suspended: an
    # application never holds an entry, so a squatter cannot block its holder.
    registry_entry = models.ForeignKey(
        RegistryEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sellers",
        verbose_name=_("registry entry"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("shop name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    # What the applicant typed; verification compares it with the registry.
    registry_id_claimed = models.CharField(_("registry number"), max_length=14)
    name_claimed = models.CharField(_("name as registered"), max_length=200)
    trade = models.CharField(_("trade"), max_length=120)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="sellers",
        verbose_name=_("region"),
    )
    phone = models.CharField(_("phone"), max_length=32)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    # Set when the registry re-activates the entry of a suspended seller.
    needs_reinstatement = models.BooleanField(_("to reinstate"), default=False)
    story = models.TextField(_("story"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="sellers/logos/", blank=True)
    banner = models.ImageField(_("banner"), upload_to="sellers/banners/", blank=True)
    shipping_flat_rate = models.DecimalField(
        _("shipping flat rate"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    free_shipping_threshold = models.DecimalField(
        _("free shipping from"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # Law 31-08 gives the shopper 7 days from delivery to withdraw; a shop
    # may offer more, and may exclude made-to-order pieces (personalised
    # goods) from a change of mind, never from a defect.
    return_window_days = models.PositiveSmallIntegerField(
        _("days to return after delivery"),
        default=7,
        validators=[MinValueValidator(7), MaxValueValidator(90)],
    )
    made_to_order_returnable = models.BooleanField(
        _("made-to-order pieces may be returned on a change of mind"), default=True
    )
    rating = models.DecimalField(
        _("rating"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    # Law 09-08: the shop's name and photos are the artisan's personal data;
    # they are published only once the seller agreed (at sign-up or later in
    # the dashboard, recorded in `marketplace.legal`). Until then the shop
    # and its products stay off the public pages.
    publication_consent_at = models.DateTimeField(
        _("agreed to publication"), null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        constraints = [
            # One shop per registry entry, among the shops that hold one.
            models.UniqueConstraint(
                fields=["registry_entry"],
                condition=models.Q(status__in=["verified", "suspended"]),
                name="artisans_seller_one_shop_per_entry",
            ),
            # One application or shop per account; a rejected one may re-apply.
            models.UniqueConstraint(
                fields=["owner"],
                condition=~models.Q(status="rejected"),
                name="artisans_seller_one_open_per_owner",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("artisans:storefront", kwargs={"slug": self.slug})

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def is_public(self) -> bool:
        """Shown to shoppers: verified, and agreed to publication."""
        return self.is_verified and self.publication_consent_at is not None


class SellerDecision(models.Model):
    """Every verification decision: who or what decided, when and why."""

    seller = models.ForeignKey(
        Seller, on_delete=models.CASCADE, related_name="decisions"
    )
    status = models.CharField(
        _("decision"), max_length=10, choices=Seller.Status.choices
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # "automatic", "registry import" or "chamber": what decided when no person did.
    source = models.CharField(_("source"), max_length=20)
    # What the registry said, for the chamber only: the applicant sees `reason`,
    # which never tells an unknown number from a struck-off or held one.
    detail = models.TextField(_("detail for the chamber"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("seller decision")
        verbose_name_plural = _("seller decisions")

    def __str__(self):
        return f"{self.seller}: {self.status}"


class SellerInvitation(models.Model):
    """An owner's invitation to join a cooperative's shop, by e-mail address.

    Made whether or not an account uses the address, so adding a member tells
    the owner nothing about who has an account; the person joins by accepting
    it while signed in with that address.
    """

    seller = models.ForeignKey(
        Seller, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("shop invitation")
        verbose_name_plural = _("shop invitations")
        constraints = [
            models.UniqueConstraint(
                "seller",
                models.functions.Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="artisans_invitation_one_open_per_address",
            )
        ]

    def __str__(self):
        return f"{self.seller}: {self.email}"
