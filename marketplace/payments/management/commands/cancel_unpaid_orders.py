from datetime import timedelta

from django.core.management.base import BaseCommand

from marketplace.payments.services import unpaid_card_orders_cancel


class Command(BaseCommand):
    help = "Cancel card orders left unpaid, so that their stock goes back on sale."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes", type=int, default=60, help="Unpaid for longer than this."
        )

    def handle(self, *args, minutes, **options):
        count = unpaid_card_orders_cancel(older_than=timedelta(minutes=minutes))
        self.stdout.write(f"{count} unpaid card orders cancelled.")
