from django import template

from ..selectors import seller_refusal_rate

register = template.Library()


@register.simple_tag
def order_seller_parts(order):
    """The order's parts, one per seller, each with its own lines."""
    parts = list(
        order.seller_parts.select_related("seller", "shipping_carrier").order_by(
            "seller__name"
        )
    )
    for part in parts:
        part.lines_list = list(part.get_lines())
    return parts


@register.inclusion_tag("sellerorders/partials/refusal_rate.html")
def shop_refusal_rate(seller):
    """The shop's parcels refused at the door (seller's home, staff's view)."""
    return {"rate": seller_refusal_rate(seller=seller)}
