"""AI tutor threads (E7): a student's questions about a course or one of its assignments.

A thread belongs to one student and is visible only to them (instructors see counts, never
the text). Each student message gets a tutor reply: a job row (``careercopilot.jobs``)
that starts queued and is written by the ``courses.tasks.ai_tutor_reply`` task (done, or
failed with a reason and a retry). The student's own messages are stored done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careercopilot.jobs.models import Job, JobState

from .assignments import Assignment
from .courses import Course


class TutorThread(models.Model):
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_threads"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="tutor_threads")
    assignment = models.ForeignKey(
        Assignment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tutor_threads",
        help_text="Empty for questions about the course as a whole.",
    )
    title = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["student", "course", "-updated_at"], name="tutor_thread_student"),
            models.Index(fields=["course", "student"], name="tutor_thread_course"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:tutor_thread", args=[self.pk])


class TutorMessage(Job):
    class Role(models.TextChoices):
        STUDENT = "user", "You"
        TUTOR = "assistant", "Tutor"

    class Kind(models.TextChoices):
        HINT = "hint", "Hint"
        QUESTION = "question", "Questions"
        REFUSAL = "refusal", "Not the answer"
        CLARIFICATION = "clarification", "Clarifying"

    thread = models.ForeignKey(TutorThread, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    text = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True)
    refused = models.BooleanField(default=False)
    follow_ups = models.JSONField(default=list, blank=True)
    criteria = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.DONE)
    engine = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="tutor_message_thread"),
            models.Index(fields=["role", "created_at"], name="tutor_message_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.get_state_display()}"


class TutorUsage(models.Model):
    """One row per question asked: the ledger the tutor's limits count. Deleting a thread
    deletes its messages, never these rows (only deleting the account does)."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutor_usage"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="tutor_usage")
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["student", "asked_at"], name="tutor_usage_student")]

    def __str__(self) -> str:
        return f"tutor question by {self.student_id} at {self.asked_at:%Y-%m-%d %H:%M}"
