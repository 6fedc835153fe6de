"""The bell, the list of notifications and the account's settings: each user
sees, opens and marks only its own; the bell costs one query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.template import engines
from django.test import RequestFactory

from marketplace.notifications import kinds
from marketplace.notifications.models import Notification, UserPreferences
from marketplace.notifications.services import notify, preferences_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, shop="Tapis Azilal", kind=kinds.APPLICATION_VERIFIED):
    return notify(user=user, kind=kind, context={"shop": shop}, url="/fr/seller/")


@pytest.fixture
def fatima():
    return UserFactory(email="fatima@example.ma")


@pytest.fixture
def youssef():
    return UserFactory(email="youssef@example.ma")


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_bell_shows_the_users_own_unread_count(client, fatima, youssef):
    _notify(fatima)
    _notify(fatima, shop="Poterie Fassi")
    _notify(youssef)
    page = _signed_in(client, fatima).get("/en/notifications/settings/")
    html = page.content.decode()
    assert 'id="notification-bell"' in html
    # The number is seen; a screen reader hears the sentence, not "2" twice.
    assert (
        '<span class="badge badge-warning notification-count" aria-hidden="true">'
        "2</span>"
    ) in html
    assert '<span class="sr-only">2 unread notifications</span>' in html


def test_the_bell_counts_in_one_query_and_shows_nothing_to_a_visitor(
    fatima, django_assert_num_queries
):
    for n in range(5):
        _notify(fatima, shop=f"Shop {n}")
    template = engines["django"].from_string('{% include "notifications/_bell.html" %}')
    request = RequestFactory().get("/en/")
    request.user = fatima
    with django_assert_num_queries(1):
        html = template.render({"request": request})
    assert 'aria-hidden="true">5<' in html

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert "notification-bell" not in template.render({"request": request})


def test_the_list_shows_only_the_users_own_and_marks_them_read(client, fatima, youssef):
    _notify(fatima, shop="Atelier de Fatima")
    theirs = _notify(youssef, shop="Atelier de Youssef")

    page = _signed_in(client, fatima).get("/en/notifications/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Atelier de Fatima is verified" in html
    assert "Atelier de Youssef" not in html
    # Shown as new once, read from now on; another user's stays unread.
    assert "New" in html
    assert not Notification.objects.filter(recipient=fatima, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    again = client.get("/en/notifications/").content.decode()
    assert 'class="badge badge-info"' not in again


def test_opening_a_notification_leads_to_act_and_only_the_owner_can(
    client, fatima, youssef
):
    mine = _notify(fatima)
    theirs = _notify(youssef)
    _signed_in(client, fatima)

    response = client.get(f"/ar/notifications/{mine.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/ar/seller/")
    mine.refresh_from_db()
    assert mine.read_at is not None

    assert client.get(f"/en/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_the_users_own(client, fatima, youssef):
    _notify(fatima)
    theirs = _notify(youssef)
    _signed_in(client, fatima)
    assert client.get("/en/notifications/read/").status_code == 405
    response = client.post("/en/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=fatima, read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize(
    "path",
    ["/en/notifications/", "/en/notifications/settings/", "/en/notifications/1/"],
)
def test_a_visitor_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_settings_show_transactional_emails_locked_on(client, fatima):
    preferences_update(user=fatima, language="ar", email_off=[kinds.PRODUCT_MODERATED])
    page = _signed_in(client, fatima).get("/en/notifications/settings/")
    form = page.context["form"]
    assert form["language"].value() == "ar"
    payout = form[f"email_{kinds.PAYOUT_SENT}"]
    assert payout.field.disabled and payout.value() is True
    assert form[f"email_{kinds.PRODUCT_MODERATED}"].value() is False
    assert form[f"email_{kinds.APPLICATION_VERIFIED}"].value() is True
    html = page.content.decode()
    assert f'name="email_{kinds.PAYOUT_SENT}"' in html
    assert "Always sent" in html


def test_the_settings_save_the_language_and_the_emails_each_user_turns_off(
    client, fatima, youssef, django_capture_on_commit_callbacks
):
    _signed_in(client, fatima)
    # Every box unticked, the payout's included (a forged POST).
    response = client.post(
        "/en/notifications/settings/",
        {"language": "en", f"email_{kinds.PAYOUT_SENT}": ""},
    )
    assert response.status_code == 302
    preferences = UserPreferences.objects.get(user=fatima)
    assert preferences.language == "en"
    transactional = {code for code, kind in kinds.KINDS.items() if kind.transactional}
    assert set(preferences.email_off) == set(kinds.KINDS) - transactional
    assert not UserPreferences.objects.filter(user=youssef).exists()

    with django_capture_on_commit_callbacks(execute=True):
        _notify(fatima)
        notify(
            user=fatima,
            kind=kinds.PAYOUT_SENT,
            context={"amount": "10.00", "currency": "MAD"},
            url="/fr/seller/payouts/",
        )
    # Both in the bell; only the payout by e-mail.
    assert Notification.objects.filter(recipient=fatima).count() == 2
    [message] = mail.outbox
    assert "payout" in message.subject


def test_the_settings_refuse_an_unknown_language(client, fatima):
    response = _signed_in(client, fatima).post(
        "/en/notifications/settings/", {"language": "xx"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["language"]
    assert not UserPreferences.objects.exists()


def test_an_account_gets_the_language_it_signed_up_in(client):
    cache.clear()
    client.post("/ar/accounts/register/", {"email": "amina@example.com"})
    link = next(w for w in mail.outbox[0].body.split() if w.startswith("http"))
    password = "Maalem-new-2026!"
    response = client.post(link, {"password1": password, "password2": password})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="amina@example.com")
    assert UserPreferences.objects.get(user=user).language == "ar"
    cache.clear()


def test_oscars_notification_pages_lead_to_the_bells(client, fatima):
    """One notification centre: Oscar's account tab "Notifications" and its
    inbox, archive and message pages send to the bell's page."""
    _signed_in(client, fatima)
    profile = client.get("/en/accounts/profile/").content.decode()
    assert 'href="/en/accounts/notifications/inbox/"' in profile  # Oscar's tab
    for path in ("inbox/", "archive/", "3/"):
        response = client.get(f"/en/accounts/notifications/{path}")
        assert (response.status_code, response["Location"]) == (
            302,
            "/en/notifications/",
        )
    assert client.post("/en/accounts/notifications/update/")["Location"] == (
        "/en/notifications/"
    )
    # Signed out: to the sign-in page first, as any account page.
    client.logout()
    response = client.get("/en/accounts/notifications/inbox/")
    assert "/accounts/login/" in response["Location"]
