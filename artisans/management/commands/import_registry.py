"""`python manage.py import_registry PATH`: see artisans.registry_import."""

import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from artisans.registry_csv import RegistryFileError
from artisans.registry_import import registry_import


class Command(BaseCommand):
    help = (
        "Import a national registry export (CSV, shared/spec/registry-csv.md): "
        "upsert by registry number, report rejected rows, keep sellers in step."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the CSV export to import")
        parser.add_argument(
            "--report",
            help="where to write the rejected rows (default: a new file in the "
            "temporary folder)",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar, even on a terminal",
        )

    def handle(self, *args, path, report=None, no_progress=False, **options):
        if report:
            report_file = open(report, "w", encoding="utf-8")  # noqa: SIM115
        else:
            report_file = tempfile.NamedTemporaryFile(  # noqa: SIM115
                "w",
                encoding="utf-8",
                prefix="registry-import-",
                suffix=".txt",
                delete=False,
            )
        report_path = Path(report_file.name)
        report_file.write(f"Registry import of {path}\n")

        def on_problem(line: int, reason: str) -> None:
            message = f"line {line}: {reason}"
            self.stderr.write(message)
            report_file.write(message + "\n")

        tty = not no_progress and sys.stderr.isatty()
        started = time.monotonic()
        try:
            with report_file:
                result = registry_import(
                    path=path,
                    on_problem=on_problem,
                    on_progress=self._progress_bar if tty else None,
                )
                summary = (
                    f"read {result.read}, created {result.created}, updated "
                    f"{result.updated}, unchanged {result.unchanged}, rejected "
                    f"{result.rejected + result.duplicates} ({result.rejected} "
                    f"invalid, {result.duplicates} replaced by a later row with "
                    f"the same number); sellers suspended {result.sellers_suspended}"
                    f", to reinstate {result.sellers_to_reinstate}"
                )
                report_file.write(summary + "\n")
        except RegistryFileError as error:
            report_path.unlink(missing_ok=True)
            raise CommandError(f"{path}: {error}") from None
        if tty:
            sys.stderr.write("\n")
        self.stdout.write(f"{summary} in {time.monotonic() - started:.1f} s")
        self.stdout.write(f"Report: {report_path}")

    @staticmethod
    def _progress_bar(done: int, total: int, rows: int) -> None:
        width = 30
        fraction = done / total if total else 1
        filled = int(width * fraction)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:6.1%} "
            f"{rows:>9,} rows"
        )
        sys.stderr.flush()
