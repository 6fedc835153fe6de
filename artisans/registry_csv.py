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
KINDS = frozenset({"artisan", "maalem", "cooperative", "enterprise"})
STATUSES = frozenset({"active", "suspended", "struck_off"})
CNSS_VALUES = frozenset({"pre_registered", "registered", "none"})

# `RNA-07-0012345`, tolerating case, spaces around and a missing first dash.
_REGISTRY_ID = re.compile(r"^RNA-?(\d{2})-(\d{7})$")
_CRAFT_CODE = re.compile(r"^[A-Z0-9]{3,6}$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
_COUNT = re.compile(r"^[0-9]{1,9}$")
# A cooperative's members: far above any real one, far below the column's
# 2**31 - 1, so one absurd line is rejected instead of aborting the import.
MEMBERS_MAX = 1_000_000
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


# The column order `clean_fields` expects.
COLUMNS = (
    "registry_id",
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
_ONE_DIGIT_REGIONS = {str(n): f"0{n}" for n in range(1, 10)}


def clean_row(raw: dict[str, str]) -> tuple[dict | None, str | None]:
    """Validate one row given as {column: raw string}: (values, None) or
    (None, reason)."""
    return clean_fields([(raw.get(name) or "").strip() for name in COLUMNS])


def clean_fields(fields: list[str]) -> tuple[dict | None, str | None]:
    """Validate one row's stripped strings in COLUMNS order.

    The hot loop of an import (622,000 calls): plain comparisons first, the
    reasons are only formatted for rejected rows.
    """
    (
        raw_id,
        kind,
        name_latin,
        name_arabic,
        craft_code,
        craft_label,
        region_code,
        province,
        cnss,
        status,
        registered_on,
        members,
    ) = fields
    if not (raw_id and kind and name_latin and craft_code and region_code and status):
        for name, value in zip(COLUMNS, fields, strict=True):
            if not value and name in REQUIRED_COLUMNS:
                return None, f"{name} is missing"
    registry_id = normalise_registry_id(raw_id)
    if registry_id is None:
        return None, f"registry_id {raw_id!r} is not RNA-RR-NNNNNNN"
    kind = kind.lower()
    if kind not in KINDS:
        return None, f"kind {fields[1]!r} is not one of {', '.join(sorted(KINDS))}"
    craft_code = craft_code.upper()
    if not _CRAFT_CODE.match(craft_code):
        return None, f"craft_code {fields[4]!r} is not 3 to 6 letters/digits"
    region_code = _ONE_DIGIT_REGIONS.get(region_code, region_code)
    if region_code not in REGION_CODES:
        return None, f"region_code {fields[6]!r} is not 01..12"
    status = status.lower()
    if status not in STATUSES:
        return None, f"status {fields[9]!r} is not one of " + ", ".join(
            sorted(STATUSES)
        )
    cnss = cnss.lower() or "none"
    if cnss not in CNSS_VALUES:
        return None, f"cnss {fields[8]!r} is not one of " + ", ".join(
            sorted(CNSS_VALUES)
        )
    day = None
    if registered_on:
        try:
            if not _DATE.match(registered_on):
                raise ValueError
            day = date.fromisoformat(registered_on)
        except ValueError:
            return None, f"registered_on {registered_on!r} is not YYYY-MM-DD"
    count = None
    if members:
        if not _COUNT.match(members) or not 1 <= int(members) <= MEMBERS_MAX:
            return None, (
                f"members {members[:30]!r} is not an integer from 1 to {MEMBERS_MAX}"
            )
        count = int(members)
    name_latin = name_latin[:200]
    name_arabic = name_arabic[:200]
    craft_label = craft_label[:120]
    province = province[:120]
    # What a re-import compares instead of every field: never reorder these, or
    # every entry looks changed on the next import.
    digest = hashlib.md5(
        "\x1f".join(
            (
                kind,
                name_latin,
                name_arabic,
                craft_code,
                craft_label,
                region_code,
                province,
                cnss,
                status,
                registered_on if day else "",
                members if count else "",
            )
        ).encode(),
        usedforsecurity=False,
    ).hexdigest()
    return {
        "registry_id": registry_id,
        "kind": kind,
        "name_latin": name_latin,
        "name_arabic": name_arabic,
        "craft_code": craft_code,
        "craft_label": craft_label,
        "region_code": region_code,
        "province": province,
        "cnss": cnss,
        "status": status,
        "registered_on": day,
        "members": count,
        "row_hash": digest,
    }, None


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
    # Unknown columns are dropped here, once, not on every row; a column the
    # file lacks reads as empty.
    positions = [columns.index(name) if name in columns else None for name in COLUMNS]
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
        values, error = clean_fields(
            [fields[index].strip() if index is not None else "" for index in positions]
        )
        yield ParsedRow(line=start, values=values, error=error)
