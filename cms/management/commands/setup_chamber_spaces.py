from django.core.management.base import BaseCommand

from cms.services import chamber_spaces_setup


class Command(BaseCommand):
    help = (
        "Create each region's chamber space (a RegionPage per language) and "
        "each chamber's Wagtail editors and moderators groups and workflow. "
        "Safe to run again."
    )

    def handle(self, *args, **options):
        created = chamber_spaces_setup()
        self.stdout.write(f"Chamber spaces ready (pages created: {created}).")
