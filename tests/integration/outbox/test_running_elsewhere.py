"""Issue 20, the multi-node run's stall: a copy of a message that another
worker is running right now (the drain handed it over again because the
first run was slow) is skipped at once. It used to wait on the message's row
lock for as long as that run took, so a slow task (an index update waiting on
Elasticsearch) held every worker and the e-mails queued behind it waited."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from marketplace.notifications.tasks import guest_email
from marketplace.outbox.models import OutboxMessage
from marketplace.outbox.tasks import outbox_run
from tests.integration.checkout.shop import restore_database_after_module


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    """Transactional tests empty the tables: put the migrations' rows back for
    the tests that follow on this worker."""
    yield
    restore_database_after_module(django_db_blocker)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_message_running_on_another_worker_is_skipped_not_waited_for():
    message = OutboxMessage.objects.create(
        task_path=guest_email.module_path,
        kwargs={
            "email": "buyer@example.ma",
            "language": "fr",
            "kind": "order_cancelled",
            "context": {"number": "B1"},
            "url": "/",
        },
    )
    locked, release = threading.Event(), threading.Event()

    def first_worker():
        # The first run, still going: its transaction holds the row.
        try:
            with transaction.atomic():
                OutboxMessage.objects.select_for_update().get(pk=message.pk)
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    try:
        assert locked.wait(30)
        with connection.cursor() as cursor:
            # The old wait would have lasted the first run's whole time: here
            # it ends in an error instead of hanging the test.
            cursor.execute("SET lock_timeout = '5s'")
        assert outbox_run.call(message_id=message.pk) == "skipped"
        message.refresh_from_db()
        assert (message.status, message.attempts) == ("pending", 0)
        assert mail.outbox == []
    finally:
        release.set()
        thread.join()
    # The first run ended without doing it (its worker died): the copy the
    # drain hands over next does it, once.
    assert outbox_run.call(message_id=message.pk) == "done"
    assert outbox_run.call(message_id=message.pk) == "skipped"
    assert [m.to for m in mail.outbox] == [["buyer@example.ma"]]
