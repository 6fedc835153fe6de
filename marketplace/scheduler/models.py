from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """One periodic job's next turn. A scheduler runs the job only after
    moving `next_run_at` forward in one conditional UPDATE: of several
    schedulers (one per host, or two by mistake), exactly one wins each turn.
    """

    name = models.CharField(_("job"), max_length=64, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # host:pid of the scheduler that ran it last.
    last_runner = models.CharField(_("run by"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name


class JobRun(models.Model):
    """Each run of a job: what the claim guarantees is visible here."""

    job = models.CharField(_("job"), max_length=64, db_index=True)
    runner = models.CharField(_("run by"), max_length=128)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ok = models.BooleanField(_("succeeded"), default=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at"]
