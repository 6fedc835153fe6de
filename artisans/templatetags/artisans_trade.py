"""`{% seller_trade seller as trade %}`: the trade a verified badge names, in
the page's language where staff wrote it (`marketplace.translated`)."""

from django import template

from artisans.selectors import seller_trade as trade_of

register = template.Library()


@register.simple_tag
def seller_trade(seller):
    return trade_of(seller=seller)
