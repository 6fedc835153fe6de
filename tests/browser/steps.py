"""Steps the journeys share, written against what a person sees.

Labels are found by their English source string translated into the page's
language, so one step serves the French and the Arabic journeys alike.
"""

import re
import uuid

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.mfa import recovery_code_new

# The payment choices' source strings (marketplace.checkout.forms).
PAYMENT_METHODS = {
    "cod": "Cash on delivery: pay each artisan's parcel when it arrives",
    "card": "Card (Visa, Mastercard, CMI cards): pay now, securely with Stripe",
    # The card choice when the CMI takes the card (PAYMENT_CARD_PROVIDERS).
    "cmi": "Card (Moroccan bank cards, Visa, Mastercard): pay now on the CMI's "
    "secure page",
}


def tr(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


def exact(text: str) -> re.Pattern:
    """A label as shown, whatever the required-field asterisk after it."""
    return re.compile(rf"^\s*{re.escape(text)}\s*[:*]?\s*$")


def unique(prefix: str) -> str:
    """Journeys keep what they write: names differ on every run."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def search(page: Page, lang: str, words: str) -> None:
    box = page.get_by_role("search").first.get_by_role(
        "combobox", name=tr(lang, "Search")
    )
    box.fill(words)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?"))


def add_to_basket(page: Page, lang: str) -> None:
    # The product's own form: product cards further down have the same button.
    form = page.locator("#add_to_basket_form")
    title = page.get_by_role("heading", level=1).inner_text()
    form.get_by_role("button", name=tr(lang, "Add to basket")).click()
    # Oscar's message names what was added (its alerts carry no role).
    expect(page.locator(".alert-success")).to_contain_text(title)


def checkout_as_guest(
    page: Page, lang: str, *, email: str, method: str, on_step=None
) -> None:
    """From the basket to the placed order's confirmation page; `on_step`,
    if given, is called with each step's name as the step is shown."""
    step = on_step or (lambda name: None)
    page.goto(f"/{lang}/checkout/")
    step("gateway")
    page.get_by_role("textbox", name=exact(tr(lang, "My email address is"))).fill(email)
    page.get_by_role(
        "radio", name=tr(lang, "I am a new customer and want to checkout as a guest")
    ).check()
    page.get_by_role("button", name=tr(lang, "Continue")).click()

    expect(page).to_have_url(re.compile(r"/checkout/shipping-address/"))
    step("shipping-address")
    page.get_by_role("textbox", name=exact(tr(lang, "First name"))).fill("Amina")
    page.get_by_role("textbox", name=exact(tr(lang, "Last name"))).fill("Alaoui")
    page.get_by_role("textbox", name=exact(tr(lang, "First line of address"))).fill(
        "12 rue des Potiers"
    )
    page.get_by_role("textbox", name=exact(tr(lang, "City"))).fill("Fès")
    page.get_by_role("textbox", name=exact(tr(lang, "Post/Zip-code"))).fill("30000")
    page.get_by_role("button", name=tr(lang, "Continue")).click()

    # With card payments on, the shopper chooses how to pay; else it is cash.
    expect(page).to_have_url(re.compile(r"/checkout/(payment-details|preview)/"))
    if "/payment-details/" in page.url:
        step("payment-details")
        page.get_by_role("radio", name=tr(lang, PAYMENT_METHODS[method])).check()
        page.get_by_role("button", name=tr(lang, "Continue")).click()
    else:
        assert method == "cod", "card payment is not offered"
    expect(page).to_have_url(re.compile(r"/checkout/preview/"))
    step("preview")
    expect(page.get_by_role("button", name=tr(lang, "Place order"))).to_be_visible()
    # Law 31-08: the terms of sale accepted, the version kept with the order.
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name=tr(lang, "Place order")).click()


PASSWORD = "Maalem-e2e-2026!"


def registry_entries_import(folder, rows: list[dict]) -> None:
    """Put entries in the national registry the way staff do: its CSV import."""
    from artisans.registry_import import registry_import

    header = "registry_id,kind,name_latin,craft_code,craft_label,region_code,status"
    lines = [header] + [
        ",".join(
            [
                row["registry_id"],
                row["kind"],
                row["name"],
                row["craft_code"],
                row["craft_label"],
                row["region_code"],
                "active",
            ]
        )
        for row in rows
    ]
    path = folder / "registry.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = registry_import(path=path)
    assert result.created + result.updated >= len(rows), result


