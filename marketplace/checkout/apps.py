import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout with a payment method choice and guarded placement."""

    name = "marketplace.checkout"
