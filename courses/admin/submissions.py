"""Submissions in the admin: a scoped list across assignments, the release action, and
the staff's file downloads and previews. Grading itself happens on the grading screen."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from unfold.decorators import display

from .. import services
from ..downloads import serve_field, serve_stored
from ..models import ProcessingState, Submission, SubmissionState
from ..policy import points_text
from ..selectors.access import get_submission_file_for_staff
from .scoping import CourseScopedAdmin, TaughtAssignmentFilter, TaughtCourseFilter


@admin.register(Submission)
class SubmissionAdmin(CourseScopedAdmin):
    course_field = "assignment__course"
    list_display = (
        "student_name",
        "assignment",
        "state_label",
        "attempt",
        "submitted_at",
        "late",
        "score_shown",
        "released_at",
        "grade_link",
    )
    list_filter = (
        TaughtCourseFilter,
        TaughtAssignmentFilter,
        "state",
        "is_late",
        ("released_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("student__name", "student__email", "assignment__title")
    list_select_related = ("student", "assignment__course")
    actions = ["release_selected"]
    ordering = ("-submitted_at",)

    def has_add_permission(self, request):
        return False  # students submit on the site

    def has_delete_permission(self, request, obj=None):
        return False  # every attempt is kept

    def change_view(self, request, object_id, form_url="", extra_context=None):
        submission = self.get_object(request, object_id)
        if submission is None or not self.has_view_permission(request, submission):
            raise Http404
        return redirect(
            "admin:courses_assignment_grade", submission.assignment_id, submission.student_id
        )

    @display(description="Student", ordering="student__name")
    def student_name(self, obj: Submission) -> str:
        return obj.student.display_name

    @display(
        description="State",
        ordering="state",
        label={
            SubmissionState.DRAFT.label: "info",
            SubmissionState.SUBMITTED.label: "warning",
            SubmissionState.GRADED.label: "primary",
            SubmissionState.RETURNED.label: "success",
        },
    )
    def state_label(self, obj: Submission) -> str:
        return obj.get_state_display()

    @display(description="Late", boolean=True, ordering="is_late")
    def late(self, obj: Submission) -> bool:
        return obj.is_late

    @display(description="Score", ordering="score")
    def score_shown(self, obj: Submission) -> str:
        if obj.score is None:
            return "—"
        return f"{points_text(obj.score)} / {points_text(obj.assignment.points_possible)}"

    @display(description="")
    def grade_link(self, obj: Submission) -> str:
        return format_html(
            '<a class="cc-link" href="{}">Grade</a>',
            reverse("admin:courses_assignment_grade", args=[obj.assignment_id, obj.student_id]),
        )

    @admin.action(description="Release the selected grades to the students")
    def release_selected(self, request, queryset):
        count = services.submissions_release(submissions=queryset)
        self.message_user(request, f"{count} grade(s) released.", messages.SUCCESS)

    # --- Staff file views (under /admin/, so staff MFA applies) ------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("file/<id:pk>/", wrap(self.file_view), name="courses_submission_file"),
            path(
                "file/<id:pk>/preview/<id:page>/",
                wrap(self.file_preview_view),
                name="courses_submission_file_preview",
            ),
            path(
                "file/<id:pk>/status/",
                wrap(self.file_status_view),
                name="courses_submission_file_status",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        file = get_submission_file_for_staff(request.user, pk)
        inline = request.GET.get("inline") == "1" and (file.is_image or file.is_video)
        return serve_field(
            file.file,
            filename=file.download_filename,
            content_type=file.content_type,
            inline=inline,
        )

    def file_preview_view(self, request: HttpRequest, pk: int, page: int) -> HttpResponse:
        file = get_submission_file_for_staff(request.user, pk)
        if file.state != ProcessingState.DONE or not 1 <= page <= file.preview_pages:
            raise Http404
        return serve_stored(
            file.preview_page_name(page),
            file.file.storage,
            filename=f"{file.original_filename}-page-{page}.png",
            content_type="image/png",
            inline=True,
        )

    def file_status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The file's preview block, polled while the preview is being built."""
        file = get_submission_file_for_staff(request.user, pk)
        return TemplateResponse(request, "admin/courses/partials/file_preview.html", {"file": file})