def registry_id_new(region_code: str) -> str:
    return f"RNA-{region_code}-{uuid.uuid4().int % 10**7:07d}"


def sign_up(page: Page, lang: str, email: str) -> None:
    """Sign up: the address first, then the password, from the e-mailed link."""
    page.goto(f"/{lang}/accounts/login/")
    form = page.locator("#register_form")
    form.get_by_role("textbox", name=exact(tr(lang, "Email address"))).fill(email)
    form.get_by_role("button", name=tr(lang, "Register")).click()
    expect(page).to_have_url(re.compile(r"/accounts/register/sent/$"))
    (message,) = [message for message in mail.outbox if message.to == [email]]
    link = next(
        word for word in message.body.split() if "/accounts/register/confirm/" in word
    )
    page.goto(link)
    form = page.locator("#register_form")
    form.get_by_role("textbox", name=exact(tr(lang, "Password"))).fill(PASSWORD)
    form.get_by_role("textbox", name=exact(tr(lang, "Confirm password"))).fill(PASSWORD)
    form.get_by_role("button", name=tr(lang, "Register")).click()
    expect(page).to_have_url(re.compile(r"/accounts/"))
    expect(page.get_by_role("link", name=tr(lang, "Logout"))).to_be_visible()


def log_in(
    page: Page,
    lang: str,
    email: str,
    password: str = PASSWORD,
    *,
    second_factor: bool = False,
) -> None:
    page.goto(f"/{lang}/accounts/login/")
    form = page.locator("#login_form")
    form.get_by_role("textbox", name=exact(tr(lang, "Email address"))).fill(email)
    form.get_by_role("textbox", name=exact(tr(lang, "Password"))).fill(password)
    form.get_by_role("button", name=tr(lang, "Log In")).click()
    if second_factor:
        second_factor_give(page, email)
    # Signed in: the header's account bar has its "Logout" link.
    expect(page.locator("#logout_link")).to_have_text(
        re.compile(re.escape(tr(lang, "Logout")))
    )


def second_factor_give(page: Page, email: str) -> None:
    """On the code page that follows the password: one of the recovery codes.

    A recovery code, made for the journey, rather than the app's code: a
    time-based code is refused when the same account signed in with it in the
    same 30 seconds, which two journeys in a row can do.
    """
    expect(page).to_have_url(re.compile(r"/accounts/security/verify/"))
    code = recovery_code_new(get_user_model().objects.get(email=email))
    form = page.locator("#mfa_verify_form")
    form.get_by_role("textbox").fill(code)
    form.get_by_role("button").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/security/verify/"))


def language_switch(page: Page, lang: str) -> None:
    """The header's language selector: the same page in `lang` (chosen, it
    switches at once: static/js/language.js)."""
    form = page.locator("#language_selector")
    form.locator("select[name=language]").select_option(lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def apply_to_sell(
    page: Page,
    lang: str,
    *,
    kind: str,
    registry_id: str,
    name: str,
    region: str,
    from_menu: bool = False,
) -> None:
    """Fill the application; `from_menu`: reach it by the header's "Sell on
    Maalem" link from the page open (signed in, without a shop)."""
    if from_menu:
        page.get_by_role("link", name=tr(lang, "Sell on Maalem")).click()
    else:
        page.goto(f"/{lang}/seller/apply/")
    expect(page).to_have_url(re.compile(rf"/{lang}/seller/apply/$"))
    page.get_by_role("combobox", name=exact(tr(lang, "I apply as"))).select_option(kind)
    page.get_by_role("textbox", name=exact(tr(lang, "Registry number"))).fill(
        registry_id
    )
    page.get_by_role("textbox", name=exact(tr(lang, "Name as registered"))).fill(name)
    page.get_by_role("combobox", name=exact(tr(lang, "Region"))).select_option(
        label=region
    )
    page.get_by_role("textbox", name=exact(tr(lang, "Trade"))).fill("Dinanderie")
    page.get_by_role("textbox", name=exact(tr(lang, "Phone"))).fill("+212600112233")
    page.locator("#id_accept_terms").check()
    page.locator("#id_publication_consent").check()
    page.get_by_role("button", name=tr(lang, "Apply")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr(lang, "My application to sell")
    )
