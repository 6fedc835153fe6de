"""Vouchers' and voucher sets' names in three languages
(django-modeltranslation).

Oscar's voucher and voucher set `name` are unique: an empty translation is
stored as NULL (`empty_values`), so many may lack their Arabic name.
"""

from modeltranslation.translator import TranslationOptions, register
from oscar.core.loading import get_model

Voucher = get_model("voucher", "Voucher")
VoucherSet = get_model("voucher", "VoucherSet")


@register(Voucher)
class VoucherTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = {"name": None}


@register(VoucherSet)
class VoucherSetTranslation(TranslationOptions):
    # The basket names a set's voucher by its set's name.
    fields = ("name",)
    empty_values = {"name": None}
