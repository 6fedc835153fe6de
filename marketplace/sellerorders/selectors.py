from django.shortcuts import get_object_or_404

from artisans.models import Seller

from .models import OrderSellerPart


def sellers_of_user(*, user):
    return (
        Seller.objects.filter(owner=user)
        if user.is_authenticated
        else Seller.objects.none()
    )


def parts_for_user(*, user):
    """The parts of every shop the user owns: never another seller's."""
    return OrderSellerPart.objects.filter(
        seller__in=sellers_of_user(user=user)
    ).select_related("order", "seller")


def part_for_user(*, user, pk: int) -> OrderSellerPart:
    """One of the user's parts; 404 for anyone else's, as if it did not exist."""
    return get_object_or_404(parts_for_user(user=user), pk=pk)
