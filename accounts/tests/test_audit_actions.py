"""The audit log records the sensitive actions outside sign-in, each driven through the
page that performs it: API tokens, plan grants by an admin, grade release and changes
after release, and moderation decisions."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.audit import AuditAction, AuditEvent
from accounts.roles import Role
from billing.models import BillingAccount
from courses.models import CoursePost, ModerationStatus, Submission
from courses.tests.factories import (
    hand_in,
    make_assignment,
    make_course,
    make_instructor,
    make_rubric,
    make_student,
)
from tracker.models import ApiToken

from .factories import UserFactory

pytestmark = pytest.mark.django_db

IP = "203.0.113.40"


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def staff_client(user) -> Client:
    TOTP.activate(user, pyotp.random_base32())  # staff pages require MFA
    client = Client(REMOTE_ADDR=IP)
    client.force_login(user)
    return client


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- API tokens -------------------------------------------------------------------------


def test_creating_and_revoking_a_token_is_recorded_without_its_secret(alice):
    """Guards the token events: the name is kept, the secret (and its hint) never."""
    client = Client(REMOTE_ADDR=IP)
    client.force_login(alice)
    response = client.post(reverse("tracker:token_create"), {"name": "Chrome extension"})
    token = ApiToken.objects.get(user=alice)
    raw = re.search(r'value="(cct_[^"]+)"', response.content.decode()).group(1)
    client.post(reverse("tracker:token_revoke", args=[token.pk]))
    client.post(reverse("tracker:token_revoke", args=[token.pk]))  # already revoked

    [created] = events(AuditAction.TOKEN_CREATED)
    [revoked] = events(AuditAction.TOKEN_REVOKED)
    for event in (created, revoked):
        assert event.actor == alice and event.subject == alice and event.ip == IP
        assert (event.object_type, event.object_id) == ("tracker.apitoken", str(token.pk))
        assert event.object_repr == "Chrome extension"
    stored = str(list(AuditEvent.objects.values_list("detail", "object_repr", "object_id")))
    assert len(raw) > 20 and raw not in stored and token.hint not in stored


# --- Plans granted by an admin ---------------------------------------------------------------


@pytest.fixture
def root(db):
    return UserFactory(email="root@example.com", roles=[Role.ADMIN])


def test_admin_grant_and_revoke_actions_are_recorded_with_the_admin_as_actor(root, alice):
    """Guards plan changes by an admin from the account list's actions."""
    account = BillingAccount.objects.create(user=alice)
    client = staff_client(root)
    url = reverse("admin:billing_billingaccount_changelist")
    client.post(url, {"action": "grant_pro", "_selected_action": [account.pk]})
    client.post(url, {"action": "revoke_grant", "_selected_action": [account.pk]})

    granted, revoked = events(AuditAction.PLAN_CHANGED_BY_ADMIN)
    for event in (granted, revoked):
        assert event.actor == root and event.subject == alice and event.ip == IP
        assert event.object_type == "billing.billingaccount"
        assert event.object_id == str(account.pk)
    assert granted.detail["plan"] == "pro" and "until" in granted.detail
    assert revoked.detail == {"revoked": True}


def test_a_grant_typed_into_the_account_form_is_recorded(root, alice):
    client = staff_client(root)
    until = timezone.now() + dt.timedelta(days=14)
    response = client.post(
        reverse("admin:billing_billingaccount_add"),
        {
            "user": alice.pk,
            "granted_plan": "premium",
            "granted_until_0": until.strftime("%Y-%m-%d"),
            "granted_until_1": until.strftime("%H:%M:%S"),
            "granted_note": "Scholarship",
        },
    )
    assert response.status_code == 302

    [event] = events(AuditAction.PLAN_CHANGED_BY_ADMIN)
    assert event.actor == root and event.subject == alice and event.detail["plan"] == "premium"
    account = BillingAccount.objects.get(user=alice)
    change = reverse("admin:billing_billingaccount_change", args=[account.pk])
    form = {
        "user": alice.pk,
        "granted_plan": "premium",
        "granted_until_0": until.strftime("%Y-%m-%d"),
        "granted_until_1": until.strftime("%H:%M:%S"),
        "granted_note": "Scholarship, renewed",
    }
    client.post(change, form)  # only the note changed: not a plan change
    assert len(events(AuditAction.PLAN_CHANGED_BY_ADMIN)) == 1


