import oscar.apps.shipping.apps as apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping, charged per seller (see `methods.PerSellerShipping`)."""

    name = "marketplace.shipping"
