"""An order and its addresses as a page in the visitor's language shows them.

Oscar's templates print `{{ order.status }}` (our English code), the order's
`shipping_method` (the method's name in the language of the page the order was
placed on) and an address's `active_address_fields` (its country's
`printable_name`, one stored name, French in the demo). Where the smallest
block showing them is most of Oscar's page, the project's override renders
Oscar's block with these in place of the order or the address
(`{% with order=order|for_page %}`) rather than copying the block. They
change what is shown, never the objects: every other attribute is the
object's own.
"""

from oscar.apps.shipping.methods import Free, NoShippingRequired

from marketplace.orders.status import status_label
from marketplace.shipping.methods import PerSellerShipping
from marketplace.translated import country_name

#: The shipping methods' names by the code an order stores.
SHIPPING_METHOD_NAMES = {
    method.code: method.name for method in (PerSellerShipping, Free, NoShippingRequired)
}


def shipping_method_name(*, code: str, stored: str) -> str:
    """The method's name in the active language; the stored name if unknown."""
    name = SHIPPING_METHOD_NAMES.get(code)
    return str(name) if name else stored


class AddressForPage:
    """An address whose country reads in the active language (Babel's names)."""

    def __init__(self, address) -> None:
        self._address = address

    def __getattr__(self, name: str):
        return getattr(self._address, name)

    def __str__(self) -> str:
        return self.summary

    def __bool__(self) -> bool:
        return bool(self._address)

    def country_name(self) -> str:
        code = getattr(self._address, "country_id", None)
        return country_name(code) if code else ""

    def active_address_fields(self) -> list[str]:
        fields = list(self._address.active_address_fields())
        code = getattr(self._address, "country_id", None)
        if not code:
            return fields
        stored = (self._address.country.printable_name or "").strip()
        # The country is the last of Oscar's address fields.
        if fields and fields[-1] == stored:
            fields[-1] = self.country_name()
        return fields

    @property
    def summary(self) -> str:
        return ", ".join(self.active_address_fields())


def address_for_page(address):
    return AddressForPage(address) if address else address


class OrderForPage:
    """An order whose status and addresses read in the active language."""

    def __init__(self, order) -> None:
        self._order = order

    def __getattr__(self, name: str):
        return getattr(self._order, name)

    def __str__(self) -> str:
        return str(self._order)

    @property
    def status(self) -> str:
        return status_label(self._order.status)

    @property
    def shipping_method(self) -> str:
        return shipping_method_name(
            code=self._order.shipping_code, stored=self._order.shipping_method
        )

    @property
    def shipping_address(self):
        return address_for_page(self._order.shipping_address)

    @property
    def billing_address(self):
        return address_for_page(self._order.billing_address)


class LineForPage:
    """An order line whose status reads in the active language."""

    def __init__(self, line) -> None:
        self._line = line

    def __getattr__(self, name: str):
        return getattr(self._line, name)

    def __str__(self) -> str:
        return str(self._line)

    @property
    def status(self) -> str:
        return status_label(self._line.status)
