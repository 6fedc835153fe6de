"""The ICE (Identifiant commun de l'entreprise), Morocco's company number.

Fifteen digits: nine for the company, four for its establishment, and a
two-digit key chosen so that the whole number is a multiple of 97 (ISO 7064
MOD 97-10 with a remainder of 0: two published ICEs, 001561191000066 and
002136093000040, check so; python-stdnum's `stdnum.ma.ice` checks the same).
Spaces and dots a seller types between the groups are dropped.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ICE_LENGTH = 15


def ice_normalize(value: str) -> str:
    return "".join(str(value).split()).replace(".", "").replace("-", "")


def ice_is_valid(value: str) -> bool:
    try:
        validate_ice(value)
    except ValidationError:
        return False
    return True


def validate_ice(value: str) -> None:
    """Refuse anything but 15 digits whose key checks, each with its reason."""
    ice = ice_normalize(value)
    # str.isdigit accepts other scripts' digits (Arabic-Indic ones, say).
    if not ice or not all("0" <= char <= "9" for char in ice):
        raise ValidationError(
            _("An ICE is made of digits only (0 to 9)."), code="ice_digits"
        )
    if len(ice) != ICE_LENGTH:
        raise ValidationError(
            _("An ICE has exactly 15 digits; this one has %(count)d.")
            % {"count": len(ice)},
            code="ice_length",
        )
    if int(ice) % 97 != 0:
        raise ValidationError(
            _("This ICE's check digits (the last two) do not match: check it."),
            code="ice_key",
        )
