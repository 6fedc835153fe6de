"""Oscar's offer applicator, which reads a basket's offers once per request.

Oscar's basket page reads the offers (the site's, the vouchers') when the
basket middleware loads the basket and applies them, then again for its
upsell messages, and again when a change is applied anew: the same rows each
time. They are kept on the basket object, for the request it lives in, and
forgotten when its vouchers change (`receivers`: a voucher added or removed
brings its own offers).
"""

from oscar.apps.offer import applicator


class Applicator(applicator.Applicator):
    def get_offers(self, basket, user=None, request=None):
        key = (getattr(user, "pk", None), id(request))
        kept = getattr(basket, "_offers_read", None)
        if kept is not None and kept[0] == key:
            return list(kept[1])
        offers = super().get_offers(basket, user, request)
        if basket.id:
            basket._offers_read = (key, offers)
        return list(offers)


def forget_offers_read(basket) -> None:
    """The basket's vouchers changed: its offers are read again."""
    basket.__dict__.pop("_offers_read", None)
