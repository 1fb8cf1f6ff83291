"""Quotas (billing D5) through the one wrapper: over quota shows the message and the upgrade
link, and nothing runs; failed work gives its unit back; Claude needs a plan with it."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from billing.models import Usage
from billing.services import plan_grant
from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.jobs.models import JobState
from resumes import quotas, services
from resumes.models import MatchAnalysis, ResumeVersion

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def free_user():
    return UserFactory(email="free@example.com")


@pytest.fixture
def free_client(client, free_user):
    client.force_login(free_user)
    return client


def used(user, feature):
    return sum(Usage.objects.filter(user=user, feature=feature).values_list("used", flat=True))


def test_upload_over_quota_shows_the_message_with_an_upgrade_link_and_stores_nothing(
    free_user, free_client, on_commit
):
    with on_commit():
        first = free_client.post(
            reverse("resumes:resume_list"),
            {"file": SimpleUploadedFile("a.pdf", samples.text_pdf())},
        )
    assert first.status_code == 302
    response = free_client.post(
        reverse("resumes:resume_list"), {"file": SimpleUploadedFile("b.pdf", samples.text_pdf())}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "You have used all 1 resume uploads included in the Free plan" in page
    assert f'href="{reverse("pricing")}"' in page and "Upgrade your plan" in page
    assert ResumeVersion.objects.filter(resume__user=free_user).count() == 1


def test_analysis_over_quota_runs_nothing(free_user, free_client, make_version, on_commit):
    version = make_version(free_user)
    for _ in range(5):  # the Free plan's analyses
        with on_commit():
            services.analysis_request(
                user=free_user, version=version, job_description=samples.JOB + f"\n{_}"
            )
    calls = AICall.objects.filter(feature="match").count()
    with on_commit():
        response = free_client.post(
            reverse("resumes:analysis_new"),
            {"version": version.pk, "job_description": samples.JOB + "\nsixth"},
        )
    assert response.status_code == 422
    assert "You have used all 5 AI match analyses" in response.content.decode()
    assert "Upgrade your plan" in response.content.decode()
    assert MatchAnalysis.objects.filter(user=free_user).count() == 5
    assert AICall.objects.filter(feature="match").count() == calls


def test_a_cached_analysis_is_free(free_user, make_version, on_commit):
    version = make_version(free_user)
    with on_commit():
        services.analysis_request(user=free_user, version=version, job_description=samples.JOB)
    with on_commit():
        cached = services.analysis_request(
            user=free_user, version=version, job_description=samples.JOB
        )
    assert cached.from_cache
    assert used(free_user, quotas.AI_ANALYSES) == 1


def test_failed_work_gives_its_unit_back(free_user, make_version):
    make_version(free_user, samples.blank_pdf())  # OCR finds nothing: fails for good
    assert used(free_user, quotas.RESUMES) == 0


def test_claude_is_used_only_on_a_plan_that_includes_it(free_user, fake_claude):
    assert ai.engine_for("match", user=free_user) == "local"
    plan_grant(user=free_user, plan_code="premium", until=timezone.now() + dt.timedelta(days=1))
    assert ai.engine_for("match", user=free_user) == "anthropic"


def test_retry_takes_a_unit_again(free_user, make_version, on_commit):
    version = make_version(free_user)
    with on_commit():
        analysis = services.analysis_request(
            user=free_user, version=version, job_description=samples.JOB
        )
    MatchAnalysis.objects.filter(pk=analysis.pk).update(state=JobState.FAILED)
    analysis.refresh_from_db()
    with on_commit():
        services.analysis_retry(analysis=analysis)
    assert used(free_user, quotas.AI_ANALYSES) == 2


PRACTICE_ANSWER = (
    "At my previous company releases took two days. My goal was to cut that. I built a "
    "pipeline with GitHub Actions. As a result, release time dropped by 60%."
)


def test_interview_prep_and_practice_use_the_interview_prep_quota(
    free_user, free_client, make_version, on_commit
):
    version = make_version(free_user)
    with on_commit():
        prep = services.prep_request(user=free_user, version=version, job_description=samples.JOB)
    with on_commit():
        services.practice_submit(
            prep=prep, question="Tell me about a release.", answer=PRACTICE_ANSWER
        )
    assert used(free_user, quotas.INTERVIEW_PREP) == 2
    assert used(free_user, quotas.AI_ANALYSES) == 0
    for page in (reverse("billing:home"), reverse("resumes:prep_new"), prep.get_absolute_url()):
        assert "Interview prep and practice feedback" in free_client.get(page).content.decode()


def test_practice_over_quota_names_the_interview_prep_allowance(
    free_user, free_client, make_version, on_commit
):
    from billing.plans import FREE

    version = make_version(free_user)
    with on_commit():
        prep = services.prep_request(user=free_user, version=version, job_description=samples.JOB)
    Usage.objects.filter(user=free_user, feature=quotas.INTERVIEW_PREP).update(
        used=FREE.interview_prep
    )
    response = free_client.post(
        reverse("resumes:practice_submit", args=[prep.pk]),
        {"question": "Tell me about a release.", "answer": PRACTICE_ANSWER},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert (
        f"You have used all {FREE.interview_prep} interview preps and practice answers "
        "included in the Free plan"
    ) in page
    assert "Upgrade your plan" in page
    assert prep.answers.count() == 0
    # Match analyses are a separate allowance, still untouched.
    with on_commit():
        services.analysis_request(user=free_user, version=version, job_description=samples.JOB)
    assert used(free_user, quotas.AI_ANALYSES) == 1
