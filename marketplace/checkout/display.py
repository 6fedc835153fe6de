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

from django.utils.functional import cached_property
from oscar.core.loading import get_model

# Addresses whose country reads in the page's language (the address app's,
# for the rooms below checkout too: the seller's e-mails).
from marketplace.address.display import AddressForPage, address_for_page  # noqa: F401
from marketplace.orders.status import status_label

# The method's name by the code an order stores (shipping's own list).
from marketplace.shipping.selectors import shipping_method_name
from marketplace.translated import (  # noqa: F401 (TranslatedNameForPage: re-exported)
    TranslatedNameForPage,
    marked,
    marked_as,
    pick,
)

ConditionalOffer = get_model("offer", "ConditionalOffer")
OrderDiscount = get_model("order", "OrderDiscount")


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
    def lines(self):
        return LinesForPage(self._order.lines)

    @property
    def shipping_address(self):
        return address_for_page(self._order.shipping_address)

    @cached_property
    def _discounts(self) -> list:
        # Oscar's order reads its discounts again for each kind (a query
        # each: basket, shipping twice, post-order); here once, or not at
        # all when prefetched (the confirmation page).
        return list(self._order.discounts.all())

    def _discounts_of(self, category: str):
        return discounts_for_page(d for d in self._discounts if d.category == category)

    @property
    def basket_discounts(self):
        return self._discounts_of(OrderDiscount.BASKET)

    @property
    def shipping_discounts(self):
        return self._discounts_of(OrderDiscount.SHIPPING)

    @property
    def has_shipping_discounts(self) -> bool:
        return any(d.category == OrderDiscount.SHIPPING for d in self._discounts)

    @property
    def post_order_actions(self):
        return self._discounts_of(OrderDiscount.DEFERRED)

    @property
    def discounts(self):
        return discounts_for_page(self._discounts)

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

    @property
    def description(self) -> str:
        """Oscar's description (the title the order stored, in the checkout's
        language, then the options) with the product's title in the page's
        language, marked when that falls back to another."""
        stored = self._line.description
        product = self._line.product
        if product is None or not stored.startswith(self._line.title):
            return stored
        title = product.translated("title")
        if not title:
            return stored
        return marked_as(title.text + stored[len(self._line.title) :], title)


class LinesForPage:
    """An order's lines (`order.lines.all` in Oscar's templates), each read
    as `LineForPage`; anything else is the manager's own (`count`)."""

    def __init__(self, manager) -> None:
        self._manager = manager

    def __getattr__(self, name: str):
        return getattr(self._manager, name)

    def all(self) -> list:
        return [LineForPage(line) for line in self._manager.all()]


# --- Offers and vouchers --------------------------------------------------------
#
# Offers' and vouchers' names have a column per language (marketplace/offer and
# marketplace/voucher `translation.py`). Oscar's templates print `discount.name`
# (the basket's applications), `discount.voucher.name`, `discount.offer_name`
# (an order's discount stores the name in the checkout's language) and
# `discount.offer`: these print the name in the page's language, else French,
# in a `<span lang dir>` when it falls back (`marketplace.translated.marked`).


def offer_name(offer, *, stored: str = "") -> str:
    """An offer's name as a page prints it (markup when in another language);
    `stored` when the offer is gone (an order keeps its discount's name)."""
    if offer is None:
        return stored
    return marked(pick(offer, "name")) or stored


def basket_discounts_for_page(discounts) -> list[dict]:
    """The basket's offer applications (dicts), their names in the page's
    language."""
    shown = []
    for discount in discounts:
        discount = dict(discount)
        offer = discount.get("offer")
        if offer is not None:
            discount["offer"] = TranslatedNameForPage(offer)
            discount["name"] = offer_name(offer, stored=discount.get("name", ""))
            discount["description"] = marked(pick(offer, "description"))
        if discount.get("voucher") is not None:
            discount["voucher"] = TranslatedNameForPage(discount["voucher"])
        shown.append(discount)
    return shown


class DiscountForPage:
    """An order's discount whose offer's name reads in the page's language."""

    def __init__(self, discount, offer) -> None:
        self._discount = discount
        self._offer = offer

    def __getattr__(self, name: str):
        return getattr(self._discount, name)

    @property
    def offer_name(self) -> str:
        return offer_name(self._offer, stored=self._discount.offer_name)

    @property
    def offer_name_text(self) -> str:
        """The name as plain text (a plain-text e-mail): no markup."""
        if self._offer is None:
            return self._discount.offer_name
        return pick(self._offer, "name").text or self._discount.offer_name

    @property
    def offer(self):
        return TranslatedNameForPage(self._offer) if self._offer else None

    def description(self) -> str:
        return self._discount.voucher_code or self.offer_name


class DiscountsForPage(list):
    """A list Oscar's templates may also read as a manager (`discounts.all`)."""

    def all(self):
        return self


def discounts_for_page(discounts) -> DiscountsForPage:
    """An order's discounts, their offers read in one query."""
    discounts = list(discounts)
    ids = {discount.offer_id for discount in discounts if discount.offer_id}
    offers = ConditionalOffer.objects.in_bulk(ids) if ids else {}
    return DiscountsForPage(
        DiscountForPage(discount, offers.get(discount.offer_id))
        for discount in discounts
    )
