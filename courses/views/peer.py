"""Peer review pages for students (E9): the reviews to do in a course, one review with
the classmate's work beside the rubric, that work's files, and the reviews of one's own
work once released.

Every object comes through ``courses.selectors.peer``: a review is reachable only by its
reviewer, and its files are exactly those of the attempt under review.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from accounts.decorators import htmx_login_required
from careercopilot.web import error_text

from ..downloads import filename_for_kind, serve_field, serve_stored
from ..models import ProcessingState
from ..selectors import access
from ..selectors import peer as reads
from ..services.peer import PeerRating, peer_review_save


def _file_label(index: int, file, anonymous: bool) -> str:
    """Anonymous reviews hide the uploaded file names (they often hold the author's)."""
    if not anonymous:
        return file.original_filename
    extension = (
        file.original_filename.rsplit(".", 1)[-1].lower() if "." in file.original_filename else ""
    )
    return f"File {index}" + (f".{extension}" if extension.isalnum() else "")


def _files(review) -> list:
    anonymous = review.assignment.peer_review_settings.anonymous
    files = list(review.version.files.order_by("id"))
    for index, file in enumerate(files, start=1):
        file.label = _file_label(index, file, anonymous)
    return files


@htmx_login_required
def review_list(request: HttpRequest, course_id: int) -> HttpResponse:
    enrollment = access.get_enrollment_for_user(request.user, course_id)
    reviews = reads.reviews_to_do(request.user, enrollment.course_id)
    groups: list[dict] = []
    for review in reviews:
        if not groups or groups[-1]["assignment"].pk != review.assignment_id:
            groups.append(
                {
                    "assignment": review.assignment,
                    "settings": review.assignment.peer_review_settings,
                    "reviews": [],
                }
            )
        groups[-1]["reviews"].append(review)
    for group in groups:
        group["reviews"].sort(key=lambda r: r.label)
        group["done"] = sum(1 for r in group["reviews"] if r.is_submitted)
        group["released"] = group["settings"].is_released()
    return render(
        request,
        "courses/peer_list.html",
        {
            "enrollment": enrollment,
            "course": enrollment.course,
            "groups": groups,
            "to_do": sum(len(g["reviews"]) - g["done"] for g in groups),
            "feedback": reads.my_feedback_summary(request.user, enrollment.course_id),
            "now": timezone.now(),
        },
    )


def _review_context(request, review, *, posted=None, errors=None) -> dict:
    settings = review.assignment.peer_review_settings
    rows = reads.review_form_rows(review, posted)
    released = settings.is_released()
    return {
        "review": review,
        "assignment": review.assignment,
        "course": review.assignment.course,
        "settings": settings,
        "version": review.version,
        "files": _files(review),
        "rows": rows,
        "overall_comment": posted.get("overall_comment", "")
        if posted is not None
        else review.overall_comment,
        "can_edit": not review.is_submitted and not released,
        "released": released,
        "errors": errors or [],
    }


@htmx_login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = reads.get_peer_review_for_reviewer(request.user, pk)
    return render(request, "courses/peer_review.html", _review_context(request, review))


def _posted_ratings(request, rows) -> dict[int, PeerRating]:
    ratings = {}
    for row in rows:
        criterion = row["criterion"]
        level = request.POST.get(f"criterion-{criterion.pk}-level", "")
        ratings[criterion.pk] = PeerRating(
            level_id=int(level) if level.isdigit() else None,
            comment=request.POST.get(f"criterion-{criterion.pk}-comment", ""),
        )
    return ratings


@htmx_login_required
@require_POST
def review_save(request: HttpRequest, pk: int) -> HttpResponse:
    review = reads.get_peer_review_for_reviewer(request.user, pk)
    submit = request.POST.get("action") == "submit"
    ratings = _posted_ratings(request, reads.review_form_rows(review))
    overall = request.POST.get("overall_comment", "")
    try:
        # The draft is saved first, so a refused submit never loses what was written.
        review = peer_review_save(
            review=review, reviewer=request.user, ratings=ratings, overall_comment=overall
        )
        if submit:
            review = peer_review_save(
                review=review,
                reviewer=request.user,
                ratings=ratings,
                overall_comment=overall,
                submit=True,
            )
    except ValidationError as exc:
        review = reads.get_peer_review_for_reviewer(request.user, pk)
        if request.htmx and not submit:
            response = HttpResponse(status=400)
            return trigger_client_event(
                response, "toast", {"message": error_text(exc), "level": "error"}
            )
        context = _review_context(request, review, posted=request.POST, errors=exc.messages)
        return render(request, "courses/peer_review.html", context, status=400)
    if request.htmx and not submit:
        response = render(request, "courses/peer_review.html#save-status", {"review": review})
        return trigger_client_event(
            response, "toast", {"message": "Review draft saved.", "level": "success"}
        )
    if submit:
        messages.success(request, "Review submitted. Thank you!")
        return redirect("courses:peer_reviews", review.assignment.course_id)
    messages.success(request, "Review draft saved.")
    return redirect("courses:peer_review", review.pk)


@htmx_login_required
def review_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    review, file = reads.get_peer_review_file(request.user, pk, file_pk)
    label = next((f.label for f in _files(review) if f.pk == file.pk), "file")
    inline = request.GET.get("inline") == "1" and (file.is_image or file.is_video)
    return serve_field(
        file.file,
        filename=filename_for_kind(label, file.detected),
        content_type=file.content_type,
        inline=inline,
    )


@htmx_login_required
def review_file_page(request: HttpRequest, pk: int, file_pk: int, page: int) -> HttpResponse:
    _review, file = reads.get_peer_review_file(request.user, pk, file_pk)
    if file.state != ProcessingState.DONE or not 1 <= page <= file.preview_pages:
        raise Http404
    return serve_stored(
        file.preview_page_name(page),
        file.file.storage,
        filename=f"page-{page}.png",
        content_type="image/png",
        inline=True,
    )


@htmx_login_required
def feedback(request: HttpRequest, course_id: int, pk: int) -> HttpResponse:
    """The reviews of the signed-in student's own work on an assignment."""
    enrollment, assignment = access.get_assignment_for_student(request.user, course_id, pk)
    settings = reads.peer_settings_for_student(assignment)
    if settings is None:
        raise Http404
    received = reads.feedback_for_author(request.user, assignment, settings)
    return render(
        request,
        "courses/peer_feedback.html",
        {
            "enrollment": enrollment,
            "course": enrollment.course,
            "assignment": assignment,
            "settings": settings,
            "received": received,
        },
    )
