"""Seller onboarding: each automatic outcome, chamber decisions, members."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from oscar.core.loading import get_model

from artisans.models import Seller
from artisans.selectors import seller_can_publish, seller_for_user
from artisans.services import (
    seller_apply,
    seller_decide,
    seller_invitation_accept,
    seller_member_invite,
    seller_member_remove,
)
from tests.factories import (
    RegistryEntryFactory,
    UserFactory,
    chamber_user,
    product_of,
    region,
    verified_seller,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Reasons are asserted in English; the site's first language is French."""
    with translation.override("en"):
        yield


def apply(*, registry_id="RNA-07-0000042", name="Fatima Zahra El Idrissi", **extra):
    fields = {
        "user": UserFactory(),
        "kind": Seller.Kind.ARTISAN,
        "registry_id": registry_id,
        "name": name,
        "region": region("07"),
        "trade": "Tapis",
        "phone": "+212600000001",
    }
    return seller_apply(**{**fields, **extra})


def test_an_applicant_becomes_an_oscar_partner_they_manage():
    user = UserFactory()
    seller = apply(user=user)
    assert seller.owner == user
    assert list(seller.partner.users.all()) == [user]


def test_matching_active_entry_verifies_at_once():
    entry = RegistryEntryFactory(registry_id="RNA-07-0000042")
    seller = apply(registry_id="rna07-0000042", name="EL IDRISSI Fatima Zahra")
    assert seller.status == Seller.Status.VERIFIED
    assert seller.registry_entry == entry
    assert seller.verified_at is not None
    decision = seller.decisions.get()
    assert (decision.status, decision.source) == ("verified", "automatic")


def test_the_arabic_name_with_a_typo_verifies():
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    assert apply(name="فاطمه الزهراء الادريسي").status == Seller.Status.VERIFIED


def test_an_unknown_number_is_rejected_the_chamber_sees_why():
    seller = apply(registry_id="RNA-07-0999999")
    assert seller.status == Seller.Status.REJECTED
    assert "could not verify" in seller.status_reason
    decision = seller.decisions.get()
    assert decision.status == "rejected"
    assert "not in the national registry" in decision.detail


@pytest.mark.parametrize("status", ["suspended", "struck_off"])
def test_an_entry_that_is_not_active_is_rejected(status):
    RegistryEntryFactory(registry_id="RNA-07-0000042", status=status)
    seller = apply()
    assert seller.status == Seller.Status.REJECTED
    assert "not active" in seller.decisions.get().detail
    assert seller.registry_entry is None


def test_an_entry_held_by_another_shop_is_rejected():
    holder = verified_seller(entry=RegistryEntryFactory(registry_id="RNA-07-0000042"))
    seller = apply()
    assert seller.status == Seller.Status.REJECTED
    assert f"held by the shop {holder.name}" in seller.decisions.get().detail


def test_a_name_that_differs_waits_for_the_chamber_holding_no_entry():
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    seller = apply(name="Atelier Fatima Marrakech Tapis")
    assert seller.status == Seller.Status.PENDING
    assert "name differs" in seller.status_reason
    assert seller.registry_entry is None


def test_a_region_that_differs_waits_for_the_chamber():
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    seller = apply(region=region("03"))
    assert seller.status == Seller.Status.PENDING
    assert "region differs" in seller.status_reason


def test_the_chamber_verifies_a_pending_seller_with_its_reason():
    entry = RegistryEntryFactory(registry_id="RNA-07-0000042")
    seller = apply(name="Atelier Fatima Marrakech Tapis")
    staff = chamber_user("07")
    seller_decide(seller=seller, action="verify", reason="Visited.", user=staff)
    seller.refresh_from_db()
    assert seller.status == Seller.Status.VERIFIED
    assert seller.registry_entry == entry
    decision = seller.decisions.first()
    assert (decision.decided_by, decision.source, decision.reason) == (
        staff,
        "chamber",
        "Visited.",
    )


def test_another_regions_chamber_cannot_decide_and_nothing_changes():
    RegistryEntryFactory(registry_id="RNA-07-0000042")
    seller = apply(name="Atelier Fatima Marrakech Tapis")
    with pytest.raises(PermissionDenied):
        seller_decide(
            seller=seller, action="verify", reason="x", user=chamber_user("03")
        )
    seller.refresh_from_db()
    assert seller.status == Seller.Status.PENDING
    assert seller.decisions.count() == 1


