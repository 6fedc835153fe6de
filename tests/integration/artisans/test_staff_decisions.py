"""`seller_staff_decide`: marketplace staff suspend and reinstate any seller,
recorded like a chamber's decision; nobody else, and nothing else."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from artisans.models import Seller
from artisans.services import SOURCE_STAFF, seller_staff_decide
from tests.factories import UserFactory, chamber_user, verified_seller

pytestmark = pytest.mark.django_db


def test_staff_suspend_then_reinstate_any_region():
    seller = verified_seller()
    staff = UserFactory(is_staff=True)
    decision = seller_staff_decide(
        seller=seller, action="suspend", reason=" Fraud. ", user=staff
    )
    seller.refresh_from_db()
    assert seller.status == Seller.Status.SUSPENDED
    assert seller.status_reason == "Fraud."
    assert (decision.source, decision.decided_by) == (SOURCE_STAFF, staff)
    seller_staff_decide(seller=seller, action="reinstate", reason="Ok.", user=staff)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED
    assert seller.decisions.count() == 2


@pytest.mark.parametrize("who", ["shopper", "owner", "chamber"])
def test_no_one_but_staff_may(who):
    seller = verified_seller()
    user = {
        "shopper": UserFactory(),
        "owner": seller.owner,
        "chamber": chamber_user("07"),
    }[who]
    with pytest.raises(PermissionDenied):
        seller_staff_decide(seller=seller, action="suspend", reason="x", user=user)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED and not seller.decisions.exists()


@pytest.mark.parametrize(
    "action, reason", [("verify", "ok"), ("reject", "no"), ("suspend", "  ")]
)
def test_only_suspend_and_reinstate_with_a_reason(action, reason):
    seller = verified_seller()
    with pytest.raises(ValidationError):
        seller_staff_decide(
            seller=seller,
            action=action,
            reason=reason,
            user=UserFactory(is_staff=True),
        )
    assert not seller.decisions.exists()


def test_reinstating_needs_an_active_registry_entry():
    seller = verified_seller()
    staff = UserFactory(is_staff=True)
    seller_staff_decide(seller=seller, action="suspend", reason="x", user=staff)
    seller.registry_entry.status = "struck_off"
    seller.registry_entry.save()
    with pytest.raises(ValidationError):
        seller_staff_decide(seller=seller, action="reinstate", reason="y", user=staff)
