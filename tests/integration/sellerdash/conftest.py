import pytest
from django.core.cache import cache

from tests.factories import ProductClassFactory
from tests.integration.catalogue import factories as f

from .catalogue_files import crafts


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives each test's rolled-back transaction: start empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shops(db):
    """Two verified shops, and the crafts and materials of the sample file."""
    crafts()
    ProductClassFactory(slug="artisanat", name="Artisanat", track_stock=True)
    return f.seller(name="Coopérative A"), f.seller(name="Atelier B")
