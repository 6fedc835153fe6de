"""Usable by everyone (issue 18): every page the three users use most, in
French and Arabic, on a desktop (1280 px) and a phone (360 × 780), checked
by axe-core in the browser (no violation of impact serious or critical; the
JSON reports beside the screenshots), and on the phone without horizontal
scrolling. The shopper's pages: home, catalogue, a category, a product,
search, a storefront, the basket, each checkout step, the order's status,
sign-in and registration (with a form's errors tied to its fields); the
seller's dashboard pages; the chamber's review queue."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from playwright.sync_api import expect

from marketplace.orders.links import order_status_path

from .conftest import DESKTOP, PHONE
from .steps import add_to_basket, checkout_as_guest, log_in, tr, unique

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Order = get_model("order", "Order")

pytestmark = pytest.mark.browser

LOCALES = {"fr": "fr-FR", "ar": "ar-MA"}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
DEMO_PASSWORD = "maalem-demo"


def _url(lang: str, path_of) -> str:
    """A path of the site in `lang` (reversed under that language's prefix)."""
    with translation.override(lang):
        return path_of()


class Checker:
    def __init__(self, journey, lang: str, size: str):
        self.journey = journey
        self.prefix = f"{lang}-{size}"
        self.phone = size == "phone"
        self.overflows: list[str] = []

    def __call__(self, page, name: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", page_lang(page))
        page.wait_for_load_state("load")
        self.journey.check(page, f"{self.prefix}-{name}")
        if self.phone:
            scroll, inner = page.evaluate(
                "[document.scrollingElement.scrollWidth, window.innerWidth]"
            )
            # A phone widens its layout viewport to content wider than the
            # screen: the screen's own width is the bound too.
            if scroll > min(inner, PHONE[0]):
                self.overflows.append(f"{page.url}: {scroll} px wide in {inner} px")


def _person(journey, name: str, lang: str, viewport):
    page = journey.person(name, locale=LOCALES[lang], viewport=viewport)
    # Some thirty pages, each read whole by axe: on a machine busy with other
    # jobs a first rendering can take longer than the journeys' 15 s.
    page.set_default_navigation_timeout(60_000)
    return page


def page_lang(page) -> str:
    return re.match(r"^https?://[^/]+/(\w\w)/", page.url).group(1)


def _product_in_stock():
    # In stock net of what earlier journeys' orders hold.
    return (
        Product.objects.filter(
            is_public=True,
            stockrecords__num_in_stock__gt=Coalesce(F("stockrecords__num_allocated"), 0)
            + 3,
            seller__isnull=False,
            images__isnull=False,
        )
        .select_related("seller")
        .order_by("pk")
        .first()
    )


def shopper_pages(journey, check, lang: str, viewport) -> None:
    page = _person(journey, f"shopper-{lang}", lang, viewport)
    product = _product_in_stock()
    category = Category.objects.filter(product__is_public=True).order_by("pk").first()

    page.goto(f"/{lang}/")
    check(page, "home")
    page.goto(_url(lang, lambda: "/" + lang + "/catalogue/"))
    check(page, "catalogue")
    page.goto(_url(lang, category.get_absolute_url))
    check(page, "category")
    page.goto(f"/{lang}/search/?q=tapis")
    check(page, "search")
    page.goto(_url(lang, product.seller.get_absolute_url))
    check(page, "storefront")
    page.goto(_url(lang, product.get_absolute_url))
    check(page, "product")
    add_to_basket(page, lang)
    page.goto(f"/{lang}/basket/")
    check(page, "basket")

    email = f"{unique('a11y')}@example.ma"
    checkout_as_guest(
        page,
        lang,
        email=email,
        method="cod",
        on_step=lambda step: check(page, f"checkout-{step}"),
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"\d{6}"))
    check(page, "checkout-thank-you")
    order = Order.objects.get(guest_email=email)
    page.goto(_url(lang, lambda: order_status_path(order=order)))
    check(page, "order-status")

    # Sign-in and registration, then the sign-in form's errors on its fields.
    page.goto(f"/{lang}/accounts/login/")
    check(page, "sign-in")
    form = page.locator("#login_form")
    # The server's own errors (the browser's checks would stop it first).
    form.evaluate("form => { form.noValidate = true; }")
    form.get_by_role("textbox", name=re.compile(tr(lang, "Email address"))).fill(email)
    form.get_by_role("button", name=tr(lang, "Log In")).click()
    password = form.locator("input[type=password]")
    expect(password).to_have_attribute("aria-invalid", "true")
    described = password.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described.split()[0]}").count() == 1
    check(page, "sign-in-errors")


def seller_pages(journey, check, lang: str, viewport) -> None:
    page = _person(journey, f"seller-{lang}", lang, viewport)
    seller = get_user_model().objects.get(email="vendeur01@demo.maalem.ma")
    product = (
        Product.objects.filter(seller__owner=seller, parent__isnull=True)
        .order_by("pk")
        .first()
    )
    log_in(page, lang, seller.email, DEMO_PASSWORD)
    stock = product.stockrecords.order_by("pk").first()
    for name, url_name, kwargs in [
        ("seller-home", "sellerdash:index", {}),
        ("seller-product-new", "sellerdash:product-create", {}),
        ("seller-product", "sellerdash:product-edit", {"pk": product.pk}),
        ("seller-photos", "sellerdash:image-upload", {"pk": product.pk}),
        ("seller-stock", "sellerdash:stock-edit", {"pk": stock.pk}),
        ("seller-storefront", "sellerdash:storefront", {}),
        ("seller-catalogue-file", "sellerdash:catalogue-file", {}),
        ("seller-orders", "sellerorders:list", {}),
        ("seller-messages", "messaging:seller-inbox", {}),
    ]:
        page.goto(_url(lang, lambda: reverse(url_name, kwargs=kwargs)))  # noqa: B023
        check(page, name)


def chamber_pages(journey, check, lang: str, viewport) -> None:
    page = _person(journey, f"chamber-{lang}", lang, viewport)
    log_in(page, lang, "chambre07@demo.maalem.ma", DEMO_PASSWORD, second_factor=True)
    page.goto(_url(lang, lambda: reverse("artisans:chamber-queue")))
    check(page, "chamber-queue")
    page.goto(_url(lang, lambda: reverse("sellerdash:moderation")))
    check(page, "chamber-moderation")


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_listed_page_passes_axe_and_fits_a_phone(journey, lang, size):
    check = Checker(journey, lang, size)
    shopper_pages(journey, check, lang, VIEWPORTS[size])
    seller_pages(journey, check, lang, VIEWPORTS[size])
    chamber_pages(journey, check, lang, VIEWPORTS[size])
    assert not check.overflows, "Horizontal scrolling:\n" + "\n".join(check.overflows)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_language_switcher_is_labelled_and_works_with_or_without_js(
    journey, javascript
):
    page = journey.person("reader", javascript=javascript)
    page.goto("/fr/catalogue/")
    select = page.get_by_role("combobox", name=tr("fr", "Language"))
    button = page.locator("#language_selector").get_by_role("button")
    if javascript:
        # Chosen with the pointer: the page switches, no button to press.
        expect(button).to_be_hidden()
        select.select_option("ar")
    else:
        expect(button).to_be_visible()
        select.select_option("ar")
        button.click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page).to_have_url(re.compile(r"/ar/catalogue/"))


def test_the_skip_link_is_the_first_stop_and_moves_to_the_content(journey):
    page = journey.person("keyboard")
    page.goto("/fr/catalogue/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=tr("fr", "Skip to content"))
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
