"""Order.status values. Oscar keeps the status as free text; these are ours.

The stored value is the English code (compared in code and templates); pages
show `status_label(code)`, the code translated into the page's language.
`gettext_noop` marks the codes so makemessages finds them without translating
the stored value.
"""

from django.utils.translation import gettext, gettext_noop

STATUS_CONFIRMED = gettext_noop("Confirmed")
# A cash-on-delivery order the shopper has not confirmed yet: sellers wait.
STATUS_AWAITING_CONFIRMATION = gettext_noop("Awaiting confirmation")
STATUS_PENDING_PAYMENT = gettext_noop("Pending payment")
STATUS_CANCELLED = gettext_noop("Cancelled")

# Oscar's OSCAR_ORDER_STATUS_PIPELINE (settings): statuses move only through
# the services (paid by Stripe's webhook, cancelled with its refund by
# `payments.services.order_cancel_by_staff`). Oscar's dashboard lists these (to
# filter orders) and offers no transition.
ORDER_STATUS_PIPELINE = {
    STATUS_PENDING_PAYMENT: (),
    STATUS_CONFIRMED: (),
    STATUS_CANCELLED: (),
}


def status_label(code: str | None) -> str:
    """An order's or line's stored status, in the active language.

    Empty for no status. A code without a translation (Oscar's line and
    shipping event names, say) reads as stored.
    """
    return gettext(code) if code else ""


class WithStatusLabel:
    """An order (or line) whose `status` reads in the page's language.

    For Oscar's templates whose smallest block showing `{{ order.status }}` is
    the whole page (the customer's and the guest's order pages): the project's
    override renders Oscar's block with this in place of the order rather than
    copying the block. Every other attribute is the object's own; only the
    display changes, the object is not touched.
    """

    def __init__(self, obj) -> None:
        self._obj = obj

    def __getattr__(self, name: str):
        return getattr(self._obj, name)

    @property
    def status(self) -> str:
        return status_label(self._obj.status)
