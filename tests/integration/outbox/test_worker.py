"""The task queue's worker (marketplace/outbox/worker.py): `rqworker` takes
it from the Redis settings, runs each job in its own process (no fork per
job), and a database connection dropped between two jobs does not fail the
next one: it is closed and opened again, as between two requests."""

import pytest
from django.core import mail
from django.db import connection
from django_rq import get_queue
from django_rq.workers import get_worker
from django_tasks_rq.backend import Job
from rq import SimpleWorker

from marketplace.notifications.tasks import guest_email
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.services import outbox_send
from marketplace.outbox.worker import OutboxWorker
from tests.integration.checkout.shop import restore_database_after_module


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    """Transactional tests empty the tables: put the migrations' rows back for
    the tests that follow on this worker."""
    yield
    restore_database_after_module(django_db_blocker)


def message_for(email: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        task_path=guest_email.module_path,
        kwargs={
            "email": email,
            "language": "fr",
            "kind": "order_cancelled",
            "context": {"number": "B1"},
            "url": "/",
        },
    )


def work_the_queue() -> None:
    """What `manage.py rqworker --job-class django_tasks_rq.Job` makes, in
    burst mode and in this process (it reads the test's database)."""
    worker = get_worker("default", job_class="django_tasks_rq.Job")
    assert type(worker) is OutboxWorker
    worker.work(burst=True)


@pytest.mark.redis
def test_rqworker_runs_jobs_in_its_own_process_with_the_outbox_worker(redis_server):
    worker = get_worker("default", job_class="django_tasks_rq.Job")
    assert type(worker) is OutboxWorker
    # No work horse is forked: the job runs where the worker's caches are.
    assert isinstance(worker, SimpleWorker)


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_job_after_the_database_dropped_the_connection_still_runs(redis_server):
    first = message_for("first@example.ma")
    assert outbox_send(message_id=first.pk)
    work_the_queue()
    first.refresh_from_db()
    assert first.status == OutboxMessage.Status.DONE
    assert [m.to for m in mail.outbox] == [["first@example.ma"]]

    # The server ends the connection the worker kept (a restart, a failover,
    # an idle timeout): the worker does not know until it uses it.
    kept_pid = connection.connection.info.backend_pid
    second = message_for("second@example.ma")
    assert outbox_send(message_id=second.pk)
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.execute("SELECT pg_terminate_backend(%s)", [kept_pid])
    finally:
        other.close()

    work_the_queue()

    second.refresh_from_db()
    assert second.status == OutboxMessage.Status.DONE, second.last_error
    assert second.attempts == 1
    assert [m.to for m in mail.outbox] == [
        ["first@example.ma"],
        ["second@example.ma"],
    ]
    assert get_queue("default", job_class=Job).count == 0
