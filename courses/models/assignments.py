"""Assignments (E2): instructions, attachments, late policy, rubric and skill tags."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from ..policy import points_text
from ..richtext import sanitise
from .courses import Course

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Skill(models.Model):
    """A skill tag shared across courses; resume analyses link missing skills to
    assignments tagged with them (E12)."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=90, unique=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="skill_unique_name_ci")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.slug = slugify(self.name)[:90] or uuid.uuid4().hex[:12]
        super().save(*args, **kwargs)


class Rubric(models.Model):
    """Criteria with levels. A course's rubrics can be reused by any of its assignments
    (and duplicated into another course)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="rubrics")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course_id", "title", "id"]

    def __str__(self) -> str:
        return self.title


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["rubric_id", "position", "id"]
        verbose_name_plural = "rubric criteria"

    def __str__(self) -> str:
        return self.title


class RubricLevel(models.Model):
    """One cell of the rubric: a rating of a criterion worth ``points``."""

    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    points = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["criterion_id", "position", "-points", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({points_text(self.points)})"


def attachment_upload_to(instance: AssignmentAttachment, filename: str) -> str:
    return f"courses/attachments/{instance.assignment.course_id}/{uuid.uuid4().hex}"


class Assignment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200)
    instructions = models.TextField(
        blank=True, help_text="Formatting and links are kept; scripts and styles are removed."
    )
    points_possible = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    allow_text = models.BooleanField("essay text", default=True)
    allow_file = models.BooleanField("file upload", default=False)
    allow_video = models.BooleanField("video", default=False)
    video_self_reflection = models.BooleanField(
        "self-reflection first",
        default=False,
        help_text="After handing in a video, the student comments on it before staff see it.",
    )
    due_at = models.DateTimeField("due")
    cutoff_at = models.DateTimeField(
        "cut-off",
        null=True,
        blank=True,
        help_text="No submissions after this moment. Empty: late work is accepted any time.",
    )
    late_penalty_percent = models.DecimalField(
        "late penalty per day (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT,
        help_text="Percent of the points possible taken off for each started day late.",
    )
    late_penalty_floor_percent = models.DecimalField(
        "lowest grade after penalty (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=PERCENT,
        help_text="The late penalty never takes a grade below this percent of the points.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Empty: unlimited resubmissions until the cut-off.",
    )
    rubric = models.ForeignKey(
        Rubric, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="assignments")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Orders assignments that are due at the same time."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the "new assignment" notifications went out, so they go out once.
    publish_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course_id", "due_at", "position", "id"]
        indexes = [
            models.Index(fields=["course", "published_at"], name="assignment_course_published"),
            models.Index(fields=["due_at"], name="assignment_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(allow_text=True)
                | models.Q(allow_file=True)
                | models.Q(allow_video=True),
                name="assignment_some_submission_type",
            ),
            models.CheckConstraint(
                condition=models.Q(cutoff_at__isnull=True)
                | models.Q(cutoff_at__gte=models.F("due_at")),
                name="assignment_cutoff_after_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.instructions = sanitise(self.instructions)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("courses:assignment", args=[self.course_id, self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def submission_types(self) -> list[str]:
        labels = []
        for field in ("allow_text", "allow_file", "allow_video"):
            if getattr(self, field):
                labels.append(str(self._meta.get_field(field).verbose_name))
        return labels

    def clean(self) -> None:
        errors = {}
        if not (self.allow_text or self.allow_file or self.allow_video):
            errors["allow_text"] = "Allow at least one kind of submission."
        if self.cutoff_at and self.due_at and self.cutoff_at < self.due_at:
            errors["cutoff_at"] = "The cut-off cannot be before the due date."
        if self.rubric_id and self.course_id and self.rubric.course_id != self.course_id:
            errors["rubric"] = "Pick a rubric of this course (duplicate it to reuse it here)."
        if errors:
            raise ValidationError(errors)


class AssignmentAttachment(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=300)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["assignment_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename or self.file.name.rsplit("/", 1)[-1]
