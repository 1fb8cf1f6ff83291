"""Prometheus metrics (prometheus-client): `/metrics`, behind `Authorization: Bearer
$METRICS_TOKEN`, and off (404) without the setting.

- Requests by view, method and status, with latency histograms (`MetricsMiddleware`).
- Celery tasks by task, queue and outcome, with durations (task signals, `connect_task_signals`).
- Read when scraped: messages waiting in each Celery queue, and job rows by kind and
  state with the age of the oldest queued one, and Stripe events waiting (webhook lag).

Under gunicorn and Celery's prefork pool, set PROMETHEUS_MULTIPROC_DIR (an empty folder
per container, before the process starts): every process writes its samples there and a
scrape sums them. `wipe_multiprocess_dir` empties it when the server or worker starts.
A Celery worker serves its own metrics (same token) on CELERY_METRICS_PORT.
"""

from __future__ import annotations

import hmac
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Pages answer in tens of milliseconds; uploads and exports may take seconds.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30)
TASK_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 7200)
JOBS_CACHE_SECONDS = 10  # two scrapers (or two nodes) do not double the database work

REQUESTS = Counter(
    "careercopilot_http_requests",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "careercopilot_http_request_duration_seconds",
    "Time to answer an HTTP request, by view and method.",
    ["view", "method"],
    buckets=LATENCY_BUCKETS,
)
TASKS = Counter(
    "careercopilot_celery_tasks",
    "Celery tasks finished, by task, queue and outcome (success, failure, retry, ...).",
    ["task", "queue", "outcome"],
)
TASK_SECONDS = Histogram(
    "careercopilot_celery_task_duration_seconds",
    "Run time of Celery tasks, by task and queue.",
    ["task", "queue"],
    buckets=TASK_BUCKETS,
)


# --- Requests ----------------------------------------------------------------------------
def view_label(request: HttpRequest) -> str:
    """The route's name ("tracker:board"), never the path: one series per view, not per id."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or "<unnamed>"


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_label(request)
        REQUEST_SECONDS.labels(view, request.method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        return response


# --- Celery tasks ------------------------------------------------------------------------
_task_started: dict[str, float] = {}


def _queue_of(task) -> str:
    delivery = getattr(task.request, "delivery_info", None) or {}
    return delivery.get("routing_key") or getattr(task, "queue", None) or "eager"


def _task_prerun(task_id=None, **_kwargs) -> None:
    if task_id:
        _task_started[task_id] = time.perf_counter()


def _task_postrun(task_id=None, task=None, state=None, **_kwargs) -> None:
    started = _task_started.pop(task_id, None)
    if task is None:
        return
    queue = _queue_of(task)
    TASKS.labels(task.name, queue, (state or "unknown").lower()).inc()
    if started is not None:
        TASK_SECONDS.labels(task.name, queue).observe(time.perf_counter() - started)


def _worker_init(**_kwargs) -> None:
    """In the worker's main process, before it forks its pool."""
    wipe_multiprocess_dir()
    port = int(os.environ.get("CELERY_METRICS_PORT", "0") or 0)
    if port:
        serve_worker_metrics(port)


def connect_task_signals() -> None:
    from celery.signals import celeryd_init, task_postrun, task_prerun

    task_prerun.connect(_task_prerun, weak=False)
    task_postrun.connect(_task_postrun, weak=False)
    celeryd_init.connect(_worker_init, weak=False)


