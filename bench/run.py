"""Server-time benchmarks: p50/p95 over N requests per page, printed as a Markdown table.

Runs in-process with Django's test Client on the embedded settings (SQLite, file cache,
filesystem broker, local media) in its own state directory, var/bench/, so the numbers
do not depend on the services of the machine. Usage:

    python bench/run.py            # or: make bench
    python bench/run.py -n 200     # more requests per page

Add a case by appending to CASES: a label, a path, and optionally a setup function that
receives the Client (to log in, create rows) before the timed requests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The embedded settings: no integration is switched on, whatever the shell exports.
for _name in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "EMAIL_URL", "DJANGO_ENV"):
    os.environ.pop(_name, None)
os.environ["STATE_DIR"] = str(ROOT / "var" / "bench")
os.environ.setdefault("LOG_LEVEL", "WARNING")  # one log line per request would skew timings
os.environ.setdefault("DEBUG", "false")  # as in production: no query log, no debug pages
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careercopilot.settings")

# WhiteNoise warns when collectstatic has not run; the benched pages do not need it.
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

WARMUP = 3


@dataclass
class Case:
    label: str
    path: str
    setup: Callable[[Client], None] | None = None
    expected_status: int = 200


CASES: list[Case] = [
    Case("landing", "/"),
    Case("pricing", "/pricing/"),
    Case("health", "/health/"),
]


@dataclass
class Result:
    case: Case
    status: int
    timings_ms: list[float]

    def percentile(self, p: int) -> float:
        ordered = sorted(self.timings_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run_case(case: Case, requests: int) -> Result:
    client = Client()
    if case.setup:
        case.setup(client)
    status = 0
    for _ in range(WARMUP):
        status = client.get(case.path).status_code
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(case.path)
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return Result(case=case, status=status, timings_ms=timings)


def markdown(results: list[Result], requests: int) -> str:
    lines = [
        f"Server time per request, {requests} requests per page after {WARMUP} warm-up requests.",
        "",
        "| page | path | status | p50 ms | p95 ms | mean ms |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        status = str(r.status)
        if r.status != r.case.expected_status:
            status += f" (expected {r.case.expected_status})"
        lines.append(
            f"| {r.case.label} | `{r.case.path}` | {status} | {r.percentile(50):.1f} "
            f"| {r.percentile(95):.1f} | {statistics.fmean(r.timings_ms):.1f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("-k", "--only", default="", help="run cases whose label contains this")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    if "testserver" not in settings.ALLOWED_HOSTS:  # the test Client's host name
        settings.ALLOWED_HOSTS.append("testserver")
    results = [run_case(case, args.requests) for case in CASES if args.only in case.label]
    print(markdown(results, args.requests))
    # --- Resumes and AI (bench/resumes_bench.py): match quality and step timings ---
    if args.only in "resumes":
        from bench.resumes_bench import report as resumes_report

        print()
        print(resumes_report())
    # --- Essay grader (bench/essay_eval.py): QWK against human levels, latency (E6) ---
    if args.only in "essays":
        from bench.essay_eval import main as essays_main

        print()
        essays_main()  # prints its tables and records them in bench/RESULTS.md
    return 0 if all(r.status == r.case.expected_status for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
