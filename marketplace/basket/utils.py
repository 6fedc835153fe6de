"""Oscar's basket messages, the offer named in the page's language.

Oscar's "Your basket now qualifies for the … offer" and "… no longer
qualifies" print `offer.name`: modeltranslation's column for the page's
language, else its fallback (French), unmarked on an Arabic or English page.
The generator gives its templates the offer with a name that marks itself
(`marketplace.translated.TranslatedNameForPage`: `<span lang="fr" dir="ltr">`
when it falls back), everything else the offer's own.
"""

from oscar.apps.basket import utils as oscar_utils

from marketplace.translated import TranslatedNameForPage


def named_for_page(offers: dict) -> dict:
    return {key: TranslatedNameForPage(offer) for key, offer in offers.items()}


class BasketMessageGenerator(oscar_utils.BasketMessageGenerator):
    def get_offer_lost_messages(self, offers_before, offers_after):
        return super().get_offer_lost_messages(
            named_for_page(offers_before), offers_after
        )

    def get_offer_gained_messages(self, offers_before, offers_after):
        return super().get_offer_gained_messages(
            offers_before, named_for_page(offers_after)
        )
