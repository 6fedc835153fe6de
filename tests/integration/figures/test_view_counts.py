"""Product views: counted in the cache on each page view (none writes to the
database), folded into ProductViewDay by `fold_view_counts`, idempotently."""

from datetime import timedelta
from io import StringIO
from threading import enumerate as enumerate_threads

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.figures.counters import (
    KEEP_SECONDS,
    counters,
    memory_counters_reset,
    today,
)
from marketplace.figures.models import ProductViewDay
from marketplace.figures.services import (
    fold_view_counts,
    view_counts_fold_in_process_start,
)
from marketplace.pagecache.pages import HIT_HEADER
from tests.factories import SellerFactory, product_of

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131 Safari/537.36"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture(autouse=True)
def no_counts_yet():
    cache.clear()
    memory_counters_reset()
    yield
    cache.clear()
    memory_counters_reset()


@pytest.fixture
def rug():
    return product_of(SellerFactory(), title="Tapis Azilal")


def _view(client, product, *, agent=BROWSER, address="192.0.2.10", method="get"):
    response = getattr(client, method)(
        product.get_absolute_url(), HTTP_USER_AGENT=agent, REMOTE_ADDR=address
    )
    assert response.status_code == 200
    return response


def _writes(ctx) -> list[str]:
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITES)
    ]


def _views_of_shoppers_and_robots(client, rug):
    for _ in range(3):
        _view(client, rug)  # one shopper, three times
    _view(client, rug, agent=PHONE, address="198.51.100.7")  # another shopper
    _view(client, rug, agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    _view(client, rug, agent="")
    _view(client, rug, method="head")
    client.get(
        rug.get_absolute_url(), HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch"
    )


def _assert_counted_and_folded_once(rug):
    assert not ProductViewDay.objects.exists()  # nothing until the fold
    assert fold_view_counts() == 1
    row = ProductViewDay.objects.get()
    assert (row.product_id, row.day, row.views, row.visitors) == (
        rug.pk,
        today(),
        4,
        2,
    )
    # Idempotent: folding again sets the same totals, adds nothing.
    assert fold_view_counts() == 1
    row.refresh_from_db()
    assert (row.views, row.visitors) == (4, 2)
    assert ProductViewDay.objects.count() == 1


def test_views_are_counted_without_robots_and_folded_once(client, rug):
    _views_of_shoppers_and_robots(client, rug)
    _assert_counted_and_folded_once(rug)


def test_a_product_page_view_writes_nothing_and_cached_pages_count(
    client, rug, settings
):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    _view(client, rug)  # renders and keeps the page
    with CaptureQueriesContext(connection) as ctx:
        response = _view(client, rug)
    assert response[HIT_HEADER] == "hit"
    assert _writes(ctx) == []
    assert fold_view_counts() == 1
    assert ProductViewDay.objects.get().views == 2


def test_a_fold_never_lowers_what_it_folded(client, rug):
    for _ in range(3):
        _view(client, rug)
    fold_view_counts()
    memory_counters_reset()  # what a restart of the process does
    _view(client, rug)
    fold_view_counts()
    assert ProductViewDay.objects.get().views == 3


def _past_day_folded_once(rug, *, refolded: int):
    store = counters()
    yesterday = today() - timedelta(days=1)
    store.record(product_id=rug.pk, day=yesterday, visitor="a")
    store.record(product_id=rug.pk, day=yesterday, visitor="a")
    assert fold_view_counts() == 1
    assert yesterday not in store.days()
    assert fold_view_counts() == 0
    assert fold_view_counts(days=[yesterday]) == refolded
    row = ProductViewDay.objects.get(day=yesterday)
    assert (row.views, row.visitors) == (2, 1)


def test_a_past_day_is_folded_once_then_left(rug):
    # In memory, a day folded and over is forgotten.
    _past_day_folded_once(rug, refolded=0)


@pytest.mark.redis
def test_on_redis_a_past_day_may_be_folded_again_by_name(rug, redis_server):
    # Its keys stay until they expire: folding it again changes nothing.
    _past_day_folded_once(rug, refolded=1)


def test_views_of_a_deleted_product_are_dropped(rug):
    counters().record(product_id=rug.pk + 1000, day=today(), visitor="a")
    assert fold_view_counts() == 0
    assert not ProductViewDay.objects.exists()


def test_the_command_folds_and_refuses_a_bad_day(client, rug):
    _view(client, rug)
    out = StringIO()
    call_command("fold_view_counts", stdout=out)
    assert out.getvalue().strip() == "1 product-day row(s) folded"
    with pytest.raises(CommandError, match="is not a day"):
        call_command("fold_view_counts", day=["30/11/2026"])


def test_without_redis_the_web_process_folds_its_own_counts(settings):
    settings.FIGURES_LOCAL_FOLD_SECONDS = 0  # as in the tests: no thread
    assert view_counts_fold_in_process_start() is False
    settings.FIGURES_LOCAL_FOLD_SECONDS = 10**6  # started, asleep for good
    assert view_counts_fold_in_process_start() is True
    assert any(t.name == "fold-view-counts" and t.daemon for t in enumerate_threads())


@pytest.mark.redis
def test_on_redis_views_are_counted_in_a_hyperloglog_and_folded_once(
    client, rug, redis_server
):
    import redis

    _views_of_shoppers_and_robots(client, rug)
    raw = redis.Redis.from_url(redis_server.url)
    keys = sorted(key.decode() for key in raw.keys("*figures:*"))
    day = today().isoformat()
    assert [k.partition("figures:")[2] for k in keys] == [
        "viewed-days",
        f"viewed:{day}",
        f"views:{day}:{rug.pk}",
        f"visitors:{day}:{rug.pk}",
    ]
    visitors_key = next(k for k in keys if ":visitors:" in k)
    assert raw.pfcount(visitors_key) == 2
    assert 0 < raw.ttl(visitors_key) <= KEEP_SECONDS
    _assert_counted_and_folded_once(rug)


@pytest.mark.redis
def test_on_redis_a_cached_product_page_writes_nothing(
    client, rug, redis_server, settings
):
    settings.CATALOGUE_PAGE_CACHE_SECONDS = 60
    _view(client, rug)
    with CaptureQueriesContext(connection) as ctx:
        response = _view(client, rug)
    assert response[HIT_HEADER] == "hit"
    assert _writes(ctx) == []
    fold_view_counts()
    assert ProductViewDay.objects.get().views == 2


@pytest.mark.redis
def test_on_redis_no_process_folds_by_itself(redis_server, settings):
    settings.FIGURES_LOCAL_FOLD_SECONDS = 300
    assert view_counts_fold_in_process_start() is False


@pytest.mark.redis
def test_with_redis_down_a_product_page_is_served_and_not_counted(
    client, rug, redis_server
):
    redis_server.stop()
    _view(client, rug)
    assert fold_view_counts() == 0
