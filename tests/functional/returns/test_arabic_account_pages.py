"""A shopper's Arabic account pages carry French text only inside an element
marked `lang="fr"` (issue 17): a product titled in French only, the
shopper's own French words, the seller's French answer on a return."""

import pytest
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.messaging.models import Conversation, Side
from marketplace.messaging.services import conversation_start, message_post
from marketplace.returns.models import ReturnRequest
from marketplace.returns.services import return_accept
from tests.integration.checkout.shop import make_product, make_seller
from tests.integration.returns.shop import (
    SHOPPER_RIB,
    order_place,
    part_deliver,
    shopper_new,
)
from tests.languages import unmarked

pytestmark = pytest.mark.django_db

WishList = get_model("wishlists", "WishList")

TITLE = "Tajine vernissé ocre"
DESCRIPTION = "Le couvercle est arrivé fêlé"
ANSWER = "Renvoyez-le par Amana, je rembourse"
ASKED = "Est-il adapté au four"
REPLIED = "Oui, cuisson douce seulement"
FRENCH = (TITLE, DESCRIPTION, ANSWER, ASKED, REPLIED)


def unmarked_french(page: str, phrases=FRENCH) -> list[str]:
    return unmarked(page, phrases)


@pytest.fixture
def returned():
    """Amina's delivered tajine (titled in French only), returned from a
    French page; the potter answered from a French page."""
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="300.00", title=TITLE)
    assert (tajine.title_fr, tajine.title_ar, tajine.title_en) == (TITLE, None, None)
    amina = shopper_new(email="amina@example.ma")
    part = part_deliver(
        order_place(shopper=amina, items=[(tajine, 1)]).seller_parts.get()
    )
    client = Client()
    client.force_login(amina)
    line = part.get_lines().get()
    response = client.post(
        f"/fr/returns/new/{part.pk}/",
        {
            f"line_{line.pk}": 1,
            "reason": "damaged",
            "description": DESCRIPTION,
            "refund_method": "transfer",
            "holder_name": "Amina Alaoui",
            "rib": SHOPPER_RIB,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = ReturnRequest.objects.get()
    with translation.override("fr"):
        return_accept(request=request, seller=potter, instructions=ANSWER)
    # A question about the tajine and the potter's answer, from French pages.
    asked = conversation_start(
        seller=potter,
        kind=Conversation.Kind.PRODUCT,
        body=ASKED,
        language="fr",
        shopper=amina,
        product=tajine,
    )
    message_post(
        conversation=asked.conversation,
        side=Side.SELLER,
        author=potter.owner,
        body=REPLIED,
        language="fr",
    )
    wishlist = WishList.objects.create(owner=amina, name="Cadeaux")
    wishlist.add(tajine)
    return {
        "client": client,
        "request": request,
        "part": part,
        "tajine": tajine,
        "wishlist": wishlist,
        "conversation": asked.conversation,
    }


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_return_page_marks_the_french_title_and_the_sellers_answer(returned, code):
    client, request = returned["client"], returned["request"]
    page = client.get(f"/{code}/returns/{request.pk}/").content.decode()

    for phrase in (TITLE, DESCRIPTION, ANSWER):
        assert phrase in page
    assert unmarked_french(page) == []
    assert f'<span lang="fr" dir="ltr">{TITLE}</span>' in page
    assert 'class="col-sm-9 user-text" lang="fr" dir="ltr"' in page


def test_a_french_page_marks_nothing_french(returned):
    page = returned["client"].get(f"/fr/returns/{returned['request'].pk}/")
    text = page.content.decode()
    assert ANSWER in text
    assert 'user-text" lang=' not in text
    assert '<span lang="fr"' not in text


def test_an_answer_written_in_arabic_is_marked_on_a_french_page(returned):
    request = returned["request"]
    event = request.events.get(actor="seller")
    event.message = request.seller_message = "أرسله عبر أمانة"
    event.language = "ar"
    event.save()
    request.save()

    page = returned["client"].get(f"/fr/returns/{request.pk}/").content.decode()
    assert 'user-text" lang="ar" dir="rtl">أرسله عبر أمانة' in page


def test_the_return_form_names_the_line_by_its_marked_title(returned):
    # A second delivered order, not yet returned.
    tajine = returned["tajine"]
    amina = returned["request"].shopper
    part = part_deliver(
        order_place(shopper=amina, items=[(tajine, 1)]).seller_parts.get()
    )
    page = returned["client"].get(f"/ar/returns/new/{part.pk}/").content.decode()
    assert TITLE in page
    assert unmarked_french(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/ar/returns/",
        "/ar/accounts/orders/",
        "/ar/accounts/orders/{number}/",
        "/ar/accounts/wishlists/",
        "/ar/accounts/wishlists/{key}/",
        "/ar/accounts/addresses/",
        "/ar/messages/",
        "/ar/messages/{conversation}/",
    ],
)
def test_the_shoppers_arabic_account_pages_mark_french_text(returned, path):
    url = path.format(
        number=returned["part"].order.number,
        key=returned["wishlist"].key,
        conversation=returned["conversation"].pk,
    )
    response = returned["client"].get(url)
    assert response.status_code == 200, url
    assert unmarked_french(response.content.decode()) == [], url
