"""Offers' and vouchers' names in three languages (issue 17): the basket, the
checkout, the order pages and the confirmation e-mail show the visitor's (or
recipient's) language, else French marked with its `lang`."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from oscar.core.loading import get_model

from marketplace.notifications.models import UserPreferences
from marketplace.returns.services import _voucher_issue
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    checkout,
    checkout_to_preview,
    fill_basket,
    make_product,
    make_seller,
)

ConditionalOffer = get_model("offer", "ConditionalOffer")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
Range = get_model("offer", "Range")
Voucher = get_model("voucher", "Voucher")
VoucherSet = get_model("voucher", "VoucherSet")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

NAME = {"fr": "Fête des artisans", "ar": "عيد الصناع"}
DESCRIPTION = {"fr": "Dix pour cent sur tout", "ar": "عشرة في المائة على كل شيء"}
FRENCH_MARKED = '<span lang="fr" dir="ltr">Fête des artisans</span>'


def _offer(offer_type=ConditionalOffer.SITE, **names):
    everything = Range.objects.create(name="Tout", includes_all_products=True)
    return ConditionalOffer.objects.create(
        offer_type=offer_type,
        condition=Condition.objects.create(
            range=everything, type=Condition.COUNT, value=1
        ),
        benefit=Benefit.objects.create(
            range=everything, type=Benefit.PERCENTAGE, value=Decimal("10")
        ),
        **names,
    )


@pytest.fixture
def festival():
    """A site offer named in French and Arabic, not in English."""
    return _offer(
        name=NAME["fr"],
        name_fr=NAME["fr"],
        name_ar=NAME["ar"],
        description_fr=DESCRIPTION["fr"],
        description_ar=DESCRIPTION["ar"],
    )


@pytest.fixture
def tajine():
    return make_product(make_seller("Poterie Fassi"), price="300.00", title="Tajine")


def test_the_basket_names_the_offer_in_the_visitors_language(festival, tajine):
    client = Client()
    fill_basket(client, [(tajine, 1)])

    # First the French page: it shows the message of the French page that
    # added the line ("your basket now qualifies for ...").
    french = client.get("/fr/basket/").content.decode()
    arabic = client.get("/ar/basket/").content.decode()
    english = client.get("/en/basket/").content.decode()

    assert NAME["ar"] in arabic and DESCRIPTION["ar"] in arabic
    assert NAME["fr"] not in arabic
    assert FRENCH_MARKED in english
    assert f'<span lang="fr" dir="ltr">{DESCRIPTION["fr"]}</span>' in english
    assert NAME["fr"] in french and FRENCH_MARKED not in french


def basket_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_basket_messages_name_the_offer_in_the_visitors_language(festival, tajine):
    # Oscar's "now qualifies for" and "no longer qualifies for" messages,
    # from a page in each language.
    english = Client()
    response = english.post(
        f"/en/basket/add/{tajine.pk}/", {"quantity": 1}, follow=True
    )
    (message,) = [m for m in basket_messages(response) if "now qualifies" in m]
    assert FRENCH_MARKED in message

    arabic = Client()
    response = arabic.post(f"/ar/basket/add/{tajine.pk}/", {"quantity": 1}, follow=True)
    text = " ".join(basket_messages(response))
    assert NAME["ar"] in text and NAME["fr"] not in text
    (offer_message,) = [m for m in basket_messages(response) if NAME["ar"] in m]
    assert "<span lang" not in offer_message  # the page's own language: no mark

    line = english.get("/en/basket/").context["basket"].all_lines()[0]
    response = english.post(
        "/en/basket/",
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000,
            "form-0-id": line.pk,
            "form-0-quantity": 0,
        },
        follow=True,
    )
    (message,) = [m for m in basket_messages(response) if "no longer qualif" in m]
    assert FRENCH_MARKED in message


def test_a_basket_message_names_an_offer_in_english_unmarked(tajine):
    offer = _offer(name="Craft week", name_fr="Semaine", name_en="Craft week")
    response = Client().post(
        f"/en/basket/add/{tajine.pk}/", {"quantity": 1}, follow=True
    )
    text = " ".join(basket_messages(response))
    assert "<strong>Craft week</strong>" in text
    assert offer.name_fr not in text


def test_the_checkout_preview_names_the_offer_in_the_visitors_language(
    festival, tajine
):
    client = Client()
    checkout_to_preview(client, [(tajine, 1)])

    assert NAME["ar"] in client.get("/ar/checkout/preview/").content.decode()
    assert FRENCH_MARKED in client.get("/en/checkout/preview/").content.decode()


def test_the_order_pages_name_the_offer_of_a_french_order_in_their_language(
    festival, tajine
):
    client = Client()
    client.force_login(UserFactory(email="amina@example.ma"))
    checkout(client, [(tajine, 1)], signed_in=True)
    order = Order.objects.get()
    (discount,) = order.basket_discounts
    assert discount.offer_name == NAME["fr"]  # stored in the checkout's language

    thank_you = client.get("/ar/checkout/thank-you/").content.decode()
    arabic = client.get(f"/ar/accounts/orders/{order.number}/").content.decode()
    english = client.get(f"/en/accounts/orders/{order.number}/").content.decode()

    assert NAME["ar"] in thank_you and NAME["fr"] not in thank_you
    assert NAME["ar"] in arabic and NAME["fr"] not in arabic
    assert FRENCH_MARKED in english


def test_an_order_whose_offer_was_deleted_shows_the_stored_name(festival, tajine):
    client = Client()
    client.force_login(UserFactory(email="amina@example.ma"))
    checkout(client, [(tajine, 1)], signed_in=True)
    order = Order.objects.get()
    order.discounts.update(offer_id=None)

    assert (
        NAME["fr"]
        in client.get(f"/ar/accounts/orders/{order.number}/").content.decode()
    )


@pytest.mark.parametrize("code", ["ar", "en"])
def test_the_confirmation_e_mail_names_the_offer_in_the_shoppers_language(
    festival, tajine, code
):
    shopper = UserFactory(email="amina@example.ma")
    UserPreferences.objects.create(user=shopper, language=code)
    client = Client()
    client.force_login(shopper)
    checkout(client, [(tajine, 1)], signed_in=True)
    order = Order.objects.get()
    with translation.override(code):
        subject = render_to_string(
            "oscar/communication/emails/commtype_order_placed_subject.txt",
            {"order": order},
        ).strip()

    (confirmation,) = [m for m in mail.outbox if m.subject == subject]
    html = confirmation.alternatives[0][0]
    assert (NAME["ar"] if code == "ar" else FRENCH_MARKED) in html


@pytest.mark.parametrize("code", ["ar", "en", "fr"])
def test_the_plain_text_confirmation_names_the_offer_in_the_shoppers_language(
    festival, tajine, code
):
    # Oscar's plain-text part had no offers; the HTML part had (its block).
    shopper = UserFactory(email="amina@example.ma")
    UserPreferences.objects.create(user=shopper, language=code)
    client = Client()
    client.force_login(shopper)
    checkout(client, [(tajine, 1)], signed_in=True)
    order = Order.objects.get()
    with translation.override(code):
        subject = render_to_string(
            "oscar/communication/emails/commtype_order_placed_subject.txt",
            {"order": order},
        ).strip()
        discount = gettext("Discount")
        address = gettext("Shipping address:")

    (confirmation,) = [m for m in mail.outbox if m.subject == subject]
    text = confirmation.body
    # English falls back on the French name: plain text, no markup in a text.
    assert f"{discount}: {NAME.get(code, NAME['fr'])}\n" in text
    assert "<span" not in text
    if code == "ar":
        assert NAME["fr"] not in text
    # Said before the address, as the HTML part's totals come before it.
    assert text.index(f"{discount}:") < text.index(address)


def test_the_basket_names_a_voucher_in_the_visitors_language(tajine):
    offer = _offer(
        offer_type=ConditionalOffer.VOUCHER, name="Bon fête", name_fr="Bon fête"
    )
    voucher = Voucher.objects.create(
        name="Bon des artisans",
        name_fr="Bon des artisans",
        name_ar="قسيمة الصناع",
        code="FETE10",
        usage=Voucher.MULTI_USE,
        start_datetime="2020-01-01T00:00:00Z",
        end_datetime="2099-01-01T00:00:00Z",
    )
    voucher.offers.add(offer)
    client = Client()
    fill_basket(client, [(tajine, 1)])
    response = client.post("/fr/basket/vouchers/add/", {"code": "FETE10"})
    assert response.status_code == 302

    arabic = client.get("/ar/basket/").content.decode()
    english = client.get("/en/basket/").content.decode()

    assert "قسيمة الصناع (FETE10)" in arabic
    assert '<span lang="fr" dir="ltr">Bon des artisans</span> (FETE10)' in english


def test_the_basket_names_a_voucher_set_in_the_visitors_language(tajine):
    offer = _offer(offer_type=ConditionalOffer.VOUCHER, name="Foire", name_fr="Foire")
    voucher_set = VoucherSet.objects.create(
        name="Foire de Fès",
        name_fr="Foire de Fès",
        name_ar="معرض فاس",
        count=1,
        description="",
        start_datetime="2020-01-01T00:00:00Z",
        end_datetime="2099-01-01T00:00:00Z",
    )
    voucher = Voucher.objects.create(
        name="Foire de Fès - 1",
        name_fr="Foire de Fès - 1",
        code="FOIRE1",
        usage=Voucher.MULTI_USE,
        voucher_set=voucher_set,
        start_datetime="2020-01-01T00:00:00Z",
        end_datetime="2099-01-01T00:00:00Z",
    )
    voucher.offers.add(offer)
    client = Client()
    fill_basket(client, [(tajine, 1)])
    response = client.post("/fr/basket/vouchers/add/", {"code": "FOIRE1"})
    assert response.status_code == 302

    arabic = client.get("/ar/basket/").content.decode()
    english = client.get("/en/basket/").content.decode()

    assert "معرض فاس (FOIRE1)" in arabic
    assert "Foire de Fès" not in arabic
    assert '<span lang="fr" dir="ltr">Foire de Fès</span> (FOIRE1)' in english


def test_a_return_voucher_is_named_in_the_three_languages():
    code = _voucher_issue(request=SimpleNamespace(pk=7), amount=Decimal("50.00"))

    voucher = Voucher.objects.get(code=code)
    offer = voucher.offers.get()
    for language in ("fr", "ar", "en"):
        with translation.override(language):
            expected_voucher = gettext("Return #%(number)s") % {"number": 7}
            expected_offer = gettext("Return voucher %(code)s") % {"code": code}
        assert getattr(voucher, f"name_{language}") == expected_voucher
        assert getattr(offer, f"name_{language}") == expected_offer
    assert voucher.name_en == "Return #7"


def test_the_offers_pages_name_the_offer_in_the_visitors_language(festival, tajine):
    arabic = Client().get("/ar/offers/").content.decode()
    english = Client().get("/en/offers/").content.decode()
    detail = Client().get(f"/en/offers/{festival.slug}/").content.decode()

    assert NAME["ar"] in arabic and DESCRIPTION["ar"] in arabic
    assert NAME["fr"] not in arabic
    assert FRENCH_MARKED in english
    assert f'<span lang="fr" dir="ltr">{DESCRIPTION["fr"]}</span>' in english
    assert FRENCH_MARKED in detail


def test_an_offers_description_is_text_on_the_offers_pages(festival, tajine):
    festival.description_fr = "<script>alert(1)</script>"
    festival.description_ar = "<b>عرض</b>"
    festival.save()

    arabic = Client().get("/ar/offers/").content.decode()
    french = Client().get("/fr/offers/").content.decode()

    assert "&lt;b&gt;عرض&lt;/b&gt;" in arabic and "<b>عرض</b>" not in arabic
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in french
    assert "<script>alert(1)</script>" not in french
