"""Teaching rights need MFA on the site too, not only in the admin: a TA without an
authenticator is sent to set one up before any course page (students' videos included)."""

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import UserFactory
from courses import services
from courses.models import CourseRole
from courses.tests.factories import make_course, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course()


@pytest.fixture
def ta(course):
    user = UserFactory(email="ta@example.com")
    services.enrollment_add(course=course, user=user, role=CourseRole.TA)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_ta_without_mfa_is_sent_to_set_it_up_before_any_course_page(ta, course):
    client = _client(ta)
    for url in (
        reverse("courses:list"),
        reverse("courses:detail", args=[course.pk]),
        "/courses/videos/1/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("mfa_activate_totp")
    # Pages that do not rest on teaching rights stay open.
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_ta_with_an_authenticator_reaches_the_course(ta, course):
    TOTP.activate(ta, pyotp.random_base32())

    assert _client(ta).get(reverse("courses:detail", args=[course.pk])).status_code == 200


def test_students_are_not_asked_for_mfa(course):
    student = make_student(course, email="learner@example.com")

    assert _client(student).get(reverse("courses:detail", args=[course.pk])).status_code == 200
