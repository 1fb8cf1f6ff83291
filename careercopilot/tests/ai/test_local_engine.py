"""The local engine (C3–C7): real analysis of the user's text, offline, with no network."""

import socket

import pytest

from careercopilot import ai
from careercopilot.ai.accounting import AICall
from careercopilot.ai.local import interview, letters, quality
from careercopilot.ai.local.taxonomy import taxonomy
from careercopilot.ai.schemas import (
    CandidateProfile,
    ChatContext,
    CoverLetterInput,
    JobInput,
    PracticeInput,
    ResumeInput,
)
from resumes.tests import samples

pytestmark = pytest.mark.django_db

RESUME = ResumeInput(text=samples.RESUME)
WEAK = ResumeInput(text=samples.WEAK_RESUME)
JOB = JobInput(description=samples.JOB)


@pytest.fixture
def no_network(monkeypatch):
    """Any socket connection during the test fails it."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"network connection attempted: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))
    yield attempts
    assert attempts == []


def test_local_engine_needs_no_network(no_network, alice):
    assert ai.default_engine_name() == "local"
    for feature, inputs in [
        ("match", {"resume": RESUME, "job": JOB}),
        ("quality", {"resume": RESUME}),
        (
            "cover_letter",
            {
                "inp": CoverLetterInput(
                    resume=RESUME, job=JOB, profile=CandidateProfile(name="Jane Doe")
                )
            },
        ),
        ("interview_prep", {"resume": RESUME, "job": JOB}),
        (
            "practice_feedback",
            {
                "inp": PracticeInput(
                    question="Tell me about a time you led a team.",
                    answer="When our release slipped, I led the fix.",
                )
            },
        ),
        (
            "chat",
            {
                "context": ChatContext(profile=CandidateProfile()),
                "history": [],
                "message": "How long should my resume be?",
            },
        ),
    ]:
        outcome = getattr(ai, feature)(user=alice, **inputs)
        assert outcome.engine == "local"
    assert AICall.objects.filter(user=alice, engine="local", outcome="ok").count() == 6


def test_match_explains_skills_with_the_lines_that_show_them():
    result = ai.get_engine("local").match(RESUME, JOB).result
    matched = {s.skill: s for s in result.matched_skills}
    assert {"Python", "Django", "PostgreSQL", "AWS", "Docker"} <= set(matched)
    assert any("Postgres" in line for line in matched["PostgreSQL"].lines)  # the alias counted
    missing = {s.skill: s for s in result.missing_skills}
    assert "Kubernetes" in missing and missing["Kubernetes"].required
    assert not missing["Kafka"].required  # under "Nice to have"
    implied = {s.skill: s for s in result.implied_skills}
    # "mentored 2 junior developers" shows mentoring; GitHub Actions shows CI/CD.
    assert implied["Mentoring"].lines == [
        "Led a team of 4 engineers and mentored 2 junior developers"
    ]
    assert "CI/CD" in implied
    assert result.facts.years_required == 5 and result.facts.years_found >= 6
    assert result.facts.education_found == "bachelor's"
    assert 0 <= result.score <= 100


def test_every_skill_suggestion_points_at_a_real_resume_line():
    result = ai.get_engine("local").match(RESUME, JOB).result
    lines = samples.RESUME
    tied = [s for s in result.suggestions if s.line]
    assert tied, "suggestions should be tied to resume lines"
    assert all(s.line in lines for s in tied)
    assert result.suggestions[0].priority == "high"


def test_a_strong_resume_outscores_a_weak_one_for_the_same_job():
    engine = ai.get_engine("local")
    strong = engine.match(RESUME, JOB).result
    weak = engine.match(WEAK, JOB).result
    assert strong.score >= 60
    assert weak.score <= 35
    assert strong.subscores.skills > weak.subscores.skills


def test_skill_aliases_typos_and_ambiguous_words():
    found = taxonomy().find(
        "Shipped k8s clusters, Postgres, JS and Kubernets. The rest of the team used Go and R."
    )
    names = set(found.named)
    assert {"Kubernetes", "PostgreSQL", "JavaScript", "Go", "R"} <= names
    assert "REST APIs" not in names  # "the rest of the team"
    assert "C" not in taxonomy().find("Vitamin c and a grade of c").named


def test_quality_checks_reward_a_good_resume_and_flag_a_poor_one():
    good = quality.assess(RESUME)
    poor = quality.assess(WEAK)
    checks = {c.key: c for c in poor.checks}
    assert good.score > poor.score + 20
    assert not checks["weak_phrases"].passed
    assert "Responsible for helping customers on the sales floor" in checks["weak_phrases"].lines
    assert not checks["contact"].passed  # no phone
    assert {c.key for c in good.checks} == {
        "contact",
        "sections",
        "quantified",
        "action_verbs",
        "weak_phrases",
        "length",
        "tense",
        "parseable",
    }


def test_tense_check_flags_present_tense_in_a_past_role():
    text = samples.RESUME.replace("- Designed the billing service", "- Design the billing service")
    check = {c.key: c for c in quality.assess(ResumeInput(text=text)).checks}["tense"]
    assert not check.passed
    assert check.lines == ["Design the billing service used by 30,000 customers"]


def test_cover_letter_is_a_marked_template_filled_only_with_the_users_lines():
    result = letters.write(
        CoverLetterInput(
            resume=RESUME,
            job=JobInput(description=samples.JOB, company="Acme Data"),
            profile=CandidateProfile(name="Jane Doe", email="jane.doe@example.com"),
            tone="warm",
            length="short",
        )
    )
    assert result.is_template
    assert "Acme Data" in result.body and "Jane Doe" in result.body
    assert "[Why Acme Data: one specific reason, in your own words]" in result.placeholders
    assert len(result.evidence_lines) >= 2
    for line in result.evidence_lines:
        assert line in samples.RESUME


def test_interview_questions_cover_behavioural_technical_and_gaps():
    result = interview.questions(RESUME, JOB)
    kinds = {q.kind for q in result.questions}
    assert {"behavioural", "technical", "gap", "role"} <= kinds
    gap = next(q for q in result.questions if q.kind == "gap")
    assert "Kubernetes" in gap.question or "Kafka" in gap.question
    assert all(q.star_guidance for q in result.questions)


def test_practice_feedback_finds_star_parts_numbers_and_length():
    good = interview.feedback(
        PracticeInput(
            question="Tell me about a time you improved a process.",
            answer=(
                "At my previous company our releases took two days. My goal was to cut that. "
                "I built a CI pipeline with GitHub Actions and Docker, and I wrote the runbook. "
                "As a result, release time dropped by 60% and we shipped 3 times a week. "
            )
            * 2,
        )
    )
    parts = {p.part: p.present for p in good.star}
    assert parts == {"situation": True, "task": True, "action": True, "result": True}
    assert "60%" in good.numbers_found
    assert "Docker" in good.specifics_found
    vague = interview.feedback(
        PracticeInput(
            question="Tell me about a time you improved a process.",
            answer="We worked hard and things got better overall.",
        )
    )
    assert vague.score < good.score
    assert any("number" in tip for tip in vague.improvements)


def test_chat_routes_scoring_requests_to_the_match_feature_and_quotes_the_guide():
    engine = ai.get_engine("local")
    context = ChatContext(
        profile=CandidateProfile(target_roles=["Backend engineer"]), resume_name="Backend resume"
    )
    routed = engine.chat(context, [], "Can you score my resume for a backend job?").result
    assert routed.actions[0].url == "resumes:analysis_new"
    answered = engine.chat(context, [], "How do I explain a gap in my employment?").result
    assert answered.sources[0].title == "Explaining an employment gap"
    assert answered.text.startswith("This part is a fixed guide, the same for every user")
