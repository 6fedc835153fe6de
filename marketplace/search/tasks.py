"""Index updates, run by django-tasks: inline in the embedded default, by an
RQ worker in production, always through the outbox (`search.signal_handlers`).

The outbox retries a failed update with a growing delay (the search engine
was unreachable), so this task just raises.
"""

from django_tasks import task

from marketplace.pagecache.products import products_forget

from . import api


@task()
def sync_products(product_ids: list[int]) -> dict[str, int]:
    counts = api.index_products(product_ids=product_ids)
    # Cached search pages were rendered from the old index: when a worker
    # updates it after the write's own version bump, they must go too (the
    # catalogue's lists, search's among them, and these products' pages).
    products_forget(product_ids)
    return counts
