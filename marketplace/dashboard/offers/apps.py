from oscar.apps.dashboard.offers import apps


class OffersDashboardConfig(apps.OffersDashboardConfig):
    """Oscar's offers dashboard, forked for its forms: an offer's name and
    description in three languages."""

    name = "marketplace.dashboard.offers"
