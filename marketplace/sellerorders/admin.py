from django.contrib import admin

from .models import OrderSellerPart


@admin.register(OrderSellerPart)
class OrderSellerPartAdmin(admin.ModelAdmin):
    list_display = ["order", "seller", "status", "lines_total", "shipping_charge"]
    list_filter = ["status"]
    search_fields = ["order__number", "seller__name", "tracking_number"]
    raw_id_fields = ["order", "seller"]
