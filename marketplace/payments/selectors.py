from dataclasses import dataclass
from decimal import Decimal

from .models import LedgerEntry, Payout
from .services import seller_balance


@dataclass
class BalanceSummary:
    seller: object
    balance: Decimal
    entries: list
    payouts: list


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
