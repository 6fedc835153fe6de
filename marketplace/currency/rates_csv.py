"""Reading a file of Bank Al-Maghrib's reference rates (`load_exchange_rates`).

The format (docs/exchange-rates.md; a sample in `fixtures/bam_reference_rates.csv`):
UTF-8 text, `;` or `,` between fields, a header line naming the columns
`date`, `devise`, `unite`, `cours` (accents and case ignored, so Bank
Al-Maghrib's own "Date;Devise;Unité;Cours moyen" headers are accepted),
one line per currency and date:

    Date;Devise;Unité;Cours moyen
    27/11/2026;EUR;1;10,8452

`date` as DD/MM/YYYY or YYYY-MM-DD; `devise` an ISO code (EUR, USD, GBP…);
`unite` how many units the rate is for (1, 10, 100: the rate is divided by
it); `cours` the dirhams for `unite` units, a decimal comma or point. Lines of
currencies the shop does not show are skipped and counted. Every error names
its line; a file with any error loads nothing.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RATE_MAX, RATE_MIN, ExchangeRate

SAMPLE_PATH = Path(__file__).resolve().parent / "fixtures" / "bam_reference_rates.csv"
MAX_BYTES = 1_000_000
MAX_LINES = 20_000
MAX_ERRORS = 50
EARLIEST = date(2000, 1, 1)
COLUMNS = {
    "date": "date",
    "devise": "currency",
    "currency": "currency",
    "unite": "unit",
    "unit": "unit",
    "cours": "rate",
    "cours moyen": "rate",
    "cours de reference": "rate",
    "rate": "rate",
}


@dataclass
class RatesFile:
    rates: dict[tuple[str, date], Decimal] = field(default_factory=dict)
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _date(text: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(
            text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        )
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def rates_read(data: bytes) -> RatesFile:
    """The rates of a file, or its errors (each with its line number)."""
    result = RatesFile()
    if len(data) > MAX_BYTES:
        result.errors.append(
            _("The file is larger than %(n)s bytes.") % {"n": MAX_BYTES}
        )
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(_("The file is not UTF-8 text."))
        return result
    lines = text.splitlines()
    if len(lines) > MAX_LINES + 1:
        result.errors.append(
            _("The file has more than %(n)s lines.") % {"n": MAX_LINES}
        )
        return result
    if not lines:
        result.errors.append(_("The file is empty."))
        return result
    delimiter = ";" if ";" in lines[0] else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [COLUMNS.get(_fold(name)) for name in next(reader)]
    missing = {"date", "currency", "unit", "rate"} - set(header)
    if missing:
        result.errors.append(
            _("Line 1: missing columns: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
        return result
    where = {name: header.index(name) for name in ("date", "currency", "unit", "rate")}
    shown = set(ExchangeRate.Currency.values)
    today = timezone.localdate()
    for number, row in enumerate(reader, start=2):
        if len(result.errors) >= MAX_ERRORS:
            result.errors.append(_("Too many errors: the rest was not read."))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.errors.append(
                _("Line %(line)s: %(found)s fields, %(expected)s expected.")
                % {"line": number, "found": len(row), "expected": len(header)}
            )
            continue
        currency = row[where["currency"]].strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            result.errors.append(
                _("Line %(line)s: %(value)r is not a currency code.")
                % {"line": number, "value": currency[:20]}
            )
            continue
        day = _date(row[where["date"]])
        if day is None or not EARLIEST <= day <= today:
            result.errors.append(
                _("Line %(line)s: the date must be a day from %(first)s to today.")
                % {"line": number, "first": EARLIEST.isoformat()}
            )
            continue
        unit = _decimal(row[where["unit"]])
        if unit is None or unit not in (1, 10, 100, 1000):
            result.errors.append(
                _("Line %(line)s: the unit must be 1, 10, 100 or 1000.")
                % {"line": number}
            )
            continue
        amount = _decimal(row[where["rate"]])
        rate = amount / unit if amount is not None else None
        if rate is None or not RATE_MIN <= rate <= RATE_MAX:
            result.errors.append(
                _("Line %(line)s: the rate must be a number from %(low)s to %(high)s.")
                % {"line": number, "low": RATE_MIN, "high": RATE_MAX}
            )
            continue
        if currency not in shown:
            result.skipped += 1
            continue
        if (currency, day) in result.rates:
            result.errors.append(
                _("Line %(line)s: %(currency)s on %(date)s is already given.")
                % {"line": number, "currency": currency, "date": day.isoformat()}
            )
            continue
        result.rates[(currency, day)] = rate.quantize(Decimal("0.000001"))
    return result
