from django.shortcuts import get_object_or_404

from artisans.models import Seller
from artisans.selectors import seller_for_user

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
        "order", "seller"
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
