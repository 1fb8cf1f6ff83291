"""What the course feed shows to whom: published items to every member, pending items
to their author only ("pending review"), removed items to nobody."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Course, CourseComment, CoursePost, Enrollment, ModerationStatus
from .access import can_teach


def is_member(user, course_id: int) -> bool:
    return Enrollment.objects.filter(user_id=user.pk, course_id=course_id).exists() or can_teach(
        user, course_id
    )


def get_course_for_member(user, course_id) -> Course:
    course = get_object_or_404(Course, pk=course_id, archived_at__isnull=True)
    if not is_member(user, course.pk):
        raise Http404
    return course


def _visible(user) -> Q:
    return Q(status=ModerationStatus.PUBLISHED) | Q(status=ModerationStatus.PENDING, author=user)


def visible_posts(course: Course, user) -> QuerySet[CoursePost]:
    return (
        CoursePost.objects.filter(course=course)
        .filter(_visible(user))
        .select_related("author", "video")
        .prefetch_related("video__renditions")  # the inline player's sources
    )


def get_post_for_user(user, pk) -> CoursePost:
    post = get_object_or_404(CoursePost.objects.select_related("course"), pk=pk)
    if not is_member(user, post.course_id):
        raise Http404
    if not visible_posts(post.course, user).filter(pk=post.pk).exists():
        raise Http404
    return post


def get_comment_for_user(user, post: CoursePost, pk) -> CourseComment:
    return get_object_or_404(CourseComment.objects.filter(_visible(user)), pk=pk, post=post)


def comment_tree(post: CoursePost, user) -> list[tuple[CourseComment, int]]:
    """Visible comments in thread order with their depth (replies under their parent;
    a reply to a hidden comment is hidden with it)."""
    comments = list(post.comments.filter(_visible(user)).select_related("author"))
    children: dict[int | None, list[CourseComment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[tuple[CourseComment, int]] = []

    def walk(parent_id, depth):
        for comment in children.get(parent_id, []):
            ordered.append((comment, min(depth, 4)))
            walk(comment.pk, depth + 1)

    walk(None, 0)
    return ordered
