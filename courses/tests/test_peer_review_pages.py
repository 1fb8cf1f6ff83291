"""Peer review pages (E9): the reviewer's and author's pages, scoping, anonymity (page,
HTML source and API), the instructor's page, and constant query counts on the lists."""

import datetime as dt
import re
import urllib.request
from urllib.parse import unquote, urlparse

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from courses import services
from courses.models import (
    Enrollment,
    FileKind,
    PeerReview,
    PeerReviewSettings,
    PeerReviewState,
    Submission,
    SubmissionState,
    SubmissionVersion,
)
from courses.services.peer import (
    PeerRating,
    peer_review_save,
    peer_reviews_assign,
    peer_reviews_release,
)

from .conftest import staff_client
from .factories import level, make_assignment, make_student, pdf_bytes, upload

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
# Distinctive people (and ids) so the raw HTML can be searched for any trace of them.
PEOPLE = (
    (987601, "Ann Author", "ann.author@example.com"),
    (987602, "Zelda Quixote", "zelda.quixote@example.com"),
    (987603, "Yusuf Vantablack", "yusuf.vantablack@example.com"),
    (987604, "Xiomara Wolfsbane", "xiomara.wolfsbane@example.com"),
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit_review(review, assignment, comment="Well argued; cut the intro."):
    ratings = {}
    for title, pick in (("Structure", "Good"), ("Evidence", "Excellent")):
        chosen = level(assignment, title, pick)
        ratings[chosen.criterion_id] = PeerRating(chosen.pk, f"{title} note")
    return peer_review_save(
        review=review,
        reviewer=review.reviewer,
        ratings=ratings,
        overall_comment=comment,
        submit=True,
    )


@pytest.fixture
def world(course, rubric, instructor):
    """Four students handed in (Ann with a file); each reviews two others, anonymously."""
    assignment = make_assignment(
        course,
        rubric=rubric,
        title="Pitch letter",
        allow_file=True,
        due_at=timezone.now() - dt.timedelta(days=1),
    )
    PeerReviewSettings.objects.create(
        assignment=assignment, enabled=True, reviewers_per_submission=2, anonymous=True
    )
    people = []
    for pk, name, email in PEOPLE:
        student = make_student(course, id=pk, name=name, email=email)
        services.submission_save_draft(
            assignment=assignment, student=student, text=f"My pitch, by the one and only {name}."
        )
        if pk == 987601:
            services.submission_file_add(
                assignment=assignment,
                student=student,
                upload=upload("Ann_Author_resume.pdf", pdf_bytes(1)),
                filename="Ann_Author_resume.pdf",
                kind=FileKind.DOCUMENT,
            )
        services.submission_submit(
            assignment=assignment, student=student, now=assignment.due_at - HOUR
        )
        people.append(student)
    peer_reviews_assign(assignment=assignment)
    ann = people[0]
    review = PeerReview.objects.filter(author=ann).order_by("id").first()
    outsider = next(
        p for p in people[1:] if not PeerReview.objects.filter(author=ann, reviewer=p).exists()
    )
    return {
        "assignment": assignment,
        "course": course,
        "ann": ann,
        "people": people,
        "review": review,
        "reviewer": review.reviewer,
        "outsider": outsider,
        "file": ann.course_submissions.get().files.get(),
        "instructor": instructor,
    }


def review_urls(world) -> list[str]:
    review, file = world["review"], world["file"]
    return [
        reverse("courses:peer_review", args=[review.pk]),
        reverse("courses:peer_review_save", args=[review.pk]),
        reverse("courses:peer_review_file", args=[review.pk, file.pk]),
        reverse("courses:peer_review_file_page", args=[review.pk, file.pk, 1]),
    ]


# --- The reviewer ---------------------------------------------------------------------------


def test_reviewer_sees_the_work_and_the_rubric_as_clickable_levels(world):
    client = client_for(world["reviewer"])
    html = client.get(reverse("courses:peer_review", args=[world["review"].pk])).content.decode()
    assert "My pitch, by the one and only Ann Author." in html  # the essay itself
    assert html.count('type="radio"') == 6 and "Needs work" in html
    assert "File 1.pdf" in html and "Ann_Author_resume" not in html  # anonymous file name
    assert "ann.author@example.com" not in html and "987601" not in html
    download = client.get(
        reverse("courses:peer_review_file", args=[world["review"].pk, world["file"].pk])
    )
    assert download.status_code in (200, 302)
    if download.status_code == 302:  # S3: a short-lived signed URL naming "File 1.pdf"
        local = urlparse(download.url).hostname in ("127.0.0.1", "localhost")
        assert local  # the local S3-compatible server started for the tests
        with urllib.request.urlopen(download.url) as stored:  # noqa: S310 (checked above)
            assert stored.read().startswith(b"%PDF")
            assert "File 1.pdf" in stored.headers["Content-Disposition"]
        assert "Ann_Author" not in unquote(download.url)
    else:
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        assert "File 1.pdf" in download["Content-Disposition"]
    listing = client.get(
        reverse("courses:peer_reviews", args=[world["course"].pk])
    ).content.decode()
    assert "Submission A" in listing and "Submission B" in listing and "Ann Author" not in listing


def test_save_draft_and_submit_through_the_page(world):
    review, assignment = world["review"], world["assignment"]
    client = client_for(world["reviewer"])
    url = reverse("courses:peer_review_save", args=[review.pk])
    good = level(assignment, "Structure", "Good")
    draft = client.post(
        url,
        {
            f"criterion-{good.criterion_id}-level": good.pk,
            "overall_comment": "Half done",
            "action": "draft",
        },
        HTTP_HX_REQUEST="true",
    )
    assert draft.status_code == 200 and "Draft saved" in draft.content.decode()
    assert "toast" in draft["HX-Trigger"]
    refused = client.post(url, {"overall_comment": "Half done", "action": "submit"})
    assert refused.status_code == 400 and "Pick a level for" in refused.content.decode()
    review.refresh_from_db()
    assert review.state == PeerReviewState.IN_PROGRESS and review.overall_comment == "Half done"
    evidence = level(assignment, "Evidence", "Missing")
    done = client.post(
        url,
        {
            f"criterion-{good.criterion_id}-level": good.pk,
            f"criterion-{evidence.criterion_id}-level": evidence.pk,
            f"criterion-{evidence.criterion_id}-comment": "Add one number.",
            "overall_comment": "Good start.",
            "action": "submit",
        },
    )
    assert done.status_code == 302 and done.url == reverse(
        "courses:peer_reviews", args=[world["course"].pk]
    )
    review.refresh_from_db()
    assert review.state == PeerReviewState.SUBMITTED
    again = client.get(reverse("courses:peer_review", args=[review.pk])).content.decode()
    assert "can no longer change" in again and "Submit review" not in again


# --- Scoping ------------------------------------------------------------------------------


def test_stranger_gets_404_on_every_peer_url(world, bob_client):
    course, assignment = world["course"], world["assignment"]
    urls = review_urls(world) + [
        reverse("courses:peer_reviews", args=[course.pk]),
        reverse("courses:peer_feedback", args=[course.pk, assignment.pk]),
    ]
    for url in urls:
        assert bob_client.get(url).status_code in (404, 405), url  # 405: POST-only
        assert bob_client.post(url, {"action": "submit"}).status_code == 404, url
    assert PeerReview.objects.filter(state=PeerReviewState.SUBMITTED).count() == 0


def test_classmates_not_assigned_and_the_author_get_404(world):
    for person in (world["outsider"], world["ann"]):
        client = client_for(person)
        for url in review_urls(world):
            assert client.get(url).status_code in (404, 405), (person, url)
        assert client.post(review_urls(world)[1], {"action": "draft"}).status_code == 404


def test_reviewer_reaches_only_the_files_of_the_attempt_under_review(world):
    review, client = world["review"], client_for(world["reviewer"])
    other_file = services.submission_file_add(
        assignment=world["assignment"],
        student=world["ann"],
        upload=upload("later.pdf", pdf_bytes(1)),
        filename="later.pdf",
        kind=FileKind.DOCUMENT,
    )  # in Ann's new draft, not in the attempt under review
    assert (
        client.get(reverse("courses:peer_review_file", args=[review.pk, other_file.pk])).status_code
        == 404
    )
    # The reviewer's own file route still refuses Ann's file.
    assert client.get(reverse("courses:file_download", args=[world["file"].pk])).status_code == 404


def test_reviewer_who_left_the_course_gets_404(world):
    Enrollment.objects.filter(user=world["reviewer"]).delete()
    client = client_for(world["reviewer"])
    assert client.get(review_urls(world)[0]).status_code == 404


# --- Release and anonymity ------------------------------------------------------------------


def test_author_sees_reviews_only_after_release(world, no_admin_mfa):
    assignment, ann = world["assignment"], world["ann"]
    for review in PeerReview.objects.filter(author=ann):
        submit_review(review, assignment, comment=f"Comment from review {review.pk}")
    client = client_for(ann)
    url = reverse("courses:peer_feedback", args=[world["course"].pk, assignment.pk])
    before = client.get(url).content.decode()
    assert "Comment from review" not in before and "once your instructor releases" in before
    admin = staff_client(world["instructor"])
    page = reverse("admin:courses_assignment_peer_review", args=[assignment.pk])
    assert admin.post(page, {"action": "release"}).status_code == 302
    after = client.get(url).content.decode()
    assert after.count("Comment from review") == 2
    assert "Reviewer 1" in after and "Reviewer 2" in after and "Structure note" in after


def _identity_patterns(user) -> list[str]:
    local = user.email.split("@")[0]
    first, last = user.name.split()
    return [user.name, first, last, user.email, local, str(user.pk)]


def test_anonymous_reviews_leak_no_reviewer_identity(world, django_capture_on_commit_callbacks):
    from tracker import services as tracker_services

    assignment, ann, course = world["assignment"], world["ann"], world["course"]
    reviewers = [
        r.reviewer for r in PeerReview.objects.filter(author=ann).select_related("reviewer")
    ]
    for review in PeerReview.objects.filter(author=ann):
        submit_review(review, assignment)
    with django_capture_on_commit_callbacks(execute=True):
        peer_reviews_release(assignment=assignment)  # and the authors are notified
    client = client_for(ann)
    pages = [
        reverse("courses:peer_feedback", args=[course.pk, assignment.pk]),
        reverse("courses:peer_reviews", args=[course.pk]),
        reverse("courses:assignment", args=[course.pk, assignment.pk]),
        reverse("courses:detail", args=[course.pk]),
        reverse("accounts:notifications"),
    ]
    sources = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        sources.append((url, response.content.decode()))
    assert "Reviewer 1" in sources[0][1]
    _, token = tracker_services.api_token_create(user=ann, name="Leak check")
    api = Client(headers={"authorization": f"Bearer {token}"})
    schema = api.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert not [p for p in schema.json()["paths"] if "peer" in p or "course" in p]
    for path, spec in schema.json()["paths"].items():
        if "get" in spec and "{" not in path:
            response = api.get(f"/api/v1{path}")
            sources.append((path, response.content.decode()))
    notes = " ".join(f"{n.title} {n.body} {n.url}" for n in Notification.objects.filter(user=ann))
    sources.append(("notifications", notes))
    for reviewer in reviewers:
        for pattern in _identity_patterns(reviewer):
            for where, source in sources:
                assert pattern not in source, (pattern, where)
        for where, source in sources:
            assert not re.search(r'data-[\w-]*="[^"]*98760[234]', source), where
            assert "avatar" not in source.lower(), where


def test_named_reviews_when_not_anonymous(world):
    assignment, ann = world["assignment"], world["ann"]
    PeerReviewSettings.objects.filter(assignment=assignment).update(anonymous=False)
    review = world["review"]
    submit_review(review, assignment)
    peer_reviews_release(assignment=assignment)
    html = (
        client_for(ann)
        .get(reverse("courses:peer_feedback", args=[world["course"].pk, assignment.pk]))
        .content.decode()
    )
    assert review.reviewer.name in html
    page = client_for(review.reviewer).get(reverse("courses:peer_review", args=[review.pk]))
    assert (
        "Ann Author" in page.content.decode() and "Ann_Author_resume.pdf" in page.content.decode()
    )


# --- The instructor ------------------------------------------------------------------------


def test_instructor_page_shows_identities_settings_and_actions(world, no_admin_mfa):
    assignment = world["assignment"]
    admin = staff_client(world["instructor"])
    url = reverse("admin:courses_assignment_peer_review", args=[assignment.pk])
    html = admin.get(url).content.decode()
    for _, name, _ in PEOPLE:
        assert name in html  # instructors see who reviews whom
    assert 'data-metric="assigned">8<' in html
    bad = admin.post(
        url,
        {
            "action": "settings",
            "enabled": "on",
            "reviewers_per_submission": "3",
            "reviews_due_at": (assignment.due_at - HOUR).strftime("%Y-%m-%dT%H:%M"),
            "release_mode": "manual",
        },
    )
    assert bad.status_code == 400 and "only be due after" in bad.content.decode()
    good = admin.post(
        url,
        {
            "action": "settings",
            "enabled": "on",
            "reviewers_per_submission": "3",
            "anonymous": "on",
            "include_late": "on",
            "reviews_due_at": (timezone.localtime() + dt.timedelta(days=3)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "release_mode": "at_due",
        },
    )
    assert good.status_code == 302
    assert admin.post(url, {"action": "assign"}).status_code == 302
    assert PeerReview.objects.filter(assignment=assignment).count() == 12  # topped up to 3 each
    change = admin.get(reverse("admin:courses_assignment_change", args=[assignment.pk]))
    assert "go-peer-review" in change.content.decode()


def test_assign_action_on_the_assignment_list(course, rubric, instructor, no_admin_mfa):
    assignment = make_assignment(
        course, rubric=rubric, due_at=timezone.now() - dt.timedelta(days=1)
    )
    PeerReviewSettings.objects.create(
        assignment=assignment, enabled=True, reviewers_per_submission=1
    )
    for i in range(2):
        student = make_student(course, email=f"a{i}@example.com")
        services.submission_save_draft(assignment=assignment, student=student, text="Text")
        services.submission_submit(
            assignment=assignment, student=student, now=assignment.due_at - HOUR
        )
    response = staff_client(instructor).post(
        reverse("admin:courses_assignment_changelist"),
        {"action": "assign_peer_reviews_now", ACTION_CHECKBOX_NAME: [assignment.pk]},
        follow=True,
    )
    assert response.status_code == 200 and "2 reviews assigned" in response.content.decode()


def test_other_instructor_gets_404_on_the_peer_page(world, other_world, no_admin_mfa):
    other = staff_client(other_world["instructor"])
    url = reverse("admin:courses_assignment_peer_review", args=[world["assignment"].pk])
    assert other.get(url).status_code == 404
    assert other.post(url, {"action": "release"}).status_code == 404
    assert PeerReviewSettings.objects.get(assignment=world["assignment"]).released_at is None


# --- Query counts ---------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _handed_in(assignment, student, when):
    submission = Submission.objects.create(
        assignment=assignment,
        student=student,
        attempt=1,
        submitted_at=when,
        state=SubmissionState.SUBMITTED,
    )
    version = SubmissionVersion.objects.create(submission=submission, number=1, submitted_at=when)
    return submission, version


def test_reviewer_list_query_count_does_not_grow(course, rubric):
    me = make_student(course, email="me@example.com")
    peer = make_student(course, email="peer@example.com")
    client = client_for(me)
    url = reverse("courses:peer_reviews", args=[course.pk])
    counts = []
    for size in (2, 12):
        while PeerReview.objects.filter(reviewer=me).count() < size:
            assignment = make_assignment(course, rubric=rubric, due_at=timezone.now() - HOUR)
            PeerReviewSettings.objects.create(
                assignment=assignment, enabled=True, anonymous=assignment.pk % 2 == 0
            )
            for author, reviewer in ((peer, me), (me, peer)):
                submission, version = _handed_in(assignment, author, assignment.due_at)
                PeerReview.objects.create(
                    assignment=assignment,
                    submission=submission,
                    version=version,
                    author=author,
                    reviewer=reviewer,
                )
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]


def test_instructor_page_query_count_does_not_grow(course, rubric, instructor, no_admin_mfa):
    admin = staff_client(instructor)
    counts = []
    for size in (3, 12):
        assignment = make_assignment(course, rubric=rubric, due_at=timezone.now() - HOUR)
        PeerReviewSettings.objects.create(assignment=assignment, enabled=True)
        for i in range(size):
            student = make_student(course, email=f"q{size}-{i}@example.com")
            _handed_in(assignment, student, assignment.due_at - HOUR)
        peer_reviews_assign(assignment=assignment)
        for review in PeerReview.objects.filter(assignment=assignment)[: size // 2]:
            submit_review(review, assignment)
        url = reverse("admin:courses_assignment_peer_review", args=[assignment.pk])
        counts.append(_queries(admin, url))
    assert counts[0] == counts[1]


def test_author_feedback_query_count_does_not_grow(course, rubric):
    counts = []
    for size in (1, 6):
        author = make_student(course, email=f"author{size}@example.com")
        assignment = make_assignment(course, rubric=rubric, due_at=timezone.now() - HOUR)
        settings = PeerReviewSettings.objects.create(assignment=assignment, enabled=True)
        submission, version = _handed_in(assignment, author, assignment.due_at)
        for i in range(size):
            reviewer = make_student(course, email=f"r{size}-{i}@example.com")
            review = PeerReview.objects.create(
                assignment=assignment,
                submission=submission,
                version=version,
                author=author,
                reviewer=reviewer,
            )
            submit_review(review, assignment)
        PeerReviewSettings.objects.filter(pk=settings.pk).update(released_at=timezone.now())
        url = reverse("courses:peer_feedback", args=[course.pk, assignment.pk])
        counts.append(_queries(client_for(author), url))
    assert counts[0] == counts[1]
