import pytest
from django.test import Client, override_settings
from oscar.core.loading import get_model

from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.integration.payments.stripe_events import WEBHOOK_SECRET

Order = get_model("order", "Order")


@pytest.fixture
def stripe_settings():
    """Card offered (test keys), webhooks signed with the test secret.

    No test here reaches Stripe: the card page, the only view that calls it,
    is not requested (see the stripe-marked tests for that).
    """
    with override_settings(
        STRIPE_SECRET_KEY="sk_test_maalem",
        STRIPE_PUBLISHABLE_KEY="pk_test_maalem",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        PAYMENT_METHODS=["cod", "card"],
    ):
        yield


@pytest.fixture
def card_order(stripe_settings):
    """A two-seller order placed for payment by card, awaiting Stripe."""
    potter = make_seller("Poterie Fassi", flat_rate="30.00", free_from="5000.00")
    weaver = make_seller("Tapis Azilal", flat_rate="45.00", free_from="5000.00")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    rug = make_product(weaver, price="1200.00", title="Tapis berbère")
    response = checkout(Client(), [(tajine, 1), (rug, 1)], method="card")
    assert response.status_code == 302
    order = Order.objects.get()
    assert f"/checkout/card/{order.number}/" in response["Location"]
    # What the card page stores after creating the PaymentIntent.
    order.payment.payment_intent_id = "pi_test_order"
    order.payment.save()
    return order
