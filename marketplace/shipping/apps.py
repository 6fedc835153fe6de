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
