"""The cooperative's and the chamber's journey: a cooperative's application
that the registry cannot confirm waits for its region's chamber, which
verifies it; a chamber editor then builds a fair page in Wagtail with its
exhibitors and featured products, submits it, the chamber's moderator approves
and publishes it, and the public page offers to shop the fair."""

import re
from datetime import date, timedelta

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import expect

from artisans.models import Region, Seller
from cms.models import FairPage, RegionPage
from marketplace.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from marketplace.translated import pick

from .steps import (
    apply_to_sell,
    exact,
    log_in,
    registry_entries_import,
    registry_id_new,
    second_factor_give,
    sign_up,
    tr,
    unique,
)

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.browser


def _wagtail_sign_in(page, email: str) -> None:
    page.goto("/cms-admin/login/")
    page.get_by_role("textbox", name="Username*").fill(email)
    page.get_by_role("textbox", name="Password*").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    second_factor_give(page, email)
    expect(page).to_have_url(re.compile(r"/cms-admin/$"))


def _choose(
    page, button: str, heading: str, search: str, label: str, row_text: str = ""
) -> None:
    """A Wagtail multiple chooser: search, tick one row, confirm."""
    page.get_by_role("button", name=button).click()
    dialog = page.get_by_role("dialog").filter(
        has=page.get_by_role("heading", name=heading)
    )
    dialog.get_by_role("textbox", name="Search term").fill(search)
    # The results are replaced as the search runs: tick once they are in.
    expect(dialog.get_by_role("alert")).to_contain_text(re.compile("match", re.I))
    row = dialog.get_by_role("row").filter(has_text=row_text)
    row.get_by_role("checkbox", name=label, exact=True).check()
    dialog.get_by_role("button", name="Confirm selection").click()
    expect(dialog).to_be_hidden()


