from django.contrib import admin

from .models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "date", "mad_per_unit", "source", "updated_at")
    list_filter = ("currency", "source")
    date_hierarchy = "date"
