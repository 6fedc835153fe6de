#!/bin/sh
# The container's one process. SIGTERM reaches it directly (exec): gunicorn
# finishes the requests in flight (--graceful-timeout), an RQ worker its job,
# the scheduler its tick, then each exits.
set -e
case "${1:-web}" in
    web)
        exec gunicorn marketplace.wsgi:application \
            --bind "0.0.0.0:${PORT:-8000}" \
            --workers "${WEB_CONCURRENCY:-3}" \
            --threads "${WEB_THREADS:-4}" \
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
