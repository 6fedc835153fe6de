from django.urls import path
from oscar.config import Shop


class MarketplaceShop(Shop):
    """Oscar's shop, with Wagtail serving the site's root.

    Oscar names its root URL "home" and its templates link to it; keeping the
    name but pointing it at Wagtail's page server means the two never compete
    for the same route.
    """

    def get_urls(self):
        # Wagtail's page server, answered from the anonymous page cache first.
        # Imported here: this module is an AppConfig, loaded before the models
        # Wagtail's views import.
        from marketplace.pagecache.pages import serve_wagtail_page

        urls = [
            url for url in super().get_urls() if getattr(url, "name", None) != "home"
        ]
        return [path("", serve_wagtail_page, {"path": ""}, name="home"), *urls]
