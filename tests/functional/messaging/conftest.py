import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import translation
from PIL import Image

from tests.integration.checkout.shop import make_product, make_seller


@pytest.fixture(autouse=True)
def _no_stripe():
    """Without Stripe keys only cash on delivery is offered (the default)."""
    with override_settings(STRIPE_SECRET_KEY="", PAYMENT_METHODS=["cod"]):
        yield


@pytest.fixture(autouse=True)
def _language_back():
    """A request to /en/ leaves English active in this thread: later tests
    (reversing URLs) expect the site's default again."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Storefronts keep a shop's figures in the cache: none from another test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shops():
    """Two shops, a product each (and a second one for the potter)."""
    potter = make_seller("Poterie Fassi", email="potter@example.ma")
    weaver = make_seller("Tapis Azilal", email="weaver@example.ma")
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    plate = make_product(potter, price="250.00", title="Assiette bleue")
    rug = make_product(weaver, price="1200.00", title="Tapis berbère")
    return potter, weaver, tajine, plate, rug


def shopper(name: str):
    return get_user_model().objects.create_user(
        name.lower(), f"{name.lower()}@example.ma", "pw-shopper-123!", first_name=name
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def png(size=(20, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile("crack.png", buffer.getvalue(), "image/png")


@pytest.fixture
def outbox_mail(django_capture_on_commit_callbacks):
    """Run what follows a commit (the outbox's e-mails) as a request would."""
    mail.outbox.clear()
    return django_capture_on_commit_callbacks
