"""Oscar's "back in stock" e-mails, run through the outbox after a stock
record's save (`receivers.stockrecord_saved`) instead of inside it: Oscar's
eager alerts (`OSCAR_EAGER_ALERTS`, switched off) query the product's alerts
in every save, an order's allocations included. Each in its recipient's
language (`alerts.py`)."""

from django_tasks import task
from oscar.core.loading import get_model

from .alerts import AlertsDispatcher

Product = get_model("catalogue", "Product")


@task()
def product_alerts_send(product_id: int) -> None:
    product = Product.objects.filter(pk=product_id).first()
    if product is not None:
        AlertsDispatcher().send_product_alert_email_for_user(product)
