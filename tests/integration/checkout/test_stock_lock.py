"""The check made under lock when the order is placed."""

import pytest
from django.db import transaction
from django.utils import translation
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from marketplace.checkout.services import OutOfStock, basket_stock_lock
from tests.integration.checkout.shop import make_product, make_seller

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def _basket(*items):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def test_stock_taken_meanwhile_is_refused_with_the_products_named():
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=2, title="Lanterne")
    tray = make_product(seller, price="90.00", stock=5, title="Plateau")
    basket = _basket((lamp, 2), (tray, 1))
    # Another order took one lamp after this basket was filled.
    StockRecord.objects.filter(product=lamp).update(num_allocated=1)

    with translation.override("en"):
        with pytest.raises(OutOfStock, match="Lanterne just sold out"):
            with transaction.atomic():
                basket_stock_lock(basket=basket)


def test_enough_stock_passes_the_check():
    seller = make_seller("Cuivre Fès")
    lamp = make_product(seller, price="400.00", stock=2)
    basket = _basket((lamp, 2))

    with transaction.atomic():
        basket_stock_lock(basket=basket)
