from django import template

from ..selectors import countries_served

register = template.Library()


@register.inclusion_tag("shipping/partials/ships_to.html", takes_context=True)
def ships_to_box(context, product):
    """The product page's delivery country choice and the place its answer
    goes: the same HTML for every visitor (cached pages stay right); the
    answer for the visitor's own country is fetched by a script."""
    request = context.get("request")
    return {
        "product": product,
        "countries": countries_served(),
        "next": request.get_full_path() if request is not None else "/",
    }
