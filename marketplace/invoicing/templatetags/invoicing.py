from django import template

from ..selectors import invoices_for_order

register = template.Library()


@register.simple_tag
def order_invoices(order):
    """The invoices and credit notes the shopper of `order` may download."""
    return list(invoices_for_order(order=order))
