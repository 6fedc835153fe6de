"""Writes of the artisans app: seller onboarding and verification, chamber
decisions, cooperative members. The registry import is in `registry_import`."""

from __future__ import annotations

import secrets
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.legal.models import Acceptance
from marketplace.legal.models import Kind as LegalKind
from marketplace.legal.services import acceptance_record

from .matching import names_match
from .models import (
    Chamber,
    Region,
    RegistryEntry,
    Seller,
    SellerDecision,
    SellerInvitation,
)
from .registry_csv import normalise_registry_id
from .selectors import registry_entry_holder
from .signals import seller_decision_recorded, seller_status_changed

Partner = get_model("partner", "Partner")

SOURCE_AUTOMATIC = "automatic"
SOURCE_CHAMBER = "chamber"
SOURCE_REGISTRY = "registry import"
SOURCE_STAFF = "marketplace staff"

# --- Seller status, the one place it changes -----------------------------------


def _seller_set_status(
    *,
    seller: Seller,
    status: str,
    reason: str,
    source: str,
    decided_by=None,
    detail: str = "",
) -> SellerDecision:
    """Change a seller's status, record the decision, tell listeners on commit."""
    old_status = seller.status
    seller.status = status
    seller.status_reason = reason
    update_fields = ["status", "status_reason"]
    if status == Seller.Status.VERIFIED:
        seller.verified_at = timezone.now()
        seller.needs_reinstatement = False
        update_fields += ["verified_at", "needs_reinstatement"]
    seller.save(update_fields=update_fields)
    decision = SellerDecision.objects.create(
        seller=seller,
        status=status,
        reason=reason,
        detail=detail,
        source=source,
        decided_by=decided_by,
    )
    if old_status != status:
        transaction.on_commit(
            partial(
                seller_status_changed.send,
                sender=Seller,
                seller=seller,
                old_status=old_status,
                new_status=status,
                source=source,
            )
        )
    transaction.on_commit(
        partial(
            seller_decision_recorded.send,
            sender=Seller,
            seller=seller,
            decision=decision,
        )
    )
    return decision


# --- Seller onboarding and verification ------------------------------------------


def _partner_and_seller_create(*, user, name: str, region: Region, **fields) -> Seller:
    """A partner and its seller under one slug, unique even when applicants race.

    Checking a slug is free and then writing it is racy: a concurrent
    application of the same name takes it in between. So the write decides,
    in a savepoint, and a taken slug is retried with a random suffix.
    """
    # Partner.code holds 128 characters: room for a "-" and 6 hex digits.
    base = slugify(f"{name}-{region.code}")[:120] or f"shop-{region.code}"
    slug = base
    for _attempt in range(5):
        if not Seller.objects.filter(slug=slug).exists():
            try:
                with transaction.atomic():
                    partner = Partner.objects.create(name=name, code=slug)
                    partner.users.add(user)
                    return Seller.objects.create(
                        partner=partner,
                        owner=user,
                        name=name,
                        slug=slug,
                        region=region,
                        **fields,
                    )
            except IntegrityError:
                if _open_application_exists(user=user):
                    raise ValidationError(open_application_message()) from None
        slug = f"{base}-{secrets.token_hex(3)}"
    raise IntegrityError(f"no free slug for {base!r}")


def open_application_message() -> str:
    return _(
        "You already have an application or a shop: one per account. See its "
        "status on your application page."
    )


def _open_application_exists(*, user) -> bool:
    return (
        Seller.objects.filter(owner=user)
        .exclude(status=Seller.Status.REJECTED)
        .exists()
    )


