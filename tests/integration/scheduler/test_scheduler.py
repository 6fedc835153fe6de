"""The fleet's scheduler: each periodic job runs once per turn, whatever the
number of schedulers started; a failing job is recorded and tried again."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.scheduler.jobs import DEFAULT_JOBS, jobs
from marketplace.scheduler.models import JobRun, ScheduledJob
from marketplace.scheduler.services import scheduler_tick
from tests.integration.checkout.shop import restore_database_after_module

NONE_OF_THE_DEFAULTS = {name: None for name in DEFAULT_JOBS}


@pytest.fixture
def two_jobs(settings):
    settings.SCHEDULED_JOBS = {
        **NONE_OF_THE_DEFAULTS,
        "drain": {"command": "drain_outbox", "every": 60},
        "broken": {"command": "no_such_command", "every": 60},
    }


def test_the_defaults_cover_the_periodic_work():
    names = {job.command for job in jobs()}
    assert {
        "drain_outbox",
        "fold_view_counts",
        "cancel_unpaid_orders",
        "expire_unconfirmed_cod_orders",
        "settle_payouts",
    } <= names


@pytest.mark.django_db
def test_a_job_runs_once_per_turn_and_again_next_turn(two_jobs):
    now = timezone.now()
    first = scheduler_tick(now=now, runner="a")
    assert sorted(run.job for run in first) == ["broken", "drain"]
    # The same moment, or before the turn: nothing runs again.
    assert scheduler_tick(now=now, runner="b") == []
    assert scheduler_tick(now=now + timedelta(seconds=59), runner="b") == []
    later = scheduler_tick(now=now + timedelta(seconds=60), runner="b")
    assert sorted(run.job for run in later) == ["broken", "drain"]
    assert JobRun.objects.filter(job="drain", ok=True).count() == 2
    assert ScheduledJob.objects.get(name="drain").last_runner == "b"


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_does_not_stop_the_others(two_jobs):
    runs = {run.job: run for run in scheduler_tick(runner="a")}
    assert runs["drain"].ok
    assert not runs["broken"].ok and "no_such_command" in runs["broken"].error
    assert "no_such_command" in ScheduledJob.objects.get(name="broken").last_error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_run_each_job_once(two_jobs):
    assert connection.vendor == "postgresql"
    now = timezone.now()
    barrier = threading.Barrier(4)
    errors = []

    def scheduler(name):
        try:
            barrier.wait()
            scheduler_tick(now=now, runner=name)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(f"host{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert JobRun.objects.filter(job="drain").count() == 1
    assert JobRun.objects.filter(job="broken").count() == 1


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    """Transactional tests empty the tables: put the migrations' rows back for
    the tests that follow on this worker."""
    yield
    restore_database_after_module(django_db_blocker)
