#!/usr/bin/env bash
# What `make faults` runs: every fault test in tests/faults/, the slow ones too (real
# workers killed mid-task, PostgreSQL restarted under load, a 500-event webhook burst).
# Each test breaks its own throwaway Redis, PostgreSQL cluster, S3 server or worker; the
# shared test services are only used, never stopped. `make test` runs the fast subset.
# Extra arguments go to pytest:  scripts/faults.sh -k redis   (make faults ARGS="-k redis")
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
bash scripts/bootstrap.sh --test
bash scripts/services.sh up
# Its own test database, so a `make test` running at the same time is not disturbed.
eval "$(CC_DB_NAME=cc_faults bash scripts/services.sh env)"
export DJANGO_ALLOW_ASYNC_UNSAFE=true # the live server is driven from the test thread
export CC_FAULTS=1                    # run the tests marked `faults` too
unset DJANGO_ENV

status=0
.venv/bin/pytest tests/faults tests/test_metrics.py "$@" || status=$?
printf '\nFault tests finished in %ss (exit %s).\n' "$((SECONDS - started))" "$status"
exit "$status"
