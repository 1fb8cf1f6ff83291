"""The board, table, detail and analytics pages cost the same queries at 10 and 1,000 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.models import Application

from .factories import bulk_applications, make_contact, make_interview

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _detail_url(user) -> str:
    app = Application.objects.filter(user=user).order_by("pk").first()
    for i in range(3):
        make_interview(app)
        make_contact(user, name=f"Contact {i}").applications.add(app)
    return reverse("tracker:application_detail", args=[app.pk])


@pytest.mark.parametrize(
    "url",
    [
        reverse("tracker:board"),
        reverse("tracker:application_list"),
        reverse("tracker:application_list") + "?page=last&sort=company",
        reverse("tracker:application_list") + "?q=engineer&status=applied&status=offer&tag=bulk",
        reverse("tracker:analytics") + "?preset=all",
        reverse("tracker:analytics"),
        reverse("tracker:reminders"),
        "detail",
    ],
)
def test_query_count_does_not_grow_with_the_number_of_applications(
    url, alice, bob, client, django_assert_max_num_queries
):
    client.force_login(alice)
    bulk_applications(alice, 10)
    small_url = _detail_url(alice) if url == "detail" else url
    small = _count(client, small_url)

    client.force_login(bob)
    bulk_applications(bob, 1000)
    big_url = _detail_url(bob) if url == "detail" else url
    with django_assert_max_num_queries(small):
        assert client.get(big_url).status_code == 200


def test_dashboard_reads_roles_preferences_and_checklist_once(alice, client):
    """The dashboard asks for the roles twice (landing page, checklist) and for the
    preferences three times (checklist, goal, follow-ups): one query each, and the
    checklist's four steps in one more."""
    client.force_login(alice)
    bulk_applications(alice, 10)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard")).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum('FROM "auth_group"' in q for q in sql) == 1
    assert sum('FROM "tracker_seekerpreferences"' in q for q in sql) == 2  # checklist, card
    assert sum('FROM "resumes_resume"' in q for q in sql) == 1
    assert len(sql) <= 10
