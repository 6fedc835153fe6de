from tests.integration.cms.factories import tree  # noqa: F401  (fixture)
