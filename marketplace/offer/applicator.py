"""Oscar's offer applicator, which reads a basket's offers once per request.

Oscar's basket page reads the offers (the site's, the vouchers') when the
basket middleware loads the basket and applies them, then again for its
upsell messages, and again when a change is applied anew: the same rows each
time. They are kept on the basket object, for the request it lives in, and
forgotten when its vouchers change (`receivers`: a voucher added or removed
brings its own offers). A basket read with no voucher
(`Basket.open`'s `has_vouchers_read`) has none to read.

The site's offers are the same rows for every basket: kept between requests
(`fragment_kept`, `CHECKOUT_KEPT_READS_SECONDS`) by the site-wide version,
which every save of an offer, its condition, benefit or range moves
(marketplace/pagecache), and sorted out by the clock at each request (an
offer starts and ends with no write).
"""

from django.db.models import Q
from django.utils.timezone import now
from oscar.apps.offer import applicator
from oscar.core.loading import get_model

from marketplace.pagecache.pages import fragment_kept, kept_reads_seconds


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

    def get_basket_offers(self, basket, user):
        if getattr(basket, "has_vouchers_read", None) is False:
            # Read with the basket: it holds no voucher. Oscar's order
            # placement asks again (twice): answered without a query too.
            basket._prefetched_objects_cache = {
                **getattr(basket, "_prefetched_objects_cache", {}),
                "vouchers": basket.vouchers.none(),
            }
            return []
        return super().get_basket_offers(basket, user)

    def get_site_offers(self):
        cutoff = now()
        offers = [
            offer
            for offer in fragment_kept(
                "site-offers",
                (),
                tags=(),
                make=_site_offers_not_ended,
                seconds=kept_reads_seconds(),
            )
            if (offer.start_datetime is None or offer.start_datetime <= cutoff)
            and (offer.end_datetime is None or offer.end_datetime >= cutoff)
        ]
        _uses_read(offers)
        return offers


def _uses_read(offers) -> None:
    """The uses of the offers limited in number, read now: an order adds to
    them without moving any version (`ConditionalOffer.record_usage`), and a
    basket may take only what is left."""
    limited = {offer.pk: offer for offer in offers if offer.max_global_applications}
    if not limited:
        return
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    for pk, used in ConditionalOffer.objects.filter(pk__in=limited).values_list(
        "pk", "num_applications"
    ):
        limited[pk].num_applications = used


def _site_offers_not_ended() -> list:
    """The open site offers, started or to come, that have not ended
    (Oscar's `get_site_offers` without the start: the clock sorts them)."""
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    return list(
        ConditionalOffer.objects.filter(
            Q(end_datetime__gte=now()) | Q(end_datetime=None),
            offer_type=ConditionalOffer.SITE,
            status=ConditionalOffer.OPEN,
        ).select_related("condition", "benefit")
    )


def forget_offers_read(basket) -> None:
    """The basket's vouchers changed: its offers (and its vouchers) are read
    again."""
    for name in ("_offers_read", "has_vouchers_read"):
        if hasattr(basket, name):  # also through the request's lazy basket
            delattr(basket, name)