@transaction.atomic
def seller_apply(
    *,
    user,
    kind: str,
    registry_id: str,
    name: str,
    region: Region,
    trade: str,
    phone: str,
    publication_consent: bool = False,
) -> Seller:
    """A signed-in user applies to sell: a partner and a seller, then a decision.

    The applicant accepted the seller terms and the privacy notice (the live
    versions are recorded), and may agree to the shop's publication.

    One open application per account: raises ValidationError while the user
    has an application pending or a shop verified or suspended. The user's
    row is locked first, so two POSTs at once are decided one after the other
    (and a database constraint backs the rule).
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if _open_application_exists(user=user):
        raise ValidationError(open_application_message())
    seller = _partner_and_seller_create(
        user=user,
        name=name,
        region=region,
        kind=kind,
        registry_id_claimed=normalise_registry_id(registry_id) or registry_id.strip(),
        name_claimed=name,
        trade=trade,
        phone=phone,
        status=Seller.Status.PENDING,
        publication_consent_at=timezone.now() if publication_consent else None,
    )
    acceptance_record(
        kinds=[LegalKind.SELLER_TERMS, LegalKind.PRIVACY],
        context=Acceptance.Context.SELLER_APPLICATION,
        user=user,
        reference=seller.slug,
    )
    if publication_consent:
        acceptance_record(
            kinds=[LegalKind.PRIVACY],
            context=Acceptance.Context.PUBLICATION,
            user=user,
            reference=seller.slug,
        )
    seller_verify_automatically(seller=seller)
    return seller


def seller_publication_set(*, seller: Seller, user, consent: bool) -> Seller:
    """The seller agrees to its shop's publication, or withdraws it (law 09-08:
    consent may be withdrawn at any time; the shop then leaves public pages)."""
    if consent == (seller.publication_consent_at is not None):
        return seller
    seller.publication_consent_at = timezone.now() if consent else None
    seller.save(update_fields=["publication_consent_at"])
    if consent:
        acceptance_record(
            kinds=[LegalKind.PRIVACY],
            context=Acceptance.Context.PUBLICATION,
            user=user,
            reference=seller.slug,
        )
    return seller


def _not_verified_reason() -> str:
    """The applicant's one reason, whatever the registry said.

    An unknown number, a struck-off or suspended entry and an entry already
    held by a shop read the same, so the form tells a prober nothing about a
    number; the chamber reads the decision's `detail`.
    """
    return _(
        "We could not verify this registry number and name against the national "
        "registry. Check them on your registry card and apply again, or contact "
        "the Chamber of Artisanat of your region."
    )


def _registry_problem(*, seller: Seller, entry: RegistryEntry | None) -> str | None:
    """Why `entry` cannot be given to `seller`, for the chamber; None if it can."""
    if entry is None:
        return _("The registry number %(id)s is not in the national registry.") % {
            "id": seller.registry_id_claimed
        }
    if not entry.is_active:
        return _("The registry lists %(id)s as %(status)s, not active.") % {
            "id": entry.registry_id,
            "status": entry.get_status_display(),
        }
    holder = registry_entry_holder(entry=entry, exclude=seller)
    if holder is not None:
        return _("The registry number %(id)s is held by the shop %(shop)s.") % {
            "id": entry.registry_id,
            "shop": f"{holder.name} (#{holder.pk})",
        }
    return None


def _claimed_entry_locked(*, seller: Seller) -> RegistryEntry | None:
    registry_id = normalise_registry_id(seller.registry_id_claimed)
    if not registry_id:
        return None
    return (
        RegistryEntry.objects.select_for_update()
        .filter(registry_id=registry_id)
        .first()
    )


def _seller_link_entry(*, seller: Seller, entry: RegistryEntry) -> None:
    """Give `entry` to `seller`, which becomes verified in the same transaction.

    The entry's row lock orders two verifications of one number; the
    conditional unique constraint is the last word if anything slips past.
    """
    seller.registry_entry = entry
    seller.save(update_fields=["registry_entry"])


@transaction.atomic
def seller_verify_automatically(*, seller: Seller) -> SellerDecision:
    """Decide at once where the registry allows it; else leave it to the chamber.

    Verified: the number exists, the entry is active and held by no shop, the
    name and the region match; only then is the entry linked to the shop.
    Rejected: unknown number, entry not active, entry held by another shop,
    all with one neutral reason (the detail goes to the chamber). Pending
    otherwise, unlinked, with what did not match as the reason.
    """
    entry = _claimed_entry_locked(seller=seller)
    problem = _registry_problem(seller=seller, entry=entry)
    if problem is not None:
        if seller.registry_entry_id:
            seller.registry_entry = None
            seller.save(update_fields=["registry_entry"])
        return _seller_set_status(
            seller=seller,
            status=Seller.Status.REJECTED,
            reason=_not_verified_reason(),
            detail=problem,
            source=SOURCE_AUTOMATIC,
        )
    mismatches = []
    if not names_match(seller.name_claimed, entry.name_latin, entry.name_arabic):
        mismatches.append(_("the name differs from the registered name"))
    if entry.region_code != seller.region.code:
        mismatches.append(_("the region differs from the registered region"))
    if mismatches:
        return _seller_set_status(
            seller=seller,
            status=Seller.Status.PENDING,
            reason=_("To be reviewed by the chamber: %(why)s.")
            % {"why": "; ".join(mismatches)},
            source=SOURCE_AUTOMATIC,
        )
    _seller_link_entry(seller=seller, entry=entry)
    return _seller_set_status(
        seller=seller,
        status=Seller.Status.VERIFIED,
        reason=_("Registry entry active; name and region match."),
        source=SOURCE_AUTOMATIC,
    )


# --- Chamber decisions -----------------------------------------------------------


class ChamberAction:
    VERIFY = "verify"
    REJECT = "reject"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    # The application stays pending; the reason is the chamber's question.
    REQUEST_INFO = "request_info"


# action: (statuses it applies to, resulting status)
CHAMBER_TRANSITIONS = {
    ChamberAction.VERIFY: ({Seller.Status.PENDING}, Seller.Status.VERIFIED),
    ChamberAction.REJECT: ({Seller.Status.PENDING}, Seller.Status.REJECTED),
    ChamberAction.SUSPEND: (
        {Seller.Status.PENDING, Seller.Status.VERIFIED},
        Seller.Status.SUSPENDED,
    ),
    ChamberAction.REINSTATE: ({Seller.Status.SUSPENDED}, Seller.Status.VERIFIED),
    ChamberAction.REQUEST_INFO: ({Seller.Status.PENDING}, Seller.Status.PENDING),
}


def user_can_review(*, user, seller: Seller) -> bool:
    """Staff of the chamber of the seller's region, and no one else."""
    return Chamber.objects.filter(region_id=seller.region_id, staff=user).exists()


