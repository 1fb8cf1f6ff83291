"""CPU and queries per request of each page of the load scenario, one request at a time, and
where the CPU goes (cProfile, the product's own functions by cumulative time).

    .venv/bin/python bench/load/page_cost.py --local      # a production-like site of its own
    .venv/bin/python bench/load/page_cost.py --local --profile
    scripts/deploy_check.sh --load --keep                  # or inside a web node of the
    .venv/bin/python bench/load/page_cost.py               # deploy stack, after its load run

CPU time of the serving process (time.process_time), not wall time: on a machine shared
with other work, wall time measures the neighbours, CPU time the page. PostgreSQL's own CPU
is not in it (another process); the query count stands for it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from deploy.stack import Stack  # noqa: E402

ROUNDS = 30
WARMUP = 3

MEASURE = r"""
import cProfile, io, json, pstats, statistics, time
from django.db import connection
from django.test import Client
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
    cpu, wall, queries = [], [], []
    for _ in range(ROUNDS):
        queries.clear()
        with connection.execute_wrapper(lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)):
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(path, secure=True)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
    profile = ""
    if PROFILE:
        profiler = cProfile.Profile()
        for _ in range(ROUNDS):
            profiler.runcall(client.get, path, secure=True)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(r"^/(?!.*site-packages).*/(accounts|careercopilot|courses|resumes|tracker|billing)/", 12)
        profile = out.getvalue()
    found[name] = {
        "profile": profile,
        "status": response.status_code,
        "queries": len(queries),
        "cpu_ms": statistics.median(cpu),
        "wall_ms": statistics.median(wall),
        "bytes": len(response.content),
    }
print(json.dumps(found))
"""


def measure_local(code: str) -> str:
    """On a production-like site of its own (tests/support/prodserver.py), with the load
    scenario's users seeded."""
    from tests.support.prodserver import ProdSite

    with ProdSite(name="cc_pagecost", gunicorn_workers=1, with_worker=False) as site:
        site.shell("from bench.load.seed import main; main(3)")
        return site.shell(code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--local", action="store_true", help="a local site, not the stack")
    parser.add_argument("--profile", action="store_true", help="also print where CPU goes")
    args = parser.parse_args()
    code = f"ROUNDS = {ROUNDS}\nWARMUP = {WARMUP}\nPROFILE = {args.profile}\n{MEASURE}"
    if args.local:
        output = measure_local(code)
    else:
        output = Stack.from_environment().manage("shell", "-c", code, timeout=900)
    found = json.loads(output.strip().splitlines()[-1])
    for name, row in found.items():
        if row["profile"]:
            print(f"### {name}\n```\n{row['profile'].strip()}\n```")
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
