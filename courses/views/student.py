"""The student pages: my courses, joining by code, a course, an assignment, my grades.

Every object comes through ``courses.selectors.access``: anything outside the user's
own enrolments is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from accounts.decorators import htmx_login_required
from careercopilot import ratelimit
from careercopilot.web import error_text

from .. import richtext, services
from ..forms import DraftForm, FileUploadForm, JoinForm, VideoUploadForm
from ..models import FileKind
from ..models.courses import TEACHING_ROLES
from ..selectors import access, student
from ..services.video import video_max_seconds


@htmx_login_required
def course_list(request: HttpRequest) -> HttpResponse:
    enrollments = list(student.my_enrollments(request.user))
    return render(
        request,
        "courses/course_list.html",
        {
            "learning": [e for e in enrollments if e.role not in TEACHING_ROLES],
            "teaching": [e for e in enrollments if e.role in TEACHING_ROLES],
            "form": JoinForm(initial={"code": request.GET.get("code", "")}),
        },
    )


@htmx_login_required
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        if ratelimit.exhausted(user_id=request.user.pk, action="join_failure"):
            form.add_error(
                "code", "Too many wrong codes. Wait a few minutes, then check the code and retry."
            )
            return render(request, "courses/join.html", {"form": form}, status=429)
        try:
            enrollment, created = services.enrollment_join_by_code(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            ratelimit.record(user_id=request.user.pk, action="join_failure")
            form.add_error("code", error_text(exc))
            status = 400
        else:
            if created:
                messages.success(request, f"Welcome to {enrollment.course.title}!")
            else:
                messages.info(request, f"You are already in {enrollment.course.title}.")
            return redirect("courses:detail", enrollment.course_id)
    elif request.method == "POST":
        status = 400
    return render(request, "courses/join.html", {"form": form}, status=status)


@htmx_login_required
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    enrollment = access.get_enrollment_for_user(request.user, course_id)
    rows = student.course_rows(course_id=enrollment.course_id, student=request.user)
    return render(
        request,
        "courses/course_detail.html",
        {
            "enrollment": enrollment,
            "course": enrollment.course,
            "rows": rows,
            "summary": student.released_summary(rows),
            "is_student": student.is_student(enrollment),
            "description": richtext.render(enrollment.course.description),
        },
    )


@htmx_login_required
def grades(request: HttpRequest, course_id: int) -> HttpResponse:
    enrollment = access.get_enrollment_for_user(request.user, course_id)
    rows = student.course_rows(course_id=enrollment.course_id, student=request.user)
    return render(
        request,
        "courses/grades.html",
        {
            "enrollment": enrollment,
            "course": enrollment.course,
            "rows": rows,
            "summary": student.released_summary(rows),
        },
    )


def _assignment_context(request, enrollment, assignment, *, draft_form=None) -> dict:
    submission = access.get_submission_for_student(request.user, assignment)
    detail = student.submission_detail(submission) if submission else {}
    now = timezone.now()
    scores = detail.get("criterion_scores", {})
    rubric_rows = [
        {"criterion": c, "levels": list(c.levels.all()), "score": scores.get(c.pk)}
        for c in (
            assignment.rubric.criteria.prefetch_related("levels") if assignment.rubric_id else []
        )
    ]
    badge = student.student_badge(submission, has_draft_files=bool(detail.get("draft_files")))
    return {
        "enrollment": enrollment,
        "course": enrollment.course,
        "assignment": assignment,
        "instructions": richtext.render(assignment.instructions),
        "attachments": list(assignment.attachments.all()),
        "submission": submission,
        "badge": badge,
        "badge_label": student.Badge.LABELS[badge],
        "is_student": student.is_student(enrollment),
        "past_due": assignment.due_at < now,
        "past_cutoff": bool(assignment.cutoff_at and assignment.cutoff_at < now),
        "attempts_left": (
            None
            if not assignment.max_attempts
            else max(0, assignment.max_attempts - (submission.attempt if submission else 0))
        ),
        "draft_form": draft_form
        or DraftForm(initial={"text": submission.draft_text if submission else ""}),
        "file_form": FileUploadForm(),
        "video_form": VideoUploadForm(),
        "video_max_seconds": video_max_seconds(),
        "rubric_rows": rubric_rows,
        "show_scores": bool(scores),
        "versions": detail.get("versions", []),
        "draft_files": detail.get("draft_files", []),
    }


@htmx_login_required
def assignment_detail(request: HttpRequest, course_id: int, pk: int) -> HttpResponse:
    enrollment, assignment = access.get_assignment_for_student(request.user, course_id, pk)
    return render(
        request,
        "courses/assignment_detail.html",
        _assignment_context(request, enrollment, assignment),
    )


def _back(assignment, anchor: str = "work") -> HttpResponse:
    return redirect(f"{assignment.get_absolute_url()}#{anchor}")


def _form_error_page(request, enrollment, assignment, form) -> HttpResponse:
    context = _assignment_context(request, enrollment, assignment, draft_form=form)
    return render(request, "courses/assignment_detail.html", context, status=400)


@htmx_login_required
@require_POST
def draft_save(request: HttpRequest, course_id: int, pk: int) -> HttpResponse:
    enrollment, assignment = access.get_assignment_for_student(request.user, course_id, pk)
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _form_error_page(request, enrollment, assignment, form)
    try:
        submission = services.submission_save_draft(
            assignment=assignment, student=request.user, text=form.cleaned_data["text"]
        )
    except ValidationError as exc:
        form.add_error("text", error_text(exc))
        return _form_error_page(request, enrollment, assignment, form)
    if request.htmx:
        response = render(
            request, "courses/assignment_detail.html#draft-status", {"submission": submission}
        )
        return trigger_client_event(
            response, "toast", {"message": "Draft saved.", "level": "success"}
        )
    messages.success(request, "Draft saved.")
    return _back(assignment)


@htmx_login_required
@require_POST
def submit(request: HttpRequest, course_id: int, pk: int) -> HttpResponse:
    enrollment, assignment = access.get_assignment_for_student(request.user, course_id, pk)
    if "text" in request.POST:
        form = DraftForm(request.POST)
        if not form.is_valid():
            return _form_error_page(request, enrollment, assignment, form)
        try:  # the draft is saved first, so a refused submit never loses the text
            services.submission_save_draft(
                assignment=assignment, student=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error("text", error_text(exc))
            return _form_error_page(request, enrollment, assignment, form)
    try:
        version = services.submission_submit(assignment=assignment, student=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _back(assignment)
    if version.is_late:
        messages.warning(
            request,
            f"Attempt {version.number} submitted, {version.days_late} day"
            f"{'s' if version.days_late != 1 else ''} late.",
        )
    else:
        messages.success(request, f"Attempt {version.number} submitted. Well done!")
    return _back(assignment, "history")


@htmx_login_required
@require_POST
def file_upload(request: HttpRequest, course_id: int, pk: int) -> HttpResponse:
    enrollment, assignment = access.get_assignment_for_student(request.user, course_id, pk)
    if not ratelimit.allow(user_id=request.user.pk, action="course_upload"):
        messages.error(request, "Too many uploads in a short time. Wait a few minutes and retry.")
        context = _assignment_context(request, enrollment, assignment)
        return render(request, "courses/assignment_detail.html", context, status=429)
    kind = FileKind.VIDEO if request.POST.get("kind") == FileKind.VIDEO else FileKind.DOCUMENT
    form_class = VideoUploadForm if kind == FileKind.VIDEO else FileUploadForm
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to upload.")
        return _back(assignment)
    upload = form.cleaned_data["file"]
    try:
        file = services.submission_file_add(
            assignment=assignment,
            student=request.user,
            upload=upload,
            filename=upload.name,
            kind=kind,
        )
    except ValidationError as exc:
        messages.error(request, f"{upload.name}: {error_text(exc)}")
    else:
        noun = "Video" if kind == FileKind.VIDEO else "File"
        messages.success(request, f"{noun} {file.original_filename} added to your draft.")
    return _back(assignment)
