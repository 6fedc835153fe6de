"""The artisan's journey: sign up, apply with a registry number and be verified
at once, put a product with two photos, a variant and stock on sale from the
seller dashboard, import the contract's sample catalogue file from the
dashboard (checked first, then imported through the task queue), find the
product in search, then receive a shopper's order (its own
lines only), ship it with a tracking number, and the shopper sees it.

From the home page on, the artisan reaches every page of the shop by links
(the header's role menu, the shop's home), never by typing an address."""

import re

import pytest
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import expect

from artisans.models import Region, Seller
from tests.integration.sellerdash.catalogue_files import SAMPLE

from .steps import (
    add_to_basket,
    apply_to_sell,
    checkout_as_guest,
    exact,
    language_switch,
    registry_entries_import,
    registry_id_new,
    search,
    sign_up,
    tr,
    unique,
)

Product = get_model("catalogue", "Product")
Order = get_model("order", "Order")

pytestmark = pytest.mark.browser


def _photos(folder) -> list:
    paths = []
    for n, colour in enumerate(["#b5651d", "#d4af37"]):
        path = folder / f"lanterne-{n}.jpg"
        Image.new("RGB", (640, 480), colour).save(path, "JPEG")
        paths.append(path)
    return paths


def _order_status_open(page, lang: str, email: str) -> None:
    """A guest's order page asks for the order's e-mail address first."""
    page.get_by_role("textbox", name=exact(tr(lang, "Email address"))).fill(email)
    page.get_by_role("button", name=tr(lang, "Submit")).click()
    expect(page.locator("#seller-parts")).to_be_visible()


