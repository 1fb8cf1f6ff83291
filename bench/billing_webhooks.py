"""Billing benchmark: 1,000 signed Stripe webhooks, from ingest to the plan being updated.

A real Celery worker (prefork, --concurrency, default 2) on Redis processes the events that
the webhook endpoint records; the Stripe API is the local fake (tests/fakes/stripe_server.py)
served from this process. 100 customers get 10 subscription events each (created, then plan
switches and status changes), delivered shuffled. Measured:

- ingest: the webhook request (verify the signature, record, queue), through Django's
  test Client in this process;
- end to end: from the first request until every event is processed, and the per-event
  latency from ingest to its processing (p50/p95);
- then every account is checked against the fake's final subscription state.

Prints a Markdown table and records it in bench/RESULTS.md. Run it against the test
services (it uses its own database, migrated on first use):

    bash scripts/services.sh up
    eval "$(bash scripts/services.sh env)"
    .venv/bin/python bench/billing_webhooks.py            # -n 1000 --concurrency 2
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import platform
import random
import re
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "cc_billing_bench"
CUSTOMERS = 100
LOGLEVEL = os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING")
STRIPE_KEY = "sk_test_51BenchCareerCopilotKey00000000000"
WEBHOOK_SECRET = "whsec_benchCareerCopilotSigningSecret0"


def _configure_environment() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Needs PostgreSQL: bash scripts/services.sh up && "
            'eval "$(bash scripts/services.sh env)"'
        )
    # A private Redis: a test run elsewhere clearing its cache (FLUSHDB) cannot empty our queue.
    os.environ["REDIS_URL"] = REDIS.url
    parts = urlsplit(url)
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DB}"))
    _create_database(parts)
    for name in ("AWS_STORAGE_BUCKET_NAME", "EMAIL_URL", "DJANGO_ENV", "CELERY_TASK_ALWAYS_EAGER"):
        os.environ.pop(name, None)
    os.environ.update(
        STATE_DIR=str(ROOT / "var" / "bench-billing"),
        LOG_LEVEL="WARNING",
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="careercopilot.settings",
        STRIPE_TEST_SECRET_KEY=STRIPE_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return f"PostgreSQL ({parts.hostname}:{parts.port}/{BENCH_DB}), a private redis-server"


def _create_database(parts) -> None:
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


from tests.support.processes import RedisServer  # noqa: E402

REDIS = RedisServer().start()
atexit.register(REDIS.stop)
SERVICES = _configure_environment()
warnings.filterwarnings("ignore")

from tests.fakes.stripe_lifecycle import subscription_events  # noqa: E402
from tests.fakes.stripe_server import FakeStripe  # noqa: E402

FAKE = FakeStripe(webhook_secret=WEBHOOK_SECRET).start()
os.environ["STRIPE_API_HOST"] = FAKE.url  # read by settings in this process and the worker

import django  # noqa: E402

django.setup()

import stripe  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from billing import stripe_gateway  # noqa: E402
from billing.models import BillingAccount, WebhookEvent  # noqa: E402
from billing.plans import PREMIUM, PRO  # noqa: E402
from billing.selectors import plan_for_user  # noqa: E402
from billing.services.catalog import plans_sync  # noqa: E402
from careercopilot.celery import app as celery_app  # noqa: E402
from tests.support.processes import stop_process, wait_until  # noqa: E402


def reset() -> None:
    """Empty the billing and dj-stripe tables and the bench users (the fake starts empty)."""
    from django.apps import apps

    tables = [
        model._meta.db_table
        for label in ("djstripe", "billing")
        for model in apps.get_app_config(label).get_models()
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    User.objects.filter(email__endswith="@bench.careercopilot.test").delete()
    celery_app.control.purge()


def lifecycle(customer: str, per_customer: int, rng: random.Random) -> list[dict]:
    return subscription_events(
        FAKE,
        customer=customer,
        count=per_customer,
        prices=(PRO.stripe_lookup_key, PREMIUM.stripe_lookup_key),
        rng=rng,
    )


def start_worker(concurrency: int, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "careercopilot",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        str(concurrency),
        "--queues",
        "default",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        LOGLEVEL,
        "--hostname",
        f"bench-{os.getpid()}@%h",
    ]
    log = log_path.open("wb")
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    ping = celery_app.control.inspect(timeout=0.5)
    wait_until(lambda: bool(ping.ping()), timeout=60, interval=0.5, what="the celery worker")
    return process


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Outcome:
    label: str
    customers: int
    total: int
    request_ms: list[float]
    ingest_s: float
    finished_s: float
    latency_ms: list[float]
    correct: int


def run_scenario(label: str, customers: int, per_customer: int, rng: random.Random) -> Outcome:
    """Ingest customers x per_customer shuffled events; wait until the worker did them all."""
    reset()
    users, events = [], []
    for i in range(customers):
        user = User.objects.create_user(email=f"user{i}@bench.careercopilot.test")
        customer = stripe_gateway.customer_get_or_create(user)
        BillingAccount.objects.create(user=user, customer_id=customer.id)
        users.append(user)
        events += lifecycle(customer.id, per_customer, rng)
    rng.shuffle(events)
    signed = [FAKE.signed(event) for event in events]
    client, url, request_ms = Client(), reverse("billing:webhook"), []
    started = time.perf_counter()
    for payload, header in signed:
        t0 = time.perf_counter()
        response = client.post(
            url, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        request_ms.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content
    ingest_s = time.perf_counter() - started
    wait_until(
        lambda: WebhookEvent.objects.filter(status="done").count() >= len(signed),
        timeout=1800,
        interval=0.1,
        what=f"{len(signed)} processed events",
    )
    finished_s = time.perf_counter() - started
    rows = WebhookEvent.objects.values_list("received_at", "processed_at")
    expected = {}
    for sub in FAKE.all("subscription"):
        lookup = sub["items"]["data"][0]["price"]["lookup_key"]
        expected[sub["customer"]] = PREMIUM if lookup == PREMIUM.stripe_lookup_key else PRO
    accounts = {a.user_id: a.customer_id for a in BillingAccount.objects.all()}
    return Outcome(
        label=label,
        customers=customers,
        total=len(signed),
        request_ms=request_ms,
        ingest_s=ingest_s,
        finished_s=finished_s,
        latency_ms=[(done - got).total_seconds() * 1000 for got, done in rows],
        correct=sum(plan_for_user(u) is expected[accounts[u.pk]] for u in users),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--events", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--no-record", action="store_true", help="do not edit bench/RESULTS.md")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    reset()
    stripe.max_network_retries = 0
    plans_sync()
    rng = random.Random(1122)
    load_before = os.getloadavg()[0]
    log_path = ROOT / "var" / "bench-billing" / "worker.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    worker = start_worker(args.concurrency, log_path)
    try:
        outcomes = [
            run_scenario(
                f"bursts: {CUSTOMERS} customers x {args.events // CUSTOMERS} events",
                CUSTOMERS,
                args.events // CUSTOMERS,
                rng,
            ),
            run_scenario(f"spread: {args.events} customers x 1 event", args.events, 1, rng),
        ]
    finally:
        stop_process(worker, timeout=30)
        FAKE.stop()
        REDIS.stop()

    cpu = platform.processor() or platform.machine()
    lines = [
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.system()} "
        f"{platform.release()}, {os.cpu_count()} cores ({cpu}), Python "
        f"{platform.python_version()}; {SERVICES}; one worker, prefork, concurrency "
        f"{args.concurrency}; Stripe API: the local fake, served by the bench process; "
        f"1-minute load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after.",
        f"{args.events} signed `customer.subscription.*` events, shuffled, posted by one client "
        "while the worker runs. Every event lists the customer's subscriptions from the API and "
        "rewrites the account under a row lock. In *bursts*, later events of a customer find "
        "Stripe's state already mirrored (dj-stripe's resync is skipped); in *spread*, every "
        "event is a first sync.",
        "",
        "| measure | " + " | ".join(o.label for o in outcomes) + " |",
        "| --- | " + " | ".join("---:" for _ in outcomes) + " |",
    ]

    def row(name: str, cell) -> str:
        return f"| {name} | " + " | ".join(cell(o) for o in outcomes) + " |"

    lines += [
        row(
            "webhook request (verify, record, queue), p50 / p95",
            lambda o: f"{percentile(o.request_ms, 50):.1f} / {percentile(o.request_ms, 95):.1f} ms",
        ),
        row("ingest rate, one client", lambda o: f"{o.total / o.ingest_s:.0f} events/s"),
        row("all processed, from the first request", lambda o: f"{o.finished_s:.1f} s"),
        row("**end-to-end throughput**", lambda o: f"**{o.total / o.finished_s:.1f} events/s**"),
        row(
            "ingest → processed, p50 / p95",
            lambda o: (
                f"{percentile(o.latency_ms, 50) / 1000:.1f} / "
                f"{percentile(o.latency_ms, 95) / 1000:.1f} s"
            ),
        ),
        row("accounts equal to Stripe's final state", lambda o: f"{o.correct} / {o.customers}"),
    ]
    table = "\n".join(lines)
    print(table)
    if not args.no_record:
        record(table)
    return 0 if all(o.correct == o.customers for o in outcomes) else 1


def record(table: str) -> None:
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    run = (
        'Run: `bash scripts/services.sh up && eval "$(bash scripts/services.sh env)" && '
        ".venv/bin/python bench/billing_webhooks.py`"
    )
    section = f"## Billing webhooks\n\n{table}\n\n{run}\n"
    pattern = re.compile(r"## Billing webhooks\n.*?(?=\n## |\Z)", re.S)
    text = (
        pattern.sub(section.rstrip("\n"), text)
        if pattern.search(text)
        else (text.rstrip("\n") + "\n\n" + section)
    )
    results.write_text(text if text.endswith("\n") else text + "\n")


if __name__ == "__main__":
    sys.exit(main())
