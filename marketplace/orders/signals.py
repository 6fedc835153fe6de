"""Events of the order's life that rooms above listen to.

`order_confirmed(order)`: the order is confirmed (a card payment proven by
its provider's signed message, or a cash order confirmed by the shopper),
sent inside the transaction that confirms it, so a receiver's writes
(the invoices) commit or roll back with the confirmation.

`order_cancelled(order)`: the order is cancelled (its stock back, its parts
cancelled), sent inside the cancelling transaction.

`part_returned(part)`: one seller's cash-on-delivery parcel came back unpaid
(refused at the door, on the carrier's evidence or staff's), sent inside the
transaction that records it.
"""

from django.dispatch import Signal

order_confirmed = Signal()
order_cancelled = Signal()
part_returned = Signal()
