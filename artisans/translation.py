"""The regions' and chambers' names in three languages (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Chamber, Craft, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Chamber)
class ChamberTranslation(TranslationOptions):
    fields = ("name",)


@register(Craft)
class CraftTranslation(TranslationOptions):
    fields = ("label",)
