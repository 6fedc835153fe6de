"""What the header's role menu shows to one user, read in a constant number
of queries (at most four, whatever the user is) and never written."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from artisans.models import Chamber, Seller
from artisans.selectors import seller_for_user
from marketplace.sellerorders.selectors import parts_waiting_counts

# A shop in these states has a dashboard; a rejected application does not.
SHOP_STATUSES = {
    Seller.Status.PENDING,
    Seller.Status.VERIFIED,
    Seller.Status.SUSPENDED,
}


@dataclass(frozen=True)
class RoleNav:
    """The menu's parts; each is shown to exactly the roles it serves."""

    # Signed in, without a shop (never applied, or rejected), and neither
    # chamber nor marketplace staff: "Sell on Maalem".
    can_apply: bool = False
    # The shop the user runs (owner or cooperative member): "My shop".
    seller: Seller | None = None
    is_owner: bool = False
    orders_to_ship: int = 0
    orders_to_confirm: int = 0
    # The chambers the user is staff of: "Chamber", with what waits.
    chambers: list[Chamber] = field(default_factory=list)
    sellers_to_review: int = 0
    can_edit_pages: bool = False
    # Marketplace staff: "Staff" (Oscar's dashboard, payouts, sellers).
    is_staff: bool = False

    @property
    def is_chamber(self) -> bool:
        return bool(self.chambers)

    @property
    def shown(self) -> bool:
        return bool(self.can_apply or self.seller or self.chambers or self.is_staff)


def role_nav(*, user) -> RoleNav:
    """The menu for `user`: nothing for a visitor (no query: cached pages stay
    cacheable), else one query for the shop, one for its waiting orders, one
    for the chambers and their waiting sellers, one for the CMS permission."""
    if not getattr(user, "is_authenticated", False):
        return RoleNav()
    seller = seller_for_user(user)
    if seller is not None and seller.status not in SHOP_STATUSES:
        seller = None
    waiting = parts_waiting_counts(seller=seller) if seller else {}
    chambers = list(
        Chamber.objects.filter(staff=user)
        .select_related("region")
        .annotate(
            to_review=Count(
                "region__sellers",
                filter=Q(region__sellers__status=Seller.Status.PENDING)
                | Q(region__sellers__needs_reinstatement=True),
                distinct=True,
            )
        )
    )
    return RoleNav(
        can_apply=seller is None and not chambers and not user.is_staff,
        seller=seller,
        is_owner=bool(seller and seller.owner_id == user.pk),
        orders_to_ship=waiting.get("ship", 0),
        orders_to_confirm=waiting.get("cod", 0),
        chambers=chambers,
        sellers_to_review=sum(chamber.to_review for chamber in chambers),
        can_edit_pages=bool(chambers) and user.has_perm("wagtailadmin.access_admin"),
        is_staff=user.is_staff,
    )
