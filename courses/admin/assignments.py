"""Assignments, attachments and rubrics in the admin (E2)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminTextareaWidget

from careercopilot.templatetags.dates import moment
from careercopilot.web import error_text

from .. import services
from ..models import (
    Assignment,
    AssignmentAttachment,
    Rubric,
    RubricCriterion,
    RubricLevel,
    SubmissionState,
)
from ..policy import points_text
from ..uploads import safe_filename, validate_document
from .peer import assign_peer_reviews_now
from .scoping import (
    CourseScopedAdmin,
    ScopedStackedInline,
    ScopedTabularInline,
    TaughtCourseFilter,
)
from .widgets import RichTextWidget

# --- Rubrics -----------------------------------------------------------------------------


SHORT_TEXT = {models.TextField: {"widget": UnfoldAdminTextareaWidget(attrs={"rows": 2})}}


class RubricLevelInline(ScopedTabularInline):
    model = RubricLevel
    parent_course_field = "course"
    fields = ("position", "title", "points", "description")
    ordering = ("position", "-points")
    formfield_overrides = SHORT_TEXT

    def get_extra(self, request, obj=None, **kwargs):
        # ``obj`` is the criterion here (a nested inline): blank rows only for a new one.
        return 0 if obj is not None and obj.pk and obj.levels.exists() else 3


class RubricCriterionInline(ScopedStackedInline):
    model = RubricCriterion
    parent_course_field = "course"
    inlines = [RubricLevelInline]
    fields = ("position", "title", "description")
    formfield_overrides = SHORT_TEXT
    ordering = ("position", "id")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None and obj.pk and obj.criteria.exists() else 2


@admin.register(Rubric)
class RubricAdmin(CourseScopedAdmin):
    list_display = ("title", "course", "criteria_count", "used_by")
    list_select_related = ("course",)
    ordering = ("course__title", "title", "id")
    list_filter = (TaughtCourseFilter,)
    search_fields = ("title", "course__title", "course__code")
    inlines = [RubricCriterionInline]
    fields = ("course", "title", "description", "points_total")
    readonly_fields = ("points_total",)
    formfield_overrides = SHORT_TEXT
    actions_row = ["duplicate"]
    warn_unsaved_form = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("course")
            .annotate(
                n_criteria=Count("criteria", distinct=True),
                n_assignments=Count("assignments", distinct=True),
            )
        )

    @display(description="Criteria", ordering="n_criteria")
    def criteria_count(self, obj: Rubric) -> int:
        return obj.n_criteria

    @display(description="Used by assignments", ordering="n_assignments")
    def used_by(self, obj: Rubric) -> int:
        return obj.n_assignments

    @display(description="Points")
    def points_total(self, obj: Rubric) -> str:
        if not obj.pk:
            return "—"
        total = sum(
            max((level.points for level in c.levels.all()), default=0)
            for c in obj.criteria.prefetch_related("levels")
        )
        return f"{points_text(total)}"

    @action(description="Duplicate", icon="content_copy", url_path="duplicate")
    def duplicate(self, request, object_id):
        """GET asks for confirmation; only the POST (with its CSRF token) makes the copy."""
        rubric = self.get_object(request, object_id)
        if rubric is None or not self.has_change_permission(request, rubric):
            messages.error(request, "That rubric is not one of your courses'.")
            return redirect("admin:courses_rubric_changelist")
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "title": f"Duplicate “{rubric.title}”",
                "rubric": rubric,
                "criteria_count": rubric.criteria.count(),
                "opts": self.model._meta,
            }
            return TemplateResponse(request, "admin/courses/rubric/duplicate_confirm.html", context)
        copy = services.rubric_duplicate(rubric=rubric)
        messages.success(request, f"Copied as “{copy.title}”. Change its course to reuse it there.")
        return redirect("admin:courses_rubric_change", copy.pk)


# --- Assignments --------------------------------------------------------------------------


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = AssignmentAttachment
        fields = ("file",)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "read") and not getattr(upload, "_committed", False):
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            try:
                detected = validate_document(data)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from None
            self.instance.original_filename = safe_filename(upload.name)
            self.instance.content_type = detected.content_type
            self.instance.size_bytes = len(data)
        return upload


class AttachmentInline(ScopedTabularInline):
    model = AssignmentAttachment
    form = AttachmentForm
    parent_course_field = "course"
    extra = 0
    fields = ("file", "original_filename", "size_bytes", "uploaded_at")
    readonly_fields = ("original_filename", "size_bytes", "uploaded_at")


class AssignmentForm(forms.ModelForm):
    publish = forms.BooleanField(
        required=False,
        label="Published",
        help_text="Students see published assignments and are notified when one is published.",
    )

    class Meta:
        model = Assignment
        fields = (
            "course",
            "title",
            "instructions",
            "points_possible",
            "rubric",
            "skills",
            "allow_text",
            "allow_file",
            "allow_video",
            "video_self_reflection",
            "due_at",
            "cutoff_at",
            "late_penalty_percent",
            "late_penalty_floor_percent",
            "max_attempts",
            "position",
        )
        widgets = {"instructions": RichTextWidget(label="Instructions")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publish"].initial = bool(self.instance.pk and self.instance.is_published)
        zone = timezone.get_current_timezone_name()
        for name in ("due_at", "cutoff_at"):
            if name in self.fields:
                self.fields[name].help_text = (
                    f"{self.fields[name].help_text} In your time zone ({zone}); "
                    "students see it in theirs."
                ).strip()
        if "rubric" in self.fields:
            self.fields["rubric"].label_from_instance = lambda r: (
                f"{r.course.code or r.course.title} · {r.title}"
            )


@admin.register(Assignment)
class AssignmentAdmin(CourseScopedAdmin):
    form = AssignmentForm
    inlines = [AttachmentInline]
    list_display = (
        "title",
        "course",
        "due_local",
        "published",
        "submitted",
        "to_grade",
        "grading_link",
    )
    list_filter = (TaughtCourseFilter, ("published_at", admin.EmptyFieldListFilter), "due_at")
    list_select_related = ("course",)
    search_fields = ("title", "course__title", "course__code")
    ordering = ("-due_at", "id")
    autocomplete_fields = ("skills",)
    actions = ["publish_selected", "unpublish_selected", assign_peer_reviews_now]
    actions_detail = ["open_grading", "open_peer_review"]
    warn_unsaved_form = True
    fieldsets = (
        (None, {"fields": ("course", "title", "instructions", "publish")}),
        ("Grading", {"fields": ("points_possible", "rubric", "skills")}),
        (
            "Submissions",
            {
                "fields": (
                    "allow_text",
                    "allow_file",
                    "allow_video",
                    "video_self_reflection",
                    "max_attempts",
                )
            },
        ),
        (
            "Dates and late policy",
            {
                "fields": (
                    "due_at",
                    "cutoff_at",
                    "late_penalty_percent",
                    "late_penalty_floor_percent",
                    "position",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("course")
            .annotate(
                n_submitted=Count("submissions", filter=Q(submissions__attempt__gt=0)),
                n_to_grade=Count(
                    "submissions", filter=Q(submissions__state=SubmissionState.SUBMITTED)
                ),
            )
        )

    @display(description="Due", ordering="due_at")
    def due_local(self, obj: Assignment) -> str:
        return moment(obj.due_at)  # "3 Dec 2026, 14:05" in the viewer's time zone

    @display(description="Published", label={"Published": "success", "Draft": "warning"})
    def published(self, obj: Assignment) -> str:
        return "Published" if obj.is_published else "Draft"

    @display(description="Submitted", ordering="n_submitted")
    def submitted(self, obj: Assignment) -> int:
        return obj.n_submitted

    @display(description="To grade", ordering="n_to_grade")
    def to_grade(self, obj: Assignment) -> int:
        return obj.n_to_grade

    @display(description="")
    def grading_link(self, obj: Assignment) -> str:
        return format_html(
            '<a class="cc-link" href="{}">Grade</a>',
            reverse("admin:courses_assignment_grading", args=[obj.pk]),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if form.cleaned_data.get("publish") and not obj.is_published:
            services.assignment_publish(assignment=obj)
            self.message_user(request, f"“{obj}” is published; its students are being notified.")
        elif not form.cleaned_data.get("publish") and obj.is_published:
            try:
                services.assignment_unpublish(assignment=obj)
            except ValidationError as exc:
                self.message_user(request, error_text(exc), messages.WARNING)

    @admin.action(description="Publish (and notify students)")
    def publish_selected(self, request, queryset):
        count = sum(services.assignment_publish(assignment=a) for a in queryset)
        self.message_user(request, f"{count} assignment(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish (only without submissions)")
    def unpublish_selected(self, request, queryset):
        done = 0
        for assignment in queryset:
            try:
                services.assignment_unpublish(assignment=assignment)
                done += 1
            except ValidationError as exc:
                self.message_user(request, error_text(exc), messages.WARNING)
        self.message_user(request, f"{done} assignment(s) unpublished.")

    @action(description="Grade submissions", icon="grading", url_path="go-grading")
    def open_grading(self, request, object_id):
        return redirect("admin:courses_assignment_grading", int(object_id))

    @action(description="Peer review", icon="rate_review", url_path="go-peer-review")
    def open_peer_review(self, request, object_id):
        return redirect("admin:courses_assignment_peer_review", int(object_id))

    def get_urls(self):
        from . import grading, peer
        from .ai_grading import admin_urls as ai_grading_urls  # AI essay grader (E6)

        wrap = self.admin_site.admin_view
        return [
            path(
                "<id:pk>/grading/",
                wrap(grading.grading_list_view(self)),
                name="courses_assignment_grading",
            ),
            path(
                "<id:pk>/grading/<id:student_id>/",
                wrap(grading.grading_screen_view(self)),
                name="courses_assignment_grade",
            ),
            path(
                "<id:pk>/grading/<id:student_id>/penalty/",
                wrap(grading.grading_penalty_view(self)),
                name="courses_assignment_grade_penalty",
            ),
            *ai_grading_urls(self),
            path(
                "<id:pk>/peer-review/",
                wrap(peer.peer_review_view(self)),
                name="courses_assignment_peer_review",
            ),
            *super().get_urls(),
        ]
