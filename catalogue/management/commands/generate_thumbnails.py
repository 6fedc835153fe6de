from django.core.management.base import BaseCommand
from oscar.core.loading import get_model

from catalogue.thumbnails import thumbnails_generate


class Command(BaseCommand):
    help = (
        "Make the thumbnails of every product photo that lacks them (photos "
        "created in bulk, e.g. by seed_demo, skip the upload hook)."
    )

    def handle(self, *args, **options):
        ProductImage = get_model("catalogue", "ProductImage")
        names = (
            ProductImage.objects.exclude(original="")
            .order_by("original")
            .values_list("original", flat=True)
            .distinct()
        )
        made = 0
        for name in names.iterator():
            made += thumbnails_generate(source=name)
        self.stdout.write(f"Thumbnails checked: {made}")
