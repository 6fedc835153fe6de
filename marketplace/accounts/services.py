"""Account services: second factor enrolment, recovery codes, lock-out reset,
and the registration that does not tell who already has an account."""

from base64 import b32decode, b32encode

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .axes import lockout_username

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "totp"
RECOVERY_DEVICE_NAME = "recovery"
REGISTRATION_SALT = "marketplace.accounts.registration"


# --- Second factor ------------------------------------------------------------


def mfa_totp_pending(*, user) -> TOTPDevice:
    """The user's authenticator app being set up (made once, unconfirmed).

    A confirmed device is left as it is: enrolling again starts a new key only
    after the old factor is disabled.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False
        )
    return device


def mfa_totp_secret(*, device: TOTPDevice) -> str:
    """The key as authenticator apps type it (base32, no padding)."""
    return b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def mfa_totp_confirm(*, user, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows.

    Returns fresh recovery codes, or None when the code is wrong. Any other
    authenticator the user had is removed: one app per account.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .first()
    )
    if device is None or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return mfa_recovery_codes_regenerate(user=user)


@transaction.atomic
def mfa_recovery_codes_regenerate(*, user) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


@transaction.atomic
def mfa_disable(*, user) -> None:
    """Remove every second factor of the user (callers check it is allowed)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def mfa_demo_setup(*, user, secret_base32: str, recovery_codes: list[str]) -> None:
    """Give a demo account a known authenticator key and known recovery codes.

    Only the demo (seed_demo) calls this: its secrets are published in the
    README so that `make run` can be tried. Used recovery codes come back on
    the next seed.
    """
    key = _b32decode(secret_base32).hex()
    TOTPDevice.objects.update_or_create(
        user=user,
        name=TOTP_DEVICE_NAME,
        defaults={"key": key, "confirmed": True},
    )
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    have = set(device.token_set.values_list("token", flat=True))
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code)
        for code in recovery_codes
        if code not in have
    )


def _b32decode(secret: str) -> bytes:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    return b32decode(padded)


# --- Lock-out -------------------------------------------------------------------


def lockout_reset(*, user) -> None:
    """Lift the account's login lock-out: its owner has just proved who it is.

    The password reset is the way back from a lock-out, so a completed reset
    clears the failures recorded against the account (not those of an
    address: another account's owner may be guessing from it).
    """
    axes_reset(username=lockout_username(None, {"username": user.get_username()}))


# --- Registration ---------------------------------------------------------------


def registration_token(*, email: str, redirect_url: str = "") -> str:
    return signing.dumps({"e": email, "n": redirect_url}, salt=REGISTRATION_SALT)


def registration_token_read(*, token: str) -> dict | None:
    """{"email", "redirect_url"} from a confirmation link still valid, or None."""
    try:
        data = signing.loads(
            token,
            salt=REGISTRATION_SALT,
            max_age=settings.ACCOUNTS_REGISTRATION_LINK_SECONDS,
        )
    except signing.BadSignature:
        return None
    return {"email": data["e"], "redirect_url": data.get("n", "")}


def registration_request(
    *, email: str, confirm_url: str, login_url: str, reset_url: str, site_name: str
) -> None:
    """Answer a sign-up by e-mail, whoever owns the address.

    An unknown address gets a link that proves the mailbox is theirs and lets
    them choose a password (`confirm_url`); an address that already has an
    account is told so and given the login and password reset links. The page
    shown is the same in both cases, so the form cannot be asked who has an
    account, and nobody can open an account in another person's name.
    """
    context = {
        "email": email,
        "confirm_url": confirm_url,
        "login_url": login_url,
        "reset_url": reset_url,
        "site_name": site_name,
    }
    exists = get_user_model().objects.filter(email__iexact=email).exists()
    template = (
        "accounts/email/registration_exists"
        if exists
        else ("accounts/email/registration_confirm")
    )
    send_mail(
        subject=render_to_string(f"{template}_subject.txt", context).strip(),
        message=render_to_string(f"{template}_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
