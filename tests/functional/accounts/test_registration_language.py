"""Signing up in a language: the account keeps it, its e-mails speak it.

Oscar sends `user_registered` (notifications store the page's language as the
account's) before its welcome e-mail, rendered in that same language.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from marketplace.notifications.selectors import user_language

pytestmark = pytest.mark.django_db

PASSWORD = "Maalem-new-2026!"
WELCOME = {
    "fr": "Merci de vous être enregistré.",
    "ar": "شكرا لتسجيلكم معنا.",
    "en": "Thank you for registering.",
}


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_signing_up_on_a_page_keeps_its_language_for_the_account_and_welcome(
    client, code
):
    client.post(f"/{code}/accounts/register/", {"email": "salma@example.ma"})
    link = next(w for w in mail.outbox[0].body.split() if w.startswith("http"))
    assert f"/{code}/accounts/register/confirm/" in link
    mail.outbox.clear()

    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})

    user = get_user_model().objects.get(email="salma@example.ma")
    assert user_language(user=user) == code
    (welcome,) = mail.outbox
    assert welcome.to == ["salma@example.ma"]
    assert WELCOME[code] in welcome.subject + welcome.body
    others = [text for lang, text in WELCOME.items() if lang != code]
    assert not any(text in welcome.subject + welcome.body for text in others)
