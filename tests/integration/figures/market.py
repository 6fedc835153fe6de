"""A small marketplace whose figures the tests know exactly.

Sales are dated in November 2026 (and one in June): tests read them with
`today=TODAY` or under `freeze_time(NOW)`.
"""

from datetime import date

from oscar.core.loading import get_model

from artisans.models import Seller
from marketplace.figures.models import ProductViewDay
from marketplace.orders.status import STATUS_AWAITING_CONFIRMATION
from marketplace.sellerorders.models import OrderSellerPart
from tests.factories import RegistryEntryFactory
from tests.integration.cms import factories as cms

from .sales import at, sale

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

TODAY = date(2026, 11, 30)
NOW = "2026-11-30 15:00:00+01:00"


def _craft(name: str, *, parent=None):
    if parent is None:
        return Category.add_root(name=name, slug=name.lower())
    return parent.add_child(name=name, slug=f"{parent.slug}-{name.lower()}")


def _in_craft(product, category):
    ProductCategory.objects.create(product=product, category=category)
    return product


def market_build(tree) -> dict:
    """Two regions' shops, their crafts, sales and folded views.

    Region 07: shop A (verified, province Al Haouz) with a rug (Tapis >
    Berbère) and a plate (Poterie); shop C (pending) with nothing. Region 01:
    shop B with a rug.
    """
    tapis = _craft("Tapis")
    berbere = _craft("Berbere", parent=tapis)
    poterie = _craft("Poterie")
    shop_a = cms.seller(region_obj=tree.region_a)
    shop_a.registry_entry = RegistryEntryFactory(province="Al Haouz")
    shop_a.save()
    cms.seller(region_obj=tree.region_a, status=Seller.Status.PENDING)
    shop_b = cms.seller(region_obj=tree.region_b)
    rug = _in_craft(cms.product(seller_obj=shop_a, title="Tapis Azilal"), berbere)
    plate = _in_craft(cms.product(seller_obj=shop_a, title="Plat de Safi"), poterie)
    rug_b = _in_craft(cms.product(seller_obj=shop_b, title="Tapis du Rif"), tapis)

    # Shop A: 200 today (and shop B 50 in the same order), 300 two days
    # ago, 100 ten days ago, 500 in June; an unconfirmed order and a
    # cancelled part, which are not sales.
    sale([(rug, 2, "100.00"), (rug_b, 1, "50.00")], placed_at=at("2026-11-30"))
    sale([(plate, 1, "300.00")], placed_at=at("2026-11-28"))
    sale([(rug, 1, "100.00")], placed_at=at("2026-11-20"))
    sale([(plate, 2, "250.00")], placed_at=at("2026-06-15"))
    sale(
        [(rug, 5, "100.00")],
        placed_at=at("2026-11-29"),
        status=STATUS_AWAITING_CONFIRMATION,
    )
    sale(
        [(plate, 1, "300.00")],
        placed_at=at("2026-11-29"),
        part_status=OrderSellerPart.Status.CANCELLED,
    )
    for product, day, views, visitors in (
        (rug, date(2026, 11, 30), 40, 30),
        (plate, date(2026, 11, 28), 10, 8),
        (rug, date(2026, 11, 10), 50, 45),
        (rug_b, date(2026, 11, 30), 1000, 900),
    ):
        ProductViewDay.objects.create(
            product=product, day=day, views=views, visitors=visitors
        )
    return {
        "tree": tree,
        "a": shop_a,
        "b": shop_b,
        "rug": rug,
        "plate": plate,
        "rug_b": rug_b,
        "crafts": {"tapis": tapis, "poterie": poterie},
    }
