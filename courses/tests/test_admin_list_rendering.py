"""Admin change lists render each row without re-rendering headers and checkbox widgets
(careercopilot/admin_rendering.py), byte for byte as Unfold renders them, and the
sidebar lists what the admin index lists."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from unfold import admin as unfold_admin
from unfold import utils as unfold_utils
from unfold.templatetags import unfold_list

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from careercopilot import admin_rendering
from careercopilot.admin_sidebar import navigation
from careercopilot.ai.accounting import AICall
from courses.models import CoursePost, ModerationStatus

from .conftest import staff_client
from .factories import hand_in, make_assignment, make_course, make_student

pytestmark = pytest.mark.django_db

LISTS = [
    "admin:courses_submission_changelist",
    "admin:courses_coursepost_changelist",
    "admin:careercopilot_aicall_changelist",
    "admin:accounts_user_changelist",
]


# Templates Unfold renders from Python for each row (the row's own markup aside).
PER_ROW = (
    "django/forms/widgets/",
    "unfold/helpers/display_label.html",
    "unfold/helpers/label.html",
    "unfold/helpers/boolean.html",
)


@pytest.fixture
def superuser():
    return UserFactory(roles=[Role.ADMIN])


def add_rows(count: int, start: int = 0) -> None:
    for index in range(start, start + count):
        course = make_course(title=f"Course {index}", code=f"R-{index}")
        student = make_student(course)
        hand_in(make_assignment(course, title=f"Essay {index}"), student)
        CoursePost.objects.create(
            course=course, author=student, body=f"Held {index}", status=ModerationStatus.PENDING
        )
        AICall.objects.create(
            user=student, feature="essay", engine="local", requested_engine="local"
        )


def unfolds_own(monkeypatch) -> None:
    """Unfold's own rendering, as it is without careercopilot/admin_rendering.py."""
    monkeypatch.setattr(unfold_list, "result_headers", admin_rendering._result_headers)
    monkeypatch.setattr(
        unfold_admin.ModelAdmin, "action_checkbox", admin_rendering._action_checkbox
    )
    monkeypatch.setattr(unfold_list, "display_for_label", admin_rendering._display_for_label)
    monkeypatch.setattr(unfold_utils, "_boolean_icon", admin_rendering._boolean_icon)


def table(html: str) -> str:
    match = re.search(r'<table id="result_list".*?</table>', html, re.S)
    assert match, "no result list"
    return match.group(0)


@pytest.mark.parametrize("name", LISTS)
def test_rows_are_the_same_as_unfold_renders_them(superuser, monkeypatch, name):
    """Guards the faster rows against changing what the list shows."""
    add_rows(3)
    client = staff_client(superuser)
    faster = table(client.get(reverse(name)).content.decode())
    unfolds_own(monkeypatch)
    assert faster == table(client.get(reverse(name)).content.decode())
    assert faster.count('name="_selected_action"') >= 3


def test_templates_rendered_do_not_grow_with_the_rows(superuser, monkeypatch):
    """Guards the templates rendered again for every row: the headers with their
    checkbox, the row's checkbox, its status label and its yes/no icon (most of a list
    page's time)."""
    client = staff_client(superuser)
    url = reverse("admin:courses_submission_changelist")

    def renders() -> int:
        names = [template.name for template in client.get(url).templates]
        return sum(1 for name in names if name.startswith(PER_ROW))

    add_rows(2)
    renders()
    few = renders()
    add_rows(10, start=2)
    assert renders() == few
    unfolds_own(monkeypatch)
    assert renders() >= few + 4 * 10


@pytest.mark.parametrize("role", ["admin", "instructor"])
def test_the_sidebar_lists_what_the_admin_index_lists(role, course):
    """Guards the sidebar against hiding or adding an app or a model."""
    user = UserFactory(roles=[Role.ADMIN]) if role == "admin" else course.created_by
    request = RequestFactory().get("/admin/")
    request.user = user
    expected = [
        (str(app["name"]), [(str(m["name"]), m["admin_url"]) for m in app["models"]])
        for app in admin.site.get_app_list(request)
    ]
    expected = [
        (name, [(title, link) for title, link in models if link])
        for name, models in expected
        if any(link for _, link in models)
    ]
    got = [
        (str(group["title"]), [(str(item["title"]), item["link"]) for item in group["items"]])
        for group in navigation(request)
    ]
    assert got == expected
    assert any(
        link == reverse("admin:courses_coursepost_changelist")
        for _, items in got
        for _, link in items
    )
