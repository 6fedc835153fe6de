"""Order.status values. Oscar keeps the status as free text; these are ours.

The stored value is the English code (compared in code and templates); pages
show `status_label(code)`, the code translated into the page's language.
`gettext_noop` marks the codes so makemessages finds them without translating
the stored value.
"""

from django.utils.translation import gettext


def gettext_noop(message: str) -> str:
    """Marks a string for makemessages and returns it as it is.

    Not Django's `gettext_noop`: this module is imported by the settings
    (ORDER_STATUS_PIPELINE), and Django's asks `settings.USE_I18N`, which
    configured Django from the half-imported settings module: production.py's
    refusal to start (no SECRET_KEY) was then swallowed by `manage.py` and the
    process ran on Django's defaults. Django's global_settings does the same.
    """
    return message


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
