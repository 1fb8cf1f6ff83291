#!/bin/sh
# Writes the secrets docker-compose.yml mounts, one file each, into SECRETS_DIR (default
# ./secrets): random ones for SECRET_KEY, PostgreSQL, MinIO and /metrics, and the URLs
# that carry them. A file that exists is kept, so re-running never changes a password.
#
#   deploy/secrets.sh                     EMAIL_URL defaults to consolemail:// (no email)
#   EMAIL_URL=smtp+tls://user:pass@smtp.example.com:587 deploy/secrets.sh
#   DATABASE_HOST=127.0.0.1:55432 SECRETS_DIR=/srv/secrets deploy/secrets.sh
#
# Files are 0644 (the containers' users read them) in a folder only its owner opens (0700).
set -eu
dir=${SECRETS_DIR:-./secrets}
umask 077
mkdir -p "$dir"
chmod 700 "$dir"

random() { python3 -c "import secrets; print(secrets.token_$1($2))"; }
keep() { # keep NAME VALUE: writes the file unless it exists
  [ -s "$dir/$1" ] && return 0
  printf '%s\n' "$2" >"$dir/$1.part"
  chmod 644 "$dir/$1.part"
  mv "$dir/$1.part" "$dir/$1"
}

keep secret_key "$(random urlsafe 50)"
keep postgres_password "$(random hex 16)"
keep minio_root_password "$(random hex 16)"
keep metrics_token "$(random urlsafe 32)"
keep database_url \
  "postgres://careercopilot:$(cat "$dir/postgres_password")@${DATABASE_HOST:-postgres:5432}/careercopilot"
keep email_url "${EMAIL_URL:-consolemail://}"
echo "secrets in $dir: $(ls "$dir" | tr '\n' ' ')"
