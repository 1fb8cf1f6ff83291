#!/usr/bin/env bash
# Backups of a compose deployment's PostgreSQL database (pg_dump's custom format: compressed,
# restorable table by table). Runs pg_dump and pg_restore inside the `postgres` service, so
# the tools match the server's version. See docs/deploy.md "Backups" for the whole procedure.
#
#   deploy/backup.sh dump [FILE]     write a backup; FILE defaults to
#                                    $BACKUP_DIR/careercopilot-<UTC time>.dump (var/backups)
#   deploy/backup.sh restore FILE    load FILE into the service's database, which must be
#                                    empty (a new volume); stop web, workers and beat first
#   deploy/backup.sh list FILE       the archive's table of contents (checks it is readable)
#
# COMPOSE is the compose command of the deployment (default: docker compose), e.g.
#   COMPOSE="docker-compose -p careercopilot-deploy -f docker-compose.yml -f deploy/compose.local.yml"
set -euo pipefail

COMPOSE=${COMPOSE:-docker compose}
BACKUP_DIR=${BACKUP_DIR:-var/backups}

die() {
  printf 'backup: %s\n' "$*" >&2
  exit 1
}

# Runs a shell command inside the postgres container, where POSTGRES_USER and POSTGRES_DB
# name the role and the database.
in_postgres() { $COMPOSE exec -T postgres sh -c "$1"; }

dump() {
  local file=${1:-$BACKUP_DIR/careercopilot-$(date -u +%Y%m%dT%H%M%SZ).dump}
  umask 077 # a dump holds personal data: readable by its owner only
  mkdir -p "$(dirname "$file")"
  # Written beside the target, then renamed: a failed dump never looks like a backup.
  in_postgres 'pg_dump --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" --format=custom --compress=6' \
    >"$file.part" || {
    rm -f "$file.part"
    die "pg_dump failed"
  }
  in_postgres 'pg_restore --list' <"$file.part" >/dev/null || {
    rm -f "$file.part"
    die "the dump does not read back"
  }
  mv "$file.part" "$file"
  echo "$file"
}

restore() {
  local file=${1:?usage: $0 restore FILE}
  [ -s "$file" ] || die "$file is missing or empty"
  local tables
  tables=$(in_postgres 'psql -X -tA --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" -c "SELECT count(*) FROM pg_tables WHERE schemaname = '"'public'"'"')
  [ "$tables" = 0 ] || die "the database already has $tables tables: restore into a new, empty database (docs/deploy.md)"
  # One transaction: a restore that fails leaves the database empty, never half-loaded.
  in_postgres 'pg_restore --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" --no-owner --role="$POSTGRES_USER" --exit-on-error --single-transaction' \
    <"$file" || die "pg_restore failed; the database is unchanged"
  echo "restored $file"
}

case "${1:-}" in
  dump) dump "${2:-}" ;;
  restore) restore "${2:-}" ;;
  list) in_postgres 'pg_restore --list' <"${2:?usage: $0 list FILE}" ;;
  *)
    echo "usage: $0 dump [FILE] | restore FILE | list FILE" >&2
    exit 2
    ;;
esac
