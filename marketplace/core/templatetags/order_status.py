"""Orders, their lines and addresses in the page's language.

    {% load order_status %}
    {{ order.status|status_label }}
    {% with order=order|for_page %}{{ block.super }}{% endwith %}
    {% with lines=lines|lines_for_page %}{{ block.super }}{% endwith %}
    {% with shipping_address=shipping_address|address_for_page %}…

The stored values stay as they are (English status codes, Oscar's country
rows); these only change what a page shows (`marketplace.checkout.display`).
"""

from django import template

from marketplace.checkout import display
from marketplace.orders.status import status_label as _status_label

register = template.Library()


@register.filter
def status_label(code) -> str:
    return _status_label(code)


@register.filter
def for_page(order):
    """`order` as Oscar's page reads it: status and addresses translated."""
    return display.OrderForPage(order) if order is not None else order


@register.filter
def orders_for_page(orders) -> list:
    return [display.OrderForPage(order) for order in orders]


@register.filter
def lines_for_page(lines) -> list:
    return [display.LineForPage(line) for line in lines]


@register.filter
def address_for_page(address):
    return display.address_for_page(address)


@register.filter
def discounts_for_page(discounts) -> list:
    """A basket's offer or voucher discounts (Oscar's dicts), their offers'
    and vouchers' names in the page's language."""
    return display.basket_discounts_for_page(discounts or [])


@register.filter
def addresses_for_page(addresses) -> list:
    """An address book's addresses, their countries in the page's language."""
    return [display.address_for_page(address) for address in addresses or []]


@register.filter
def offer_for_page(offer):
    """An offer (or voucher) whose name and description print in the page's
    language, else French marked with its `lang`."""
    return display.TranslatedNameForPage(offer) if offer is not None else offer


@register.filter
def offers_for_page(offers) -> list:
    return [display.TranslatedNameForPage(offer) for offer in offers or []]
