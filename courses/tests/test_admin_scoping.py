"""Instructor A cannot reach instructor B's course in the admin: not by URL, list, search,
filter, autocomplete, foreign-key choice, action or custom page. Every courses admin is
covered: a new one fails ``test_every_courses_admin_is_scoped`` until it is scoped."""

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import RequestFactory
from django.urls import reverse

from courses.admin.scoping import CourseScopedAdmin
from courses.models import (
    Assignment,
    Course,
    CourseComment,
    CourseInvitation,
    CoursePost,
    CourseRole,
    Enrollment,
    FileKind,
    Rubric,
    Section,
    Skill,
    Submission,
)

from .factories import hand_in, make_assignment, upload

pytestmark = pytest.mark.django_db

UNSCOPED = {Skill}  # a shared vocabulary of skill names, no course data


def courses_admins():
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "courses"
    }


@pytest.fixture
def world_a(course, student, assignment, instructor):
    hand_in(assignment, student, "Alpha text")
    return {"course": course, "assignment": assignment, "student": student}


@pytest.fixture
def b_objects(other_world):
    from courses import services

    course = other_world["course"]
    invitation = CourseInvitation.objects.create(course=course, email="invitee@example.com")
    file = services.submission_file_add(
        assignment=make_assignment(course, title="B files", allow_file=True),
        student=other_world["student"],
        upload=upload("b.txt", b"B's notes"),
        filename="b.txt",
        kind=FileKind.DOCUMENT,
    )
    return {
        Course: course,
        Section: other_world["section"],
        Enrollment: other_world["enrollment"],
        CourseInvitation: invitation,
        Rubric: other_world["rubric"],
        Assignment: other_world["assignment"],
        Submission: other_world["submission"],
        "file": file,
        CoursePost: (
            b_post := CoursePost.objects.create(
                course=course, author=other_world["student"], body="B's post"
            )
        ),
        CourseComment: CourseComment.objects.create(
            post=b_post, author=other_world["student"], body="B's comment"
        ),
    }


def test_every_courses_admin_is_scoped():
    for model, model_admin in courses_admins().items():
        if model in UNSCOPED:
            continue
        assert isinstance(model_admin, CourseScopedAdmin), model


def test_querysets_hold_only_the_instructors_courses(instructor, world_a, b_objects):
    request = RequestFactory().get("/admin/")
    request.user = instructor
    for model, model_admin in courses_admins().items():
        if model in UNSCOPED:
            continue
        ids = set(model_admin.get_queryset(request).values_list("pk", flat=True))
        assert b_objects[model].pk not in ids, model


def test_b_objects_404_by_url_for_instructor_a(instructor_client, world_a, b_objects):
    for model in (Course, Section, Enrollment, CourseInvitation, Rubric, Assignment, Submission):
        obj = b_objects[model]
        info = (model._meta.app_label, model._meta.model_name)
        for view in ("change", "delete", "history"):
            url = reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk])
            # Submissions are never deleted by anyone: 403 before any lookup, for all ids.
            expected = {403} if (model, view) == (Submission, "delete") else {404}
            assert instructor_client.get(url).status_code in expected, url
            assert instructor_client.post(url, {"post": "yes"}).status_code in expected, url
    assert Course.objects.filter(pk=b_objects[Course].pk).exists()
    assert Rubric.objects.filter(pk=b_objects[Rubric].pk).exists()


def test_changelists_search_and_filters_never_show_b(instructor_client, world_a, b_objects):
    b_course = b_objects[Course]
    for model in (Course, Section, Enrollment, CourseInvitation, Rubric, Assignment, Submission):
        url = reverse(f"admin:courses_{model._meta.model_name}_changelist")
        for query in ("", "?q=Other", "?q=pupil", f"?course={b_course.pk}"):
            response = instructor_client.get(url + query, follow=True)
            assert response.status_code == 200, url + query
            html = response.content.decode()
            for marker in (
                "Other course",
                "OTH-1",
                "pupil@example.com",
                "Other rubric",
                "invitee@",
            ):
                assert marker not in html, (url + query, marker)
        # Lookups the filters do not offer are refused outright.
        sneaky = instructor_client.get(
            url + f"?assignment__course__id__exact={b_course.pk}", follow=True
        )
        assert sneaky.status_code in (200, 400)
        assert "Other course" not in sneaky.content.decode()


