"""Courses, sections and who is in them (E1).

Teaching staff and the admin: enrolling someone as TA or instructor gives them the
site-wide ``instructor`` role, which makes them staff (the admin is where teaching
happens) and grants the courses permissions. What they see there stays limited to the
courses they are enrolled in as TA or instructor (``courses.selectors.access``), and
within a course TAs cannot change the course, its sections or its people. Removing the
enrolment does not take the role away: they may teach other courses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_roles
from accounts.services import email_message_queue, user_add_role

from ..models import Course, CourseInvitation, CourseRole, Enrollment, Section
from ..models.courses import TEACHING_ROLES, new_join_code, normalise_join_code

__all__ = [
    "EmailEnrolmentResult",
    "course_create",
    "course_setup_new",
    "enrollment_add",
    "enrollment_join_by_code",
    "enrollments_add_by_email",
    "invitations_redeem",
    "parse_emails",
    "section_regenerate_code",
]


MAX_EMAILS_PER_BATCH = 500


def _grant_site_role(*, user: User, role: str) -> None:
    if user.is_superuser:
        return
    wanted = Role.INSTRUCTOR if role in TEACHING_ROLES else Role.STUDENT
    if wanted not in user_roles(user, fresh=True):
        user_add_role(user=user, role=wanted)


@transaction.atomic
def course_create(
    *, created_by: User, title: str, code: str = "", description: str = "", section_name="Main"
) -> Course:
    """A new course with one section; its creator teaches it as instructor."""
    course = Course.objects.create(
        title=title, code=code, description=description, created_by=created_by
    )
    course_setup_new(course=course, created_by=created_by, section_name=section_name)
    return course


def course_setup_new(*, course: Course, created_by: User | None, section_name="Main") -> None:
    """What every new course gets: a first section, and its creator as instructor."""
    if not course.sections.exists():
        Section.objects.create(course=course, name=section_name)
    if created_by is not None and not created_by.is_superuser:
        enrollment_add(course=course, user=created_by, role=CourseRole.INSTRUCTOR)


@transaction.atomic
def enrollment_add(
    *, course: Course, user: User, role: str, section: Section | None = None
) -> Enrollment:
    """Enrol ``user`` (or change their role and section if already enrolled)."""
    if role not in CourseRole.values:
        raise ValidationError(f"Unknown course role: {role}")
    if section is not None and section.course_id != course.pk:
        raise ValidationError("That section belongs to another course.")
    if role == CourseRole.STUDENT and section is None:
        section = course.sections.order_by("name").first()
    enrollment, created = Enrollment.objects.get_or_create(
        course=course, user=user, defaults={"role": role, "section": section}
    )
    section_id = section.pk if section is not None else None
    if not created and (enrollment.role, enrollment.section_id) != (role, section_id):
        enrollment.role = role
        enrollment.section = section
        enrollment.save(update_fields=["role", "section"])
    _grant_site_role(user=user, role=role)
    return enrollment


def enrollment_join_by_code(*, user: User, code: str) -> tuple[Enrollment, bool]:
    """A student joins the section whose join code they typed. Returns the enrolment and
    whether it is new; joining twice is harmless."""
    normalised = normalise_join_code(code)
    if not normalised:
        raise ValidationError("Enter the course code your instructor gave you.")
    section = Section.objects.select_related("course").filter(join_code=normalised).first()
    if section is None or section.course.archived_at is not None:
        raise ValidationError(
            "No course has this code. Check it with your instructor (codes look like ABCD-2345)."
        )
    existing = Enrollment.objects.filter(course=section.course, user=user).first()
    if existing is not None:
        return existing, False
    if not section.join_enabled:
        raise ValidationError(
            "This section is not taking new students. Ask your instructor to open it."
        )
    try:
        enrollment = enrollment_add(
            course=section.course, user=user, role=CourseRole.STUDENT, section=section
        )
    except IntegrityError:  # a double click raced us: the enrolment exists
        return Enrollment.objects.get(course=section.course, user=user), False
    return enrollment, True


@dataclass
class EmailEnrolmentResult:
    enrolled: list[str] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = []
        for label, items in (
            ("enrolled", self.enrolled),
            ("invited (no account yet)", self.invited),
            ("already in the course", self.already),
            ("not valid email addresses", self.invalid),
        ):
            if items:
                parts.append(f"{len(items)} {label}")
        return ", ".join(parts) or "No email addresses given."


def parse_emails(raw: str) -> list[str]:
    seen: dict[str, None] = {}
    for chunk in raw.replace(";", "\n").replace(",", "\n").split():
        email = chunk.strip().strip("<>").lower()
        if email:
            seen.setdefault(email, None)
    return list(seen)


def enrollments_add_by_email(
    *,
    course: Course,
    emails: list[str],
    role: str = CourseRole.STUDENT,
    section: Section | None = None,
    invited_by: User | None = None,
) -> EmailEnrolmentResult:
    """Enrol people by email: existing users at once, everyone else by invitation (an
    email with a sign-up link; they are enrolled when they confirm that address)."""
    if len(emails) > MAX_EMAILS_PER_BATCH:
        raise ValidationError(f"Add at most {MAX_EMAILS_PER_BATCH} addresses at a time.")
    emails = [e.lower() for e in emails]
    result = EmailEnrolmentResult()
    users: dict[str, User] = {
        u.email.lower(): u
        for u in User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
    }
    verified = {
        email.lower(): user_id
        for email, user_id in EmailAddress.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails, verified=True)
        .values_list("email", "user")
    }
    enrolled_ids = set(Enrollment.objects.filter(course=course).values_list("user_id", flat=True))
    with transaction.atomic():
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                result.invalid.append(email)
                continue
            user = users.get(email)
            if user is None and email in verified:
                user = User.objects.get(pk=verified[email])
            if user is not None:
                if user.pk in enrolled_ids:
                    result.already.append(email)
                    continue
                enrollment_add(course=course, user=user, role=role, section=section)
                result.enrolled.append(email)
                continue
            invitation: CourseInvitation | None = (
                CourseInvitation.objects.annotate(lower_email=Lower("email"))
                .filter(course=course, lower_email=email)
                .first()
            )
            if invitation is None:
                invitation = CourseInvitation.objects.create(
                    course=course, email=email, role=role, section=section, invited_by=invited_by
                )
            elif invitation.accepted_at is None:
                invitation.role, invitation.section = role, section
                invitation.save(update_fields=["role", "section"])
            result.invited.append(email)
            transaction.on_commit(partial(_send_invitation_email, invitation.pk))
    return result


def _send_invitation_email(invitation_id: int) -> None:
    invitation = (
        CourseInvitation.objects.select_related("course", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return
    context = {
        "invitation": invitation,
        "signup_url": settings.SITE_URL.rstrip("/") + reverse("account_signup"),
    }
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") or ""
    message = EmailMultiAlternatives(
        subject=f"{prefix}You're invited to {invitation.course.title}",
        body=render_to_string("courses/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    email_message_queue(message=message)


def invitations_redeem(*, user: User) -> list[Enrollment]:
    """Turn pending invitations for the user's verified addresses into enrolments."""
    emails = [
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]
    if not emails:
        return []
    enrollments = []
    with transaction.atomic():
        pending = (
            CourseInvitation.objects.select_for_update(of=("self",))
            .annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails, accepted_at__isnull=True)
            .select_related("course", "section")
        )
        for invitation in pending:
            enrollments.append(
                enrollment_add(
                    course=invitation.course,
                    user=user,
                    role=invitation.role,
                    section=invitation.section,
                )
            )
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
    return enrollments


def section_regenerate_code(*, section: Section) -> Section:
    section.join_code = new_join_code()
    section.save(update_fields=["join_code"])
    return section
