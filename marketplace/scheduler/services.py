"""One scheduler tick: claim each due job's turn, then run it.

The claim is a single conditional UPDATE (`next_run_at <= now` → `now +
every`), atomic on SQLite and PostgreSQL alike: of two schedulers ticking at
the same moment, one updates the row and runs the job, the other updates
nothing and skips it. A job that fails is recorded and runs again next turn;
a scheduler that dies mid-run loses at most that turn.
"""

import io
import logging
import os
import socket
import traceback
from datetime import timedelta

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from .jobs import Job, jobs
from .models import JobRun, ScheduledJob

logger = logging.getLogger(__name__)


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:128]


def _ensure(job: Job, now) -> None:
    if ScheduledJob.objects.filter(name=job.name).exists():
        return
    try:
        with transaction.atomic():
            ScheduledJob.objects.create(name=job.name, next_run_at=now)
    except IntegrityError:
        pass  # another scheduler made it first


def job_claim(*, job: Job, now=None, runner: str | None = None) -> bool:
    """Take this turn of `job` if it is due and nobody took it: True if taken."""
    now = now or timezone.now()
    _ensure(job, now)
    taken = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + timedelta(seconds=job.every),
        last_started_at=now,
        last_runner=runner or runner_name(),
    )
    return taken == 1


def job_run(*, job: Job, runner: str | None = None) -> JobRun:
    """Run `job` now (its turn claimed), recording how it went."""
    runner = runner or runner_name()
    run = JobRun.objects.create(job=job.name, runner=runner, started_at=timezone.now())
    out = io.StringIO()
    try:
        call_command(job.command, *job.args, stdout=out, stderr=out)
        run.ok = True
    except Exception:  # noqa: BLE001 (one job's failure must not stop the others)
        run.error = traceback.format_exc()[-4000:]
        logger.exception("scheduled job %s failed", job.name)
    run.finished_at = timezone.now()
    run.save(update_fields=["ok", "error", "finished_at"])
    ScheduledJob.objects.filter(name=job.name).update(
        last_finished_at=run.finished_at, last_error=run.error
    )
    return run


def scheduler_tick(*, now=None, runner: str | None = None) -> list[JobRun]:
    """Run every job whose turn came and that this scheduler claimed."""
    runs = []
    for job in jobs():
        try:
            claimed = job_claim(job=job, now=now, runner=runner)
        except Exception:  # noqa: BLE001 (the database is away: try next tick)
            logger.exception("scheduler: could not claim %s", job.name)
            continue
        if claimed:
            runs.append(job_run(job=job, runner=runner))
    return runs
