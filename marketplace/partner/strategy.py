"""Oscar's default strategy, which prices a basket line from the stock record
the line holds.

Oscar's `fetch_for_line` ignores the line's own stock record and selects the
product's again: one query per line each time a line's price or availability
is asked (the basket's totals, the shipping split per seller, the basket
template's `purchase_info_for_line`). The line's record is read with the line
(`Basket.all_lines` selects it), and it is the one the line was added with.
"""

from oscar.apps.partner import strategy


class Default(strategy.Default):
    def fetch_for_line(self, line, stockrecord=None):
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector(strategy.Selector):
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
