import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping, charged per seller (see `methods.PerSellerShipping`)."""

    name = "marketplace.shipping"

    def ready(self):
        super().ready()
        # Notifications name carriers and methods by code: their e-mails read
        # them in the recipient's language (`notifications.names`). Imported
        # here: an AppConfig loads before the models the selectors import.
        from marketplace.notifications.names import name_lookup_register

        from .selectors import carrier_name, shipping_method_name

        name_lookup_register(key="carrier", lookup=lambda code: carrier_name(code=code))
        name_lookup_register(
            key="shipping_method",
            lookup=lambda code: shipping_method_name(code=code),
        )
        # A charge's tables are kept by a version every write to them moves
        # (`charges.shipping_tables`).
        from django.db.models.signals import post_delete, post_save

        from .receivers import shipping_tables_changed

        for model in (
            "Carrier",
            "ShippingZone",
            "CarrierRate",
            "SellerShipping",
            "SellerZoneRate",
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    shipping_tables_changed,
                    sender=f"shipping.{model}",
                    dispatch_uid=f"shipping-tables-{model}-{signal is post_save}",
                )
