from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ...rates_csv import MAX_BYTES, rates_read
from ...services import exchange_rates_save


class Command(BaseCommand):
    help = (
        "Load Bank Al-Maghrib's reference rates from a CSV file "
        "(docs/exchange-rates.md): all its lines or, on any error, none."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            with path.open("rb") as file:
                data = file.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        read = rates_read(data)
        if read.errors:
            raise CommandError(
                "Nothing loaded:\n" + "\n".join(f"  {e}" for e in read.errors)
            )
        saved = exchange_rates_save(rates=read.rates)
        self.stdout.write(
            f"{saved} rates loaded, {read.skipped} lines of other currencies skipped."
        )
