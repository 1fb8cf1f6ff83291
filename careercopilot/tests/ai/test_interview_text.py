"""Interview questions read as whole sentences, on the team's own resume/job pairs."""

import ast
import json
from pathlib import Path

import pytest
from django.conf import settings

from careercopilot.ai.local import interview
from careercopilot.ai.local.prose import article, in_prose, is_complete_sentence
from careercopilot.ai.schemas import JobInput, ResumeInput
from resumes.tests import samples

EVAL = Path(settings.BASE_DIR) / "bench" / "eval"
PAIRS = json.loads((EVAL / "pairs.json").read_text())["pairs"]
ENGINE = Path(settings.BASE_DIR) / "careercopilot" / "ai"


def _pair(job: str, resume: str) -> tuple[ResumeInput, JobInput]:
    return (
        ResumeInput(text=(EVAL / "resumes" / f"{resume}.txt").read_text()),
        JobInput(description=(EVAL / "jobs" / f"{job}.txt").read_text()),
    )


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p['resume']}-for-{p['job']}")
def test_every_generated_question_is_a_complete_sentence(pair):
    resume, job = _pair(pair["job"], pair["resume"])
    result = interview.questions(resume, job)
    assert result.questions
    for question in result.questions:
        assert is_complete_sentence(question.question), question.question
        assert is_complete_sentence(question.why), question.why


def test_the_default_technical_question_is_not_cut_off():
    resume = ResumeInput(text=samples.RESUME)
    job = JobInput(description=samples.JOB)
    technical = [q for q in interview.questions(resume, job).questions if q.kind == "technical"]
    assert technical
    python = next(q.question for q in technical if "Python" in q.question)
    assert python.endswith("a trade-off you made.")


def test_no_string_in_the_engine_is_left_on_a_line_of_its_own():
    """A string statement after the first line of a body is a cut-off concatenation."""
    stray = []
    for path in ENGINE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if not isinstance(body, list):
                continue
            for index, statement in enumerate(body):
                is_docstring = index == 0 and isinstance(
                    node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
                )
                if (
                    isinstance(statement, ast.Expr)
                    and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str)
                    and not is_docstring
                ):
                    stray.append(f"{path.relative_to(ENGINE)}:{statement.lineno}")
    assert stray == []


def test_role_question_uses_the_right_article():
    resume = ResumeInput(text=samples.RESUME)
    job = JobInput(description=samples.JOB, title="Account Executive", company="Acme")
    role = next(q for q in interview.questions(resume, job).questions if q.kind == "role")
    assert role.question == "Why do you want to be an Account Executive at Acme?"
    assert [article(w) for w in ("engineer", "nurse", "hourly", "user", "MBA", "RN", "SQL")] == [
        "an",
        "a",
        "an",
        "a",
        "an",
        "an",
        "an",
    ]


def test_skill_names_read_naturally_mid_sentence():
    assert in_prose("Software testing") == "software testing"
    assert in_prose("Python") == "Python"
    assert in_prose("CI/CD") == "CI/CD"
    assert in_prose("Registered Nurse") == "Registered Nurse"
    assert in_prose("Telemetry", context="monitor telemetry") == "telemetry"
    assert in_prose("Telemetry") == "Telemetry"


@pytest.mark.parametrize(
    "text,complete",
    [
        ("How have you used Python? Describe a problem you solved with it and a ", False),
        ("How have you used Python? Describe a trade-off you made.", True),
        ("Tell me about {skill}.", False),
        ("why do you want this job?", False),
    ],
)
def test_sentence_check_catches_cut_off_text(text, complete):
    assert is_complete_sentence(text) is complete


def test_an_answer_to_another_question_is_told_so_and_scores_lower():
    from careercopilot.ai.schemas import PracticeInput

    answer = (
        "At my previous company our releases took two days. My goal was to cut that. I built a "
        "CI pipeline with GitHub Actions and Docker, and I wrote the runbook. As a result, "
        "release time dropped by 60% and we shipped 3 times a week. "
    ) * 2
    on_topic = interview.feedback(
        PracticeInput(question="Tell me about a time you improved a process.", answer=answer)
    )
    drifting = interview.feedback(
        PracticeInput(question="Why do you want to be a nurse at this hospital?", answer=answer)
    )
    assert drifting.score == on_topic.score - 10
    assert any("drifts from the question" in tip for tip in drifting.improvements)
    assert not any("drifts from the question" in tip for tip in on_topic.improvements)
    for tip in drifting.improvements + drifting.strengths:
        assert is_complete_sentence(tip), tip


def test_a_skill_ending_in_a_capital_letter_is_not_a_cut_off():
    assert is_complete_sentence("This role uses FP&A. What was the decision it informed?")
    assert not is_complete_sentence("This role uses a")
