from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F403

from .models import Material


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
