"""A GET in the admin never changes data: every admin route, opened by a superuser on a
world with rows in every app, leaves every table as it was."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from courses.models import Rubric
from courses.tests.factories import make_rubric

from .conftest import signed_in
from .urlwalk import routes

pytestmark = pytest.mark.django_db

# Tables a GET may touch by design: the session (messages, sign-in state).
VOLATILE = {"django_session", "usersessions_usersession"}


# dj-stripe's "custom action" form is reached by POST from a change list; opened by GET
# it fails in dj-stripe's own template, and it writes nothing.
SKIPPED = {"admin:logout", "admin:login", "admin:djstripe_custom_action"}


def _writes() -> dict[str, int]:
    """Rows inserted, updated or deleted per table in this transaction (PostgreSQL's own
    statistics), so one query sees a write anywhere."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {name: n for name, n in cursor.fetchall() if name not in VOLATILE and n}


def _object_for(route_name: str):
    """The row an admin route names: `admin:<app>_<model>_<view>`."""
    name = route_name.removeprefix("admin:")
    for model in apps.get_models():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model._default_manager.order_by("pk").first()
    return None


@pytest.fixture(autouse=True)
def _admin_without_mfa(settings):
    settings.ADMIN_REQUIRES_MFA = False  # the MFA gate has its own tests (test_admin_mfa.py)


def test_no_admin_get_changes_a_row(alice, world):
    alice.is_staff = alice.is_superuser = True
    alice.save(update_fields=["is_staff", "is_superuser"])
    for attribute in (
        "application",
        "contact",
        "interview",
        "letter",
        "course",
        "assignment",
        "submission_file",
        "post",
        "peer_review",
        "notification",
    ):
        getattr(world, attribute)
    make_rubric(world.course)
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's per-transaction write statistics")
    client = signed_in(alice)
    before = _writes()
    failures, opened = [], 0
    for route in routes():
        if not route.is_admin or route.name in SKIPPED:
            continue
        row = _object_for(route.name)
        values = {
            "object_id": row.pk if row else world.application.pk,
            "pk": row.pk if row else world.course.pk,
            "student_id": world.submission_file.submission.student_id,
            "number": 1,
            "page": 1,
            "content_type_id": ContentType.objects.get_for_model(world.application).pk,
        }
        url = route.url(values)
        response = client.get(url)
        opened += response.status_code == 200
        if response.status_code >= 500:
            failures.append(f"GET {url}: {response.status_code}")
        after = _writes()
        if after != before:
            changed = sorted(k for k in after if after[k] != before.get(k))
            failures.append(f"GET {url} changed {', '.join(changed)}")
            before = after
    assert opened > 100, "the walk opened the admin's pages"
    assert not failures, "\n".join(failures)


def test_duplicating_a_rubric_asks_on_get_and_copies_on_post(alice, world):
    alice.is_staff = alice.is_superuser = True
    alice.save(update_fields=["is_staff", "is_superuser"])
    rubric = make_rubric(world.course)
    client = signed_in(alice)
    url = reverse("admin:courses_rubric_duplicate", args=[rubric.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Make a copy" in page.content.decode()
    assert Rubric.objects.count() == 1  # nothing copied on GET

    done = client.post(url)
    assert done.status_code == 302
    assert Rubric.objects.count() == 2
