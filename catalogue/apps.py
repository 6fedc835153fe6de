import oscar.apps.catalogue.apps as apps
from django.urls import path


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked to carry what handmade goods need."""

    name = "catalogue"

    def get_urls(self):
        # The views import the models: not at the top of an AppConfig module.
        from .views import RecentlyViewedView

        # Before Oscar's patterns; "recently-viewed/" matches none of them.
        urls = [
            path(
                "recently-viewed/",
                RecentlyViewedView.as_view(),
                name="recently-viewed",
            ),
        ]
        return self.post_process_urls(urls) + super().get_urls()

    def ready(self):
        super().ready()
        # Both import models: only possible once they are loaded.
        from oscar.apps.analytics import receivers as analytics_receivers
        from oscar.apps.catalogue.signals import product_viewed

        # Oscar's analytics counts every product view with an UPDATE (and an
        # INSERT per signed-in view). A page view must not write: under load
        # on SQLite those writes serialise every product page and fail with
        # "database is locked". Popularity comes from sales instead
        # (Product.popularity). The signal itself still fires, so the
        # "recently viewed" cookie of Oscar's customer app keeps working.
        product_viewed.disconnect(analytics_receivers.receive_product_view)

        from . import receivers  # noqa: F401  (thumbnails at upload)
