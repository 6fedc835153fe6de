from oscar.apps.basket.abstract_models import AbstractLine

from marketplace.translated import marked_as, pick


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
