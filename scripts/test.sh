#!/usr/bin/env bash
# The whole suite: once on SQLite, then the tests that need PostgreSQL (and the
# migrations) on a real server. Services run on loopback for the run only.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest"
SERVICES="${TEST_SERVICES:-postgres redis elasticsearch stripe}"

cleanup() {
    bash scripts/localstripe.sh stop || true
    bash scripts/services.sh stop || true
}
trap cleanup EXIT

# shellcheck disable=SC2086
bash scripts/services.sh start $SERVICES
if [ -f .services/env ]; then
    # shellcheck disable=SC1091
    source .services/env
fi
# localstripe: the stateful fake Stripe for card payments end to end.
if bash scripts/localstripe.sh start && [ -f .services/localstripe.env ]; then
    # shellcheck disable=SC1091
    source .services/localstripe.env
elif [ "${CI:-}" = "true" ]; then
    echo "CI=true and localstripe did not start: failing the run." >&2
    exit 1
fi

status=0
echo "== Pass 1: SQLite =="
"$PYTEST" -m "not browser and not liveserver" "$@" || status=$?

# A file, not memory, for the tests that run a live server thread beside
# them (localstripe's webhooks, the browser journeys): with an in-memory
# database both threads would share one connection and its transactions.
echo "== Live server tests (SQLite file) =="
live_db=$(mktemp --suffix=.sqlite3)
TEST_SQLITE_NAME="$live_db" "$PYTEST" -m "liveserver and not browser" "$@" || status=$?
rm -f "$live_db"

echo "== Browser journeys (Chromium, SQLite file) =="
if bash scripts/browser.sh install; then
    browser_db=$(mktemp --suffix=.sqlite3)
    TEST_SQLITE_NAME="$browser_db" "$PYTEST" -m browser "$@" || status=$?
    rm -f "$browser_db"
else
    status=1
fi

echo "== Pass 2: PostgreSQL =="
if [ -n "${TEST_DATABASE_URL:-}" ]; then
    DATABASE_URL="$TEST_DATABASE_URL" "$PYTEST" -m "postgres or migrations or demo" "$@" \
        || status=$?
elif [ "${CI:-}" = "true" ]; then
    echo "CI=true and PostgreSQL did not start: failing the run." >&2
    status=1
else
    echo "PostgreSQL is not running: the PostgreSQL pass is skipped."
fi
exit "$status"