def test_an_artisan_sells_a_product_and_ships_a_shoppers_order(
    journey, mailoutbox, tmp_path
):
    lang = "fr"
    region = Region.objects.get(code="07")
    token = unique("zk").split("-")[1]
    name = f"Youssef Zouak {token}"
    registry_id = registry_id_new("07")
    registry_entries_import(
        tmp_path,
        [
            {
                "registry_id": registry_id,
                "kind": "artisan",
                "name": name,
                "craft_code": "DIN01",
                "craft_label": "Dinanderie",
                "region_code": "07",
            }
        ],
    )

    # Sign up, apply: the registry matches, so the shop is verified at once.
    artisan = journey.person("artisan")
    email = f"{unique('youssef')}@example.ma"
    sign_up(artisan, lang, email)
    artisan.goto(f"/{lang}/")
    apply_to_sell(
        artisan,
        lang,
        kind="artisan",
        registry_id=registry_id,
        name=name,
        region=region.name,
        from_menu=True,
    )
    expect(artisan.get_by_text(tr(lang, "Verified"), exact=True)).to_be_visible()
    seller = Seller.objects.get(owner__email=email)
    assert seller.status == Seller.Status.VERIFIED
    journey.shot(artisan, "fr-application-verified")

    # A product sold in one variant, with two photos, from the dashboard.
    title = f"Lanterne ciselée {token}"
    menu = artisan.get_by_role("navigation", name=tr(lang, "Your workspace"))
    expect(menu.get_by_role("link", name=tr(lang, "Sell on Maalem"))).to_have_count(0)
    menu.get_by_role("link", name=tr(lang, "My shop")).click()
    expect(artisan).to_have_url(re.compile(rf"/{lang}/seller/$"))
    expect(artisan.locator(".shop-todo")).to_be_visible()
    artisan.get_by_role("link", name=tr(lang, "New product")).click()
    artisan.get_by_role("combobox", name=exact(tr(lang, "Product type"))).select_option(
        label="Artisanat"
    )
    artisan.get_by_role("button", name=tr(lang, "Continue")).click()
    # The texts side by side in each language, each field named with its
    # language: the seller writes French.
    artisan.get_by_role(
        "textbox", name=f"{tr(lang, 'Title')} (Français)", exact=True
    ).fill(title)
    artisan.get_by_role(
        "textbox", name=f"{tr(lang, 'Description')} (Français)", exact=True
    ).fill("Lanterne en laiton ciselé à la main, motifs de Marrakech.")
    artisan.get_by_role(
        "combobox", name=exact(tr(lang, "Region of origin"))
    ).select_option(label=region.name)
    artisan.get_by_role("listbox", name=exact(tr(lang, "Crafts"))).select_option(
        label="Dinanderie (laiton et cuivre)"
    )
    artisan.get_by_role("listbox", name=exact(tr(lang, "Materials"))).select_option(
        label="Laiton"
    )
    artisan.get_by_role(
        "checkbox", name=exact(tr(lang, "Sold in variants (sizes, colours…)"))
    ).check()
    artisan.get_by_role("button", name=tr(lang, "Create")).click()
    expect(artisan).to_have_url(re.compile(r"/seller/products/\d+/$"))
    expect(artisan.get_by_role("heading", level=1)).to_have_text(title)

    artisan.get_by_role(
        "textbox", name=exact(tr(lang, "Variant (size, colour…)"))
    ).fill("Grand modèle")
    artisan.get_by_role("spinbutton", name=exact(tr(lang, "Price (MAD)"))).fill("850")
    artisan.get_by_role("spinbutton", name=exact(tr(lang, "In stock"))).fill("4")
    artisan.get_by_role("button", name=tr(lang, "Add variant")).click()
    expect(artisan.get_by_role("link", name=re.compile("Grand modèle"))).to_be_visible()

    for photo in _photos(tmp_path):
        artisan.get_by_label(exact(tr(lang, "Photo"))).set_input_files(photo)
        artisan.get_by_role("button", name=tr(lang, "Add photo")).click()
        expect(artisan).to_have_url(re.compile(r"/seller/products/\d+/"))
    expect(artisan.get_by_text(tr(lang, "Main photo"), exact=True)).to_have_count(1)
    artisan.get_by_role("button", name=tr(lang, "Publish")).click()
    expect(artisan.get_by_role("link", name=tr(lang, "See it"))).to_be_visible()
    product = Product.objects.get(title=title)
    assert product.images.count() == 2
    assert product.children.count() == 1
    journey.shot(artisan, "fr-product-published")

    # The catalogue by file: from the shop's home, check the contract's sample
    # file (a dry run), then import it; the status page follows the task
    # queue's import until it is done. (The sample has no photos column, so
    # no ZIP goes with it.)
    artisan.get_by_role("navigation", name=tr(lang, "Your workspace")).get_by_role(
        "link", name=tr(lang, "My shop")
    ).click()
    artisan.get_by_role("link", name=tr(lang, "Import or export by file")).click()
    expect(artisan).to_have_url(re.compile(rf"/{lang}/seller/catalogue/file/$"))
    artisan.get_by_label(
        exact(tr(lang, "Catalogue file (CSV, UTF-8)"))
    ).set_input_files(SAMPLE)
    dry_run = artisan.get_by_role(
        "checkbox",
        name=exact(tr(lang, "Only check the file (dry run): change nothing")),
    )
    expect(dry_run).to_be_checked()
    artisan.get_by_role("button", name=tr(lang, "Send the file")).click()
    expect(
        artisan.get_by_text(
            tr(
                lang,
                "Dry run: nothing was changed. This is what importing the file "
                "would do.",
            )
        )
    ).to_be_visible(timeout=60_000)
    expect(artisan.locator(".count-created")).to_have_text("4")
    assert not Product.objects.filter(seller=seller, seller_sku="TAP-BO-01").exists()
    journey.shot(artisan, "fr-catalogue-checked")
    artisan.get_by_label(
        exact(tr(lang, "Catalogue file (CSV, UTF-8)"))
    ).set_input_files(SAMPLE)
    artisan.get_by_role(
        "checkbox",
        name=exact(tr(lang, "Only check the file (dry run): change nothing")),
    ).uncheck()
    artisan.get_by_role("button", name=tr(lang, "Send the file")).click()
    expect(artisan.get_by_text(tr(lang, "The file was imported."))).to_be_visible(
        timeout=60_000
    )
    expect(artisan.locator(".count-created")).to_have_text("4")
    assert set(
        Product.objects.filter(seller=seller)
        .exclude(seller_sku="")
        .values_list("seller_sku", flat=True)
    ) == {"TAP-BO-01", "TAP-BO-01-S", "TAP-BO-01-L", "POT-TAJ-07"}
    journey.shot(artisan, "fr-catalogue-imported")

    # A shopper finds it, and buys it with another artisan's piece.
    shopper = journey.person("shopper")
    shopper.goto(f"/{lang}/")
    search(shopper, lang, title)
    shopper.get_by_role("link", name=title).first.click()
    expect(shopper.get_by_text(tr(lang, "Verified artisan"))).to_be_visible()
    journey.shot(shopper, "fr-shopper-finds-product")
    # Oscar lists a product's variants; each has its own page and basket form.
    shopper.get_by_role("link", name="Grand modèle").click()
    add_to_basket(shopper, lang)
    other = (
        Product.objects.filter(
            is_public=True, stockrecords__num_in_stock__gt=3, title__startswith="Tapis"
        )
        .exclude(seller=seller)
        .order_by("pk")
        .first()
    )
    shopper.goto(other.get_absolute_url())
    add_to_basket(shopper, lang)
    shopper_email = f"{unique('salma')}@example.ma"
    checkout_as_guest(shopper, lang, email=shopper_email, method="cod")
    number = re.search(
        r"\d{6}", shopper.get_by_role("heading", level=1).inner_text()
    ).group(0)
    shopper.get_by_role("link", name=tr(lang, "View order status")).click()
    status_url = shopper.url
    _order_status_open(shopper, lang, shopper_email)
    journey.shot(shopper, "fr-shopper-order-status")

    # The shopper confirms the cash-on-delivery order by its e-mail's link:
    # until then the artisan is not asked to ship it.
    link = next(
        re.search(r"https?://\S+/checkout/cod/\S+/", m.body).group(0)
        for m in mailoutbox
        if shopper_email in m.to and "/checkout/cod/" in m.body
    )
    shopper.goto(link)
    shopper.get_by_role("button", name=tr(lang, "Confirm my order")).click()
    expect(shopper.locator("#cod-status")).to_have_attribute("data-status", "Confirmed")

    # The artisan sees the order, only its own line, and ships it.
    assert any(number in m.body for m in mailoutbox if email in m.to)
    artisan.goto(f"/{lang}/")
    menu = artisan.get_by_role("navigation", name=tr(lang, "Your workspace"))
    # The menu counts the order waiting; the shop's home links to it.
    expect(menu.locator("#nav-shop-orders .badge-warning")).to_have_text(
        re.compile(r"^1\b")
    )
    menu.get_by_role("link", name=tr(lang, "My shop")).click()
    artisan.locator(".shop-todo .todo-ship a").click()
    expect(artisan).to_have_url(re.compile(rf"/{lang}/seller/orders/\?todo=ship$"))
    artisan.get_by_role("link", name=number).click()
    lines = artisan.get_by_role("table").first
    expect(lines).to_contain_text("Grand modèle")
    expect(lines).not_to_contain_text(other.title)
    # Carriers are a list now; Amana's numbers look like AM123456789MA.
    artisan.get_by_role("combobox", name=exact(tr(lang, "Carrier"))).select_option(
        "amana"
    )
    artisan.get_by_role("textbox", name=exact(tr(lang, "Tracking number"))).fill(
        "AM123456789MA"
    )
    journey.shot(artisan, "fr-seller-order")
    artisan.get_by_role("button", name=tr(lang, "Mark shipped")).click()
    expect(artisan.locator("#part-status")).to_have_text(tr(lang, "Shipped"))
    artisan.get_by_role("navigation", name=tr(lang, "Your workspace")).locator(
        "#nav-shop-orders"
    ).click()
    expect(artisan).to_have_url(re.compile(rf"/{lang}/seller/orders/$"))
    language_switch(artisan, "ar")
    expect(artisan).to_have_url(re.compile(r"/ar/seller/orders/$"))
    expect(artisan.locator("html")).to_have_attribute("dir", "rtl")
    journey.shot(artisan, "ar-seller-orders")

    # The balance and payouts, from the menu too.
    artisan.get_by_role("navigation", name=tr("ar", "Your workspace")).locator(
        "#nav-shop-payouts"
    ).click()
    expect(artisan).to_have_url(re.compile(r"/ar/seller/payouts/$"))
    journey.shot(artisan, "ar-seller-payouts")

    # The shopper's order page shows that parcel shipped, with its tracking.
    shopper.goto(status_url)
    _order_status_open(shopper, lang, shopper_email)
    parcel = shopper.locator(".seller-part").filter(has_text=seller.name)
    expect(parcel).to_contain_text(tr(lang, "Shipped"))
    expect(parcel).to_contain_text("AM123456789MA")
    # A link to Amana's tracking page.
    expect(parcel.locator("a.tracking-link")).to_have_attribute(
        "href", re.compile(r"AM123456789MA$")
    )
    other_parcel = shopper.locator(".seller-part").filter(has_text=other.seller.name)
    expect(other_parcel).to_contain_text(tr(lang, "Preparing"))
    journey.shot(shopper, "fr-shopper-sees-shipped")
    shopper.goto(re.sub(r"^(https?://[^/]+)/fr/", r"\1/ar/", status_url))
    _order_status_open(shopper, "ar", shopper_email)
    expect(shopper.locator("html")).to_have_attribute("dir", "rtl")
    journey.shot(shopper, "ar-shopper-sees-shipped")
    assert any(
        "AM123456789MA" in m.body or number in m.subject
        for m in mailoutbox
        if shopper_email in m.to
    )
