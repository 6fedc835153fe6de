"""`{% shop_figures seller %}`: the last seven days at a glance, for the
seller dashboard's home (a template tag, so that the dashboard, a commerce
room, needs no import of the figures above it)."""

from django import template

from ..selectors import PERIODS, seller_figures

register = template.Library()


@register.inclusion_tag("figures/partials/shop_summary.html")
def shop_figures(seller):
    return {"figures": seller_figures(seller=seller, period=PERIODS["7d"])}
