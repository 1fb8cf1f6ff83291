"""The late policy, as plain functions (E2, E3, E5).

- Late means submitted after the due date. Each *started* day (24 hours from the due
  moment) counts: one minute late is one day late, 24 h 1 min is two.
- The penalty is ``percent_per_day`` of the points possible per day late, capped at
  100 %, and it never takes the grade below ``floor_percent`` of the points possible
  (a score already below the floor is left as it is).
- After the cut-off nothing is accepted, so there is no penalty to compute there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

DAY = dt.timedelta(days=1)
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def days_late(*, submitted_at: dt.datetime, due_at: dt.datetime) -> int:
    if submitted_at <= due_at:
        return 0
    whole, rest = divmod(submitted_at - due_at, DAY)
    return whole + (1 if rest else 0)


def is_past_cutoff(*, at: dt.datetime, cutoff_at: dt.datetime | None) -> bool:
    return cutoff_at is not None and at > cutoff_at


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def penalty_percent(days: int, percent_per_day: Decimal) -> Decimal:
    """The share of the points possible a late submission can lose, capped at 100 %."""
    return min(HUNDRED, Decimal(percent_per_day) * max(days, 0))


@dataclass(frozen=True)
class Scored:
    raw: Decimal
    penalty: Decimal
    final: Decimal


def late_penalty(
    *,
    raw: Decimal,
    points_possible: Decimal,
    days: int,
    percent_per_day: Decimal,
    floor_percent: Decimal,
    waived: bool = False,
) -> Scored:
    """Raw score, penalty (points) and final score under the policy."""
    raw = _cents(Decimal(raw))
    if waived or days <= 0 or not percent_per_day:
        return Scored(raw=raw, penalty=Decimal("0.00"), final=raw)
    deduction = Decimal(points_possible) * penalty_percent(days, percent_per_day) / HUNDRED
    floor = Decimal(points_possible) * Decimal(floor_percent) / HUNDRED
    final = _cents(max(raw - deduction, min(raw, floor), Decimal("0")))
    return Scored(raw=raw, penalty=raw - final, final=final)


def percent(score: Decimal | None, possible: Decimal | None) -> Decimal | None:
    if score is None or not possible:
        return None
    return (Decimal(score) * HUNDRED / Decimal(possible)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@lru_cache(maxsize=4096)
def _points_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def points_text(value) -> str:
    """Points for people: 15, 15.5, 7.25 (no trailing zeros, no exponent)."""
    if value is None:
        return ""
    return _points_text(Decimal(value))


def penalty_note(
    *, days: int, points_possible: Decimal, percent_per_day: Decimal, floor_percent: Decimal
) -> str:
    """The policy as it applies to one submission, for the grader: "2 days late × 10% =
    up to 20% of 30 points, never below 50% of the points." (empty when on time)."""
    if days <= 0:
        return ""
    plural = "s" if days != 1 else ""
    if not percent_per_day:
        return f"{days} day{plural} late; this assignment has no late penalty."
    note = (
        f"{days} day{plural} late × {points_text(percent_per_day)}% "
        f"= up to {points_text(penalty_percent(days, percent_per_day))}% of "
        f"{points_text(points_possible)} points"
    )
    if floor_percent:
        note += f", never below {points_text(floor_percent)}% of the points"
    return note + "."
