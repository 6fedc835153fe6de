from oscar.apps.offer.abstract_models import (
    AbstractBenefit,
    AbstractCondition,
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
