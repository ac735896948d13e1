"""Tests of the velocity forecasts of pmokit.agile (velocity_when_done, velocity_how_many)."""

from __future__ import annotations

import numpy as np
import pytest

from pmokit.agile import velocity_how_many, velocity_when_done, when_done
from pmokit.errors import InfeasibleInputError, ValidationError


class TestVelocity:
    """The same engine on story points."""

    def test_points_engine(self) -> None:
        """Velocity forecasts equal the item engine on the same integer history and seed."""
        a = velocity_when_done([5, 8, 13], 40, iterations=5000, rng=4, period="W")
        b = when_done([5, 8, 13], 40, iterations=5000, rng=4)
        assert np.array_equal(a.periods, b.periods)
        assert a.unit == "story points" and b.unit == "items"

    def test_fractional_points(self) -> None:
        """Fractional velocities and point ranges are allowed."""
        f = velocity_when_done([20.5, 30, 25.5], (90.5, 120), iterations=2000, rng=1)
        assert 3 <= f.percentile(50) <= 6
        assert f.backlog.min() >= 90.5 and f.backlog.max() <= 120

    def test_how_many_points(self) -> None:
        """Points done in 3 sprints lie between 3 min and 3 max velocities."""
        f = velocity_how_many([21, 34, 26], 3, iterations=2000, rng=1)
        assert f.items.min() >= 63 and f.items.max() <= 102
        assert f.unit == "story points"

    def test_zero_sprints_is_nothing_done(self) -> None:
        """A horizon of 0 sprints is documented (>= 0): every trial has 0 points."""
        f = velocity_how_many([21, 34, 26], 0, iterations=50, rng=1)
        assert f.periods == 0 and f.items.tolist() == [0.0] * 50

    @pytest.mark.parametrize("bad", [-1, 2.5, None])
    def test_bad_horizon_names_sprints(self, bad: object) -> None:
        """A bad horizon is named by its argument, 'sprints' (it said 'periods') (fuzz4)."""
        with pytest.raises(ValidationError, match="'sprints' must be a whole number"):
            velocity_how_many([21, 34, 26], bad, iterations=50)  # type: ignore[arg-type]

    def test_horizon_date_without_start_names_sprints(self) -> None:
        """A date horizon without a start names 'sprints'."""
        import datetime as dt

        with pytest.raises(ValidationError, match="'sprints' needs 'start'"):
            velocity_how_many([21, 34, 26], dt.date(2026, 7, 31), iterations=50)

    def test_errors(self) -> None:
        """Errors name the velocity history."""
        with pytest.raises(ValidationError, match="'velocity' is an empty history"):
            velocity_when_done([], 10)
        with pytest.raises(InfeasibleInputError, match="'velocity' is 0"):
            velocity_when_done([0.0, 0.0], 10)
