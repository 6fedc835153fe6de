import oscar.apps.partner.apps as apps
from django.db.models.signals import post_save


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partners and stock, forked for its availability messages
    (`availability.StockRequired`) and its low-stock alerts read once for an
    order's records (`receivers`)."""

    name = "marketplace.partner"

    def ready(self):
        super().ready()
        # Imported here: receivers read models, loaded after app configs.
        from oscar.apps.partner import receivers as core

        from . import receivers

        StockRecord = self.get_model("StockRecord")
        post_save.disconnect(core.update_stock_alerts, sender=StockRecord)
        post_save.connect(
            receivers.update_stock_alerts,
            sender=StockRecord,
            dispatch_uid="partner-stock-alerts",
        )
