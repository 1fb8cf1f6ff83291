"""Video feedback on PostgreSQL and S3: peers comment when the assignment lets them (named
or anonymous), strangers get 404, one level of replies, deleting one's own comment, the
self-reflection step hiding the video from staff, captions, and the release refusal."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from courses import services
from courses.models import (
    CommentRole,
    FileKind,
    LibraryComment,
    PeerReview,
    PeerReviewSettings,
    ProcessingState,
    SubmissionFile,
    Video,
    VideoCaption,
    VideoComment,
    VideoRendition,
    VideoState,
)
from courses.services import video_feedback as feedback
from courses.services.grading import CAPTIONS_REQUIRED

from .factories import hand_in, make_assignment, make_student

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello <b>class</b>\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def handed_in_video(assignment, student, *, duration=10.0) -> Video:
    """A handed-in video answer, processed (its rendition row stands for the file)."""
    version = hand_in(assignment, student, "With a video.")
    submission = version.submission
    data = b"\x00\x00\x00\x18ftypmp42" + b"0" * 64
    file = SubmissionFile(
        submission=submission,
        kind=FileKind.VIDEO,
        original_filename="pitch.mp4",
        content_type="video/mp4",
        detected="mp4",
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        state=ProcessingState.DONE,
        in_draft=False,
    )
    file.file.save("pitch.mp4", ContentFile(data), save=False)
    file.save()
    version.files.add(file)
    video = Video.objects.create(
        owner=student,
        course=assignment.course,
        submission_file=file,
        state=VideoState.DONE,
        duration_seconds=duration,
        width=640,
        height=480,
    )
    VideoRendition.objects.create(
        video=video, name="480p", file="x/480p.mp4", width=640, height=480, size_bytes=1
    )
    return video


@pytest.fixture
def video_assignment(course):
    return make_assignment(course, allow_text=True, allow_video=True, title="Elevator pitch")


@pytest.fixture
def video(video_assignment, student):
    return handed_in_video(video_assignment, student)


@pytest.fixture
def peers(course, video_assignment, video):
    """Two reviewers assigned the student's submission, peer video comments on."""
    PeerReviewSettings.objects.create(
        assignment=video_assignment, enabled=True, video_comments=True, anonymous=True
    )
    submission = video.submission_file.submission
    version = submission.versions.get(number=submission.attempt)
    reviewers = []
    for i in (1, 2):
        reviewer = make_student(course, email=f"rev{i}@example.com", name=f"Rita Reviewer{i}")
        PeerReview.objects.create(
            assignment=video_assignment,
            submission=submission,
            version=version,
            author=video.owner,
            reviewer=reviewer,
        )
        reviewers.append(reviewer)
    return reviewers


