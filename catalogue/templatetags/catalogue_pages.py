from django import template

from catalogue.selectors import product_detail_read
from marketplace.pagecache.pages import (
    fragment_seconds,
    product_tag,
    seconds_kept,
    seller_tag,
)
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


@register.simple_tag
def product_page_shows(product) -> list[str]:
    """What a product page's kept parts print that the view read first: the
    product and its seller (`{% keptpart … shows=… %}`)."""
    tags = [product_tag(product.pk)]
    if product.seller_id:
        tags.append(seller_tag(product.seller_id))
    return tags


@register.simple_tag
def product_detail(product):
    """The product with all its page prints (photos, stock records,
    materials, attribute values), for a part rendered afresh: the view reads
    only what it needs (`catalogue.selectors.product_page_queryset`), the
    first part rendered reads the rest onto the same product, once."""
    return product_detail_read(product)
