"""Name matching for automatic verification."""

import pytest

from artisans.matching import names_match

REGISTERED = ("Fatima Zahra El Idrissi", "فاطمة الزهراء الإدريسي")


@pytest.mark.parametrize(
    "claimed",
    [
        "Fatima Zahra El Idrissi",
        "FATIMA ZAHRA EL IDRISSI",
        "El Idrissi Fatima Zahra",
        "Fatima-Zahra El Idrissi",
        "Fatima Zahra El Idrisi",
        "الإدريسي فاطمة الزهراء",
        "فاطمه الزهراء الادريسي",
    ],
)
def test_case_accents_order_script_and_small_typos_match(claimed):
    assert names_match(claimed, *REGISTERED)


def test_accents_are_ignored():
    assert names_match("Cooperative Tighanimine", "Coopérative Tighanimine")


@pytest.mark.parametrize("claimed", ["Mohamed Bennani", "Fatima", "", "محمد بناني"])
def test_another_name_does_not_match(claimed):
    assert not names_match(claimed, *REGISTERED)
