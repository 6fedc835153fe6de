#!/usr/bin/env bash
# The services of the multi-node run (bench/cluster.py), on loopback, on ports
# of their own, with their data in one temporary folder:
#
#   scripts/cluster.sh start DIR BASE_PORT   PostgreSQL primary and a streaming
#                                            replica (pg_basebackup), Redis, a
#                                            two-node Elasticsearch cluster,
#                                            SeaweedFS (S3; built under CI=true,
#                                            else local media until built); installs
#                                            HAProxy when missing. Writes DIR/env.
#   scripts/cluster.sh stop DIR              stops all of them (idempotent)
#   scripts/cluster.sh stop-es2 DIR          stops the second Elasticsearch node
#
# Ports from BASE_PORT: +0 primary, +1 replica, +2 Redis, +3/+4 Elasticsearch
# HTTP, +5/+6 its transport, +17..+20 SeaweedFS (master, volume, filer, S3;
# gRPC 10000 above). The app servers and HAProxy (bench/cluster.py) take
# +30..+39. The small functions are copied from scripts/services.sh, whose
# own services (and ports) this never touches.
set -euo pipefail

CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/marketplace
ES_VERSION=${SERVICES_ES_VERSION:-8.19.21}
ES_JAVA_OPTS_VALUE=${CLUSTER_ES_JAVA_OPTS:--Xms384m -Xmx384m}
S3_ACCESS_KEY=maalem-cluster
S3_SECRET_KEY=maalem-cluster-secret
SVC=()
SVC_USER=""

die() {
    echo "cluster: $*" >&2
    exit 1
}
say() { printf 'cluster: %s\n' "$*"; }
pid_alive() { [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null; }
port_in_use() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.5
    done
}
# Each server in a session of its own; its pid written by itself (setsid may fork).
spawn() {
    local pidfile=$1 logfile=$2
    shift 2
    # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell.
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$logfile" 2>&1 </dev/null &
}
stop_pidfile() {
    local pid
    [[ -s $1 ]] || return 0
    pid=$(head -n 1 "$1")
    pid_alive "$pid" || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    wait_until 30 eval "! pid_alive $pid" || kill -KILL -- "-$pid" 2>/dev/null ||
        kill -KILL "$pid" 2>/dev/null || true
}

apt_install() {
    ((EUID == 0)) || die "$* is not installed (apt-get install $*)"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "$@" \
        >"$DIR/apt.log" 2>&1 || {
        apt-get -o DPkg::Lock::Timeout=300 update -q >>"$DIR/apt.log" 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q "$@" \
            >>"$DIR/apt.log" 2>&1 || die "apt-get install $* failed (see $DIR/apt.log)"
    }
}

ensure_svc_user() {
    if ((EUID != 0)); then
        SVC_USER=$(id -un)
        return 0
    fi
    SVC_USER=${SERVICES_USER:-}
    if [[ -z $SVC_USER ]]; then
        if id -u postgres >/dev/null 2>&1; then SVC_USER=postgres; else SVC_USER=marketplace-svc; fi
    fi
    id -u "$SVC_USER" >/dev/null 2>&1 ||
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$SVC_USER"
    SVC=(runuser -u "$SVC_USER" --)
}

svc_dir() {
    mkdir -p "$DIR/$1"
    if ((EUID == 0)); then chown "$SVC_USER:" "$DIR/$1"; fi
    chmod 700 "$DIR/$1"
}

