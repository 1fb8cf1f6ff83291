"""Courses, sections, people and invitations in the admin (E1)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from careercopilot.web import error_text

from .. import services
from ..forms import EnrolByEmailForm
from ..models import Course, CourseInvitation, CourseRole, Enrollment, Section, Skill
from ..selectors.access import get_course_for_staff, taught_course_ids
from .scoping import CourseScopedAdmin, ScopedTabularInline, TaughtCourseFilter, person_text
from .widgets import RichTextWidget


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ("title", "code", "description", "skills", "captions_required", "archived_at")
        widgets = {"description": RichTextWidget(label="Description")}


class SectionInline(ScopedTabularInline):
    model = Section
    extra = 0
    fields = ("name", "join_code_shown", "join_enabled")
    readonly_fields = ("join_code_shown",)
    manage_requires_instructor = True
    parent_course_field = ""

    @display(description="Join code")
    def join_code_shown(self, obj: Section) -> str:
        return obj.join_code_display if obj.pk else "Made when saved"


@admin.register(Course)
class CourseAdmin(CourseScopedAdmin):
    course_field = ""
    manage_requires_instructor = True
    form = CourseForm
    inlines = [SectionInline]
    list_display = ("title", "code", "join_codes", "students", "assignments_count", "tools")
    search_fields = ("title", "code")
    ordering = ("title", "id")
    list_filter = ("archived_at",)
    actions_detail = ["open_grading_list", "open_gradebook", "open_analytics", "open_enrol"]
    filter_horizontal = ("skills",)  # E12: what the course teaches
    warn_unsaved_form = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                student_count=Count(
                    "enrollments", filter=Q(enrollments__role=CourseRole.STUDENT), distinct=True
                ),
                assignment_count=Count("assignments", distinct=True),
            )
            .prefetch_related("sections")
        )

    @display(description="Join codes")
    def join_codes(self, obj: Course) -> str:
        return format_html_join(
            ", ",
            "{}: <code>{}</code>",
            ((s.name, s.join_code_display) for s in obj.sections.all()),
        )

    @display(description="Students", ordering="student_count")
    def students(self, obj: Course) -> int:
        return obj.student_count

    @display(description="Assignments", ordering="assignment_count")
    def assignments_count(self, obj: Course) -> int:
        return obj.assignment_count

    @display(description="")
    def tools(self, obj: Course) -> str:
        return format_html(
            '<a class="cc-link" href="{}">Gradebook</a> · <a class="cc-link" href="{}">Analytics</a>',
            reverse("admin:courses_course_gradebook", args=[obj.pk]),
            reverse("admin:courses_course_analytics", args=[obj.pk]),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            obj = form.instance
            obj.created_by = request.user
            obj.save(update_fields=["created_by"])
            services.course_setup_new(course=obj, created_by=request.user)

    # --- Detail actions: the course's teaching pages ---------------------------------------

    @action(description="Submissions", icon="assignment_turned_in", url_path="go-submissions")
    def open_grading_list(self, request, object_id):
        return redirect(
            reverse("admin:courses_submission_changelist") + f"?course={int(object_id)}"
        )

    @action(description="Gradebook", icon="table_view", url_path="go-gradebook")
    def open_gradebook(self, request, object_id):
        return redirect("admin:courses_course_gradebook", int(object_id))

    @action(description="Analytics", icon="monitoring", url_path="go-analytics")
    def open_analytics(self, request, object_id):
        return redirect("admin:courses_course_analytics", int(object_id))

    @action(description="Enrol people", icon="person_add", url_path="go-enrol")
    def open_enrol(self, request, object_id):
        return redirect("admin:courses_course_enrol", int(object_id))

    def get_urls(self):
        from . import analytics, gradebook

        wrap = self.admin_site.admin_view
        return [
            path(
                "<id:pk>/gradebook/",
                wrap(gradebook.gradebook_view(self)),
                name="courses_course_gradebook",
            ),
            path(
                "<id:pk>/gradebook.csv",
                wrap(gradebook.gradebook_csv_view(self)),
                name="courses_course_gradebook_csv",
            ),
            path(
                "<id:pk>/analytics/",
                wrap(analytics.analytics_view(self)),
                name="courses_course_analytics",
            ),
            path("<id:pk>/enrol/", wrap(self.enrol_view), name="courses_course_enrol"),
            *super().get_urls(),
        ]

    def enrol_view(self, request: HttpRequest, pk: int):
        course = get_course_for_staff(request.user, pk, instructor_only=True)
        form = EnrolByEmailForm(request.POST or None, course=course)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.enrollments_add_by_email(
                    course=course,
                    emails=services.parse_emails(form.cleaned_data["emails"]),
                    role=form.cleaned_data["role"],
                    section=form.cleaned_data["section"],
                    invited_by=request.user,
                )
            except ValidationError as exc:
                form.add_error("emails", error_text(exc))
            else:
                level = messages.WARNING if result.invalid else messages.SUCCESS
                self.message_user(request, f"{course}: {result.summary()}.", level)
                if result.invalid:
                    self.message_user(
                        request, "Not valid: " + ", ".join(result.invalid), messages.WARNING
                    )
                return redirect(reverse("admin:courses_enrollment_changelist") + f"?course={pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Enrol people in {course}",
            "course": course,
            "form": form,
        }
        return TemplateResponse(request, "admin/courses/enrol.html", context)


def _instructs_a_course(request) -> bool:
    """Asked by the admin's app list and its sidebar on every page: once per request."""
    if not hasattr(request, "_instructs_a_course"):
        taught = taught_course_ids(request.user, instructor_only=True)
        request._instructs_a_course = taught.exists()
    return request._instructs_a_course


