"""Sellers and the registry in the Django admin: read-only for marketplace
staff. They change only through the services (verification and decisions in
`services`, the registry by `registry_import`), which record who and why; the
staff tools (/<lang>/dashboard/sellers/) suspend and reinstate."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Chamber, Craft, Region, RegistryEntry, Seller, SellerDecision


class StaffReadOnlyMixin:
    """Every marketplace staff member reads; nobody adds, changes or deletes."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SellerDecisionInline(StaffReadOnlyMixin, admin.TabularInline):
    model = SellerDecision
    fields = ["created_at", "status", "source", "decided_by", "reason", "detail"]
    readonly_fields = fields
    extra = 0


@admin.register(Seller)
class SellerAdmin(StaffReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "region", "status", "created_at"]
    list_filter = ["status", "kind", "region"]
    search_fields = ["name", "slug", "registry_id_claimed"]
    inlines = [SellerDecisionInline]


@admin.register(RegistryEntry)
class RegistryEntryAdmin(StaffReadOnlyMixin, admin.ModelAdmin):
    list_display = ["registry_id", "name_latin", "kind", "region_code", "status"]
    list_filter = ["status", "kind", "region_code"]
    search_fields = ["registry_id", "name_latin", "name_arabic"]


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    """The regions' names in three languages, edited by marketplace staff;
    their codes (the registry's) and addresses (slugs) stay."""

    list_display = ["code", "name_fr", "name_ar", "name_en"]
    readonly_fields = ["code", "slug"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Chamber)
class ChamberAdmin(TranslationAdmin):
    list_display = ["name_fr", "name_ar", "name_en"]
    fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Craft)
class CraftAdmin(TranslationAdmin):
    """The registry's trades, named in three languages on the verified badge."""

    list_display = ["code", "label_fr", "label_ar", "label_en"]
    search_fields = ["code", "label_fr", "label_ar", "label_en"]
