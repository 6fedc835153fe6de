import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout with a payment method choice and guarded placement."""

    name = "marketplace.checkout"

    def ready(self):
        super().ready()
        self.cod_confirm_view = get_class("checkout.views", "CashOnDeliveryConfirmView")

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