# Marketplace staff suspend and reinstate any seller; verifying and rejecting
# an application stays with its region's chamber, which knows the registry.
STAFF_TRANSITIONS = {
    action: CHAMBER_TRANSITIONS[action]
    for action in (ChamberAction.SUSPEND, ChamberAction.REINSTATE)
}


def user_is_marketplace_staff(*, user) -> bool:
    """Marketplace staff: Oscar's dashboard, payouts, the staff tools."""
    return bool(getattr(user, "is_authenticated", False) and user.is_staff)


@transaction.atomic
def seller_decide(*, seller: Seller, action: str, reason: str, user) -> SellerDecision:
    """A chamber's decision on a seller of its region, with its reason.

    Raises PermissionDenied when `user` is not staff of the seller's chamber,
    ValidationError when the action does not apply to the seller's status.
    """
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    if not user_can_review(user=user, seller=seller):
        raise PermissionDenied
    return _seller_transition(
        seller=seller,
        action=action,
        reason=reason,
        user=user,
        transitions=CHAMBER_TRANSITIONS,
        source=SOURCE_CHAMBER,
    )


@transaction.atomic
def seller_staff_decide(
    *, seller: Seller, action: str, reason: str, user
) -> SellerDecision:
    """Marketplace staff suspend or reinstate any seller, with a reason.

    Recorded like a chamber's decision (source "marketplace staff"). Raises
    PermissionDenied for anyone but marketplace staff, ValidationError when
    the action is not a staff one or does not apply to the seller's status.
    """
    if not user_is_marketplace_staff(user=user):
        raise PermissionDenied
    seller = Seller.objects.select_for_update().get(pk=seller.pk)
    return _seller_transition(
        seller=seller,
        action=action,
        reason=reason,
        user=user,
        transitions=STAFF_TRANSITIONS,
        source=SOURCE_STAFF,
    )


