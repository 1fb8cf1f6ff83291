#!/usr/bin/env bash
# What `make run` runs: the whole site on the embedded defaults (SQLite, file cache,
# filesystem Celery broker, local media under var/), with no .env needed.
# Starts the web server, a Celery worker and Celery beat; Ctrl-C stops all of them.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${PORT:-8000}
py=.venv/bin/python
celery=.venv/bin/celery

bash scripts/bootstrap.sh
"$py" manage.py migrate --noinput
"$py" manage.py seed_demo

export OMP_THREAD_LIMIT=${OMP_THREAD_LIMIT:-1} # Tesseract is faster single-threaded on small machines

# Each process gets its own process group (job control), so a Ctrl-C reaches only this
# script, which then stops them in order, and so stopping a group also stops what it forked
# (runserver's autoreloader child, the worker's pool processes).
set -m
pids=()
stop_all() {
  trap - INT TERM EXIT
  set +e
  echo "Stopping..."
  # 1. Ask each process to stop; the worker finishes its running tasks (warm shutdown).
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  # Escalate if something is still running after 15 s.
  (
    sleep 15
    for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  ) &
  local watchdog=$!
  wait "${pids[@]}" 2>/dev/null
  # 2. Whatever is left in their process groups.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  sleep 0.5
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  kill -- "-$watchdog" 2>/dev/null
  echo "Stopped."
}
trap stop_all INT TERM EXIT

"$py" manage.py runserver "127.0.0.1:$port" &
pids+=($!)
"$celery" -A careercopilot worker --queues default,ai,video --concurrency 2 \
  --hostname "run@%h" --loglevel INFO &
pids+=($!)
"$celery" -A careercopilot beat --schedule var/celerybeat-schedule --loglevel INFO &
pids+=($!)

cat <<EOF

  Career Copilot is running at http://127.0.0.1:$port/
  The demo logins were printed above (seed_demo). Press Ctrl-C to stop.

EOF
# Stop everything as soon as any one of the processes exits.
wait -n
