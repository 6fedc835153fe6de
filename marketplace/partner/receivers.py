"""Oscar's low-stock alerts (`oscar.apps.partner.receivers.update_stock_alerts`,
a read of the record's open alert at each save), answered without that read
when whoever saved the record read its open alert already: an order's
allocation reads those of all its records at once
(`marketplace.order.utils.basket_stock_allocate`)."""

from oscar.apps.partner.receivers import update_stock_alerts as core_update_alerts
from oscar.core.loading import get_model

StockAlert = get_model("partner", "StockAlert")

_UNKNOWN = object()


def stock_alert_known(*, record, alert) -> None:
    """`record`'s open low-stock alert (None: it has none) is `alert`: its
    next `post_save` need not read it."""
    record._open_stock_alert = alert


def update_stock_alerts(sender, instance, created, **kwargs):
    """Open an alert when the record falls below its threshold, close it when
    it is above again, as Oscar's receiver does."""
    alert = instance.__dict__.pop("_open_stock_alert", _UNKNOWN)
    if alert is _UNKNOWN:
        core_update_alerts(sender, instance, created, **kwargs)
        return
    if created or kwargs.get("raw", False):
        return
    if instance.is_below_threshold and alert is None:
        StockAlert.objects.create(
            stockrecord=instance, threshold=instance.low_stock_threshold
        )
    elif not instance.is_below_threshold and alert is not None:
        alert.close()
