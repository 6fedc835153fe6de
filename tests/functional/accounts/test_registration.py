"""Signing up and resetting a password say nothing about who has an account."""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Maalem-new-2026!"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def _register(client, email, address="192.0.2.10"):
    return client.post("/en/accounts/register/", {"email": email}, REMOTE_ADDR=address)


def _register_on_login_page(client, email):
    return client.post(
        "/en/accounts/login/",
        {"registration-email": email, "registration_submit": "Register"},
    )


def _link(message) -> str:
    return next(word for word in message.body.split() if word.startswith("http"))


@pytest.mark.parametrize("register", [_register, _register_on_login_page])
def test_registration_answers_the_same_for_a_known_and_an_unknown_address(
    client, register
):
    UserFactory(email="known@example.com")
    known = register(client, "known@example.com")
    unknown = register(client, "unknown@example.com")
    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert known["Location"] == "/en/accounts/register/sent/"
    sent = client.get(known["Location"])
    assert sent.status_code == 200
    # Neither registration opened an account nor signed anyone in.
    assert not get_user_model().objects.filter(email="unknown@example.com").exists()
    assert SESSION_KEY not in client.session
    # Each mailbox hears what applies to it.
    to = {message.to[0]: message for message in mail.outbox}
    assert "already has one" in to["known@example.com"].body
    assert "/en/accounts/register/confirm/" in to["unknown@example.com"].body


def test_the_link_in_the_message_opens_the_account(client):
    _register(client, "Amina@Example.com")
    link = _link(mail.outbox[0])
    page = client.get(link)
    assert "amina@example.com" in page.content.decode()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="amina@example.com")
    assert user.check_password(PASSWORD)
    assert client.session[SESSION_KEY] == str(user.pk)


def test_the_address_comes_from_the_link_not_the_form(client):
    _register(client, "amina@example.com")
    link = _link(mail.outbox[0])
    client.post(
        link,
        {"email": "victim@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert not get_user_model().objects.filter(email="victim@example.com").exists()
    assert get_user_model().objects.filter(email="amina@example.com").exists()


def test_a_tampered_link_opens_nothing(client):
    _register(client, "amina@example.com")
    link = _link(mail.outbox[0]).rstrip("/") + "x/"
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert not get_user_model().objects.filter(email="amina@example.com").exists()


def test_a_link_used_after_the_account_exists_leads_to_the_login(client):
    _register(client, "amina@example.com")
    link = _link(mail.outbox[0])
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    other = type(client)()
    response = other.post(link, {"password1": "x-Other-2026", "password2": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/"
    user = get_user_model().objects.get(email="amina@example.com")
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("email", ["known@example.com", "unknown@example.com"])
def test_registration_is_throttled_per_mailbox_alike_for_known_and_unknown(
    client, settings, email
):
    UserFactory(email="known@example.com")
    limit = settings.ACCOUNTS_THROTTLES["registration"]["per_email"]
    for number in range(limit):
        _register(client, email, address=f"192.0.2.{number}")
    response = _register(client, email, address="192.0.2.200")
    assert response.status_code == 200
    assert "Too many requests" in response.content.decode()
    assert len(mail.outbox) == limit


def test_registration_is_throttled_per_address(client, settings):
    limit = settings.ACCOUNTS_THROTTLES["registration"]["per_address"]
    for number in range(limit):
        assert _register(client, f"new{number}@example.com").status_code == 302
    response = _register(client, "one-more@example.com")
    assert response.status_code == 200
    assert "Too many requests" in response.content.decode()
    # From another address, the same form still works.
    assert _register(client, "one-more@example.com", "192.0.2.99").status_code == 302


def _reset(client, email, address="192.0.2.10"):
    return client.post("/en/password-reset/", {"email": email}, REMOTE_ADDR=address)


def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(client):
    UserFactory(email="known@example.com")
    known = _reset(client, "known@example.com")
    unknown = _reset(client, "unknown@example.com")
    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert [message.to for message in mail.outbox] == [["known@example.com"]]


@pytest.mark.parametrize("email", ["known@example.com", "unknown@example.com"])
def test_password_reset_is_throttled_per_mailbox(client, settings, email):
    UserFactory(email="known@example.com")
    limit = settings.ACCOUNTS_THROTTLES["password_reset"]["per_email"]
    for number in range(limit):
        assert _reset(client, email, address=f"192.0.2.{number}").status_code == 302
    response = _reset(client, email, address="192.0.2.200")
    assert response.status_code == 200
    assert "Too many requests" in response.content.decode()


def test_password_reset_is_throttled_per_address(client, settings):
    limit = settings.ACCOUNTS_THROTTLES["password_reset"]["per_address"]
    for number in range(limit):
        assert _reset(client, f"someone{number}@example.com").status_code == 302
    response = _reset(client, "one-more@example.com")
    assert response.status_code == 200
    assert "Too many requests" in response.content.decode()


def test_wagtails_own_unthrottled_password_reset_is_off(client):
    """Chamber staff reset their password on the shop's (throttled) page."""
    response = client.get("/cms-admin/password_reset/", follow=True)
    assert response.status_code == 404
