"""Where invoices hook into the rooms below: two receivers, each one call.

- `orders.signals.order_confirmed`, sent by payments inside the transaction
  that confirms an order (card paid, cash on delivery confirmed), issues its
  invoices in that transaction.
- `orders.signals.order_cancelled`, sent inside the cancelling transaction,
  credits the invoices of an order cancelled after it was invoiced.
- A `payments.Refund` row is the one record of every refund, whatever its
  path (Stripe, a bank transfer to the shopper, a voucher, a provider added
  later): its insert issues the credit notes, in the refund's transaction.

Payments and orders sit below this app and cannot call it; these receivers
are the only link, and they call the services.
"""

from django.db.models.signals import post_save

from marketplace.orders.signals import order_cancelled, order_confirmed, part_returned
from marketplace.payments.models import Refund

from .services import (
    order_cancel_credit_notes_issue,
    order_invoices_issue,
    part_returned_credit_notes_issue,
    refund_credit_notes_issue,
)


def on_order_confirmed(sender, order, **kwargs):
    order_invoices_issue(order=order)


def on_order_cancelled(sender, order, **kwargs):
    order_cancel_credit_notes_issue(order=order)


def on_part_returned(sender, part, **kwargs):
    part_returned_credit_notes_issue(part=part)


def on_refund_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.part_id is not None:
        refund_credit_notes_issue(refund=instance)


def register_signal_handlers():
    order_confirmed.connect(on_order_confirmed, dispatch_uid="invoicing-order")
    order_cancelled.connect(on_order_cancelled, dispatch_uid="invoicing-cancel")
    part_returned.connect(on_part_returned, dispatch_uid="invoicing-returned")
    post_save.connect(on_refund_saved, sender=Refund, dispatch_uid="invoicing-refund")
