"""Index updates, run by django-tasks: inline in the embedded default, by an
RQ worker in production.

django-tasks' RQ backend does not retry, so the task re-enqueues itself with
an increasing delay when the search backend is unreachable (the RQ backend
supports deferred tasks; the inline backend does not and just logs).
"""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from catalogue.pagecache import pages_forget

from . import api

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task()
def sync_products(product_ids: list[int], attempt: int = 1) -> dict[str, int]:
    try:
        counts = api.index_products(product_ids=product_ids)
    except Exception:
        backend = sync_products.get_backend()
        if attempt >= MAX_ATTEMPTS or not backend.supports_defer:
            logger.exception("Search index update failed for products %s", product_ids)
            raise
        delay = timedelta(seconds=2**attempt * 5)
        logger.warning(
            "Search index update failed (attempt %s), retrying in %s",
            attempt,
            delay,
            exc_info=True,
        )
        sync_products.using(run_after=timezone.now() + delay).enqueue(
            product_ids, attempt=attempt + 1
        )
        return {"indexed": 0, "removed": 0}
    # Cached search pages were rendered from the old index: when a worker
    # updates it after the write's own version bump, they must go too.
    pages_forget()
    return counts