def _seller_transition(
    *, seller: Seller, action: str, reason: str, user, transitions: dict, source: str
) -> SellerDecision:
    """One decision in `transitions` on a locked seller, checked and recorded."""
    if action not in transitions:
        raise ValidationError(_("Unknown decision."))
    if not reason.strip():
        raise ValidationError(_("A reason is required."))
    allowed_from, status = transitions[action]
    if seller.status not in allowed_from:
        raise ValidationError(
            _("This decision does not apply to a seller who is %(status)s.")
            % {"status": seller.get_status_display()}
        )
    if action == ChamberAction.VERIFY:
        # A pending application holds no entry: the chamber's verification
        # gives it the one it claimed, if the registry still allows it.
        entry = _claimed_entry_locked(seller=seller)
        problem = _registry_problem(seller=seller, entry=entry)
        if problem is not None:
            raise ValidationError(problem)
        _seller_link_entry(seller=seller, entry=entry)
    elif status == Seller.Status.VERIFIED:
        entry = seller.registry_entry
        if entry is None or not entry.is_active:
            raise ValidationError(
                _("Only a seller linked to an active registry entry can be verified.")
            )
    elif status == Seller.Status.REJECTED and seller.registry_entry_id:
        # Frees the number for its rightful holder.
        seller.registry_entry = None
        seller.save(update_fields=["registry_entry"])
    return _seller_set_status(
        seller=seller,
        status=status,
        reason=reason.strip(),
        source=source,
        decided_by=user,
    )


# --- Cooperative members ---------------------------------------------------------


def _check_owner(*, seller: Seller, actor) -> None:
    if actor.pk != seller.owner_id:
        raise PermissionDenied(_("Only the shop's owner manages its members."))


@transaction.atomic
def seller_member_invite(*, seller: Seller, actor, email: str) -> SellerInvitation:
    """The owner invites an e-mail address to join the shop.

    The same whether or not an account uses the address (nothing tells the
    owner which): the person joins by accepting the invitation while signed
    in with that address (`seller_invitation_accept`). Inviting the same
    address again returns the open invitation.
    """
    _check_owner(seller=seller, actor=actor)
    if seller.kind == Seller.Kind.ARTISAN:
        raise ValidationError(_("An individual artisan's shop has no members."))
    email = get_user_model().objects.normalize_email(email.strip())
    invitation = SellerInvitation.objects.filter(
        seller=seller, email__iexact=email, accepted_at__isnull=True
    ).first()
    if invitation is None:
        invitation = SellerInvitation.objects.create(
            seller=seller, email=email, invited_by=actor
        )
    return invitation


@transaction.atomic
def seller_invitation_accept(*, invitation: SellerInvitation, user) -> None:
    """`user`, signed in with the invited address, joins the shop."""
    invitation = SellerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        return
    if not user.email or user.email.casefold() != invitation.email.casefold():
        raise PermissionDenied
    invitation.seller.partner.users.add(user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])


@transaction.atomic
def seller_invitation_withdraw(*, invitation: SellerInvitation, actor) -> None:
    """The owner withdraws an open invitation."""
    _check_owner(seller=invitation.seller, actor=actor)
    if invitation.accepted_at is None:
        invitation.delete()


@transaction.atomic
def seller_member_remove(*, seller: Seller, actor, user) -> None:
    """The owner removes a member; the owner cannot be removed."""
    _check_owner(seller=seller, actor=actor)
    if user.pk == seller.owner_id:
        raise ValidationError(_("The shop's owner cannot be removed."))
    seller.partner.users.remove(user)
