"""One date format ("3 Dec 2026") and one date-and-time format ("3 Dec 2026, 14:05") on the
seeker's pages, in the seeker's own time zone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tracker.models import Status

from .factories import make_application, make_interview

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _render(text: str, **values) -> str:
    return Template("{% load dates %}" + text).render(Context(values))


def test_the_filters_give_one_format_each_in_the_active_zone():
    moment = dt.datetime(2026, 12, 4, 2, 5, tzinfo=UTC)
    with timezone.override("America/Los_Angeles"):
        assert _render("{{ m|moment }}", m=moment) == "3 Dec 2026, 18:05"
        assert _render("{{ m|day }}", m=moment) == "3 Dec 2026"
    assert _render("{{ d|day }}", d=dt.date(2026, 12, 3)) == "3 Dec 2026"
    assert _render("{{ d|moment }}", d=dt.date(2026, 12, 3)) == "3 Dec 2026"
    assert _render("{{ n|day|default:'Never' }} {{ n|moment|default:'-' }}", n=None) == "Never -"


def test_tracker_pages_show_dates_and_times_in_the_one_format(alice, alice_client):
    """Guards the three mixed formats ("2026-12-03", "Thu 3 Dec, 18:05", "Dec 3, 2026")."""
    alice.timezone = "America/Los_Angeles"
    alice.save(update_fields=["timezone"])
    app = make_application(
        alice,
        status=Status.APPLIED,
        applied_on=dt.date(2026, 11, 30),
        deadline=dt.date(2026, 12, 20),
    )
    make_interview(app, starts_at=dt.datetime(2099, 12, 4, 2, 5, tzinfo=UTC))

    table = alice_client.get(reverse("tracker:application_list")).content.decode()
    assert ">30 Nov 2026</time>" in table and "20 Dec 2026" in table
    assert "2026-11-30</time>" not in table

    detail = alice_client.get(app.get_absolute_url()).content.decode()
    assert "3 Dec 2099, 18:05" in detail  # 02:05 UTC on the 4th is the 3rd in Los Angeles
    interviews = alice_client.get(reverse("tracker:interview_list")).content.decode()
    assert "3 Dec 2099, 18:05" in interviews
