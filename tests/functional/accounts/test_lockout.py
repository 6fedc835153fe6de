"""Guessing passwords: every login form locks out after a few wrong ones."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

from tests.factories import UserFactory
from tests.integration.checkout.shop import fill_basket, make_product, make_seller

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456!"
ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.20"


def _shop_login(client, identifier, password, address=ATTACKER):
    return client.post(
        "/en/accounts/login/",
        {
            "login-username": identifier,
            "login-password": password,
            "login_submit": "Log In",
        },
        REMOTE_ADDR=address,
    )


def _admin_login(client, identifier, password, address=ATTACKER):
    return client.post(
        "/django-admin/login/",
        {"username": identifier, "password": password, "next": "/django-admin/"},
        REMOTE_ADDR=address,
    )


def _wagtail_login(client, identifier, password, address=ATTACKER):
    return client.post(
        "/cms-admin/login/",
        {"username": identifier, "password": password},
        REMOTE_ADDR=address,
    )


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.parametrize(
    ("login", "identifier"),
    [
        (_shop_login, "email"),
        (_admin_login, "username"),
        (_wagtail_login, "username"),
    ],
    ids=["shop", "django-admin", "wagtail-admin"],
)
def test_thirty_wrong_passwords_then_the_right_one_do_not_log_in(login, identifier):
    user = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    for attempt in range(30):
        login(client, getattr(user, identifier), f"wrong-{attempt}")
    response = login(client, getattr(user, identifier), PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)


def test_the_lockout_page_says_when_to_try_again_and_how_to_reset(settings):
    user = UserFactory()
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _shop_login(client, user.email, f"wrong-{attempt}")
    response = _shop_login(client, user.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "You can try again in 15 minutes." in page
    assert 'href="/en/password-reset/"' in page


def test_below_the_limit_the_right_password_still_logs_in(settings):
    user = UserFactory()
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _shop_login(client, user.email, f"wrong-{attempt}")
    _shop_login(client, user.email, PASSWORD)
    assert _signed_in(client)


def test_another_account_from_another_address_still_logs_in(settings):
    victim, other = UserFactory(), UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT + 5):
        _shop_login(Client(), victim.email, f"wrong-{attempt}")
    client = Client()
    response = _shop_login(client, other.email, PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert _signed_in(client)


def test_the_guessing_address_is_locked_for_other_accounts_too(settings):
    """Trying one password on many accounts (spraying) is stopped as well."""
    users = UserFactory.create_batch(settings.AXES_FAILURE_LIMIT)
    for user in users:
        _shop_login(Client(), user.email, "Summer2026!")
    client = Client()
    fresh = UserFactory()
    assert _shop_login(client, fresh.email, PASSWORD).status_code == 429
    assert not _signed_in(client)


def test_the_account_counts_as_one_whatever_name_is_typed(settings):
    """E-mail in the shop, username in the admin, any case: one counter."""
    user = UserFactory(is_staff=True, email="Fatima@Example.com")
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit // 2):
        _shop_login(Client(), "fatima@example.COM", f"wrong-{attempt}", "10.0.0.1")
    for attempt in range(limit - limit // 2):
        _admin_login(Client(), user.username.upper(), f"wrong-{attempt}", "10.0.0.2")
    client = Client()
    assert _shop_login(client, user.email, PASSWORD, address=ELSEWHERE).status_code == (
        429
    )
    assert not _signed_in(client)


def test_a_password_reset_lifts_the_lock_on_the_account(settings):
    user = UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _shop_login(Client(), user.email, f"wrong-{attempt}")
    owner = Client()
    owner.post("/en/password-reset/", {"email": user.email}, REMOTE_ADDR=ELSEWHERE)
    (message,) = mail.outbox
    link = next(
        word for word in message.body.split() if "/password-reset/confirm/" in word
    )
    response = owner.get(link, REMOTE_ADDR=ELSEWHERE, follow=True)
    owner.post(
        response.redirect_chain[-1][0],
        {"new_password1": "A-new-pass-2026", "new_password2": "A-new-pass-2026"},
        REMOTE_ADDR=ELSEWHERE,
    )
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    response = _shop_login(owner, user.email, "A-new-pass-2026", address=ELSEWHERE)
    assert response.status_code == 302
    assert _signed_in(owner)


def test_the_checkouts_returning_customer_form_locks_out_too(settings):
    """Oscar's checkout gateway takes a password: it counts like the login."""
    user = UserFactory()
    client = Client()
    fill_basket(client, [(make_product(make_seller("Poterie Fassi"), price="90"), 1)])
    for attempt in range(30):
        client.post(
            "/en/checkout/",
            {"username": user.email, "options": "existing", "password": f"x{attempt}"},
            REMOTE_ADDR=ATTACKER,
        )
    response = client.post(
        "/en/checkout/",
        {"username": user.email, "options": "existing", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 429
    assert not _signed_in(client)
