"""The after-the-sale journey, the shopper in Arabic: a signed-in shopper
asks an artisan a question before buying, orders (cash on delivery), receives
the parcel, asks on /ar/ to return one of its lines; the artisan accepts,
receives the piece and the shopper is refunded (a voucher); both pages show
it. Reached by links from the home page and the e-mails' links."""

import re

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from marketplace.core.demo import DEMO_PASSWORD
from marketplace.returns.models import ReturnRequest

from .steps import (
    PAYMENT_METHODS,
    add_to_basket,
    exact,
    log_in,
    search,
    sign_up,
    tr,
    unique,
)

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")

pytestmark = pytest.mark.browser


def _two_pieces_of_one_shop():
    """Two public products in stock of one verified demo shop."""
    for product in (
        Product.objects.filter(
            is_public=True,
            stockrecords__num_in_stock__gt=3,
            seller__status="verified",
            parent__isnull=True,
            structure="standalone",
        )
        .select_related("seller__owner")
        .order_by("pk")
    ):
        other = (
            Product.objects.filter(
                is_public=True,
                seller=product.seller,
                stockrecords__num_in_stock__gt=3,
                structure="standalone",
            )
            .exclude(pk=product.pk)
            .order_by("pk")
            .first()
        )
        if other is not None:
            return product, other
    raise AssertionError("the demo has no shop with two pieces in stock")


def _checkout_signed_in(page, lang: str) -> str:
    """From the basket to the placed order; its number."""
    page.goto(f"/{lang}/checkout/")
    page.get_by_role("textbox", name=exact(tr(lang, "First name"))).fill("Amina")
    page.get_by_role("textbox", name=exact(tr(lang, "Last name"))).fill("Alaoui")
    page.get_by_role("textbox", name=exact(tr(lang, "First line of address"))).fill(
        "12 rue des Potiers"
    )
    page.get_by_role("textbox", name=exact(tr(lang, "City"))).fill("Fès")
    page.get_by_role("textbox", name=exact(tr(lang, "Post/Zip-code"))).fill("30000")
    page.get_by_role("button", name=tr(lang, "Continue")).click()
    expect(page).to_have_url(re.compile(r"/checkout/(payment-details|preview)/"))
    if "/payment-details/" in page.url:
        page.get_by_role("radio", name=tr(lang, PAYMENT_METHODS["cod"])).check()
        page.get_by_role("button", name=tr(lang, "Continue")).click()
    # Law 31-08: the terms of sale accepted before the order is placed.
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name=tr(lang, "Place order")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"\d{6}"))
    return re.search(r"\d{6}", page.get_by_role("heading", level=1).inner_text()).group(
        0
    )


