from pathlib import Path

from django.core.management.base import BaseCommand

from marketplace.payments.services import payout_batch_csv, payouts_settle


class Command(BaseCommand):
    help = (
        "Gather every seller's balance due into a payout batch and write the "
        "bank transfer file. Running it again pays nobody twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--csv", type=Path, help="Where to write the transfer file (CSV)."
        )

    def handle(self, *args, csv=None, **options):
        batch = payouts_settle()
        if batch is None:
            self.stdout.write("No seller is due a payout.")
            return
        content = payout_batch_csv(batch=batch)
        if csv:
            csv.write_text(content, encoding="utf-8")
        total = sum(payout.amount for payout in batch.payouts.all())
        self.stdout.write(
            f"Batch {batch.pk}: {batch.payouts.count()} sellers, {total:.2f} MAD"
            + (f", file {csv}" if csv else "")
        )
