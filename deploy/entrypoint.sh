#!/bin/sh
# The container's one process. SIGTERM reaches it directly (exec): gunicorn
# finishes the requests in flight (--graceful-timeout), an RQ worker its job,
# the scheduler its tick, then each exits.
set -e
case "${1:-web}" in
    web)
        # One single-threaded worker per CPU by default: the site's requests
        # spend their time on the CPU, and more requests at once than CPUs
        # only share them (and, threads, one process's GIL). Measured on 2
        # CPUs (bench/checkout.py and bench/load.py, README "Round 12"):
        # 2 workers x 1 thread placed an order in a median 189 ms (p95 312)
        # where 3 x 4, the former default, took 272 ms (p95 419), and held
        # 80 users at p95 141 ms where 4 x 2 took 183 ms. WEB_THREADS > 1
        # when requests wait on the network (card payments' calls to Stripe).
        exec gunicorn marketplace.wsgi:application \
            --bind "0.0.0.0:${PORT:-8000}" \
            --workers "${WEB_CONCURRENCY:-$(nproc)}" \
            --threads "${WEB_THREADS:-1}" \
            --graceful-timeout "${WEB_GRACEFUL_TIMEOUT:-25}" \
            --timeout 60 --access-logfile - ;;
    worker)
        exec python manage.py rqworker --with-scheduler \
            --job-class django_tasks_rq.Job default ;;
    scheduler)
        exec python manage.py run_scheduler ;;
    migrate)
        # Then the planner's statistics: a fresh database has none for its
        # small tables until autovacuum sees 50 rows change in each.
        python manage.py migrate --noinput
        exec python manage.py analyze_database ;;
    *)
        exec "$@" ;;
esac
