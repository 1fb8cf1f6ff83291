"""The site's log output during a test, through the configured console handler's
formatter and filters (settings.LOGGING: JSON lines, request ids, redaction)."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from careercopilot.observability import JsonFormatter


@contextmanager
def site_log(level: int = logging.INFO) -> Iterator[Callable[[], str]]:
    root = logging.getLogger()
    console = next(h for h in root.handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    capture = logging.StreamHandler(stream)
    capture.setFormatter(console.formatter)
    for log_filter in console.filters:
        capture.addFilter(log_filter)
    root.addHandler(capture)
    previous_level = root.level
    root.setLevel(level)
    try:
        yield stream.getvalue
    finally:
        root.setLevel(previous_level)
        root.removeHandler(capture)
