import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives each test's rolled-back transaction: start empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_catalogue(db):
    """Hide products other tests left (the session's demo data) for this test.

    The update is rolled back with the test's transaction.
    """
    from oscar.core.loading import get_model

    get_model("catalogue", "Product").objects.update(is_public=False)
