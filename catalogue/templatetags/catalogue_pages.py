from django import template

from marketplace.pagecache.pages import pages_version as _pages_version
from marketplace.pagecache.pages import seconds_kept

register = template.Library()


@register.simple_tag
def pages_version():
    """For `{% cache %}` keys: moves whenever the shop's public pages change."""
    return _pages_version()


@register.simple_tag
def pages_seconds():
    """For `{% cache %}` lifetimes: as long as a whole page is kept (0: never)."""
    return seconds_kept()