def player(user, video) -> str:
    response = client_for(user).get(reverse("courses:video", args=[video.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- Who comments, and as what ------------------------------------------------------------


def test_staff_owner_and_assigned_peer_comment_with_their_roles(video, instructor, peers):
    staff = feedback.video_comment_add(video=video, author=instructor, at_seconds=1, body="A")
    own = feedback.video_comment_add(video=video, author=video.owner, at_seconds=2, body="B")
    peer = feedback.video_comment_add(video=video, author=peers[0], at_seconds=3, body="C")
    assert [staff.role, own.role, peer.role] == [
        CommentRole.STAFF,
        CommentRole.OWNER,
        CommentRole.PEER,
    ]


def test_a_peer_is_refused_when_video_comments_are_off_and_a_stranger_gets_404(
    video, peers, course
):
    """Guards the peer rule: a review row alone does not open the video."""
    PeerReviewSettings.objects.filter(
        assignment_id=video.submission_file.submission.assignment_id
    ).update(video_comments=False)
    with pytest.raises(PermissionDenied):
        feedback.video_comment_add(video=video, author=peers[0], at_seconds=1, body="Hi")
    assert client_for(peers[0]).get(reverse("courses:video", args=[video.pk])).status_code == 404
    stranger = make_student(course, email="mate@example.com", name="Mia Mate")
    other = Video.objects.get(pk=video.pk)
    PeerReviewSettings.objects.update(video_comments=True)
    client = client_for(stranger)
    for name in ("video", "video_stream"):
        args = [other.pk, "480p"] if name == "video_stream" else [other.pk]
        assert client.get(reverse(f"courses:{name}", args=args)).status_code == 404
    response = client.post(
        reverse("courses:video_comment_add", args=[video.pk]), {"at_seconds": 1, "body": "x"}
    )
    assert response.status_code == 404 and not VideoComment.objects.exists()


def test_the_assigned_peer_opens_the_video_and_comments_through_the_page(video, peers):
    client = client_for(peers[0])
    page = client.get(reverse("courses:video", args=[video.pk])).content.decode()
    assert "<video" in page and "video by the author" in page
    assert video.owner.display_name not in page  # anonymous: the owner's name stays hidden
    response = client.post(
        reverse("courses:video_comment_add", args=[video.pk]),
        {"at_seconds": "4.5", "body": "Nice opening."},
    )
    assert response.status_code == 200 and "Nice opening." in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()  # the markers follow
    assert VideoComment.objects.get().role == CommentRole.PEER


def test_the_review_page_leads_the_reviewer_to_the_player(video, peers):
    review = PeerReview.objects.get(reviewer=peers[0])
    page = client_for(peers[0]).get(reverse("courses:peer_review", args=[review.pk]))
    player_url = reverse("courses:video", args=[video.pk])
    assert f'href="{player_url}"' in page.content.decode()
    PeerReviewSettings.objects.update(video_comments=False)
    page = client_for(peers[0]).get(reverse("courses:peer_review", args=[review.pk]))
    assert f'href="{player_url}"' not in page.content.decode()


def test_anonymous_names_are_stable_per_reviewer_and_staff_see_names(video, peers, instructor):
    for reviewer, body in ((peers[1], "second"), (peers[0], "first"), (peers[1], "again")):
        feedback.video_comment_add(video=video, author=reviewer, at_seconds=1, body=body)
    feedback.video_comment_add(video=video, author=video.owner, at_seconds=2, body="mine")
    owner_page = player(video.owner, video)
    assert "Peer reviewer 1" in owner_page and "Peer reviewer 2" in owner_page
    assert "Rita Reviewer" not in owner_page
    as_owner = {c.body: c.shown_name for c in _threads(video.owner, video)}
    assert as_owner["first"] == "Peer reviewer 1" and as_owner["second"] == "Peer reviewer 2"
    assert as_owner["again"] == "Peer reviewer 2"
    as_peer = {c.body: c.shown_name for c in _threads(peers[0], video)}
    assert as_peer["mine"] == "the author" and as_peer["first"] == peers[0].display_name
    staff_page = player(instructor, video)
    assert "Rita Reviewer1" in staff_page and "Rita Reviewer2" in staff_page
    # Named peer review: everyone sees names.
    PeerReviewSettings.objects.update(anonymous=False)
    assert "Rita Reviewer2" in player(video.owner, video)


def _threads(user, video):
    from courses.selectors.video_feedback import video_feedback

    return video_feedback(user, Video.objects.get(pk=video.pk)).threads


def test_a_peer_sees_only_the_owners_and_reviewers_threads(video, peers, instructor):
    feedback.video_comment_add(video=video, author=instructor, at_seconds=1, body="Staff only")
    feedback.video_comment_add(video=video, author=peers[1], at_seconds=2, body="From a peer")
    page = player(peers[0], video)
    assert "From a peer" in page and "Staff only" not in page


# --- Replies and deleting ---------------------------------------------------------------


def test_a_reply_keeps_its_parents_moment_and_is_one_level_deep(video, instructor, student):
    top = feedback.video_comment_add(video=video, author=instructor, at_seconds=7.5, body="Top")
    reply = feedback.video_comment_add(
        video=video, author=student, at_seconds=0, body="Thanks", parent_id=top.pk
    )
    assert reply.parent == top and reply.at_seconds == 7.5 and reply.role == CommentRole.OWNER
    with pytest.raises(ValidationError, match="replied to is gone"):
        feedback.video_comment_add(video=video, author=instructor, body="x", parent_id=reply.pk)
    page = client_for(student).post(
        reverse("courses:video_comment_add", args=[video.pk]),
        {"parent": top.pk, "body": "Reply through the page"},
    )
    assert "Reply through the page" in page.content.decode()
    assert VideoComment.objects.filter(parent=top).count() == 2


def test_writers_delete_their_own_comments_only(video, instructor, student):
    top = feedback.video_comment_add(video=video, author=instructor, at_seconds=1, body="Top")
    feedback.video_comment_add(video=video, author=student, body="Reply", parent_id=top.pk)
    url = reverse("courses:video_comment_delete", args=[top.pk])
    assert client_for(student).post(url).status_code == 404  # not theirs
    assert client_for(student).get(url).status_code == 405
    response = client_for(instructor).post(url)
    assert response.status_code == 200 and not VideoComment.objects.exists()  # replies too


def test_a_library_comment_is_stored_only_from_the_courses_library_by_staff(
    video, instructor, student, other_world
):
    mine = LibraryComment.objects.create(course=video.course, body="Eye contact")
    theirs = LibraryComment.objects.create(course=other_world["course"], body="Elsewhere")
    comment = feedback.video_comment_add(
        video=video, author=instructor, at_seconds=1, body="Eye contact", library_comment=mine.pk
    )
    assert comment.library_comment == mine
    with pytest.raises(ValidationError, match="not in this course's library"):
        feedback.video_comment_add(
            video=video, author=instructor, at_seconds=1, body="x", library_comment=theirs.pk
        )
    with pytest.raises(ValidationError, match="Only the course's staff"):
        feedback.video_comment_add(
            video=video, author=student, at_seconds=1, body="x", library_comment=mine.pk
        )


def test_the_player_shows_markers_and_the_library_to_staff(video, instructor, student):
    LibraryComment.objects.create(course=video.course, body="Slow down")
    feedback.video_comment_add(video=video, author=instructor, at_seconds=6.5, body="Here")
    page = player(instructor, video)
    assert 'class="cc-marker cc-marker-staff"' in page
    assert f'aria-label="Comment at 0:06 by {instructor.display_name}"' in page
    assert "data-comment-library" in page and 'name="library_comment"' in page
    assert "data-comment-library" not in player(student, video)


# --- Self-reflection ---------------------------------------------------------------------


@pytest.fixture
def reflective(video_assignment):
    video_assignment.video_self_reflection = True
    video_assignment.save(update_fields=["video_self_reflection"])
    return video_assignment


def test_staff_wait_for_the_reflection_and_then_see_it_labelled(
    reflective, video, instructor, django_assert_max_num_queries
):
    """Guards the reflection gate: until the student finishes, staff get neither the video
    nor its comments (and the page does not load them)."""
    note = feedback.video_comment_add(
        video=video, author=video.owner, at_seconds=1, body="Too fast"
    )
    assert note.role == CommentRole.REFLECTION
    client = client_for(instructor)
    url = reverse("courses:video", args=[video.pk])
    with django_assert_max_num_queries(16):
        page = client.get(url).content.decode()
    assert "Waiting for the student's self-reflection" in page
    assert "<video" not in page and "Too fast" not in page
    stream = reverse("courses:video_stream", args=[video.pk, "480p"])
    assert client.get(stream).status_code == 404
    with pytest.raises(ValidationError, match="finished their reflection"):
        feedback.video_comment_add(video=video, author=instructor, at_seconds=1, body="x")
    # The owner sees the reflection step and finishes it.
    owner = client_for(video.owner)
    assert "Finish reflection" in owner.get(url).content.decode()
    finish = owner.post(reverse("courses:video_reflection_finish", args=[video.pk]))
    assert finish.status_code == 302
    video.refresh_from_db()
    assert video.reflected_at is not None
    page = client.get(url).content.decode()
    assert "<video" in page and "Too fast" in page and "Self-reflection" in page
    later = feedback.video_comment_add(video=video, author=video.owner, at_seconds=1, body="Ok")
    assert later.role == CommentRole.OWNER


def test_finishing_needs_a_reflection_comment_and_only_the_owner_finishes(
    reflective, video, instructor
):
    with pytest.raises(ValidationError, match="at least one comment"):
        feedback.video_reflection_finish(video=video, user=video.owner)
    with pytest.raises(PermissionDenied):
        feedback.video_reflection_finish(video=video, user=instructor)
    response = client_for(instructor).post(
        reverse("courses:video_reflection_finish", args=[video.pk])
    )
    assert response.status_code == 404
    video.refresh_from_db()
    assert video.reflected_at is None


def test_the_grading_screen_waits_for_the_reflection(
    reflective, video, instructor, instructor_client
):
    url = reverse("admin:courses_assignment_grade", args=[reflective.pk, video.owner_id])
    page = instructor_client.get(url).content.decode()
    assert "Waiting for the student's self-reflection" in page
    assert "<video" not in page


def test_the_assignment_page_leads_the_student_to_reflect(reflective, video, student_client):
    page = student_client.get(
        reverse("courses:assignment", args=[reflective.course_id, reflective.pk])
    ).content.decode()
    assert "Reflect on your video" in page
    assert reverse("courses:video", args=[video.pk]) in page


# --- Captions -------------------------------------------------------------------------------


def caption_upload(client, video, data=VTT, language="en", label="English"):
    return client.post(
        reverse("courses:video_caption_upload", args=[video.pk]),
        {
            "captions": SimpleUploadedFile("captions.vtt", data, content_type="text/vtt"),
            "language": language,
            "label": label,
        },
    )


def test_the_owner_uploads_captions_that_are_stored_rewritten_and_served(video, student, peers):
    response = caption_upload(client_for(student), video)
    assert response.status_code == 302
    caption = VideoCaption.objects.get()
    assert caption.cue_count == 1 and caption.language == "en"
    with caption.file.open("rb") as fh:
        stored = fh.read().decode()
    assert stored == "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello class\n"
    served = client_for(peers[0]).get(reverse("courses:video_caption", args=[video.pk, "en"]))
    assert served.status_code == 200 and served["Content-Type"].startswith("text/vtt")
    assert served.content.decode() == stored
    page = player(student, video)
    assert '<track kind="captions"' in page and 'srclang="en"' in page
    # Again in the same language: replaced, not added.
    caption_upload(client_for(student), video, data=VTT.replace(b"Hello", b"Hi"))
    assert VideoCaption.objects.count() == 1


def test_captions_are_refused_with_a_reason_and_strangers_get_404(video, course):
    owner = client_for(video.owner)
    bad = caption_upload(owner, video, data=b"not captions")
    assert bad.status_code == 400 and "starts with the line WEBVTT" in bad.content.decode()
    assert 'value="English"' in bad.content.decode()  # what was typed is kept
    late = VTT.replace(b"00:00:03.000", b"00:01:00.000")
    assert "after the video" in caption_upload(owner, video, data=late).content.decode()
    huge = b"WEBVTT\n\n" + b"x" * (600 * 1024)
    assert "the limit is 512 KB" in caption_upload(owner, video, data=huge).content.decode()
    assert "language tag" in caption_upload(owner, video, language="english").content.decode()
    assert not VideoCaption.objects.exists()
    stranger = client_for(make_student(course, email="mate@example.com", name="Mia Mate"))
    assert caption_upload(stranger, video).status_code == 404
    VideoCaption.objects.create(video=video, language="en", label="English", file="x.vtt")
    url = reverse("courses:video_caption", args=[video.pk, "en"])
    assert stranger.get(url).status_code == 404


def test_a_peer_may_not_upload_captions(video, peers):
    with pytest.raises(PermissionDenied):
        feedback.video_caption_upload(video=video, user=peers[0], data=VTT, language="en")


def test_release_is_refused_without_captions_when_the_course_requires_them(
    video, instructor, student, instructor_client
):
    """Guards the captions requirement: neither one release nor the bulk release lets a
    grade out while the student's video has no caption track."""
    course = video.course
    course.captions_required = True
    course.save(update_fields=["captions_required"])
    assignment = video.submission_file.submission.assignment
    assert "Captions are required before release" in player(student, video)
    with pytest.raises(ValidationError) as exc:
        services.submission_grade(
            assignment=assignment, student=student, grader=instructor, score=10, release=True
        )
    assert CAPTIONS_REQUIRED in exc.value.messages
    services.submission_grade(assignment=assignment, student=student, grader=instructor, score=10)
    assert services.submissions_release(submissions=assignment.submissions.all()) == 0
    page = instructor_client.post(
        reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk]),
        {"score": "10", "release": "on", "go": "stay"},
    ).content.decode()
    assert "Captions are required before release" in page
    grading = reverse("admin:courses_assignment_grading", args=[assignment.pk])
    bulk = instructor_client.post(grading, {"action": "release_all"}, follow=True)
    assert "1 grade(s) not released: captions are required" in bulk.content.decode()
    feedback.video_caption_upload(video=video, user=student, data=VTT, language="en")
    assert "Captions are required before release" not in player(student, video)
    assert services.submissions_release(submissions=assignment.submissions.all()) == 1


def test_captions_are_not_asked_for_when_the_course_does_not_require_them(
    video, instructor, student
):
    assignment = video.submission_file.submission.assignment
    result = services.submission_grade(
        assignment=assignment, student=student, grader=instructor, score=10, release=True
    )
    assert result.submission.released_at is not None
    assert "Captions are required" not in player(student, video)


def test_the_video_comment_routes_are_404_for_another_instructor(video, other_world):
    client = client_for(other_world["instructor"])
    comment = VideoComment.objects.create(
        video=video, author=video.owner, at_seconds=1, body="x", role=CommentRole.OWNER
    )
    assert (
        client.post(reverse("courses:video_comment_delete", args=[comment.pk])).status_code == 404
    )
    for name in ("video_reflection_finish", "video_caption_upload"):
        assert client.post(reverse(f"courses:{name}", args=[video.pk])).status_code == 404


# --- Settings in the admin ---------------------------------------------------------------


def test_the_admin_forms_edit_the_feedback_settings(video_assignment, instructor_client):
    """Guards the settings' reachability: each new field is on the form its model is
    edited with, and saving it keeps it."""
    from courses.admin.assignments import AssignmentForm
    from courses.admin.courses import CourseForm

    assert "video_self_reflection" in AssignmentForm.base_fields
    assert "captions_required" in CourseForm.base_fields
    url = reverse("admin:courses_assignment_peer_review", args=[video_assignment.pk])
    assert 'name="video_comments"' in instructor_client.get(url).content.decode()
    response = instructor_client.post(
        url,
        {
            "action": "settings",
            "enabled": "on",
            "reviewers_per_submission": "2",
            "video_comments": "on",
            "release_mode": "manual",
        },
    )
    assert response.status_code == 302
    settings = PeerReviewSettings.objects.get(assignment=video_assignment)
    assert settings.video_comments and not settings.anonymous
    course_page = instructor_client.get(
        reverse("admin:courses_course_change", args=[video_assignment.course_id])
    ).content.decode()
    assert 'name="captions_required"' in course_page
    change = instructor_client.get(
        reverse("admin:courses_assignment_change", args=[video_assignment.pk])
    ).content.decode()
    assert 'name="video_self_reflection"' in change
