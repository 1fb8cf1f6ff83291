"""How well peer reviews agree with the instructor's grade (E9), as plain functions.

- Per submission: the mean of its complete peer reviews' rubric totals beside the
  instructor's total.
- Overall: the mean absolute difference between those two totals, and Pearson's
  correlation between them (from three submissions with some spread; otherwise none).
- Per criterion: the share of peer ratings that picked exactly the instructor's level,
  and the share within one level of it ("adjacent", which includes exact).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
MIN_PAIRS_FOR_CORRELATION = 3


def mean(values: Iterable[Decimal]) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (sum(values, Decimal("0")) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def mean_absolute_difference(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    return mean(abs(peer - instructor) for peer, instructor in pairs)


def pearson(pairs: Sequence[tuple[Decimal, Decimal]]) -> float | None:
    """Pearson's r, rounded to 2 places; None below three pairs or without spread."""
    if len(pairs) < MIN_PAIRS_FOR_CORRELATION:
        return None
    xs = [float(p) for p, _ in pairs]
    ys = [float(i) for _, i in pairs]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return round(sxy / math.sqrt(sxx * syy), 2)


@dataclass(frozen=True)
class LevelAgreement:
    ratings: int  # peer ratings compared with an instructor rating
    exact: int
    adjacent: int  # within one level, exact included

    @property
    def exact_percent(self) -> int | None:
        return round(100 * self.exact / self.ratings) if self.ratings else None

    @property
    def adjacent_percent(self) -> int | None:
        return round(100 * self.adjacent / self.ratings) if self.ratings else None


def level_agreement(pairs: Iterable[tuple[int, int]]) -> LevelAgreement:
    """``pairs`` of (peer level index, instructor level index) for one criterion, where
    the index is the level's place in the criterion's order (best first)."""
    ratings = exact = adjacent = 0
    for peer, instructor in pairs:
        ratings += 1
        exact += peer == instructor
        adjacent += abs(peer - instructor) <= 1
    return LevelAgreement(ratings=ratings, exact=exact, adjacent=adjacent)
