#!/usr/bin/env bash
# Local PostgreSQL, Redis and S3-compatible (moto) servers for the test suite.
# Each runs on its own port with its own data under var/services/, so the machine's
# default services are never touched. Every command is safe to re-run.
#
#   scripts/services.sh up           start whatever is not running, then wait until it answers
#   scripts/services.sh down         stop all three
#   scripts/services.sh status       say what is running
#   scripts/services.sh env          print the export lines that point the app at them
#   scripts/services.sh resetdb NAME drop and re-create database NAME
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PG_PORT=54329
REDIS_PORT=63790
S3_PORT=59000
DB_NAME=${CC_DB_NAME:-careercopilot}  # override to run two suites side by side
BUCKET=careercopilot-test

SERVICES_DIR=$ROOT/var/services
REDIS_DIR=$SERVICES_DIR/redis
REDIS_PID=$SERVICES_DIR/redis.pid
S3_PID=$SERVICES_DIR/moto.pid
S3_LOG=$SERVICES_DIR/moto.log
PG_DIR=$SERVICES_DIR/postgres # holds data/, run/ (socket) and postgres.log

log() { printf '    %s\n' "$*"; }
die() {
  printf 'services: %s\n' "$*" >&2
  exit 1
}
is_root() { [ "$(id -u)" = 0 ]; }

# --- PostgreSQL -------------------------------------------------------------------------
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || die "PostgreSQL is not installed (apt-get install postgresql)"
  echo "$dir"
}

# PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user.
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_setup_dir() {
  # As root, the postgres user must be able to reach var/services; if it cannot (for
  # example a clone under /root), the cluster lives under /var/lib/postgresql instead.
  mkdir -p "$SERVICES_DIR"
  if is_root && id postgres >/dev/null 2>&1 &&
    ! runuser -u postgres -- test -x "$SERVICES_DIR" 2>/dev/null; then
    PG_DIR=/var/lib/postgresql/careercopilot-$(printf '%s' "$ROOT" | sha1sum | cut -c1-8)
  fi
}

pg_running() { as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1; }

pg_psql() {
  PGPASSWORD=postgres "$(pg_bin)/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_init() {
  local bin=$1 pwfile=$PG_DIR/.pwfile
  log "initdb $PG_DIR/data"
  printf 'postgres\n' >"$pwfile"
  if is_root; then chown postgres:postgres "$pwfile"; fi
  as_pg mkdir -p "$PG_DIR/data"
  # Password (scram) over TCP, trust on the private socket directory only.
  as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
}

pg_up() {
  local bin
  bin=$(pg_bin)
  mkdir -p "$PG_DIR"
  if is_root; then chown postgres:postgres "$PG_DIR"; fi
  if [ -f "$PG_DIR/data/PG_VERSION" ] && pg_running; then
    : # ours, already running
  elif "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    # Another checkout's test cluster already serves this port: use it.
    log "using the PostgreSQL already answering on 127.0.0.1:$PG_PORT"
  else
    [ -f "$PG_DIR/data/PG_VERSION" ] || pg_init "$bin"
    as_pg mkdir -p -m 700 "$PG_DIR/run"
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    # A throwaway test cluster: durability settings are off for speed.
    as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || die "PostgreSQL did not start; see $PG_DIR/postgres.log"
  fi
  local tries=0
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; do
    tries=$((tries + 1))
    [ $tries -lt 120 ] || die "PostgreSQL does not answer on :$PG_PORT; see $PG_DIR/postgres.log"
    sleep 0.5
  done
  local exists
  exists=$(pg_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ||
    die "cannot log in to PostgreSQL on :$PG_PORT as postgres/postgres"
  if [ -z "$exists" ]; then
    log "creating database $DB_NAME"
    pg_psql -c "CREATE DATABASE $DB_NAME"
  fi
}

pg_down() {
  if [ -f "$PG_DIR/data/PG_VERSION" ] && pg_running; then
    log "stopping PostgreSQL"
    as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null
  fi
}

# --- pidfile helpers (Redis, moto) -------------------------------------------------------
# Prints the pid recorded in $1 if that process is alive and its command line contains $2;
# otherwise removes the stale pidfile.
live_pid() {
  local pidfile=$1 pattern=$2 pid
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"; then
    echo "$pid"
    return 0
  fi
  rm -f "$pidfile"
  return 1
}

stop_pid() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

# --- Redis -----------------------------------------------------------------------------
redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_up() {
  command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install redis-server)"
  if redis_answers; then return 0; fi
  live_pid "$REDIS_PID" redis-server >/dev/null || true # clears a stale pidfile
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  mkdir -p "$REDIS_DIR"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    --daemonize yes --pidfile "$REDIS_PID" --logfile "$SERVICES_DIR/redis.log" \
    --dir "$REDIS_DIR" >/dev/null
  local tries=0
  until redis_answers; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || die "Redis does not answer on :$REDIS_PORT; see $SERVICES_DIR/redis.log"
    sleep 0.1
  done
}

