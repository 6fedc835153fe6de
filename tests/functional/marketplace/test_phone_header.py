"""A phone's header (issue 18): one menu button, named in words in the
page's language, a real button tied to the menu it opens; the account bar's
links never fold behind a second one."""

import re

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.functional.marketplace.test_usable_by_everyone import Tags

pytestmark = pytest.mark.django_db


def _menu_buttons(html: str) -> list[tuple[str, dict]]:
    return [
        (tag, attrs)
        for tag, attrs in Tags(html).tags
        if "navbar-toggler" in attrs.get("class", "").split()
        or attrs.get("data-toggle") == "collapse"
    ]


def _button_text(html: str) -> str:
    match = re.search(r'<button class="navbar-toggler[^"]*"[^>]*>(.*?)</button>', html)
    assert match, "no menu button"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
@pytest.mark.parametrize("path", ["catalogue/", "basket/", "accounts/login/"])
def test_the_header_has_one_labelled_menu_button_for_the_main_menu(lang, path):
    html = Client().get(f"/{lang}/{path}").content.decode()

    ((tag, button),) = _menu_buttons(html)
    tags = Tags(html)
    # A <button> (Enter, Space and a tap open it) for the menu that exists.
    assert tag == "button"
    assert button["type"] == "button"
    assert button["aria-expanded"] == "false"
    target = button["aria-controls"]
    assert button["data-target"] == f"#{target}"
    ((tag, menu),) = tags.by_id(target)
    assert "collapse" in menu["class"].split()
    # Named in words (not only the icon), the icon hidden from readers.
    assert _button_text(html)
    assert "aria-label" not in button
    (icon,) = tags.find("span", **{"class": "navbar-toggler-icon"})
    assert icon["aria-hidden"] == "true"
    # Bootstrap's script, which opens it, is on the page.
    assert re.search(r'<script src="/static/oscar/js/bootstrap4/[^"]+"', html)


def test_the_menu_button_says_menu_in_english():
    html = Client().get("/en/catalogue/").content.decode()

    assert _button_text(html) == "Menu"


def test_the_account_links_stay_in_view_without_a_menu_of_their_own(client):
    html = client.get("/en/catalogue/").content.decode()
    tags = Tags(html)
    (bar,) = tags.find("nav", id="top_page")
    assert bar["aria-label"] == "Account and language"
    (login,) = tags.by_id("login_link")
    assert not tags.find(
        "div", **{"class": "navbar-collapse account-collapse collapse"}
    )

    client.force_login(UserFactory())
    html = client.get("/en/catalogue/").content.decode()
    assert re.search(r'<a id="logout_link" href="[^"]+"[^>]*>Logout</a>', html)
    assert len(_menu_buttons(html)) == 1
