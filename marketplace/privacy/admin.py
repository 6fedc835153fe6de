from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ErasureRequest
from .services import account_erase


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Sellers' erasure requests wait here; staff erase once the shop is
    closed and its sales settled (its invoices stay, as the law requires)."""

    list_display = ["account_id", "status", "requested_at", "done_at"]
    list_filter = ["status"]
    readonly_fields = ["user", "account_id", "status", "requested_at", "done_at"]
    actions = ["erase_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Erase the accounts now"))
    def erase_now(self, request, queryset):
        done = 0
        for erasure in queryset.filter(status=ErasureRequest.Status.PENDING):
            account_erase(request=erasure)
            done += 1
        self.message_user(
            request, _("%(count)d accounts erased.") % {"count": done}, messages.SUCCESS
        )
