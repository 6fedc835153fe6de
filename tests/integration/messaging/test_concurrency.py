"""Two starts at once on PostgreSQL: real row locks, real threads."""

import threading

import pytest
from django.db import connection
from django.test import override_settings

from marketplace.messaging.models import Conversation, Message
from marketplace.messaging.services import MessagingRefused, conversation_start
from tests.factories import UserFactory
from tests.integration.checkout.shop import (
    make_product,
    make_seller,
    restore_database_after_module,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _race(starts):
    barrier = threading.Barrier(len(starts))
    refused, errors = [], []

    def run(start):
        try:
            barrier.wait(timeout=30)
            start()
        except MessagingRefused as error:
            refused.append(error)
        except Exception as error:  # reported below, with the test's failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(start,)) for start in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return refused


def _start(seller, shopper, product=None):
    kind = Conversation.Kind.PRODUCT if product else Conversation.Kind.SHOP
    return lambda: conversation_start(
        seller=seller,
        kind=kind,
        shopper=shopper,
        product=product,
        body="Question",
        language="fr",
    )


@override_settings(MESSAGING_NEW_CONVERSATIONS_PER_DAY=1)
def test_the_same_question_sent_twice_at_once_makes_one_conversation():
    potter = make_seller("Poterie")
    tajine = make_product(potter, price="100.00")
    amina = UserFactory()

    refused = _race([_start(potter, amina, tajine), _start(potter, amina, tajine)])

    assert refused == []
    conversation = Conversation.objects.get()
    assert Message.objects.filter(conversation=conversation).count() == 2


@override_settings(MESSAGING_NEW_CONVERSATIONS_PER_DAY=1)
def test_two_new_conversations_at_once_respect_the_daily_cap():
    potter, weaver = make_seller("Poterie"), make_seller("Tapis")
    amina = UserFactory()

    refused = _race([_start(potter, amina), _start(weaver, amina)])

    assert len(refused) == 1
    assert Conversation.objects.filter(shopper=amina).count() == 1


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    """Transactional tests empty the tables: put the migrations' rows back for
    the tests that follow on this worker."""
    yield
    restore_database_after_module(django_db_blocker)
