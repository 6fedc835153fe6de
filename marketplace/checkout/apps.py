import oscar.apps.checkout.apps as apps


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout with a payment method choice and guarded placement."""

    name = "marketplace.checkout"

    def ready(self):
        super().ready()
        # The admin imports every app's admin module before this runs (it is
        # listed first), Oscar's order admin included: only now can ours
        # replace it. Imported here because admin modules load after models.
        from django.contrib import admin
        from oscar.core.loading import get_model

        from .admin import OrderAdmin

        order = get_model("order", "Order")
        if admin.site.is_registered(order):
            admin.site.unregister(order)
        admin.site.register(order, OrderAdmin)
