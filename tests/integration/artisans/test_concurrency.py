"""Concurrent applications on PostgreSQL: real row locks, real threads."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from artisans.models import Seller
from artisans.services import seller_apply
from tests.factories import RegistryEntryFactory, UserFactory, region
from tests.integration.checkout.shop import restore_database_after_module

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_of_three_applicants_racing_for_one_registry_number_one_gets_it():
    entry = RegistryEntryFactory(registry_id="RNA-07-0000042")
    marrakech = region("07")
    users = [UserFactory() for _ in range(3)]
    barrier = threading.Barrier(len(users))
    errors = []

    def apply(user):
        try:
            barrier.wait(timeout=30)
            seller_apply(
                user=user,
                kind=Seller.Kind.ARTISAN,
                registry_id=entry.registry_id,
                name=entry.name_latin,
                region=marrakech,
                trade="Tapis",
                phone="+212600000001",
            )
        except Exception as error:  # reported below, with the test's failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    sellers = Seller.objects.filter(owner__in=users)
    assert sorted(sellers.values_list("status", flat=True)) == [
        "rejected",
        "rejected",
        "verified",
    ]
    assert sellers.get(status="verified").registry_entry == entry


def test_two_applications_of_one_account_at_once_make_one_shop():
    """The user's row lock decides: the second waits, then sees the first."""
    entry = RegistryEntryFactory(registry_id="RNA-07-0000042")
    RegistryEntryFactory(registry_id="RNA-07-0000043")
    marrakech = region("07")
    user = UserFactory()
    barrier = threading.Barrier(2)
    refused, errors = [], []

    def apply(registry_id, name):
        try:
            barrier.wait(timeout=30)
            seller_apply(
                user=user,
                kind=Seller.Kind.ARTISAN,
                registry_id=registry_id,
                name=name,
                region=marrakech,
                trade="Tapis",
                phone="+212600000001",
            )
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # reported below, with the test's failure
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=apply, args=(entry.registry_id, entry.name_latin)),
        threading.Thread(target=apply, args=("RNA-07-0000043", "Autre Nom Atelier")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(refused) == 1
    assert Seller.objects.filter(owner=user).count() == 1


@pytest.fixture(autouse=True, scope="module")
def _restore_database(django_db_blocker):
    """Transactional tests empty the tables: put the migrations' rows back for
    the tests that follow on this worker."""
    yield
    restore_database_after_module(django_db_blocker)
