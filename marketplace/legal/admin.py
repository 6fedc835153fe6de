from django.contrib import admin

from .models import Acceptance, PublishedDocument


@admin.register(PublishedDocument)
class PublishedDocumentAdmin(admin.ModelAdmin):
    """Read only: a text's version changes when its CMS page is published."""

    list_display = ["kind", "language", "version", "published_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Acceptance)
class AcceptanceAdmin(admin.ModelAdmin):
    """Evidence: read only."""

    list_display = ["accepted_at", "context", "reference", "kind", "version"]
    list_filter = ["context", "kind"]
    search_fields = ["reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
