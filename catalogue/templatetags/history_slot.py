"""Oscar's `history_tags`, with its "recently viewed" block an empty slot.

The product page (Oscar's `catalogue/detail.html`, whose content block calls
`{% recently_viewed_products %}`) is kept for every anonymous shopper, so its
block is only a slot (`oscar/customer/history/recently_viewed_products.html`)
filled after load by `catalogue/recently-viewed.js` from the requester's own
history (`catalogue.views.RecentlyViewedView`). Oscar's tag read the
requester's history products first, for a template that never shows them: a
query at each rendering of a product page. Registered under Oscar's name in
the template engine's `libraries` (settings), so every `{% load
history_tags %}` gets this one; Oscar's other tag is its own.
"""

from django import template
from oscar.templatetags.history_tags import get_back_button

register = template.Library()
register.simple_tag(takes_context=True)(get_back_button)


@register.inclusion_tag(
    "oscar/customer/history/recently_viewed_products.html", takes_context=True
)
def recently_viewed_products(context, current_product=None):
    """The slot the page's script fills: the requester's history is read by
    `catalogue:recently-viewed`, after load, never here."""
    return {"request": context["request"]}
