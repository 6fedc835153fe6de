from oscar.apps.catalogue.managers import ProductQuerySet as CoreProductQuerySet


class ProductQuerySet(CoreProductQuerySet):
    """Only a verified seller's products reach shoppers, anywhere in the shop."""

    def sold_by_verified(self):
        # Verified, and agreed to publication (law 09-08: artisans.Seller).
        return self.filter(
            seller__status="verified", seller__publication_consent_at__isnull=False
        )

    def browsable(self):
        return super().browsable().sold_by_verified()

    def public(self):
        return super().public().sold_by_verified()
