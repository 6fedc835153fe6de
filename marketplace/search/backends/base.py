"""What every search backend answers: the contract `search.api` relies on."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..documents import ProductDocument

# Facets in display order. Values are OR-ed within a facet and facets AND-ed;
# a facet's counts ignore its own selection (multi-select facets), so the
# shopper can still see and add the other values of a facet already chosen.
FACETS = ("craft", "region", "material", "price", "ready", "verified")
SORTS = ("relevance", "price-asc", "price-desc", "newest")

Filters = dict[str, tuple[str, ...]]
Progress = Callable[[int], None]


class BackendUnavailable(Exception):
    """The search engine cannot be reached or cannot answer now (an outage,
    not a bad query): `search.api` answers from the database instead."""


@dataclass
class BackendResult:
    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


class SearchBackend:
    def search(
        self,
        *,
        tokens: list[str],
        filters: Filters,
        sort: str,
        offset: int,
        limit: int,
    ) -> BackendResult:
        raise NotImplementedError

    def suggest(self, *, tokens: list[str], limit: int) -> list[int]:
        """Ids of products whose title has the words, the last as a prefix."""
        raise NotImplementedError

    def index(self, documents: list[ProductDocument]) -> None:
        raise NotImplementedError

    def remove(self, ids: list[int]) -> None:
        raise NotImplementedError

    def rebuild(
        self, documents: Iterable[ProductDocument], *, progress: Progress | None
    ) -> int:
        """Replace the whole index with the documents; return how many."""
        raise NotImplementedError
