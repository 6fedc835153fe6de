"""Reading the national registry export (`shared/spec/registry-csv.md`).

Pure Python, no database: `registry_rows()` streams a file and yields one
`ParsedRow` per non-blank data line, either cleaned values or the reason the
line is rejected. The import service decides what to do with them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from .regions import REGION_CODES

REQUIRED_COLUMNS = (
    "registry_id",
    "kind",
    "name_latin",
    "craft_code",
    "region_code",
    "status",
)
OPTIONAL_COLUMNS = (
    "name_arabic",
    "craft_label",
    "province",
    "cnss",
    "registered_on",
    "members",
)
# The order of the values hashed into `row_hash`: never reorder, or every
# entry looks changed on the next import.
HASHED_FIELDS = (
    "kind",
    "name_latin",
    "name_arabic",
    "craft_code",
    "craft_label",
    "region_code",
    "province",
    "cnss",
    "status",
    "registered_on",
    "members",
)
KINDS = frozenset({"artisan", "maalem", "cooperative", "enterprise"})
STATUSES = frozenset({"active", "suspended", "struck_off"})
CNSS_VALUES = frozenset({"pre_registered", "registered", "none"})

# `RNA-07-0012345`, tolerating case, spaces around and a missing first dash.
_REGISTRY_ID = re.compile(r"^RNA-?(\d{2})-(\d{7})$")
_CRAFT_CODE = re.compile(r"^[A-Z0-9]{3,6}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Enough of the file to tell a text file from a binary one.
_SNIFF_BYTES = 64 * 1024


class RegistryFileError(Exception):
    """The file cannot be imported at all (unreadable, not CSV, no header)."""


@dataclass(slots=True)
class ParsedRow:
    line: int
    values: dict | None = None
    error: str | None = None


def normalise_registry_id(raw: str) -> str | None:
    """The canonical `RNA-07-0012345`, or None when it is not a registry number."""
    match = _REGISTRY_ID.match(raw.strip().upper())
    if not match or match.group(1) not in REGION_CODES:
        return None
    return f"RNA-{match.group(1)}-{match.group(2)}"


def row_hash(values: dict) -> str:
    joined = "\x1f".join(
        "" if values[name] is None else str(values[name]) for name in HASHED_FIELDS
    )
    return hashlib.md5(joined.encode(), usedforsecurity=False).hexdigest()


def clean_row(raw: dict[str, str]) -> tuple[dict | None, str | None]:
    """Validate one row's raw strings: (values, None) or (None, reason)."""

    stripped = {name: value.strip() for name, value in raw.items()}

    def get(name: str) -> str:
        return stripped.get(name, "")

    for name in REQUIRED_COLUMNS:
        if not get(name):
            return None, f"{name} is missing"
    registry_id = normalise_registry_id(get("registry_id"))
    if registry_id is None:
        return None, f"registry_id {get('registry_id')!r} is not RNA-RR-NNNNNNN"
    kind = get("kind").lower()
    if kind not in KINDS:
        return None, f"kind {get('kind')!r} is not one of {', '.join(sorted(KINDS))}"
    craft_code = get("craft_code").upper()
    if not _CRAFT_CODE.match(craft_code):
        return None, f"craft_code {get('craft_code')!r} is not 3 to 6 letters/digits"
    region_code = get("region_code")
    if region_code.isdigit() and len(region_code) == 1:
        region_code = "0" + region_code
    if region_code not in REGION_CODES:
        return None, f"region_code {get('region_code')!r} is not 01..12"
    status = get("status").lower()
    if status not in STATUSES:
        return None, f"status {get('status')!r} is not one of " + ", ".join(
            sorted(STATUSES)
        )
    cnss = get("cnss").lower() or "none"
    if cnss not in CNSS_VALUES:
        return None, f"cnss {get('cnss')!r} is not one of " + ", ".join(
            sorted(CNSS_VALUES)
        )
    registered_on = None
    if get("registered_on"):
        try:
            if not _DATE.match(get("registered_on")):
                raise ValueError
            registered_on = date.fromisoformat(get("registered_on"))
        except ValueError:
            return None, f"registered_on {get('registered_on')!r} is not YYYY-MM-DD"
    members = None
    if get("members"):
        if not get("members").isdigit() or int(get("members")) < 1:
            return None, f"members {get('members')!r} is not an integer >= 1"
        members = int(get("members"))
    name_latin = get("name_latin")
    values = {
        "registry_id": registry_id,
        "kind": kind,
        "name_latin": name_latin[:200],
        "name_arabic": get("name_arabic")[:200],
        "craft_code": craft_code,
        "craft_label": get("craft_label")[:120],
        "region_code": region_code,
        "province": get("province")[:120],
        "cnss": cnss,
        "status": status,
        "registered_on": registered_on,
        "members": members,
    }
    values["row_hash"] = row_hash(values)
    return values, None


def _detect_delimiter(header_line: str) -> str:
    """`;` or `,`: whichever the header uses outside quotes."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def open_registry_text(binary: BinaryIO) -> io.TextIOWrapper:
    """UTF-8 text of the file, BOM dropped; refuses what is clearly not text."""
    head = binary.read(_SNIFF_BYTES)
    if b"\x00" in head:
        raise RegistryFileError("not a CSV file: it contains binary data")
    try:
        # A multi-byte character may straddle the end of the sample.
        head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            raise RegistryFileError("not a CSV file: it is not UTF-8 text") from None
    binary.seek(0)
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def registry_rows(text: io.TextIOBase) -> Iterator[ParsedRow]:
    """Yield each non-blank data row of a registry export, validated.

    Raises RegistryFileError when the file has no valid header, or when it
    stops being UTF-8 text part-way (raised lazily, while iterating).
    """
    header_line = ""
    header_line_number = 0
    try:
        for header_line in text:
            header_line_number += 1
            if header_line.strip():
                break
    except UnicodeDecodeError:
        raise RegistryFileError("not a CSV file: it is not UTF-8 text") from None
    if not header_line.strip():
        raise RegistryFileError("no header: the file is empty")
    delimiter = _detect_delimiter(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    columns = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise RegistryFileError(
            "no valid header: required column(s) missing: " + ", ".join(missing)
        )
    # Unknown columns are dropped here, once, not on every row.
    positions = [
        (index, name)
        for index, name in enumerate(columns)
        if name in REQUIRED_COLUMNS or name in OPTIONAL_COLUMNS
    ]
    width = len(columns)
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    while True:
        start = header_line_number + reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise RegistryFileError(
                f"line {start}: not UTF-8 text; the file is not a CSV export"
            ) from None
        except csv.Error as error:
            yield ParsedRow(line=start, error=f"malformed CSV ({error})")
            continue
        if not fields or all(not field.strip() for field in fields):
            continue
        if len(fields) != width:
            yield ParsedRow(
                line=start,
                error=f"{len(fields)} fields where the header has {width}",
            )
            continue
        values, error = clean_row({name: fields[index] for index, name in positions})
        yield ParsedRow(line=start, values=values, error=error)
