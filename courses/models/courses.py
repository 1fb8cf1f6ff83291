"""Course → Section → Enrollment (E1), plus invitations for people without an account yet."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

# No 0/O or 1/I/L: codes are read aloud and typed from slides.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """What a student typed, as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def format_join_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == JOIN_CODE_LENGTH else code


class CourseRole(models.TextChoices):
    STUDENT = "student", "Student"
    TA = "ta", "Teaching assistant"
    INSTRUCTOR = "instructor", "Instructor"


# Course roles that teach: they reach the course in the admin.
TEACHING_ROLES: frozenset[str] = frozenset({CourseRole.TA, CourseRole.INSTRUCTOR})


class Course(models.Model):
    title = models.CharField(max_length=200)
    code = models.CharField(
        max_length=32, help_text="A short code shown to students, for example CAR-101."
    )
    description = models.TextField(
        blank=True, help_text="Shown on the course page. Formatting is kept, scripts are removed."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    archived_at = models.DateTimeField(
        null=True, blank=True, help_text="Archived courses leave students' course lists."
    )
    # Skill gaps to courses (E12): what the course teaches. Resume analyses link missing
    # skills to it, and completing it adds these skills to the student's profile.
    skills = models.ManyToManyField(
        "courses.Skill",
        blank=True,
        related_name="courses",
        help_text="What the course teaches. Completing it adds these to a student's profile.",
    )
    captions_required = models.BooleanField(
        "require captions on videos",
        default=False,
        help_text="A video's grade is released only once the video has a WebVTT caption track.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}" if self.code else self.title

    def save(self, *args, **kwargs):
        from ..richtext import sanitise

        self.description = sanitise(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("courses:detail", args=[self.pk])


class Section(models.Model):
    """A group of students in a course, with its own join code."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(max_length=100)
    join_code = models.CharField(
        max_length=16,
        unique=True,
        default=new_join_code,
        help_text="Students type this code to join this section.",
    )
    join_enabled = models.BooleanField(
        default=True, help_text="Turn off to stop new students joining with the code."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["course_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="section_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.course.code or self.course.title} · {self.name}"

    @property
    def join_code_display(self) -> str:
        return format_join_code(self.join_code)


class Enrollment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
        help_text="Students belong to a section; teaching staff may leave it empty.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_enrollments"
    )
    role = models.CharField(max_length=16, choices=CourseRole, default=CourseRole.STUDENT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["course_id", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="enrollment_unique_user"),
        ]
        indexes = [
            models.Index(fields=["user", "role"], name="enrollment_user_role"),
            models.Index(fields=["course", "role"], name="enrollment_course_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.course} ({self.get_role_display()})"


class CourseInvitation(models.Model):
    """An enrolment waiting for someone who has no account yet; redeemed when they
    confirm that email address."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="invitations")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=CourseRole, default=CourseRole.STUDENT)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "course", Lower("email"), name="invitation_unique_course_email"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.course}"
