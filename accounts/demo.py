"""Demo users, one per role (F6), for ``manage.py seed_demo``.

Every login here is public on purpose: the passwords and the TOTP secret are printed
by ``seed_demo`` and listed in the README. ``seed_demo`` refuses to run in production.

Staff demo users (instructor, admin) have an authenticator app registered with
``DEMO_TOTP_SECRET`` so they can pass the admin's MFA requirement: add the secret to
any authenticator app, or print the current code with
``python manage.py demo_totp_code admin@demo.careercopilot.dev``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt, encrypt
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse

from .models import NotificationCategory, User
from .roles import STAFF_ROLES, Role
from .services import notify, user_email_mark_verified, user_profile_update, user_set_roles

DEMO_DOMAIN = "demo.careercopilot.dev"
# Base32, 32 characters (160 bits) like the secrets allauth generates. Public: demo only.
DEMO_TOTP_SECRET = "CAREERCOPILOTDEMOTOTPSECRET23456"  # noqa: S105 (public demo secret)


# The demo seeker's career profile, so matches and reminders have something to work with.
DEMO_SEEKER_PROFILE = {
    "target_roles": ["Analytics Engineer", "Senior Data Analyst"],
    "locations": ["Remote", "Chicago, IL"],
    "skills": ["SQL", "Python", "dbt", "Tableau", "Airflow", "Snowflake"],
    "salary_min": 110000,
    "salary_max": 140000,
    "salary_currency": "USD",
    "timezone": "America/Chicago",
}


@dataclass(frozen=True)
class DemoUser:
    role: str
    name: str
    headline: str
    password: str

    @property
    def email(self) -> str:
        return f"{self.role}@{DEMO_DOMAIN}"

    @property
    def has_totp(self) -> bool:
        return self.role in STAFF_ROLES


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        Role.SEEKER,
        "Sam Rivera",
        "Data analyst moving into analytics engineering",
        "demo-seeker-2026!",
    ),
    DemoUser(Role.STUDENT, "Priya Shah", "Career bootcamp student", "demo-student-2026!"),
    DemoUser(Role.INSTRUCTOR, "Marcus Lee", "Career coach", "demo-instructor-2026!"),
    DemoUser(Role.ADMIN, "Avery Brooks", "Site administrator", "demo-admin-2026!"),
)


def is_demo_email(email: str) -> bool:
    return email.strip().lower().endswith(f"@{DEMO_DOMAIN}")


def _ensure_totp(user: User) -> None:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        TOTP.activate(user, DEMO_TOTP_SECRET)
    elif decrypt(authenticator.data["secret"]) != DEMO_TOTP_SECRET:
        authenticator.data["secret"] = encrypt(DEMO_TOTP_SECRET)
        authenticator.save(update_fields=["data"])
    RecoveryCodes.activate(user)


def _first_notifications(user: User) -> None:
    notify(
        user=user,
        title="Welcome to Career Copilot",
        body="Your profile drives every analysis. Check your target roles and skills.",
        url=reverse("accounts:profile"),
        category=NotificationCategory.ACCOUNT,
        send_email=False,
    )
    notify(
        user=user,
        title="Set a weekly application goal",
        body="People who set a goal apply more steadily. Five a week is a good start.",
        category=NotificationCategory.TRACKER,
        send_email=False,
    )


@transaction.atomic
def seed_users(*, log: Callable[[str], None] = lambda line: None) -> dict[str, User]:
    """Create or refresh the demo users; returns them by role. Idempotent: passwords,
    roles, verified emails and TOTP are reset to the documented values on every run,
    sample notifications are added only when a user is first created."""
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        user = User.objects.filter(email__iexact=demo.email).first()
        created = user is None
        if created:
            user = User(email=demo.email)
        validate_password(demo.password, user)
        user.set_password(demo.password)
        user.is_active = True
        user.save()
        if created:
            profile = DEMO_SEEKER_PROFILE if demo.role == Role.SEEKER else {}
            user_profile_update(user=user, name=demo.name, headline=demo.headline, **profile)
        user_set_roles(user=user, roles=[demo.role])
        user_email_mark_verified(user=user)
        if demo.has_totp:
            _ensure_totp(user)
        if created and demo.role == Role.SEEKER:
            _first_notifications(user)
        log(f"{'created' if created else 'updated'} {demo.email}")
        users[demo.role] = user
    return users
