"""A shopper in French pays by card through the CMI: the card step sends them
to the CMI's hosted 3-D Secure page (the simulator, scripts/cmi_sim.sh), the
card is typed there, the CMI's signed callback marks the order paid, and the
shopper lands back on the order page, which says so."""

import os
import re

import pytest
from django.test import override_settings
from oscar.core.loading import get_model
from playwright.sync_api import expect

from marketplace.payments.models import CmiCallback, LedgerEntry, OrderPayment

from .steps import checkout_as_guest, tr, unique
from .test_shopper import shop_from_two_artisans

Order = get_model("order", "Order")

pytestmark = [pytest.mark.browser, pytest.mark.cmi]


@pytest.fixture
def cmi_sim(site):
    base = os.environ["TEST_CMI_SIM_URL"]
    with override_settings(
        CMI_CLIENT_ID=os.environ["TEST_CMI_CLIENT_ID"],
        CMI_STORE_KEY=os.environ["TEST_CMI_STORE_KEY"],
        CMI_GATEWAY_URL=f"{base}/fim/est3Dgate",
        PAYMENT_METHODS=["cod", "card"],
        PAYMENT_CARD_PROVIDERS=["cmi", "stripe"],
    ):
        yield base


def test_a_shopper_pays_by_card_through_the_cmi_in_french(journey, mailoutbox, cmi_sim):
    lang = "fr"
    page = journey.person("shopper")
    email = f"{unique('salma')}@example.ma"

    products = shop_from_two_artisans(journey, page, lang)
    checkout_as_guest(page, lang, email=email, method="cmi")

    # The card step: the order is placed, its items reserved; no card field here.
    expect(page).to_have_url(re.compile(r"/fr/checkout/card/\d+/"))
    number = re.search(r"/checkout/card/(\d+)/", page.url).group(1)
    order = Order.objects.get(number=number)
    assert order.payment.provider == OrderPayment.Provider.CMI
    assert {line.product_id for line in order.lines.all()} == {
        product.pk for product in products
    }
    journey.shot(page, f"{lang}-cmi-card-step")
    page.get_by_role(
        "button", name=tr(lang, "Continue to the secure payment page")
    ).click()

    # The CMI's hosted page, in the shopper's language.
    expect(page).to_have_url(f"{cmi_sim}/fim/est3Dgate")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#oid")).to_have_text(number)
    expect(page.locator("#amount")).to_contain_text(f"{order.total_incl_tax:.2f}")
    page.get_by_label("Numéro de carte").fill("4111 1111 1111 1111")
    page.get_by_label("Mois d'expiration").fill("12")
    page.get_by_label("Année d'expiration").fill("30")
    page.get_by_label("Cryptogramme (CVV)").fill("123")
    journey.shot(page, f"{lang}-cmi-hosted-page")
    page.get_by_role("button", name="Payer").click()

    # Back on the order page, which shows what the signed callback recorded.
    expect(page).to_have_url(re.compile(rf"/fr/checkout/card/{number}/[^/]+/return/$"))
    expect(page.locator("#payment-status")).to_have_attribute("data-status", "paid")
    journey.shot(page, f"{lang}-cmi-paid")
    order.payment.refresh_from_db()
    assert order.payment.status == OrderPayment.Status.PAID
    assert CmiCallback.objects.get(order_number=number).reply == "ACTION=POSTAUTH"
    assert LedgerEntry.objects.filter(part__order=order, kind="sale").count() == 2
    assert any(number in m.subject + m.body for m in mailoutbox if email in m.to)
