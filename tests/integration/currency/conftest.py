import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rates are kept in the cache, which outlives each test's rolled-back
    transaction: start and end empty, so no other test sees these rates."""
    cache.clear()
    yield
    cache.clear()
