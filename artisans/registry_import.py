"""The national registry import: a registry export upserted into `RegistryEntry`
in one transaction, streamed in batches, with the sellers it concerns updated.

`registry_csv` reads and checks the file (pure Python); this module writes
what it yields, with its own bulk upsert in raw SQL (see `_upsert_entries`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RegistryEntry, Seller
from .registry_csv import (
    COLUMNS,
    RegistryFileError,
    open_registry_text,
    registry_rows,
)
from .services import SOURCE_REGISTRY, _seller_set_status

IMPORT_BATCH_SIZE = 5000
# Registry numbers are RNA-<01..12>-<7 digits>: one bit each marks the numbers
# already met in this file, in a fixed 15 MB whatever the file's size.
_ID_SPACE = 12 * 10_000_000
# Every column of the file but the key, then what the import adds.
_WRITTEN_FIELDS = [*COLUMNS[1:], "row_hash", "updated_at"]
_INACTIVE = {RegistryEntry.Status.SUSPENDED, RegistryEntry.Status.STRUCK_OFF}


@dataclass
class ImportResult:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # Rows replaced by a later row with the same number (also reported).
    duplicates: int = 0
    sellers_suspended: int = 0
    sellers_to_reinstate: int = 0


class _SeenIds:
    def __init__(self):
        self.bits = bytearray(_ID_SPACE // 8 + 1)

    def add(self, registry_id: str) -> bool:
        """Mark a number as met; True when it had been met before."""
        index = (int(registry_id[4:6]) - 1) * 10_000_000 + int(registry_id[7:])
        byte, bit = divmod(index, 8)
        seen = bool(self.bits[byte] & (1 << bit))
        self.bits[byte] |= 1 << bit
        return seen


def registry_import(
    *,
    path: str | os.PathLike,
    on_problem: Callable[[int, str], None] | None = None,
    on_progress: Callable[[int, int, int], None] | None = None,
    batch_size: int = IMPORT_BATCH_SIZE,
) -> ImportResult:
    """Import a registry export: upsert every valid row by its registry number.

    Streams the file in batches of `batch_size` rows. The whole import is one
    transaction: interrupted, it leaves the registry as it was. Each rejected
    row is passed to `on_problem(line, reason)`; `on_progress(bytes_read,
    bytes_total, rows_read)` is called after each batch. Linked sellers follow
    their entry: suspended at once when it is suspended or struck off, flagged
    for reinstatement when it becomes active again.

    Raises RegistryFileError when the file cannot be read or has no header.
    """
    result = ImportResult()

    def problem(line: int, reason: str) -> None:
        # Handed on, never kept: a file of rejected rows keeps memory flat too.
        if on_problem:
            on_problem(line, reason)

    seen = _SeenIds()
    repeated: set[str] = set()
    try:
        binary = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise RegistryFileError(
            f"cannot read {os.fspath(path)}: {error.strerror}"
        ) from None
    with binary:
        total = os.fstat(binary.fileno()).st_size
        text = open_registry_text(binary)
        with transaction.atomic():
            batch: dict[str, tuple[dict, bool]] = {}
            for row in registry_rows(text):
                result.read += 1
                if row.error:
                    result.rejected += 1
                    problem(row.line, row.error)
                    continue
                registry_id = row.values["registry_id"]
                if seen.add(registry_id):
                    result.duplicates += 1
                    repeated.add(registry_id)
                    previous = batch.get(registry_id)
                    # Counted already when first met in an earlier batch.
                    earlier_batch = previous[1] if previous else True
                else:
                    earlier_batch = False
                batch[registry_id] = (row.values, earlier_batch)
                if len(batch) >= batch_size:
                    _import_batch(batch, result)
                    batch = {}
                    if on_progress:
                        on_progress(binary.tell(), total, result.read)
            if batch:
                _import_batch(batch, result)
        if on_progress:
            on_progress(total, total, result.read)
        if repeated:
            _report_duplicates(binary, repeated, problem)
    return result


def _import_batch(batch: dict[str, tuple[dict, bool]], result: ImportResult) -> None:
    existing = {
        registry_id: (pk, row_hash, status)
        for registry_id, pk, row_hash, status in _existing_entries(list(batch))
    }
    to_write = []
    status_changes: dict[int, tuple[str, str]] = {}
    for registry_id, (values, earlier_batch) in batch.items():
        current = existing.get(registry_id)
        if current is None:
            if not earlier_batch:
                result.created += 1
        elif current[1] == values["row_hash"]:
            if not earlier_batch:
                result.unchanged += 1
            continue
        else:
            if not earlier_batch:
                result.updated += 1
            if current[2] != values["status"]:
                status_changes[current[0]] = (current[2], values["status"])
        to_write.append(values)
    if to_write:
        _upsert_entries(to_write)
    if status_changes:
        _sync_sellers(status_changes, result)


def _existing_entries(registry_ids: list[str]) -> list[tuple]:
    """(registry_id, pk, row_hash, status) of the batch's known numbers.

    Raw SQL: compiling an ORM `__in` of 5,000 values cost more than running it.
    """
    table = connection.ops.quote_name(RegistryEntry._meta.db_table)
    if connection.vendor == "postgresql":
        where, params = "registry_id = ANY(%s)", [registry_ids]
    else:
        where, params = (
            f"registry_id IN ({', '.join(['%s'] * len(registry_ids))})",
            (registry_ids),
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT registry_id, id, row_hash, status FROM {table} WHERE {where}",
            params,
        )
        return cursor.fetchall()


def _upsert_entries(rows: list[dict]) -> None:
    """Insert new entries and rewrite changed ones.

    Raw SQL because building 622,000 model instances and compiling Django's
    bulk_create took four times as long as the database work itself.
    `INSERT ... ON CONFLICT DO UPDATE` is the same on SQLite and PostgreSQL;
    SQLite runs one prepared statement per row fastest (executemany, in C),
    PostgreSQL one statement per batch, each column sent as one array.
    """
    ops = connection.ops
    table = ops.quote_name(RegistryEntry._meta.db_table)
    columns = ["registry_id", *_WRITTEN_FIELDS]
    quoted = [ops.quote_name(RegistryEntry._meta.get_field(c).column) for c in columns]
    conflict = f"ON CONFLICT ({quoted[0]}) DO UPDATE SET " + ", ".join(
        f"{name} = excluded.{name}" for name in quoted[1:]
    )
    insert = f"INSERT INTO {table} ({', '.join(quoted)}) "
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = [[values[name] for values in rows] for name in columns[:-1]]
            types = {"registered_on": "date[]", "members": "integer[]"}
            unnest = ", ".join(
                f"%s::{types.get(name, 'text[]')}" for name in columns[:-1]
            )
            cursor.execute(
                f"{insert} SELECT *, %s FROM unnest({unnest}) {conflict}",
                [now, *arrays],
            )
            return
        now = ops.adapt_datetimefield_value(now)
        date_at = columns.index("registered_on")
        params = []
        for values in rows:
            row = [values[name] for name in columns[:-1]]
            row[date_at] = ops.adapt_datefield_value(row[date_at])
            row.append(now)
            params.append(row)
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"{insert} VALUES ({placeholders}) {conflict}", params)


def _sync_sellers(status_changes: dict[int, tuple[str, str]], result) -> None:
    sellers = Seller.objects.filter(
        registry_entry_id__in=list(status_changes)
    ).select_related("registry_entry")
    for seller in sellers.select_for_update():
        old, new = status_changes[seller.registry_entry_id]
        entry = seller.registry_entry
        if new in _INACTIVE and seller.status not in (
            Seller.Status.SUSPENDED,
            Seller.Status.REJECTED,
        ):
            _seller_set_status(
                seller=seller,
                status=Seller.Status.SUSPENDED,
                reason=_("The registry lists %(id)s as %(status)s.")
                % {"id": entry.registry_id, "status": entry.get_status_display()},
                source=SOURCE_REGISTRY,
            )
            result.sellers_suspended += 1
        elif (
            new == RegistryEntry.Status.ACTIVE
            and old in _INACTIVE
            and seller.status == Seller.Status.SUSPENDED
        ):
            # Reinstating is the chamber's decision: the import only flags it.
            seller.needs_reinstatement = True
            seller.save(update_fields=["needs_reinstatement"])
            result.sellers_to_reinstate += 1


def _report_duplicates(binary, repeated: set[str], problem) -> None:
    """Second reading, only when numbers repeat: name the rows that lost."""
    binary.seek(0)
    lines: dict[str, list[int]] = {registry_id: [] for registry_id in repeated}
    for row in registry_rows(open_registry_text(binary)):
        if row.values and row.values["registry_id"] in lines:
            lines[row.values["registry_id"]].append(row.line)
    for registry_id, found in lines.items():
        for line in found[:-1]:
            problem(
                line,
                f"registry_id {registry_id} appears again on line {found[-1]}; "
                "the later row wins",
            )
