"""The moderation queue (E8): flagged feed posts and comments of the courses the
signed-in staff member teaches, with why each was held, and approve and remove actions
(removal notifies)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from unfold.decorators import display

from ..models import CourseComment, CoursePost, ModerationStatus
from ..services import feed as feed_services
from .scoping import CourseScopedAdmin, person_text


class PendingFirstFilter(admin.SimpleListFilter):
    """Pending review by default: the queue."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ModerationStatus.choices, ("all", "All")]

    def choices(self, changelist):
        value = self.value() or ModerationStatus.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or ModerationStatus.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


class ModerationAdmin(CourseScopedAdmin):
    list_display = (
        "excerpt",
        "author",
        "course_title",
        "reasons",
        "status",
        "created_at",
        "decide",
    )
    list_filter = (PendingFirstFilter,)
    search_fields = ("body", "author__email", "author__name")
    # Shown together as "Held for"; people as text (the user admin is not the staff's).
    exclude = ("flag_reasons", "flag_evidence", "author", "reviewed_by")
    readonly_fields = (
        "author_shown",
        "body",
        "status",
        "reasons",
        "flag_score",
        "reviewed_by_shown",
        "reviewed_at",
        "removal_reason",
        "created_at",
    )
    actions = ["approve_selected", "remove_selected"]

    class Media:
        css = {"all": ("courses/admin.css",)}  # the row buttons

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description="Text")
    def excerpt(self, obj) -> str:
        return obj.body[:80] or "(video)"

    @display(description="Author")
    def author_shown(self, obj) -> str:
        return person_text(obj.author)

    @display(description="Reviewed by")
    def reviewed_by_shown(self, obj) -> str:
        return person_text(obj.reviewed_by)

    @display(description="Decide")
    def decide(self, obj) -> str:
        """Approve and remove buttons on the row. They submit the list's own form (POST,
        with its CSRF token) to the decision URL, then come back to this list."""
        if not obj.is_pending:
            return "—"
        kind = "post" if isinstance(obj, CoursePost) else "comment"
        return format_html(
            '<span class="cc-row-decide">'
            '<button type="submit" class="cc-row-approve" formaction="{}" aria-label="Approve {}">'
            "Approve</button>"
            '<button type="submit" class="cc-row-remove" formaction="{}" aria-label="Remove {}">'
            "Remove</button></span>",
            reverse("courses:held_decide", args=[kind, obj.pk, "approve"]) + f"?next={self.back}",
            f"{kind} {obj.pk}",
            reverse("courses:held_decide", args=[kind, obj.pk, "remove"]) + f"?next={self.back}",
            f"{kind} {obj.pk}",
        )

    @property
    def back(self) -> str:
        return reverse(f"admin:courses_{self.model._meta.model_name}_changelist")

    def changelist_view(self, request, extra_context=None):
        """The title carries how many items wait for a decision."""
        held = self.get_queryset(request).filter(status=ModerationStatus.PENDING).count()
        noun = self.model._meta.verbose_name_plural
        extra_context = {
            "title": f"Moderation queue: {noun} ({held} held for review)",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=extra_context)

    @display(description="Held for")
    def reasons(self, obj) -> str:
        """Each reason with what fired it: 'harassment ("you are a clueless fraud"),
        toxicity 0.83' (escaped by the admin like any text)."""
        return obj.hold_summary or "—"

    @display(description="Course")
    def course_title(self, obj) -> str:
        return feed_services._course_of(obj).title

    @admin.action(description="Approve (publish)")
    def approve_selected(self, request, queryset):
        count = 0
        for item in queryset.exclude(status=ModerationStatus.PUBLISHED):
            feed_services.moderation_approve(item=item, reviewer=request.user)
            count += 1
        self.message_user(request, f"{count} item(s) approved.", messages.SUCCESS)

    @admin.action(description="Remove and notify the author")
    def remove_selected(self, request, queryset):
        count = 0
        for item in queryset.exclude(status=ModerationStatus.REMOVED):
            feed_services.moderation_remove(item=item, reviewer=request.user)
            count += 1
        self.message_user(request, f"{count} item(s) removed.", messages.SUCCESS)


@admin.register(CoursePost)
class CoursePostAdmin(ModerationAdmin):
    course_field = "course"
    list_select_related = ("author", "course")
    readonly_fields = (*ModerationAdmin.readonly_fields, "course", "video")


@admin.register(CourseComment)
class CourseCommentAdmin(ModerationAdmin):
    course_field = "post__course"
    list_select_related = ("author", "post__course")
    readonly_fields = (*ModerationAdmin.readonly_fields, "post", "parent")


def _count(queryset: QuerySet) -> Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a scalar subquery."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def held_counts(request: HttpRequest) -> dict[str, int]:
    """Posts and comments waiting for a decision in the queues ``request.user`` sees (the
    queues' own scoping), in one query; kept on the request for the sidebar's badges."""
    counts = getattr(request, "_held_counts", None)
    if counts is None:
        pending = ModerationStatus.PENDING
        posts = admin.site._registry[CoursePost].get_queryset(request).filter(status=pending)
        comments = admin.site._registry[CourseComment].get_queryset(request)
        row = (
            get_user_model()
            .objects.filter(pk=request.user.pk)
            .values(posts=_count(posts), comments=_count(comments.filter(status=pending)))
            .first()
        )
        counts = request._held_counts = row or {"posts": 0, "comments": 0}
    return counts


def held_posts_badge(request: HttpRequest) -> int:
    """The sidebar badge of the held-posts queue (Unfold's ``badge`` callback)."""
    return held_counts(request)["posts"]


def held_comments_badge(request: HttpRequest) -> int:
    return held_counts(request)["comments"]
