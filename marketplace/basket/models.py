from oscar.apps.basket.abstract_models import AbstractBasket, AbstractLine

from marketplace.translated import marked_as, pick


class Basket(AbstractBasket):
    """Oscar's basket, whose lines are read with their product's class: its
    shipping and availability ask it of every line (one query a line)."""

    def all_lines(self):
        if self.id is not None and self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product", "product__product_class", "stockrecord"
                )
                .prefetch_related("attributes", "product__images")
                .order_by(self._meta.pk.name)
            )
        return super().all_lines()


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