def test_the_course_filter_only_offers_the_instructors_courses(
    instructor_client, world_a, b_objects
):
    html = instructor_client.get(reverse("admin:courses_submission_changelist")).content.decode()
    assert "CAR-101" in html and "OTH-1" not in html


def test_autocomplete_only_finds_the_instructors_objects(instructor_client, world_a, b_objects):
    for field, model in (("course", "assignment"), ("rubric", "assignment"), ("course", "rubric")):
        response = instructor_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "courses", "model_name": model, "field_name": field, "term": ""},
        )
        assert response.status_code == 200, (field, model)
        texts = " ".join(r["text"] for r in response.json()["results"])
        assert "Other" not in texts and texts, (field, model, texts)


def test_foreign_key_choices_are_scoped(instructor_client, world_a, b_objects):
    html = instructor_client.get(reverse("admin:courses_assignment_add")).content.decode()
    assert "Career Launch" in html and "Other course" not in html and "Other rubric" not in html
    response = instructor_client.post(
        reverse("admin:courses_assignment_add"),
        {
            "course": b_objects[Course].pk,
            "title": "Planted",
            "points_possible": "10",
            "allow_text": "on",
            "due_at_0": "2030-01-01",
            "due_at_1": "10:00:00",
            "late_penalty_percent": "0",
            "late_penalty_floor_percent": "0",
            "position": "0",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "Select a valid choice" in response.content.decode()
    assert not Assignment.objects.filter(title="Planted").exists()


def test_actions_ignore_b_objects(instructor_client, world_a, b_objects):
    from courses import services

    b_assignment = b_objects[Assignment]
    b_submission = b_objects[Submission]
    services.submission_grade(
        assignment=b_assignment,
        student=b_submission.student,
        grader=b_assignment.course.enrollments.get(role=CourseRole.INSTRUCTOR).user,
        score=5,
    )
    unpublished = make_assignment(b_objects[Course], title="B draft", published=False)
    old_code = b_objects[Section].join_code
    for model, action, pk in (
        (Submission, "release_selected", b_submission.pk),
        (Assignment, "publish_selected", unpublished.pk),
        (Section, "regenerate_codes", b_objects[Section].pk),
        (Rubric, "delete_selected", b_objects[Rubric].pk),
        (Enrollment, "delete_selected", b_objects[Enrollment].pk),
    ):
        instructor_client.post(
            reverse(f"admin:courses_{model._meta.model_name}_changelist"),
            {"action": action, ACTION_CHECKBOX_NAME: [pk], "post": "yes"},
        )
    b_submission.refresh_from_db()
    unpublished.refresh_from_db()
    assert b_submission.released_at is None
    assert unpublished.published_at is None
    assert Section.objects.get(pk=b_objects[Section].pk).join_code == old_code
    assert Rubric.objects.filter(pk=b_objects[Rubric].pk).exists()
    assert Enrollment.objects.filter(pk=b_objects[Enrollment].pk).exists()
    # Row and detail actions, by URL.
    before = Rubric.objects.count()
    instructor_client.get(reverse("admin:courses_rubric_duplicate", args=[b_objects[Rubric].pk]))
    assert Rubric.objects.count() == before


def test_custom_pages_404_for_b(instructor_client, world_a, b_objects):
    course, assignment, file = b_objects[Course], b_objects[Assignment], b_objects["file"]
    student = b_objects[Submission].student
    urls = [
        reverse("admin:courses_course_gradebook", args=[course.pk]),
        reverse("admin:courses_course_gradebook_csv", args=[course.pk]),
        reverse("admin:courses_course_analytics", args=[course.pk]),
        reverse("admin:courses_course_enrol", args=[course.pk]),
        reverse("admin:courses_assignment_grading", args=[assignment.pk]),
        reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk]),
        reverse("admin:courses_assignment_grade_penalty", args=[assignment.pk, student.pk]),
        reverse("admin:courses_submission_file", args=[file.pk]),
        reverse("admin:courses_submission_file_preview", args=[file.pk, 1]),
        reverse("admin:courses_submission_file_status", args=[file.pk]),
        reverse("admin:courses_course_open_gradebook", args=[course.pk]),
        reverse("admin:courses_assignment_open_grading", args=[assignment.pk]),
    ]
    for url in urls:
        response = instructor_client.get(url, follow=True)
        assert response.status_code == 404, url
        assert instructor_client.post(url, {"action": "release_all"}).status_code in (302, 404)
    # The POSTs changed nothing.
    assert Submission.objects.get(pk=b_objects[Submission].pk).released_at is None
    # A student of course A cannot be graded through B's assignment, and vice versa.
    a = world_a["assignment"]
    bad = reverse("admin:courses_assignment_grade", args=[a.pk, student.pk])
    assert instructor_client.get(bad).status_code == 404


