"""Pages and flows answered by Claude (through the real SDK against the local fake): the
analysis page names its engine, and interview prep, practice and chat go through Claude."""

import pytest
from django.urls import reverse

from careercopilot.tests.ai.claude_payloads import claude_match
from resumes.models import CoverLetter, MatchAnalysis
from resumes.tests import samples

pytestmark = pytest.mark.django_db


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

    question = {
        "kind": "technical",
        "question": "How have you used Django at scale?",
        "why": "Required.",
        "star_guidance": ["Situation", "Task", "Action", "Result"],
        "resume_lines": [],
    }
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
    feedback = {
        "score": 72,
        "star": [
            {"part": p, "present": True, "evidence": ""}
            for p in ("situation", "task", "action", "result")
        ],
        "word_count": 40,
        "strengths": ["Clear result."],
        "improvements": ["Add a number."],
    }
    fake_claude.reply_json(feedback)
    with on_commit():
        alice_client.post(
            reverse("resumes:practice_submit", args=[prep.pk]),
            {
                "question": question["question"],
                "answer": "When traffic tripled I sharded the Django app.",
            },
        )
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
