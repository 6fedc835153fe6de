# The search pages are checked on both backends, with the integration tests'
# catalogue.
from tests.integration.search.conftest import catalogue, search_backend  # noqa: F401
