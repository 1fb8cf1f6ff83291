"""Structured logging: a request id on every log line, and one line per request."""

import contextvars
import json
import logging
import time
import uuid

from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
request_logger = logging.getLogger("careercopilot.request")

_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS})
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def _incoming_request_id(request: HttpRequest) -> str:
    candidate = request.headers.get("X-Request-ID", "")
    if candidate and len(candidate) <= 64 and candidate.replace("-", "").isalnum():
        return candidate
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Gives each request an id (echoed in X-Request-ID) and logs its duration."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.id = _incoming_request_id(request)
        token = request_id_var.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request.id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": getattr(getattr(request, "user", None), "pk", None),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _attach_request_id(headers=None, **_kwargs) -> None:
    if headers is not None and "request_id" not in headers:
        headers["request_id"] = request_id_var.get()


def _adopt_request_id(task=None, **_kwargs) -> None:
    if task is None:
        return
    headers = getattr(task.request, "headers", None) or {}
    request_id = getattr(task.request, "request_id", None) or headers.get("request_id")
    request_id_var.set(
        request_id if request_id and request_id != "-" else f"task-{task.request.id}"
    )


def connect_task_signals() -> None:
    """Carries the request id from the web request into the Celery task's log lines."""
    from celery.signals import before_task_publish, task_prerun

    before_task_publish.connect(_attach_request_id, weak=False)
    task_prerun.connect(_adopt_request_id, weak=False)
