"""Analytics numbers against hand-computed fixtures."""

import datetime as dt

import pytest
from django.utils import timezone

from tracker import services
from tracker.models import Status
from tracker.selectors.analytics import analytics_for_user

from .factories import make_application

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 9, 7)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def sent(user, day, *, source="LinkedIn", moves=(), **data):
    app = make_application(
        user, status=Status.APPLIED, at=at(day), applied_on=day, source=source, **data
    )
    for to_status, days_later in moves:
        services.application_move(
            application=app, to_status=to_status, at=at(day + dt.timedelta(days=days_later))
        )
    return app


@pytest.fixture
def history(alice):
    # Monday: 3 sent. One rejected after 2 days, one phone screen after 4 days then offer.
    sent(alice, MONDAY, moves=[(Status.REJECTED, 2)])
    sent(alice, MONDAY, moves=[(Status.PHONE_SCREEN, 4), (Status.TECHNICAL, 6), (Status.OFFER, 9)])
    sent(alice, MONDAY, source="Referral", moves=[(Status.GHOSTED, 20)])
    # Wednesday next week: 2 sent via referral, one phone screen after 10 days.
    sent(alice, MONDAY + dt.timedelta(days=9), source="Referral", moves=[(Status.PHONE_SCREEN, 10)])
    sent(alice, MONDAY + dt.timedelta(days=9), source="Referral")
    # Saved, never sent.
    make_application(alice, status=Status.SAVED, at=at(MONDAY))
    return alice


def test_totals_rates_and_funnel(history):
    result = analytics_for_user(
        history, start=MONDAY - dt.timedelta(days=1), end=MONDAY + dt.timedelta(days=30)
    )
    assert (result.total, result.sent, result.responded, result.interviewed, result.offered) == (
        6,
        5,
        3,
        2,
        1,
    )
    assert result.response_rate == 60.0
    assert result.interview_rate == 40.0
    assert result.offer_rate == 20.0
    assert [row["count"] for row in result.funnel] == [5, 2, 1]


def test_status_distribution_counts_current_statuses(history):
    result = analytics_for_user(history, start=None, end=None)
    counts = {row["status"]: row["count"] for row in result.status_distribution}
    assert counts[Status.SAVED] == 1
    assert counts[Status.OFFER] == 1
    assert counts[Status.REJECTED] == 1
    assert counts[Status.GHOSTED] == 1
    assert counts[Status.PHONE_SCREEN] == 1
    assert counts[Status.APPLIED] == 1
    assert sum(counts.values()) == 6


def test_median_time_to_first_response(history):
    # Waits: 2, 4 and 10 days -> median 4.
    result = analytics_for_user(history, start=None, end=None)
    assert result.answered == 3
    assert result.median_days_to_response == 4.0


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(alice):
    sent(alice, MONDAY, moves=[(Status.REJECTED, 2)])
    sent(alice, MONDAY, moves=[(Status.REJECTED, 5)])
    assert analytics_for_user(alice, start=None, end=None).median_days_to_response == 3.5


def test_weekly_volume_fills_empty_weeks(history):
    result = analytics_for_user(history, start=MONDAY, end=MONDAY + dt.timedelta(days=20))
    assert [(row["week"], row["count"]) for row in result.weekly] == [
        (MONDAY, 3),
        (MONDAY + dt.timedelta(weeks=1), 2),
        (MONDAY + dt.timedelta(weeks=2), 0),
    ]


def test_source_effectiveness(history):
    result = analytics_for_user(history, start=None, end=None)
    by_source = {row["source"]: row for row in result.sources}
    assert by_source["LinkedIn"]["sent"] == 2
    assert by_source["LinkedIn"]["interview_rate"] == 50.0
    assert by_source["Referral"]["sent"] == 3
    assert by_source["Referral"]["responded"] == 1
    assert by_source["Referral"]["response_rate"] == 33.3


def test_best_weekday_needs_enough_applications(history):
    result = analytics_for_user(history, start=None, end=None)
    monday = result.weekdays[0]
    assert (monday["sent"], monday["responded"]) == (3, 2)
    # Wednesday has only 2 sent, below the minimum of 3, so Monday wins.
    assert result.best_weekday["name"] == "Monday"


def test_date_range_filters_by_applied_date(history):
    result = analytics_for_user(history, start=MONDAY + dt.timedelta(days=1), end=None)
    assert result.sent == 2
    assert result.interviewed == 1


def test_empty_state_has_zeroes_and_no_rates(alice):
    today = timezone.localdate()
    result = analytics_for_user(alice, start=today - dt.timedelta(days=89), end=today)
    assert (result.total, result.sent) == (0, 0)
    assert result.response_rate is None
    assert result.median_days_to_response is None
    assert result.best_weekday is None
    assert result.sources == []
    assert len(result.weekly) >= 13
    assert result.chart_data()["funnel"]["values"] == [0, 0, 0]


def test_analytics_never_count_other_users(history, bob):
    sent(bob, MONDAY)
    assert analytics_for_user(history, start=None, end=None).sent == 5
    assert analytics_for_user(bob, start=None, end=None).sent == 1


def test_status_chart_names_each_bar_by_its_status_key(history):
    """Guards the one status palette: the chart colours each bar by its status key (the
    same token as the pills and the board), so it needs the keys beside the labels."""
    status = analytics_for_user(history, start=None, end=None).chart_data()["status"]
    assert set(status["keys"]) == set(Status.values)
    assert len(status["keys"]) == len(status["labels"]) == len(status["values"])
    assert status["labels"][status["keys"].index(Status.REJECTED)] == Status.REJECTED.label
