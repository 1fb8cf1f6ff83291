"""Quota refunds follow cost: a job fails and gives its unit back only when no paid AI
call ran for it. Claude is the real anthropic SDK against the local fake Messages API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Usage
from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.jobs import runner, sweeper
from careercopilot.jobs.models import JobState
from careercopilot.tests.ai.claude_payloads import JOB, RESUME, claude_match
from resumes import quotas, services
from resumes.models import CoverLetter, MatchAnalysis

from . import samples

pytestmark = pytest.mark.django_db

LETTER = {
    "body": "Dear Hiring Manager,\n\nI built REST APIs in Django.",
    "is_template": False,
    "placeholders": [],
    "evidence_lines": [],
}


@pytest.fixture
def no_worker(throwaway_redis):
    """Tasks go to a private Redis that no worker reads."""
    from tests.faults.support import celery_broker

    with celery_broker(throwaway_redis.url):
        yield


def used(user, feature: str) -> int:
    return sum(Usage.objects.filter(user=user, feature=feature).values_list("used", flat=True))


def request_letter(user, version, on_commit) -> CoverLetter:
    with on_commit():
        letter = services.letter_request(user=user, version=version, job_description=samples.JOB)
    letter.refresh_from_db()
    return letter


def test_a_letter_whose_paid_claude_reply_cannot_be_saved_fails_and_keeps_its_unit(
    fake_claude, alice, alice_version, on_commit
):
    """Guards the refund after cost: Claude answered (billed), then saving the letter failed
    (PostgreSQL refuses the NUL in it). The job fails with a clear message and the unit stays
    used; before, the error escaped the job, which stayed running, was re-run (paying again)
    and was finally refunded."""
    fake_claude.reply_json({**LETTER, "body": "Dear Hiring Manager,\x00 I built APIs."})

    letter = request_letter(alice, alice_version, on_commit)

    call = AICall.objects.get(user=alice, feature="cover_letter")
    assert call.engine == "anthropic" and call.cost_usd > 0
    assert letter.state == JobState.FAILED and letter.body == ""
    assert letter.error == f"{runner.GENERIC_FAILURE} {runner.UNIT_KEPT}"
    assert letter.cost_usd == call.cost_usd
    assert used(alice, quotas.COVER_LETTERS) == 1
    assert len(fake_claude.requests) == 1


def test_a_letter_that_fails_before_any_paid_call_gives_its_unit_back(
    fake_claude, alice, alice_version, django_capture_on_commit_callbacks
):
    """Guards the refund without cost: the resume went away before the job ran."""
    with django_capture_on_commit_callbacks(execute=False):
        letter = services.letter_request(
            user=alice, version=alice_version, job_description=samples.JOB
        )
    assert used(alice, quotas.COVER_LETTERS) == 1
    alice_version.resume.delete()

    services.letter_run_now(letter_id=letter.pk)

    letter.refresh_from_db()
    assert letter.state == JobState.FAILED and letter.cost_usd == 0
    assert letter.error == "The resume for this letter is gone or has no text."
    assert used(alice, quotas.COVER_LETTERS) == 0
    assert fake_claude.requests == []


def test_a_letter_whose_claude_call_failed_falls_back_and_costs_nothing(
    fake_claude, alice, alice_version, on_commit
):
    """A Claude error is not billed: the local letter arrives and no cost is recorded."""
    fake_claude.reply_status(500)

    letter = request_letter(alice, alice_version, on_commit)

    assert letter.state == JobState.DONE and letter.engine == "local"
    assert letter.cost_usd == 0


def test_retrying_a_paid_failure_takes_a_new_unit_that_is_refundable_again(
    fake_claude, alice, alice_version, on_commit
):
    """The retry's unit is judged on the retry's own calls: none ran, so it comes back."""
    fake_claude.reply_json({**LETTER, "body": "Dear Hiring Manager,\x00"})
    letter = request_letter(alice, alice_version, on_commit)
    assert used(alice, quotas.COVER_LETTERS) == 1
    alice_version.resume.delete()

    with on_commit():
        services.letter_retry(letter=letter)

    letter.refresh_from_db()
    assert letter.state == JobState.FAILED and letter.cost_usd == 0
    assert used(alice, quotas.COVER_LETTERS) == 1  # the first, paid; the retry's came back


def test_a_paid_analysis_whose_worker_keeps_dying_fails_without_a_refund(
    fake_claude, alice, alice_version, django_capture_on_commit_callbacks, settings, no_worker
):
    """Guards the recovery sweep: the cost is kept on the row as soon as Claude answers, so a
    worker lost afterwards (here it stops at once after the call) cannot earn a refund when
    the sweep finally fails the job."""
    settings.JOBS_LEASE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=False):
        analysis = services.analysis_request(
            user=alice, version=alice_version, job_description=samples.JOB
        )
    assert analysis.requested_engine == "anthropic"
    fake_claude.reply_json(claude_match(), input_tokens=2000, output_tokens=500)

    def answered_then_lost(row: MatchAnalysis) -> None:
        ai.match(user=alice, engine="anthropic", resume=RESUME, job=JOB)
        raise SystemExit("worker lost")

    for attempt in range(sweeper.MAX_ATTEMPTS):
        with pytest.raises(SystemExit):
            runner.run_job(MatchAnalysis, analysis.pk, answered_then_lost)
        if attempt == 0:
            assert MatchAnalysis.objects.get(pk=analysis.pk).cost_usd == Decimal("0.013500")
        past_lease = timezone.now() - dt.timedelta(minutes=6)
        MatchAnalysis.objects.filter(pk=analysis.pk).update(started_at=past_lease)
        sweeper.jobs_requeue_stalled()

    analysis.refresh_from_db()
    assert analysis.state == JobState.FAILED
    assert analysis.error == f"{sweeper.STALLED_MESSAGE} {runner.UNIT_KEPT}"
    assert used(alice, quotas.AI_ANALYSES) == 1
