"""Carriers, their rates by zone and weight band, and each seller's choices.

A carrier is data (staff add one in the admin): its name, the page where a
shopper follows a parcel (`tracking_url`, with `{number}` where the tracking
number goes) and the shape of its tracking numbers (`tracking_pattern`). A
zone is a set of countries, domestic (Morocco) or international. A carrier's
rates are bands of weight per zone: the parcel pays the lightest band that
holds it.

A seller chooses its carrier for Morocco (without one, its flat rate is the
fallback) and, if it ships abroad, the countries it ships to and its price
per international zone.
"""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

TRACKING_MAX_LENGTH = 40
# A tracking number nobody's pattern describes: letters, digits and dashes.
TRACKING_DEFAULT_PATTERN = r"[A-Za-z0-9-]{4,40}"
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def country_codes(text: str) -> list[str]:
    """The ISO codes of a space- or comma-separated list, upper case."""
    return [code for code in re.split(r"[\s,]+", text.upper()) if code]


def validate_country_codes(text: str) -> None:
    for code in country_codes(text):
        if not COUNTRY_CODE.match(code):
            raise ValidationError(
                _("%(code)s is not a two-letter country code."), params={"code": code}
            )


def validate_tracking_url(text: str) -> None:
    if text and (not text.startswith("https://") or "{number}" not in text):
        raise ValidationError(
            _("A tracking page starts with https:// and holds {number}.")
        )


def validate_pattern(text: str) -> None:
    try:
        re.compile(text)
    except re.error as error:
        raise ValidationError(str(error)) from None


class Carrier(models.Model):
    """A company (or the seller's own courier) that carries parcels."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    tracking_url = models.CharField(
        _("tracking page"),
        max_length=255,
        blank=True,
        validators=[validate_tracking_url],
        help_text=_("https://… with {number} where the tracking number goes."),
    )
    tracking_pattern = models.CharField(
        _("tracking number pattern"),
        max_length=200,
        blank=True,
        validators=[validate_pattern],
        help_text=_("A regular expression the whole number must match."),
    )
    tracking_example = models.CharField(
        _("tracking number example"), max_length=TRACKING_MAX_LENGTH, blank=True
    )
    is_own_courier = models.BooleanField(_("the seller's own courier"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")

    def __str__(self):
        return self.name

    def tracking_number_error(self, number: str) -> str:
        """Why `number` is not one of this carrier's tracking numbers; ""."""
        if not number or len(number) > TRACKING_MAX_LENGTH:
            return _("A tracking number has 1 to %(max)d characters.") % {
                "max": TRACKING_MAX_LENGTH
            }
        pattern = self.tracking_pattern or TRACKING_DEFAULT_PATTERN
        if not re.fullmatch(pattern, number):
            if self.tracking_example:
                return _(
                    "This is not a %(carrier)s tracking number (for example "
                    "%(example)s)."
                ) % {"carrier": self.name, "example": self.tracking_example}
            return _("This is not a %(carrier)s tracking number.") % {
                "carrier": self.name
            }
        return ""

    def tracking_link(self, number: str) -> str:
        """The page where the shopper follows parcel `number`, or ""."""
        if not self.tracking_url or not number:
            return ""
        return self.tracking_url.replace("{number}", quote(number, safe=""))


class ShippingZone(models.Model):
    """Countries priced alike: Morocco, or a zone abroad."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)
    countries = models.CharField(
        _("countries"),
        max_length=1000,
        validators=[validate_country_codes],
        help_text=_("ISO codes, separated by spaces (MA, FR ES BE …)."),
    )
    is_domestic = models.BooleanField(_("Morocco"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")

    def __str__(self):
        return self.name

    @property
    def country_list(self) -> list[str]:
        return country_codes(self.countries)


class CarrierRate(models.Model):
    """A carrier's price for a parcel to a zone, up to a weight."""

    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="rates")
    zone = models.ForeignKey(
        ShippingZone, on_delete=models.CASCADE, related_name="carrier_rates"
    )
    max_weight_g = models.PositiveIntegerField(
        _("up to (g)"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    price = models.DecimalField(
        _("price (MAD)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100_000)],
    )

    class Meta:
        ordering = ["carrier", "zone", "max_weight_g"]
        verbose_name = _("carrier rate")
        verbose_name_plural = _("carrier rates")
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "zone", "max_weight_g"], name="one_rate_per_band"
            )
        ]

    def __str__(self):
        return f"{self.carrier} {self.zone} ≤ {self.max_weight_g} g: {self.price}"


class SellerShipping(models.Model):
    """A seller's shipping settings: its carrier, the countries abroad it
    ships to (each priced by `SellerZoneRate`)."""

    seller = models.OneToOneField(
        "artisans.Seller", on_delete=models.CASCADE, related_name="shipping"
    )
    carrier = models.ForeignKey(
        Carrier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carrier in Morocco"),
    )
    countries_abroad = models.CharField(
        _("countries abroad"),
        max_length=1000,
        blank=True,
        validators=[validate_country_codes],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("seller's shipping")
        verbose_name_plural = _("sellers' shipping")

    def __str__(self):
        return str(self.seller)

    @property
    def country_list(self) -> list[str]:
        return country_codes(self.countries_abroad)


class SellerZoneRate(models.Model):
    """What a seller charges for a parcel to a zone abroad."""

    seller = models.ForeignKey(
        "artisans.Seller", on_delete=models.CASCADE, related_name="zone_rates"
    )
    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="+")
    price = models.DecimalField(
        _("price (MAD)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100_000)],
    )

    class Meta:
        ordering = ["zone__position", "zone__name"]
        verbose_name = _("seller's rate abroad")
        verbose_name_plural = _("sellers' rates abroad")
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "zone"], name="one_seller_rate_per_zone"
            )
        ]

    def __str__(self):
        return f"{self.seller} {self.zone}: {self.price}"


from oscar.apps.shipping.models import *  # noqa: E402, F403
