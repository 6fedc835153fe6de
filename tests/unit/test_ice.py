"""The ICE check: digits only, 15 of them, and the MOD 97 key."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.invoicing.ice import ice_is_valid, ice_normalize, validate_ice


@pytest.mark.parametrize(
    "ice",
    [
        # Published ICEs (python-stdnum's examples): multiples of 97.
        "001561191000066",
        "002136093000040",
        "00 21 36 09 30 00 040",
        "001234567000062",
    ],
)
def test_valid_ices_pass(ice):
    assert ice_is_valid(ice)
    validate_ice(ice)


@pytest.mark.parametrize(
    ("ice", "code", "message"),
    [
        ("00156119100006A", "ice_digits", "digits only"),
        # Arabic-Indic digits are digits to str.isdigit, not to an ICE.
        ("٠٠١٥٦١١٩١٠٠٠٠٦٦", "ice_digits", "digits only"),
        ("", "ice_digits", "digits only"),
        ("12345", "ice_length", "has 5"),
        ("0015611910000660", "ice_length", "has 16"),
        # One digit wrong: the key no longer matches (the key catches every
        # single-digit error).
        ("001561191000065", "ice_key", "check digits"),
        ("001561191100066", "ice_key", "check digits"),
    ],
)
def test_invalid_ices_are_refused_with_their_reason(ice, code, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            validate_ice(ice)
        # Read in English: the message is translated when it is read.
        assert message in raised.value.messages[0]
    assert raised.value.code == code
    assert not ice_is_valid(ice)


def test_spaces_and_dots_between_groups_are_dropped():
    assert ice_normalize(" 001.561191.0000.66 ") == "001561191000066"