def test_tas_teach_but_do_not_manage_the_course(client, no_admin_mfa, world_a, b_objects):
    from accounts.tests.factories import UserFactory
    from courses import services

    course = world_a["course"]
    ta = UserFactory(email="ta@example.com")
    services.enrollment_add(course=course, user=ta, role=CourseRole.TA)
    client.force_login(ta)
    assert (
        client.get(
            reverse("admin:courses_assignment_grading", args=[world_a["assignment"].pk])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:courses_course_gradebook", args=[course.pk])).status_code == 200
    )
    assert client.get(reverse("admin:courses_course_enrol", args=[course.pk])).status_code == 404
    change = reverse("admin:courses_course_change", args=[course.pk])
    assert client.get(change).status_code == 200  # read-only view
    assert client.post(change, {"title": "Hijacked", "code": "X"}).status_code == 403
    section = course.sections.first()
    assert (
        client.post(
            reverse("admin:courses_section_change", args=[section.pk]),
            {"name": "Renamed", "join_enabled": "on"},
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("admin:courses_course_change", args=[b_objects[Course].pk])).status_code
        == 404
    )


def test_superusers_see_every_course(client, no_admin_mfa, world_a, b_objects):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    root = UserFactory(email="root@example.com", roles=[Role.ADMIN])
    client.force_login(root)
    html = client.get(reverse("admin:courses_course_changelist")).content.decode()
    assert "Career Launch" in html and "Other course" in html
    assert (
        client.get(
            reverse("admin:courses_course_gradebook", args=[b_objects[Course].pk])
        ).status_code
        == 200
    )


def test_students_and_seekers_never_reach_the_admin(client, world_a):
    client.force_login(world_a["student"])
    response = client.get(reverse("admin:courses_course_changelist"))
    assert response.status_code in (302, 403)


def test_staff_need_mfa_for_the_admin_and_pass_with_an_authenticator(instructor, world_a, settings):
    from .conftest import staff_client

    settings.ADMIN_REQUIRES_MFA = True  # the real gate, off elsewhere in these tests

    without = staff_client(instructor)
    response = without.get(reverse("admin:courses_course_changelist"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    with_totp = staff_client(instructor, with_totp=True)
    page = with_totp.get(
        reverse("admin:courses_assignment_grading", args=[world_a["assignment"].pk])
    )
    assert page.status_code == 200 and "Sam Student" in page.content.decode()


def test_view_on_site_redirect_answers_404_for_rows_outside_the_instructors_scope(
    instructor_client, course, other_world
):
    from django.contrib.contenttypes.models import ContentType

    course_type = ContentType.objects.get_for_model(Course).pk

    def view_on_site(pk) -> int:
        return instructor_client.get(f"/admin/r/{course_type}/{pk}/").status_code

    # B's course exists, yet answers exactly like a course that does not.
    assert view_on_site(other_world["course"].pk) == 404
    assert view_on_site(987654) == 404
    assert view_on_site("99999999999999999999") == 404
    assert view_on_site(course.pk) == 302  # the instructor's own course: to the site