def test_a_shopper_asks_buys_and_returns_one_line_in_arabic(journey, mailoutbox):
    tajine, plate = _two_pieces_of_one_shop()
    seller = tajine.seller

    # The shopper signs up and asks about the piece before buying.
    shopper = journey.person("shopper")
    email = f"{unique('amina')}@example.ma"
    sign_up(shopper, "fr", email)
    shopper.goto("/fr/")
    search(shopper, "fr", tajine.title)
    shopper.get_by_role("link", name=tajine.title).first.click()
    shopper.get_by_role("link", name=tr("fr", "Ask the artisan a question")).click()
    shopper.get_by_role("textbox", name=exact(tr("fr", "Your message"))).fill(
        "Pouvez-vous l'emballer pour un cadeau ?"
    )
    shopper.locator("#content_inner").get_by_role(
        "button", name=tr("fr", "Send")
    ).click()
    expect(
        shopper.get_by_text("Pouvez-vous l'emballer pour un cadeau ?")
    ).to_be_visible()
    journey.shot(shopper, "fr-question-before-buying")

    # Buys both pieces of that shop, cash on delivery, and confirms by e-mail.
    shopper.goto(tajine.get_absolute_url())
    add_to_basket(shopper, "fr")
    shopper.goto(plate.get_absolute_url())
    add_to_basket(shopper, "fr")
    number = _checkout_signed_in(shopper, "fr")
    link = next(
        re.search(r"https?://\S+/checkout/cod/\S+/", m.body).group(0)
        for m in mailoutbox
        if email in m.to and "/checkout/cod/" in m.body
    )
    shopper.goto(link)
    shopper.get_by_role("button", name=tr("fr", "Confirm my order")).click()
    expect(shopper.locator("#cod-status")).to_have_attribute("data-status", "Confirmed")

    # The artisan answers the question, ships and delivers from its orders.
    artisan = journey.person("artisan")
    log_in(artisan, "fr", seller.owner.email, DEMO_PASSWORD)
    artisan.goto("/fr/")
    menu = artisan.get_by_role("navigation", name=tr("fr", "Your workspace"))
    menu.get_by_role("link", name=tr("fr", "My shop")).click()
    artisan.get_by_role(
        "link", name=re.compile(tr("fr", "Messages from shoppers"))
    ).click()
    artisan.locator("tr.conversation").filter(has_text=tajine.title).get_by_role(
        "link"
    ).first.click()
    artisan.get_by_role("textbox", name=exact(tr("fr", "Your message"))).fill(
        "Oui, dans du papier kraft."
    )
    artisan.locator("#content_inner").get_by_role(
        "button", name=tr("fr", "Send")
    ).click()
    expect(artisan.get_by_text("Oui, dans du papier kraft.")).to_be_visible()
    artisan.goto("/fr/")
    artisan.get_by_role("navigation", name=tr("fr", "Your workspace")).locator(
        "#nav-shop-orders"
    ).click()
    artisan.get_by_role("link", name=number).click()
    # Carriers are a list; Amana's numbers look like AM123456789MA.
    artisan.get_by_role("combobox", name=exact(tr("fr", "Carrier"))).select_option(
        "amana"
    )
    artisan.get_by_role("textbox", name=exact(tr("fr", "Tracking number"))).fill(
        "AM987654321MA"
    )
    artisan.get_by_role("button", name=tr("fr", "Mark shipped")).click()
    artisan.get_by_role("button", name=tr("fr", "Mark delivered")).click()
    expect(artisan.locator("#part-status")).to_have_text(tr("fr", "Delivered"))

    # In Arabic, the shopper asks to return the plate alone.
    lang = "ar"
    shopper.goto(f"/{lang}/accounts/orders/{number}/")
    expect(shopper.locator("html")).to_have_attribute("dir", "rtl")
    shopper.get_by_role(
        "link",
        name=tr(lang, "Return or refund: parcel from %(shop)s") % {"shop": seller.name},
    ).click()
    # The line is named by the product's Arabic title where it has one.
    shopper.get_by_label(plate.title_ar or plate.title).fill("1")
    shopper.get_by_label(exact(tr(lang, "Reason"))).select_option("damaged")
    shopper.get_by_label(exact(tr(lang, "Refund by"))).select_option("voucher")
    shopper.get_by_role("button", name=tr(lang, "Send to the seller")).click()
    expect(shopper).to_have_url(re.compile(rf"/{lang}/returns/\d+/$"))
    request = ReturnRequest.objects.get(part__order__number=number)
    assert [(row.line.product_id, row.quantity) for row in request.lines.all()] == [
        (plate.pk, 1)
    ]
    journey.shot(shopper, "ar-return-asked")

    # The artisan accepts, receives the plate back: the shopper is refunded.
    artisan.goto("/fr/")
    artisan.get_by_role("navigation", name=tr("fr", "Your workspace")).locator(
        "#nav-shop-orders"
    ).click()
    artisan.get_by_role("link", name=tr("fr", "Returns")).first.click()
    artisan.locator("tr").filter(has_text=number).get_by_role("link").first.click()
    artisan.get_by_role("radio", name=tr("fr", "Accept the return")).check()
    artisan.get_by_role(
        "textbox", name=exact(tr("fr", "Return instructions, or your reason"))
    ).fill("Renvoyez-la par Amana à l'atelier.")
    artisan.get_by_role("button", name=tr("fr", "Send my answer")).click()
    artisan.get_by_role(
        "button", name=tr("fr", "I received the pieces: refund the shopper")
    ).click()
    expect(artisan.get_by_text(tr("fr", "Refunded")).first).to_be_visible()
    journey.shot(artisan, "fr-return-refunded-seller")
    request.refresh_from_db()
    assert request.status == ReturnRequest.Status.REFUNDED and request.voucher_code

    shopper.reload()
    expect(shopper.get_by_text(tr(lang, "Refunded")).first).to_be_visible()
    expect(shopper.get_by_text(request.voucher_code)).to_be_visible()
    journey.shot(shopper, "ar-return-refunded-shopper")
