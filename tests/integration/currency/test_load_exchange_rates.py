"""`load_exchange_rates PATH`: Bank Al-Maghrib's reference rates, all or none,
and the prices they convert."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from marketplace.currency.models import ExchangeRate
from marketplace.currency.rates_csv import SAMPLE_PATH
from marketplace.currency.selectors import price_convert, rates_latest

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture(autouse=True)
def _english():
    """The command's messages are read in English (they are translated)."""
    with translation.override("en"):
        yield


SAMPLE = SAMPLE_PATH


def load(path) -> str:
    out = io.StringIO()
    call_command("load_exchange_rates", str(path), stdout=out)
    return out.getvalue()


def test_the_sample_file_loads_euro_and_dollar_and_skips_the_rest():
    assert "8 rates loaded, 12 lines of other currencies skipped" in load(SAMPLE)
    latest = rates_latest()
    assert latest["EUR"].mad_per_unit == Decimal("10.845200")
    assert latest["EUR"].date == date(2026, 11, 27)
    assert latest["USD"].mad_per_unit == Decimal("9.354800")


def test_prices_convert_with_the_latest_rate_and_round_like_shops():
    load(SAMPLE)
    eur = price_convert(amount_mad=Decimal("135.00"), currency="EUR")
    assert (eur.amount, eur.currency, eur.rate_date) == (
        Decimal("12.50"),
        "EUR",
        date(2026, 11, 27),
    )
    usd = price_convert(amount_mad=Decimal("135.00"), currency="USD")
    assert usd.amount == Decimal("14.50")  # 14.43
    assert price_convert(amount_mad=Decimal("2400"), currency="EUR").amount == 221
    assert price_convert(amount_mad=Decimal("2400"), currency="MAD") is None


def test_a_rate_staff_change_is_read_at_once(tmp_path):
    load(SAMPLE)
    assert rates_latest()["EUR"].mad_per_unit == Decimal("10.845200")
    ExchangeRate.objects.create(
        currency="EUR", date=date(2026, 11, 28), mad_per_unit=Decimal("11")
    )
    assert rates_latest()["EUR"].date == date(2026, 11, 28)
    ExchangeRate.objects.filter(date=date(2026, 11, 28)).delete()
    assert rates_latest()["EUR"].date == date(2026, 11, 27)


def test_loading_the_same_day_again_replaces_its_rate(tmp_path):
    load(SAMPLE)
    again = tmp_path / "again.csv"
    again.write_text("date,devise,unite,cours\n2026-11-27,EUR,1,10.9\n")
    load(again)
    assert ExchangeRate.objects.get(currency="EUR", date="2026-11-27").mad_per_unit == (
        Decimal("10.9")
    )
    assert ExchangeRate.objects.count() == 8


def test_a_rate_for_100_units_is_divided(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("Date;Devise;Unité;Cours moyen\n27/11/2026;USD;100;935,48\n")
    load(path)
    assert rates_latest()["USD"].mad_per_unit == Decimal("9.354800")


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("27/11/2026;EUR;1;0", "Line 3: the rate must be a number from"),
        ("27/11/2026;EUR;1;99999", "Line 3: the rate must be a number from"),
        ("27/11/2026;EUR;1;NaN", "Line 3: the rate must be a number from"),
        ("27/11/2026;EUR;1;abc", "Line 3: the rate must be a number from"),
        ("27/11/2026;EUR;7;10,8", "Line 3: the unit must be 1, 10, 100 or 1000"),
        ("31/02/2026;EUR;1;10,8", "Line 3: the date must be a day from 2000-01-01"),
        ("01/01/2999;EUR;1;10,8", "Line 3: the date must be a day from 2000-01-01"),
        ("27/11/2026;EURO;1;10,8", "Line 3: 'EURO' is not a currency code"),
        ("27/11/2026;EUR;1", "Line 3: 3 fields, 4 expected"),
        ("26/11/2026;USD;1;9,3", "Line 3: USD on 2026-11-26 is already given"),
    ],
)
def test_any_bad_line_is_named_and_nothing_is_loaded(tmp_path, line, error):
    path = tmp_path / "rates.csv"
    path.write_text(f"Date;Devise;Unité;Cours moyen\n26/11/2026;USD;1;9,36\n{line}\n")
    with pytest.raises(CommandError) as raised:
        load(path)
    assert error in str(raised.value)
    assert "Nothing loaded" in str(raised.value)
    assert not ExchangeRate.objects.exists()


def test_a_file_without_the_columns_too_big_or_not_utf8_is_refused(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("Date;Devise;Montant\n27/11/2026;EUR;10,8\n")
    with pytest.raises(CommandError, match="Line 1: missing columns: rate, unit"):
        load(path)
    path.write_bytes(b"Date;Devise;Unit\xe9;Cours\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        load(path)
    path.write_bytes(b"Date;Devise;Unite;Cours\n" + b"x" * 1_000_001)
    with pytest.raises(CommandError, match="larger than 1000000 bytes"):
        load(path)
    with pytest.raises(CommandError, match="No such file"):
        load(tmp_path / "missing.csv")
    assert not ExchangeRate.objects.exists()
