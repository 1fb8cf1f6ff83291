"""The student pages: joining, the course page, handing in work and seeing grades (E3).

Bob gets 404 on every URL that names Alice's course, assignment, file or attachment: the
test walks the courses URL conf, so a new URL fails until it is listed in OBJECT_URLS.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from courses import services
from courses.models import (
    AssignmentAttachment,
    CommentRole,
    CoursePost,
    FileKind,
    LibraryComment,
    SubmissionVersion,
    Video,
    VideoComment,
    VideoState,
)

from .factories import (
    hand_in,
    level,
    make_assignment,
    make_course,
    make_student,
    pdf_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

OBJECT_URLS = {
    "detail": {"course_id": "course"},
    "grades": {"course_id": "course"},
    "assignment": {"course_id": "course", "pk": "assignment"},
    "draft_save": {"course_id": "course", "pk": "assignment"},
    "submit": {"course_id": "course", "pk": "assignment"},
    "file_upload": {"course_id": "course", "pk": "assignment"},
    "file_download": {"pk": "file"},
    "file_remove": {"pk": "file"},
    "attachment_download": {"pk": "attachment"},
    "feed": {"course_id": "course"},
    "post_create": {"course_id": "course"},
    "comment_create": {"pk": "post"},
    "video_upload_start": {"course_id": "course", "pk": "assignment"},
    "video_upload_complete": {"pk": "video"},
    "video_upload_cancel": {"pk": "video"},
    "video": {"pk": "video"},
    "video_status": {"pk": "video"},
    "video_state": {"pk": "video"},
    "video_retry": {"pk": "video"},
    "video_comment_add": {"pk": "video"},
    "video_comment_delete": {"pk": "video_comment"},
    "video_reflection_finish": {"pk": "video"},
    "video_caption_upload": {"pk": "video"},
    "video_caption": {"pk": "video", "language": "caption_language"},
    "video_thumbnail": {"pk": "video"},
    "video_stream": {"pk": "video", "name": "rendition"},
    "outcome_sharing": {"course_id": "course"},
    # Moderation decisions from the teaching home: staff of the course only
    "held_decide": {"kind": "held_kind", "pk": "post", "decision": "held_decision"},
    # AI tutor (E7)
    "tutor": {"course_id": "course"},
    "tutor_new": {"course_id": "course"},
    "tutor_thread": {"pk": "tutor_thread"},
    "tutor_send": {"pk": "tutor_thread"},
    "tutor_delete": {"pk": "tutor_thread"},
    "tutor_message": {"pk": "tutor_message"},
    "tutor_retry": {"pk": "tutor_message"},
    # Peer review (E9)
    "peer_reviews": {"course_id": "course"},
    "peer_review": {"pk": "peer_review"},
    "peer_review_save": {"pk": "peer_review"},
    "peer_review_file": {"pk": "peer_review", "file_pk": "peer_file"},
    "peer_review_file_page": {"pk": "peer_review", "file_pk": "peer_file", "page": "page"},
    "peer_feedback": {"course_id": "course", "pk": "assignment"},
    # The comment library: teaching staff of the course only
    "library": {"course_id": "course"},
    "library_add": {"course_id": "course"},
    "library_edit": {"pk": "library_comment"},
    "library_delete": {"pk": "library_comment"},
    "library_move": {"pk": "library_comment", "direction": "library_direction"},
}

# Refuse POST before any lookup, so their 405 says nothing about whose the id is.
GET_ONLY = {"library"}


def courses_patterns() -> list[URLPattern]:
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "courses"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


@pytest.fixture
def alices_things(alice):
    course = make_course(title="Alice's course", code="ALC-1")
    services.enrollment_add(course=course, user=alice, role="student")
    assignment = make_assignment(course, allow_file=True)
    file = services.submission_file_add(
        assignment=assignment,
        student=alice,
        upload=upload("a.pdf", pdf_bytes(1)),
        filename="a.pdf",
        kind=FileKind.DOCUMENT,
    )
    attachment = services.attachment_add(
        assignment=assignment, filename="brief.pdf", data=pdf_bytes(1)
    )
    video = Video.objects.create(owner=alice, course=course, state=VideoState.FAILED)
    return {
        "course": course.pk,
        "assignment": assignment.pk,
        "file": file.pk,
        "attachment": attachment.pk,
        "video": video.pk,
        "rendition": "720p",
        "video_comment": VideoComment.objects.create(
            video=video, author=alice, at_seconds=0, body="Mine", role=CommentRole.OWNER
        ).pk,
        "caption_language": "en",
        "held_kind": "post",
        "held_decision": "remove",
        "post": CoursePost.objects.create(course=course, author=alice, body="Hello class").pk,
        "library_comment": LibraryComment.objects.create(course=course, body="Well paced.").pk,
        "library_direction": "up",
        **_tutor_things(alice, assignment),
        **_peer_things(alice, assignment),
    }


def _tutor_things(alice, assignment) -> dict:
    from courses.models import TutorMessage, TutorThread

    thread = TutorThread.objects.create(
        student=alice, course=assignment.course, assignment=assignment, title="Help"
    )
    reply = TutorMessage.objects.create(
        thread=thread, role="assistant", state="failed", error="Lost"
    )
    return {"tutor_thread": thread.pk, "tutor_message": reply.pk}


def _peer_things(alice, assignment) -> dict:
    """A classmate's handed-in work (with a file) that Alice is to review."""
    from courses.models import PeerReview, PeerReviewSettings

    PeerReviewSettings.objects.create(assignment=assignment, enabled=True)
    author = make_student(assignment.course, email="peer-author@example.com")
    file = services.submission_file_add(
        assignment=assignment,
        student=author,
        upload=upload("p.pdf", pdf_bytes(1)),
        filename="p.pdf",
        kind=FileKind.DOCUMENT,
    )
    version = hand_in(assignment, author, "The classmate's essay")
    review = PeerReview.objects.create(
        assignment=assignment,
        submission=version.submission,
        version=version,
        author=author,
        reviewer=alice,
    )
    return {"peer_review": review.pk, "peer_file": file.pk, "page": 1}


