"""The CMS tree (regions, their chambers and spaces) for the figures pages."""

from tests.integration.cms.factories import tree  # noqa: F401  (fixture)
