"""Oscar's availability policies, found first by `get_class("partner.availability",
…)`: what a page says of a product's stock.

In stock or not, never how many units are left: a sale that leaves the
product in stock then changes no page, so it makes no cached page stale
(`marketplace.pagecache.pages.stock_shown_changed`).
"""

from oscar.apps.partner.availability import *  # noqa: F403
from oscar.apps.partner.availability import StockRequired as CoreStockRequired


class StockRequired(CoreStockRequired):
    @property
    def message(self) -> str:
        return self.short_message
