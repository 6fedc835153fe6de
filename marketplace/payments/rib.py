"""The Moroccan RIB (relevé d'identité bancaire): 24 digits and a check key.

Layout: bank code (3 digits), city code (3), account number (16), key (2).
The key is 97 - ((bank + city + account, read as one number) * 100 mod 97),
the same rule as the French RIB key once letters are turned into digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters in an account number count as digits, as for the French RIB key.
_LETTERS = {
    **dict.fromkeys("AJ", "1"),
    **dict.fromkeys("BKS", "2"),
    **dict.fromkeys("CLT", "3"),
    **dict.fromkeys("DMU", "4"),
    **dict.fromkeys("ENV", "5"),
    **dict.fromkeys("FOW", "6"),
    **dict.fromkeys("GPX", "7"),
    **dict.fromkeys("HQY", "8"),
    **dict.fromkeys("IRZ", "9"),
}


def rib_normalize(value: str) -> str:
    """The RIB without spaces or dashes, upper case."""
    return re.sub(r"[\s-]", "", value or "").upper()


def rib_key(body: str) -> int:
    """The check key of the 22 characters before it (bank, city, account)."""
    digits = "".join(_LETTERS.get(char, char) for char in body.upper())
    return 97 - (int(digits) * 100) % 97


def rib_is_valid(value: str) -> bool:
    rib = rib_normalize(value)
    if not re.fullmatch(r"\d{6}[0-9A-Z]{16}\d{2}", rib):
        return False
    return rib_key(rib[:22]) == int(rib[22:])


def validate_rib(value: str) -> None:
    rib = rib_normalize(value)
    if not re.fullmatch(r"\d{6}[0-9A-Z]{16}\d{2}", rib):
        raise ValidationError(
            _("A RIB has 24 characters: bank, city, account number and key."),
            code="rib_format",
        )
    if not rib_is_valid(rib):
        raise ValidationError(
            _("This RIB's check key is wrong: please check the number."),
            code="rib_key",
        )
