from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        """Used by ``createsuperuser``: the new user gets the ``admin`` role and a
        verified email address (whoever runs the command vouches for it), so they
        can sign in at once; the admin then asks them to set up MFA."""
        from .roles import Role
        from .services import user_email_mark_verified, user_set_roles

        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser.")
        user = self._create_user(email, password, **extra_fields)
        user_set_roles(user=user, roles=[Role.ADMIN])
        user_email_mark_verified(user=user)
        return user


class NotificationCategory(models.TextChoices):
    ACCOUNT = "account", "Account and security"
    TRACKER = "tracker", "Job search reminders"
    RESUMES = "resumes", "Resume and AI results"
    BILLING = "billing", "Billing"
    COURSES = "courses", "Courses and grades"


def default_email_categories() -> list[str]:
    return list(NotificationCategory.values)


class User(AbstractUser):
    """A person who signs in with an email address; roles are groups."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, blank=True)

    # Career profile (A4)
    headline = models.CharField(max_length=200, blank=True)
    target_roles = models.JSONField(default=list, blank=True)
    locations = models.JSONField(default=list, blank=True)
    skills = models.JSONField(default=list, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="USD", blank=True)
    timezone = models.CharField(max_length=64, default="UTC")

    # Notification preferences (A5): which categories also arrive by email.
    email_categories = models.JSONField(default=default_email_categories, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.display_name

    def wants_email_for(self, category: str) -> bool:
        return category in (self.email_categories or [])


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField(
        max_length=20, choices=NotificationCategory.choices, default=NotificationCategory.ACCOUNT
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # An email is owed (cleared once sent, or once the user no longer wants it): the
    # sweeper sends again the ones whose message the broker lost.
    email_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_pending=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# Profile skills with their sources (E12) live in their own module.


class OutboundEmail(models.Model):
    """A rendered email waiting for the worker. The task carries only this row's id, so
    sign-in links never travel through the broker or its logs; the row is deleted once
    the message is sent."""

    subject = models.CharField(max_length=998)
    body = models.TextField()
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list)
    headers = models.JSONField(default=dict)
    content_subtype = models.CharField(max_length=20, default="plain")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"email #{self.pk} to {len(self.to)} recipient(s)"


from .models_audit import AuditAction, AuditEvent  # noqa: E402, F401
from .models_privacy import DataExport, StoredObjectDeletion  # noqa: E402, F401
from .models_skills import ProfileSkill, SkillSource  # noqa: E402, F401
