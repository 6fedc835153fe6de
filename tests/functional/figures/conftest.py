"""The CMS tree (regions, their chambers and spaces) for the figures pages."""

import pytest
from django.utils import translation

from tests.integration.cms.factories import tree  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def _language_kept():
    """A request to /en/ leaves English active in this thread when its response
    renders no template (a CSV, a 403): the next test's URLs would be English."""
    before = translation.get_language()
    yield
    translation.activate(before)
