from .factories import tree  # noqa: F401  (fixture)
