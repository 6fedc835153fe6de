from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.payments.services import remittances_import


class Command(BaseCommand):
    help = (
        "Import a carrier's cash-on-delivery remittance file (CSV with "
        "tracking_number, amount, date and an optional status: delivered or "
        "refused): each parcel's seller is credited once, however often the "
        "file is imported; refused parcels return to stock; bad lines are listed "
        "with their column, unmatched ones kept for staff."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--carrier", default="", help="The carrier's name (else each parcel's)."
        )

    def handle(self, *args, path: Path, carrier: str, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from error
        result = remittances_import(
            text=text, carrier=carrier[:80], reference=path.name[:100]
        )
        for number, column, message in result.errors:
            where = f"line {number}, column {column}" if column else f"line {number}"
            self.stderr.write(f"{where}: {message}")
        for number, tracking, message in result.mismatches:
            self.stderr.write(f"line {number} ({tracking}): {message}")
        self.stdout.write(
            f"{len(result.credited)} credited, {len(result.returned)} returned, "
            f"{len(result.already)} already imported, {len(result.mismatches)} "
            f"kept for staff, {len(result.errors)} rejected"
        )
        if result.errors or result.mismatches:
            raise CommandError("Some lines were not recorded.", returncode=2)
