"""Reading a seller's catalogue file (`shared/spec/products-csv.md`).

No database here: `catalogue_lines()` streams the file and yields each
non-blank data line as {column: raw text}, and `row_clean()` turns one line
into typed values, or the column and reason it is refused for. What a value
means for the catalogue (new or existing product, variant or not) is the
import's business (`importing.py`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import BinaryIO

from django.utils.translation import gettext as _

from marketplace.csvcells import cell_restore
from marketplace.limits import NUL

COLUMNS = (
    "sku",
    "parent_sku",
    "title_fr",
    "title_ar",
    "title_en",
    "description_fr",
    "description_ar",
    "description_en",
    "category",
    "materials",
    "price",
    "stock",
    "made_to_order",
    "lead_time_days",
    "length_cm",
    "width_cm",
    "height_cm",
    "weight_g",
    "technique",
    "images",
    "published",
)
REQUIRED_COLUMNS = ("sku",)

# Bounds: a file far larger than any shop's catalogue is refused whole, before
# anything is written.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 100
SKU_MAX = 64
TITLE_MAX = 255
DESCRIPTION_MAX = 10_000
TECHNIQUE_MAX = 120
PRICE_MAX = Decimal("10000000")
STOCK_MAX = 100_000
LEAD_TIME_MAX = 365
DIMENSION_MAX = Decimal("10000")
WEIGHT_MAX = 1_000_000
MAX_IMAGES_PER_ROW = 10
MAX_MATERIALS_PER_ROW = 20
MAX_CATEGORIES_PER_ROW = 10
# A sku the export writes for a product that has none: `#` and its id.
# Reserved, so that a seller's own reference never takes this form.
ID_SKU = re.compile(r"^#([0-9]{1,18})$")

_SNIFF_BYTES = 64 * 1024
_INTEGER = re.compile(r"^[0-9]{1,9}$")
_DECIMAL = re.compile(r"^[0-9]{1,12}(?:[.,][0-9]{1,12})?$")
_TRUE = frozenset({"yes", "oui", "1", "true"})
_FALSE = frozenset({"no", "non", "0", "false"})
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")


class CatalogueFileError(Exception):
    """The file cannot be imported at all (not CSV text, no header, too big)."""


@dataclass(slots=True)
class Line:
    number: int
    raw: dict[str, str] | None = None
    error: str | None = None


@dataclass(slots=True)
class RowError(Exception):
    column: str
    reason: str


@dataclass(slots=True)
class Row:
    """One line's values: only the columns the file has are in `values`."""

    line: int
    sku: str
    parent_sku: str | None  # None: column absent; "": not a variant
    values: dict = field(default_factory=dict)


def open_catalogue_text(binary: BinaryIO) -> io.TextIOWrapper:
    """UTF-8 text of the file, byte-order mark dropped; refuses what is
    clearly not text."""
    head = binary.read(_SNIFF_BYTES)
    if b"\x00" in head:
        raise CatalogueFileError(_("This is not a CSV file: it contains binary data."))
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A multi-byte character may straddle the end of the sample.
        if error.start < len(head) - 3:
            raise CatalogueFileError(
                _("This is not a CSV file in UTF-8: save it as CSV UTF-8.")
            ) from None
    binary.seek(0)
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def _detect_delimiter(header_line: str) -> str:
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


@dataclass(slots=True)
class Header:
    columns: list[str]
    delimiter: str
    line: int

    @property
    def present(self) -> frozenset[str]:
        return frozenset(c for c in self.columns if c in COLUMNS)


def catalogue_lines(text: io.TextIOBase) -> tuple[Header, Iterator[Line]]:
    """The header, and an iterator over the data lines, blank ones skipped.

    Raises CatalogueFileError for a file without a usable header, and while
    iterating when the text stops being UTF-8.
    """
    header_line, number = "", 0
    try:
        for header_line in text:
            number += 1
            if header_line.strip():
                break
    except UnicodeDecodeError:
        raise CatalogueFileError(
            _("This is not a CSV file in UTF-8: save it as CSV UTF-8.")
        ) from None
    if not header_line.strip():
        raise CatalogueFileError(_("The file is empty."))
    delimiter = _detect_delimiter(header_line)
    names = next(csv.reader([header_line], delimiter=delimiter), [])
    if len(names) > MAX_COLUMNS:
        raise CatalogueFileError(
            _("The header has more than %(max)s columns.") % {"max": MAX_COLUMNS}
        )
    columns = [name.strip().lower() for name in names]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise CatalogueFileError(
            _("The first line must name the columns; %(columns)s is missing.")
            % {"columns": ", ".join(missing)}
        )
    header = Header(columns=columns, delimiter=delimiter, line=number)
    return header, _lines(text, header)


def _lines(text: io.TextIOBase, header: Header) -> Iterator[Line]:
    # Known columns only, each at its position; a column named twice counts
    # once, its first position.
    positions = {}
    for index, name in enumerate(header.columns):
        if name in COLUMNS and name not in positions:
            positions[name] = index
    width = len(header.columns)
    reader = csv.reader(text, delimiter=header.delimiter, strict=True)
    while True:
        start = header.line + reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise CatalogueFileError(
                _("Line %(line)s is not UTF-8 text: save the file as CSV UTF-8.")
                % {"line": start}
            ) from None
        except csv.Error as error:
            yield Line(
                number=start, error=_("malformed CSV (%(error)s)") % {"error": error}
            )
            continue
        if not fields or all(not value.strip() for value in fields):
            continue
        if len(fields) != width:
            yield Line(
                number=start,
                error=_("%(found)s fields where the header has %(width)s")
                % {"found": len(fields), "width": width},
            )
            continue
        yield Line(
            number=start,
            raw={
                # A formula-looking cell the export neutralised ('=…): as it was.
                name: cell_restore(fields[index].replace(NUL, "").strip())
                for name, index in positions.items()
            },
        )


