"""A shop's refund and dispute rates, for pages of rooms below this one (the
seller's dashboard): a template tag, so they need not import returns."""

from django import template

from ..selectors import seller_return_rates

register = template.Library()


@register.inclusion_tag("returns/partials/rates_box.html")
def shop_return_rates(seller, link=True):
    """`link`: to the shop's own returns page (the seller's dashboard only)."""
    return {"rates": seller_return_rates(seller=seller), "link": link}
