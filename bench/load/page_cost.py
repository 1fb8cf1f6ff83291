"""CPU and queries per request of each page of the load scenario, measured inside a web node
of the deploy stack (after bench/load/two_nodes.py seeded its users), one request at a time.

    scripts/deploy_check.sh --load --keep
    .venv/bin/python bench/load/page_cost.py      # prints a Markdown table

CPU time of the serving process (time.process_time), not wall time: on a machine shared
with other work, wall time measures the neighbours, CPU time the page. PostgreSQL's own CPU
is not in it (another process); the query count stands for it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from deploy.stack import Stack  # noqa: E402

ROUNDS = 30
WARMUP = 3

MEASURE = r"""
import json, statistics, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from accounts.models import User
from courses.models import Course

user = User.objects.filter(email__startswith="load000@").first()
course = Course.objects.order_by("pk").first()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
pages = {
    "dashboard": "/dashboard/",
    "board": "/tracker/",
    "table": "/tracker/applications/",
    "analytics": "/tracker/analytics/",
    "course": f"/courses/{course.pk}/",
}
found = {}
for name, path in pages.items():
    for _ in range(WARMUP):
        status = client.get(path, secure=True).status_code
        assert status == 200, (name, path, status)
    cpu, wall = [], []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(path, secure=True)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
    found[name] = {
        "status": response.status_code,
        "queries": len(queries),
        "cpu_ms": statistics.median(cpu),
        "wall_ms": statistics.median(wall),
        "bytes": len(response.content),
    }
print(json.dumps(found))
"""


def main() -> int:
    stack = Stack.from_environment()
    code = f"ROUNDS = {ROUNDS}\nWARMUP = {WARMUP}\n{MEASURE}"
    output = stack.manage("shell", "-c", code, timeout=900)
    found = json.loads(output.strip().splitlines()[-1])
    print("| page | queries | CPU ms (median) | requests/s per core (app) | wall ms | KB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, row in found.items():
        print(
            f"| {name} | {row['queries']} | {row['cpu_ms']:.1f} | "
            f"{1000 / row['cpu_ms']:.0f} | {row['wall_ms']:.0f} | {row['bytes'] / 1000:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
