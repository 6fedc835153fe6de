#!/usr/bin/env bash
# The browser journeys (tests/browser) drive Debian's Chromium through
# Playwright: Playwright's own browser download is never used.
#
#   scripts/browser.sh install   installs the `chromium` and `chromium-driver`
#                                Debian packages if `chromium` is not on PATH
#                                (as root, with apt-get)
#   scripts/browser.sh test [pytest args]
#                                install, then the journeys alone: localstripe
#                                and the CMI simulator for the card payments
#                                (stopped after, if this started them), a
#                                throw-away SQLite database
#
# Without a browser the journeys skip with a reason; under CI=true the script
# fails instead.
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

install() {
    if command -v chromium >/dev/null 2>&1; then
        echo "browser: $(command -v chromium) ($(chromium --version 2>/dev/null || true))"
        return 0
    fi
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "browser: installing Debian's chromium and chromium-driver"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq || true
        apt-get install -y -qq --no-install-recommends chromium chromium-driver \
            >/dev/null || true
    fi
    if command -v chromium >/dev/null 2>&1; then
        echo "browser: $(command -v chromium)"
        return 0
    fi
    if [[ ${CI:-} == true ]]; then
        echo "browser: CI=true and chromium could not be installed: failing." >&2
        return 1
    fi
    echo "browser: no chromium (not root, or apt-get failed): the journeys skip." >&2
}

run_tests() {
    install
    local started=""
    if [[ -z ${TEST_LOCALSTRIPE_URL:-} ]]; then
        if [[ ! -s .services/localstripe.pid ]] \
            || ! kill -0 "$(cat .services/localstripe.pid)" 2>/dev/null; then
            started=yes
        fi
        if bash scripts/localstripe.sh start && [[ -f .services/localstripe.env ]]; then
            # shellcheck disable=SC1091
            source .services/localstripe.env
        fi
    fi
    local started_cmi=""
    if [[ -z ${TEST_CMI_SIM_URL:-} ]]; then
        if [[ ! -s .services/cmi_sim.pid ]] \
            || ! kill -0 "$(cat .services/cmi_sim.pid)" 2>/dev/null; then
            started_cmi=yes
        fi
        if bash scripts/cmi_sim.sh start && [[ -f .services/cmi.env ]]; then
            # shellcheck disable=SC1091
            source .services/cmi.env
        elif [[ ${CI:-} == true ]]; then
            echo "browser: CI=true and the CMI simulator did not start." >&2
            return 1
        fi
    fi
    local workdir status=0
    workdir=$(mktemp -d)
    TEST_SQLITE_NAME="$workdir/browser.sqlite3" E2E_ARTIFACTS="${E2E_ARTIFACTS:-$workdir/artifacts}" \
        .venv/bin/pytest -m browser "$@" || status=$?
    if [[ -n $started ]]; then
        bash scripts/localstripe.sh stop || true
    fi
    if [[ -n $started_cmi ]]; then
        bash scripts/cmi_sim.sh stop || true
    fi
    rm -f "$workdir/browser.sqlite3"
    return "$status"
}

case ${1:-} in
    install) install ;;
    test) shift; run_tests "$@" ;;
    *) echo "usage: $0 install|test [pytest args]" >&2; exit 2 ;;
esac
