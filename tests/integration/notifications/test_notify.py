"""`notify`: the in-app notification, and its e-mail through the outbox in
the recipient's language, with a plain-text and an HTML part."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.notifications import kinds
from marketplace.notifications.emails import absolute_url
from marketplace.notifications.models import Notification
from marketplace.notifications.services import (
    language_remember,
    notify,
    notify_order_shopper,
    order_language_record,
    preferences_update,
)
from marketplace.outbox.models import OutboxMessage
from tests.factories import UserFactory
from tests.integration.checkout.shop import checkout, make_product, make_seller

Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db


def _notify(user, kind=kinds.APPLICATION_VERIFIED, **context):
    return notify(
        user=user,
        kind=kind,
        context={"shop": "Tapis Azilal", **context},
        url="/fr/seller/",
    )


def test_notify_records_the_notification_and_mails_it_once_committed(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="fatima@example.ma")
    language_remember(user=user, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(user)
        # Queued with the write, sent once it commits.
        assert mail.outbox == []
        assert OutboxMessage.objects.get().task_path.endswith("notification_email")

    assert notification.recipient == user
    assert notification.read_at is None
    # Stored without its language prefix: each reader gets its own.
    assert notification.url == "/seller/"
    [message] = mail.outbox
    assert message.to == ["fatima@example.ma"]
    assert message.subject == "Tapis Azilal is verified: you can sell"
    assert "Tapis Azilal is verified: publish your products." in message.body
    assert absolute_url("/en/seller/") in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{absolute_url("/en/seller/")}"' in html
    assert '<html lang="en" dir="ltr">' in html


def test_the_email_link_opens_the_page_it_names(django_capture_on_commit_callbacks):
    user = UserFactory()
    language_remember(user=user, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            user=user,
            kind=kinds.APPLICATION_RECEIVED,
            context={"shop": "Tapis Azilal"},
            url="/fr/notifications/settings/",
        )
    link = absolute_url("/en/notifications/settings/")
    assert link in mail.outbox[0].body
    client = Client()
    client.force_login(user)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200


@pytest.mark.parametrize(
    ("language", "hello", "direction"),
    [("fr", "Bonjour,", "ltr"), ("ar", "مرحبا,", "rtl")],
)
def test_the_email_is_written_in_the_recipients_language_whatever_is_active(
    django_capture_on_commit_callbacks, language, hello, direction
):
    user = UserFactory()
    language_remember(user=user, language=language)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _notify(user)
    [message] = mail.outbox
    assert message.body.startswith(hello)
    assert f"/{language}/seller/" in message.body
    html = message.alternatives[0][0]
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert hello in html


def test_an_account_without_a_preference_gets_the_sites_language(
    django_capture_on_commit_callbacks,
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _notify(UserFactory())
    assert "/fr/seller/" in mail.outbox[0].body


def test_a_user_who_turned_a_kind_off_gets_the_notification_but_no_email(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    preferences_update(user=user, language="en", email_off=[kinds.APPLICATION_VERIFIED])
    with django_capture_on_commit_callbacks(execute=True):
        _notify(user)
        _notify(user, kind=kinds.APPLICATION_RECEIVED)
    assert Notification.objects.filter(recipient=user).count() == 2
    [message] = mail.outbox
    assert "We received your application" in message.subject


def test_a_preference_changed_before_the_email_is_sent_wins(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(user)
    preferences_update(user=user, language="en", email_off=[kinds.APPLICATION_VERIFIED])
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_transactional_emails_cannot_be_turned_off(django_capture_on_commit_callbacks):
    user = UserFactory()
    preferences = preferences_update(
        user=user,
        language="en",
        email_off=[kinds.PAYOUT_SENT, kinds.ORDER_PART_NEW, kinds.ORDER_CANCELLED],
    )
    assert preferences.email_off == []
    # Even a preference written behind the service's back is ignored.
    preferences.email_off = [kinds.PAYOUT_SENT]
    preferences.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            user=user,
            kind=kinds.PAYOUT_SENT,
            context={"amount": "1250.50", "currency": "MAD"},
            url="/fr/seller/payouts/",
        )
    [message] = mail.outbox
    assert "1,250.50" in message.subject
    assert "MAD" in message.subject
    # No "choose your e-mails" link under an e-mail one cannot turn off.
    assert "/notifications/settings/" not in message.body


def test_a_typed_detail_is_text_in_the_html_part(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(
            user,
            kind=kinds.APPLICATION_REJECTED,
            detail='<script>alert("x")</script> & co',
        )
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    # The plain-text part shows it as typed.
    assert '<script>alert("x")</script> & co' in message.body


def test_an_unknown_kind_or_a_foreign_link_is_refused():
    user = UserFactory()
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify(user=user, kind="nope", context={}, url="/fr/")
    with pytest.raises(ValueError, match="path of the site"):
        notify(
            user=user,
            kind=kinds.APPLICATION_RECEIVED,
            context={"shop": "x"},
            url="https://evil.example/",
        )
    with pytest.raises(ValueError, match="path of the site"):
        notify(
            user=user,
            kind=kinds.APPLICATION_RECEIVED,
            context={"shop": "x"},
            url="//evil.example/",
        )
    assert not Notification.objects.exists()


def test_a_guests_email_is_in_the_language_of_its_order(
    django_capture_on_commit_callbacks,
):
    seller = make_seller("Poterie Fassi")
    tajine = make_product(seller, price="300.00")
    checkout(Client(), [(tajine, 1)])
    order = Order.objects.get()
    order_language_record(order=order, language="ar")
    mail.outbox.clear()
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        notification = notify_order_shopper(
            order=order,
            kind=kinds.ORDER_CANCELLED,
            context={"number": order.number},
            url="/fr/accounts/",
        )
    assert notification is None
    [message] = mail.outbox
    assert message.to == [order.email]
    assert order.number in message.subject
    assert "/ar/accounts/" in message.body
    assert 'dir="rtl"' in message.alternatives[0][0]
