from django.utils.translation import gettext as _
from oscar.apps.basket.forms import *  # noqa: F403
from oscar.apps.basket.forms import BasketLineForm as OscarBasketLineForm


class BasketLineForm(OscarBasketLineForm):
    """Oscar's basket line, its quantity box labelled with the product: the
    template shows "Quantity" only as a column heading (hidden on phones),
    which a screen reader does not tie to the box (WCAG 1.3.1, 4.1.2)."""

    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        label = _("Quantity")
        if self.instance.id and self.instance.product_id:
            # An attribute holds one language: a title in another language
            # than the page's stays out of it (the line's link names it,
            # marked with its `lang`).
            title = self.instance.product.translated("title")
            if not title.foreign:
                label = _("Quantity of %(product)s") % {"product": title.text}
        self.fields["quantity"].widget.attrs["aria-label"] = label
