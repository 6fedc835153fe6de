from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from artisans.models import Seller

from .models import LedgerEntry, Payout
from .services import seller_balance


@dataclass
class BalanceSummary:
    seller: object
    balance: Decimal
    entries: list
    payouts: list

    @property
    def owed(self) -> Decimal:
        """What the seller owes the marketplace (commission on cash sales)."""
        return -self.balance if self.balance < 0 else Decimal("0.00")


def seller_balance_summary(*, seller, entries: int = 50) -> BalanceSummary:
    """A seller's balance, its latest entries and its payouts."""
    return BalanceSummary(
        seller=seller,
        balance=seller_balance(seller=seller),
        entries=list(
            LedgerEntry.objects.filter(seller=seller).select_related("part__order")[
                :entries
            ]
        ),
        payouts=list(Payout.objects.filter(seller=seller).select_related("batch")),
    )


def sellers_owing() -> list:
    """Sellers whose balance is negative: they owe commission, most first.

    Each carries `balance` (negative) and `owed` (its opposite). A settlement
    pays them nothing; what they owe is taken from their next card sales or
    carrier remittances.
    """
    sellers = list(
        Seller.objects.annotate(balance=Sum("ledger_entries__amount"))
        .filter(balance__lt=0)
        .order_by("balance", "name")
    )
    for seller in sellers:
        seller.owed = -seller.balance
    return sellers
