"""Builders for offer tests: a site offer on everything."""

from decimal import Decimal

from oscar.core.loading import get_model

ConditionalOffer = get_model("offer", "ConditionalOffer")
Condition = get_model("offer", "Condition")
Benefit = get_model("offer", "Benefit")
Range = get_model("offer", "Range")


def festival(**fields) -> ConditionalOffer:
    """Ten per cent on everything, from one piece (`fields`: its limits, its
    dates, its name, a voucher's offer instead of the site's)."""
    everything = Range.objects.create(name="Tout", includes_all_products=True)
    fields = {
        "name": "Fête des artisans",
        "offer_type": ConditionalOffer.SITE,
        **fields,
    }
    return ConditionalOffer.objects.create(
        condition=Condition.objects.create(
            range=everything, type=Condition.COUNT, value=1
        ),
        benefit=Benefit.objects.create(
            range=everything, type=Benefit.PERCENTAGE, value=Decimal("10")
        ),
        **fields,
    )
