"""Course scoping for every courses admin.

An instructor or TA sees only the courses they teach and what hangs off them. The one
mixin here applies that to the changelist queryset (and with it search, actions and
autocomplete, which all start from ``get_queryset``), object permissions, foreign-key
choices and the course list filters. Superusers see everything.

``manage_requires_instructor`` marks models only a course's instructors may change
(the course itself, its sections and people); TAs may still view them.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.text import capfirst
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.forms import PaginationInlineFormSet
from unfold.widgets import SELECT_CLASSES

from ..models import Assignment, Course, Rubric, Section
from ..selectors.access import can_manage_course, can_teach, taught_course_ids


def course_id_of(obj: Model, course_field: str) -> int | None:
    """Follow ``course_field`` ("", "course", "assignment__course", …) to a course id."""
    if not course_field:
        return obj.pk
    *path, last = course_field.split("__")
    target = obj
    for part in path:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def person_text(user) -> str:
    """A person on a course page: name and email as text. The user admin is for site
    admins only, so a link there would answer 403 to the course's staff."""
    return f"{user.display_name} <{user.email}>" if user is not None else "—"


class ScopedFieldsMixin:
    """Foreign-key choices limited to the user's courses (and what belongs to them)."""

    manage_requires_instructor = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        instructor_only = self.manage_requires_instructor
        model = db_field.related_model
        if model is Course:
            kwargs["queryset"] = Course.objects.filter(
                id__in=taught_course_ids(user, instructor_only=instructor_only)
            )
        elif model is Section:
            kwargs["queryset"] = Section.objects.filter(
                course_id__in=taught_course_ids(user, instructor_only=instructor_only)
            ).select_related("course")
        elif model is Rubric:
            kwargs["queryset"] = Rubric.objects.filter(
                course_id__in=taught_course_ids(user)
            ).select_related("course")
        elif model is Assignment:
            kwargs["queryset"] = Assignment.objects.filter(course_id__in=taught_course_ids(user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CourseScopedAdmin(ScopedFieldsMixin, ModelAdmin):
    course_field = "course"
    list_per_page = 50
    show_full_result_count = False  # one COUNT of the filtered rows, not two

    def _scope_lookup(self) -> str:
        return f"{self.course_field}__in" if self.course_field else "id__in"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self._scope_lookup(): taught_course_ids(request.user)})

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another course's object (or none at all): a plain 404, never a hint.
        raise Http404

    def _allowed(self, request: HttpRequest, obj, *, manage: bool) -> bool:
        if obj.pk is None:
            return True  # being added: the course choices are scoped and checked on save
        course_id = course_id_of(obj, self.course_field)
        if course_id is None:
            return False
        if manage and self.manage_requires_instructor:
            return can_manage_course(request.user, course_id)
        return can_teach(request.user, course_id)

    def has_view_permission(self, request, obj=None) -> bool:
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or self._allowed(request, obj, manage=False)

    def has_change_permission(self, request, obj=None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self._allowed(request, obj, manage=True)

    def has_delete_permission(self, request, obj=None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self._allowed(request, obj, manage=True)


class ParentCourseInlineMixin(ScopedFieldsMixin):
    """Inlines follow the parent object's course (``parent_course_field`` on the parent)."""

    parent_course_field = ""

    def _parent_allowed(self, request, obj) -> bool:
        if obj is None or obj.pk is None:
            return True  # a new parent: its course choice is scoped and checked on save
        course_id = course_id_of(obj, self.parent_course_field)
        if course_id is None:
            return False
        if self.manage_requires_instructor:
            return can_manage_course(request.user, course_id)
        return can_teach(request.user, course_id)

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._parent_allowed(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._parent_allowed(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._parent_allowed(request, obj)


class LabelledInlineFormSet(PaginationInlineFormSet):
    """A tabular inline shows column headers but no <label>s: every input gets an
    accessible name ("Rubric level 2: Points") so screen readers can tell them apart."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = "new" if index is None else index + 1
        prefix = f"{capfirst(self.model._meta.verbose_name)} {row}"
        for name, field in form.fields.items():
            label = "Delete" if name == "DELETE" else field.label or name
            field.widget.attrs.setdefault("aria-label", f"{prefix}: {label}")


class ScopedTabularInline(ParentCourseInlineMixin, TabularInline):
    formset = LabelledInlineFormSet


class ScopedStackedInline(ParentCourseInlineMixin, StackedInline):
    pass


class ManyChoicesFilter(admin.SimpleListFilter):
    """Past ``MANY`` choices, one select with its own button instead of a link per choice
    (300 courses were 300 links, each with its query string: most of a list's filters)."""

    MANY = 15
    select_classes = " ".join(c for c in SELECT_CLASSES if c not in ("appearance-none", "pr-8!"))

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        if len(self.lookup_choices) > self.MANY:
            self.template = "admin/courses/filters/select.html"

    def choices(self, changelist):
        if len(self.lookup_choices) <= self.MANY:
            yield from super().choices(changelist)
            return
        # The list's other parameters ride along; a new choice starts at page 1.
        self.kept_params = [
            (name, value)
            for name, value in changelist.params.items()
            if name != self.parameter_name
        ]
        current = self.value() or ""
        yield {"value": "", "display": "All", "selected": not current}
        for lookup, title in self.lookup_choices:
            yield {"value": str(lookup), "display": title, "selected": current == str(lookup)}


class TaughtCourseFilter(ManyChoicesFilter):
    """Course choices: only the courses the user teaches."""

    title = "course"
    parameter_name = "course"

    def __init__(self, request, params, model, model_admin):
        self.course_field = getattr(model_admin, "course_field", "course")
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        courses = Course.objects.filter(id__in=taught_course_ids(request.user)).only(
            "id", "code", "title"
        )
        return [(str(course.pk), str(course)) for course in courses]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        lookup = f"{self.course_field}_id" if self.course_field else "id"
        return queryset.filter(**{lookup: int(value)})


class TaughtAssignmentFilter(ManyChoicesFilter):
    title = "assignment"
    parameter_name = "assignment"

    def lookups(self, request, model_admin):
        assignments = (
            Assignment.objects.filter(course_id__in=taught_course_ids(request.user))
            .select_related("course")
            .only("id", "title", "course__code", "course__title")
        )
        return [(str(a.pk), f"{a.course.code or a.course.title} · {a.title}") for a in assignments]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(assignment_id=int(value))
