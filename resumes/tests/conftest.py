"""Fixtures for the resumes tests: uploaded versions, analyses and the fake Claude server."""

from __future__ import annotations

import pytest

from careercopilot.jobs.models import JobState
from resumes import services

from . import samples


@pytest.fixture(autouse=True)
def _premium_personas(request):
    """Alice and Bob are on Premium (no quotas, Claude allowed); quota tests use others."""
    import datetime as dt

    from django.utils import timezone

    from billing.services import plan_grant

    until = timezone.now() + dt.timedelta(days=30)
    for name in ("alice", "bob"):
        if name in request.fixturenames:
            plan_grant(user=request.getfixturevalue(name), plan_code="premium", until=until)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Runs on_commit callbacks (the queued tasks, eagerly) when the block exits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def make_version(on_commit):
    def make(user, data: bytes | None = None, name: str = "Backend resume", filename="cv.pdf"):
        with on_commit():
            version = services.resume_upload(
                user=user, name=name, filename=filename, data=data or samples.text_pdf()
            )
        version.refresh_from_db()
        return version

    return make


@pytest.fixture
def alice_version(alice, make_version):
    version = make_version(alice)
    assert version.state == JobState.DONE, version.error
    return version
