"""Tests of how_many and the velocity forecasts."""

from __future__ import annotations

import datetime as dt
import math
import pickle

import numpy as np
import pytest

from pmokit.agile import how_many
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from tests.agile._exact import exact_periods_pmf


def _exact_sum(history: list[int], periods: int) -> dict[int, float]:
    """The distribution of the sum of ``periods`` draws, by repeated convolution."""
    step = np.bincount(history) / len(history)
    pmf = np.array([1.0])
    for _ in range(periods):
        pmf = np.convolve(pmf, step)
    return {k: float(p) for k, p in enumerate(pmf) if p > 0}


class TestHowMany:
    """Items done by a horizon."""

    def test_exact(self) -> None:
        """The Monte Carlo distribution of items done agrees with the convolution (4 SE)."""
        f = how_many([0, 1, 2, 3, 3], 4, iterations=200_000, rng=21)
        exact = _exact_sum([0, 1, 2, 3, 3], 4)
        values, counts = np.unique(f.items, return_counts=True)
        got = dict(zip(values.astype(int).tolist(), (counts / f.iterations).tolist(),
                       strict=True))
        for k, p in exact.items():
            assert abs(got.get(k, 0.0) - p) <= 4 * math.sqrt(p * (1 - p) / f.iterations) + 1e-12

    def test_at_least(self) -> None:
        """at_least(85) is the most items reached in at least 85% of trials."""
        f = how_many([3, 0, 2, 5, 1, 4], 6, iterations=20_000, rng=7)
        k = f.at_least(85)
        assert np.mean(f.items >= k) >= 0.85 > np.mean(f.items >= k + 1)
        assert f.probability_at_least(k) >= 0.85
        assert f.percentile(50) == f.quantile(0.5)
        assert [r["confidence"] for r in f.to_records()] == [50.0, 70.0, 85.0, 95.0]

    def test_duality_with_when_done(self) -> None:
        """P(how_many in k periods >= B) = P(when_done(B) <= k), exactly in law: both
        agree with the exact first-passage distribution."""
        exact = exact_periods_pmf([0, 1, 2, 3], [10])
        cdf6 = sum(p for k, p in exact.items() if k <= 6)
        f = how_many([0, 1, 2, 3], 6, iterations=200_000, rng=3)
        assert abs(f.probability_at_least(10) - cdf6) <= 4 * math.sqrt(cdf6 * (1 - cdf6) / 2e5)

    def test_zero_history(self) -> None:
        """A history of zeros forecasts zero items (no loop to run)."""
        assert how_many([0, 0], 5, iterations=10, rng=1).items.tolist() == [0.0] * 10

    def test_date_horizon(self) -> None:
        """A horizon date counts the weeks that end by it."""
        f = how_many([1, 2, 3], dt.date(2026, 7, 31), start=dt.date(2026, 7, 6), rng=1,
                     iterations=10)
        assert f.periods == 4 and f.horizon_date == dt.date(2026, 7, 31)
        with pytest.raises(ValidationError, match="needs 'start'"):
            how_many([1, 2], dt.date(2026, 7, 31))

    def test_holiday_week(self) -> None:
        """A week of holidays does no work."""
        cal = WorkCalendar(holidays=[dt.date(2026, 7, 6) + dt.timedelta(days=i)
                                     for i in range(5)])
        f = how_many([2], 3, start=dt.date(2026, 7, 6), calendar=cal, iterations=10, rng=1)
        assert f.items.tolist() == [4.0] * 10

    def test_reproducible_and_pickles(self) -> None:
        """Same seed, same numbers; pickle round trip is equal and read-only."""
        a = how_many([3, 0, 2, 5], 8, iterations=1000, rng=9)
        b = how_many([3, 0, 2, 5], 8, iterations=1000, rng=9)
        assert a == b
        c = pickle.loads(pickle.dumps(a))
        assert c == a
        with pytest.raises(ValueError):
            c.items[0] = 1.0

    def test_errors(self) -> None:
        """Empty history, negative counts, bad horizon."""
        with pytest.raises(ValidationError, match="empty history"):
            how_many([], 3)
        with pytest.raises(ValidationError, match=">= 0"):
            how_many([1, -2], 3)
        with pytest.raises(ValidationError, match="'periods'"):
            how_many([1, 2], -1)


