"""Launches from a fake LTI 1.3 platform: sign-in by (issuer, sub), the course scoped to
the platform context, enrolment with the platform's role, and the JWKS we publish."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses.models import CourseRole, Enrollment
from lti import keys
from lti.models import LtiContext, LtiIdentity

from .conftest import launch, register, start_platform
from .fake_platform import INSTRUCTOR, LEARNER

pytestmark = pytest.mark.django_db


def signed_in_user(client: Client):
    from django.contrib.auth import get_user

    return get_user(client)


def test_an_instructors_first_launch_creates_the_course_and_signs_them_in(fake, registered):
    client = Client()
    response, _, _ = launch(client, fake, sub="teacher-1", roles=[INSTRUCTOR])

    context = LtiContext.objects.get(platform=registered, context_id="ctx-1")
    assert response.status_code == 302
    assert response["Location"] == context.course.get_absolute_url()
    user = signed_in_user(client)
    assert user.is_authenticated and user.lti_identities.get().sub == "teacher-1"
    assert Enrollment.objects.get(course=context.course, user=user).role == CourseRole.INSTRUCTOR
    assert context.course.title == "Interview skills"
    assert context.memberships_url.endswith("/nrps/ctx-1") and context.lineitems_url


def test_a_student_launch_enrols_them_as_student_and_opens_the_course(fake, registered):
    launch(Client(), fake, sub="teacher-1", roles=[INSTRUCTOR])
    client = Client()
    response, _, _ = launch(client, fake, sub="student-1", roles=[LEARNER])

    course = LtiContext.objects.get().course
    assert response.status_code == 302 and response["Location"] == course.get_absolute_url()
    student = signed_in_user(client)
    assert Enrollment.objects.get(course=course, user=student).role == CourseRole.STUDENT
    assert client.get(course.get_absolute_url()).status_code == 200


def test_a_student_before_the_instructor_gets_a_clear_page(fake, registered):
    client = Client()
    response, _, _ = launch(client, fake, sub="student-1", roles=[LEARNER])

    assert response.status_code == 403
    assert b"This course is not set up yet" in response.content
    assert not signed_in_user(client).is_authenticated


def test_a_launch_never_links_an_account_by_email(fake, registered):
    """Guards account takeover: claims carrying alice's email must not sign in as alice."""
    alice = UserFactory(email="teacher-1@school.example")
    client = Client()
    launch(client, fake, sub="teacher-1", roles=[INSTRUCTOR])

    user = signed_in_user(client)
    assert user.pk != alice.pk
    assert LtiIdentity.objects.get(sub="teacher-1").email == "teacher-1@school.example"
    assert not Enrollment.objects.filter(user=alice).exists()


def test_the_same_sub_signs_in_to_the_same_account_next_time(fake, registered):
    first, second = Client(), Client()
    launch(first, fake, sub="teacher-1", roles=[INSTRUCTOR])
    launch(second, fake, sub="teacher-1", roles=[INSTRUCTOR])
    assert signed_in_user(first).pk == signed_in_user(second).pk


def test_a_framed_launch_hands_off_to_a_new_tab_once(fake, registered):
    client = Client()
    response, _, _ = launch(client, fake, sub="teacher-1", roles=[INSTRUCTOR], target="iframe")

    assert response.status_code == 200 and b"Open Career Copilot" in response.content
    assert "X-Frame-Options" not in response
    assert f"frame-ancestors {fake.url}" in response["Content-Security-Policy"]
    token = response.context["token"]
    tab = Client()
    opened = tab.post("/lti/continue/", {"token": token})
    assert opened.status_code == 302 and signed_in_user(tab).is_authenticated
    again = Client().post("/lti/continue/", {"token": token})
    assert again.status_code == 403 and b"already used" in again.content


def test_the_same_context_on_another_platform_is_another_course(fake, registered):
    """Guards platform scoping: platform B's "ctx-1" is not platform A's course, and its
    people are not enrolled in A's."""
    launch(Client(), fake, sub="teacher-1", roles=[INSTRUCTOR])
    with start_platform(client_id="other-client") as other:
        register(other, name="Moodle")
        client = Client()
        launch(client, other, sub="teacher-1", roles=[INSTRUCTOR])
        course_a = LtiContext.objects.get(platform__name="Canvas").course
        course_b = LtiContext.objects.get(platform__name="Moodle").course
        assert course_a.pk != course_b.pk
        user_b = signed_in_user(client)
        assert not Enrollment.objects.filter(course=course_a, user=user_b).exists()
        assert client.get(course_a.get_absolute_url()).status_code == 404


def test_our_jwks_publishes_every_active_key_and_rotation_keeps_the_old_one(db):
    first = keys.signing_key()
    second = keys.tool_key_rotate()
    published = Client().get("/lti/jwks/").json()["keys"]
    assert {k["kid"] for k in published} == {first.kid, second.kid}
    assert all("d" not in k for k in published)  # no private part
    assert keys.signing_key() == second
    keys.tool_keys_retire()
    assert [k["kid"] for k in Client().get("/lti/jwks/").json()["keys"]] == [second.kid]


def test_an_instructors_launch_syncs_the_roster_in_the_background(
    fake, registered, django_capture_on_commit_callbacks
):
    fake.members = [
        {"user_id": "teacher-1", "roles": [INSTRUCTOR], "status": "Active"},
        {"user_id": "student-9", "roles": [LEARNER], "status": "Active", "name": "Nia"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        launch(Client(), fake, sub="teacher-1", roles=[INSTRUCTOR])

    context = LtiContext.objects.get()
    sync = context.roster_syncs.get()
    assert sync.state == "done" and sync.added == 1
    student = Enrollment.objects.get(course=context.course, role=CourseRole.STUDENT).user
    assert student.name == "Nia" and student.lti_identities.get().sub == "student-9"
    with django_capture_on_commit_callbacks(execute=True):
        launch(Client(), fake, sub="teacher-1", roles=[INSTRUCTOR])
    assert context.roster_syncs.count() == 1  # not again within the hour


def test_a_launched_teacher_reaches_the_course_but_the_admin_still_asks_for_an_authenticator(
    fake, registered, settings
):
    """The platform signed the teacher in, so course pages open inside its frame without
    our authenticator setup (a dead end there); the admin still requires one, and the same
    teacher signing in with a password is gated on course pages as before."""
    settings.ADMIN_REQUIRES_MFA = True
    client = Client()
    response, _, _ = launch(client, fake, sub="teacher-1", roles=[INSTRUCTOR])

    course_page = client.get(response["Location"])
    assert course_page.status_code == 200
    assert b"Interview skills" in course_page.content
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302 and admin["Location"] == reverse("mfa_activate_totp")
    assert client.get(admin["Location"]).status_code == 200  # the setup page opens

    teacher = LtiContext.objects.get().course.enrollments.get(role=CourseRole.INSTRUCTOR).user
    password_session = Client()
    password_session.force_login(teacher)
    gate = password_session.get(response["Location"])
    assert gate.status_code == 302 and gate["Location"] == reverse("mfa_activate_totp")
