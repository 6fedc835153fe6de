"""Every e-mail's whole body, text and HTML, in its recipient's Arabic or
English (issue 17), about a product its seller wrote in French only: the
product's title, the people's names and words and the address stay as
written; nothing else of the e-mail may be French (a template's words left
untranslated, a vocabulary name in its French fallback)."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import translation
from oscar.core.loading import get_model

from catalogue.tasks import product_alerts_send
from marketplace.accounts.services import registration_request
from marketplace.checkout.notifications import (
    cod_confirmation_request_send,
    shopper_order_placed,
)
from marketplace.messaging.models import Conversation, Side
from marketplace.messaging.services import message_post
from marketplace.notifications.models import OrderLanguage, UserPreferences
from marketplace.returns.services import return_accept, return_request_create
from marketplace.sellerorders.notifications import (
    seller_order_placed,
    shopper_part_delivered,
    shopper_part_shipped,
)
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    ADDRESS,
    checkout,
    cod_confirm,
    make_product,
    make_seller,
)
from tests.integration.returns.shop import SHOPPER_RIB, part_deliver

pytestmark = [pytest.mark.django_db]

Order = get_model("order", "Order")
ProductAlert = get_model("customer", "ProductAlert")

TITLE = "Tajine vernissé ocre"
SHOP = "Poterie Fassi"
#: What people wrote and the address as typed: shown as they are.
AS_WRITTEN = [
    TITLE,
    SHOP,
    "Renvoyez-le par Amana",
    "Est-il adapté au four",
    *(value for value in ADDRESS.values() if value),
]
ARABIC = re.compile("[\u0600-\u06ff]")
FRENCH = re.compile(
    r"\b(le|la|les|des|du|au|aux|votre|vos|vous|nous|commande|colis|est|pour"
    r"|avec|une|sur|merci|bonjour|livraison|paiement|retour|produit|boutique"
    r"|client|cliente|nouveau|nouvelle|disponible|confirmez|demande|Maroc)\b",
    re.IGNORECASE,
)


def _prefer(user, language: str):
    UserPreferences.objects.update_or_create(user=user, defaults={"language": language})
    return user


def _texts(message) -> list[str]:
    texts = [message.subject, message.body]
    texts += [content for content, _type in getattr(message, "alternatives", [])]
    return texts


def _french_left(message) -> list[str]:
    found = []
    for text in _texts(message):
        text = re.sub(r"https?://\S+|\S+@\S+|<[^>]+>", " ", text)
        for written in AS_WRITTEN:
            text = text.replace(written, " ")
        found += FRENCH.findall(text)
    return found


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_e_mail_of_an_order_is_written_in_its_recipients_language(language):
    seller = make_seller(SHOP, email="potter@example.ma")
    _prefer(seller.owner, language)
    tajine = make_product(seller, price="300.00", title=TITLE)
    shopper = _prefer(UserFactory(email="amina@example.ma"), language)
    client = Client()
    client.force_login(shopper)
    assert (
        checkout(client, [(tajine, 1)], email=shopper.email, signed_in=True).status_code
        == 302
    )
    order = Order.objects.get()
    cod_confirm(order)
    OrderLanguage.objects.update_or_create(order=order, defaults={"language": language})
    part = order.seller_parts.get()
    mail.outbox.clear()

    with translation.override("fr"), TestCase.captureOnCommitCallbacks(execute=True):
        shopper_order_placed(order=order)
        cod_confirmation_request_send(order=order, url="https://x/confirm/")
        seller_order_placed(part=part)
        shopper_part_shipped(part=part)
        shopper_part_delivered(part=part)
    part = part_deliver(part)
    with translation.override("fr"), TestCase.captureOnCommitCallbacks(execute=True):
        request = return_request_create(
            part=part,
            shopper=shopper,
            reason="damaged",
            quantities={part.get_lines().get().pk: 1},
            refund_method="transfer",
            holder_name="Amina Alaoui",
            rib=SHOPPER_RIB,
        )
        return_accept(request=request, seller=seller, instructions=AS_WRITTEN[2])
        conversation = Conversation.objects.create(
            seller=seller,
            kind=Conversation.Kind.PRODUCT,
            shopper=shopper,
            product=tajine,
        )
        message_post(
            conversation=conversation,
            side=Side.SHOPPER,
            author=shopper,
            body=AS_WRITTEN[3],
            language="fr",
        )
        ProductAlert.objects.create(user=shopper, product=tajine)
        product_alerts_send.call(product_id=tajine.pk)

    assert len(mail.outbox) >= 8
    french = {
        f"{message.to[0]}: {message.subject}": _french_left(message)
        for message in mail.outbox
    }
    assert {subject: words for subject, words in french.items() if words} == {}
    if language == "ar":
        for message in mail.outbox:
            assert all(ARABIC.search(text) for text in _texts(message)), message.subject


def test_the_check_finds_french_words_but_not_what_people_wrote():
    sent = mail.EmailMessage(
        subject=f"Votre commande de {TITLE}", body=f"{SHOP} : le colis est parti"
    )
    assert _french_left(sent) == ["Votre", "commande", "le", "colis", "est"]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_sign_up_e_mails_are_written_in_the_pages_language(language):
    UserFactory(email="known@example.ma")
    for email in ("new@example.ma", "known@example.ma"):
        with translation.override(language):
            registration_request(
                email=email,
                confirm_url="https://x/confirm/",
                login_url="https://x/login/",
                reset_url="https://x/reset/",
                site_name="Maalem",
            )
    assert len(mail.outbox) == 2
    assert [_french_left(message) for message in mail.outbox] == [[], []]
    if language == "ar":
        assert all(ARABIC.search(message.body) for message in mail.outbox)
