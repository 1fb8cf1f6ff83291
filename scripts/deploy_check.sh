#!/usr/bin/env bash
# What `make deploy-check` runs: the production image and compose stack, for real, on this
# machine, from nothing to a finished resume analysis through the load balancer.
#
#  1. A private Docker engine and the images of the backing services, from Debian and PyPI
#     packages (scripts/deploy_engine.sh; cached under var/deploy/ between runs).
#  2. The product image from the real Dockerfile (BASE_IMAGE and NODE_IMAGE pointed at the
#     local Debian images), then docker-compose.yml + deploy/compose.local.yml: migrate, two
#     web nodes behind nginx (TLS), a Celery worker per queue, beat, PostgreSQL, Redis, S3.
#  3. scripts/deploy_check.py: the image's contents and `check --deploy`, seed_demo, sign in,
#     upload a resume and see its analysis finish, a killed web node and a killed `ai`
#     worker, then a backup, the database volume destroyed, and the restore.
#  4. Everything it started is stopped and removed (the engine's image cache stays).
#
#   scripts/deploy_check.sh            the check above
#   scripts/deploy_check.sh --load     also the two-node load run (bench/load/two_nodes.py,
#                                      about 10 more minutes), recorded in bench/RESULTS.md
#   scripts/deploy_check.sh --keep     leave the stack running afterwards (stop it with
#                                      scripts/deploy_check.sh --down)
#   scripts/deploy_check.sh --down     stop and remove the stack and the engine
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

load=0
keep=0
for arg in "$@"; do
  case "$arg" in
    --load) load=1 ;;
    --keep) keep=1 ;;
    --down) ;;
    *)
      echo "usage: $0 [--load] [--keep] | --down" >&2
      exit 2
      ;;
  esac
done

STATE=${DEPLOY_STATE_DIR:-$ROOT/var/deploy}
export DEPLOY_STATE_DIR=$STATE
mkdir -p "$STATE"
began=$SECONDS
docker() { /usr/bin/docker "$@"; } # Debian's client, the engine's version
step() { printf '==> [%4ss] %s\n' $((SECONDS - began)) "$*"; }

# --- The stack's environment: compose files, ports, secrets, TLS --------------------------
export COMPOSE_PROJECT_NAME=careercopilot-deploy
# docker-compose runs the two files merged and rendered (render_compose below).
export COMPOSE_FILE=$STATE/compose.yml
export DEPLOY_TLS_DIR=$STATE/tls
export SECURE_SSL_REDIRECT=true
export COMPOSE_HTTP_TIMEOUT=300 # vfs makes container creation slow
eval "$(bash scripts/deploy_engine.sh env)"

# Secrets: files mounted at /run/secrets (deploy/secrets.sh), generated once. This script
# and deploy/stack.py read the database password and the metrics token from them.
export SECRETS_DIR=$STATE/secrets
SECRETS_DIR=$SECRETS_DIR EMAIL_URL=consolemail:// \
  DATABASE_HOST=127.0.0.1:${DEPLOY_POSTGRES_PORT:-55432} sh deploy/secrets.sh >/dev/null
POSTGRES_PASSWORD=$(cat "$SECRETS_DIR/postgres_password")
METRICS_TOKEN=$(cat "$SECRETS_DIR/metrics_token")
export POSTGRES_PASSWORD METRICS_TOKEN

# The merged configuration of docker-compose.yml and deploy/compose.local.yml, less the
# published ports of services on the host's network: Docker ignores them there, but
# docker-compose 1.29 refuses the combination, and an override cannot remove a list entry.
# It names the secret files; only root reads it.
render_compose() {
  (
    umask 077
    docker-compose -f "$ROOT/docker-compose.yml" -f "$ROOT/deploy/compose.local.yml" config |
      .venv/bin/python -c '
import sys, yaml
config = yaml.safe_load(sys.stdin)
for service in config["services"].values():
    if service.get("network_mode") == "host":
        service.pop("ports", None)
yaml.safe_dump(config, sys.stdout, sort_keys=False)
' >"$COMPOSE_FILE.part"
  )
  mv "$COMPOSE_FILE.part" "$COMPOSE_FILE"
}

stack_down() {
  if [ -S "$STATE/docker.sock" ] && [ -s "$COMPOSE_FILE" ]; then
    docker-compose down --volumes --remove-orphans --timeout 20 >/dev/null 2>&1 || true
  fi
}

if [ "${1:-}" = --down ]; then
  stack_down
  bash scripts/deploy_engine.sh down
  exit 0
fi

finish() {
  local status=$?
  if [ $status -ne 0 ] && [ -S "$STATE/docker.sock" ]; then
    echo "--- last log lines of the stack ---" >&2
    docker-compose logs --no-color --tail=40 >&2 2>/dev/null || true
  fi
  if [ $keep = 1 ]; then
    echo "The stack is still running: https://127.0.0.1:${DEPLOY_HTTPS_PORT:-55443}/ (certificate: $DEPLOY_TLS_DIR/cert.pem)."
    echo "Stop it with: scripts/deploy_check.sh --down"
  else
    step "tearing down the stack and the engine"
    stack_down
    bash scripts/deploy_engine.sh down
  fi
  step "$([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - began)) s"
  exit $status
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. Engine and images ----------------------------------------------------------------
step "host tools (.venv, docker.io, debootstrap, docker-compose)"
bash scripts/bootstrap.sh
bash scripts/deploy_engine.sh up
step "images: base, Node.js for the build, then the product image from Dockerfile while the"
echo "    service images (PostgreSQL, Redis, S3, nginx) build beside it (all cached)"
bash scripts/deploy_engine.sh build-images
bash scripts/deploy_engine.sh service-images >"$STATE/service-images.log" 2>&1 &
services_build=$!
build_log=$STATE/image-build.log
if ! docker build --network host -t careercopilot:latest \
  --build-arg BASE_IMAGE="$DEPLOY_BASE_IMAGE" \
  --build-arg NODE_IMAGE=careercopilot-local/node:latest \
  --build-arg EXTRA_CA_CERTS="$(bash scripts/deploy_engine.sh extra-ca)" \
  . >"$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  echo "the image build failed; see $build_log" >&2
  exit 1
fi
wait "$services_build" || {
  cat "$STATE/service-images.log" >&2
  exit 1
}

# --- 2. The stack --------------------------------------------------------------------------
if [ ! -s "$DEPLOY_TLS_DIR/cert.pem" ]; then
  mkdir -p "$DEPLOY_TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$DEPLOY_TLS_DIR/key.pem" -out "$DEPLOY_TLS_DIR/cert.pem" 2>/dev/null
fi
step "starting the stack (a leftover one is removed first)"
stack_down
render_compose
docker-compose up -d --no-build --quiet-pull >"$STATE/compose-up.log" 2>&1 || {
  cat "$STATE/compose-up.log" >&2
  exit 1
}

# --- 3. The checks -----------------------------------------------------------------------
step "checks (scripts/deploy_check.py)"
.venv/bin/python scripts/deploy_check.py

if [ $load = 1 ]; then
  step "two web nodes under load (bench/load/two_nodes.py)"
  .venv/bin/python bench/load/two_nodes.py
fi
