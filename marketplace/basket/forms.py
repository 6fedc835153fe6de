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
            label = _("Quantity of %(product)s") % {
                "product": self.instance.product.get_title()
            }
        self.fields["quantity"].widget.attrs["aria-label"] = label
