# Oscar's Haystack index stays registered for Oscar's own catalogue views,
# which still browse through Haystack; product search no longer uses it.
from oscar.apps.search.search_indexes import *  # noqa: F403
