"""The gradebook (E5): students × published assignments, with totals.

Three queries whatever the size of the course: the students, the assignments and one
narrow row per submission. Totals:

- **Points**: the sum of final scores (after late penalties) of graded work.
- **Current %**: points over the points possible of the graded assignments only.
- **Overall %**: points over the points possible of every assignment due so far
  (ungraded work due so far counts as zero).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from .. import policy
from ..models import Assignment, Course, Submission
from ..policy import points_text
from .grading import student_enrollments

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    css: str
    title: str
    score: Decimal | None


EMPTY_CELL = Cell("", "cc-cell-none", "Not submitted", None)
MISSING_CELL = Cell("–", "cc-cell-missing", "Missing (due date passed)", None)


@dataclass
class Row:
    enrollment: object
    cells: list[tuple[Cell, str]]  # each cell with the link to its grading screen
    earned: Decimal = ZERO
    graded_possible: Decimal = ZERO
    due_possible: Decimal = ZERO

    @property
    def current_percent(self) -> Decimal | None:
        return policy.percent(self.earned, self.graded_possible)

    @property
    def overall_percent(self) -> Decimal | None:
        return policy.percent(self.earned, self.due_possible)


@dataclass
class Gradebook:
    course: Course
    assignments: list[Assignment]
    rows: list[Row]
    averages: list[Decimal | None] = field(default_factory=list)


def _cell(values: tuple) -> Cell:
    score, attempt, graded_attempt, released, is_late = values
    needs_grading = attempt > 0 and (graded_attempt or 0) < attempt
    if score is None:
        if attempt > 0:
            return Cell("✎", "cc-cell-todo", "Submitted, needs grading", None)
        return EMPTY_CELL
    css = "cc-cell-released" if released else "cc-cell-unreleased"
    title = "Released" if released else "Graded, not released"
    if is_late:
        css += " cc-cell-late"
        title += ", late"
    if needs_grading:
        css += " cc-cell-todo"
        title += "; a newer attempt needs grading"
    return Cell(points_text(score), css, title, score)


def build_gradebook(course: Course, *, section_id: int | None = None, grade_url=None) -> Gradebook:
    """``grade_url(assignment_id)`` gives the grading-screen URL prefix of a column (the
    student id is appended), so each cell links to where it is graded."""
    assignments = list(
        Assignment.objects.filter(course=course, published_at__isnull=False)
        .only("id", "title", "points_possible", "due_at", "course_id")
        .order_by("due_at", "position", "id")
    )
    enrollments = student_enrollments(course.pk)
    if section_id:
        enrollments = enrollments.filter(section_id=section_id)
    enrollments = list(enrollments)
    submissions = (
        Submission.objects.filter(assignment__course=course, assignment__published_at__isnull=False)
        .annotate(
            released=ExpressionWrapper(Q(released_at__isnull=False), output_field=BooleanField())
        )
        .values_list(
            "student_id",
            "assignment_id",
            "score",
            "attempt",
            "graded_attempt",
            "released",
            "is_late",
        )
    )
    found = {(student_id, assignment_id): rest for student_id, assignment_id, *rest in submissions}
    now = timezone.now()
    columns = [(a.pk, a.points_possible, a.due_at < now) for a in assignments]
    prefixes = [grade_url(a.pk) if grade_url else "" for a in assignments]
    sums = [ZERO] * len(assignments)
    counts = [0] * len(assignments)
    rows = []
    for enrollment in enrollments:
        cells: list[tuple[Cell, str]] = []
        row = Row(enrollment=enrollment, cells=cells)
        for index, (assignment_id, points, due_passed) in enumerate(columns):
            values = found.get((enrollment.user_id, assignment_id))
            if values is None:
                cell = MISSING_CELL if due_passed else EMPTY_CELL
            else:
                cell = _cell(tuple(values))
                if cell is EMPTY_CELL and due_passed:
                    cell = MISSING_CELL
            cells.append((cell, f"{prefixes[index]}{enrollment.user_id}/" if grade_url else ""))
            if cell.score is not None:
                row.earned += cell.score
                row.graded_possible += points
                sums[index] += cell.score
                counts[index] += 1
            if due_passed or cell.score is not None:
                row.due_possible += points
        rows.append(row)
    averages = [
        (sums[i] / counts[i]).quantize(Decimal("0.1")) if counts[i] else None
        for i in range(len(assignments))
    ]
    return Gradebook(course=course, assignments=assignments, rows=rows, averages=averages)
