from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from oscar.apps.shipping.admin import *  # noqa: F403

from .models import Carrier, CarrierRate, SellerShipping, SellerZoneRate, ShippingZone


class CarrierRateInline(admin.TabularInline):
    model = CarrierRate
    extra = 1


@admin.register(Carrier)
class CarrierAdmin(TranslationAdmin):
    list_display = ["name", "code", "tracking_url", "is_own_courier", "is_active"]
    list_editable = ["is_active"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [CarrierRateInline]


@admin.register(ShippingZone)
class ShippingZoneAdmin(TranslationAdmin):
    list_display = ["name", "code", "countries", "is_domestic", "position"]
    prepopulated_fields = {"code": ["name"]}


class SellerZoneRateInline(admin.TabularInline):
    model = SellerZoneRate
    fk_name = "seller"
    extra = 0


@admin.register(SellerShipping)
class SellerShippingAdmin(admin.ModelAdmin):
    list_display = ["seller", "carrier", "countries_abroad", "updated_at"]
    list_select_related = ["seller", "carrier"]
    raw_id_fields = ["seller"]
