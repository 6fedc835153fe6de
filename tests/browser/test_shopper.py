"""The shopper's journey, in French then in Arabic: search with a typo, narrow
by region, check the artisan is verified, buy from two artisans as a guest,
pay cash on delivery (or by card through localstripe), get the confirmation
page and e-mail."""

import os
import re
import time
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
import stripe
from django.test import override_settings
from oscar.core.loading import get_model
from playwright.sync_api import expect

from marketplace.payments.models import OrderPayment

from .steps import add_to_basket, checkout_as_guest, search, tr, unique

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")

pytestmark = pytest.mark.browser


ARABIC = re.compile(r"[\u0600-\u06FF]")


def _in_stock(prefix: str, *, not_by=None):
    """A public product of the demo with stock left, first by id, written in
    Arabic too (a few demo products are French only)."""
    products = Product.objects.filter(
        is_public=True,
        stockrecords__num_in_stock__gt=3,
        title_fr__startswith=prefix,
        title_ar__isnull=False,
    )
    if not_by is not None:
        products = products.exclude(seller=not_by)
    return products.select_related("seller__region").order_by("pk").first()


def shop_from_two_artisans(journey, page, lang: str):
    """Home → search with a typo → region filter → two artisans' products."""
    page.goto(f"/{lang}/")
    journey.shot(page, f"{lang}-home")

    babouches = _in_stock("Babouches")
    region = babouches.seller.region
    region_name = getattr(region, f"name_{lang}")
    # Names as the page's language shows them (the demo's Arabic ones start
    # "بلغة", babouches).
    name = re.compile("^" + re.escape(getattr(babouches, f"title_{lang}").split()[0]))
    # "babouchs": a letter missing, as typed in a hurry.
    search(page, lang, "babouchs")
    expect(page.get_by_role("link", name=name).first).to_be_visible()
    facets = page.get_by_role("complementary")
    facets.get_by_role("link", name=region_name).click()
    expect(facets.locator("[aria-current=true]")).to_contain_text(region_name)
    journey.shot(page, f"{lang}-search-typo-region")

    result_card(page, name).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(getattr(babouches, f"title_{lang}"))
    craft = babouches.categories.get()
    crumbs = page.get_by_role("navigation", name=tr(lang, "Breadcrumb"))
    expect(crumbs).to_contain_text(getattr(craft, f"name_{lang}"))
    if lang == "ar":
        # The product and its craft in Arabic, unmarked: the page's own language.
        assert ARABIC.search(heading.inner_text())
        assert heading.get_attribute("lang") is None
        assert ARABIC.search(crumbs.get_by_role("link").last.inner_text())
    badge = page.get_by_text(tr(lang, "Verified artisan"))
    expect(badge).to_be_visible()
    expect(badge).to_contain_text(region_name)
    journey.shot(page, f"{lang}-product-verified")
    add_to_basket(page, lang)

    # A second artisan's piece, found by its name.
    other = _in_stock("Tapis", not_by=babouches.seller)
    other_name = getattr(other, f"title_{lang}")
    search(page, lang, other.title_fr)
    result_card(page, other_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(other_name)
    if lang == "ar":
        assert ARABIC.search(other_name)
    add_to_basket(page, lang)
    return babouches, other


def result_card(page, title):
    """The link of the first product card whose title is `title` (a string is
    matched exactly: a longer title that starts the same is another product)."""
    heading = page.get_by_role("heading", name=title, exact=isinstance(title, str))
    return page.locator(".product-card").filter(has=heading).get_by_role("link").first


def assert_order_confirmed(journey, page, lang, *, email, mailoutbox, products):
    """The confirmation page names each artisan's parcel; the e-mail is sent."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"\d{6}"))
    number = re.search(r"\d{6}", heading.inner_text()).group(0)
    order = Order.objects.get(number=number)
    assert order.guest_email == email
    lines = {line.product_id for line in order.lines.all()}
    assert lines == {product.pk for product in products}
    assert order.seller_parts.count() == 2
    for product in products:
        expect(
            page.get_by_role("heading", name=re.compile(re.escape(product.seller.name)))
        ).to_be_visible()
    journey.shot(page, f"{lang}-confirmation")
    sent = [message for message in mailoutbox if email in message.to]
    assert sent, f"no e-mail to {email}"
    assert number in sent[0].subject + sent[0].body
    return order


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_shopper_buys_from_two_artisans_cash_on_delivery(journey, mailoutbox, lang):
    page = journey.person("shopper", locale={"fr": "fr-FR", "ar": "ar-MA"}[lang])
    email = f"{unique('amina')}@example.ma"

    products = shop_from_two_artisans(journey, page, lang)
    checkout_as_guest(page, lang, email=email, method="cod")

    expect(page.locator("html")).to_have_attribute("lang", lang)
    if lang == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    order = assert_order_confirmed(
        journey, page, lang, email=email, mailoutbox=mailoutbox, products=products
    )
    assert order.payment.method == OrderPayment.Method.COD


# --- Card payment through localstripe ------------------------------------------

WEBHOOK_SECRET = "whsec_localstripe_maalem_e2e"

# localstripe's Stripe.js stand-in mounts a card form for any Element but has
# no `confirmPayment` (the Payment Element's call, which the card page makes).
# This adds it: the card typed into the page's form is confirmed by Stripe's
# API with it (what Stripe.js does on Stripe's side), then the browser goes to
# the page's return_url, as Stripe.js does.
CONFIRM_PAYMENT_SHIM = """
(() => {
  let factory;
  const wrap = (make) => (key) => {
    const stripe = make(key);
    const elements = stripe.elements;
    stripe.elements = (options) => {
      const made = elements(options);
      made.clientSecret = options.clientSecret;
      return made;
    };
    stripe.confirmPayment = async ({elements, confirmParams}) => {
      const card = elements.getElement("payment").value.card;
      const result = await window.e2eConfirmCard(elements.clientSecret, card);
      if (result.error) {
        return {error: {message: result.error}};
      }
      window.location.assign(
        confirmParams.return_url + "?payment_intent=" + result.id +
        "&redirect_status=" + result.status);
      return {};
    };
    return stripe;
  };
  Object.defineProperty(window, "Stripe", {
    configurable: true,
    get() { return factory && wrap(factory); },
    set(value) { factory = value; },
  });
})();
"""


@pytest.fixture
def localstripe(site):
    base = os.environ["TEST_LOCALSTRIPE_URL"]
    config = urlencode(
        {"url": f"{site}/payments/stripe/webhook/", "secret": WEBHOOK_SECRET}
    )
    # Its own webhook name: other runs' servers keep theirs.
    with urlopen(f"{base}/_config/webhooks/maalem-e2e", data=config.encode()):
        pass
    with override_settings(
        STRIPE_SECRET_KEY="sk_test_localstripe",
        STRIPE_PUBLISHABLE_KEY="pk_test_localstripe",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=base,
        STRIPE_JS_URL=f"{base}/js.stripe.com/v3/",
        PAYMENT_METHODS=["cod", "card"],
    ):
        yield base


def _confirm_card(base: str):
    def confirm(client_secret: str, card: dict) -> dict:
        client = stripe.StripeClient(
            "sk_test_localstripe", base_addresses={"api": base}
        )
        intent_id = client_secret.split("_secret_")[0]
        try:
            method = client.v1.payment_methods.create(
                params={
                    "type": "card",
                    "card": {
                        "number": card["number"],
                        "exp_month": int(card["exp_month"]),
                        "exp_year": int(card["exp_year"]),
                        "cvc": card["cvc"],
                    },
                }
            )
            client.v1.payment_intents.update(
                intent_id, params={"payment_method": method["id"]}
            )
            intent = client.v1.payment_intents.confirm(intent_id)
        except stripe.StripeError as error:
            return {"error": error.user_message or str(error)}
        return {"id": intent["id"], "status": intent["status"]}

    return confirm


def _wait_until_paid(order, timeout: float = 20) -> None:
    """The signed webhook, not the browser, marks the order paid."""
    deadline = time.monotonic() + timeout
    payment = order.payment
    while payment.status != OrderPayment.Status.PAID:
        assert time.monotonic() < deadline, f"payment stayed {payment.status}"
        time.sleep(0.2)
        payment.refresh_from_db()


@pytest.mark.localstripe
def test_a_shopper_pays_by_card_through_the_stripe_mock(
    journey, mailoutbox, localstripe
):
    lang = "fr"
    page = journey.person("shopper")
    page.add_init_script(CONFIRM_PAYMENT_SHIM)
    page.expose_function("e2eConfirmCard", _confirm_card(localstripe))
    email = f"{unique('yasmine')}@example.ma"

    products = shop_from_two_artisans(journey, page, lang)
    checkout_as_guest(page, lang, email=email, method="card")

    expect(page).to_have_url(re.compile(r"/checkout/card/\d+/"))
    number = re.search(r"/checkout/card/(\d+)/", page.url).group(1)
    order = Order.objects.get(number=number)
    assert {line.product_id for line in order.lines.all()} == {
        product.pk for product in products
    }
    # The card form comes from the Stripe.js the settings name (localstripe's).
    card_form = page.locator("#payment-element")
    card_form.get_by_placeholder("number").fill("4242424242424242")
    card_form.get_by_placeholder("exp_month").fill("12")
    card_form.get_by_placeholder("exp_year").fill("30")
    card_form.get_by_placeholder("cvc").fill("123")
    card_form.get_by_placeholder("postal_code").fill("30000")
    journey.shot(page, f"{lang}-card-form")
    page.get_by_role("button", name=tr(lang, "Pay now")).click()

    expect(page).to_have_url(re.compile(r"/return/\?payment_intent=pi_"))
    _wait_until_paid(order)
    page.reload()
    expect(page.locator("#payment-status")).to_have_attribute("data-status", "paid")
    journey.shot(page, f"{lang}-card-paid")
    order.refresh_from_db()
    assert order.payment.method == OrderPayment.Method.CARD
    assert any(number in m.subject + m.body for m in mailoutbox if email in m.to)
