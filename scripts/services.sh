#!/usr/bin/env bash
# Real PostgreSQL, Redis, Elasticsearch, stripe-mock and an S3-compatible
# store (SeaweedFS) on 127.0.0.1 for the test suite, with their data in a
# throwaway temporary folder.
#
#   scripts/services.sh start [postgres] [redis] [elasticsearch] [stripe] [s3]   (none = all)
#   scripts/services.sh stop
#   scripts/services.sh status
#
# `start` also installs HAProxy when it is missing (not a server here: the tests
# and benches start it themselves with deploy/haproxy.cfg) and writes its path
# as TEST_HAPROXY.
#
# `start` writes $STATE_DIR/env, `export TEST_*=...` lines for the services that
# are up; source it before pytest. A service that cannot start costs one stderr
# line and is left out of that file, so its tests skip with a reason; under
# CI=true the script exits non-zero instead, because CI must not go green by
# skipping.
#
# Optional settings (environment):
#   SERVICES_DIR                 state folder (default <repo>/.services)
#   SERVICES_USER                unprivileged user for PostgreSQL and Elasticsearch
#                                when run as root (default postgres, else marketplace-svc)
#   SERVICES_PG_PORT, SERVICES_REDIS_PORT, SERVICES_ES_PORT, SERVICES_STRIPE_PORT
#   SERVICES_ES_VERSION          integ-test-zip version on Maven Central
#   SERVICES_ES_TIMEOUT          seconds to wait for Elasticsearch (default 120)
#   SERVICES_ES_JAVA_OPTS        JVM options for Elasticsearch (default 512 MiB heap)
#   SERVICES_MAVEN_REPO          Maven repository (default: the mirror in
#                                ~/.m2/settings.xml, else Maven Central)
#   SERVICES_STRIPE_MOCK_VERSION stripe-mock version for `go install`
#   SERVICES_SEAWEEDFS_VERSION   SeaweedFS module version, built with `go build`
#   SERVICES_S3_PORT             SeaweedFS's S3 gateway (its master, volume and
#                                filer take the three ports below it)
#   SERVICES_S3_VOLUMES          SeaweedFS volume slots (default 64, 64 MB each)
#   ES_JAVA_HOME                 JDK for Elasticsearch (default: newest suitable JDK)
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${SERVICES_DIR:-$REPO/.services}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/marketplace
ALL_SERVICES=(postgres redis elasticsearch stripe s3)

# Uncommon ports, so a developer's own PostgreSQL/Redis/Elasticsearch on the
# standard ports is never mistaken for ours or clobbered by tests. All below
# Linux's ephemeral range (32768-60999 by default): an outgoing connection from
# a bench or a browser never holds one of them when a server needs it.
PG_PORT=${SERVICES_PG_PORT:-15432}
REDIS_PORT=${SERVICES_REDIS_PORT:-16379}
ES_PORT=${SERVICES_ES_PORT:-19200}
STRIPE_PORT=${SERVICES_STRIPE_PORT:-12111}
# SeaweedFS: S3 gateway, then master, volume and filer below it; each also
# listens for gRPC 10000 above (27330-27332: still below the ephemeral range).
S3_PORT=${SERVICES_S3_PORT:-17333}

# Pinned rather than "latest" so that every machine tests against the same
# server; 8.19.x matches the elasticsearch 8.19 Python client.
ES_VERSION=${SERVICES_ES_VERSION:-8.19.21}
ES_TIMEOUT=${SERVICES_ES_TIMEOUT:-120}
ES_JAVA_OPTS_VALUE=${SERVICES_ES_JAVA_OPTS:--Xms512m -Xmx512m}
STRIPE_MOCK_VERSION=${SERVICES_STRIPE_MOCK_VERSION:-v0.203.0}
# No tagged release is on the module proxy here: a pinned pseudo-version.
SEAWEEDFS_VERSION=${SERVICES_SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}
# The test store's only identity (loopback, throwaway data).
S3_ACCESS_KEY=maalem-test
S3_SECRET_KEY=maalem-test-secret
# Volumes of 64 MB (sparse files), one per bucket to start: room for this
# many; the start fails when fewer than S3_MIN_FREE_VOLUMES are left.
S3_VOLUMES=${SERVICES_S3_VOLUMES:-64}
S3_MIN_FREE_VOLUMES=16
PG_SUPERUSER=postgres

