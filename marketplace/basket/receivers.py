"""Which baskets' lines the current request wrote: the header's basket count
(`middleware.BasketMiddleware.basket_count`) is taken from the lines the
request read unless it wrote some since."""

from contextlib import contextmanager
from contextvars import ContextVar

# The baskets whose lines the current request saved or deleted (None:
# outside a request).
_lines_written: ContextVar[set[int] | None] = ContextVar(
    "basket_lines_written", default=None
)


@contextmanager
def lines_written_in_request():
    """Around a request: the lines' writes are noted from here on."""
    token = _lines_written.set(set())
    try:
        yield
    finally:
        _lines_written.reset(token)


def lines_written_now() -> frozenset[int]:
    """The ids of the baskets whose lines this request wrote so far."""
    return frozenset(_lines_written.get() or ())


def basket_line_written(sender, instance, **kwargs) -> None:
    """post_save and post_delete of a basket line (`BasketConfig.ready`)."""
    written = _lines_written.get()
    if written is not None:
        written.add(instance.basket_id)
