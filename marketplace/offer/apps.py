import oscar.apps.offer.apps as apps


class OfferConfig(apps.OfferConfig):
    """Oscar's offers, forked so that an offer's name and description have a
    column per language (`translation.py`); its migrations are Oscar's, then
    ours."""

    name = "marketplace.offer"
