from django.db import models
from django.db.models import Exists, OuterRef
from oscar.apps.basket import managers
from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from marketplace.translated import marked_as, pick


class VouchersKnown:
    """A basket manager's rows, each read with whether it holds a voucher
    (`has_vouchers_read`): most hold none, and the offers' applicator then
    skips reading them (marketplace/offer/applicator.py)."""

    def get_queryset(self):
        held = self.model.vouchers.through.objects.filter(basket_id=OuterRef("pk"))
        return super().get_queryset().annotate(has_vouchers_read=Exists(held))


class BasketManager(VouchersKnown, models.Manager):
    """Oscar's middleware reads the visitor's basket through `objects`."""


class OpenBasketManager(VouchersKnown, managers.OpenBasketManager):
    pass


class Basket(AbstractBasket):
    """Oscar's basket, whose lines are read with their product's class (its
    shipping and availability ask it of every line: one query a line) and
    their stock record's partner and seller (every request that prices the
    basket splits it by seller, and placing the order names each line's
    partner): one query, not three."""

    objects = BasketManager()
    open = OpenBasketManager()

    def all_lines(self):
        if self.id is not None and self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product",
                    "product__product_class",
                    "stockrecord__partner__seller",
                )
                .prefetch_related("attributes", "product__images")
                .order_by(self._meta.pk.name)
            )
        return super().all_lines()

    @property
    def num_lines(self):
        # Oscar counts them in a query of its own (twice after an add: the
        # basket's emptiness, then its total); whoever asks reads the lines
        # next (the totals, the messages, the offers): read them once.
        return len(self.all_lines())


class Line(AbstractLine):
    """Oscar's basket line, its description marked with its language where
    the product's title is not in the page's (an Arabic page showing a French
    title: `<span lang="fr" dir="ltr">`): Oscar's basket, mini basket and
    checkout templates print it as it is, in markup without a block to
    override (marketplace.translated.Marked)."""

    @property
    def description(self) -> str:
        return marked_as(super().description, pick(self.product, "title"))


from oscar.apps.basket.models import *  # noqa: E402, F403
