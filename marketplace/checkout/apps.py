import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout with a payment method choice and guarded placement."""

    name = "marketplace.checkout"

    def ready(self):
        super().ready()
        # Oscar's analytics of a placed order wait for its commit, through the
        # outbox (checkout.tasks.order_analytics_record): its counters are
        # updated row by row, locks held until the order commits. Imported
        # first so that its receivers are connected, then unplugged.
        from oscar.apps.analytics import receivers as analytics
        from oscar.apps.order.signals import order_placed

        order_placed.disconnect(analytics.receive_order_placed)
        self.cod_confirm_view = get_class("checkout.views", "CashOnDeliveryConfirmView")
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

    def get_urls(self):
        # The confirmation link is opened from an e-mail, signed in or not:
        # it stays outside Oscar's checkout decorators.
        return super().get_urls() + [
            path(
                "cod/<str:number>/<str:signature>/",
                self.cod_confirm_view.as_view(),
                name="cod-confirm",
            )
        ]
