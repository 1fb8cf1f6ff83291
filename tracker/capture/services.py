"""Saving a captured posting: a new application, or an update of the one tracking it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Application, WorkMode
from ..services.applications import application_create, application_update
from .document import MAX_TEXT_CHARS
from .selectors import tracked_application
from .urls import board_name, normalise_url

PERIOD_WORDS = {"hour": "an hour", "day": "a day", "week": "a week", "month": "a month"}


@dataclass
class CaptureOutcome:
    application: Application
    created: bool


def application_capture(*, user, url: str, fields: dict[str, Any]) -> CaptureOutcome:
    """Creates the application for a confirmed posting, or updates the one that already
    tracks its address. Fields the capture left empty never blank what is stored.

    ``fields``: title, company, location, remote, salary_min, salary_max,
    salary_currency, salary_period, deadline, description.
    """
    posting_url = normalise_url(url) if url else ""
    if url and not posting_url:
        raise ValidationError({"url": ["Enter a web address starting with http:// or https://."]})
    data = _application_data(fields)
    with transaction.atomic():
        # One capture at a time per user: two clicks on one posting make one application.
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        existing = tracked_application(user, posting_url) if posting_url else None
        if existing is not None:
            data["notes"] = _with_pay_note(existing.notes, fields)
            update = {k: v for k, v in data.items() if v not in (None, "")}
            if update.get("notes") == existing.notes:
                update.pop("notes")
            application_update(application=existing, data=update)
            return CaptureOutcome(application=existing, created=False)
        data.update(
            posting_url=posting_url,
            source=board_name(posting_url),
            notes=_with_pay_note("", fields),
        )
        create = {k: v for k, v in data.items() if v not in (None, "")}
        application = application_create(user=user, data=create)
        return CaptureOutcome(application=application, created=True)


def _application_data(fields: dict[str, Any]) -> dict[str, Any]:
    currency = (fields.get("salary_currency") or "").strip().upper()
    return {
        "position": (fields.get("title") or "").strip(),
        "company": (fields.get("company") or "").strip(),
        "location": (fields.get("location") or "").strip(),
        "work_mode": WorkMode.REMOTE if fields.get("remote") else "",
        "salary_min": fields.get("salary_min"),
        "salary_max": fields.get("salary_max"),
        "salary_currency": currency,
        "deadline": fields.get("deadline"),
        "description": (fields.get("description") or "").strip()[:MAX_TEXT_CHARS],
    }


def _with_pay_note(notes: str, fields: dict[str, Any]) -> str:
    """The application's salary columns hold amounts; pay per hour (day, week, month)
    is said in the notes so nobody reads it as a yearly figure."""
    period = fields.get("salary_period") or ""
    low, high = fields.get("salary_min"), fields.get("salary_max")
    if period not in PERIOD_WORDS or (low is None and high is None):
        return notes
    amounts = "–".join(
        f"{value:,}" for value in dict.fromkeys(v for v in (low, high) if v is not None)
    )
    line = f"Pay as posted: {amounts} {fields.get('salary_currency') or ''} {PERIOD_WORDS[period]}."
    line = " ".join(line.split())
    if line in notes:
        return notes
    return f"{notes}\n{line}".strip()


def capture_match_start(*, user, application: Application):
    """Queues a match of the default resume against the captured job.

    Returns (analysis, "") or (None, why not): no resume yet, a description too short,
    or the plan's quota used up. The capture itself stands either way.
    """
    from resumes import quotas
    from resumes import selectors as resume_selectors
    from resumes import services as resume_services

    version = resume_selectors.default_version(user)
    if version is None:
        return None, "Upload a resume first: the match compares the job with your default resume."
    try:
        analysis = resume_services.analysis_request(
            user=user,
            version=version,
            job_description=application.description[: settings.JOB_DESCRIPTION_MAX_CHARS],
            job_title=application.position,
            company=application.company,
            application=application,
        )
    except ValidationError as exc:
        return None, " ".join(exc.messages)
    except quotas.QuotaExceeded as exc:
        return None, str(exc)
    return analysis, ""
