from django import template

from ..selectors import seller_refusal_rate

register = template.Library()


@register.simple_tag
def order_seller_parts(order):
    """The order's parts, one per seller, each with its own lines: the
    order's lines read once (or taken from the page's prefetch of them),
    however many sellers."""
    parts = list(
        order.seller_parts.select_related("seller", "shipping_carrier").order_by(
            "seller__name"
        )
    )
    if "lines" in getattr(order, "_prefetched_objects_cache", {}):
        lines = list(order.lines.all())
    else:
        # With their products: a line names its product in the reader's
        # language.
        lines = list(order.lines.select_related("product__parent").order_by("pk"))
    for part in parts:
        part.lines_list = [
            line for line in lines if line.partner_id == part.seller.partner_id
        ]
    return parts


@register.inclusion_tag("sellerorders/partials/refusal_rate.html")
def shop_refusal_rate(seller):
    """The shop's parcels refused at the door (seller's home, staff's view)."""
    return {"rate": seller_refusal_rate(seller=seller)}
