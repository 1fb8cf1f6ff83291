#!/usr/bin/env bash
# What `make eval` runs: the local AI engine on real public data (EVAL_DATA_DIR, default
# ../shared/data/eval), beside baselines from the same run; records bench/RESULTS.md.
# Extra arguments pick features:  scripts/eval.sh match essays
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
record=--record
[ $# -gt 0 ] && record=
.venv/bin/python bench/eval/run.py $record "$@"
