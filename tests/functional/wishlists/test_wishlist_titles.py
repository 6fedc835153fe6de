"""Wish lists name their products in the page's language; a title that falls
back to another is marked with its `lang` and `dir` (issue 17), in the link
text and in the image's `alt`."""

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.test import Client
from oscar.core.loading import get_model

from tests.factories import UserFactory
from tests.integration.checkout.shop import make_product, make_seller
from tests.languages import unmarked

pytestmark = pytest.mark.django_db

WishList = get_model("wishlists", "WishList")

FRENCH = "Tajine vernissé ocre"
ARABIC = "طاجين مزجج"


@pytest.fixture
def lists():
    """Amina's list holds a plate titled in French only and a tajine titled in
    Arabic too; Youssef's list holds the plate alone."""
    potter = make_seller("Poterie Fassi")
    french_only = make_product(potter, price="300.00", title=FRENCH)
    both = make_product(potter, price="200.00", title="Tajine de Safi")
    both.title_ar = ARABIC
    both.save()
    amina, youssef = UserFactory(), UserFactory()
    hers = WishList.objects.create(
        owner=amina, name="Cadeaux", visibility=WishList.PUBLIC
    )
    hers.add(french_only)
    hers.add(both)
    his = WishList.objects.create(owner=youssef, name="Maison")
    his.add(french_only)
    clients = {}
    for name, user in (("amina", amina), ("youssef", youssef)):
        clients[name] = Client()
        clients[name].force_login(user)
    return {"hers": hers, "his": his, "clients": clients, "amina": amina}


def test_an_arabic_wish_list_marks_a_french_only_title(lists):
    page = lists["clients"]["amina"].get(f"/ar/accounts/wishlists/{lists['hers'].key}/")
    assert page.status_code == 200
    html = page.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    link = soup.find("span", string=FRENCH)
    assert (link["lang"], link["dir"]) == ("fr", "ltr")
    assert link.parent.name == "a"
    image = soup.find("img", alt=FRENCH)
    assert (image["lang"], image["dir"]) == ("fr", "ltr")
    assert unmarked(html, [FRENCH]) == []


def test_an_arabic_title_is_shown_unmarked_on_an_arabic_page(lists):
    html = (
        lists["clients"]["amina"]
        .get(f"/ar/accounts/wishlists/{lists['hers'].key}/")
        .content.decode()
    )
    soup = BeautifulSoup(html, "html.parser")
    image = soup.find("img", alt=ARABIC)
    assert image is not None and not image.has_attr("lang")
    link = soup.find("a", string=ARABIC)
    assert link is not None and not link.has_attr("lang")
    assert "Tajine de Safi" not in html


def test_a_french_page_marks_nothing(lists):
    html = (
        lists["clients"]["amina"]
        .get(f"/fr/accounts/wishlists/{lists['hers'].key}/")
        .content.decode()
    )
    assert "Tajine de Safi" in html
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("img", alt=FRENCH).has_attr("lang")
    assert soup.find("a", string=FRENCH) is not None
    assert soup.find("span", string=FRENCH) is None


def test_each_shopper_sees_only_their_own_list(lists):
    amina, youssef = lists["clients"]["amina"], lists["clients"]["youssef"]
    hers, his = lists["hers"], lists["his"]

    assert amina.get(f"/ar/accounts/wishlists/{his.key}/").status_code == 404
    assert youssef.get(f"/ar/accounts/wishlists/{hers.key}/").status_code == 404
    index = youssef.get("/ar/accounts/wishlists/").content.decode()
    assert "Maison" in index and "Cadeaux" not in index
    index = amina.get("/ar/accounts/wishlists/").content.decode()
    assert "Cadeaux" in index and "Maison" not in index


def test_the_shared_list_page_is_titled_in_the_pages_language(lists):
    html = Client().get(f"/ar/wishlists/{lists['hers'].key}/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert "Wish List" not in soup.title.get_text()
    assert "Cadeaux" in soup.h1.get_text()
    assert unmarked(html, [FRENCH]) == []
    # A private list is not shown to anyone else.
    other = lists["clients"]["amina"].get(f"/ar/wishlists/{lists['his'].key}/")
    assert other.status_code == 403


def test_the_forked_lists_keep_oscars_admin_pages():
    Line = get_model("wishlists", "Line")
    assert admin.site.is_registered(WishList) and admin.site.is_registered(Line)
