"""The new seeker's first-run checklist on the dashboard: each step ticked from real data,
dismissible, and gone once every step is done."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from resumes.models import MatchAnalysis, Resume, ResumeVersion
from tracker.models import SeekerPreferences

from .factories import make_application

pytestmark = pytest.mark.django_db

STEPS = ("resume", "application", "match", "reminders")


def _dashboard(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _done_steps(html: str) -> set[str]:
    return set(re.findall(r'class="onboarding-step done" data-step="(\w+)"', html))


def _resume_and_match(user) -> None:
    resume = Resume.objects.create(user=user, name="Backend resume", is_default=True)
    version = ResumeVersion.objects.create(
        resume=resume,
        number=1,
        file="resumes/x.pdf",
        file_kind="pdf",
        original_filename="cv.pdf",
        size_bytes=10,
        sha256="0" * 64,
    )
    MatchAnalysis.objects.create(user=user, version=version, job_description="A job. " * 10)


def test_a_new_seeker_sees_four_steps_none_ticked(alice_client):
    """Guards the first run: a seeker with no data is shown what to do first, not zeros."""
    html = _dashboard(alice_client)
    assert 'data-testid="onboarding"' in html
    assert all(f'data-step="{key}"' in html for key in STEPS)
    assert _done_steps(html) == set()
    assert '<span data-testid="onboarding-progress">0 of 4</span>' in html
    assert reverse("resumes:resume_list") in html and reverse("tracker:capture") in html


def test_steps_are_ticked_from_the_seekers_own_data(alice, alice_client, bob):
    """Each tick comes from a real row of the seeker's (a stranger's rows never count)."""
    _resume_and_match(bob)
    make_application(bob)
    assert _done_steps(_dashboard(alice_client)) == set()

    make_application(alice)
    assert _done_steps(_dashboard(alice_client)) == {"application"}

    response = alice_client.post(
        reverse("tracker:settings"), {"follow_up_days": "7", "weekly_goal": "5"}
    )
    assert response.status_code == 302
    html = _dashboard(alice_client)
    assert _done_steps(html) == {"application", "reminders"}
    assert '<span data-testid="onboarding-progress">2 of 4</span>' in html


def test_the_checklist_is_gone_once_every_step_is_done(alice, alice_client):
    _resume_and_match(alice)
    make_application(alice)
    alice_client.post(reverse("tracker:settings"), {"follow_up_days": "7", "weekly_goal": "5"})
    assert 'data-testid="onboarding"' not in _dashboard(alice_client)


def test_dismissing_hides_the_checklist_for_good(alice, alice_client):
    """Dismissal is a POST (CSRF-protected) stored on the seeker's preferences."""
    assert alice_client.get(reverse("tracker:onboarding_dismiss")).status_code == 405
    response = alice_client.post(reverse("tracker:onboarding_dismiss"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert SeekerPreferences.objects.get(user=alice).onboarding_dismissed_at is not None
    assert 'data-testid="onboarding"' not in _dashboard(alice_client)


def test_dismissing_is_csrf_protected(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(reverse("tracker:onboarding_dismiss")).status_code == 403
    assert not SeekerPreferences.objects.filter(
        user=alice, onboarding_dismissed_at__isnull=False
    ).exists()


def test_dashboard_queries_do_not_grow_with_data(alice, alice_client):
    """The checklist costs a fixed number of queries, however many rows the seeker has."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import bulk_applications

    make_application(alice)
    with CaptureQueriesContext(connection) as few:
        _dashboard(alice_client)
    bulk_applications(alice, 200)
    with CaptureQueriesContext(connection) as many:
        _dashboard(alice_client)
    assert len(many) == len(few)


def test_only_job_seekers_get_the_checklist(alice, alice_client):
    """An instructor's dashboard is not a job search: no seeker checklist there."""
    from accounts.roles import Role
    from accounts.services import user_set_roles

    user_set_roles(user=alice, roles=[Role.INSTRUCTOR])
    assert 'data-testid="onboarding"' not in _dashboard(alice_client)
