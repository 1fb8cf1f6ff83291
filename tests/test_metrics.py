"""`/metrics` (careercopilot/metrics.py): off without METRICS_TOKEN, a bearer token with it,
and each metric family present and moving: requests by view, queue depths, job rows,
Celery task outcomes, webhook lag; summed over processes under gunicorn and a Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

from careercopilot import metrics
from tests.support.processes import (
    database_url,
    env_without,
    free_port,
    port_answers,
    stop_process,
    tail,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "scrape-token-5f0c2d9e"


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, frozenset of labels): value} of an exposition."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


@pytest.fixture
def scrape(client, settings, db):
    settings.METRICS_TOKEN = TOKEN
    metrics._jobs_collector._cached = None

    def get() -> dict:
        metrics._jobs_collector._cached = None  # read the rows now, not 10 s ago
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return samples(response.content.decode())

    return get


def test_metrics_are_off_without_a_token(client, settings):
    """Guards: an unconfigured deployment does not publish its internals."""
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", TOKEN])
def test_metrics_need_the_bearer_token(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = client.get("/metrics", **headers)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"careercopilot_" not in response.content


def test_requests_are_counted_by_view_and_status_with_latency(scrape, alice_client):
    before = scrape()

    assert alice_client.get("/dashboard/").status_code == 200
    assert alice_client.get("/tracker/applications/999999/edit/").status_code == 404
    after = scrape()

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert (
        moved("careercopilot_http_requests_total", view="dashboard", method="GET", status="200")
        == 1
    )
    assert (
        moved("careercopilot_http_request_duration_seconds_count", view="dashboard", method="GET")
        == 1
    )
    assert (
        moved(
            "careercopilot_http_request_duration_seconds_bucket",
            view="dashboard",
            method="GET",
            le="+Inf",
        )
        == 1
    )
    # By route name, never by path: an id in the URL adds no series.
    statuses = {
        dict(labels)["status"]
        for (name, labels) in after
        if name == "careercopilot_http_requests_total"
        and dict(labels)["view"] == "tracker:application_edit"
        and moved(name, **dict(labels)) > 0
    }
    assert statuses == {"404"}  # only what this test asked for (the registry is per process)
    assert not any("999999" in str(labels) for (_, labels) in after)


def test_queued_and_running_job_rows_are_counted_with_the_oldest_wait(scrape, alice):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import DataExport

    before = scrape()
    DataExport.objects.create(user=alice, created_at=timezone.now() - timedelta(minutes=5))
    DataExport.objects.create(user=alice, state="running", started_at=timezone.now())
    after = scrape()

    kind = "accounts.DataExport"
    assert value(after, "careercopilot_jobs", kind=kind, state="pending") == (
        value(before, "careercopilot_jobs", kind=kind, state="pending") + 1
    )
    assert value(after, "careercopilot_jobs", kind=kind, state="running") == (
        value(before, "careercopilot_jobs", kind=kind, state="running") + 1
    )
    assert value(after, "careercopilot_job_oldest_queued_seconds", kind=kind) >= 300


def test_webhook_lag_is_the_age_of_the_oldest_unprocessed_stripe_event(scrape):
    from datetime import timedelta

    from django.utils import timezone

    from billing.models import WebhookEvent

    assert value(scrape(), "careercopilot_webhook_lag_seconds") == 0
    event = WebhookEvent.objects.create(stripe_id="evt_metrics_1", type="invoice.paid", payload={})
    WebhookEvent.objects.filter(pk=event.pk).update(
        received_at=timezone.now() - timedelta(minutes=3)
    )
    WebhookEvent.objects.create(
        stripe_id="evt_metrics_2", type="invoice.paid", payload={}, status=WebhookEvent.Status.DONE
    )

    found = scrape()

    assert value(found, "careercopilot_webhook_events_pending") == 1
    assert value(found, "careercopilot_webhook_lag_seconds") >= 180


def test_queue_depth_is_read_from_the_broker(scrape, settings):
    """Guards the queue-wait alert: messages nobody has taken show per queue."""
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs the Redis broker: set REDIS_URL")
    from careercopilot.celery import app

    app.control.purge()
    with app.producer_or_acquire() as producer:
        for _ in range(3):
            producer.publish(
                {"probe": True},
                exchange="video",
                routing_key="video",
                declare=[q for q in settings.CELERY_TASK_QUEUES if q.name == "video"],
            )
    try:
        found = scrape()
    finally:
        app.control.purge()

    assert value(found, "careercopilot_celery_broker_up") == 1
    assert value(found, "careercopilot_celery_queue_messages", queue="video") == 3
    assert value(found, "careercopilot_celery_queue_messages", queue="ai") == 0


@pytest.fixture
def multiproc_dir(tmp_path) -> Path:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    # A previous run's file: summed in unless the server empties the folder when it starts.
    (folder / "counter_1.db").write_bytes(b"\0" * 16)
    return folder


@pytest.mark.skipif(
    os.environ.get("CC_FAULTS") != "1",
    reason="slow multi-process test (a real gunicorn recycling its workers): run `make faults`",
)
def test_gunicorn_workers_are_summed_in_one_scrape(transactional_db, multiproc_dir):
    """Guards multiprocess mode: every worker process (here each retires after 5 requests)
    writes to PROMETHEUS_MULTIPROC_DIR and any one of them answers for all."""
    port = free_port()
    env = env_without(
        "PORT",
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        DATABASE_URL=database_url(connection.settings_dict),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="1",
        GUNICORN_MAX_REQUESTS="5",
        PROMETHEUS_MULTIPROC_DIR=str(multiproc_dir),
        METRICS_TOKEN=TOKEN,
    )
    log = multiproc_dir.parent / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "careercopilot.wsgi:application",
                "-c",
                "gunicorn.conf.py",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: port_answers(port), timeout=120, what="gunicorn")
        url = f"http://127.0.0.1:{port}"
        for _ in range(20):
            assert requests.get(f"{url}/pricing/", timeout=90).status_code == 200
        text = requests.get(
            f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
        ).text
    except Exception:
        print(tail(log))
        raise
    finally:
        stop_process(server, timeout=20)

    found = samples(text)
    assert (
        value(
            found, "careercopilot_http_requests_total", view="pricing", method="GET", status="200"
        )
        == 20
    )
    pids = {p.name.rsplit("_", 1)[-1] for p in multiproc_dir.glob("counter_*.db")}
    assert "1.db" not in pids
    assert len(pids) >= 4  # 20 requests, 5 per worker process


@pytest.mark.real_worker
def test_celery_task_outcomes_are_served_by_the_worker(
    transactional_db, multiproc_dir, monkeypatch, request
):
    """Guards the worker's own endpoint: tasks run in the worker process, not in web."""
    port = free_port()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(multiproc_dir))
    monkeypatch.setenv("CELERY_METRICS_PORT", str(port))
    monkeypatch.setenv("CELERY_METRICS_ADDRESS", "127.0.0.1")
    monkeypatch.setenv("METRICS_TOKEN", TOKEN)
    worker = request.getfixturevalue("celery_worker_process")
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")  # this process keeps its own registry

    from accounts.models import Notification, User
    from accounts.services import notify

    alice = User.objects.create_user(email="alice@example.com", password="Alice-Pass-12345")
    notification = notify(user=alice, title="Your export is ready", url="/me/")
    wait_until(
        lambda: Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists(),
        timeout=30,
        interval=0.2,
        what="the worker to send the email",
    )
    url = f"http://127.0.0.1:{port}/metrics"
    assert requests.get(url, timeout=10).status_code == 401
    text = requests.get(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10).text

    found = samples(text)
    task = "accounts.tasks.notification_send_email"
    labels = {"task": task, "queue": "default"}
    assert value(found, "careercopilot_celery_tasks_total", outcome="success", **labels) == 1, (
        worker.log()[-3000:]
    )
    assert value(found, "careercopilot_celery_task_duration_seconds_count", **labels) == 1
    assert not (multiproc_dir / "counter_1.db").exists()


def test_alert_rules_and_the_dashboard_use_only_metrics_the_app_serves(scrape, alice_client):
    """Guards deploy/prometheus/alerts.yml and deploy/grafana/careercopilot.json against a
    renamed metric (an alert on a name nobody serves never fires)."""
    import re

    from accounts.tasks import notifications_purge_old

    alice_client.get("/dashboard/")
    notifications_purge_old.delay()  # in this process (eager): task samples here too
    served = {name for (name, _) in scrape()}
    for path in ("deploy/prometheus/alerts.yml", "deploy/grafana/careercopilot.json"):
        used = set(re.findall(r"careercopilot_[a-z_]+", (ROOT / path).read_text()))
        assert used, path
        assert used <= served, f"{path} uses {sorted(used - served)}"
