import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """The apply form's counters live in the cache: each test starts at zero."""
    cache.clear()
    yield
    cache.clear()
