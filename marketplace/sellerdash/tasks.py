"""The catalogue file's import, run by the task queue through the outbox."""

from django_tasks import task


@task()
def catalogue_import_task(import_id: int) -> None:
    # The service imports this module (to queue the task): imported here.
    from .services import catalogue_import_run

    catalogue_import_run(import_id=import_id)
