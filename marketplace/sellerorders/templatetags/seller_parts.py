from django import template

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
