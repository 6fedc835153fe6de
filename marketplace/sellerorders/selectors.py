from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from artisans.models import Seller
from artisans.selectors import seller_for_user
from marketplace.orders.status import STATUS_AWAITING_CONFIRMATION, STATUS_CONFIRMED

from .models import OrderSellerPart


def sellers_of_user(*, user):
    """The shop whose orders `user` handles: the one access rule's answer
    (artisans/access.py), owner or member alike."""
    seller = seller_for_user(user)
    if seller is None:
        return Seller.objects.none()
    return Seller.objects.filter(pk=seller.pk)


def parts_of_seller(*, seller):
    """The shop's parts: never another seller's."""
    return OrderSellerPart.objects.filter(seller=seller).select_related(
        "order", "seller", "shipping_carrier"
    )


def part_of_seller(*, seller, pk: int) -> OrderSellerPart:
    """One of the shop's parts; 404 for anyone else's, as if it did not exist."""
    return get_object_or_404(parts_of_seller(seller=seller), pk=pk)


def parts_for_user(*, user):
    """The parts of the shop the user runs: never another seller's."""
    return OrderSellerPart.objects.filter(
        seller__in=sellers_of_user(user=user)
    ).select_related("order", "seller")


def part_for_user(*, user, pk: int) -> OrderSellerPart:
    """One of the user's parts; 404 for anyone else's, as if it did not exist."""
    return get_object_or_404(parts_for_user(user=user), pk=pk)


# What waits for the shop (the shop's home and the header's counts).
TODO_SHIP = "ship"
TODO_COD = "cod"


def parts_waiting(*, seller, todo: str):
    """The shop's parts waiting for it: `ship`, paid or confirmed and still
    to ship; `cod`, cash-on-delivery orders the shopper has not confirmed yet
    (the seller may phone them). Any other `todo` answers none."""
    parts = parts_of_seller(seller=seller).filter(
        status=OrderSellerPart.Status.PREPARING
    )
    if todo == TODO_SHIP:
        return parts.filter(order__status=STATUS_CONFIRMED)
    if todo == TODO_COD:
        return parts.filter(order__status=STATUS_AWAITING_CONFIRMATION)
    return parts.none()


def parts_waiting_counts(*, seller) -> dict[str, int]:
    """{"ship": n, "cod": m} in one query."""
    preparing = Q(status=OrderSellerPart.Status.PREPARING)
    return OrderSellerPart.objects.filter(seller=seller).aggregate(
        ship=Count("pk", filter=preparing & Q(order__status=STATUS_CONFIRMED)),
        cod=Count(
            "pk", filter=preparing & Q(order__status=STATUS_AWAITING_CONFIRMATION)
        ),
    )


@dataclass(frozen=True)
class RefusalRate:
    """Parcels refused at the door among those that reached a door."""

    returned: int
    reached: int

    @property
    def percent(self) -> Decimal | None:
        if not self.reached:
            return None
        return (Decimal(100) * self.returned / self.reached).quantize(Decimal("0.1"))


def seller_refusal_rate(*, seller) -> RefusalRate:
    """The shop's refusal rate: parcels returned to sender (refused, never
    found) over parcels delivered or returned. One query."""
    counts = OrderSellerPart.objects.filter(seller=seller).aggregate(
        returned=Count("pk", filter=Q(status=OrderSellerPart.Status.RETURNED)),
        reached=Count(
            "pk",
            filter=Q(
                status__in=[
                    OrderSellerPart.Status.RETURNED,
                    OrderSellerPart.Status.DELIVERED,
                ]
            ),
        ),
    )
    return RefusalRate(returned=counts["returned"], reached=counts["reached"])
