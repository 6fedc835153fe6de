"""Reads of sellers, shared by the shop and the CMS (their products are read
through `catalogue.selectors`)."""

from django.core.cache import cache
from django.db.models import Case, Q, QuerySet, When

from marketplace.translated import Translated, every_language, language_code

from .models import Craft, RegistryEntry, Seller, SellerInvitation
from .registry_csv import normalise_registry_id


def seller_queryset_public() -> QuerySet:
    """Sellers shoppers may see: verified ones that agreed to publication."""
    return Seller.objects.filter(
        status=Seller.Status.VERIFIED, publication_consent_at__isnull=False
    )


def registry_entry_get(*, registry_id: str) -> RegistryEntry | None:
    """One registry entry by its number, in any accepted spelling."""
    canonical = normalise_registry_id(registry_id)
    if canonical is None:
        return None
    try:
        return RegistryEntry.objects.get(registry_id=canonical)
    except RegistryEntry.DoesNotExist:
        return None


def seller_for_user(
    user, *, verified_only: bool = False, owner_only: bool = False
) -> Seller | None:
    """The shop `user` runs (as its owner or a member), or None.

    The one answer to "whose shop is this user's?" for every seller page
    (artisans/access.py applies the rule). `owner_only=True` counts only the
    shop the user owns; `verified_only=True` answers "may this user publish?".
    A user in several shops gets the one furthest along (verified, suspended,
    pending, rejected), their own first, the newest first.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if owner_only:
        sellers = Seller.objects.filter(owner=user)
    else:
        sellers = Seller.objects.filter(Q(owner=user) | Q(partner__users=user))
    sellers = sellers.select_related("partner", "region", "registry_entry")
    if verified_only:
        sellers = sellers.filter(status=Seller.Status.VERIFIED)
    return sellers.order_by(
        Case(
            When(status=Seller.Status.VERIFIED, then=0),
            When(status=Seller.Status.SUSPENDED, then=1),
            When(status=Seller.Status.PENDING, then=2),
            default=3,
        ),
        Case(When(owner=user, then=0), default=1),
        "-created_at",
        "-pk",
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


def seller_invitations_for(user) -> QuerySet:
    """Open invitations to join a shop, addressed to `user`'s e-mail."""
    if not getattr(user, "is_authenticated", False) or not user.email:
        return SellerInvitation.objects.none()
    return SellerInvitation.objects.filter(
        email__iexact=user.email, accepted_at__isnull=True
    ).select_related("seller")


def registry_entry_claimed(*, seller: Seller) -> RegistryEntry | None:
    """The registry entry an application names, linked or not (for the chamber)."""
    if seller.registry_entry_id:
        return seller.registry_entry
    return registry_entry_get(registry_id=seller.registry_id_claimed)


def registry_entry_holder(*, entry: RegistryEntry, exclude: Seller | None = None):
    """The shop that holds `entry` (verified or suspended), if any."""
    holders = Seller.objects.filter(
        registry_entry=entry,
        status__in=[Seller.Status.VERIFIED, Seller.Status.SUSPENDED],
    )
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    return holders.first()


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


def seller_review_waiting(user) -> QuerySet:
    """The queue's sellers that wait for the chamber: applications to decide
    and suspended sellers the registry re-activated."""
    return seller_review_queue(user).filter(
        Q(status=Seller.Status.PENDING) | Q(needs_reinstatement=True)
    )


def seller_history(*, seller: Seller) -> QuerySet:
    """Every decision on `seller`, newest first, with who decided."""
    return seller.decisions.select_related("decided_by").order_by("-created_at", "-pk")


CRAFT_NAMES_CACHE_KEY = "artisans:craft-names:v1"
CRAFT_NAMES_SECONDS = 3600


def craft_names() -> dict[str, dict[str, Translated]]:
    """Each registry craft code's label in every language (one cached entry:
    the table is small and read by every verified badge)."""
    names = cache.get(CRAFT_NAMES_CACHE_KEY)
    if names is None:
        names = {
            craft.code: every_language(craft, "label") for craft in Craft.objects.all()
        }
        cache.set(CRAFT_NAMES_CACHE_KEY, names, CRAFT_NAMES_SECONDS)
    return names


def craft_names_forget() -> None:
    cache.delete(CRAFT_NAMES_CACHE_KEY)


def seller_trade(*, seller: Seller) -> Translated:
    """The trade a verified badge names: the registry's craft in the page's
    language (staff name the crafts), else what the seller wrote."""
    entry = seller.registry_entry
    if entry is not None:
        names = craft_names().get(entry.craft_code)
        if names and names[language_code()]:
            return names[language_code()]
    return Translated(seller.trade, language_code())
