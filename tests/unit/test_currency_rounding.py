"""Converted prices are rounded the way shops price (marketplace/currency)."""

from decimal import Decimal

import pytest

from marketplace.currency.selectors import (
    display_currency_from_cookie,
    round_like_shops,
)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("12.2479", "12.00"),
        ("12.2500", "12.50"),
        ("12.4479", "12.50"),
        ("12.7400", "12.50"),
        ("12.7500", "13.00"),
        ("99.7600", "100.00"),
        ("135.4900", "135"),
        ("135.5000", "136"),
        ("0.0900", "0.50"),
    ],
)
def test_below_100_to_the_half_unit_from_100_to_the_unit(amount, shown):
    assert str(round_like_shops(Decimal(amount))) == shown


def test_a_cookie_names_a_display_currency_or_means_dirhams():
    assert display_currency_from_cookie("eur") == "EUR"
    assert display_currency_from_cookie("USD") == "USD"
    assert display_currency_from_cookie("GBP") == "MAD"
    assert display_currency_from_cookie(None) == "MAD"
