from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from artisans.models import Seller

from .models import LedgerEntry, Payout, PayoutBatch
from .services import seller_balance, seller_pending


@dataclass
class BalanceSummary:
    seller: object
    balance: Decimal
    entries: list
    payouts: list
    # Earned on sales still within their return window (or with a request
    # open): not payable yet.
    pending: Decimal = Decimal("0.00")

    @property
    def payable(self) -> Decimal:
        """What the next settlement pays (nothing while the seller owes)."""
        return max(self.balance - self.pending, Decimal("0.00"))

    @property
    def paid(self) -> Decimal:
        """Transferred, the bank having confirmed it."""
        return sum(
            (
                p.amount
                for p in self.payouts
                if p.batch.status == PayoutBatch.Status.PAID
            ),
            Decimal("0.00"),
        )

    @property
    def in_transfer(self) -> Decimal:
        """In a batch sent to the bank, not confirmed yet."""
        return sum(
            (
                p.amount
                for p in self.payouts
                if p.batch.status != PayoutBatch.Status.PAID
            ),
            Decimal("0.00"),
        )

    @property
    def owed(self) -> Decimal:
        """What the seller owes the marketplace (commission on cash sales)."""
        return -self.balance if self.balance < 0 else Decimal("0.00")


def seller_balance_summary(*, seller, entries: int = 50) -> BalanceSummary:
    """A seller's balance (pending and payable), its latest entries and its
    payouts (paid, or in transfer)."""
    return BalanceSummary(
        seller=seller,
        balance=seller_balance(seller=seller),
        pending=seller_pending(seller=seller),
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
