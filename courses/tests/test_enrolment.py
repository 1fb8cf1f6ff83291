"""Joining by code, enrolling by email, invitations and the roles they bring (E1)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.roles import Role
from accounts.selectors import user_roles
from accounts.tests.factories import UserFactory
from courses import services
from courses.models import CourseInvitation, CourseRole, Enrollment
from courses.models.courses import format_join_code

from .factories import make_course, make_instructor

pytestmark = pytest.mark.django_db


def test_a_new_course_has_a_section_and_its_creator_teaches_it(instructor):
    course = make_course(instructor, sections=("Morning",))
    assert list(course.sections.values_list("name", flat=True)) == ["Morning"]
    enrollment = course.enrollments.get(user=instructor)
    assert enrollment.role == CourseRole.INSTRUCTOR


def test_student_joins_the_section_of_the_code_typed_in_any_case_with_dashes(course, alice):
    evening = course.sections.get(name="Evening")
    typed = format_join_code(evening.join_code).lower().replace("-", " - ")
    enrollment, created = services.enrollment_join_by_code(user=alice, code=typed)
    assert created and enrollment.section == evening and enrollment.role == CourseRole.STUDENT
    assert Role.STUDENT in user_roles(alice, fresh=True)
    again, created_again = services.enrollment_join_by_code(user=alice, code=evening.join_code)
    assert again == enrollment and not created_again


@pytest.mark.parametrize("code", ["", "   ", "NOPE-NOPE"])
def test_unknown_codes_are_refused_with_a_clear_message(course, alice, code):
    with pytest.raises(ValidationError) as excinfo:
        services.enrollment_join_by_code(user=alice, code=code)
    assert "code" in excinfo.value.messages[0].lower()
    assert not Enrollment.objects.filter(user=alice).exists()


def test_closed_sections_and_archived_courses_take_no_one(course, alice):
    section = course.sections.first()
    section.join_enabled = False
    section.save()
    with pytest.raises(ValidationError, match="not taking new students"):
        services.enrollment_join_by_code(user=alice, code=section.join_code)
    section.join_enabled = True
    section.save()
    course.archived_at = course.created_at
    course.save()
    with pytest.raises(ValidationError, match="No course has this code"):
        services.enrollment_join_by_code(user=alice, code=section.join_code)


def test_new_join_code_retires_the_old_one(course, alice):
    section = course.sections.first()
    old = section.join_code
    services.section_regenerate_code(section=section)
    assert section.join_code != old
    with pytest.raises(ValidationError):
        services.enrollment_join_by_code(user=alice, code=old)


def test_enrolling_a_ta_makes_them_staff_with_the_instructor_role(course, alice):
    assert not alice.is_staff
    services.enrollment_add(course=course, user=alice, role=CourseRole.TA)
    alice.refresh_from_db()
    assert alice.is_staff and not alice.is_superuser
    assert Role.INSTRUCTOR in user_roles(alice, fresh=True)
    assert alice.has_perm("courses.change_submission")


def test_enrol_by_email_enrols_users_and_invites_the_rest(course, instructor, alice):
    UserFactory(email="Mixed.Case@Example.com")
    result = services.enrollments_add_by_email(
        course=course,
        emails=services.parse_emails(
            "alice@example.com, mixed.case@example.com\nnew.person@example.com; not-an-email"
        ),
        invited_by=instructor,
    )
    assert result.enrolled == ["alice@example.com", "mixed.case@example.com"]
    assert result.invited == ["new.person@example.com"]
    assert result.invalid == ["not-an-email"]
    again = services.enrollments_add_by_email(course=course, emails=["alice@example.com"])
    assert again.already == ["alice@example.com"]
    assert CourseInvitation.objects.filter(course=course, email="new.person@example.com").exists()


def test_invitation_email_goes_out_and_is_redeemed_on_email_confirmation(
    course, instructor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollments_add_by_email(
            course=course, emails=["newbie@example.com"], invited_by=instructor
        )
    assert len(mail.outbox) == 1
    assert "Career Launch" in mail.outbox[0].subject
    assert "/accounts/signup/" in mail.outbox[0].body

    newbie = UserFactory(email="newbie@example.com", verified=False)
    address = EmailAddress.objects.create(
        user=newbie, email=newbie.email, verified=True, primary=True
    )
    from allauth.account.signals import email_confirmed

    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert course.enrollments.filter(user=newbie, role=CourseRole.STUDENT).exists()
    assert CourseInvitation.objects.get(email="newbie@example.com").accepted_at is not None


def test_staff_invitation_redeemed_at_login_grants_the_teaching_role(course, instructor, client):
    services.enrollments_add_by_email(
        course=course, emails=["helper@example.com"], role=CourseRole.TA, invited_by=instructor
    )
    helper = UserFactory(email="helper@example.com")
    client.force_login(helper)  # user_logged_in redeems invitations too
    helper.refresh_from_db()
    assert course.enrollments.get(user=helper).role == CourseRole.TA
    assert helper.is_staff


def test_sections_must_belong_to_the_course(course, alice):
    other = make_course(make_instructor(), title="Other", code="O")
    with pytest.raises(ValidationError):
        services.enrollment_add(
            course=course, user=alice, role=CourseRole.STUDENT, section=other.sections.first()
        )
