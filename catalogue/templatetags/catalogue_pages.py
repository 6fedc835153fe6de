from django import template

from marketplace.pagecache.pages import fragment_seconds, seconds_kept
from marketplace.pagecache.pages import pages_version as _pages_version

register = template.Library()


@register.simple_tag
def pages_version():
    """For `{% cache %}` keys: moves whenever the shop's public pages change."""
    return _pages_version()


@register.simple_tag
def pages_seconds():
    """For `{% cache %}` lifetimes: as long as a whole page is kept (0: never)."""
    return seconds_kept()


@register.simple_tag
def fragments_seconds():
    """For `{% cache %}` lifetimes of a page's parts (the crafts menu): kept
    between renderings even when whole pages are not; 0 (never) only when
    both fragments and whole pages are off."""
    return max(fragment_seconds(), seconds_kept())
