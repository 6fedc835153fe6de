"""Arabic shopper pages read in Arabic, not in the French of LANGUAGE_CODE.

Oscar's own Arabic catalogue leaves some msgids empty or fuzzy, so Django
falls back to the French catalogue (LANGUAGE_CODE) for them: the Arabic
confirmation page read "Commande N : confirmation". The project catalogue
(locale/ar, first in LOCALE_PATHS) fills them; these tests walk a shopper's
way in Arabic and look for French in what the page shows.
"""

import html as htmllib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from oscar.core.loading import get_model

from tests.integration.checkout.shop import (
    ADDRESS,
    country_morocco,
    make_product,
    make_seller,
)

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

# Words of Oscar's French catalogue that Arabic pages showed, and English
# msgids Oscar's Arabic catalogue "translates" as themselves.
FRENCH = ["Commande", "Panier", "Livraison", "Paiement", "Allocation"]
ENGLISH = ["Place order", "basket", "Cash on delivery", "In stock"]


def _main_text(response) -> str:
    """The words the page shows in its main content: no head, scripts, site
    navigation (language switcher, menus) or footer."""
    page = response.content.decode()
    page = re.sub(
        r"(?s)<head>.*?</head>|<script.*?</script>|<style.*?</style>"
        r"|<nav.*?</nav>|<footer.*?</footer>",
        " ",
        page,
    )
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"(?s)<[^>]+>", " ", page)))


def _assert_arabic(response, *headings):
    assert response.status_code == 200
    text = _main_text(response)
    for heading in headings:
        assert heading in text, (heading, text[:3000])
    for word in FRENCH + ENGLISH:
        assert word not in text, (word, text[:3000])


def _walk_to_preview(client, language, *, signed_in=False):
    """Basket → (gateway) → address → shipping method → preview, under
    /<language>/; returns the pages seen."""
    country_morocco()
    potter = make_seller("Poterie Fassi")
    tajine = make_product(potter, price="100.00", title="Tajine")
    pages = {}
    added = client.post(f"/{language}/basket/add/{tajine.pk}/", {"quantity": 2})
    assert added.status_code == 302
    pages["basket"] = client.get(f"/{language}/basket/")
    if not signed_in:
        pages["gateway"] = client.get(f"/{language}/checkout/")
        gateway = client.post(
            f"/{language}/checkout/",
            {"username": "amina@example.ma", "options": "anonymous"},
        )
        assert gateway.status_code == 302
    pages["address"] = client.get(f"/{language}/checkout/shipping-address/")
    saved = client.post(f"/{language}/checkout/shipping-address/", ADDRESS)
    assert saved.status_code == 302
    pages["preview"] = client.get(f"/{language}/checkout/shipping-method/", follow=True)
    assert pages["preview"].redirect_chain[-1][0] == f"/{language}/checkout/preview/"
    return pages


def _place_order(client, language):
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mails
        placed = client.post(
            f"/{language}/checkout/preview/",
            {"action": "place_order", "accept_terms": "on"},
        )
    assert placed.status_code == 302
    assert placed["Location"] == f"/{language}/checkout/thank-you/"
    return client.get(placed["Location"])


def test_the_arabic_checkout_pages_show_arabic_headings_and_no_french():
    client = Client()

    pages = _walk_to_preview(client, "ar")

    _assert_arabic(pages["basket"], "سلة المشتريات", "أُضيفت 2 نسخ من Tajine")
    _assert_arabic(pages["gateway"], "بريدي الإلكتروني هو")
    _assert_arabic(pages["address"], "عنوان الشحن", "العودة إلى سلة المشتريات")
    _assert_arabic(pages["preview"], "عرض مسبق للطلب", "تأكيد الطلب", "الدفع")


def test_the_arabic_order_confirmation_reads_in_arabic_cash_on_delivery_included():
    client = Client()
    _walk_to_preview(client, "ar")

    thank_you = _place_order(client, "ar")

    number = Order.objects.get().number
    _assert_arabic(
        thank_you,
        f"تأكيد الطلب رقم {number}",
        "الدفع عند الاستلام",  # the payment source type, stored in English
        "تخصيص مبلغ",
    )


def test_a_signed_in_shoppers_arabic_order_pages_show_no_french():
    shopper = get_user_model().objects.create_user(
        username="amina", email="amina@example.ma", password="pw-amina-123!"
    )
    client = Client()
    client.force_login(shopper)
    _walk_to_preview(client, "ar", signed_in=True)
    _place_order(client, "ar")
    number = Order.objects.get().number

    history = client.get("/ar/accounts/orders/")
    detail = client.get(f"/ar/accounts/orders/{number}/")

    _assert_arabic(history, "سجل الطلبات", number)
    _assert_arabic(detail, number, "مجموع الشحن", "أعد طلب جميع المنتجات")


def test_the_shoppers_order_email_from_an_arabic_checkout_has_no_french():
    client = Client()
    _walk_to_preview(client, "ar")
    mail.outbox.clear()

    _place_order(client, "ar")

    # Sellers are written to in their own (French) copy; the shopper in hers.
    to_shopper = [m for m in mail.outbox if m.to == ["amina@example.ma"]]
    assert to_shopper
    for message in to_shopper:
        bodies = [message.subject, message.body] + [
            alternative[0] for alternative in getattr(message, "alternatives", [])
        ]
        for word in FRENCH:
            assert not any(word in body for body in bodies), (word, message.subject)


def test_the_french_pages_still_read_in_french():
    client = Client()
    pages = _walk_to_preview(client, "fr")

    thank_you = _place_order(client, "fr")

    number = Order.objects.get().number
    assert "Panier" in _main_text(pages["basket"])
    text = _main_text(thank_you)
    assert f"Commande {number}" in text
    assert "Allocation de" in text
    assert "Paiement à la livraison" in text  # the stored name, translated
    assert not re.search("[\u0600-\u06ff]", text)
