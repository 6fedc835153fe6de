import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives each test's rolled-back transaction: start empty."""
    cache.clear()
    yield
    cache.clear()