# --- Read at scrape time -----------------------------------------------------------------
class JobsCollector:
    """Queue depths from the broker and job rows from the database, read when scraped
    (at most every JOBS_CACHE_SECONDS per process)."""

    def __init__(self) -> None:
        self._cached: tuple[float, list] | None = None
        self._lock = threading.Lock()

    def collect(self):
        with self._lock:
            if self._cached is None or time.monotonic() - self._cached[0] > JOBS_CACHE_SECONDS:
                found = [*self._queues(), *self._jobs(), *self._webhooks()]
                self._cached = (time.monotonic(), found)
            return list(self._cached[1])

    def _queues(self) -> list:
        from kombu import Connection

        depth = GaugeMetricFamily(
            "careercopilot_celery_queue_messages",
            "Messages waiting in each Celery queue (not yet taken by a worker).",
            labels=["queue"],
        )
        up = GaugeMetricFamily(
            "careercopilot_celery_broker_up", "1 if the broker answered this scrape."
        )
        try:
            with Connection(
                settings.CELERY_BROKER_URL,
                transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
                connect_timeout=2,
            ) as conn:
                channel = conn.default_channel
                for queue in settings.CELERY_TASK_QUEUES:
                    declared = queue.bind(channel).queue_declare()  # idempotent, as workers do
                    depth.add_metric([queue.name], declared.message_count)
            up.add_metric([], 1)
            return [depth, up]
        except Exception:  # noqa: BLE001 - a broker outage is a value, not a failed scrape
            logger.warning("metrics: the broker did not answer", exc_info=True)
            up.add_metric([], 0)
            return [up]

    def _jobs(self) -> list:
        from django.db.models import Count, Min, Q
        from django.utils import timezone

        from .jobs.models import JobState
        from .jobs.registry import job_kinds

        rows = GaugeMetricFamily(
            "careercopilot_jobs",
            "Job rows queued or running, by kind and state.",
            labels=["kind", "state"],
        )
        oldest = GaugeMetricFamily(
            "careercopilot_job_oldest_queued_seconds",
            "Age of the oldest queued job row of each kind (0 when none waits).",
            labels=["kind"],
        )
        now = timezone.now()
        for kind in job_kinds():
            found = kind.queryset().aggregate(
                pending=Count("pk", filter=Q(state=JobState.PENDING)),
                running=Count("pk", filter=Q(state=JobState.RUNNING)),
                oldest=Min("created_at", filter=Q(state=JobState.PENDING)),
            )
            rows.add_metric([kind.label, JobState.PENDING], found["pending"])
            rows.add_metric([kind.label, JobState.RUNNING], found["running"])
            waited = (now - found["oldest"]).total_seconds() if found["oldest"] else 0
            oldest.add_metric([kind.label], max(waited, 0))
        return [rows, oldest]

    def _webhooks(self) -> list:
        from django.db.models import Count, Min
        from django.utils import timezone

        from billing.models import WebhookEvent

        found = WebhookEvent.objects.filter(status=WebhookEvent.Status.PENDING).aggregate(
            pending=Count("pk"), oldest=Min("received_at")
        )
        pending = GaugeMetricFamily(
            "careercopilot_webhook_events_pending", "Stripe events received, not yet processed."
        )
        pending.add_metric([], found["pending"])
        lag = GaugeMetricFamily(
            "careercopilot_webhook_lag_seconds",
            "Age of the oldest Stripe event not yet processed (0 when none waits).",
        )
        waited = (timezone.now() - found["oldest"]).total_seconds() if found["oldest"] else 0
        lag.add_metric([], max(waited, 0))
        return [pending, lag]


_jobs_collector = JobsCollector()


# --- Exposition --------------------------------------------------------------------------
def _registry(*, with_jobs: bool) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    if with_jobs:
        registry.register(_jobs_collector)
    return registry


def token_matches(authorization: str) -> bool:
    token = settings.METRICS_TOKEN
    scheme, _, given = authorization.partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _unauthorised() -> HttpResponse:
    response = HttpResponse("A bearer token is required.\n", status=401)
    response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    return response


@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_TOKEN:
        raise Http404
    if not token_matches(request.headers.get("Authorization", "")):
        return _unauthorised()
    output = generate_latest(_registry(with_jobs=True))
    return HttpResponse(output, content_type=CONTENT_TYPE_LATEST)


def wipe_multiprocess_dir() -> None:
    """Samples of a previous run must not be summed into this one."""
    folder = os.environ.get(MULTIPROC_ENV)
    if not folder:
        return
    path = Path(folder)
    if path.is_dir():
        for entry in path.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    path.mkdir(parents=True, exist_ok=True)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def worker_metrics_app(environ, start_response):
    """The worker's metrics (its task counters; queues and jobs come from the web nodes)."""
    if not settings.METRICS_TOKEN or environ.get("PATH_INFO") != "/metrics":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"Not found.\n"]
    if not token_matches(environ.get("HTTP_AUTHORIZATION", "")):
        start_response(
            "401 Unauthorized",
            [("Content-Type", "text/plain"), ("WWW-Authenticate", 'Bearer realm="metrics"')],
        )
        return [b"A bearer token is required.\n"]
    output = generate_latest(_registry(with_jobs=False))
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
    return [output]


def serve_worker_metrics(port: int, address: str | None = None) -> WSGIServer:
    address = address or os.environ.get("CELERY_METRICS_ADDRESS", "0.0.0.0")  # noqa: S104
    server = make_server(address, port, worker_metrics_app, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    logger.info("metrics on %s:%s/metrics", address, server.server_port)
    return server