def test_every_url_with_an_object_in_its_path_is_covered():
    with_args = {p.name for p in courses_patterns() if p.pattern.converters}
    assert with_args == set(OBJECT_URLS)


def test_bob_gets_404_on_every_url_of_alices(alice, bob, bob_client, alices_things):
    # Bob even studies in another course: being a student elsewhere opens nothing here.
    other = make_course(title="Bob's course", code="BOB-1")
    services.enrollment_add(course=other, user=bob, role="student")
    versions = SubmissionVersion.objects.count()
    for pattern in courses_patterns():
        if not pattern.pattern.converters:
            continue
        kwargs = {arg: alices_things[kind] for arg, kind in OBJECT_URLS[pattern.name].items()}
        url = reverse(f"courses:{pattern.name}", kwargs=kwargs)
        assert bob_client.get(url).status_code in (404, 405), url
        expected = 405 if pattern.name in GET_ONLY else 404
        assert bob_client.post(url, {"text": "hijack"}).status_code == expected, url
    assert SubmissionVersion.objects.count() == versions
    # Alice's assignment through Bob's own course id is still a 404.
    url = reverse("courses:assignment", args=[other.pk, alices_things["assignment"]])
    assert bob_client.get(url).status_code == 404


def test_unpublished_assignments_and_attachments_are_hidden(course, student_client):
    hidden = make_assignment(course, title="Secret plan", published=False)
    AssignmentAttachment.objects.create(assignment=hidden, file="x", original_filename="x.pdf")
    assert (
        student_client.get(reverse("courses:assignment", args=[course.pk, hidden.pk])).status_code
        == 404
    )
    page = student_client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "Secret plan" not in page
    attachment = AssignmentAttachment.objects.get()
    assert (
        student_client.get(reverse("courses:attachment_download", args=[attachment.pk])).status_code
        == 404
    )


