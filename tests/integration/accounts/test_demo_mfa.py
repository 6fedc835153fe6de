"""The demo's staff accounts sign in with the published second factor."""

from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP

from marketplace.core.demo import (
    DEMO_RECOVERY_CODES,
    DEMO_TOTP_SECRET,
    demo_mfa_setup,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in_with_code(user, code) -> bool:
    client = Client()
    client.force_login(user)
    client.post("/en/accounts/security/verify/", {"code": code})
    return client.get("/en/dashboard/").status_code == 200


def test_the_published_key_and_recovery_codes_sign_demo_staff_in():
    user = UserFactory(is_staff=True, is_superuser=True)
    demo_mfa_setup(user)
    device = user.totpdevice_set.get()
    totp = TOTP(b32decode(DEMO_TOTP_SECRET), device.step, device.t0, device.digits)
    assert _signed_in_with_code(user, f"{totp.token():06d}")
    assert _signed_in_with_code(user, DEMO_RECOVERY_CODES[0])
    assert not _signed_in_with_code(user, DEMO_RECOVERY_CODES[0])


def test_seeding_again_gives_back_the_used_recovery_codes():
    user = UserFactory(is_staff=True)
    demo_mfa_setup(user)
    assert _signed_in_with_code(user, DEMO_RECOVERY_CODES[1])
    demo_mfa_setup(user)
    assert user.staticdevice_set.get().token_set.count() == len(DEMO_RECOVERY_CODES)
    assert _signed_in_with_code(user, DEMO_RECOVERY_CODES[1])
