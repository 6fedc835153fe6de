from django.core.management.base import BaseCommand

from marketplace.core.demo import demo_seed


class Command(BaseCommand):
    help = (
        "Build the demo marketplace (regions, chambers, registry, verified sellers, "
        "products with photos, CMS pages). Idempotent: a second run adds only what "
        "is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--products",
            type=int,
            default=320,
            help="Number of products (default 320).",
        )
        parser.add_argument(
            "--sellers", type=int, default=48, help="Number of sellers (default 48)."
        )

    def handle(self, *args, products, sellers, **options):
        created = demo_seed(
            products=products, sellers=sellers, log=lambda m: self.stdout.write(m)
        )
        summary = ", ".join(f"{k}: {v}" for k, v in created.items() if v) or "nothing"
        self.stdout.write(
            self.style.SUCCESS(f"Demo marketplace ready (created {summary}).")
        )
