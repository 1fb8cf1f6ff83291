"""The course feed (E8): posting, threaded comments, video responses, moderation
(pending review for the author, hidden from others), the admin queue scoped to the
instructor's courses, removal notices and posting rate limits."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from courses.models import CourseComment, CoursePost, ModerationStatus, VideoState

from .factories import make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def classmate(course):
    return make_student(course, email="mate@example.com", name="Mia Mate")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def feed_url(course):
    return reverse("courses:feed", args=[course.pk])


def test_posts_and_threaded_comments(course, student, classmate, student_client):
    response = student_client.post(
        reverse("courses:post_create", args=[course.pk]), {"body": "Who wants to practise?"}
    )
    assert response.status_code == 302
    post = CoursePost.objects.get()
    assert post.status == ModerationStatus.PUBLISHED
    mate = client_for(classmate)
    mate.post(reverse("courses:comment_create", args=[post.pk]), {"body": "Me! Friday?"})
    top = CourseComment.objects.get()
    student_client.post(
        reverse("courses:comment_create", args=[post.pk]),
        {"body": "Friday works.", "parent": top.pk},
    )
    reply = CourseComment.objects.get(parent=top)
    page = mate.get(feed_url(course)).content.decode()
    assert "Who wants to practise?" in page and "Me! Friday?" in page
    assert f'id="comment-{reply.pk}" class="cc-depth-1"' in page  # threaded under its parent


def test_flagged_items_are_pending_for_the_author_and_hidden_from_others(
    course, student, classmate, student_client
):
    student_client.post(reverse("courses:post_create", args=[course.pk]), {"body": "sh1t course"})
    post = CoursePost.objects.get()
    assert post.status == ModerationStatus.PENDING and "profanity" in post.flag_reasons
    own = student_client.get(feed_url(course)).content.decode()
    assert "sh1t course" in own and "Pending review" in own
    others = client_for(classmate).get(feed_url(course)).content.decode()
    assert "sh1t course" not in others
    # Comments on a pending post are refused to others (they cannot see it).
    url = reverse("courses:comment_create", args=[post.pk])
    assert client_for(classmate).post(url, {"body": "hi"}).status_code == 404
    clean = CoursePost.objects.create(course=course, author=classmate, body="Tips thread")
    student_client.post(
        reverse("courses:comment_create", args=[clean.pk]), {"body": "visit essays.xyz"}
    )
    comment = CourseComment.objects.get()
    assert comment.status == ModerationStatus.PENDING and "link" in comment.flag_reasons
    assert "essays.xyz" not in client_for(classmate).get(feed_url(course)).content.decode()


def test_admin_queue_approve_and_remove_scoped_and_notifies(
    course, student, classmate, instructor_client, other_world
):
    flagged = CoursePost.objects.create(
        course=course, author=student, body="you are an idiot", status=ModerationStatus.PENDING
    )
    other = CoursePost.objects.create(
        course=other_world["course"],
        author=other_world["student"],
        body="OTHER COURSE POST",
        status=ModerationStatus.PENDING,
    )
    changelist = reverse("admin:courses_coursepost_changelist")
    page = instructor_client.get(changelist).content.decode()
    assert "you are an idiot" in page and "OTHER COURSE POST" not in page
    response = instructor_client.post(
        changelist,
        {"action": "remove_selected", "_selected_action": [flagged.pk, other.pk]},
    )
    assert response.status_code == 302
    flagged.refresh_from_db()
    other.refresh_from_db()
    assert flagged.status == ModerationStatus.REMOVED
    assert other.status == ModerationStatus.PENDING  # another instructor's course: untouched
    notice = Notification.objects.get(user=student)
    assert "removed" in notice.title and "you are an idiot" in notice.body
    assert "you are an idiot" not in client_for(student).get(feed_url(course)).content.decode()
    comment = CourseComment.objects.create(
        post=CoursePost.objects.create(course=course, author=classmate, body="Thread"),
        author=student,
        body="borderline",
        status=ModerationStatus.PENDING,
    )
    instructor_client.post(
        reverse("admin:courses_coursecomment_changelist"),
        {"action": "approve_selected", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == ModerationStatus.PUBLISHED
    assert "borderline" in client_for(classmate).get(feed_url(course)).content.decode()
    other_url = reverse("admin:courses_coursepost_change", args=[other.pk])
    assert instructor_client.get(other_url).status_code == 404


def test_held_post_shows_why_to_the_instructor_and_never_to_a_classmate(
    course, student, classmate, student_client, instructor_client
):
    """Guards the hold reasons: the queue names each reason with what fired it, and a
    classmate sees neither the held post nor why it was held."""
    student_client.post(
        reverse("courses:post_create", args=[course.pk]), {"body": "You are a clueless fraud."}
    )
    post = CoursePost.objects.get()
    assert post.is_pending
    assert post.flag_evidence["harassment"] == "you are a clueless fraud"
    why = 'harassment ("you are a clueless fraud")'
    assert post.hold_summary.startswith(why)
    queue = instructor_client.get(reverse("admin:courses_coursepost_changelist"))
    assert why in html.unescape(queue.content.decode())
    detail = instructor_client.get(reverse("admin:courses_coursepost_change", args=[post.pk]))
    assert why in html.unescape(detail.content.decode())
    mate = client_for(classmate)
    seen = html.unescape(mate.get(feed_url(course)).content.decode())
    assert "clueless fraud" not in seen and "harassment" not in seen
    refused = mate.get(reverse("admin:courses_coursepost_changelist"))
    assert refused.status_code in (302, 403)
    assert "clueless fraud" not in html.unescape(refused.content.decode())


def test_items_held_before_evidence_was_kept_name_their_reasons(course, student):
    """Guards older held items: with no stored evidence the reasons are named alone."""
    post = CoursePost.objects.create(
        course=course,
        author=student,
        body="old",
        status=ModerationStatus.PENDING,
        flag_reasons=["spam", "link"],
    )
    assert post.hold_summary == "spam, link"


def test_posting_is_rate_limited(course, student_client):
    url = reverse("courses:post_create", args=[course.pk])
    for i in range(5):
        student_client.post(url, {"body": f"Question number {i}"})
    response = student_client.post(url, {"body": "One more"}, follow=True)
    assert "posting too fast" in response.content.decode()
    assert CoursePost.objects.count() == 5


def test_video_response_reuses_the_pipeline(
    course, student, classmate, student_client, clips_dir, django_capture_on_commit_callbacks
):
    data = (clips_dir / "vga.mp4").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        student_client.post(
            reverse("courses:post_create", args=[course.pk]),
            {"body": "My pitch", "video": SimpleUploadedFile("p.mp4", data, "video/mp4")},
        )
    post = CoursePost.objects.get()
    assert post.video.state == VideoState.DONE, post.video.error
    # Classmates can watch a published post's video; strangers cannot.
    player = reverse("courses:video", args=[post.video.pk])
    assert client_for(classmate).get(player).status_code == 200
    outsider = client_for(make_student_elsewhere())
    assert outsider.get(player).status_code == 404
    assert outsider.get(feed_url(course)).status_code == 404


def make_student_elsewhere():
    from .factories import make_course, make_instructor

    other = make_course(make_instructor(email="x@example.com"), title="Else", code="ELS-1")
    return make_student(other, email="else@example.com")