@dataclass(slots=True)
class Vocabulary:
    """What the cells name: category paths and material slugs, to ids."""

    categories: dict[str, int]
    materials: dict[str, int]


def row_clean(line: int, raw: dict[str, str], vocabulary: Vocabulary) -> Row:
    """Typed values of one line's present columns; raises RowError.

    An empty optional cell becomes the field's empty value (it clears it);
    whether a required one may be empty depends on the product (new or not,
    variant or not), which the import decides.
    """
    sku = raw["sku"]
    if not sku:
        raise RowError("sku", _("required"))
    if len(sku) > SKU_MAX:
        raise RowError("sku", _("at most %(max)s characters") % {"max": SKU_MAX})
    parent_sku = raw.get("parent_sku")
    if parent_sku is not None and len(parent_sku) > SKU_MAX:
        raise RowError("parent_sku", _("at most %(max)s characters") % {"max": SKU_MAX})
    if parent_sku == sku:
        raise RowError("parent_sku", _("a product cannot be its own variant"))
    values: dict = {}
    for column, name, limit in (
        ("title_fr", "title_fr", TITLE_MAX),
        ("title_ar", "title_ar", TITLE_MAX),
        ("title_en", "title_en", TITLE_MAX),
        ("description_fr", "description_fr", DESCRIPTION_MAX),
        ("description_ar", "description_ar", DESCRIPTION_MAX),
        ("description_en", "description_en", DESCRIPTION_MAX),
        ("technique", "technique_fr", TECHNIQUE_MAX),
    ):
        if column in raw:
            value = raw[column]
            if len(value) > limit:
                raise RowError(column, _("at most %(max)s characters") % {"max": limit})
            values[name] = value
    if "category" in raw:
        values["categories"] = _ids(
            raw["category"],
            vocabulary.categories,
            "category",
            MAX_CATEGORIES_PER_ROW,
            _("unknown category %(value)s"),
        )
    if "materials" in raw:
        values["materials"] = _ids(
            raw["materials"],
            vocabulary.materials,
            "materials",
            MAX_MATERIALS_PER_ROW,
            _("unknown material %(value)s"),
        )
    if "price" in raw:
        price = _decimal(raw["price"], "price")
        if price is not None:
            if not Decimal(0) < price < PRICE_MAX:
                raise RowError(
                    "price",
                    _("must be more than 0 and less than %(max)s")
                    % {"max": f"{PRICE_MAX:,}".replace(",", " ")},
                )
            if price != price.quantize(_CENT):
                raise RowError("price", _("at most 2 decimals"))
            price = price.quantize(_CENT)
        values["price"] = price
    if "stock" in raw:
        values["stock"] = _integer(raw["stock"], "stock", STOCK_MAX)
    if "made_to_order" in raw:
        values["made_to_order"] = bool(_boolean(raw["made_to_order"], "made_to_order"))
    if "lead_time_days" in raw:
        values["lead_time_days"] = _integer(
            raw["lead_time_days"], "lead_time_days", LEAD_TIME_MAX
        )
    for column in ("length_cm", "width_cm", "height_cm"):
        if column in raw:
            size = _decimal(raw[column], column)
            if size is not None:
                if size > DIMENSION_MAX:
                    raise RowError(
                        column,
                        _("must be from 0 to %(max)s") % {"max": DIMENSION_MAX},
                    )
                # The column keeps tenths of a centimetre.
                size = size.quantize(_TENTH, rounding=ROUND_HALF_UP)
            values[column] = size
    if "weight_g" in raw:
        values["weight_g"] = _integer(raw["weight_g"], "weight_g", WEIGHT_MAX)
    if "images" in raw:
        names = _split(raw["images"])
        if len(names) > MAX_IMAGES_PER_ROW:
            raise RowError(
                "images", _("at most %(max)s photos") % {"max": MAX_IMAGES_PER_ROW}
            )
        if len(set(names)) != len(names):
            raise RowError("images", _("a photo is named twice"))
        values["images"] = names
    if "published" in raw:
        values["published"] = bool(_boolean(raw["published"], "published"))
    return Row(line=line, sku=sku, parent_sku=parent_sku, values=values)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _ids(cell, known, column, limit, unknown) -> list[int]:
    names = _split(cell)
    if len(names) > limit:
        raise RowError(column, _("at most %(max)s values") % {"max": limit})
    ids = []
    for name in names:
        key = name.lower().strip("/")
        if key not in known:
            raise RowError(column, unknown % {"value": name[:80]})
        ids.append(known[key])
    return sorted(set(ids))


def _decimal(value: str, column: str) -> Decimal | None:
    if not value:
        return None
    if not _DECIMAL.match(value):
        raise RowError(
            column,
            _("%(value)s is not a number (digits, with . or , before decimals)")
            % {"value": value[:30]},
        )
    return Decimal(value.replace(",", "."))


def _integer(value: str, column: str, maximum: int) -> int | None:
    if not value:
        return None
    if not _INTEGER.match(value) or int(value) > maximum:
        raise RowError(
            column,
            _("%(value)s is not a whole number from 0 to %(max)s")
            % {"value": value[:30], "max": maximum},
        )
    return int(value)


def _boolean(value: str, column: str) -> bool | None:
    word = value.lower()
    if not word:
        return None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise RowError(
        column,
        _("%(value)s is not yes/no, oui/non, 1/0 or true/false")
        % {"value": value[:30]},
    )