DATA=""      # the temporary folder of the current run, recorded in $STATE_DIR/datadir
SVC=()       # command prefix that drops root for servers that refuse to run as root
SVC_USER=""
REASON=""    # why the last start_* failed: the caller prints it on one line
S3_NOT_BUILT="" # set when the default start left SeaweedFS out (not built yet)
ES_CACHED="" # unpacked Elasticsearch in the cache
ES_JAVA=""   # JDK that runs Elasticsearch

usage() {
    sed -n '5,7p' "${BASH_SOURCE[0]}" | sed 's/^#   //' >&2
    exit 2
}

say() { printf 'services: %s\n' "$*"; }

# Record why a service failed and return false, for `cmd || { fail ...; return 1; }`.
fail() {
    REASON=$*
    return 1
}

# The last line of a log, to make a failure message self-explanatory.
last_line() {
    local line
    line=$(grep -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c1-240) || true
    printf '%s' "${line:-no output}"
}

pid_alive() { [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null; }
pidfile_alive() { [[ -s $1 ]] && pid_alive "$(head -n 1 "$1")"; }
group_alive() { [[ $1 =~ ^[0-9]+$ ]] && kill -0 -- "-$1" 2>/dev/null; }

# Poll a check until it passes or the time is up; nothing here waits forever.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}

# Each server runs in a session of its own: it survives this script and the
# caller's Ctrl-C, and its whole process tree can be stopped as one group.
# The pid is written by the process itself because setsid may fork, which would
# make $! the wrong pid.
spawn() {
    local pidfile=$1 logfile=$2
    shift 2
    # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell.
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$logfile" 2>&1 </dev/null 9>&- &
}

# Stop a process and everything in its group: TERM, a bounded wait, then KILL.
stop_group() {
    local pid=$1 pgid mine
    pid_alive "$pid" || group_alive "$pid" || return 0
    pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || true
    # A dead group leader (a launcher that exited) still names its live group.
    if [[ -z $pgid ]] && group_alive "$pid"; then pgid=$pid; fi
    mine=$(ps -o pgid= -p $$ | tr -d ' ')
    # Never signal our own group: that would take down the caller too.
    if [[ -z $pgid || $pgid == "$mine" ]]; then
        kill -TERM "$pid" 2>/dev/null || true
        wait_until 30 eval "! pid_alive $pid" || kill -KILL "$pid" 2>/dev/null || true
        return 0
    fi
    kill -TERM -- "-$pgid" 2>/dev/null || true
    wait_until 30 eval "! group_alive $pgid" || kill -KILL -- "-$pgid" 2>/dev/null || true
    wait_until 5 eval "! group_alive $pgid" || true
}

port_in_use() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Refuse a port somebody else holds: talking to a stranger's server would make
# tests pass or fail for reasons that have nothing to do with the code.
port_free() {
    local port=$1 variable=$2 owner=""
    port_in_use "$port" || return 0
    if command -v ss >/dev/null; then
        owner=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(("[^"]*"' | head -n 1 | cut -d'"' -f2) || true
    fi
    fail "port $port on 127.0.0.1 is already in use${owner:+ by $owner} (set $variable to another port)"
}

apt_install() {
    ((EUID == 0)) || { fail "$* is not installed (apt-get install $*)"; return 1; }
    mkdir -p "$STATE_DIR"
    local aptlog=$STATE_DIR/apt.log
    # A fresh machine may have no package lists yet: update once, then retry.
    if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "$@" >"$aptlog" 2>&1; then
        apt-get -o DPkg::Lock::Timeout=300 update -q >>"$aptlog" 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "$@" >>"$aptlog" 2>&1 ||
            { fail "apt-get install $* failed: $(last_line "$aptlog")"; return 1; }
    fi
}

# PostgreSQL and Elasticsearch refuse to run as root, and sessions and CI run
# as root: drop to a system user. Any other user runs them as itself.
ensure_svc_user() {
    [[ -n $SVC_USER ]] && return 0
    if ((EUID != 0)); then
        SVC_USER=$(id -un)
        SVC=()
        return 0
    fi
    if [[ -n ${SERVICES_USER:-} ]]; then
        SVC_USER=$SERVICES_USER
        id -u "$SVC_USER" >/dev/null 2>&1 || { fail "SERVICES_USER=$SVC_USER does not exist"; return 1; }
    elif id -u postgres >/dev/null 2>&1; then
        SVC_USER=postgres
    else
        SVC_USER=marketplace-svc
        id -u "$SVC_USER" >/dev/null 2>&1 ||
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$SVC_USER" ||
            { fail "could not create system user $SVC_USER"; return 1; }
    fi
    SVC=(runuser -u "$SVC_USER" --)
}

# A folder for one service inside the temporary folder; with "svc", owned by
# the unprivileged service user.
service_dir() {
    local dir=$DATA/$1
    mkdir -p "$dir"
    if [[ ${2:-} == svc ]] && ((EUID == 0)); then
        chown "$SVC_USER:" "$dir"
    fi
    chmod 700 "$dir"
    printf '%s' "$dir"
}

# --- PostgreSQL -----------------------------------------------------------------

pg_bindir() {
    local initdb
    initdb=$(command -v initdb 2>/dev/null) ||
        initdb=$(find /usr/lib/postgresql/*/bin -name initdb 2>/dev/null | sort -V | tail -n 1) ||
        true
    [[ -n $initdb ]] || return 1
    dirname -- "$(readlink -f -- "$initdb")"
}

postgres_pid() {
    local pidfile=$DATA/postgres/data/postmaster.pid
    [[ -n $DATA && -s $pidfile ]] && head -n 1 "$pidfile"
}
postgres_running() { pid_alive "$(postgres_pid 2>/dev/null)"; }
postgres_url() { printf 'postgres://%s@127.0.0.1:%s/postgres' "$PG_SUPERUSER" "$PG_PORT"; }

start_postgres() {
    local bin dir
    bin=$(pg_bindir) || { apt_install postgresql || return; bin=$(pg_bindir) || { fail "initdb not found"; return 1; }; }
    ensure_svc_user || return
    port_free "$PG_PORT" SERVICES_PG_PORT || return
    dir=$(service_dir postgres svc)
    if [[ ! -f $dir/data/PG_VERSION ]]; then
        # Trust on loopback only: the server listens nowhere else, and tests
        # then need no password. The superuser can CREATE DATABASE, which
        # pytest-django needs for test_postgres.
        (cd "$dir" && "${SVC[@]}" "$bin/initdb" -D "$dir/data" -U "$PG_SUPERUSER" \
            --auth=trust --no-locale --encoding=UTF8 --no-sync) >"$dir/initdb.log" 2>&1 ||
            { fail "initdb failed: $(last_line "$dir/initdb.log")"; return 1; }
        # Durability is worthless for throwaway test data and costs time.
        cat >>"$dir/data/postgresql.conf" <<EOF

# scripts/services.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi
    (cd "$dir" && "${SVC[@]}" setsid -w "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
        -w -t 60 start) >"$dir/pg_ctl.log" 2>&1 9>&- ||
        { fail "did not start within 60 s: $(last_line "$dir/postgres.log")"; stop_postgres; return 1; }
}

stop_postgres() {
    local pid bin
    pid=$(postgres_pid 2>/dev/null) || return 0
    pid_alive "$pid" || return 0
    if bin=$(pg_bindir) && ensure_svc_user; then
        (cd "$DATA/postgres" && "${SVC[@]}" "$bin/pg_ctl" -D "$DATA/postgres/data" -m fast -w -t 30 stop) \
            >/dev/null 2>&1 || true
    fi
    stop_group "$pid"
}

# --- Redis ----------------------------------------------------------------------

redis_running() { [[ -n $DATA ]] && pidfile_alive "$DATA/redis/redis.pid"; }
redis_url() { printf 'redis://127.0.0.1:%s/0' "$REDIS_PORT"; }
redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

start_redis() {
    local dir
    command -v redis-server >/dev/null || apt_install redis-server || return
    port_free "$REDIS_PORT" SERVICES_REDIS_PORT || return
    dir=$(service_dir redis)
    # No persistence: every run starts empty and nothing is written behind the tests' back.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" \
        >"$dir/start.log" 2>&1 9>&- ||
        { fail "redis-server failed: $(last_line "$dir/start.log")"; return 1; }
    wait_until 20 redis_ready ||
        { fail "no PONG within 20 s: $(last_line "$dir/redis.log")"; stop_redis; return 1; }
}

stop_redis() {
    [[ -n $DATA && -s $DATA/redis/redis.pid ]] || return 0
    stop_group "$(head -n 1 "$DATA/redis/redis.pid")"
}

# --- Elasticsearch --------------------------------------------------------------

maven_repo() {
    local mirror=""
    if [[ -n ${SERVICES_MAVEN_REPO:-} ]]; then
        mirror=$SERVICES_MAVEN_REPO
    elif [[ -f $HOME/.m2/settings.xml ]]; then
        # Use the same mirror Maven is told to use, where one is configured.
        mirror=$(sed -n '/<mirror>/,/<\/mirror>/s:.*<url>[[:space:]]*\([^<[:space:]]*\).*:\1:p' \
            "$HOME/.m2/settings.xml" | head -n 1) || true
    fi
    mirror=${mirror:-https://repo1.maven.org/maven2}
    printf '%s' "${mirror%/}"
}

# The integ-test-zip is the one Elasticsearch 8 distribution Maven Central
# serves: the full tarball lives only on elastic.co, which this network doesn't
# reach. Downloaded once, checked against Maven's SHA-1, unpacked in the cache.
es_fetch() {
    local home=$CACHE_DIR/elasticsearch-$ES_VERSION url zip unpack want got
    ES_CACHED=$home
    [[ -x $home/bin/elasticsearch ]] && return 0
    command -v unzip >/dev/null || apt_install unzip || return
    mkdir -p "$CACHE_DIR"
    url=$(maven_repo)/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip
    zip=$CACHE_DIR/elasticsearch-$ES_VERSION.zip.part
    say "downloading Elasticsearch $ES_VERSION from $url"
    curl -fsSL --retry 3 --connect-timeout 20 --max-time 900 -o "$zip" "$url" 2>"$zip.err" ||
        { fail "download of $url failed: $(last_line "$zip.err")"; rm -f "$zip" "$zip.err"; return 1; }
    want=$(curl -fsSL --retry 3 --max-time 60 "$url.sha1" 2>"$zip.err" | cut -c1-40) ||
        { fail "download of $url.sha1 failed: $(last_line "$zip.err")"; rm -f "$zip" "$zip.err"; return 1; }
    got=$(sha1sum "$zip" | cut -d' ' -f1)
    [[ $got == "$want" ]] || { fail "$url: SHA-1 $got, expected $want"; rm -f "$zip" "$zip.err"; return 1; }
    # Unpack beside the final place and rename, so an interrupted unzip never
    # leaves a half cache that looks complete.
    unpack=$(mktemp -d "$CACHE_DIR/.unpack.XXXXXX")
    unzip -q "$zip" -d "$unpack" 2>"$zip.err" ||
        { fail "unzip failed: $(last_line "$zip.err")"; rm -rf "$unpack"; return 1; }
    rm -rf "$home"
    mv "$unpack/elasticsearch-$ES_VERSION" "$home"
    rm -rf "$unpack" "$zip" "$zip.err"
}

# Elasticsearch 8.19 needs Java 17 or newer. The integ-test-zip has no bundled
# JDK, so pick the machine's newest JDK that it is known to run on (17-24).
# Sets ES_JAVA (not printed: a subshell would lose REASON).
es_java_home() {
    ES_JAVA=${ES_JAVA_HOME:-}
    [[ -n $ES_JAVA ]] && return 0
    local jdk version major best="" best_major=0
    for jdk in /usr/lib/jvm/*; do
        [[ -x $jdk/bin/java && -f $jdk/release ]] || continue
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
        major=${version:-0}
        if ((major >= 17 && major <= 24 && major > best_major)); then
            best=$jdk
            best_major=$major
        fi
    done
    [[ -n $best ]] || { fail "no JDK 17-24 under /usr/lib/jvm (set ES_JAVA_HOME)"; return 1; }
    ES_JAVA=$best
}

es_running() { [[ -n $DATA ]] && pidfile_alive "$DATA/elasticsearch/es.pid"; }
elasticsearch_running() { es_running; }
elasticsearch_url() { printf 'http://127.0.0.1:%s' "$ES_PORT"; }
es_ready() {
    curl -fsS -o /dev/null --max-time 10 \
        "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=5s" 2>/dev/null
}

start_elasticsearch() {
    local dir home launcher pgid deadline
    es_fetch || return
    es_java_home || return
    ensure_svc_user || return
    port_free "$ES_PORT" SERVICES_ES_PORT || return
    dir=$(service_dir elasticsearch svc)
    home=$dir/home
    # A working copy, because Elasticsearch writes into its config folder
    # (keystore) and the service user can't read the cache under root's home.
    [[ -d $home ]] || cp -R "$ES_CACHED" "$home"
    mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
    {
        echo "# scripts/services.sh"
        echo "cluster.name: marketplace-test"
        echo "node.name: marketplace-test"
        echo "discovery.type: single-node"
        echo "network.host: 127.0.0.1"
        echo "http.port: $ES_PORT"
        echo "transport.port: $((ES_PORT + 100))-$((ES_PORT + 199))"
        echo "path.data: $dir/data"
        echo "path.logs: $dir/logs"
        # Test disks fill up; the watermark would make indices read-only.
        echo "cluster.routing.allocation.disk.threshold_enabled: false"
        # Let tests drop their indices by wildcard.
        echo "action.destructive_requires_name: false"
        # Only where the distribution has security: an unknown setting is fatal.
        if [[ -d $home/modules/x-pack-security ]]; then
            echo "xpack.security.enabled: false"
        fi
    } >"$home/config/elasticsearch.yml"
    if ((EUID == 0)); then chown -R "$SVC_USER:" "$dir"; fi
    launcher=$dir/launcher.pgid
    # The JVM writes gc.log relative to its working directory: run it in $dir.
    (cd "$dir" && spawn "$launcher" "$dir/launcher.log" "${SVC[@]}" env \
        ES_JAVA_HOME="$ES_JAVA" ES_JAVA_OPTS="$ES_JAVA_OPTS_VALUE" ES_PATH_CONF="$home/config" \
        ES_TMPDIR="$dir/tmp" "$home/bin/elasticsearch" -d -p "$dir/es.pid")
    wait_until 10 test -s "$launcher" || { fail "launcher did not start"; return 1; }
    pgid=$(head -n 1 "$launcher")
    deadline=$((SECONDS + ES_TIMEOUT))
    until es_ready; do
        if ! group_alive "$pgid"; then
            fail "exited during startup ($(last_line "$dir/launcher.log"))"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            fail "not ready after $ES_TIMEOUT s (log: $dir/logs/marketplace-test.log)"
            stop_elasticsearch
            return 1
        fi
        sleep 1
    done
}

stop_elasticsearch() {
    [[ -n $DATA ]] || return 0
    # The server (es.pid) and, if it is still starting, its launcher share one group.
    if [[ -s $DATA/elasticsearch/es.pid ]]; then
        stop_group "$(head -n 1 "$DATA/elasticsearch/es.pid")"
    fi
    if [[ -s $DATA/elasticsearch/launcher.pgid ]]; then
        stop_group "$(head -n 1 "$DATA/elasticsearch/launcher.pgid")"
    fi
}

# --- stripe-mock ----------------------------------------------------------------

stripe_running() { [[ -n $DATA ]] && pidfile_alive "$DATA/stripe/stripe.pid"; }
stripe_url() { printf 'http://127.0.0.1:%s' "$STRIPE_PORT"; }
stripe_ready() {
    curl -fsS -o /dev/null --max-time 5 -u sk_test_123: "http://127.0.0.1:$STRIPE_PORT/v1/customers" 2>/dev/null
}

start_stripe() {
    local bin=$CACHE_DIR/bin/stripe-mock go gobin dir
    if [[ ! -x $bin ]]; then
        go=$(command -v go 2>/dev/null || echo /usr/local/go/bin/go)
        [[ -x $go ]] || { fail "Go is not installed (needed to build stripe-mock)"; return 1; }
        mkdir -p "$CACHE_DIR/bin"
        # Build into a scratch folder and move, so a cut-short build leaves no binary.
        gobin=$(mktemp -d "$CACHE_DIR/.gobin.XXXXXX")
        say "building stripe-mock $STRIPE_MOCK_VERSION with go install"
        GOBIN=$gobin "$go" install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" \
            >"$CACHE_DIR/stripe-mock-install.log" 2>&1 ||
            { fail "go install failed: $(last_line "$CACHE_DIR/stripe-mock-install.log")"; rm -rf "$gobin"; return 1; }
        mv "$gobin/stripe-mock" "$bin"
        rm -rf "$gobin"
    fi
    port_free "$STRIPE_PORT" SERVICES_STRIPE_PORT || return
    dir=$(service_dir stripe)
    # -http-addr rather than -http-port, which listens on every address. With
    # only -http-addr, stripe-mock also opens HTTPS on *:12112 (and exits if
    # that is taken): park HTTPS on a unix socket in the data folder instead.
    spawn "$dir/stripe.pid" "$dir/stripe.log" "$bin" -http-addr "127.0.0.1:$STRIPE_PORT" \
        -https-unix "$dir/https.sock"
    wait_until 30 stripe_ready ||
        { fail "not answering within 30 s: $(last_line "$dir/stripe.log")"; stop_stripe; return 1; }
    # It can answer and then exit on a failed second listener: make sure it stayed.
    sleep 1
    stripe_running || { fail "exited after starting: $(last_line "$dir/stripe.log")"; return 1; }
}

stop_stripe() {
    [[ -n $DATA && -s $DATA/stripe/stripe.pid ]] || return 0
    stop_group "$(head -n 1 "$DATA/stripe/stripe.pid")"
}

# --- SeaweedFS (S3) ----------------------------------------------------------------

s3_running() { [[ -n $DATA ]] && pidfile_alive "$DATA/s3/weed.pid"; }
s3_url() { printf 'http://127.0.0.1:%s' "$S3_PORT"; }
s3_ready() { curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$S3_PORT/" 2>/dev/null; }

# `go install module/weed@version` refuses a module whose go.mod has replace
# directives, so the module is downloaded and built as the main module.
s3_build() {
    local bin=$1 go src scratch
    go=$(command -v go 2>/dev/null || echo /usr/local/go/bin/go)
    [[ -x $go ]] || { fail "Go is not installed (needed to build SeaweedFS)"; return 1; }
    mkdir -p "$CACHE_DIR/bin"
    say "building SeaweedFS $SEAWEEDFS_VERSION (a few minutes, once)"
    src=$("$go" mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" 2>"$CACHE_DIR/seaweedfs-build.log" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [[ -n $src && -d $src ]] || { fail "go mod download failed: $(last_line "$CACHE_DIR/seaweedfs-build.log")"; return 1; }
    scratch=$(mktemp -d "$CACHE_DIR/.seaweedfs.XXXXXX")
    cp -r "$src/." "$scratch/" && chmod -R u+w "$scratch"
    if ! (cd "$scratch" && "$go" build -o "$scratch/weed.bin" ./weed) >>"$CACHE_DIR/seaweedfs-build.log" 2>&1; then
        fail "go build failed: $(last_line "$CACHE_DIR/seaweedfs-build.log")"
        rm -rf "$scratch"
        return 1
    fi
    mv "$scratch/weed.bin" "$bin"
    rm -rf "$scratch"
}

start_s3() {
    local bin=$CACHE_DIR/bin/weed dir port
    [[ -x $bin ]] || s3_build "$bin" || return
    for port in "$S3_PORT" $((S3_PORT - 1)) $((S3_PORT - 2)) $((S3_PORT - 3)); do
        port_free "$port" SERVICES_S3_PORT || return
    done
    dir=$(service_dir s3)
    mkdir -p "$dir/data"
    cat >"$dir/s3.json" <<JSON
{"identities": [{"name": "test", "credentials": [{"accessKey": "$S3_ACCESS_KEY", "secretKey": "$S3_SECRET_KEY"}], "actions": ["Admin", "Read", "Write", "List", "Tagging"]}, {"name": "anonymous", "actions": ["Read"]}]}
JSON
    # Each bucket is a collection with volumes of its own, and SeaweedFS
    # gives a new collection 7 at once: with room for 8 volumes, the filer's
    # own 7 left one, and a second bucket (two test runs at once, or one left
    # by a killed run) had none ("No writable volumes"). One volume to start
    # (grown when it fills), room for $S3_VOLUMES; master.toml is read from
    # the working directory.
    printf '[master.volume_growth]\ncopy_1 = 1\n' >"$dir/master.toml"
    (cd "$dir" && spawn "$dir/weed.pid" "$dir/weed.log" "$bin" server -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -dir="$dir/data" -volume.max="$S3_VOLUMES" -master.volumeSizeLimitMB=64 \
        -master.port=$((S3_PORT - 3)) -volume.port=$((S3_PORT - 2)) \
        -filer -filer.port=$((S3_PORT - 1)) -s3 -s3.port="$S3_PORT" -s3.config="$dir/s3.json")
    wait_until 60 s3_ready ||
        { fail "not answering within 60 s: $(last_line "$dir/weed.log")"; stop_s3; return 1; }
    s3_reclaim || { stop_s3; return 1; }
}

# `weed shell` on the running store, one command a line.
s3_shell() {
    (cd "$DATA/s3" && printf '%s\n' "$@" | timeout 60 "$CACHE_DIR/bin/weed" shell \
        -master="127.0.0.1:$((S3_PORT - 3))" -filer="127.0.0.1:$((S3_PORT - 1))" 2>&1)
}

s3_volume_server_joined() { (($(s3_free_volumes) + 0 > 0)); }

s3_free_volumes() {
    curl -s --max-time 5 "http://127.0.0.1:$((S3_PORT - 3))/dir/status" |
        grep -o '"Free":[0-9]*' | head -n 1 | cut -d: -f2
}

# Space a long-lived data folder would keep: the buckets a killed test run
# left (the tests name theirs test-<hex> and delete them when they end;
# nothing else uses them once the store restarts), then the space of deleted
# files (the master's own vacuum waits until 30 % of a volume is garbage).
# Then the check: room for more buckets, or the start fails, saying so.
s3_reclaim() {
    local bucket free
    # The S3 port answers before the volume server has joined the master
    # (its first heartbeats wait for the master's raft leader): until then
    # the master counts no volume slot at all.
    wait_until 30 s3_volume_server_joined || true
    for bucket in $(s3_shell s3.bucket.list | grep -o '^ *test-[0-9a-f]*\b'); do
        s3_shell lock "s3.bucket.delete -name=$bucket" unlock >/dev/null
        say "s3: removed the bucket $bucket a killed test run left"
    done
    s3_shell lock "volume.vacuum -garbageThreshold=0.01" unlock >/dev/null
    free=$(s3_free_volumes)
    if ((${free:-0} < S3_MIN_FREE_VOLUMES)); then
        REASON="only ${free:-0} free volume slots of $S3_VOLUMES (under $S3_MIN_FREE_VOLUMES): $DATA/s3/data is full"
        return 1
    fi
}

stop_s3() {
    [[ -n $DATA && -s $DATA/s3/weed.pid ]] || return 0
    stop_group "$(head -n 1 "$DATA/s3/weed.pid")"
}

# --- commands -------------------------------------------------------------------

load_state() {
    DATA=""
    if [[ -s $STATE_DIR/datadir ]]; then
        DATA=$(cat "$STATE_DIR/datadir")
        [[ -d $DATA ]] || DATA=""
    fi
}

any_running() {
    local svc
    for svc in "${ALL_SERVICES[@]}"; do
        "${svc}_running" && return 0
    done
    return 1
}

# One start/stop at a time: two at once would race for the same ports and folder.
# Every server is started with fd 9 closed (9>&-): a daemon that inherited it
# would hold the lock for as long as it runs.
lock_state() {
    mkdir -p "$STATE_DIR"
    exec 9>"$STATE_DIR/start-stop.lock"
    flock -w 600 9 || { echo "services: another start/stop is still running" >&2; exit 1; }
}

write_env() {
    local svc variable tmp
    tmp=$(mktemp "$STATE_DIR/.env.XXXXXX")
    {
        echo "# Written by scripts/services.sh start; source it. Services that are not up are absent."
        if [[ -n ${S3_NOT_BUILT:-} ]]; then
            echo "export TEST_S3_NOT_BUILT='SeaweedFS is not built yet: scripts/services.sh start s3 builds it (once)'"
        fi
        # Not a server of its own: the tests and benches start HAProxy with
        # the site's configuration (deploy/haproxy.cfg) on ports of theirs.
        if command -v haproxy >/dev/null; then
            printf "export TEST_HAPROXY='%s'\n" "$(command -v haproxy)"
        fi
        for svc in "${ALL_SERVICES[@]}"; do
            "${svc}_running" || continue
            case $svc in
                postgres) variable=TEST_DATABASE_URL ;;
                redis) variable=TEST_REDIS_URL ;;
                elasticsearch) variable=TEST_ELASTICSEARCH_URL ;;
                stripe) variable=TEST_STRIPE_API_BASE ;;
                s3) variable=TEST_S3_ENDPOINT_URL
                    printf "export TEST_S3_ACCESS_KEY='%s' TEST_S3_SECRET_KEY='%s'\n" \
                        "$S3_ACCESS_KEY" "$S3_SECRET_KEY" ;;
            esac
            printf "export %s='%s'\n" "$variable" "$("${svc}_url")"
        done
    } >"$tmp"
    mv "$tmp" "$STATE_DIR/env"
}

cmd_start() {
    local requested=("$@") svc failed=() started
    if ! ((${#requested[@]})); then
        requested=("${ALL_SERVICES[@]}")
        # SeaweedFS takes the better part of an hour to build on a busy
        # 2-core machine: started by default once `scripts/services.sh start s3`
        # (or SERVICES_BUILD_S3=1) has built it into the cache; until then its
        # tests skip, saying why (tests/conftest.py).
        if [[ ! -x $CACHE_DIR/bin/weed && ${SERVICES_BUILD_S3:-} != 1 ]]; then
            requested=(postgres redis elasticsearch stripe)
            S3_NOT_BUILT=1
        fi
    fi
    for svc in "${requested[@]}"; do
        [[ " ${ALL_SERVICES[*]} " == *" $svc "* ]] || { echo "services: unknown service '$svc'" >&2; usage; }
    done
    lock_state
    load_state
    # A folder left by a run that died without `stop` holds nothing alive: start clean.
    if [[ -n $DATA ]] && ! any_running; then
        rm -rf -- "$DATA"
        DATA=""
    fi
    if [[ -z $DATA ]]; then
        DATA=$(mktemp -d "${TMPDIR:-/tmp}/marketplace-services.XXXXXX")
        # Traversable (not listable) by the unprivileged service user.
        chmod 711 "$DATA"
        printf '%s\n' "$DATA" >"$STATE_DIR/datadir"
    fi
    for svc in "${requested[@]}"; do
        if "${svc}_running"; then
            say "$svc already running at $("${svc}_url")"
            continue
        fi
        REASON=""
        started=$SECONDS
        if "start_$svc"; then
            say "$svc ready at $("${svc}_url") ($((SECONDS - started)) s)"
        else
            echo "services: $svc unavailable: ${REASON:-unknown error}" >&2
            failed+=("$svc")
        fi
    done
    if ! command -v haproxy >/dev/null; then
        REASON=""
        if apt_install haproxy; then
            say "haproxy installed at $(command -v haproxy)"
        else
            echo "services: haproxy unavailable: ${REASON:-apt-get install haproxy failed}" >&2
            failed+=(haproxy)
        fi
    fi
    write_env
    say "environment in $STATE_DIR/env"
    if ((${#failed[@]})) && [[ ${CI:-} == true ]]; then
        exit 1
    fi
}

cmd_stop() {
    local svc left=()
    lock_state
    load_state
    if [[ -n $DATA ]]; then
        for svc in s3 stripe elasticsearch redis postgres; do
            "stop_$svc"
        done
        for svc in "${ALL_SERVICES[@]}"; do
            "${svc}_running" && left+=("$svc")
        done
        if ((${#left[@]})); then
            # Keep the folder: its pid files are the only way to find them.
            echo "services: still running after stop: ${left[*]} (data in $DATA)" >&2
            exit 1
        fi
        rm -rf -- "$DATA"
    fi
    rm -f "$STATE_DIR/datadir" "$STATE_DIR/env"
    say "stopped"
}

cmd_status() {
    local svc up=0
    load_state
    for svc in "${ALL_SERVICES[@]}"; do
        if "${svc}_running"; then
            printf '%-14s running  %s\n' "$svc" "$("${svc}_url")"
            up=$((up + 1))
        else
            printf '%-14s stopped\n' "$svc"
        fi
    done
    [[ -n $DATA ]] && printf 'data folder    %s\n' "$DATA"
    # Like LSB init scripts: 3 means nothing is running.
    ((up)) || exit 3
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) shift; (($# == 0)) || usage; cmd_stop ;;
    status) shift; (($# == 0)) || usage; cmd_status ;;
    *) usage ;;
esac
