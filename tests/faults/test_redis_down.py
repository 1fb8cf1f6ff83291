"""Redis (cache and Celery broker) stops: pages still render, /health/ is 503 naming redis,
work asked for meanwhile is kept, and it runs once Redis is back.

A throwaway redis-server is the cache and the broker of this process (the Django test
Client) and of a real Celery worker, on the test PostgreSQL database.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from careercopilot.jobs.models import JobState
from careercopilot.jobs.sweeper import jobs_requeue_stalled
from resumes import services as resume_services
from resumes.models import MatchAnalysis
from resumes.tests import samples
from tests.faults.support import Worker
from tests.support.processes import wait_until

from .conftest import premium

PAGES = [
    reverse("dashboard"),
    reverse("tracker:board"),
    reverse("tracker:application_list"),
    reverse("resumes:resume_list"),
    reverse("resumes:analysis_new"),
    reverse("courses:list"),
    reverse("billing:home"),
]


def test_pages_render_and_health_names_redis_while_it_is_down(
    redis_everywhere, alice, alice_client
):
    for path in PAGES:
        assert alice_client.get(path).status_code == 200, path

    redis_everywhere.stop()

    for path in PAGES:
        response = alice_client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    # Signing in uses the cache too (rate limits): it still works.
    anonymous = Client()
    assert anonymous.get(reverse("account_login")).status_code == 200

    health = Client().get("/health/", headers={"Authorization": "Bearer fault-monitor"})
    assert health.status_code == 503
    checks = health.json()["checks"]
    assert checks["db"]["status"] == "ok"
    for name in ("cache", "broker"):
        assert checks[name]["service"] == "redis", checks
        assert checks[name]["status"].startswith("error"), checks
    assert "redis" in checks["cache"]["status"]


@pytest.mark.django_db(transaction=True)  # the worker process sees committed rows only
def test_an_analysis_asked_for_while_redis_is_down_runs_once_it_is_back(
    redis_everywhere, alice, tmp_path
):
    premium(alice)
    client = Client()
    client.force_login(alice)
    from careercopilot.celery import app

    app.conf.task_always_eager = True  # extraction in-process, before the outage
    version = resume_services.resume_upload(
        user=alice, name="Backend", filename="cv.pdf", data=samples.text_pdf()
    )
    app.conf.task_always_eager = False
    version.refresh_from_db()
    assert version.state == JobState.DONE, version.error

    redis_everywhere.stop()
    response = client.post(
        reverse("resumes:analysis_new"),
        {"version": version.pk, "job_title": "Backend", "job_description": samples.JOB},
    )

    # The user's request is kept and shown as queued, not an error page.
    assert response.status_code == 302, response.status_code
    analysis = MatchAnalysis.objects.get()
    assert analysis.state == JobState.PENDING
    page = client.get(response["Location"])
    assert page.status_code == 200 and ": queued…" in page.content.decode()

    redis_everywhere.start()  # the same port: Redis is back, empty (its queue was lost)
    worker = Worker(broker_url=redis_everywhere.url, log_path=tmp_path / "worker.log").start()
    try:
        assert jobs_requeue_stalled() == 1  # what beat runs every minute

        def finished() -> bool:
            analysis.refresh_from_db()
            return analysis.is_finished

        try:
            wait_until(finished, timeout=60, interval=0.2, what="the analysis to finish")
        except TimeoutError as exc:
            raise AssertionError(f"{exc}\nworker log:\n{worker.log()}") from None
    finally:
        worker.stop()

    assert analysis.state == JobState.DONE, analysis.error
    assert analysis.score is not None
    assert MatchAnalysis.objects.count() == 1
    page = client.get(response["Location"])
    assert f"{analysis.score}" in page.content.decode()
    assert jobs_requeue_stalled() == 0  # nothing left to send