redis_down() {
  local pid
  if pid=$(live_pid "$REDIS_PID" redis-server); then
    log "stopping Redis"
    stop_pid "$pid"
    rm -f "$REDIS_PID"
  elif redis_answers; then
    log "stopping Redis (no pidfile)"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
}

# --- S3 (moto_server) --------------------------------------------------------------------
s3_answers() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$S3_PORT/" 2>/dev/null; }

s3_up() {
  local moto=$ROOT/.venv/bin/moto_server
  [ -x "$moto" ] || die "$moto is missing; run scripts/bootstrap.sh --test first"
  if live_pid "$S3_PID" moto_server >/dev/null && s3_answers; then return 0; fi
  if s3_answers; then
    # Another checkout's S3 server already serves this port: use it.
    log "using the S3 server already answering on 127.0.0.1:$S3_PORT"
    return 0
  fi
  log "starting S3 (moto) on 127.0.0.1:$S3_PORT"
  mkdir -p "$SERVICES_DIR"
  # Its own session, so a Ctrl-C in the terminal that started it does not stop it.
  setsid "$moto" -H 127.0.0.1 -p "$S3_PORT" </dev/null >"$S3_LOG" 2>&1 &
  echo $! >"$S3_PID"
  local tries=0
  until s3_answers; do
    tries=$((tries + 1))
    kill -0 "$(cat "$S3_PID")" 2>/dev/null || die "moto_server exited; see $S3_LOG"
    [ $tries -lt 150 ] || die "moto_server does not answer on :$S3_PORT; see $S3_LOG"
    sleep 0.1
  done
}

s3_down() {
  local pid
  if pid=$(live_pid "$S3_PID" moto_server); then
    log "stopping S3 (moto)"
    stop_pid "$pid"
    rm -f "$S3_PID"
  fi
}

print_env() {
  cat <<EOF
export DATABASE_URL=postgres://postgres:postgres@127.0.0.1:$PG_PORT/$DB_NAME
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export AWS_STORAGE_BUCKET_NAME=$BUCKET
export AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export AWS_ACCESS_KEY_ID=testing
export AWS_SECRET_ACCESS_KEY=testing
export AWS_S3_REGION_NAME=us-east-1
EOF
}

status() {
  if "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then echo "postgres: up (:$PG_PORT)"; else echo "postgres: down"; fi
  if redis_answers; then echo "redis:    up (:$REDIS_PORT)"; else echo "redis:    down"; fi
  if s3_answers; then echo "s3:       up (:$S3_PORT)"; else echo "s3:       down"; fi
}

case "${1:-}" in
  up)
    pg_setup_dir
    pg_up
    redis_up
    s3_up
    ;;
  down)
    pg_setup_dir
    s3_down
    redis_down
    pg_down
    ;;
  env) print_env ;;
  status)
    pg_setup_dir
    status
    ;;
  resetdb)
    name=${2:?usage: $0 resetdb NAME}
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || die "invalid database name: $name"
    pg_psql -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
    ;;
  *)
    echo "usage: $0 up|down|status|env|resetdb NAME" >&2
    exit 2
    ;;
esac
