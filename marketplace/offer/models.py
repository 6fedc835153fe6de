from django.db.models import F
from oscar.apps.offer.abstract_models import (
    AbstractBenefit,
    AbstractCondition,
    AbstractConditionalOffer,
    AbstractRange,
)


class KeptProxyMixin:
    """Oscar's `proxy()` (the condition's or benefit's class for its type),
    made once per instance while its fields stay the same: Oscar makes a new
    one each time it is asked, several times for each offer on a basket page,
    and each read its range again, and the range its products. The proxy
    keeps the range it read: asked again, the range answers from what it
    read (`Range.contains_product`)."""

    def proxy(self):
        fields = tuple(
            (name, value)
            for name, value in sorted(self.__dict__.items())
            if not name.startswith("_")
        )
        kept = self.__dict__.get("_proxy_kept")
        if kept is not None and kept[0] == fields:
            return kept[1]
        made = super().proxy()
        if made is not self:
            self.__dict__["_proxy_kept"] = (fields, made)
        return made


class ConditionalOffer(AbstractConditionalOffer):
    """Oscar's offer, whose use by an order is counted in the database.

    Oscar's `record_usage` adds to the counts it read when the basket was
    priced and saves the whole row: two orders placed at once each wrote
    their own sum, and one was lost (an offer limited to 100 uses could be
    used more). Each save also told every cached page that the offer had
    changed, though no page shows these counts: the whole page cache was
    thrown away at every order an offer applied to. Here the counts are
    added by the database, and the row is saved, with its signals, only
    when the offer's status changes (its limits reached: Oscar's `save()`
    marks it consumed), which changes the prices pages show.
    """

    USAGE_FIELDS = ("num_applications", "total_discount", "num_orders")

    def record_usage(self, discount):
        type(self).objects.filter(pk=self.pk).update(
            num_applications=F("num_applications") + discount["freq"],
            total_discount=F("total_discount") + discount["discount"],
            num_orders=F("num_orders") + 1,
        )
        self.refresh_from_db(fields=[*self.USAGE_FIELDS, "status"])
        if not self.is_suspended:
            was = self.status
            self.status = (
                self.CONSUMED if self.get_max_applications() == 0 else self.OPEN
            )
            if self.status != was:
                self.save(update_fields=["status"])

    record_usage.alters_data = True


class Condition(KeptProxyMixin, AbstractCondition):
    pass


class Benefit(KeptProxyMixin, AbstractBenefit):
    pass


class Range(AbstractRange):
    """Oscar's range, which answers "is this product in it?" once per product
    for as long as the instance lives (a request: the applicator keeps its
    offers for the request, `applicator.py`). The basket page asked it for
    each line when applying the offers, then again for the upsell messages:
    a query each time."""

    def contains_product(self, product):
        answers = self.__dict__.setdefault("_contains_answers", {})
        key = product.pk
        if key is None:
            return super().contains_product(product)
        if key not in answers:
            answers[key] = super().contains_product(product)
        return answers[key]

    def invalidate_cached_queryset(self):
        self.__dict__.pop("_contains_answers", None)
        super().invalidate_cached_queryset()


from oscar.apps.offer.models import *  # noqa: E402, F403
