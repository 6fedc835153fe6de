from django import template

from catalogue.selectors import product_category_trail, product_detail_read
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


# Where Oscar's basket keeps a refused "add to basket" form for the product
# page to show again with its errors (`BasketAddView.form_invalid`).
BASKET_FORM_KEPT_KEY = "add_to_basket_form_post_data_%s"


@register.simple_tag
def product_body_shared(request, product) -> bool:
    """Whether this visitor's product page body is the one every anonymous
    visitor gets (kept between renderings): not signed in, and no refused
    "add to basket" form of theirs waiting in their session for this page.
    A basket does not matter: the body never shows it (the header does,
    outside the kept parts). Reading a session that has no cookie costs no
    query."""
    if request.user.is_authenticated:
        return False
    return BASKET_FORM_KEPT_KEY % product.pk not in request.session


@register.simple_tag
def product_detail(product):
    """The product with all its page prints (photos, stock records,
    materials, attribute values), for a part rendered afresh: the view reads
    only what it needs (`catalogue.selectors.product_page_queryset`), the
    first part rendered reads the rest onto the same product, once."""
    return product_detail_read(product)


@register.simple_tag
def product_crumbs(product) -> list:
    """The crafts of the product's breadcrumbs, root first."""
    return product_category_trail(product)
