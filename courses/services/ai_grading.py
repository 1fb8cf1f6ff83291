"""AI essay grader (E6): suggested rubric levels for a submitted essay.

- Submitting an attempt with essay text, on an assignment with a rubric, queues a
  suggestion for that attempt; the instructor can also ask for one (or retry a failed one)
  on the grading screen.
- Runs are coalesced per submission: a new attempt supersedes the automatic suggestion
  still queued or running for an earlier one, which then finishes as "superseded" without
  calling the engine (a running one keeps no result). Only the latest attempt is read.
- The task reads the attempt and the essays of the same assignment the instructor has
  already graded (their graded attempt and chosen levels), asks the AI engine
  (``careercopilot.ai``, feature ``essay_grade``) and stores, per criterion, a level learned
  from those grades, a rationale quoting the essay and a confidence. Below the engine's
  minimum of graded essays it stores the measurements only (no level). The fitted model
  is cached per assignment in the worker, under a key that changes with every grade.
  The task is idempotent: a finished row is never run again by a redelivered message.
- A suggestion never touches the grade: no ``CriterionScore``, no score, no release. The
  instructor copies levels into the grading form and saves, as for any grade.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags

from careercopilot import ai
from careercopilot.ai.schemas import (
    EssayCriterion,
    EssayGradedExample,
    EssayGradeInput,
    EssayLevel,
)
from careercopilot.jobs.runner import UserFacingError, enqueue, run_job

from ..models import (
    Assignment,
    CriterionScore,
    EssayCriterionSuggestion,
    EssaySuggestion,
    RubricCriterion,
    RubricLevel,
    Submission,
    SubmissionVersion,
    SuggestionState,
)

__all__ = [
    "essay_suggest_after_submit",
    "essay_suggestion_request",
    "essay_suggestion_run",
    "essay_suggestion_work",
    "essay_suggestions_seed",
    "grade_input",
    "graded_examples",
]


TIMEOUT_FAILURE = "Reading this essay took too long. Retry it; a shorter attempt reads faster."
ESSAY_MAX_CHARS = 30_000  # about 5,000 words: longer attempts are read up to here


def _rubric_criteria(assignment: Assignment) -> list[RubricCriterion]:
    if not assignment.rubric_id:
        return []
    return list(
        RubricCriterion.objects.filter(rubric_id=assignment.rubric_id)
        .prefetch_related("levels")
        .order_by("position", "id")
    )


def _can_suggest(version: SubmissionVersion, assignment: Assignment) -> None:
    if not assignment.rubric_id:
        raise ValidationError("This assignment has no rubric, so there are no levels to suggest.")
    if not version.text.strip():
        raise ValidationError("This attempt has no essay text to read.")


def essay_suggestions_supersede(*, version: SubmissionVersion) -> int:
    """Automatic suggestions of earlier attempts that are still queued or running finish as
    superseded: their messages find them done and the engine is not called. Those an
    instructor asked for are left alone. Returns how many were superseded."""
    return EssaySuggestion.objects.filter(
        submission_id=version.submission_id,
        version__number__lt=version.number,
        state__in=(SuggestionState.PENDING, SuggestionState.RUNNING),
        requested_by__isnull=True,
    ).update(
        state=SuggestionState.SUPERSEDED,
        error="",
        note=f"Attempt {version.number} was handed in before this one was read.",
        finished_at=timezone.now(),
    )


def essay_suggest_after_submit(*, version: SubmissionVersion, assignment: Assignment) -> None:
    """Queues a suggestion for a freshly submitted essay attempt (when there is one to make),
    superseding the pending ones of earlier attempts."""
    essay_suggestions_supersede(version=version)
    if not (assignment.allow_text and assignment.rubric_id and version.text.strip()):
        return
    suggestion = EssaySuggestion.objects.create(
        submission_id=version.submission_id,
        version=version,
        requested_engine=ai.engine_for("essay_grade"),
    )
    enqueue(suggestion)


def essay_suggestion_request(
    *, version: SubmissionVersion, requested_by=None, again: bool = False
) -> EssaySuggestion:
    """The attempt's suggestion, queued when there is none, it failed, or ``again`` asks
    for a fresh one. A queued or running suggestion is left alone (no duplicate runs)."""
    assignment = version.submission.assignment
    _can_suggest(version, assignment)
    with transaction.atomic():
        suggestion, created = EssaySuggestion.objects.select_for_update().get_or_create(
            version=version,
            defaults={
                "submission_id": version.submission_id,
                "requested_engine": ai.engine_for("essay_grade"),
                "requested_by": requested_by,
            },
        )
        if created:
            enqueue(suggestion)
            return suggestion
        if suggestion.is_pending and not suggestion.is_stale:
            return suggestion
        if suggestion.state == SuggestionState.DONE and not again:
            return suggestion
        suggestion.criteria.all().delete()
        suggestion.state = SuggestionState.PENDING
        suggestion.error = ""
        suggestion.note = ""
        suggestion.requested_engine = ai.engine_for("essay_grade")
        suggestion.requested_by = requested_by or suggestion.requested_by
        suggestion.created_at = timezone.now()
        suggestion.started_at = suggestion.finished_at = None
        suggestion.save()
        enqueue(suggestion)
    return suggestion


MAX_GRADED_EXAMPLES = 100  # the most recently graded essays the scorer learns from (a fit
# of 100 essays of 500 words takes about 25 s, once per graded set and worker)


def graded_examples(
    assignment: Assignment, *, exclude_submission_id: int | None = None
) -> tuple[list[EssayGradedExample], str]:
    """The assignment's graded essays (the graded attempt's text, the instructor's levels)
    but the excluded submission's, and a key naming that set: it changes whenever an essay
    is graded or regraded. Three queries."""
    submissions = list(
        Submission.objects.filter(
            assignment=assignment, graded_at__isnull=False, graded_attempt__isnull=False
        )
        .order_by("-graded_at", "-pk")
        .only("pk", "graded_attempt", "graded_at", "updated_at")[: MAX_GRADED_EXAMPLES + 1]
    )
    key = f"assignment-{assignment.pk}:{len(submissions)}"
    if submissions:
        # graded_at is set on every row here (the filter above)
        key += (
            ":"
            + max(max(s.graded_at or s.updated_at, s.updated_at) for s in submissions).isoformat()
        )
    if any(s.pk == exclude_submission_id for s in submissions):
        key += f":without-{exclude_submission_id}"  # its own grade never informs its level
    submissions = [s for s in submissions if s.pk != exclude_submission_id]
    submissions = submissions[:MAX_GRADED_EXAMPLES]
    if not submissions:
        return [], key
    texts = {
        v.submission_id: v.text
        for v in SubmissionVersion.objects.filter(
            submission__in=submissions, number=F("submission__graded_attempt")
        ).only("submission_id", "text")
    }
    levels: dict[int, dict[str, str]] = {}
    chosen = CriterionScore.objects.filter(submission__in=submissions, level__isnull=False)
    for row in chosen.values("submission_id", "criterion_id", "level_id"):
        given = levels.setdefault(row["submission_id"], {})
        given[str(row["criterion_id"])] = str(row["level_id"])
    examples = [
        EssayGradedExample(essay=texts[s.pk][:ESSAY_MAX_CHARS], levels=levels[s.pk])
        for s in submissions
        if texts.get(s.pk, "").strip() and levels.get(s.pk)
    ]
    return examples, key


def grade_input(version: SubmissionVersion, criteria: list[RubricCriterion]) -> EssayGradeInput:
    assignment = version.submission.assignment
    instructions = " ".join(strip_tags(assignment.instructions).split())
    graded, key = graded_examples(assignment, exclude_submission_id=version.submission_id)
    return EssayGradeInput(
        prompt=f"{assignment.title}. {instructions}".strip(),
        essay=version.text[:ESSAY_MAX_CHARS],
        graded=graded,
        graded_key=key,
        criteria=[
            EssayCriterion(
                id=str(criterion.pk),
                title=criterion.title,
                description=criterion.description,
                levels=[
                    EssayLevel(
                        id=str(level.pk),
                        title=level.title,
                        description=level.description,
                        points=float(level.points),
                    )
                    for level in criterion.levels.all()
                ],
            )
            for criterion in criteria
            if criterion.levels.all()
        ],
    )


def _criteria_rows(
    row: EssaySuggestion, criteria: list[RubricCriterion], outcome
) -> list[EssayCriterionSuggestion]:
    by_id = {str(c.pk): c for c in criteria}
    levels: dict[str, RubricLevel] = {
        str(level.pk): level for c in criteria for level in c.levels.all()
    }
    rows = []
    for grade in outcome.result.criteria:
        criterion = by_id.get(grade.criterion_id)
        level = levels.get(grade.level_id) if grade.level_id is not None else None
        changed = grade.level_id is not None and (
            criterion is None or level is None or level.criterion_id != criterion.pk
        )
        if criterion is None or changed:
            raise UserFacingError("The rubric changed while the essay was read. Retry it.")
        rows.append(
            EssayCriterionSuggestion(
                suggestion=row,
                criterion=criterion,
                level=level,
                rationale=grade.rationale,
                quotes=[q for q in grade.quotes if q and q in row.version.text],
                confidence=round(float(grade.confidence), 2),
            )
        )
    return rows


def essay_suggestion_work(row: EssaySuggestion):
    """Reads the essay and fills in the suggestion; returns what saves its criteria (with
    the result, only if the run still owns the row: asked again or superseded meanwhile,
    the newer run's result wins)."""
    assignment = row.submission.assignment
    criteria = _rubric_criteria(assignment)
    if not criteria:
        raise UserFacingError("This assignment has no rubric any more; nothing to suggest.")
    if not row.version.text.strip():
        raise UserFacingError("This attempt has no essay text to read.")
    outcome = ai.essay_grade(user=row.requested_by, inp=grade_input(row.version, criteria))
    rows = _criteria_rows(row, criteria, outcome)
    row.engine = outcome.engine
    row.model_name = (outcome.model or "")[:80]
    row.note = (outcome.note or "")[:300]
    row.summary = outcome.result.summary
    row.measurements = outcome.result.measurements

    def save_criteria() -> None:
        row.criteria.all().delete()
        EssayCriterionSuggestion.objects.bulk_create(rows)

    return save_criteria


def essay_suggestion_run(*, suggestion_id: int) -> bool:
    """Runs a queued suggestion; False when there was nothing to do (done, gone, taken)."""
    return run_job(EssaySuggestion, suggestion_id, essay_suggestion_work)


def essay_suggestions_seed(*, assignment: Assignment) -> int:
    """Makes the suggestions of an assignment's submitted essays now (demo data)."""
    done = 0
    for version in SubmissionVersion.objects.filter(submission__assignment=assignment):
        if not version.text.strip() or not assignment.rubric_id:
            continue
        suggestion = essay_suggestion_request(version=version)
        done += essay_suggestion_run(suggestion_id=suggestion.pk)
    return done
