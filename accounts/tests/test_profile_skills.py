"""Profile skills with their sources (E12): canonical names, sources, badges, removal."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from accounts.models import ProfileSkill, SkillSource
from accounts.skills import (
    canonical_skill_name,
    profile_skill_remove,
    profile_skill_rows,
    profile_skills_add,
    skill_key,
)

pytestmark = pytest.mark.django_db


def test_aliases_share_one_key():
    assert canonical_skill_name("JS") == "JavaScript"
    assert skill_key("  reactjs ") == skill_key("React") == "react"
    assert canonical_skill_name("Underwater basket weaving") == "Underwater basket weaving"
    assert skill_key("Underwater  Basket weaving") == "underwater basket weaving"
    assert skill_key("") == ""


def test_adding_records_the_source_once(alice):
    alice.skills = ["SQL"]
    alice.save()
    created = profile_skills_add(
        user=alice,
        names=["JS", "sql", "JavaScript"],
        kind=SkillSource.COURSE,
        label="FE-1 · Front-end",
        course_id=7,
    )
    assert [row.name for row in created] == ["JavaScript", "SQL"]
    alice.refresh_from_db()
    assert alice.skills == ["SQL", "JavaScript"]  # SQL was there already: not twice
    again = profile_skills_add(user=alice, names=["javascript"], kind=SkillSource.COURSE)
    assert again == [] and ProfileSkill.objects.filter(user=alice).count() == 2
    with pytest.raises(IntegrityError):
        ProfileSkill.objects.create(user=alice, name="js")  # one row per skill and user


def test_removal_sticks(alice):
    profile_skills_add(user=alice, names=["Docker"], kind=SkillSource.COURSE, label="Ops")
    assert profile_skill_remove(user=alice, name="docker")
    alice.refresh_from_db()
    assert alice.skills == []
    assert ProfileSkill.objects.get(user=alice).removed_at is not None
    assert profile_skills_add(user=alice, names=["Docker"], kind=SkillSource.COURSE) == []
    alice.refresh_from_db()
    assert alice.skills == []
    assert not profile_skill_remove(user=alice, name="Docker")


def test_profile_page_shows_sources_and_removes_a_skill(alice, alice_client):
    alice.skills = ["Python"]
    alice.save()
    profile_skills_add(
        user=alice, names=["Kubernetes"], kind=SkillSource.COURSE, label="CN-1 · Cloud Native"
    )
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "From course CN-1 · Cloud Native," in html
    assert "Added by you" in html
    rows = profile_skill_rows(alice)
    assert [(r.name, r.kind) for r in rows] == [("Python", "self"), ("Kubernetes", "course")]

    url = reverse("accounts:profile_skill_remove")
    assert alice_client.get(url).status_code == 405
    response = alice_client.post(url, {"name": "Kubernetes"})
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    alice.refresh_from_db()
    assert alice.skills == ["Python"]
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert "Cloud Native" not in html


def test_removal_only_touches_my_profile(alice, bob, bob_client):
    alice.skills = ["Python"]
    alice.save()
    bob_client.post(reverse("accounts:profile_skill_remove"), {"name": "Python"})
    alice.refresh_from_db()
    assert alice.skills == ["Python"]


def test_removal_needs_sign_in_and_csrf(alice):
    url = reverse("accounts:profile_skill_remove")
    assert Client().post(url, {"name": "Python"}).status_code == 302  # to the login page
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(url, {"name": "Python"}).status_code == 403
