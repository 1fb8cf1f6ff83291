"""The grading pages of an assignment (E5), in the admin.

- The list: every student with their status, filters (needs grading, late, graded not
  released, not submitted), and bulk actions on the selected rows (release, apply a
  score).
- The grading screen: the submission (any attempt) beside the rubric as clickable levels
  with the total computed, per-criterion and overall comments, the late penalty shown as
  raw, penalty and final. Previous/next save the work first, so nothing typed is lost.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from careercopilot.web import error_text

from .. import policy, services
from ..models import Submission
from ..policy import points_text
from ..selectors import grading as reads
from ..selectors.access import get_assignment_for_staff
from ..selectors.library import library_comments_for_course
from ..selectors.video_feedback import submissions_missing_captions
from ..services.grading import CriterionInput, to_decimal
from . import ai_grading

BULK_ACTIONS = ("release", "score", "release_all")


def _url(name: str, *args, flt: str = "all", **params) -> str:
    query = {k: v for k, v in {"filter": flt, **params}.items() if v and v != "all"}
    url = reverse(f"admin:{name}", args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _context(model_admin, request, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "tab": "assignments",
        **extra,
    }


# --- The list -------------------------------------------------------------------------------


def grading_list_view(model_admin):
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        assignment = get_assignment_for_staff(request.user, pk)
        flt = reads.clean_filter(request.GET.get("filter") or request.POST.get("filter"))
        rows = reads.grading_rows(assignment)
        if request.method == "POST":
            _bulk(request, assignment, rows)
            return redirect(_url("courses_assignment_grading", assignment.pk, flt=flt))
        counts = {key: sum(1 for r in rows if r.matches(key)) for key in reads.FILTERS}
        context = _context(
            model_admin,
            request,
            title=f"Grading · {assignment.title}",
            assignment=assignment,
            course=assignment.course,
            rows=[r for r in rows if r.matches(flt)],
            filters=[(key, label, counts[key]) for key, label in reads.FILTERS.items()],
            current_filter=flt,
            released_waiting=counts["unreleased"],
        )
        return TemplateResponse(request, "admin/courses/grading_list.html", context)

    return view


def _warn_missing_captions(request: HttpRequest, submissions) -> None:
    """Grades held back because the course requires captions on videos."""
    graded = submissions.filter(score__isnull=False, released_at__isnull=True)
    waiting = submissions_missing_captions(graded.values_list("pk", flat=True))
    if waiting:
        messages.warning(
            request,
            f"{len(waiting)} grade(s) not released: captions are required before release, "
            "and their videos have none yet.",
        )


def _bulk(request: HttpRequest, assignment, rows) -> None:
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, "Choose what to do with the selected students.")
        return
    by_id = {r.enrollment.user_id: r for r in rows}  # only this course's students count
    wanted = {int(v) for v in request.POST.getlist("students") if v.isdigit()}
    selected = [by_id[i] for i in wanted if i in by_id]
    if action == "release_all":
        _warn_missing_captions(request, assignment.submissions.all())
        count = services.submissions_release(submissions=assignment.submissions.all())
        messages.success(request, f"{count} grade(s) released; the students are notified.")
        return
    if not selected:
        messages.warning(request, "Select at least one student first.")
        return
    if action == "release":
        chosen = Submission.objects.filter(
            assignment=assignment, student_id__in=[r.enrollment.user_id for r in selected]
        )
        _warn_missing_captions(request, chosen)
        count = services.submissions_release(submissions=chosen)
        skipped = len(selected) - count
        note = f" ({skipped} had no grade to release)" if skipped else ""
        messages.success(request, f"{count} grade(s) released{note}.")
        return
    try:
        score = to_decimal(request.POST.get("score"))
        if score is None:
            raise ValidationError("Enter the score to apply.")
        count = services.submissions_apply_score(
            assignment=assignment,
            students=[r.enrollment.user for r in selected],
            score=score,
            grader=request.user,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return
    messages.success(
        request,
        f"Score {points_text(score)} given to {count} student(s); late penalties applied. "
        "Release the grades when you are ready.",
    )


# --- The grading screen -----------------------------------------------------------------------


def _posted_criteria(request, criteria) -> dict[int, CriterionInput]:
    posted = {}
    errors = []
    for criterion in criteria:
        level = request.POST.get(f"criterion-{criterion.pk}-level", "")
        points_raw = request.POST.get(f"criterion-{criterion.pk}-points", "")
        try:
            points = to_decimal(points_raw, field=criterion.title)
        except ValidationError:
            errors.append(f"“{criterion.title}”: enter a number of points.")
            points = None
        posted[criterion.pk] = CriterionInput(
            level_id=int(level) if level.isdigit() else None,
            points=points,
            comment=request.POST.get(f"criterion-{criterion.pk}-comment", ""),
        )
    if errors:
        raise ValidationError(errors)
    return posted


def _unchanged(submission, posted, scores, score, feedback, waive) -> bool:
    """True when the form holds exactly what is stored (nothing to save)."""
    if submission is None:
        return not (
            score is not None
            or feedback.strip()
            or waive
            or any(c.level_id or c.points is not None or c.comment.strip() for c in posted.values())
        )
    for criterion_id, given in posted.items():
        stored = scores.get(criterion_id)
        stored_tuple = (
            (stored.level_id, stored.points, stored.comment) if stored else (None, None, "")
        )
        if (given.level_id, given.points, given.comment.strip()) != stored_tuple:
            return False
    return (
        score == submission.score_raw
        and feedback.strip() == submission.feedback
        and waive == submission.late_penalty_waived
    )


def grading_screen_view(model_admin):
    def view(request: HttpRequest, pk: int, student_id: int) -> HttpResponse:
        assignment = get_assignment_for_staff(request.user, pk)
        flt = reads.clean_filter(request.GET.get("filter") or request.POST.get("filter"))
        rows = reads.grading_rows(assignment)
        current, previous, following = reads.neighbours(rows, student_id, flt)
        if current is None:
            raise Http404
        submission = current.submission
        criteria = reads.rubric_criteria(assignment)
        scores = reads.criterion_scores(submission)
        errors: list[str] = []
        posted_values = None
        if request.method == "POST":
            go = request.POST.get("go", "stay")
            try:
                posted = _posted_criteria(request, criteria)
                score = to_decimal(request.POST.get("score"))
                feedback = request.POST.get("feedback", "")
                waive = request.POST.get("waive_late_penalty") == "on"
                release = request.POST.get("release") == "on"
                if release or not _unchanged(submission, posted, scores, score, feedback, waive):
                    result = services.submission_grade(
                        assignment=assignment,
                        student=current.enrollment.user,
                        grader=request.user,
                        score=score,
                        criteria=posted,
                        feedback=feedback,
                        waive_late_penalty=waive,
                        release=release,
                    )
                    messages.success(request, _saved_message(current, result, release))
            except ValidationError as exc:
                errors = exc.messages
                posted_values = request.POST
            else:
                target = {"next": following, "prev": previous}.get(go)
                if go == "list" or (go in ("next", "prev") and target is None):
                    return redirect(_url("courses_assignment_grading", assignment.pk, flt=flt))
                student = target.enrollment.user_id if target else student_id
                return redirect(_url("courses_assignment_grade", assignment.pk, student, flt=flt))

        versions = reads.submission_versions(submission)
        attempt = request.GET.get("attempt", "")
        shown = next((v for v in versions if str(v.number) == attempt), None) or (
            versions[0] if versions else None
        )
        form = _form_values(submission, posted_values)
        context = _context(
            model_admin,
            request,
            title=f"{current.student.display_name} · {assignment.title}",
            assignment=assignment,
            course=assignment.course,
            row=current,
            submission=submission,
            previous=previous,
            following=following,
            position=next(i for i, r in enumerate(rows) if r is current) + 1,
            total=len(rows),
            current_filter=flt,
            filter_label=reads.FILTERS[flt],
            versions=versions,
            shown=shown,
            criteria=_criteria_view(criteria, scores, posted_values),
            form=form,
            errors=errors,
            days_late=submission.days_late if submission else 0,
            penalty_note=_penalty_note(assignment, submission),
            breakdown=_breakdown(assignment, submission, score=form["score"], waived=form["waive"]),
            library_comments=library_comments_for_course(course_id=assignment.course_id),
        )
        context.update(  # AI essay grader (E6): suggested levels for the attempt on screen
            ai_grading.screen_context(
                assignment=assignment,
                student_id=current.enrollment.user_id,
                shown=shown,
                criteria=context["criteria"],
            )
        )
        return TemplateResponse(
            request,
            "admin/courses/grading_screen.html",
            context,
            status=400 if errors else 200,
        )

    return view


def _saved_message(row, result, release: bool) -> str:
    name = row.student.display_name
    if not result.complete:
        return f"Saved {name}'s rubric work; {result.unrated} criterion/criteria still unrated."
    submission = result.submission
    text = f"Saved {name}: {points_text(submission.score)}"
    if submission.late_penalty:
        text += f" ({points_text(submission.score_raw)} − {points_text(submission.late_penalty)} late penalty)"
    return text + (" and released." if release else ".")


def _criteria_view(criteria, scores, posted) -> list[dict]:
    view = []
    for criterion in criteria:
        stored = scores.get(criterion.pk)
        if posted is not None:
            level = posted.get(f"criterion-{criterion.pk}-level", "")
            points = posted.get(f"criterion-{criterion.pk}-points", "")
            comment = posted.get(f"criterion-{criterion.pk}-comment", "")
        else:
            level = str(stored.level_id) if stored and stored.level_id else ""
            points = "" if not stored or stored.points is None else f"{points_text(stored.points)}"
            comment = stored.comment if stored else ""
        levels = list(criterion.levels.all())
        view.append(
            {
                "criterion": criterion,
                "levels": levels,
                "max_points": max((lv.points for lv in levels), default=Decimal("0")),
                "level": level,
                "points": points,
                "comment": comment,
            }
        )
    return view


def _form_values(submission, posted) -> dict:
    if posted is not None:
        return {
            "score": posted.get("score", ""),
            "feedback": posted.get("feedback", ""),
            "waive": posted.get("waive_late_penalty") == "on",
            "release": posted.get("release") == "on",
        }
    return {
        "score": ""
        if not submission or submission.score_raw is None
        else f"{points_text(submission.score_raw)}",
        "feedback": submission.feedback if submission else "",
        "waive": bool(submission and submission.late_penalty_waived),
        "release": False,
    }


def _penalty_note(assignment, submission) -> str:
    return policy.penalty_note(
        days=submission.days_late if submission else 0,
        points_possible=assignment.points_possible,
        percent_per_day=assignment.late_penalty_percent,
        floor_percent=assignment.late_penalty_floor_percent,
    )


# --- The score breakdown, asked for while the grader types -----------------------------------


def _breakdown(assignment, submission, *, score: str, waived: bool) -> dict:
    """Raw score, late penalty and final score (as text) of the score in the form, under
    ``courses.policy`` (the one place the penalty is computed)."""
    try:
        raw = to_decimal(score)
    except ValidationError:
        raw = None
    if raw is None or raw < 0:
        return {"raw": None}
    scored = policy.late_penalty(
        raw=raw,
        points_possible=assignment.points_possible,
        days=submission.days_late if submission else 0,
        percent_per_day=assignment.late_penalty_percent,
        floor_percent=assignment.late_penalty_floor_percent,
        waived=waived,
    )
    return {
        "raw": points_text(scored.raw),
        "penalty": points_text(scored.penalty) if scored.penalty else "",
        "final": points_text(scored.final),
    }


def grading_penalty_view(model_admin):
    """The breakdown fragment for the score being typed (htmx GET from the grading screen):
    staff of the course only, and nothing is saved."""

    def view(request: HttpRequest, pk: int, student_id: int) -> HttpResponse:
        assignment = get_assignment_for_staff(request.user, pk)
        submission = assignment.submissions.filter(student_id=student_id).first()
        context = {
            "assignment": assignment,
            "student_id": student_id,
            "breakdown": _breakdown(
                assignment,
                submission,
                score=request.GET.get("score", ""),
                waived=request.GET.get("waive_late_penalty") == "on",
            ),
        }
        return TemplateResponse(request, "admin/courses/partials/score_breakdown.html", context)

    return view
