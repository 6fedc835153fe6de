"""Reads of shipping: countries by name, where a shop ships, a visitor's
chosen country."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from oscar.apps.shipping.methods import Free, NoShippingRequired

# A country's name in a language: project-wide (order pages name countries
# too); imported here for shipping's own callers.
from marketplace.translated import country_name

from .charges import DOMESTIC_COUNTRY
from .methods import PerSellerShipping
from .models import (
    COUNTRY_CODE,
    Carrier,
    SellerShipping,
    SellerZoneRate,
    ShippingZone,
)

COUNTRIES_CACHE_SECONDS = 600


def countries_served(
    *, language: str | None = None, fresh: bool = False
) -> list[tuple[str, str]]:
    """Every country of a zone, Morocco first then by name: (code, name).

    Kept ten minutes per language (unless `fresh`): every product page shows
    the list, and staff change zones seldom.
    """
    language = language or get_language() or "fr"
    if fresh:
        return _countries_served(language=language)
    return cache.get_or_set(
        f"shipping:countries:{language}",
        lambda: _countries_served(language=language),
        COUNTRIES_CACHE_SECONDS,
    )


def _countries_served(*, language: str) -> list[tuple[str, str]]:
    codes = {code for zone in ShippingZone.objects.all() for code in zone.country_list}
    codes.add(DOMESTIC_COUNTRY)
    others = sorted(
        (
            (code, country_name(code, language=language))
            for code in codes - {DOMESTIC_COUNTRY}
        ),
        key=lambda pair: pair[1],
    )
    return [(DOMESTIC_COUNTRY, country_name(DOMESTIC_COUNTRY, language=language))] + (
        others
    )


def international_zones():
    return ShippingZone.objects.filter(is_domestic=False)


def seller_ships_to(*, seller, country: str) -> bool:
    """Whether the shop ships to `country`: everywhere in Morocco; abroad to
    the countries it chose and priced."""
    if country == DOMESTIC_COUNTRY:
        return True
    shipping = SellerShipping.objects.filter(seller=seller).first()
    if shipping is None or country not in shipping.country_list:
        return False
    zone = next(
        (z for z in ShippingZone.objects.all() if country in z.country_list), None
    )
    return (
        zone is not None
        and SellerZoneRate.objects.filter(seller=seller, zone=zone).exists()
    )


def visitor_country(request) -> str:
    """The delivery country the visitor chose (its cookie), Morocco else."""
    code = request.COOKIES.get(settings.SHIPPING_COUNTRY_COOKIE, "").upper()
    return code if COUNTRY_CODE.match(code) else DOMESTIC_COUNTRY


def shipping_method_name(*, code: str, stored: str = "") -> str:
    """An order's shipping method by the code it stores, in the active
    language; the stored name (the language of the checkout) if unknown."""
    names = {
        method.code: method.name
        for method in (PerSellerShipping, Free, NoShippingRequired)
    }
    name = names.get(code)
    return str(name) if name else stored


def carrier_name(*, code: str, stored: str = "") -> str:
    """A carrier's name by its code, in the active language (else French);
    the stored name if no carrier has that code any more."""
    carrier = Carrier.objects.filter(code=code).first() if code else None
    return carrier.name if carrier is not None and carrier.name else stored
