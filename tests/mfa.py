"""Signing staff in, in tests, with the second factor already given."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice


def force_login_verified(client, user) -> None:
    """`client.force_login(user)` and a session whose second factor is given.

    Staff (and anyone with a second factor) are sent to enter a code until
    their session carries a verified device; this is that session.
    """
    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="totp", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def recovery_code_new(user) -> str:
    """A fresh single-use recovery code for `user` (as if printed earlier)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    token = StaticToken.random_token()
    device.token_set.create(token=token)
    return token
