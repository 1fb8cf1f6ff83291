"""Skills on a profile with where each came from (E12).

``User.skills`` stays the one list of skills every feature reads (analyses, the
assistant, the dashboard). A ``ProfileSkill`` row records the source of one of them:
typed in by the user, earned by completing a course, or found in a resume. One row per
user and skill (compared by canonical name, so "JS" and "JavaScript" are one skill).

A removed skill keeps its row with ``removed_at`` set, so a later grade release in the
same course does not quietly put back what the user took off their profile.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SkillSource(models.TextChoices):
    SELF = "self", "Added by you"
    COURSE = "course", "From a course"
    RESUME = "resume", "From your resume"


class ProfileSkill(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_skills"
    )
    name = models.CharField(max_length=80)
    name_normalized = models.CharField(max_length=80, editable=False)
    source_kind = models.CharField(
        max_length=10, choices=SkillSource.choices, default=SkillSource.SELF
    )
    source_label = models.CharField(
        max_length=200, blank=True, help_text="What the source was called then, e.g. the course."
    )
    # A plain id, not a foreign key: the record of where a skill came from outlives the
    # course, and accounts does not depend on the courses app.
    source_course_id = models.PositiveBigIntegerField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name_normalized"], name="profile_skill_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_source_kind_display()})"

    def save(self, *args, **kwargs):
        from .skills import skill_key

        self.name = " ".join(self.name.split())[:80]
        self.name_normalized = skill_key(self.name)[:80]
        super().save(*args, **kwargs)

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
