"""The shipping method and carrier an order stores (in the language of the
checkout) read in each recipient's language in its e-mails: the code is kept
beside the text and the name looked up when the e-mail is written."""

import html

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, TestCase
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from marketplace.notifications import kinds
from marketplace.notifications.emails import email_render
from marketplace.notifications.models import Notification, UserPreferences
from marketplace.sellerorders.services import part_mark_shipped
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)
from tests.integration.shipping.rates import seeded_carriers, seller_ships

from .test_carrier_zone_names import COURIER, PER_SELLER

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

MOROCCO = {"fr": "Maroc", "ar": "المغرب", "en": "Morocco"}


def prefer(user, language: str):
    UserPreferences.objects.update_or_create(user=user, defaults={"language": language})
    return user


@pytest.fixture
def french_order():
    """An order placed on French pages by a shopper and from a seller who
    both read another language (set by each test)."""
    carriers = seeded_carriers()
    potter = make_seller("Poterie Fassi", email="potter@example.ma")
    seller_ships(potter, carrier=carriers["own-courier"])
    tajine = make_product(potter, price="300.00", title="Tajine vernissé")
    shopper = UserFactory(email="amina@example.ma")
    client = Client()
    client.force_login(shopper)
    return {"potter": potter, "shopper": shopper, "client": client, "tajine": tajine}


def _texts(message) -> list[str]:
    """The plain text, and the HTML part unescaped (names hold apostrophes)."""
    return [
        message.body,
        *(html.unescape(content) for content, _type in message.alternatives),
    ]


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_seller_reads_method_and_carrier_of_a_french_order_in_its_language(
    french_order, code
):
    prefer(french_order["potter"].owner, code)
    checkout(french_order["client"], [(french_order["tajine"], 1)], signed_in=True)
    order = Order.objects.get()
    assert order.shipping_method == PER_SELLER["fr"]
    assert order.seller_parts.get().carrier == COURIER["fr"]

    (notice,) = [m for m in mail.outbox if m.to == ["potter@example.ma"]]
    for text in _texts(notice):
        assert PER_SELLER[code] in text
        assert COURIER[code] in text
        assert PER_SELLER["fr"] not in text and COURIER["fr"] not in text


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_shoppers_confirmation_names_method_and_country_in_its_language(
    french_order, code
):
    prefer(french_order["shopper"], code)
    checkout(french_order["client"], [(french_order["tajine"], 1)], signed_in=True)

    order = Order.objects.get()
    with translation.override(code):
        subject = render_to_string(
            "oscar/communication/emails/commtype_order_placed_subject.txt",
            {"order": order},
        ).strip()
    (confirmation,) = [m for m in mail.outbox if m.subject == subject]
    assert f"{PER_SELLER[code]}</p>" in confirmation.alternatives[0][0]
    for text in _texts(confirmation):
        assert MOROCCO[code] in text
        assert MOROCCO["fr"] not in text


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_plain_text_confirmation_names_the_method_in_the_shoppers_language(
    french_order, code
):
    prefer(french_order["shopper"], code)
    checkout(french_order["client"], [(french_order["tajine"], 1)], signed_in=True)

    order = Order.objects.get()
    with translation.override(code):
        subject = render_to_string(
            "oscar/communication/emails/commtype_order_placed_subject.txt",
            {"order": order},
        ).strip()
        label = gettext("Shipping method")
    (confirmation,) = [m for m in mail.outbox if m.subject == subject]
    assert f"{label}: {PER_SELLER[code]}\n" in confirmation.body
    assert PER_SELLER["fr"] not in confirmation.body


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_shipped_parcels_carrier_reads_in_the_shoppers_language(french_order, code):
    prefer(french_order["shopper"], code)
    checkout(french_order["client"], [(french_order["tajine"], 1)], signed_in=True)
    order = Order.objects.get()
    cod_confirm(order)
    part = order.seller_parts.get()
    mail.outbox.clear()

    with translation.override("fr"), TestCase.captureOnCommitCallbacks(execute=True):
        # The seller ships from a French page: the name is stored in French.
        part_mark_shipped(
            part=part,
            seller=french_order["potter"],
            carrier=part.shipping_carrier.name,
            tracking_number="C-1234",
            shipping_carrier=part.shipping_carrier,
        )

    (shipped,) = mail.outbox
    for text in _texts(shipped):
        assert COURIER[code] in text
        assert COURIER["fr"] not in text


def test_a_carrier_gone_since_reads_as_stored():
    seeded_carriers()
    context = {"number": "1", "shop": "Poterie", "carrier": "Ancien transporteur"}

    rendered = email_render(
        kind=kinds.PART_SHIPPED,
        context={**context, "carrier_code": "gone"},
        url="/x/",
        language="ar",
    )
    assert "Ancien transporteur" in rendered.text

    rendered = email_render(
        kind=kinds.PART_SHIPPED,
        context={**context, "carrier_code": "own-courier"},
        url="/x/",
        language="ar",
    )
    assert COURIER["ar"] in rendered.text


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_sellers_bell_notice_keeps_the_codes(french_order, code):
    prefer(french_order["potter"].owner, code)
    checkout(french_order["client"], [(french_order["tajine"], 1)], signed_in=True)

    notice = Notification.objects.get(
        recipient=french_order["potter"].owner, kind=kinds.ORDER_PART_NEW
    )
    assert notice.context["shipping_method_code"] == "per-seller"
    assert notice.context["carrier_code"] == "own-courier"