def test_joining_by_code_from_the_page(client, alice, course):
    client.force_login(alice)
    section = course.sections.get(name="Evening")
    response = client.post(reverse("courses:join"), {"code": section.join_code_display.lower()})
    assert response.status_code == 302 and response.url == reverse(
        "courses:detail", args=[course.pk]
    )
    bad = client.post(reverse("courses:join"), {"code": "ZZZZ-ZZZZ"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "No course has this code" in html and 'value="ZZZZ-ZZZZ"' in html  # what was typed stays
    assert 'aria-invalid="true"' in html


def test_wrong_codes_are_rate_limited(client, alice, course):
    client.force_login(alice)
    for _ in range(10):
        client.post(reverse("courses:join"), {"code": "WRONG-CODE"})
    response = client.post(reverse("courses:join"), {"code": course.sections.first().join_code})
    assert response.status_code == 429


def test_course_page_shows_status_badges(course, student, student_client):
    past = timezone.now() - dt.timedelta(days=1)
    not_started = make_assignment(course, title="Not started yet")
    drafted = make_assignment(course, title="Drafted one")
    submitted = make_assignment(course, title="Handed in")
    late = make_assignment(course, title="Handed in late", due_at=past)
    graded = make_assignment(course, title="Graded one")
    unreleased = make_assignment(course, title="Graded hidden")
    services.submission_save_draft(assignment=drafted, student=student, text="wip")
    hand_in(submitted, student)
    hand_in(late, student)
    instructor = course.enrollments.get(role="instructor").user
    for item in (graded, unreleased):
        hand_in(item, student)
        services.submission_grade(
            assignment=item, student=student, grader=instructor, score=D("15")
        )
    services.submissions_release(submissions=graded.submissions.all())
    html = student_client.get(reverse("courses:detail", args=[course.pk])).content.decode()

    def badge_of(title):
        row = html.split(title, 1)[1].split("</tr>", 1)[0]
        return row.split('class="cc-status cc-status-', 1)[1].split('"', 1)[0]

    assert badge_of("Not started yet") == "not-started"
    assert badge_of("Drafted one") == "draft"
    assert badge_of("Handed in<") == "submitted"
    assert badge_of("Handed in late") == "late"
    assert badge_of("Graded one") == "graded"
    assert badge_of("Graded hidden") == "submitted"  # never "graded" before release

    def grade_cell(title):
        return html.split(title, 1)[1].split("</tr>", 1)[0].rsplit("<td>", 1)[1]

    assert "15 / 20" in grade_cell("Graded one")
    assert "15" not in grade_cell("Graded hidden")
    assert not_started  # used


def test_write_save_and_submit_through_the_page(course, student, student_client, assignment):
    url = reverse("courses:assignment", args=[course.pk, assignment.pk])
    page = student_client.get(url)
    assert page.status_code == 200 and "Your essay" in page.content.decode()
    saved = student_client.post(
        reverse("courses:draft_save", args=[course.pk, assignment.pk]), {"text": "Draft words"}
    )
    assert saved.status_code == 302
    hx = student_client.post(
        reverse("courses:draft_save", args=[course.pk, assignment.pk]),
        {"text": "Draft words, more"},
        HTTP_HX_REQUEST="true",
    )
    assert hx.status_code == 200 and b"Draft saved" in hx.content and "toast" in hx["HX-Trigger"]
    submitted = student_client.post(
        reverse("courses:submit", args=[course.pk, assignment.pk]), {"text": "Final words"}
    )
    assert submitted.status_code == 302
    version = SubmissionVersion.objects.get()
    assert version.text == "Final words" and not version.is_late
    html = student_client.get(url, follow=True).content.decode()
    assert "Attempt 1" in html and "Submit again" in html


def test_submitting_after_the_cutoff_shows_why_and_keeps_the_text(course, student, student_client):
    assignment = make_assignment(
        course, due_in=-dt.timedelta(days=3), cutoff_after=dt.timedelta(days=1)
    )
    response = student_client.post(
        reverse("courses:submit", args=[course.pk, assignment.pk]),
        {"text": "Better late than never"},
        follow=True,
    )
    html = response.content.decode()
    assert "can no longer be submitted" in html
    assert "Better late than never" in html  # the draft is back in the editor
    assert not SubmissionVersion.objects.exists()


def test_uploads_through_the_page_report_refusals(course, student, student_client):
    assignment = make_assignment(course, allow_file=True, allow_video=True)
    url = reverse("courses:file_upload", args=[course.pk, assignment.pk])
    ok = student_client.post(
        url, {"kind": "document", "file": upload("cv.pdf", pdf_bytes(1))}, follow=True
    )
    assert "cv.pdf added to your draft" in ok.content.decode()
    bad = student_client.post(
        url, {"kind": "document", "file": upload("cv2.pdf", b"\x00\x01binary garbage")}, follow=True
    )
    assert "cv2.pdf: This is not a PDF" in bad.content.decode()
    video = student_client.post(
        url, {"kind": "video", "file": upload("pitch.txt", b"text")}, follow=True
    )
    assert "not an MP4, MOV or WebM video" in video.content.decode()


def test_students_download_only_their_own_files(course, student, student_client):
    assignment = make_assignment(course, allow_file=True)
    file = services.submission_file_add(
        assignment=assignment,
        student=student,
        upload=upload("mine.pdf", pdf_bytes(1)),
        filename="mine.pdf",
        kind=FileKind.DOCUMENT,
    )
    response = student_client.get(reverse("courses:file_download", args=[file.pk]))
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # S3: a short-lived signed URL
        assert "X-Amz-Signature" in response.url and "mine.pdf" in response.url
    else:
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert 'filename="mine.pdf"' in response["Content-Disposition"]


def test_grade_and_feedback_show_only_after_release(course, student, student_client, assignment):
    instructor = course.enrollments.get(role="instructor").user
    hand_in(assignment, student)
    good = level(assignment, "Structure", "Excellent")
    services.submission_grade(
        assignment=assignment,
        student=student,
        grader=instructor,
        criteria={
            good.criterion_id: services.CriterionInput(level_id=good.pk, comment="Clear arc")
        },
        score=D("18"),
        feedback="Lovely opening paragraph.",
    )
    url = reverse("courses:assignment", args=[course.pk, assignment.pk])
    hidden = student_client.get(url).content.decode()
    assert "Lovely opening paragraph" not in hidden and "Clear arc" not in hidden
    assert "Your grade" not in hidden
    services.submissions_release(submissions=assignment.submissions.all())
    shown = student_client.get(url).content.decode()
    assert "Your grade" in shown and "Lovely opening paragraph" in shown and "Clear arc" in shown
    grades = student_client.get(reverse("courses:grades", args=[course.pk])).content.decode()
    assert "90.0" in grades  # 18 / 20


def test_course_list_separates_learning_and_teaching(client, course, student, instructor):
    client.force_login(student)
    assert "Career Launch" in client.get(reverse("courses:list")).content.decode()
    client.force_login(instructor)
    html = client.get(reverse("courses:list")).content.decode()
    assert "Teaching" in html and "Gradebook" in html


@pytest.mark.parametrize("assignments", [2, 25])
def test_course_page_query_count_is_constant(
    course, student, student_client, assignments, django_assert_max_num_queries
):
    for index in range(assignments):
        item = make_assignment(course, title=f"Task {index}")
        if index % 2:
            hand_in(item, student)
    with django_assert_max_num_queries(12):
        response = student_client.get(reverse("courses:detail", args=[course.pk]))
    assert response.status_code == 200


def test_student_navbar_has_courses(student_client):
    html = student_client.get(reverse("courses:list")).content.decode()
    assert f'href="{reverse("courses:list")}" aria-current="page"' in html
    assert make_student  # imported for fixtures elsewhere


def test_uploads_are_rate_limited(course, student, student_client):
    assignment = make_assignment(course, allow_file=True)
    url = reverse("courses:file_upload", args=[course.pk, assignment.pk])
    for _ in range(30):
        student_client.post(url, {"kind": "document"})  # even refused attempts count
    response = student_client.post(url, {"kind": "document", "file": upload("a.txt", b"hi")})
    assert response.status_code == 429
    assert "Too many uploads" in response.content.decode()
