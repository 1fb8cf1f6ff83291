"""The Claude engine through the real anthropic SDK against the local fake Messages API."""

from decimal import Decimal

import pytest

from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.ai.schemas import CandidateProfile, CoverLetterInput
from careercopilot.tests.ai.claude_payloads import JOB, RESUME, claude_match

pytestmark = pytest.mark.django_db


def test_valid_structured_reply_is_used_and_accounted(fake_claude, alice):
    fake_claude.reply_json(claude_match(), input_tokens=2000, output_tokens=500)
    outcome = ai.match(user=alice, engine="anthropic", resume=RESUME, job=JOB)
    assert outcome.engine == "anthropic" and not outcome.fallback and outcome.note == ""
    assert outcome.result.score == 81
    assert outcome.result.facts.years_required == 5  # the local measurements are kept
    assert outcome.result.suggestions[1].line == ""  # a line not in the resume is dropped
    request = fake_claude.requests[0]
    assert request.body["model"] == "claude-sonnet-4-6"
    assert request.body["output_config"]["format"]["type"] == "json_schema"
    assert "local_measurements" in request.body["messages"][0]["content"]  # grounding
    assert any("sk-ant-test-0000000000000000000000000000" in v for v in request.headers.values())
    call = AICall.objects.get(user=alice)
    assert (call.engine, call.outcome, call.tokens_in, call.tokens_out) == (
        "anthropic",
        "ok",
        2000,
        500,
    )
    assert call.cost_usd == Decimal("0.013500")  # 2000 x $3/M + 500 x $15/M


def test_invalid_json_falls_back_to_local_with_a_note(fake_claude, alice):
    fake_claude.reply_text("Sure! Here is the analysis: {score: high}")
    outcome = ai.match(user=alice, engine="anthropic", resume=RESUME, job=JOB)
    assert outcome.engine == "local" and outcome.fallback
    assert (
        outcome.note
        == "Claude was not used because its reply was not valid; this is the offline analysis."
    )
    assert outcome.result.matched_skills  # the real local analysis
    call = AICall.objects.get(user=alice)
    assert (call.requested_engine, call.engine, call.outcome) == ("anthropic", "local", "fallback")


def test_a_reply_that_fails_the_schema_falls_back(fake_claude, alice):
    fake_claude.reply_json({"score": 250, "subscores": {}})
    outcome = ai.match(user=alice, engine="anthropic", resume=RESUME, job=JOB)
    assert outcome.fallback and "not valid" in outcome.note


def test_timeout_falls_back_to_local(fake_claude, settings, alice):
    settings.AI_ANTHROPIC_TIMEOUT = 0.5
    fake_claude.reply_json(claude_match(), delay=2.0)
    outcome = ai.match(user=alice, engine="anthropic", resume=RESUME, job=JOB)
    assert outcome.engine == "local"
    assert "did not answer in time" in outcome.note


def test_429_is_retried_with_backoff(fake_claude, settings, alice):
    settings.AI_ANTHROPIC_MAX_RETRIES = 2
    fake_claude.reply_status(429, retry_after_ms=20)
    fake_claude.reply_json(claude_match(77))
    outcome = ai.match(user=alice, engine="anthropic", resume=RESUME, job=JOB)
    assert outcome.engine == "anthropic" and outcome.result.score == 77
    assert len(fake_claude.requests) == 2


def test_429_without_retries_left_falls_back_with_a_note(fake_claude, alice):
    fake_claude.reply_status(429, retry_after_ms=10)
    outcome = ai.match(user=alice, engine="anthropic", resume=RESUME, job=JOB)
    assert outcome.fallback and "rate-limited" in outcome.note


def test_claude_cover_letter_is_not_marked_as_a_template(fake_claude, alice):
    fake_claude.reply_json(
        {
            "body": "Dear Hiring Manager,\n\nI built REST APIs in Django...",
            "is_template": True,
            "placeholders": [],
            "evidence_lines": [],
        }
    )
    outcome = ai.cover_letter(
        user=alice,
        engine="anthropic",
        inp=CoverLetterInput(resume=RESUME, job=JOB, profile=CandidateProfile(name="Jane")),
    )
    assert outcome.engine == "anthropic"
    assert outcome.result.is_template is False