@admin.register(Section)
class SectionAdmin(CourseScopedAdmin):
    manage_requires_instructor = True
    list_display = ("name", "course", "join_code_display", "join_enabled", "student_count")
    list_filter = (TaughtCourseFilter, "join_enabled")
    search_fields = ("name", "course__title", "course__code")
    ordering = ("course__title", "name")
    list_select_related = ("course",)
    readonly_fields = ("join_code",)
    fields = ("course", "name", "join_code", "join_enabled")
    actions = ["regenerate_codes"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("course")
            .annotate(students=Count("enrollments", filter=Q(enrollments__role=CourseRole.STUDENT)))
        )

    @display(description="Students", ordering="students")
    def student_count(self, obj: Section) -> int:
        return obj.students

    def has_add_permission(self, request):
        return super().has_add_permission(request) and (
            request.user.is_superuser or _instructs_a_course(request)
        )

    @action(description="Generate new join codes (the old ones stop working)")
    def regenerate_codes(self, request, queryset):
        count = 0
        for section in queryset:
            if self.has_change_permission(request, section):
                services.section_regenerate_code(section=section)
                count += 1
        self.message_user(request, f"{count} section code(s) replaced.", messages.SUCCESS)


class EnrollmentForm(forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = ("role", "section")


@admin.register(Enrollment)
class EnrollmentAdmin(CourseScopedAdmin):
    manage_requires_instructor = True
    form = EnrollmentForm
    list_display = ("person", "email", "course", "section", "role", "created_at")
    list_filter = (TaughtCourseFilter, "role")
    search_fields = ("user__name", "user__email", "course__title", "course__code")
    list_select_related = ("user", "course", "section__course")  # a section names its course
    readonly_fields = ("person_shown", "course", "created_at")
    fields = ("person_shown", "course", "role", "section", "created_at")
    actions_list = ["enrol_people"]

    @display(description="Person")
    def person_shown(self, obj: Enrollment) -> str:
        return person_text(obj.user)

    @display(description="Name", ordering="user__name")
    def person(self, obj: Enrollment) -> str:
        return obj.user.display_name

    @display(description="Email", ordering="user__email")
    def email(self, obj: Enrollment) -> str:
        return obj.user.email

    def has_add_permission(self, request):
        return False  # people are added by email (Course → Enrol people) or join by code

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "section" in form.base_fields:
            field = form.base_fields["section"]
            field.queryset = field.queryset.filter(course_id=obj.course_id)
        return form

    def save_model(self, request, obj, form, change):
        services.enrollment_add(
            course=obj.course, user=obj.user, role=obj.role, section=obj.section
        )

    @action(description="Enrol by email", icon="person_add", url_path="enrol-by-email")
    def enrol_people(self, request):
        course_id = request.GET.get("course", "")
        courses = Course.objects.filter(
            id__in=taught_course_ids(request.user, instructor_only=True)
        )
        if course_id.isdigit():
            courses = courses.filter(pk=int(course_id))
        course = courses.first()
        if course is None:
            self.message_user(request, "You do not manage any course.", messages.WARNING)
            return redirect("admin:courses_enrollment_changelist")
        return redirect("admin:courses_course_enrol", course.pk)


@admin.register(CourseInvitation)
class CourseInvitationAdmin(CourseScopedAdmin):
    manage_requires_instructor = True
    list_display = ("email", "course", "section", "role", "created_at", "accepted_at")
    list_filter = (TaughtCourseFilter, "role", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("email",)
    list_select_related = ("course", "section__course")
    readonly_fields = ("email", "course", "invited_by_shown", "created_at", "accepted_at")
    fields = (
        "email",
        "course",
        "section",
        "role",
        "invited_by_shown",
        "created_at",
        "accepted_at",
    )

    @display(description="Invited by")
    def invited_by_shown(self, obj: CourseInvitation) -> str:
        return person_text(obj.invited_by)

    def has_add_permission(self, request):
        return False  # invitations come from "Enrol people"


@admin.register(Skill)
class SkillAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = ("name", "slug")
    search_fields = ("name",)
    readonly_fields = ("slug",)
