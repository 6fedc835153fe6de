from datetime import date
from decimal import Decimal

from django.db import transaction

from .models import ExchangeRate

SOURCE_BAM = "Bank Al-Maghrib"


@transaction.atomic
def exchange_rates_save(
    *, rates: dict[tuple[str, date], Decimal], source: str = SOURCE_BAM
) -> int:
    """Store the rates (one per currency and date, replacing that day's);
    all of them or none."""
    for (currency, day), rate in sorted(rates.items()):
        ExchangeRate.objects.update_or_create(
            currency=currency,
            date=day,
            defaults={"mad_per_unit": rate, "source": source},
        )
    return len(rates)
