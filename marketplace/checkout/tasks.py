"""E-mails about orders, run through the outbox (`order_confirmation_enqueue`)."""

from django_tasks import task
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
