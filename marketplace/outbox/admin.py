from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What is waiting, done or given up; written by the outbox only."""

    list_display = ["pk", "task_path", "status", "attempts", "created_at", "done_at"]
    list_filter = ["status", "task_path"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
