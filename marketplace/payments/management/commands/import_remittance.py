from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.payments.services import remittances_import


class Command(BaseCommand):
    help = (
        "Import a carrier's cash-on-delivery remittance statement (CSV with "
        "tracking_number, amount, date): each parcel's seller is credited once, "
        "however often the file is imported; bad lines are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("statement", type=Path)
        parser.add_argument("--carrier", required=True)

    def handle(self, *args, statement: Path, carrier: str, **options):
        try:
            text = statement.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{statement}: {error}") from error
        result = remittances_import(
            text=text, carrier=carrier, reference=statement.name[:100]
        )
        for number, message in result.errors:
            self.stderr.write(f"line {number}: {message}")
        self.stdout.write(
            f"{len(result.credited)} credited, {len(result.already)} already "
            f"imported, {len(result.errors)} rejected"
        )
        if result.errors:
            raise CommandError("Some lines were rejected.", returncode=2)
