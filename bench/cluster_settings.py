"""Settings of the multi-node run (bench/cluster.py): the site's own
(`marketplace.settings.base`, from the environment) with a faster clock, so
that a fault's consequences show within a short run: the scheduler drains
the outbox every 2 s, and a job handed to the queue that has not run 8 s
later (its worker was killed mid-task) is handed over again."""

from marketplace.settings.base import *  # noqa: F403

SCHEDULED_JOBS = {"drain-outbox": {"command": "drain_outbox", "every": 2}}
OUTBOX_RESEND_SECONDS = 8
