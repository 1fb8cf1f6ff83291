"""Admin lists stay fast as rows grow: every list of the product's own admins paginates,
joins the related rows its columns show, and skips the second count of the whole table;
the main lists run the same number of queries at 2 rows as at 12."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from careercopilot.ai.accounting import AICall
from courses.models import CoursePost, ModerationStatus

from .conftest import staff_client
from .factories import hand_in, make_assignment, make_course, make_student

pytestmark = pytest.mark.django_db

PRODUCT_APPS = {"accounts", "billing", "careercopilot", "courses", "resumes", "tracker"}
PAGE = 50


def product_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if type(model_admin).__module__.split(".")[0] in PRODUCT_APPS
    ]


def related_columns(model, model_admin) -> list[str]:
    """The list's columns that are foreign keys (each would cost a query per row)."""
    names = []
    for name in model_admin.list_display:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a method or a property: not a field
            field = None
        if field is not None and field.is_relation and (field.many_to_one or field.one_to_one):
            names.append(name)
    return names


def test_every_product_admin_list_paginates_and_skips_the_full_count():
    """Guards the 1 s lists: 100 rows a page and a second COUNT(*) of the whole table."""
    slow = [
        f"{model._meta.label}: {model_admin.list_per_page} a page, full count "
        f"{model_admin.show_full_result_count}"
        for model, model_admin in product_admins()
        if model_admin.list_per_page > PAGE or model_admin.show_full_result_count
    ]
    assert slow == []


def test_every_product_admin_list_joins_the_related_rows_it_shows():
    """Guards one query per row for each foreign-key column."""
    missing = []
    for model, model_admin in product_admins():
        joined = model_admin.list_select_related
        if joined is True:
            continue
        for name in related_columns(model, model_admin):
            if not any(path == name or path.startswith(f"{name}__") for path in joined or ()):
                missing.append(f"{model._meta.label}.{name}")
    assert missing == []


@pytest.fixture
def superuser_client():
    return staff_client(UserFactory(roles=[Role.ADMIN]))


def add_course_rows(index: int) -> None:
    course = make_course(title=f"Course {index}", code=f"C-{index}")
    assignment = make_assignment(course, title=f"Essay {index}")
    student = make_student(course)
    hand_in(assignment, student)
    CoursePost.objects.create(
        course=course, author=student, body=f"Held {index}", status=ModerationStatus.PENDING
    )
    AICall.objects.create(user=student, feature="essay", engine="local", requested_engine="local")


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


MAIN_LISTS = [
    "admin:courses_submission_changelist",
    "admin:courses_assignment_changelist",
    "admin:courses_course_changelist",
    "admin:courses_coursepost_changelist",
    "admin:courses_enrollment_changelist",
    "admin:careercopilot_aicall_changelist",
    "admin:accounts_user_changelist",
]


@pytest.mark.parametrize("name", MAIN_LISTS)
def test_main_admin_lists_run_as_many_queries_at_12_rows_as_at_2(superuser_client, name):
    """Guards the main lists against a query per row as courses and submissions grow."""
    for index in range(2):
        add_course_rows(index)
    url = reverse(name)
    queries_for(superuser_client, url)  # warm caches (content types, sessions)
    few = queries_for(superuser_client, url)
    for index in range(2, 12):
        add_course_rows(index)
    assert queries_for(superuser_client, url) == few
