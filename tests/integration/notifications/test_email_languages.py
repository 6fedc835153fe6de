"""Every e-mail in its recipient's language (issue 17): the account's choice
(`UserPreferences.language`), a guest's order's language, whatever language
is active when it is sent. One test per kind of e-mail, in Arabic and English."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import translation
from oscar.core.loading import get_model

from catalogue.tasks import product_alerts_send
from marketplace.checkout.notifications import (
    cod_confirmation_request_send,
    shopper_order_placed,
)
from marketplace.messaging.models import Conversation, Side
from marketplace.messaging.services import message_post
from marketplace.notifications.emails import email_render, subject_text
from marketplace.notifications.kinds import KINDS
from marketplace.notifications.models import OrderLanguage, UserPreferences
from marketplace.sellerorders.notifications import (
    seller_order_placed,
    shopper_part_delivered,
    shopper_part_shipped,
)
from tests.factories import UserFactory
from tests.integration.checkout.shop import checkout, make_product, make_seller
from tests.integration.returns.shop import (
    order_place,
)

pytestmark = [pytest.mark.django_db]

Order = get_model("order", "Order")
ProductAlert = get_model("customer", "ProductAlert")
ARABIC = re.compile("[\u0600-\u06ff]")
LANGUAGES = ["ar", "en"]


def prefer(user, language: str):
    UserPreferences.objects.update_or_create(user=user, defaults={"language": language})
    return user


# Words of these e-mails' French subjects, none of which English ones have.
FRENCH = re.compile(
    r"\b(commande|nouveau|nouvelle|colis|retour|confirmez|disponible|stock est"
    r"|livré|en route|demande)\b",
    re.IGNORECASE,
)


def in_language(text: str, language: str) -> bool:
    """Arabic letters in Arabic; in English, neither Arabic nor French."""
    if language == "ar":
        return bool(ARABIC.search(text))
    return not ARABIC.search(text) and not FRENCH.search(text)


@pytest.fixture
def guest_order(db):
    seller = make_seller("Poterie Fassi", email="potter@example.ma")
    tajine = make_product(seller, price="300.00", title="Tajine")
    response = checkout(Client(), [(tajine, 1)], email="guest@example.ma")
    assert response.status_code == 302
    mail.outbox.clear()
    return Order.objects.get()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_notification_kind_is_written_in_the_given_language(kind, language):
    placeholders = set(re.findall(r"%\((\w+)\)s", str(KINDS[kind].subject)))
    placeholders |= set(re.findall(r"%\((\w+)\)s", str(KINDS[kind].summary)))
    context = {name: "42" for name in placeholders}
    with translation.override("fr"):
        rendered = email_render(
            kind=kind, context=context, url="/x/", language=language
        )
    with translation.override(language):
        expected = " ".join(subject_text(kind=kind, context=context).split())
    assert rendered.subject == expected
    assert f'lang="{language}"' in rendered.html
    assert ('dir="rtl"' in rendered.html) is (language == "ar")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_guests_order_confirmation_and_cod_request_in_the_orders_language(
    guest_order, language
):
    OrderLanguage.objects.update_or_create(
        order=guest_order, defaults={"language": language}
    )
    with translation.override("fr"):
        shopper_order_placed(order=guest_order)
        cod_confirmation_request_send(order=guest_order, url="https://x/confirm/")
    placed, cod = mail.outbox
    assert in_language(placed.subject, language), placed.subject
    assert in_language(cod.subject, language), cod.subject
    assert in_language(cod.body, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_accounts_order_confirmation_follows_its_preference(language):
    seller = make_seller("Poterie Fassi")
    tajine = make_product(seller, price="300.00", title="Tajine")
    shopper = prefer(UserFactory(email="amina@example.ma"), language)
    order = order_place(shopper=shopper, items=[(tajine, 1)])
    mail.outbox.clear()
    with translation.override("fr"):
        shopper_order_placed(order=order)
    assert in_language(mail.outbox[0].subject, language), mail.outbox[0].subject


@pytest.mark.parametrize("language", LANGUAGES)
def test_sellers_notices_and_parcel_e_mails_in_each_recipients_language(
    guest_order, language
):
    part = guest_order.seller_parts.get()
    prefer(part.seller.owner, language)
    OrderLanguage.objects.update_or_create(
        order=guest_order, defaults={"language": language}
    )
    with translation.override("fr"):
        seller_order_placed(part=part)
        shopper_part_shipped(part=part)
        shopper_part_delivered(part=part)
    assert [m.to for m in mail.outbox] == [
        ["potter@example.ma"],
        ["guest@example.ma"],
        ["guest@example.ma"],
    ]
    for message in mail.outbox:
        assert in_language(message.subject, language), message.subject


@pytest.mark.parametrize(
    "language, country", [("ar", "المغرب"), ("en", "Morocco"), ("fr", "Maroc")]
)
def test_the_sellers_new_order_notice_names_the_country_in_its_language(
    guest_order, language, country
):
    # The order's address stores Oscar's one country name ("Maroc").
    part = guest_order.seller_parts.get()
    prefer(part.seller.owner, language)
    address = guest_order.shipping_address
    assert address.country.printable_name == "Maroc"
    address.line1 = "12 rue d'Agadir"
    address.save()

    with translation.override("fr"):
        seller_order_placed(part=part)

    (notice,) = mail.outbox
    lines = notice.body.splitlines()
    assert country in lines
    if language != "fr":
        assert "Maroc" not in lines
    # Plain text: the address as typed, not HTML-escaped.
    assert "12 rue d'Agadir" in lines


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_message_is_told_to_each_shop_member_in_its_own_language(language):
    seller = make_seller("Poterie Fassi", email="potter@example.ma")
    member = prefer(UserFactory(email="member@example.ma"), "fr")
    seller.partner.users.add(member)
    prefer(seller.owner, language)
    shopper = prefer(UserFactory(email="amina@example.ma"), language)
    conversation = Conversation.objects.create(
        seller=seller, kind=Conversation.Kind.SHOP, shopper=shopper
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        # Written from a French page: the recipients' accounts decide.
        message_post(
            conversation=conversation,
            side=Side.SHOPPER,
            author=shopper,
            body="Bonjour",
            language="fr",
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert in_language(by_address["potter@example.ma"].subject, language)
    assert by_address["member@example.ma"].subject == "Nouveau message d'un client"
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        message_post(
            conversation=conversation,
            side=Side.SELLER,
            author=seller.owner,
            body="Oui",
            language="fr",
        )
    (told,) = mail.outbox
    assert told.to == ["amina@example.ma"]
    assert in_language(told.subject, language), told.subject


# A return step told to the seller in its account's language: through
# notify() now (tests/integration/returns/test_return_steps_tell_and_restock.py::
# test_each_step_tells_the_other_side_in_its_own_language).


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_back_in_stock_alert_is_written_in_the_accounts_language(language):
    seller = make_seller("Poterie Fassi")
    tajine = make_product(seller, price="300.00", title="Tajine")
    user = prefer(UserFactory(email="amina@example.ma"), language)
    ProductAlert.objects.create(user=user, product=tajine)
    with translation.override("fr"):
        product_alerts_send.call(product_id=tajine.pk)
    (alert,) = mail.outbox
    assert in_language(alert.subject, language), alert.subject
