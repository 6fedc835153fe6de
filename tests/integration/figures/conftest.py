"""The CMS tree (regions, their chambers and spaces) and the figures' market."""

import pytest

from tests.integration.cms.factories import tree  # noqa: F401  (fixture)

from .market import market_build


@pytest.fixture
def market(tree):  # noqa: F811  (the fixture above)
    return market_build(tree)
