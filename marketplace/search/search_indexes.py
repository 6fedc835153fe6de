# No page reads a Haystack index: product search goes through `search.api`,
# browsing through `catalogue.views`. The fork keeps Oscar's module layout, so
# Oscar's index is re-exported, unused, for Haystack's autodiscovery.
from oscar.apps.search.search_indexes import *  # noqa: F403
