from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from oscar.apps.voucher import admin as oscar_admin
from oscar.apps.voucher.admin import *  # noqa: F403

from .models import Voucher

# Oscar's admin page, the name in the three languages (django-modeltranslation's
# admin class before Oscar's own).
admin.site.unregister(Voucher)


@admin.register(Voucher)
class VoucherAdmin(TranslationAdmin, oscar_admin.VoucherAdmin):
    pass
