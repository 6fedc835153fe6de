"""Links to an order, for e-mails and notifications (a leaf: the checkout's
e-mail task reads it, and the order's services call that task)."""

from django.urls import reverse


def order_status_path(*, order) -> str:
    """Where the shopper follows the order: its account's page, or for a
    guest the page its verification hash opens."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse(
        "customer:anon-order",
        kwargs={"order_number": order.number, "hash": order.verification_hash()},
    )
