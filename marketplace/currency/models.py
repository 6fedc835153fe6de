"""Exchange rates for showing prices in other currencies (never for charging).

One row per currency and reference date: Bank Al-Maghrib's reference rate
(`load_exchange_rates`) or a rate staff typed in the Django admin. The most
recent date of each currency is the one shown.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Dirhams for one unit of a currency: the bounds of a plausible rate.
RATE_MIN = Decimal("0.000001")
RATE_MAX = Decimal("1000")


class ExchangeRate(models.Model):
    class Currency(models.TextChoices):
        EUR = "EUR", _("Euro")
        USD = "USD", _("US dollar")

    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    date = models.DateField(_("reference date"))
    mad_per_unit = models.DecimalField(
        _("dirhams for one unit"),
        max_digits=12,
        decimal_places=6,
        validators=[MinValueValidator(RATE_MIN), MaxValueValidator(RATE_MAX)],
        help_text=_("Bank Al-Maghrib's reference rate, e.g. 10.845 for one euro."),
    )
    source = models.CharField(_("source"), max_length=80, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "currency"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"], name="currency_rate_one_per_date"
            )
        ]

    def __str__(self):
        return f"{self.currency} {self.date}: {self.mad_per_unit} MAD"
