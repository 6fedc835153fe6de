"""Staff read reported conversations here: each report with the whole
conversation beside it (messages read only, photos through the guarded view).
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Conversation, ConversationReport, Message, SellerBlock


class MessageInline(admin.TabularInline):
    model = Message
    fields = ["created_at", "side", "body", "photo_link", "read_at", "edited_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["created_at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def photo_link(self, message):
        if not message.photo:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("messaging:photo", kwargs={"pk": message.pk}),
            _("photo"),
        )


class ReportInline(admin.TabularInline):
    model = ConversationReport
    fields = ["created_at", "side", "reason", "resolved_at"]
    readonly_fields = ["created_at", "side", "reason"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "seller", "kind", "started_at", "last_message_at"]
    list_filter = ["kind"]
    search_fields = ["seller__name", "subject"]
    raw_id_fields = ["seller", "shopper", "product", "order_part"]
    readonly_fields = ["started_at", "last_message_at", "first_response_at"]
    inlines = [ReportInline, MessageInline]


class OpenFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("1", _("To look at")), ("0", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "0":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(ConversationReport)
class ConversationReportAdmin(admin.ModelAdmin):
    """The reported conversations, the unresolved first."""

    list_display = ["conversation_link", "side", "reason", "created_at", "resolved_at"]
    list_filter = [OpenFilter, "side"]
    list_select_related = ["conversation__seller"]
    readonly_fields = ["conversation", "side", "reporter", "reason", "created_at"]
    ordering = ["-created_at"]

    @admin.display(description=_("conversation"))
    def conversation_link(self, report):
        return format_html(
            '<a href="{}">{}</a>',
            reverse(
                "admin:messaging_conversation_change", args=[report.conversation_id]
            ),
            report.conversation,
        )


@admin.register(SellerBlock)
class SellerBlockAdmin(admin.ModelAdmin):
    list_display = ["seller", "shopper", "guest_email", "created_at"]
    raw_id_fields = ["seller", "shopper", "created_by"]