def test_a_decision_needs_a_reason_and_a_status_it_applies_to():
    seller = verified_seller()
    staff = chamber_user("07")
    with pytest.raises(ValidationError):
        seller_decide(seller=seller, action="suspend", reason=" ", user=staff)
    with pytest.raises(ValidationError):
        seller_decide(seller=seller, action="reinstate", reason="why", user=staff)


def test_suspending_hides_the_sellers_products_and_reinstating_shows_them():
    seller = verified_seller()
    product = product_of(seller)
    Product = get_model("catalogue", "Product")
    assert product in Product.objects.browsable()
    staff = chamber_user("07")
    seller_decide(seller=seller, action="suspend", reason="Complaint.", user=staff)
    assert product not in Product.objects.browsable()
    seller_decide(seller=seller, action="reinstate", reason="Resolved.", user=staff)
    assert product in Product.objects.browsable()


def test_only_verified_sellers_may_publish():
    seller = verified_seller()
    assert seller_for_user(seller.owner) == seller
    assert seller_can_publish(seller.owner)
    seller_decide(seller=seller, action="suspend", reason="x", user=chamber_user("07"))
    assert seller_for_user(seller.owner) == seller
    assert not seller_can_publish(seller.owner)
    assert seller_for_user(UserFactory()) is None


def member_of(seller, email="member@example.com"):
    """An account that accepted the owner's invitation to `seller`."""
    member = UserFactory(email=email)
    invitation = seller_member_invite(seller=seller, actor=seller.owner, email=email)
    seller_invitation_accept(invitation=invitation, user=member)
    return member


def test_the_owner_invites_and_removes_cooperative_members():
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    member = UserFactory(email="member@example.com")
    invitation = seller_member_invite(
        seller=seller, actor=seller.owner, email="member@example.com"
    )
    assert seller_for_user(member) is None
    seller_invitation_accept(invitation=invitation, user=member)
    assert seller_for_user(member) == seller
    assert seller_can_publish(member)
    seller_member_remove(seller=seller, actor=seller.owner, user=member)
    assert seller_for_user(member) is None


def test_members_cannot_manage_members_nor_remove_the_owner():
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    member = member_of(seller)
    with pytest.raises(PermissionDenied):
        seller_member_remove(seller=seller, actor=member, user=seller.owner)
    with pytest.raises(PermissionDenied):
        seller_member_invite(seller=seller, actor=member, email="x@example.com")
    with pytest.raises(ValidationError):
        seller_member_remove(seller=seller, actor=seller.owner, user=seller.owner)
    assert seller.owner in seller.partner.users.all()


def test_an_invitation_is_the_same_whether_or_not_an_account_exists():
    """The owner learns nothing about who has an account (it once said
    "No account uses …")."""
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    UserFactory(email="known@example.com")
    known = seller_member_invite(
        seller=seller, actor=seller.owner, email="known@example.com"
    )
    unknown = seller_member_invite(
        seller=seller, actor=seller.owner, email="nobody@example.com"
    )
    assert (known.accepted_at, unknown.accepted_at) == (None, None)
    assert list(seller.partner.users.all()) == [seller.owner]


def test_an_invitation_is_accepted_only_by_its_address():
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    invitation = seller_member_invite(
        seller=seller, actor=seller.owner, email="member@example.com"
    )
    with pytest.raises(PermissionDenied):
        seller_invitation_accept(
            invitation=invitation, user=UserFactory(email="other@example.com")
        )
    assert list(seller.partner.users.all()) == [seller.owner]
    late = UserFactory(email="Member@Example.com")
    seller_invitation_accept(invitation=invitation, user=late)
    assert late in seller.partner.users.all()


def test_inviting_one_address_twice_keeps_one_invitation():
    seller = verified_seller(kind=Seller.Kind.COOPERATIVE)
    first = seller_member_invite(seller=seller, actor=seller.owner, email="a@x.ma")
    again = seller_member_invite(seller=seller, actor=seller.owner, email="A@x.ma")
    assert first == again


def test_two_applications_under_one_name_get_their_own_shop_addresses():
    first = apply(registry_id="RNA-07-0999998")
    second = apply(registry_id="RNA-07-0999997")
    assert first.slug != second.slug
    assert first.partner.code != second.partner.code
