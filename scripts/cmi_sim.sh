#!/usr/bin/env bash
# The CMI simulator (tools/cmi_sim/): the CMI's hosted 3-D Secure page, its
# signed callback and its refund API, for the tests. The real CMI test gateway
# is not reachable from here.
#
#   scripts/cmi_sim.sh start    starts it on 127.0.0.1, writes .services/cmi.env
#   scripts/cmi_sim.sh stop
#
# Then: source .services/cmi.env   (exports TEST_CMI_SIM_URL and the test store's
# client id, store key and API credentials)
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${SERVICES_DIR:-$REPO/.services}
PORT=${CMI_SIM_PORT:-12190}
PIDFILE=$STATE_DIR/cmi_sim.pid
LOG=$STATE_DIR/cmi_sim.log
ENVFILE=$STATE_DIR/cmi.env
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
# A test store: these secrets sign nothing real. The key holds a `|` and a `\`,
# so every run checks their escaping in the hash.
DEFAULT_STORE_KEY='TEST|store\key-maalem'
CLIENT_ID=${CMI_SIM_CLIENT_ID:-600000001}
STORE_KEY=${CMI_SIM_STORE_KEY:-$DEFAULT_STORE_KEY}
API_USER=${CMI_SIM_API_USER:-maalem-api}
API_PASSWORD=${CMI_SIM_API_PASSWORD:-maalem-api-password}

running() { [[ -s $PIDFILE ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

start() {
    mkdir -p "$STATE_DIR"
    if running; then
        echo "cmi_sim: already running on port $PORT"
    else
        # setsid: its own process group, so `stop` ends it and nothing else.
        setsid "$PYTHON" "$REPO/tools/cmi_sim/cmi_sim.py" --port "$PORT" \
            --client-id "$CLIENT_ID" --store-key "$STORE_KEY" \
            --api-user "$API_USER" --api-password "$API_PASSWORD" \
            >"$LOG" 2>&1 &
        echo $! >"$PIDFILE"
        for _ in $(seq 1 50); do
            if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; then
                break
            fi
            sleep 0.2
        done
        if ! running || ! curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health"; then
            echo "cmi_sim: did not start: $(tail -n 1 "$LOG")" >&2
            rm -f "$ENVFILE"
            [[ ${CI:-} == true ]] && exit 1
            return 0
        fi
    fi
    {
        echo "export TEST_CMI_SIM_URL='http://127.0.0.1:$PORT'"
        printf "export TEST_CMI_CLIENT_ID=%q\n" "$CLIENT_ID"
        printf "export TEST_CMI_STORE_KEY=%q\n" "$STORE_KEY"
        printf "export TEST_CMI_API_USER=%q\n" "$API_USER"
        printf "export TEST_CMI_API_PASSWORD=%q\n" "$API_PASSWORD"
    } >"$ENVFILE"
    echo "cmi_sim: ready at http://127.0.0.1:$PORT ($ENVFILE)"
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
