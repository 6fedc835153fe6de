"""Order.status values. Oscar keeps the status as free text; these are ours."""

STATUS_CONFIRMED = "Confirmed"
# A cash-on-delivery order the shopper has not confirmed yet: sellers wait.
STATUS_AWAITING_CONFIRMATION = "Awaiting confirmation"
STATUS_PENDING_PAYMENT = "Pending payment"
STATUS_CANCELLED = "Cancelled"

# Oscar's OSCAR_ORDER_STATUS_PIPELINE (settings): statuses move only through
# the services (paid by Stripe's webhook, cancelled with its refund by
# `payments.services.order_cancel_by_staff`). Oscar's dashboard lists these (to
# filter orders) and offers no transition.
ORDER_STATUS_PIPELINE = {
    STATUS_PENDING_PAYMENT: (),
    STATUS_CONFIRMED: (),
    STATUS_CANCELLED: (),
}
