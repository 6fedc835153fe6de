"""The visitor's display currency, today's rates, and converted prices.

Prices are charged in dirhams; a buyer abroad may choose to see them in euros
or dollars, approximately: the card issuer converts the charge at its own
rate. The choice is a cookie (`DISPLAY_CURRENCY_COOKIE_NAME`, set by
`views.currency_set`), read once per request by `CurrencyMiddleware`, which
puts it on the request (`request.display_currency`: the page cache keys on
it, as on the language) and makes it active for the templates.

Rounding, the way shops price: below 100 to the nearest half unit (€12.50,
$7.00), from 100 on to the whole unit (€135), halves rounded up; never below
half a unit (a price is never shown as €0). Decimal arithmetic throughout.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache

from .models import ExchangeRate

BASE = "MAD"
DISPLAY_CURRENCIES = (BASE, *ExchangeRate.Currency.values)
RATES_CACHE_KEY = "currency:rates"
_HALF = Decimal("0.5")
_WHOLE_FROM = Decimal("100")

_active: ContextVar[str] = ContextVar("display_currency", default=BASE)


@dataclass(frozen=True)
class Rate:
    currency: str
    mad_per_unit: Decimal
    date: date


@dataclass(frozen=True)
class Approximate:
    amount: Decimal
    currency: str
    rate_date: date


def display_currency_from_cookie(value: str | None) -> str:
    """A cookie's value as a display currency; anything else is MAD."""
    value = (value or "").upper()
    return value if value in DISPLAY_CURRENCIES else BASE


def display_currency_from_request(request) -> str:
    return display_currency_from_cookie(
        request.COOKIES.get(settings.DISPLAY_CURRENCY_COOKIE_NAME)
    )


def display_currency_activate(currency: str):
    """Make `currency` the one templates show; returns a token for reset."""
    return _active.set(display_currency_from_cookie(currency))


def display_currency_reset(token) -> None:
    _active.reset(token)


def display_currency() -> str:
    return _active.get()


def rates_latest() -> dict[str, Rate]:
    """Each currency's most recent rate, kept in the cache until one changes."""
    rates = cache.get(RATES_CACHE_KEY)
    if rates is None:
        rates = {}
        for row in ExchangeRate.objects.order_by("currency", "-date"):
            rates.setdefault(
                row.currency, Rate(row.currency, row.mad_per_unit, row.date)
            )
        cache.set(RATES_CACHE_KEY, rates, None)
    return rates


def round_like_shops(amount: Decimal) -> Decimal:
    if amount >= _WHOLE_FROM:
        return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    halves = (amount / _HALF).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return max(halves * _HALF, _HALF).quantize(Decimal("0.01"))


def price_convert(*, amount_mad: Decimal, currency: str) -> Approximate | None:
    """The dirham amount in `currency`, rounded; None when it is MAD or the
    currency has no rate."""
    if amount_mad is None or currency == BASE:
        return None
    rate = rates_latest().get(currency)
    if rate is None:
        return None
    converted = Decimal(amount_mad) / rate.mad_per_unit
    return Approximate(round_like_shops(converted), currency, rate.date)
