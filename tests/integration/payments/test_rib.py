"""The Moroccan RIB: 24 digits whose last two are a check key (mod 97)."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.payments.rib import rib_is_valid, rib_key, validate_rib

# The BBAN of the Moroccan IBAN example in SWIFT's IBAN registry,
# MA64 0115 1900 0001 2050 0053 4921: bank 011, city 519, key 21.
KNOWN_VALID = "011519000001205000534921"


def test_the_key_of_a_known_valid_rib_is_computed():
    assert rib_key(KNOWN_VALID[:22]) == 21
    assert rib_is_valid(KNOWN_VALID)


def test_spaces_are_allowed_as_printed_on_a_rib():
    assert rib_is_valid("011 519 0000012050005349 21")


@pytest.mark.parametrize(
    "rib",
    [
        "011519000001205000534922",  # wrong key
        "011519000001205000534912",  # two digits swapped
        "111519000001205000534921",  # bank code changed
        "01151900000120500053492",  # 23 digits
        "",
    ],
)
def test_a_wrong_rib_is_refused(rib):
    assert not rib_is_valid(rib)
    with pytest.raises(ValidationError):
        validate_rib(rib)


def test_letters_in_the_account_number_count_as_digits():
    body = "011519" + "0000A12050005349"
    key = rib_key(body)
    digits = "011519" + "0000112050005349"
    assert key == rib_key(digits)
    assert rib_is_valid(f"{body}{key:02d}")
