"""Cash on delivery always; card only when Stripe is configured."""

import pytest
from django.test import Client, override_settings

from marketplace.payments.models import OrderPayment
from tests.integration.checkout.shop import (
    checkout_to_preview,
    make_product,
    make_seller,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_preview():
    seller = make_seller("Poterie Fassi")
    client = Client()
    checkout_to_preview(client, [(make_product(seller, price="100.00"), 1)])
    return client


def test_without_stripe_cash_on_delivery_is_chosen_without_asking(at_preview):
    response = at_preview.get("/fr/checkout/payment-details/")

    assert response.status_code == 302
    assert response["Location"].endswith("/fr/checkout/preview/")
    assert at_preview.session["checkout_data"]["payment"]["method"] == "cod"


def test_with_stripe_the_shopper_chooses_cash_on_delivery_or_card(at_preview):
    with override_settings(
        STRIPE_SECRET_KEY="sk_test_x", PAYMENT_METHODS=["cod", "card"]
    ):
        page = at_preview.get("/fr/checkout/payment-details/")
        preview = at_preview.post("/fr/checkout/preview/", {"payment_method": "card"})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="cod"' in html and 'value="card"' in html
    assert preview.status_code == 200
    assert "Stripe" in preview.content.decode()


def test_card_cannot_be_chosen_when_stripe_is_not_configured(at_preview):
    response = at_preview.post("/fr/checkout/preview/", {"payment_method": "card"})

    assert response.status_code == 200
    assert at_preview.session["checkout_data"]["payment"].get("method") != "card"
    assert OrderPayment.objects.count() == 0
