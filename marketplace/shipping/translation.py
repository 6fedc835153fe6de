"""Carriers' and zones' names in three languages (django-modeltranslation).

`carrier.name` and `zone.name` read in the active language, else French (the
settings' fallback languages); the admin shows the three fields.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Carrier, ShippingZone


@register(Carrier)
class CarrierTranslation(TranslationOptions):
    fields = ("name",)


@register(ShippingZone)
class ShippingZoneTranslation(TranslationOptions):
    fields = ("name",)
