#!/usr/bin/env bash
# What `make test` runs: set up, start the real services, then lint, migration checks and
# the whole pytest suite on PostgreSQL, Redis and the S3-compatible server.
# Extra arguments go to pytest:  scripts/test.sh -k health   (make test ARGS="-k health")
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
failed=()
header() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# Runs one check; a failure is recorded and the remaining checks still run.
check() {
  local name=$1
  shift
  header "$name"
  if "$@"; then return 0; fi
  failed+=("$name")
}

header "Bootstrap: system packages, .venv, front-end assets"
bash scripts/bootstrap.sh --test

header "Services: PostgreSQL :54329, Redis :63790, S3 (moto) :59000"
bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"
export DJANGO_ALLOW_ASYNC_UNSAFE=true # Playwright drives a live server from the test thread
unset DJANGO_ENV
py=.venv/bin/python

check "Lint: ruff check" .venv/bin/ruff check .
check "Format: ruff format --check" .venv/bin/ruff format --check .
no_format_skips() { ! git grep -n "fmt: skip" -- '*.py'; }
check "No '# fmt: skip' markers (the formatter lays out every line)" no_format_skips
check "Templates: djLint" .venv/bin/djlint templates --lint
check "Types: mypy on services, selectors and the AI engines" .venv/bin/mypy
check "Migrations match the models: makemigrations --check" \
  "$py" manage.py makemigrations --check --dry-run

smoke_db=careercopilot_migrate_smoke
migrate_smoke() {
  bash scripts/services.sh resetdb "$smoke_db" &&
    DATABASE_URL=${DATABASE_URL%/*}/$smoke_db "$py" manage.py migrate --noinput
}
check "Migrate smoke run on a fresh PostgreSQL database ($smoke_db)" migrate_smoke

check "Browser extension: web-ext lint (Mozilla's validator)" bash scripts/lint_extension.sh
check "Security lint: bandit (no high severity)" .venv/bin/bandit -q -c pyproject.toml -r . --severity-level high
check "pytest on PostgreSQL + Redis + S3 ${*:+($*)}" .venv/bin/pytest "$@"

elapsed=$((SECONDS - started))
if [ ${#failed[@]} -gt 0 ]; then
  printf '\n\033[1;31mFAILED (%ss):\033[0m\n' "$elapsed"
  printf '  - %s\n' "${failed[@]}"
  exit 1
fi
printf '\n\033[1;32mAll checks passed (%ss).\033[0m\n' "$elapsed"
