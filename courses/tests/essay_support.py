"""Graded essays for the essay grader's tests: the self-written set in bench/eval/essays/
with the levels a teacher gave them (labels.json), handed in and graded like any class."""

from __future__ import annotations

import json
from pathlib import Path

from careercopilot.ai.local import essay_scorer
from careercopilot.ai.schemas import EssayCriterion, EssayGradedExample, EssayGradeInput
from courses import services
from courses.services.grading import CriterionInput

from .factories import make_student

EVAL = Path(__file__).resolve().parents[2] / "bench" / "eval" / "essays"
RUBRIC = json.loads((EVAL / "rubric.json").read_text())
PROMPTS = json.loads((EVAL / "prompts.json").read_text())
LABELLED = json.loads((EVAL / "labels.json").read_text())["essays"]
RANK = {"beginning": 1, "developing": 2, "proficient": 3, "excellent": 4}


def essay_text(essay_id: str) -> str:
    return (EVAL / f"{essay_id}.txt").read_text()


def prompt_text(name: str) -> str:
    p = PROMPTS[name]
    return f"{p['title']}. {p['prompt']}"


def labelled(prompt: str | None = None, *, skip: tuple[str, ...] = ()) -> list[dict]:
    return [
        e for e in LABELLED if (prompt is None or e["prompt"] == prompt) and e["id"] not in skip
    ]


def examples(essays: list[dict]) -> list[EssayGradedExample]:
    return [EssayGradedExample(essay=essay_text(e["id"]), levels=e["levels"]) for e in essays]


def essay_input(essay_id: str, *, prompt: str = "", graded=(), key: str = "") -> EssayGradeInput:
    return EssayGradeInput(
        prompt=prompt,
        essay=essay_text(essay_id),
        criteria=[EssayCriterion.model_validate(c) for c in RUBRIC["criteria"]],
        graded=list(graded),
        graded_key=key,
    )


def _level_for(criterion, rank: float):
    """The criterion's level at the same height as a 1-4 teacher rank (levels by points)."""
    levels = sorted(criterion.levels.all(), key=lambda lv: lv.points)
    index = round((rank - 1) / 3 * (len(levels) - 1))
    return levels[index]


def grade_class(
    assignment, grader, *, count: int = essay_scorer.MIN_GRADED, start: int = 0
) -> list:
    """`count` students hand in labelled essays, and `grader` grades each one: a criterion
    named like a labelled one gets that label's level, any other the essay's mean level."""
    named = {"Structure": "organisation", "Evidence": "evidence"}
    criteria = list(assignment.rubric.criteria.prefetch_related("levels"))
    students = []
    for number, essay in enumerate(LABELLED[start : start + count], start):
        email = f"graded{number}-{assignment.pk}@example.com"
        student = make_student(assignment.course, email=email)
        services.submission_save_draft(
            assignment=assignment, student=student, text=essay_text(essay["id"])
        )
        services.submission_submit(assignment=assignment, student=student)
        ranks = {k: RANK[v] for k, v in essay["levels"].items()}
        mean = sum(ranks.values()) / len(ranks)
        chosen = {
            c.pk: CriterionInput(level_id=_level_for(c, ranks.get(named.get(c.title, ""), mean)).pk)
            for c in criteria
        }
        services.submission_grade(
            assignment=assignment, student=student, grader=grader, criteria=chosen
        )
        students.append(student)
    return students
