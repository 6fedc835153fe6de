"""The card payment page, alone, may load Stripe.js and show Stripe's frames."""

import os

import pytest
from django.test import Client, override_settings

from tests.functional.marketplace.csp_checks import assert_strict_scripts, policy

pytestmark = [pytest.mark.stripe, pytest.mark.django_db]

LOCALSTRIPE_JS = "http://127.0.0.1:12180/js.stripe.com/v3/"


@pytest.fixture(autouse=True)
def _stripe_mock():
    with override_settings(STRIPE_API_BASE=os.environ.get("TEST_STRIPE_API_BASE")):
        yield


def _card_page(order):
    path = f"/fr/checkout/card/{order.number}/{order.verification_hash()}/"
    response = Client().get(path)
    assert response.status_code == 200
    return response


def test_the_card_page_allows_stripe_js_and_its_frames_only(card_order):
    card_order.payment.payment_intent_id = None
    card_order.payment.save()

    response = _card_page(card_order)

    directives = policy(response)
    assert "https://js.stripe.com" in directives["script-src"]
    assert {"https://js.stripe.com", "https://hooks.stripe.com"} <= set(
        directives["frame-src"]
    )
    assert "https://api.stripe.com" in directives["connect-src"]
    page = assert_strict_scripts(response)
    # The page's own script is a static file, not an inline one.
    assert not [s for s in page.inline_scripts if "Stripe" in s["body"]]
    sources = [s["attrs"].get("src", "") for s in page.scripts]
    assert "https://js.stripe.com/v3/" in sources
    assert any(src.endswith("payments/card-payment.js") for src in sources)
    # Other pages never let Stripe's origin run scripts.
    elsewhere = policy(Client().get("/fr/catalogue/"))
    assert "https://js.stripe.com" not in elsewhere["script-src"]


def test_the_card_page_allows_the_origin_stripe_js_is_served_from(card_order):
    card_order.payment.payment_intent_id = None
    card_order.payment.save()
    with override_settings(STRIPE_JS_URL=LOCALSTRIPE_JS):
        directives = policy(_card_page(card_order))
    for directive in ("script-src", "frame-src", "connect-src"):
        assert "http://127.0.0.1:12180" in directives[directive], directive
