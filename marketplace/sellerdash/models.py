from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    """The uploaded files wait in the private storage (settings
    STORAGES["private"], outside MEDIA_ROOT) until their import has run."""
    return storages["private"]


class CatalogueImport(models.Model):
    """One catalogue file a seller imported or checked (dry run): its counts
    and the report of its rejected lines, shown and downloaded afterwards.

    The import runs in the task queue (`services.catalogue_import_run`): the
    record is queued with its files, runs, then is done (the files deleted)
    or failed (nothing imported: the import is one transaction)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    seller = models.ForeignKey(
        "artisans.Seller",
        on_delete=models.CASCADE,
        related_name="catalogue_imports",
        verbose_name=_("seller"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_name = models.CharField(_("file"), max_length=255)
    dry_run = models.BooleanField(_("dry run"), default=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # CSV text: line, column, reason; one line per rejected row.
    report = models.TextField(_("report"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    # Why a failed import imported nothing (in the seller's language).
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The uploaded files, kept until the import has run.
    csv_file = models.FileField(
        upload_to="catalogue-imports/", storage=private_storage, blank=True
    )
    zip_file = models.FileField(
        upload_to="catalogue-imports/", storage=private_storage, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
