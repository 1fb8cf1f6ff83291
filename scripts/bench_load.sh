#!/usr/bin/env bash
# What `make bench-load` runs: the load test in bench/load/ (locust against a production-like
# gunicorn + Celery server on 127.0.0.1, on the test services). Local only; about 8 minutes.
# It finds the highest user count with page p95 <= 300 ms, runs 3 minutes at that count and
# records the figures in bench/RESULTS.md under "Load".
# Extra arguments go to bench/load/run.py, e.g.  make bench-load ARGS="--users 40 --no-record"
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh --test # .venv with requirements-dev.txt (locust)
bash scripts/services.sh up
timeout 900 .venv/bin/python bench/load/run.py "$@"
