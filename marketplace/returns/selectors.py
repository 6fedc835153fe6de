"""Reads on returns and disputes: each side sees its own, staff see all, a
chamber sees its region's disputes."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from artisans.models import Seller
from marketplace.sellerorders.models import OrderSellerPart

from .models import Dispute, ReturnRequest

_RELATED = ("part__order", "part__seller", "shopper")


def requests_for_shopper(*, user) -> QuerySet:
    return ReturnRequest.objects.filter(shopper=user).select_related(*_RELATED)


def requests_for_seller(*, seller) -> QuerySet:
    return ReturnRequest.objects.filter(part__seller=seller).select_related(*_RELATED)


def request_for_shopper(*, user, pk: int) -> ReturnRequest:
    """Raises ReturnRequest.DoesNotExist for another shopper's request."""
    return requests_for_shopper(user=user).get(pk=pk)


def request_for_seller(*, seller, pk: int) -> ReturnRequest:
    return requests_for_seller(seller=seller).get(pk=pk)


def disputes_for_staff(*, open_only: bool = True) -> QuerySet:
    disputes = Dispute.objects.select_related(*(f"request__{r}" for r in _RELATED))
    if open_only:
        disputes = disputes.filter(decision="")
    return disputes.order_by("opened_at")


def disputes_for_chamber(*, user) -> QuerySet:
    """The disputes of the sellers of the regions whose chamber `user` sits in."""
    return (
        Dispute.objects.filter(request__part__seller__region__chamber__staff=user)
        .select_related(*(f"request__{r}" for r in _RELATED))
        .order_by("-opened_at")
        .distinct()
    )


@dataclass
class ReturnRates:
    parts: int
    refunded: int
    disputed: int

    @property
    def refund_rate(self) -> Decimal | None:
        return self._rate(self.refunded)

    @property
    def dispute_rate(self) -> Decimal | None:
        return self._rate(self.disputed)

    def _rate(self, count: int) -> Decimal | None:
        if not self.parts:
            return None
        return (Decimal(100) * count / self.parts).quantize(Decimal("0.1"))


def seller_return_rates(*, seller) -> ReturnRates:
    """Of a shop's delivered parcels, the share refunded (in whole or part, by
    a return) and the share taken to the marketplace."""
    delivered = OrderSellerPart.objects.filter(
        seller=seller, status=OrderSellerPart.Status.DELIVERED
    )
    requests = ReturnRequest.objects.filter(part__seller=seller)
    return ReturnRates(
        parts=delivered.count(),
        refunded=requests.filter(status=ReturnRequest.Status.REFUNDED)
        .values("part_id")
        .distinct()
        .count(),
        disputed=requests.filter(dispute__isnull=False)
        .values("part_id")
        .distinct()
        .count(),
    )


def shops_return_rates() -> list[tuple]:
    """(seller, rates) of every shop that has had a return request, highest
    dispute rate first: staff's view of the shops."""
    sellers = Seller.objects.filter(
        order_parts__return_requests__isnull=False
    ).distinct()
    rows = [(seller, seller_return_rates(seller=seller)) for seller in sellers]
    return sorted(
        rows,
        key=lambda row: (-(row[1].dispute_rate or 0), -(row[1].refund_rate or 0)),
    )
