from django.contrib import admin

from .models import JobRun, ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ["name", "next_run_at", "last_finished_at", "last_runner"]
    readonly_fields = [
        "name",
        "last_started_at",
        "last_finished_at",
        "last_error",
        "last_runner",
    ]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["job", "started_at", "finished_at", "ok", "runner"]
    list_filter = ["job", "ok"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
