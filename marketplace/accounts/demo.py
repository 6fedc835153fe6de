"""The demo's accounts: their password and published second factor.

Here, below both seeders (`marketplace.core.demo` for the shop, `cms.demo` for
the pages), so each uses them without importing the other.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password

from .services import mfa_demo_setup

DEMO_PASSWORD = "maalem-demo"
# Staff and chamber accounts must sign in with a second factor. The demo's are
# published (README): this authenticator key, or these recovery codes, each
# usable once and given back by the next `seed_demo`.
DEMO_TOTP_SECRET = "MAALEMDEMOSECRETKEYFORTOTPCODESX"
DEMO_RECOVERY_CODES = [f"maalem-demo-{n:02d}" for n in range(1, 11)]
DEMO_DOMAIN = "demo.maalem.ma"


def demo_mfa_setup(user) -> None:
    """The demo's published second factor for a staff or chamber account."""
    mfa_demo_setup(
        user=user,
        secret_base32=DEMO_TOTP_SECRET,
        recovery_codes=DEMO_RECOVERY_CODES,
    )


_PASSWORD_HASHES: dict[tuple[str, ...], str] = {}


def demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once per process (and per hasher setting), for
    every demo account: the password is published, so one salt for all of
    them hides nothing, and hashing it anew for each of the ~70 accounts took
    a third of a second of CPU each, a quarter of a small demo's build."""
    hashers = tuple(settings.PASSWORD_HASHERS)
    if hashers not in _PASSWORD_HASHES:
        _PASSWORD_HASHES[hashers] = make_password(DEMO_PASSWORD)
    return _PASSWORD_HASHES[hashers]
