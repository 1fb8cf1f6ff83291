#!/usr/bin/env bash
# What `make bench` runs: every benchmark in bench/, each printing a Markdown table.
# The page benches that need the real services (PostgreSQL) start them first.
# Results are recorded in bench/RESULTS.md by the benches that measure against goals.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh --test
py=.venv/bin/python

echo "## Pages on the embedded settings"
"$py" bench/run.py "$@"

echo
echo "## Job capture: parser accuracy on the saved posting pages"
"$py" bench/capture_bench.py

bash scripts/services.sh up >/dev/null
eval "$(bash scripts/services.sh env)"
echo
echo "## Job tracker at 10,000 applications (PostgreSQL)"
"$py" bench/tracker_bench.py

echo
echo "## Billing: 1,000 signed webhook events through a real worker"
"$py" bench/billing_webhooks.py

echo
echo "## Courses: gradebook and grading screen at 300 students"
"$py" bench/courses_bench.py

echo
echo "## Admin lists at 300 courses x 20 submissions"
"$py" bench/admin_lists_bench.py

echo
echo "## Video transcode and feed moderation"
"$py" bench/media_bench.py

echo
echo "## Video latency: upload to ready with a real worker"
"$py" bench/video_latency_bench.py

echo
echo "## Data export memory at 64 MB, 256 MB and 1 GB of files"
"$py" bench/privacy_bench.py
