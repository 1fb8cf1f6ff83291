"""No secret reaches a log: a full sign-up, password reset and calendar fetch, with the
emails sent by a real worker through Redis, leave no link key or token in the web log or
in the worker's log."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from careercopilot.logredact import RedactSecretsFilter, redact_text
from tests.support.logs import site_log
from tests.support.processes import wait_until

PASSWORD = "Correct-Horse-Battery-42"


@pytest.fixture
def web_log():
    with site_log() as output:
        yield output


def _mails(worker, count: int) -> list[str]:
    wait_until(
        lambda: len(list(worker.mail_dir.iterdir())) >= count,
        timeout=30,
        interval=0.2,
        what=f"{count} email(s) from the worker",
    )
    files = sorted(worker.mail_dir.iterdir(), key=lambda p: p.stat().st_mtime)
    return [p.read_text() for p in files]


def _path(mail: str, fragment: str) -> str:
    match = re.search(rf"https?://[^/\s]+(\S*{re.escape(fragment)}\S*)", mail)
    assert match, mail
    return match.group(1)


@pytest.mark.real_worker
def test_sign_up_reset_and_calendar_fetch_leave_no_secret_in_any_log(
    celery_worker_process, web_log
):
    from accounts.models import User
    from tracker.services.preferences import preferences_get

    client = Client()
    client.post(
        reverse("account_signup"),
        {"email": "dana@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    confirm_path = _path(_mails(celery_worker_process, 1)[0], "/accounts/confirm-email/")
    assert client.post(confirm_path).status_code == 302

    client.post(reverse("account_reset_password"), {"email": "dana@example.com"})
    reset_path = _path(_mails(celery_worker_process, 2)[-1], "/accounts/password/reset/key/")
    assert client.get(reset_path).status_code in (200, 302)

    user = User.objects.get(email="dana@example.com")
    token = preferences_get(user=user).calendar_token
    feed = client.get(reverse("tracker:calendar_feed", args=[token]))
    assert feed.status_code == 200

    confirm_key = confirm_path.rstrip("/").rsplit("/", 1)[-1]
    reset_key = reset_path.rstrip("/").rsplit("/", 1)[-1]
    secrets = {"confirmation key": confirm_key, "reset key": reset_key, "calendar token": token}
    logs = {"web": web_log(), "worker": celery_worker_process.log()}
    assert "/tracker/calendar/[redacted].ics" in logs["web"]  # the fetch was logged, redacted
    assert "email_message_send" in logs["worker"]  # the worker did log the email tasks
    for where, text in logs.items():
        for what, secret in secrets.items():
            assert secret not in text, f"the {what} is in the {where} log"


def test_token_paths_keep_their_shape_without_the_secret():
    assert redact_text("GET /tracker/calendar/Ab_9xYz-123.ics 200") == (
        "GET /tracker/calendar/[redacted].ics 200"
    )
    assert redact_text("/accounts/confirm-email/MQ:1v2Xab:9f8e7d/") == (
        "/accounts/confirm-email/[redacted]/"
    )
    assert redact_text("/accounts/password/reset/key/1-cz3d7a-0f1e2d3c4b5a/") == (
        "/accounts/password/reset/key/[redacted]/"
    )
    signed = "/courses/invite/eyJ1IjoxMn0a9Q3vTzR8kLmN0pQrStUvWx/"
    assert redact_text(signed) == "/courses/invite/[redacted]/"
    # Ordinary pages are left alone.
    for path in ("/courses/12/assignments/3/grade/", "/resumes/letters/7/export/docx/"):
        assert redact_text(path) == path


def test_secret_fields_and_task_arguments_are_redacted_from_records():
    log_filter = RedactSecretsFilter()
    record = logging.makeLogRecord(
        {
            "name": "celery.app.trace",
            "msg": "Task %(name)s[%(id)s] succeeded: %(return_value)s",
            "args": {
                "name": "accounts.tasks.email_message_send",
                "id": "1",
                "return_value": "key-1",
            },
            "data": {"name": "x", "args": "('https://x/accounts/password/reset/key/1-abc/',)"},
            "password": "hunter2",
            "context": {"api_key": "sk_live_123", "count": 3},
        }
    )
    log_filter.filter(record)

    assert record.getMessage() == "Task accounts.tasks.email_message_send[1] succeeded: [redacted]"
    assert record.data == {"name": "x", "args": "[redacted]"}
    assert record.password == "[redacted]"
    assert record.context == {"api_key": "[redacted]", "count": 3}
