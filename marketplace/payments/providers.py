"""Card payment providers: the interface the card step uses, and the registry.

A provider takes a placed card order's payment (`start`: the page that sends
the shopper to pay), hears back from its gateway (`callback`: the signed
server-to-server message, the only evidence that marks an order paid) and
gives money back (`refund`). Two are registered: Stripe (`stripe_provider`)
and the CMI (`cmi_provider`). Which one takes a shopper's card is a setting
(`PAYMENT_CARD_PROVIDERS`: the first configured provider that serves the
order's currency and country); the provider that took a payment is recorded on
it (`OrderPayment.provider`), and its refunds go back through that provider.

Providers are named here by dotted path and imported on first use: they build
on `services` (marking paid, the ledger), which calls back here for refunds.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Protocol

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from .models import OrderPayment, Refund

PROVIDER_CLASSES = {
    OrderPayment.Provider.STRIPE: "marketplace.payments.stripe_provider.StripeProvider",
    OrderPayment.Provider.CMI: "marketplace.payments.cmi_provider.CmiProvider",
}


@dataclass(frozen=True)
class RefundOutcome:
    """What a provider did with a refund: given back to the card (with the
    provider's id for it) or left to staff as a bank refund."""

    method: str = Refund.Method.CARD
    stripe_refund_id: str | None = None
    provider_reference: str = ""


class CardProvider(Protocol):
    code: str

    def is_configured(self) -> bool:
        """Its keys are set: it may be offered."""

    def serves(self, *, currency: str, country: str) -> bool:
        """It takes cards for an order in `currency` shipped to `country`."""

    def start(
        self, request: HttpRequest, *, order, payment: OrderPayment
    ) -> HttpResponse:
        """The page that has the shopper pay a placed order (not paid here)."""

    def callback(self, request: HttpRequest) -> HttpResponse:
        """The gateway's signed message: verified, applied once."""

    def refund(
        self,
        *,
        payment: OrderPayment,
        amount: Decimal,
        key: str,
        metadata: dict[str, str],
    ) -> RefundOutcome:
        """Give `amount` back; the same `key` never refunds twice."""


@cache
def provider_get(code: str) -> CardProvider:
    """The provider registered under `code` (KeyError if none)."""
    return import_string(PROVIDER_CLASSES[code])()


def provider_for_payment(*, payment: OrderPayment) -> CardProvider:
    """The provider that took (or is taking) this card payment; payments made
    before there were several are Stripe's."""
    return provider_get(payment.provider or OrderPayment.Provider.STRIPE)


def card_provider_for(*, currency: str, country: str = "") -> str | None:
    """The code of the provider that takes this shopper's card, or None.

    The first of `PAYMENT_CARD_PROVIDERS` that is configured and serves the
    order: with the defaults, the CMI for an order in dirhams shipped in
    Morocco, Stripe for the rest.
    """
    if "card" not in settings.PAYMENT_METHODS:
        return None
    for code in settings.PAYMENT_CARD_PROVIDERS:
        if code not in PROVIDER_CLASSES:
            continue
        provider = provider_get(code)
        if provider.is_configured() and provider.serves(
            currency=currency, country=country
        ):
            return code
    return None


def card_offered() -> bool:
    """Some configured provider may take cards (before an order is known)."""
    return "card" in settings.PAYMENT_METHODS and any(
        code in PROVIDER_CLASSES and provider_get(code).is_configured()
        for code in settings.PAYMENT_CARD_PROVIDERS
    )
