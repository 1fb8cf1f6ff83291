"""Keeps secrets out of the logs: token paths, secret fields and task arguments.

A logging filter on every handler rewrites each record before it is formatted:
- paths that carry a secret (the calendar feed token, email-confirmation and password-reset
  keys, any long token-like path segment) keep their shape with the secret replaced;
- fields named like a secret (password, token, key, secret, cookie, authorization, body)
  are replaced, at any depth of an ``extra`` value;
- Celery's own lines (task received / succeeded) lose their argument and result reprs,
  since a task's arguments are not ours to vouch for.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "[redacted]"
SECRET_PATHS = (
    re.compile(r"(/calendar/)[^/\s?#]+(\.ics)"),
    re.compile(r"(/confirm-email/)[^/\s?#]+()"),
    re.compile(r"(/password/reset/key/)[^/\s?#]+()"),
    # Any other long token-like segment (signed values, keys): never a page name.
    re.compile(r"(/)[A-Za-z0-9_\-:.]*[0-9][A-Za-z0-9_\-:.]*[A-Za-z][A-Za-z0-9_\-:.]{22,}()"),
)
SECRET_FIELD = re.compile(
    r"pass(word)?|secret|token|api[_-]?key|^key$|cookie|authori[sz]ation|session|^body$|^html$",
    re.IGNORECASE,
)
CELERY_REPRS = ("args", "kwargs", "return_value", "argsrepr", "kwargsrepr", "result")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def redact_text(text: str) -> str:
    for pattern in SECRET_PATHS:
        text = pattern.sub(lambda m: f"{m.group(1)}{REDACTED}{m.group(2)}", text)
    return text


def redact_value(value: Any, *, depth: int = 0) -> Any:
    if depth > 5:
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {
            key: REDACTED
            if isinstance(key, str) and SECRET_FIELD.search(key)
            else redact_value(item, depth=depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(redact_value(item, depth=depth + 1) for item in value)
    return value


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        celery_line = record.name.startswith("celery")
        if celery_line and isinstance(record.args, dict):
            record.args = {
                k: (REDACTED if k in CELERY_REPRS else v) for k, v in record.args.items()
            }
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: keep the template only
            message = str(record.msg)
        record.msg, record.args = redact_text(message), ()
        for name, value in list(vars(record).items()):
            if name in _STANDARD:
                continue
            if SECRET_FIELD.search(name):
                setattr(record, name, REDACTED)
            elif celery_line and name == "data" and isinstance(value, dict):
                record.data = {
                    k: (REDACTED if k in CELERY_REPRS else redact_value(v))
                    for k, v in value.items()
                }
            else:
                setattr(record, name, redact_value(value))
        return True
