"""Stripe as a card provider: its Payment Element page, its signed webhook,
its refunds (`stripe_gateway` is the edge that talks to Stripe)."""

import logging
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from marketplace.csp import csp_allow_stripe

from . import stripe_gateway
from .models import OrderPayment
from .providers import RefundOutcome
from .services import payment_intent_for_order
from .webhooks import event_process

logger = logging.getLogger(__name__)


class StripeProvider:
    code = OrderPayment.Provider.STRIPE

    def is_configured(self) -> bool:
        return stripe_gateway.is_configured()

    def serves(self, *, currency: str, country: str) -> bool:
        return True

    def start(
        self, request: HttpRequest, *, order, payment: OrderPayment
    ) -> HttpResponse:
        """Stripe's Payment Element for the order's one PaymentIntent.

        The PaymentIntent is created with the order's idempotency key, so
        reloading the page (or a second tab) gets the same one.
        """
        intent = payment_intent_for_order(order=order, payment=payment)
        kwargs = {"number": order.number, "hash": order.verification_hash()}
        return_url = request.build_absolute_uri(
            reverse("payments:card-return", kwargs=kwargs)
        )
        response = render(
            request,
            "payments/card_payment.html",
            {
                "order": order,
                "client_secret": intent["client_secret"],
                "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                "stripe_js_url": settings.STRIPE_JS_URL,
                "return_url": return_url,
                "declined": payment.status == OrderPayment.Status.FAILED,
            },
        )
        return csp_allow_stripe(response)

    def callback(self, request: HttpRequest) -> HttpResponse:
        """Stripe's events: verified, then processed once each."""
        try:
            event = stripe_gateway.webhook_event_verify(
                payload=request.body,
                signature=request.headers.get("Stripe-Signature", ""),
            )
        except (stripe_gateway.SignatureVerificationError, ValueError) as error:
            logger.warning("Stripe webhook rejected: %s", error)
            return HttpResponseBadRequest("invalid signature")
        return JsonResponse({"result": event_process(event=event)})

    def refund(
        self,
        *,
        payment: OrderPayment,
        amount: Decimal,
        key: str,
        metadata: dict[str, str],
    ) -> RefundOutcome:
        stripe_refund = stripe_gateway.refund_create(
            payment_intent_id=payment.payment_intent_id,
            amount=amount,
            currency=payment.currency,
            idempotency_key=key,
            metadata=metadata,
        )
        return RefundOutcome(stripe_refund_id=stripe_refund["id"])
