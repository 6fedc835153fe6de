"""Reads of sellers and their products, shared by the shop and the CMS."""

from django.db.models import Case, Q, QuerySet, When
from oscar.core.loading import get_model

from .models import RegistryEntry, Seller
from .registry_csv import normalise_registry_id


def seller_queryset_public() -> QuerySet:
    """Sellers shoppers may see: verified ones."""
    return Seller.objects.filter(status=Seller.Status.VERIFIED)


def product_queryset_public() -> QuerySet:
    """Products shoppers may see: published, canonical, of a verified seller."""
    Product = get_model("catalogue", "Product")
    return Product.objects.browsable()


def registry_entry_get(*, registry_id: str) -> RegistryEntry | None:
    """One registry entry by its number, in any accepted spelling."""
    canonical = normalise_registry_id(registry_id)
    if canonical is None:
        return None
    try:
        return RegistryEntry.objects.get(registry_id=canonical)
    except RegistryEntry.DoesNotExist:
        return None


def seller_for_user(user, *, verified_only: bool = False) -> Seller | None:
    """The shop `user` manages (as its owner or a member), or None.

    The seller dashboards use it to find whose products a user may edit;
    `verified_only=True` answers "may this user publish?" in one call.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    sellers = Seller.objects.filter(
        Q(owner=user) | Q(partner__users=user)
    ).select_related("partner", "region", "registry_entry")
    if verified_only:
        sellers = sellers.filter(status=Seller.Status.VERIFIED)
    # The user's own shop first if they also belong to another one.
    return sellers.order_by(
        Case(When(owner=user, then=0), default=1), "created_at"
    ).first()


def seller_can_publish(user) -> bool:
    """Only a verified seller's owner or members publish products."""
    return seller_for_user(user, verified_only=True) is not None


def sellers_owned_by(user) -> QuerySet:
    """The applications and shops `user` opened, newest first."""
    return (
        Seller.objects.filter(owner=user)
        .select_related("region", "registry_entry")
        .prefetch_related("decisions")
        .order_by("-created_at")
    )


def seller_review_queue(user) -> QuerySet:
    """The sellers of the regions whose chamber `user` belongs to.

    Pending applications first, then those the registry re-activated, then the
    rest; a user of no chamber gets none.
    """
    return (
        Seller.objects.filter(region__chamber__staff=user)
        .select_related("region", "registry_entry", "owner")
        .annotate(
            queue_rank=Case(
                When(status=Seller.Status.PENDING, then=0),
                When(needs_reinstatement=True, then=1),
                default=2,
            )
        )
        .order_by("queue_rank", "created_at")
        .distinct()
    )
