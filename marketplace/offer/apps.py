import oscar.apps.offer.apps as apps
from django.db.models.signals import m2m_changed
from oscar.core.loading import get_model


class OfferConfig(apps.OfferConfig):
    """Oscar's offers, forked so that an offer's name and description have a
    column per language (`translation.py`); its migrations are Oscar's, then
    ours."""

    name = "marketplace.offer"

    def ready(self):
        super().ready()
        # Imported here: the applicator loads Oscar's classes, after the apps.
        from .receivers import basket_vouchers_changed

        Basket = get_model("basket", "Basket")
        m2m_changed.connect(
            basket_vouchers_changed,
            sender=Basket.vouchers.through,
            dispatch_uid="offer-basket-vouchers-changed",
        )
