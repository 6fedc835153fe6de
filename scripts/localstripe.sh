#!/usr/bin/env bash
# localstripe: a fake but stateful Stripe API server (PyPI), for the tests
# that need state (a PaymentIntent created, confirmed, read back) and Stripe's
# signed webhooks sent back to the site. stripe-mock (scripts/services.sh)
# answers every request but remembers nothing.
#
#   scripts/localstripe.sh start    installs it (own venv, pinned), starts it on
#                                   127.0.0.1, writes .services/localstripe.env
#   scripts/localstripe.sh stop
#
# Then: source .services/localstripe.env   (exports TEST_LOCALSTRIPE_URL)
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${SERVICES_DIR:-$REPO/.services}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/marketplace
VERSION=${LOCALSTRIPE_VERSION:-1.15.10}
PORT=${LOCALSTRIPE_PORT:-12180}
VENV=$CACHE_DIR/localstripe-$VERSION
PIDFILE=$STATE_DIR/localstripe.pid
LOG=$STATE_DIR/localstripe.log
ENVFILE=$STATE_DIR/localstripe.env
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}

running() { [[ -s $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

start() {
    mkdir -p "$STATE_DIR" "$CACHE_DIR"
    if running; then
        echo "localstripe: already running on port $PORT"
    else
        if [[ ! -x $VENV/bin/localstripe ]]; then
            echo "localstripe: installing $VERSION"
            "$PYTHON" -m venv "$VENV"
            "$VENV/bin/pip" install --quiet "localstripe==$VERSION"
        fi
        # setsid: its own process group, so `stop` ends it and nothing else.
        # --from-scratch: localstripe saves its whole store to a fixed path,
        # /tmp/localstripe.pickle, on every write, and by default loads it at
        # start. That file is shared by every localstripe on the machine and is
        # left truncated when one is stopped mid-write, which then stops the
        # next start ("pickle data was truncated"). The tests need no state
        # from an earlier run, so never load it.
        setsid "$VENV/bin/localstripe" --port "$PORT" --from-scratch >"$LOG" 2>&1 &
        echo $! >"$PIDFILE"
        for _ in $(seq 1 50); do
            if curl -fsS -o /dev/null -u sk_test_probe: \
                "http://127.0.0.1:$PORT/v1/customers" 2>/dev/null; then
                break
            fi
            sleep 0.2
        done
        if ! running; then
            echo "localstripe: did not start: $(tail -n 1 "$LOG")" >&2
            rm -f "$ENVFILE"
            [[ ${CI:-} == true ]] && exit 1
            return 0
        fi
    fi
    echo "export TEST_LOCALSTRIPE_URL='http://127.0.0.1:$PORT'" >"$ENVFILE"
    echo "localstripe: ready at http://127.0.0.1:$PORT ($ENVFILE)"
}

stop() {
    if running; then
        kill -- "-$(cat "$PIDFILE")" 2>/dev/null || kill "$(cat "$PIDFILE")" || true
    fi
    rm -f "$PIDFILE" "$ENVFILE"
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
