"""Profile skills and their sources (E12): naming, adding, removing, reading.

Skill names are compared by their canonical form in the skills taxonomy, the one the
resume analysis uses, so an alias ("JS", "ReactJS", "Postgres") is the same skill as its
canonical name ("JavaScript", "React", "PostgreSQL"). A name the taxonomy does not know
is compared by its text, ignoring case and spacing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from .models import ProfileSkill, SkillSource, User

__all__ = [
    "ProfileSkillRow",
    "canonical_skill_name",
    "profile_skill_remove",
    "profile_skill_rows",
    "profile_skills_add",
    "skill_key",
]


def _clean(name: str) -> str:
    return " ".join((name or "").split())


@lru_cache(maxsize=4096)
def canonical_skill_name(name: str) -> str:
    """The taxonomy's name for ``name`` when the whole text names one skill, else the
    text itself (tidied)."""
    text = _clean(name)
    if not text:
        return ""
    from careercopilot.ai.local.taxonomy import taxonomy
    from careercopilot.ai.local.text import tokens

    mentions = taxonomy().mentions(text)
    if len(mentions) == 1 and tokens(mentions[0].surface) == tokens(text):
        return mentions[0].skill
    return text


def skill_key(name: str) -> str:
    """What two names of one skill have in common: the canonical name, case-folded."""
    return canonical_skill_name(name).casefold()


@dataclass(frozen=True)
class ProfileSkillRow:
    """One skill of the profile as the page shows it: the name and, when known, its source."""

    name: str
    source: ProfileSkill | None

    @property
    def kind(self) -> str:
        return self.source.source_kind if self.source else SkillSource.SELF


def profile_skill_rows(user: User) -> list[ProfileSkillRow]:
    """The user's skills in their order, each with its recorded source (one query)."""
    sources = {
        row.name_normalized: row
        for row in ProfileSkill.objects.filter(user=user, removed_at__isnull=True)
    }
    rows, seen = [], set()
    for name in user.skills or []:
        key = skill_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        rows.append(ProfileSkillRow(name=name, source=sources.get(key)))
    return rows


@transaction.atomic
def profile_skills_add(
    *,
    user: User,
    names: Iterable[str],
    kind: str,
    label: str = "",
    course_id: int | None = None,
    at: dt.datetime | None = None,
) -> list[ProfileSkill]:
    """Put ``names`` on the user's profile with their source; returns the new records.

    Idempotent: a skill that already has a source record (even a removed one) is left
    as it is. A skill the user typed in themselves gets the source recorded, so their
    profile shows it was confirmed by, for example, a course.
    """
    if kind not in SkillSource.values:
        raise ValueError(f"Unknown skill source: {kind}")
    at = at or timezone.now()
    locked = User.objects.select_for_update().only("pk", "skills").get(pk=user.pk)
    recorded = set(
        ProfileSkill.objects.filter(user=locked).values_list("name_normalized", flat=True)
    )
    on_profile = {skill_key(name) for name in locked.skills or []}
    skills = list(locked.skills or [])
    created = []
    for raw in names:
        name = canonical_skill_name(raw)[:80]
        key = skill_key(name)
        if not key or key in recorded:
            continue
        recorded.add(key)
        created.append(
            ProfileSkill.objects.create(
                user=locked,
                name=name,
                source_kind=kind,
                source_label=label[:200],
                source_course_id=course_id,
                added_at=at,
            )
        )
        if key not in on_profile:
            on_profile.add(key)
            skills.append(name)
    if skills != (locked.skills or []):
        User.objects.filter(pk=locked.pk).update(skills=skills)
        user.skills = skills
    return created


@transaction.atomic
def profile_skill_remove(*, user: User, name: str, at: dt.datetime | None = None) -> bool:
    """Take a skill off the profile. Its source record stays, marked removed, so the same
    source never adds it back. Returns whether anything was on the profile."""
    key = skill_key(name)
    if not key:
        return False
    locked = User.objects.select_for_update().only("pk", "skills").get(pk=user.pk)
    before = list(locked.skills or [])
    after = [skill for skill in before if skill_key(skill) != key]
    changed = ProfileSkill.objects.filter(
        user=locked, name_normalized=key, removed_at__isnull=True
    ).update(removed_at=at or timezone.now())
    if after != before:
        User.objects.filter(pk=locked.pk).update(skills=after)
        user.skills = after
    return bool(changed) or after != before
