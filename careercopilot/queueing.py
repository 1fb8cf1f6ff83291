"""Queueing Celery tasks so that a broker outage never costs the user's action.

Long work is a row with a status (our own state) plus a message that tells a worker to
move it forward. The row is what matters: it is committed first, and the message is sent
after the commit. If the broker (Redis) is down at that moment, the send is logged and
skipped instead of turning the request into an error page; the row stays queued, and the
app's beat sweeper sends it again once the broker is back.
"""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, ConnectionError, OSError)


def send(task, *args, **options) -> bool:
    """``task.apply_async(args, **options)``; False (logged) if the broker is unreachable."""
    if task.app.conf.task_always_eager:  # runs in-process: its own errors must propagate
        task.apply_async(args, **options)
        return True
    try:
        task.apply_async(args, **options)
    except BROKER_ERRORS as exc:
        logger.warning(
            "broker unavailable: %s%r not queued now; the sweeper will queue it (%s)",
            task.name,
            args,
            exc,
        )
        return False
    return True


def send_on_commit(task, *args, **options) -> None:
    """``send(task, *args)`` once the current transaction commits."""
    transaction.on_commit(partial(send, task, *args, **options))
