from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.apps.search import apps
from oscar.core.loading import get_class


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, forked: product search on our own search interface
    (`search.api`, database or Elasticsearch) instead of Haystack."""

    name = "marketplace.search"
    verbose_name = _("Search")

    def ready(self):
        super().ready()
        self.suggest_view = get_class("search.views", "SuggestView")
        # Signal handlers import the models: only possible once they are loaded.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

    def get_urls(self):
        urls = super().get_urls()
        urls += [path("suggest/", self.suggest_view.as_view(), name="suggest")]
        return self.post_process_urls(urls)
