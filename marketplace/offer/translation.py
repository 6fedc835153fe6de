"""Offers' names and descriptions in three languages (django-modeltranslation).

`name_fr`, `name_ar`, `name_en` (and `description_*`): a shopper reads the
visitor's language, else French, marked with its `lang` where it falls back
(`marketplace.translated.pick`, `marketplace.offer.display`). Oscar's `name`
is unique: an empty translation is stored as NULL (`empty_values`), so many
offers may lack their Arabic name.
"""

from modeltranslation.translator import TranslationOptions, register
from oscar.core.loading import get_model

ConditionalOffer = get_model("offer", "ConditionalOffer")


@register(ConditionalOffer)
class ConditionalOfferTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}
