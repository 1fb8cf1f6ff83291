"""The Claude engine through the real anthropic SDK against the local fake Messages API."""

from decimal import Decimal

import pytest
from django.urls import reverse

from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.ai.schemas import CandidateProfile, CoverLetterInput, JobInput, ResumeInput
from resumes.models import CoverLetter, MatchAnalysis

from . import samples

pytestmark = pytest.mark.django_db

RESUME = ResumeInput(text=samples.RESUME)
JOB = JobInput(description=samples.JOB)


def claude_match(score: int = 81) -> dict:
    return {
        "score": score,
        "subscores": {
            "skills": 80,
            "keywords": 75,
            "title": 90,
            "experience": 100,
            "education": 100,
            "ats": 90,
        },
        "matched_skills": [
            {
                "skill": "Python",
                "required": True,
                "lines": ["Python, Django, PostgreSQL, AWS, Docker, Redis, Git, SQL"],
                "reason": "",
            }
        ],
        "missing_skills": [{"skill": "Kubernetes", "required": True, "lines": [], "reason": ""}],
        "implied_skills": [],
        "suggestions": [
            {
                "priority": "high",
                "category": "missing skill",
                "text": "Mention any Kubernetes work.",
                "line": "Deployed services on AWS with Docker and GitHub Actions, cutting release time by 60%",
            },
            {
                "priority": "low",
                "category": "keyword",
                "text": "Invented line.",
                "line": "I walked on the moon",
            },
        ],
        "summary": "Strong backend match; Kubernetes is the gap.",
    }


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


def test_pages_show_which_engine_answered(
    fake_claude, alice, alice_client, alice_version, on_commit
):
    fake_claude.reply_json(claude_match())
    with on_commit():
        response = alice_client.post(
            reverse("resumes:analysis_new"),
            {"version": alice_version.pk, "job_description": samples.JOB},
        )
    analysis = MatchAnalysis.objects.get()
    assert response.status_code == 302 and analysis.engine == "anthropic"
    page = alice_client.get(analysis.get_absolute_url()).content.decode()
    assert "Written by Claude (claude-sonnet-4-6)" in page
    # Claude is down for the letter: the local template arrives, with the note shown.
    fake_claude.reply_status(500)
    with on_commit():
        alice_client.post(
            reverse("resumes:letter_new"),
            {
                "version": alice_version.pk,
                "job_description": samples.JOB,
                "company": "Acme",
                "tone": "professional",
                "length": "medium",
            },
        )
    letter = CoverLetter.objects.get()
    assert letter.engine == "local" and letter.is_template
    page = alice_client.get(letter.get_absolute_url()).content.decode()
    assert "Claude was not used because it returned an error (500)" in page
    assert "Template, filled with your resume" in page


def test_interview_prep_practice_and_chat_flow_through_claude(
    fake_claude, alice, alice_client, alice_version, on_commit
):
    from resumes.models import ChatMessage, InterviewPrep

    question = {"kind": "technical", "question": "How have you used Django at scale?", "why": "Required.",
                "star_guidance": ["Situation", "Task", "Action", "Result"], "resume_lines": []}  # fmt: skip
    fake_claude.reply_json({"questions": [question]})
    with on_commit():
        alice_client.post(
            reverse("resumes:prep_new"),
            {"version": alice_version.pk, "job_description": samples.JOB},
        )
    prep = InterviewPrep.objects.get()
    assert prep.engine == "anthropic" and prep.questions[0]["question"] == question["question"]
    assert (
        fake_claude.requests[-1].body["model"] == "claude-haiku-4-5"
    )  # the fast model for questions
    feedback = {"score": 72, "star": [{"part": p, "present": True, "evidence": ""} for p in
                                      ("situation", "task", "action", "result")],
                "word_count": 40, "strengths": ["Clear result."], "improvements": ["Add a number."]}  # fmt: skip
    fake_claude.reply_json(feedback)
    with on_commit():
        alice_client.post(reverse("resumes:practice_submit", args=[prep.pk]),
                          {"question": question["question"], "answer": "When traffic tripled I sharded the Django app."})  # fmt: skip
    answer = prep.answers.get()
    assert (answer.engine, answer.score) == ("anthropic", 72)
    fake_claude.reply_json(
        {"text": "Lead with the 2M requests a day line.", "actions": [], "sources": []}
    )
    alice_client.post(reverse("resumes:chat_new"))
    thread = alice.chat_threads.get()
    with on_commit():
        alice_client.post(
            reverse("resumes:chat_post", args=[thread.pk]), {"content": "What should I highlight?"}
        )
    reply = thread.messages.get(role=ChatMessage.Role.ASSISTANT)
    assert reply.engine == "anthropic" and reply.content == "Lead with the 2M requests a day line."
    assert "Claude" in alice_client.get(thread.get_absolute_url()).content.decode()
