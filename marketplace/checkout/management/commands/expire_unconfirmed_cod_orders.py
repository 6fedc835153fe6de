from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from marketplace.payments.services import cod_unconfirmed_orders_expire


class Command(BaseCommand):
    help = (
        "Cancel cash-on-delivery orders nobody confirmed in time, so that their "
        "stock goes back on sale."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="Unconfirmed for longer than this (MARKETPLACE_COD_CONFIRM_HOURS).",
        )

    def handle(self, *args, hours, **options):
        if hours is None:
            hours = settings.MARKETPLACE_COD_CONFIRM_HOURS
        count = cod_unconfirmed_orders_expire(older_than=timedelta(hours=hours))
        self.stdout.write(f"{count} unconfirmed cash-on-delivery orders cancelled.")
