"""The one module that talks to Stripe.

Everything else passes `Decimal` amounts; here they become integer minor units
(MAD has two decimals: 12.50 MAD is 1250). `STRIPE_API_BASE` points the client
at another server (stripe-mock in tests).
"""

import json
from decimal import Decimal

import stripe
from django.conf import settings

# Currencies Stripe counts without decimals; MAD is not one of them.
ZERO_DECIMAL_CURRENCIES = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA"}

SignatureVerificationError = stripe.SignatureVerificationError
StripeError = stripe.StripeError


def to_minor_units(amount: Decimal, currency: str) -> int:
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return int(amount.quantize(Decimal("1")))
    return int((amount * 100).quantize(Decimal("1")))


def from_minor_units(amount: int, currency: str) -> Decimal:
    if currency.upper() in ZERO_DECIMAL_CURRENCIES:
        return Decimal(amount)
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def client() -> stripe.StripeClient:
    kwargs = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:
        kwargs["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **kwargs)


def payment_intent_create(
    *,
    amount: Decimal,
    currency: str,
    idempotency_key: str,
    metadata: dict[str, str],
):
    """Create (or, with the same key, get back) the PaymentIntent of an order."""
    return client().v1.payment_intents.create(
        params={
            "amount": to_minor_units(amount, currency),
            "currency": currency.lower(),
            # Cards only: the one method Stripe offers in MAD (3-D Secure
            # included, handled by the Payment Element).
            "payment_method_types": ["card"],
            "metadata": metadata,
        },
        options={"idempotency_key": idempotency_key},
    )


def payment_intent_retrieve(*, payment_intent_id: str):
    return client().v1.payment_intents.retrieve(payment_intent_id)


def payment_intent_cancel(*, payment_intent_id: str):
    return client().v1.payment_intents.cancel(payment_intent_id)


def refund_create(
    *,
    payment_intent_id: str,
    amount: Decimal,
    currency: str,
    idempotency_key: str,
    metadata: dict[str, str],
):
    return client().v1.refunds.create(
        params={
            "payment_intent": payment_intent_id,
            "amount": to_minor_units(amount, currency),
            "metadata": metadata,
        },
        options={"idempotency_key": idempotency_key},
    )


def webhook_event_verify(
    *, payload: bytes, signature: str, tolerance: int = 300
) -> dict:
    """Check the Stripe-Signature header (HMAC and timestamp), parse the event.

    Raises `SignatureVerificationError` for a bad or stale signature and
    `ValueError` for a body that is not JSON.
    """
    stripe.WebhookSignature.verify_header(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance
    )
    return json.loads(payload)
