"""The late policy: started days, percent of the points per day, cap and floor."""

import datetime as dt
from decimal import Decimal as D

import pytest

from courses.policy import days_late, is_past_cutoff, late_penalty, percent

DUE = dt.datetime(2026, 3, 6, 22, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("delta", "days"),
    [
        (dt.timedelta(minutes=-5), 0),
        (dt.timedelta(0), 0),
        (dt.timedelta(seconds=1), 1),
        (dt.timedelta(hours=23, minutes=59), 1),
        (dt.timedelta(hours=24), 1),
        (dt.timedelta(hours=24, seconds=1), 2),
        (dt.timedelta(days=3, hours=2), 4),
    ],
)
def test_each_started_day_counts(delta, days):
    assert days_late(submitted_at=DUE + delta, due_at=DUE) == days


def test_cutoff_is_inclusive_and_optional():
    assert not is_past_cutoff(at=DUE, cutoff_at=DUE)
    assert is_past_cutoff(at=DUE + dt.timedelta(seconds=1), cutoff_at=DUE)
    assert not is_past_cutoff(at=DUE + dt.timedelta(days=400), cutoff_at=None)


def score(raw, days, per_day=10, floor=0, points=20, waived=False):
    return late_penalty(
        raw=D(raw),
        points_possible=D(points),
        days=days,
        percent_per_day=D(per_day),
        floor_percent=D(floor),
        waived=waived,
    )


def test_penalty_is_a_percent_of_the_points_per_day():
    result = score(18, days=2)  # 2 × 10 % of 20 points = 4
    assert (result.raw, result.penalty, result.final) == (D("18.00"), D("4.00"), D("14.00"))


def test_on_time_and_waived_work_keeps_the_raw_score():
    assert score(18, days=0).final == D("18.00")
    assert score(18, days=3, waived=True).penalty == D("0.00")


def test_floor_stops_the_penalty_but_never_raises_a_low_score():
    assert score(18, days=5, floor=60).final == D("12.00")  # 18 − 10 would be 8; floor is 12
    assert score(9, days=5, floor=60).final == D("9.00")  # already below the floor: unchanged
    assert score(9, days=5, floor=60).penalty == D("0.00")


def test_penalty_is_capped_at_the_whole_score():
    result = score(18, days=30)
    assert result.final == D("0.00") and result.penalty == D("18.00")


def test_fractional_points_round_half_up_to_cents():
    result = late_penalty(
        raw=D("7.333"),
        points_possible=D("9"),
        days=1,
        percent_per_day=D("12.5"),
        floor_percent=D("0"),
    )
    assert result.raw == D("7.33") and result.final == D("6.21")


def test_percent_helper():
    assert percent(D("17"), D("20")) == D("85.0")
    assert percent(None, D("20")) is None
    assert percent(D("5"), D("0")) is None
