"""Stripe webhook payloads, shaped like Stripe's, signed like Stripe signs.

The signature header is `t=<timestamp>,v1=<hex HMAC-SHA256 of "t.payload">`
with the endpoint's secret, as in Stripe's documentation.
"""

import hashlib
import hmac
import json
import time

WEBHOOK_SECRET = "whsec_test_maalem"

WEBHOOK_URL = "/payments/stripe/webhook/"


def sign(body: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(
        secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def event(event_id: str, event_type: str, obj: dict) -> str:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "api_version": "2025-03-31.basil",
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "type": event_type,
            "data": {"object": obj},
        }
    )


def payment_intent(order, *, status="succeeded", amount=None, currency="mad"):
    amount = int(order.total_incl_tax * 100) if amount is None else amount
    return {
        "id": "pi_test_order",
        "object": "payment_intent",
        "amount": amount,
        "amount_received": amount if status == "succeeded" else 0,
        "currency": currency,
        "status": status,
        "metadata": {"order_number": order.number},
        "livemode": False,
    }


def charge_refunded(order, *, amount_refunded=None):
    amount = int(order.total_incl_tax * 100)
    refunded = amount if amount_refunded is None else amount_refunded
    return {
        "id": "ch_test_order",
        "object": "charge",
        "amount": amount,
        "amount_refunded": refunded,
        "currency": "mad",
        "captured": True,
        "paid": True,
        "refunded": refunded == amount,
        "payment_intent": "pi_test_order",
        "metadata": {"order_number": order.number},
    }


def post(client, body: str, signature: str | None = None):
    return client.post(
        WEBHOOK_URL,
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(body) if signature is None else signature,
    )
