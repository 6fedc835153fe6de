"""Applications that cannot squat a registry number nor probe the registry."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from artisans.models import RegistryEntry, Seller
from artisans.services import seller_apply, seller_decide
from tests.factories import RegistryEntryFactory, UserFactory, chamber_user, region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def apply(*, user=None, registry_id="RNA-07-0000042", name="Fatima Zahra El Idrissi"):
    return seller_apply(
        user=user or UserFactory(),
        kind=Seller.Kind.ARTISAN,
        registry_id=registry_id,
        name=name,
        region=region("07"),
        trade="Tapis",
        phone="+212600000001",
    )


def test_a_squatters_pending_application_does_not_block_the_rightful_artisan():
    entry = RegistryEntryFactory(registry_id="RNA-07-0000042")
    squatter = apply(name="Somebody Else Entirely")
    assert squatter.status == Seller.Status.PENDING
    assert squatter.registry_entry is None

    artisan = apply()
    assert artisan.status == Seller.Status.VERIFIED
    assert artisan.registry_entry == entry


def test_a_squatters_many_attempts_from_many_accounts_block_nothing():
    entry = RegistryEntryFactory(registry_id="RNA-07-0000042")
    for name in ["A B", "C D", "E F", "Fatima"]:
        apply(name=name)
    assert apply().registry_entry == entry


def test_the_chamber_cannot_verify_an_application_whose_entry_another_shop_holds():
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    squatter = apply(name="Atelier Fatima Marrakech Tapis")
    apply()  # the rightful artisan, verified at once
    with pytest.raises(ValidationError, match="held by the shop"):
        seller_decide(
            seller=squatter, action="verify", reason="ok", user=chamber_user("07")
        )
    squatter.refresh_from_db()
    assert (squatter.status, squatter.registry_entry) == (Seller.Status.PENDING, None)


def test_the_database_refuses_two_shops_holding_one_entry():
    entry = RegistryEntryFactory(registry_id="RNA-07-0000042")
    apply()
    other = apply(registry_id="RNA-07-0000043")
    other.registry_entry = entry
    other.status = Seller.Status.VERIFIED
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


@pytest.mark.parametrize(
    "setup",
    ["unknown", "suspended", "struck_off", "held"],
)
def test_the_applicant_reads_one_reason_whatever_the_registry_says(setup):
    """Unknown, suspended, struck off or held: the same words and status for
    the applicant (once they told the three apart); the chamber sees which."""
    if setup == "held":
        RegistryEntryFactory(registry_id="RNA-07-0000042")
        apply()
    elif setup != "unknown":
        RegistryEntryFactory(registry_id="RNA-07-0000042", status=setup)
    baseline = apply(registry_id="RNA-07-0999999")  # not in the registry

    seller = apply()

    assert seller.status == baseline.status == Seller.Status.REJECTED
    assert seller.status_reason == baseline.status_reason
    assert [d.reason for d in seller.decisions.all()] == [
        d.reason for d in baseline.decisions.all()
    ]
    for text in ("0000042", "suspend", "struck", "linked", "held"):
        assert text not in seller.status_reason.lower()
    assert seller.decisions.get().detail


def test_one_open_application_per_account():
    user = UserFactory()
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    apply(user=user, name="Atelier Fatima Marrakech Tapis")  # pending
    with pytest.raises(ValidationError, match="one per account"):
        apply(user=user)
    assert Seller.objects.filter(owner=user).count() == 1


def test_a_verified_seller_cannot_apply_for_a_second_shop():
    user = UserFactory()
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    assert apply(user=user).status == Seller.Status.VERIFIED
    with pytest.raises(ValidationError):
        apply(user=user, registry_id="RNA-07-0000043")


def test_a_rejected_applicant_may_apply_again():
    user = UserFactory()
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    assert apply(user=user, registry_id="RNA-07-0999999").status == "rejected"
    assert apply(user=user).status == Seller.Status.VERIFIED


def test_the_database_refuses_a_second_open_application_of_one_account():
    user = UserFactory()
    first = apply(user=user, registry_id="RNA-07-0999999")  # rejected
    second = apply(user=user, registry_id="RNA-07-0999998")  # rejected
    first.status = Seller.Status.PENDING
    first.save()
    second.status = Seller.Status.PENDING
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_the_public_mask_shows_the_region_and_two_digits():
    entry = RegistryEntry(registry_id="RNA-07-0012345")
    assert entry.masked_id == "RNA-07-•••••45"
    assert "2345" not in entry.masked_id and "345" not in entry.masked_id