# --- Grades ---------------------------------------------------------------------------------


@pytest.fixture
def teaching(db):
    instructor = make_instructor(email="coach@example.com", name="Casey Coach")
    course = make_course(instructor)
    student = make_student(course, email="stu@example.com", name="Sam Student")
    assignment = make_assignment(course, rubric=make_rubric(course))
    hand_in(assignment, student, "My essay")
    return instructor, course, student, assignment


def grade_url(assignment, student):
    return reverse("admin:courses_assignment_grade", args=[assignment.pk, student.pk])


def test_releasing_grades_and_changing_a_released_grade_are_recorded(teaching, run_on_commit):
    """Guards grade_released (one per student) and grade_changed_after_release (with the
    scores before and after); grading before release is not an audit event."""
    instructor, course, student, assignment = teaching
    other = make_student(course, email="other@example.com", name="Olly Other")
    hand_in(assignment, other, "Their essay")
    client = staff_client(instructor)
    for person in (student, other):
        client.post(grade_url(assignment, person), {"score": "15", "go": "stay"})
    assert not AuditEvent.objects.filter(action__startswith="grade").exists()

    with run_on_commit():
        client.post(
            reverse("admin:courses_assignment_grading", args=[assignment.pk]),
            {"action": "release_all"},
        )
    released = events(AuditAction.GRADE_RELEASED)
    assert {e.subject for e in released} == {student, other}
    submission = Submission.objects.get(student=student)
    mine = next(e for e in released if e.subject == student)
    assert mine.actor == instructor and mine.ip == IP
    assert (mine.object_type, mine.object_id) == ("courses.submission", str(submission.pk))
    assert student.email not in mine.object_repr

    client.post(grade_url(assignment, student), {"score": "12", "feedback": "Fixed", "go": "stay"})

    [changed] = events(AuditAction.GRADE_CHANGED_AFTER_RELEASE)
    assert changed.actor == instructor and changed.subject == student and changed.ip == IP
    assert changed.detail == {
        "score_before": "15.00",
        "score_after": "12.00",
        "feedback_changed": True,
    }


# --- Moderation ------------------------------------------------------------------------------


def test_moderation_decisions_in_the_queue_are_recorded(teaching):
    """Guards moderation_decision for approve and remove, with the author as subject."""
    instructor, course, student, _ = teaching
    held = CoursePost.objects.create(
        course=course, author=student, body="you are an idiot", status=ModerationStatus.PENDING
    )
    fine = CoursePost.objects.create(
        course=course, author=student, body="borderline", status=ModerationStatus.PENDING
    )
    client = staff_client(instructor)
    url = reverse("admin:courses_coursepost_changelist")
    client.post(url, {"action": "remove_selected", "_selected_action": [held.pk]})
    client.post(url, {"action": "approve_selected", "_selected_action": [fine.pk]})

    removed, approved = events(AuditAction.MODERATION_DECISION)
    assert removed.detail["decision"] == "removed" and removed.object_id == str(held.pk)
    assert approved.detail == {"decision": "approved"} and approved.object_id == str(fine.pk)
    for event in (removed, approved):
        assert event.actor == instructor and event.subject == student and event.ip == IP
        assert event.object_type == "courses.coursepost"
        assert "idiot" not in event.object_repr


def test_grade_and_moderation_events_are_not_on_the_students_security_card(teaching, run_on_commit):
    instructor, course, student, assignment = teaching
    client = staff_client(instructor)
    with run_on_commit():
        client.post(grade_url(assignment, student), {"score": "9", "release": "on", "go": "stay"})
    assert events(AuditAction.GRADE_RELEASED)

    student_client = Client()
    student_client.force_login(student)
    html = student_client.get(reverse("accounts:profile")).content.decode()
    assert "Grade released" not in html
