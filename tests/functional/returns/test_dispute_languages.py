"""The staff's decision on a dispute keeps the language it was written in
(the staff's interface language, as a return's events do), and the pages of
the shopper and the seller in another language mark it with its `lang`; the
shopper's own words to the marketplace likewise on the staff's page."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from marketplace.returns.models import Dispute, ReturnRequest
from marketplace.returns.services import return_refuse
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    order_place,
    part_deliver,
    shopper_new,
)
from tests.languages import unmarked
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

NOTE = "Le colis était intact au départ"
WHY = "الغطاء مكسور"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def decided(django_user_model):
    """Amina's refused return, taken to the marketplace from an Arabic page;
    staff closed it with a note from a French page."""
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", title="Tajine")
    amina = shopper_new(email="amina@example.ma")
    part = part_deliver(
        order_place(shopper=amina, items=[(tajine, 1)]).seller_parts.get()
    )
    shopper = _client(amina)
    line = part.get_lines().get()
    shopper.post(
        f"/ar/returns/new/{part.pk}/",
        {
            f"line_{line.pk}": 1,
            "reason": "damaged",
            "description": "مكسور",
            "refund_method": "transfer",
            "holder_name": "Amina Alaoui",
            "rib": SHOPPER_RIB,
        },
    )
    request = ReturnRequest.objects.get()
    return_refuse(request=request, seller=potter, reason="Intact")
    shopper.post(f"/ar/returns/{request.pk}/", {"action": "dispute", "message": WHY})
    dispute = Dispute.objects.get()
    staff = django_user_model.objects.create_user("staff", is_staff=True)
    staff_client = Client()
    force_login_verified(staff_client, staff)
    answer = staff_client.post(
        f"/fr/dashboard/disputes/{dispute.pk}/", {"decision": "close", "note": NOTE}
    )
    assert answer.status_code == 302
    dispute.refresh_from_db()
    return {
        "dispute": dispute,
        "request": request,
        "shopper": shopper,
        "seller": _client(potter.owner),
        "staff": staff_client,
    }


def test_the_decision_keeps_the_staffs_language_and_the_shoppers_words_theirs(
    decided,
):
    dispute = decided["dispute"]
    assert (dispute.decision, dispute.decision_note) == ("close", NOTE)
    assert (dispute.decision_language, dispute.shopper_language) == ("fr", "ar")


@pytest.mark.parametrize(
    "side, path",
    [("shopper", "/ar/returns/{pk}/"), ("seller", "/ar/seller/returns/{pk}/")],
)
def test_an_arabic_page_marks_the_french_decision_note(decided, side, path):
    page = decided[side].get(path.format(pk=decided["request"].pk))
    assert page.status_code == 200
    html = page.content.decode()
    note = BeautifulSoup(html, "html.parser").select_one(".dispute-decision .user-text")
    assert NOTE in note.get_text()
    assert (note["lang"], note["dir"]) == ("fr", "ltr")
    assert unmarked(html, [NOTE]) == []


def test_a_french_page_leaves_the_french_note_unmarked(decided):
    html = decided["shopper"].get(f"/fr/returns/{decided['request'].pk}/")
    note = BeautifulSoup(html.content.decode(), "html.parser").select_one(
        ".dispute-decision .user-text"
    )
    assert NOTE in note.get_text() and not note.has_attr("lang")


def test_the_staffs_french_page_marks_the_shoppers_arabic_words(decided):
    html = decided["staff"].get(f"/fr/dashboard/disputes/{decided['dispute'].pk}/")
    assert html.status_code == 200
    assert unmarked(html.content.decode(), [WHY], lang="ar") == []


def test_another_shopper_sees_neither_the_return_nor_the_note(decided):
    other = _client(shopper_new(email="omar@example.ma"))
    page = other.get(f"/ar/returns/{decided['request'].pk}/")
    assert page.status_code == 404
    assert NOTE not in other.get("/ar/returns/").content.decode()
