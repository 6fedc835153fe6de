"""E-mails about sellers' parts, run through the outbox.

Sellers and shoppers are now told through `notifications.notify`; these tasks
stay for the messages queued before, which name them."""

from django_tasks import task

from . import notifications
from .models import OrderSellerPart


def _part(part_id: int) -> OrderSellerPart:
    return OrderSellerPart.objects.select_related("order", "seller__owner").get(
        pk=part_id
    )


@task()
def seller_order_placed_email(part_id: int) -> None:
    """Messages queued before sellers were told through `notify` name it."""
    notifications.seller_order_placed(part=_part(part_id))


@task()
def part_shipped_email(part_id: int) -> None:
    notifications.shopper_part_shipped(part=_part(part_id))


@task()
def part_delivered_email(part_id: int) -> None:
    notifications.shopper_part_delivered(part=_part(part_id))
