"""E-mails about orders, and Oscar's analytics of a placed order, run through
the outbox after the order's commit (`order_confirmation_enqueue`)."""

from django_tasks import task
from oscar.apps.analytics.receivers import receive_order_placed
from oscar.core.loading import get_model

from .notifications import cod_confirmation_request_send, shopper_order_placed


@task()
def order_placed_email(order_id: int) -> None:
    order = get_model("order", "Order").objects.get(pk=order_id)
    shopper_order_placed(order=order)


@task()
def cod_confirmation_request_email(order_id: int, url: str) -> None:
    order = get_model("order", "Order").objects.get(pk=order_id)
    cod_confirmation_request_send(order=order, url=url)


@task()
def order_analytics_record(order_id: int) -> None:
    """Oscar's analytics of a placed order (each product's sales counter, the
    buyer's orders), which Oscar records in the order's own transaction, a
    counter row locked per line: here after the commit, through the outbox
    (`CheckoutConfig.ready` unplugs Oscar's receiver)."""
    order = get_model("order", "Order").objects.select_related("user").get(pk=order_id)
    receive_order_placed(sender=None, order=order, user=order.user)