pg_bindir() {
    local initdb
    initdb=$(command -v initdb 2>/dev/null) ||
        initdb=$(find /usr/lib/postgresql/*/bin -name initdb 2>/dev/null | sort -V | tail -n 1) || true
    [[ -n $initdb ]] || return 1
    dirname -- "$(readlink -f -- "$initdb")"
}

es_java_home() {
    local jdk version best="" best_major=0
    [[ -n ${ES_JAVA_HOME:-} ]] && { printf '%s' "$ES_JAVA_HOME"; return 0; }
    for jdk in /usr/lib/jvm/*; do
        [[ -x $jdk/bin/java && -f $jdk/release ]] || continue
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
        if ((${version:-0} >= 17 && ${version:-0} <= 24 && ${version:-0} > best_major)); then
            best=$jdk
            best_major=$version
        fi
    done
    [[ -n $best ]] && printf '%s' "$best"
}

# --- PostgreSQL: a primary and a streaming replica ------------------------------

start_postgres() {
    local bin primary=$DIR/pg-primary replica=$DIR/pg-replica
    bin=$(pg_bindir) || { apt_install postgresql; bin=$(pg_bindir) || die "initdb not found"; }
    svc_dir pg-primary
    svc_dir pg-replica
    (cd "$DIR" && "${SVC[@]}" "$bin/initdb" -D "$primary/data" -U postgres --auth=trust \
        --no-locale --encoding=UTF8 --no-sync) >"$DIR/initdb.log" 2>&1 ||
        die "initdb failed (see $DIR/initdb.log)"
    cat >>"$primary/data/postgresql.conf" <<EOF
# scripts/cluster.sh
listen_addresses = '127.0.0.1'
port = $PG_PRIMARY
unix_socket_directories = '$primary'
fsync = off
full_page_writes = on
wal_level = replica
max_wal_senders = 4
max_connections = 200
EOF
    echo "host replication postgres 127.0.0.1/32 trust" >>"$primary/data/pg_hba.conf"
    (cd "$DIR" && "${SVC[@]}" setsid -w "$bin/pg_ctl" -D "$primary/data" -l "$primary/postgres.log" \
        -w -t 60 start) >"$DIR/pg_ctl.log" 2>&1 </dev/null || die "primary did not start (see $primary/postgres.log)"
    # The replica: a base backup of the primary, streaming from it (-R writes
    # primary_conninfo and standby.signal).
    (cd "$DIR" && "${SVC[@]}" "$bin/pg_basebackup" -h 127.0.0.1 -p "$PG_PRIMARY" -U postgres \
        -D "$replica/data" -R -X stream -c fast) >"$DIR/basebackup.log" 2>&1 ||
        die "pg_basebackup failed (see $DIR/basebackup.log)"
    cat >>"$replica/data/postgresql.conf" <<EOF
# scripts/cluster.sh: the replica
port = $PG_REPLICA
unix_socket_directories = '$replica'
hot_standby = on
EOF
    chmod 700 "$replica/data"
    (cd "$DIR" && "${SVC[@]}" setsid -w "$bin/pg_ctl" -D "$replica/data" -l "$replica/postgres.log" \
        -w -t 60 start) >>"$DIR/pg_ctl.log" 2>&1 </dev/null || die "replica did not start (see $replica/postgres.log)"
}

stop_postgres() {
    local bin name
    bin=$(pg_bindir) || return 0
    for name in pg-replica pg-primary; do
        [[ -s $DIR/$name/data/postmaster.pid ]] || continue
        (cd "$DIR" && "${SVC[@]}" "$bin/pg_ctl" -D "$DIR/$name/data" -m immediate -w -t 30 stop) \
            >/dev/null 2>&1 || stop_pidfile "$DIR/$name/data/postmaster.pid"
    done
}

# --- Redis ----------------------------------------------------------------------

start_redis() {
    command -v redis-server >/dev/null || apt_install redis-server
    mkdir -p "$DIR/redis"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
        --daemonize yes --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/redis.log" \
        --dir "$DIR/redis" >/dev/null 2>&1 || die "redis-server failed"
    wait_until 20 redis_ready || die "Redis did not answer"
}
redis_ready() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

# --- Elasticsearch: two nodes ---------------------------------------------------
# Node 1 is master and data, node 2 data only: stopping node 2 leaves the
# cluster its master (two master-eligible nodes cannot lose one), and the
# index's replica shard on node 1 answers.

start_es_node() {
    local n=$1 http=$2 transport=$3 roles=$4 home=$DIR/es$1/home java
    java=$(es_java_home) || die "no JDK 17-24 under /usr/lib/jvm (set ES_JAVA_HOME)"
    svc_dir "es$n"
    cp -R "$CACHE_DIR/elasticsearch-$ES_VERSION" "$home"
    mkdir -p "$DIR/es$n/data" "$DIR/es$n/logs" "$DIR/es$n/tmp"
    {
        echo "cluster.name: maalem-cluster-$BASE"
        echo "node.name: node$n"
        echo "node.roles: [$roles]"
        echo "network.host: 127.0.0.1"
        echo "http.port: $http"
        echo "transport.port: $transport"
        echo "discovery.seed_hosts: [\"127.0.0.1:$ES_T1\", \"127.0.0.1:$ES_T2\"]"
        echo "cluster.initial_master_nodes: [\"node1\"]"
        echo "path.data: $DIR/es$n/data"
        echo "path.logs: $DIR/es$n/logs"
        echo "cluster.routing.allocation.disk.threshold_enabled: false"
        echo "action.destructive_requires_name: false"
        [[ -d $home/modules/x-pack-security ]] && echo "xpack.security.enabled: false"
    } >"$home/config/elasticsearch.yml"
    if ((EUID == 0)); then chown -R "$SVC_USER:" "$DIR/es$n"; fi
    (cd "$DIR/es$n" && spawn "$DIR/es$n/launcher.pid" "$DIR/es$n/launcher.log" "${SVC[@]}" env \
        ES_JAVA_HOME="$java" ES_JAVA_OPTS="$ES_JAVA_OPTS_VALUE" ES_PATH_CONF="$home/config" \
        ES_TMPDIR="$DIR/es$n/tmp" "$home/bin/elasticsearch" -d -p "$DIR/es$n/es.pid")
}

es_nodes_ready() {
    [[ $(curl -fsS --max-time 10 "http://127.0.0.1:$ES1/_cluster/health?wait_for_nodes=2&timeout=5s" \
        2>/dev/null | grep -o '"number_of_nodes":[0-9]*') == '"number_of_nodes":2' ]]
}

start_elasticsearch() {
    [[ -x $CACHE_DIR/elasticsearch-$ES_VERSION/bin/elasticsearch ]] ||
        die "Elasticsearch $ES_VERSION is not in $CACHE_DIR (scripts/services.sh start elasticsearch fetches it)"
    start_es_node 1 "$ES1" "$ES_T1" "master, data, ingest"
    start_es_node 2 "$ES2" "$ES_T2" "data, ingest"
    wait_until "${CLUSTER_ES_TIMEOUT:-240}" es_nodes_ready ||
        die "Elasticsearch: two nodes not joined (see $DIR/es1/logs, $DIR/es2/logs)"
}

stop_es_node() {
    stop_pidfile "$DIR/es$1/es.pid"
    stop_pidfile "$DIR/es$1/launcher.pid"
}

# --- SeaweedFS (S3), when scripts/services.sh has built it ----------------------

# Copied from scripts/services.sh (same pinned version, same cache): `go
# install` refuses the module's replace directives, so it is built as the
# main module, once.
SEAWEEDFS_VERSION=${SERVICES_SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}
s3_build() {
    local bin=$1 go src scratch log=$CACHE_DIR/seaweedfs-build.log
    go=$(command -v go 2>/dev/null || echo /usr/local/go/bin/go)
    [[ -x $go ]] || return 1
    mkdir -p "$CACHE_DIR/bin"
    say "building SeaweedFS $SEAWEEDFS_VERSION (a few minutes, once)"
    src=$("$go" mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" 2>"$log" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [[ -n $src && -d $src ]] || return 1
    scratch=$(mktemp -d "$CACHE_DIR/.seaweedfs.XXXXXX")
    cp -r "$src/." "$scratch/" && chmod -R u+w "$scratch"
    if ! (cd "$scratch" && "$go" build -o "$scratch/weed.bin" ./weed) >>"$log" 2>&1; then
        rm -rf "$scratch"
        return 1
    fi
    mv "$scratch/weed.bin" "$bin"
    rm -rf "$scratch"
}

start_s3() {
    local bin=$CACHE_DIR/bin/weed
    # Media in SeaweedFS by default: a SeaweedFS of the run's own, on its
    # ports (BASE+17..+20), its data in DIR (never the one scripts/services.sh
    # runs for the tests). CLUSTER_S3=0 keeps them on the local disk.
    if [[ ${CLUSTER_S3:-1} == 0 ]]; then
        say "media on the local disk (CLUSTER_S3=0)"
        return 0
    fi
    # Not built yet: built here under CI=true or CLUSTER_BUILD_S3=1 (the
    # better part of an hour on a busy 2-core machine; scripts/services.sh
    # start s3 builds the same binary into the same cache); CI fails without it.
    if [[ ! -x $bin && (${CI:-} == true || ${CLUSTER_BUILD_S3:-} == 1) ]]; then
        s3_build "$bin" || die "SeaweedFS could not be built (see $CACHE_DIR/seaweedfs-build.log)"
    fi
    if [[ ! -x $bin ]]; then
        say "SeaweedFS not built ($bin; CLUSTER_BUILD_S3=1 builds it): media stay on the local disk"
        return 0
    fi
    mkdir -p "$DIR/s3/data"
    # Volumes of 64 MB, up to 100 (made as needed): with 8 the 300 demo
    # products' photos and thumbnails filled them ("No writable volumes", an
    # InternalError to each PutObject after).
    # Anonymous reads: the photos' URLs are public, as behind a CDN.
    cat >"$DIR/s3/s3.json" <<JSON
{"identities": [{"name": "cluster", "credentials": [{"accessKey": "$S3_ACCESS_KEY", "secretKey": "$S3_SECRET_KEY"}], "actions": ["Admin", "Read", "Write", "List", "Tagging"]}, {"name": "anonymous", "actions": ["Read"]}]}
JSON
    spawn "$DIR/s3/weed.pid" "$DIR/s3/weed.log" "$bin" server -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -dir="$DIR/s3/data" -volume.max=100 -master.volumeSizeLimitMB=64 \
        -master.port=$((S3 - 3)) -volume.port=$((S3 - 2)) \
        -filer -filer.port=$((S3 - 1)) -s3 -s3.port="$S3" -s3.config="$DIR/s3/s3.json"
    wait_until 60 curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$S3/" || die "SeaweedFS did not answer"
    echo "export CLUSTER_S3_URL=http://127.0.0.1:$S3 CLUSTER_S3_ACCESS_KEY=$S3_ACCESS_KEY CLUSTER_S3_SECRET_KEY=$S3_SECRET_KEY" >>"$DIR/env"
}

ports() {
    BASE=$1
    PG_PRIMARY=$BASE
    PG_REPLICA=$((BASE + 1))
    REDIS_PORT=$((BASE + 2))
    ES1=$((BASE + 3))
    ES2=$((BASE + 4))
    ES_T1=$((BASE + 5))
    ES_T2=$((BASE + 6))
    S3=$((BASE + 20))
}

cmd_start() {
    local port
    ports "$1"
    for port in "$PG_PRIMARY" "$PG_REPLICA" "$REDIS_PORT" "$ES1" "$ES2" "$ES_T1" "$ES_T2" \
        $((S3 - 3)) $((S3 - 2)) $((S3 - 1)) "$S3" $((BASE + 30)) $((BASE + 31)) \
        $((BASE + 32)) $((BASE + 33)) $((BASE + 39)); do
        port_in_use "$port" && die "port $port on 127.0.0.1 is in use (choose another base port)"
    done
    echo "$BASE" >"$DIR/base"
    command -v haproxy >/dev/null || apt_install haproxy
    ensure_svc_user
    chmod 711 "$DIR"
    {
        echo "# Written by scripts/cluster.sh start"
        echo "export CLUSTER_PG_PRIMARY=postgres://postgres@127.0.0.1:$PG_PRIMARY/postgres"
        echo "export CLUSTER_PG_REPLICA=postgres://postgres@127.0.0.1:$PG_REPLICA/postgres"
        echo "export CLUSTER_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
        echo "export CLUSTER_ES1_URL=http://127.0.0.1:$ES1 CLUSTER_ES2_URL=http://127.0.0.1:$ES2"
        echo "export CLUSTER_HAPROXY=$(command -v haproxy)"
    } >"$DIR/env"
    start_postgres
    say "PostgreSQL primary :$PG_PRIMARY, replica :$PG_REPLICA"
    start_redis
    say "Redis :$REDIS_PORT"
    start_s3
    start_elasticsearch
    say "Elasticsearch :$ES1 (master, data) and :$ES2 (data)"
}

cmd_stop() {
    [[ -s $DIR/base ]] || return 0
    ensure_svc_user
    stop_es_node 2
    stop_es_node 1
    stop_pidfile "$DIR/s3/weed.pid"
    stop_pidfile "$DIR/redis/redis.pid"
    stop_postgres
}

DIR=${2:-}
[[ -n $DIR && -d $DIR ]] || die "usage: $0 start DIR BASE_PORT | stop DIR | stop-es2 DIR"
DIR=$(cd "$DIR" && pwd)
case ${1:-} in
    start) [[ ${3:-} =~ ^[0-9]+$ ]] || die "start DIR BASE_PORT"; cmd_start "$3" ;;
    stop) cmd_stop ;;
    stop-es2) ensure_svc_user; stop_es_node 2 ;;
    *) die "unknown command ${1:-}" ;;
esac
