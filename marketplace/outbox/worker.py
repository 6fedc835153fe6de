"""The task queue's worker (`rqworker`, through `RQ["WORKER_CLASS"]` in the
Redis settings): RQ's `SimpleWorker`, which runs each job in the worker's own
process, with Django's database connections looked after between jobs as a
request's are.

RQ's default worker forks a fresh process for every job. That child starts
cold: what the worker process never used (the URL resolver of each language,
the translation catalogues, compiled e-mail templates, the database and
search connections) is built again in every job and thrown away at its end.
On the 2-core machine that was about 320 ms of CPU per order for its five
outbox messages, against about 30 ms here (`bench/checkout.py --queue redis`).

What the fork bought, and what stands in for it here:

- a job that crashes its process: the worker is restarted by its supervisor
  (`deploy/entrypoint.sh` runs it as the container's process), and the
  job's outbox message, still pending, is handed over again by the drain;
- a job over its time limit: RQ's death penalty (SIGALRM) stops it inside
  this process as it stopped the child;
- a database connection a job broke or the server dropped: closed before
  and after each job (`close_old_connections`, as Django does around each
  request), so the next job opens a fresh one instead of failing on it.
"""

from django.db import close_old_connections
from rq import SimpleWorker


class OutboxWorker(SimpleWorker):
    def execute_job(self, job, queue):
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()
