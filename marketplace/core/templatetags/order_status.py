"""Order and line statuses in the page's language.

    {% load order_status %}
    {{ order.status|status_label }}
    {% with order=order|with_status_label %}{{ block.super }}{% endwith %}

The stored codes stay English (`marketplace.orders.status`); these only
change what a page shows.
"""

from django import template

from marketplace.orders.status import WithStatusLabel
from marketplace.orders.status import status_label as _status_label

register = template.Library()


@register.filter
def status_label(code) -> str:
    return _status_label(code)


@register.filter
def with_status_label(obj):
    """`obj` as Oscar's page reads it, its status in the page's language."""
    return WithStatusLabel(obj) if obj is not None else obj


@register.filter
def with_status_labels(objects) -> list:
    """Orders or lines as Oscar's list reads them, statuses translated."""
    return [WithStatusLabel(obj) for obj in objects]