def test_a_chamber_verifies_a_cooperative_and_publishes_a_fair(journey, tmp_path):
    lang = "fr"
    region = Region.objects.get(code="07")
    token = unique("coop").split("-")[1]
    registry_id = registry_id_new("07")
    registry_entries_import(
        tmp_path,
        [
            {
                "registry_id": registry_id,
                "kind": "cooperative",
                "name": f"Cooperative Nisrine {token}",
                "craft_code": "TAP01",
                "craft_label": "Tapis",
                "region_code": "07",
            }
        ],
    )

    # The cooperative applies under the name it trades as: the registry
    # knows another, so the application waits for the chamber.
    coop_name = f"Tisseuses du Haouz {token}"
    cooperative = journey.person("cooperative")
    coop_email = f"{unique('tisseuses')}@example.ma"
    sign_up(cooperative, lang, coop_email)
    apply_to_sell(
        cooperative,
        lang,
        kind="cooperative",
        registry_id=registry_id,
        name=coop_name,
        region=region.name,
    )
    expect(
        cooperative.get_by_text(tr(lang, "Pending review"), exact=True)
    ).to_be_visible()
    journey.shot(cooperative, "fr-application-pending")

    # The region's chamber reviews it in its queue and verifies it.
    chamber = journey.person("chamber")
    log_in(chamber, lang, f"chambre07@{DEMO_DOMAIN}", DEMO_PASSWORD, second_factor=True)
    chamber.goto(f"/{lang}/chamber/")
    chamber.get_by_role("link", name=coop_name).click()
    chamber.get_by_role("textbox", name=exact(tr(lang, "Reason"))).fill(
        "Nom commercial de la coopérative, inscription vérifiée par téléphone."
    )
    journey.shot(chamber, "fr-chamber-review")
    chamber.get_by_role("button", name=tr(lang, "Verify")).click()
    expect(chamber.get_by_text(tr(lang, "Decision recorded."))).to_be_visible()
    coop = Seller.objects.get(owner__email=coop_email)
    assert coop.status == Seller.Status.VERIFIED
    chamber.goto("/ar/chamber/")
    expect(chamber.locator("html")).to_have_attribute("dir", "rtl")
    journey.shot(chamber, "ar-chamber-queue")
    cooperative.reload()
    expect(cooperative.get_by_text(tr(lang, "Verified"), exact=True)).to_be_visible()

    # A chamber editor builds the fair page in its region's space.
    exhibitor = (
        Seller.objects.filter(region=region, status=Seller.Status.VERIFIED)
        .exclude(pk=coop.pk)
        .filter(products__is_public=True)
        .order_by("pk")
        .first()
    )
    featured = (
        Product.objects.filter(seller=exhibitor, is_public=True, parent=None)
        .order_by("pk")
        .first()
    )
    space = RegionPage.objects.get(region=region, locale__language_code="fr")
    title = f"Salon des tisseuses {token}"
    # Wagtail's admin speaks the browser's language: English here.
    editor = journey.person("editor", locale="en-US")
    _wagtail_sign_in(editor, f"chambre07@{DEMO_DOMAIN}")
    editor.goto(f"/cms-admin/pages/{space.pk}/")
    editor.get_by_role("link", name="Add child page").click()
    # A region's space takes several kinds of page: the editor picks one.
    editor.get_by_role("link", name="Fair or exhibition", exact=True).click()
    expect(editor).to_have_url(re.compile(r"/add/cms/fairpage/"))
    start = date.today() + timedelta(days=30)
    editor.get_by_role("textbox", name="Title*").fill(title)
    editor.get_by_role("textbox", name="Start date*").fill(start.isoformat())
    editor.get_by_role("textbox", name="End date*").fill(
        (start + timedelta(days=4)).isoformat()
    )
    editor.get_by_role("textbox", name="City*").fill("Marrakech")
    _choose(editor, "Add exhibitors", "Choose a shop", token, coop_name)
    _choose(editor, "Add exhibitors", "Choose a shop", exhibitor.name, exhibitor.name)
    _choose(
        editor,
        "Add featured products",
        "Choose a product",
        featured.title_fr,
        # The admin in English shows the English title where there is one.
        pick(featured, "title", language="en").text,
        row_text=exhibitor.name,
    )
    exhibitors = editor.get_by_role("region", name="Exhibitors", exact=True)
    expect(exhibitors).to_contain_text(coop_name)
    expect(exhibitors).to_contain_text(exhibitor.name)
    journey.shot(editor, "fr-wagtail-fair-editor")
    # The editor autosaves the new page in the background, then moves the form
    # to the page's edit URL: submitting before would create it a second time
    # (the server then shows the saved page instead of submitting it).
    expect(editor).to_have_url(re.compile(r"/cms-admin/pages/\d+/edit/"))
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name=re.compile(r"^Submit to")).click()
    expect(editor.get_by_role("status").first).to_contain_text(
        "submitted for moderation"
    )
    fair = FairPage.objects.get(title=title)
    assert not fair.live

    # The chamber's moderator approves: the page is published.
    moderator = journey.person("moderator", locale="en-US")
    _wagtail_sign_in(moderator, f"moderation07@{DEMO_DOMAIN}")
    moderator.get_by_role("region", name="Awaiting your review").get_by_role(
        "link", name=title
    ).click()
    moderator.get_by_role("button", name="More actions").click()
    moderator.get_by_role("button", name="Approve and Publish").click()
    expect(moderator.get_by_role("status").first).to_contain_text(
        f"Page '{title}' has been updated."
    )
    fair.refresh_from_db()
    assert fair.live
    assert fair.region_id == region.pk

    # Anyone now sees the fair, its exhibitors, and where to shop it.
    visitor = journey.person("visitor")
    visitor.goto(fair.get_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
    expect(
        visitor.get_by_role("heading", name=tr(lang, "Shop this fair"))
    ).to_be_visible()
    expect(visitor.get_by_role("link", name=coop_name).first).to_be_visible()
    expect(visitor.get_by_role("link", name=featured.title_fr).first).to_be_visible()
    journey.shot(visitor, "fr-fair-page")
