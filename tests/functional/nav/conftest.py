import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def _no_stripe():
    """Without Stripe keys only cash on delivery is offered (the default)."""
    with override_settings(STRIPE_SECRET_KEY="", PAYMENT_METHODS=["cod"]):
        yield
