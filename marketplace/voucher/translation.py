"""Vouchers' names in three languages (django-modeltranslation).

Oscar's voucher `name` is unique: an empty translation is stored as NULL
(`empty_values`), so many vouchers may lack their Arabic name.
"""

from modeltranslation.translator import TranslationOptions, register
from oscar.core.loading import get_model

Voucher = get_model("voucher", "Voucher")


@register(Voucher)
class VoucherTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = {"name": None}
