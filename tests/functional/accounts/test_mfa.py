"""The second factor: required for marketplace and chamber staff, offered to all."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, chamber_user
from tests.mfa import force_login_verified, recovery_code_new

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/en/dashboard/",
    "/en/dashboard/payouts/",
    "/django-admin/",
    "/cms-admin/",
]


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="totp", confirmed=True)


def _wagtail_editor():
    group = Group.objects.create(name="Chambre 07 · éditeurs")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = UserFactory()
    user.groups.add(group)
    return user


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, url):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(url)
    assert response.status_code == 302
    assert re.match(r"^/\w\w/accounts/security/setup/\?next=", response["Location"])


def test_chamber_staff_without_a_second_factor_cannot_open_the_chamber_pages(client):
    client.force_login(chamber_user("07"))
    response = client.get("/en/chamber/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/security/setup/")


def test_a_chamber_editor_without_a_second_factor_cannot_open_wagtail(client):
    client.force_login(_wagtail_editor())
    response = client.get("/cms-admin/")
    assert response.status_code == 302
    assert "/accounts/security/setup/" in response["Location"]


def test_staff_without_a_second_factor_can_still_shop(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/en/basket/").status_code == 200


@pytest.mark.parametrize("url", [*STAFF_PAGES, "/en/chamber/"])
def test_verified_staff_reach_every_staff_page(client, url):
    user = UserFactory(is_staff=True, is_superuser=True)
    chamber_user("07").chambers.first().staff.add(user)
    force_login_verified(client, user)
    assert client.get(url).status_code == 200


def test_a_shopper_is_offered_the_second_factor_but_not_forced(client):
    client.force_login(UserFactory())
    assert client.get("/en/accounts/").status_code in (200, 302)
    page = client.get("/en/accounts/security/").content.decode()
    assert 'href="/en/accounts/security/setup/"' in page


def test_staff_set_up_an_authenticator_and_get_recovery_codes(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    page = client.get("/en/accounts/security/setup/").content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(
        "/en/accounts/security/setup/",
        {"code": _code(device), "next": "/en/dashboard/"},
    )

    assert response.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert client.get("/en/dashboard/").status_code == 200


def test_a_wrong_code_does_not_turn_the_second_factor_on(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    client.get("/en/accounts/security/setup/")
    response = client.post("/en/accounts/security/setup/", {"code": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get("/en/dashboard/").status_code == 302


def test_after_the_password_a_user_with_a_second_factor_must_give_a_code(client):
    """Half signed in: every page asks for the code, not only staff pages."""
    user = UserFactory()
    _device(user)
    client.force_login(user)
    for url in ("/en/basket/", "/en/accounts/", "/en/seller/apply/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/security/verify/")


def test_a_code_from_the_app_completes_the_sign_in(client):
    user = UserFactory(is_staff=True)
    device = _device(user)
    client.force_login(user)
    response = client.post(
        "/en/accounts/security/verify/",
        {"code": _code(device), "next": "/en/dashboard/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200


def test_a_recovery_code_works_once_only(client):
    user = UserFactory(is_staff=True)
    _device(user)
    code = recovery_code_new(user)
    client.force_login(user)
    response = client.post("/en/accounts/security/verify/", {"code": code.upper()})
    assert response.status_code == 302
    assert client.get("/en/dashboard/").status_code == 200

    other = type(client)()
    other.force_login(user)
    response = other.post("/en/accounts/security/verify/", {"code": code})
    assert response.status_code == 200
    assert other.get("/en/dashboard/").status_code == 302


def test_the_code_page_does_not_redirect_off_site(client):
    user = UserFactory()
    device = _device(user)
    client.force_login(user)
    response = client.post(
        "/en/accounts/security/verify/",
        {"code": _code(device), "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_new_recovery_codes_replace_the_old_ones(client):
    user = UserFactory()
    old = recovery_code_new(user)
    force_login_verified(client, user)
    response = client.post("/en/accounts/security/recovery-codes/")
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert old not in codes
    assert not StaticToken.objects.filter(token=old).exists()


def test_a_seller_may_turn_the_second_factor_off_staff_may_not(client):
    seller = UserFactory()
    force_login_verified(client, seller)
    client.post("/en/accounts/security/disable/")
    assert not TOTPDevice.objects.filter(user=seller).exists()

    staff = UserFactory(is_staff=True)
    force_login_verified(client, staff)
    assert client.post("/en/accounts/security/disable/").status_code == 403
    assert TOTPDevice.objects.filter(user=staff).exists()
