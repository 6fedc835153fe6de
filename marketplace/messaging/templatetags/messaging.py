from datetime import timedelta

from django import template
from django.utils.translation import ngettext

from ..selectors import (
    seller_response_figures,
    seller_response_figures_public,
)

register = template.Library()


@register.simple_tag
def shop_response_figures(seller):
    """The shop's response figures (one query)."""
    return seller_response_figures(seller=seller)


@register.simple_tag
def shop_response_figures_public(seller):
    """The figures a storefront shows (kept an hour in the cache)."""
    return seller_response_figures_public(seller=seller)


@register.filter
def response_delay(delay: timedelta) -> str:
    """A first-response time as a person says it: minutes, hours or days."""
    minutes = int(delay.total_seconds() // 60)
    if minutes < 60:
        minutes = max(minutes, 1)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
