"""`python manage.py import_products --seller SLUG PATH [--images ZIP]
[--dry-run]`: see marketplace.sellerdash.catalogue_file.importing."""

import csv
import sys
import time
from contextlib import ExitStack

from django.core.management.base import BaseCommand, CommandError

from artisans.models import Seller
from marketplace.sellerdash.catalogue_file.importing import catalogue_import
from marketplace.sellerdash.catalogue_file.reading import CatalogueFileError
from marketplace.sellerdash.services import REPORT_HEADER


class Command(BaseCommand):
    help = (
        "Import a seller's catalogue file (CSV, shared/spec/products-csv.md) "
        "into that seller's catalogue, with an optional ZIP of photos."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the catalogue file (CSV)")
        parser.add_argument("--seller", required=True, help="the shop's slug")
        parser.add_argument("--images", help="a ZIP of the photos the file names")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would be created, updated and rejected; change nothing",
        )
        parser.add_argument(
            "--report", help="also write the rejected lines to this CSV file"
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar, even on a terminal",
        )

    def handle(self, *args, path, seller, images=None, dry_run=False, **options):
        try:
            shop = Seller.objects.select_related("partner").get(slug=seller)
        except Seller.DoesNotExist:
            raise CommandError(f"no seller with the slug {seller!r}") from None
        tty = not options["no_progress"] and sys.stderr.isatty()
        started = time.monotonic()
        with ExitStack() as files:
            try:
                csv_file = files.enter_context(open(path, "rb"))
                zip_file = files.enter_context(open(images, "rb")) if images else None
            except OSError as error:
                raise CommandError(f"{error.filename}: {error.strerror}") from None
            report = None
            if options["report"]:
                report = csv.writer(
                    files.enter_context(
                        open(options["report"], "w", encoding="utf-8", newline="")
                    )
                )
                report.writerow(REPORT_HEADER)

            def on_problem(line: int, column: str, reason: str) -> None:
                where = f"line {line}" + (f", {column}" if column else "")
                self.stderr.write(f"{where}: {reason}")
                if report is not None:
                    report.writerow((line, column, reason))

            try:
                result = catalogue_import(
                    seller=shop,
                    csv_file=csv_file,
                    zip_file=zip_file,
                    dry_run=dry_run,
                    on_problem=on_problem,
                    on_progress=self._progress_bar if tty else None,
                )
            except CatalogueFileError as error:
                raise CommandError(f"{path}: {error}") from None
        if tty:
            sys.stderr.write("\n")
        verb = "would be " if dry_run else ""
        self.stdout.write(
            f"{'Dry run: ' if dry_run else ''}{result.rows} rows; "
            f"{verb}created {result.created}, {verb}updated {result.updated}, "
            f"unchanged {result.unchanged}, rejected {result.rejected} "
            f"in {time.monotonic() - started:.1f} s"
        )

    @staticmethod
    def _progress_bar(done: int, total: int) -> None:
        width = 30
        fraction = done / total if total else 1
        filled = int(width * fraction)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:6.1%} "
            f"{done:>7,}/{total:,} rows"
        )
        sys.stderr.flush()
