"""Velocity forecasting: the throughput engine on story-point totals per sprint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pmokit._random import RngLike
from pmokit.agile import _engine as E
from pmokit.agile._forecast import Backlog, History, WhenDoneForecast, forecast
from pmokit.agile._how_many import HowManyForecast, forecast_many
from pmokit.calendar import WorkCalendar

__all__ = ["velocity_how_many", "velocity_when_done"]


def velocity_when_done(
    velocity: History,
    points: Backlog,
    *,
    iterations: int = 10_000,
    rng: RngLike = None,
    split: float | tuple[float, float] = 1.0,
    discovery: float | Sequence[float] | None = None,
    capacity: Sequence[float] | None = None,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    period: str = "2W",
    max_periods: int = E.MAX_PERIODS,
    check_units: bool = True,
) -> WhenDoneForecast:
    """Sprints until ``points`` story points are done, from the velocity history.

    The engine of :func:`when_done` on point totals: each future sprint's velocity is
    drawn from the history; a points range is drawn uniformly on the real line.

    Parameters
    ----------
    velocity
        Story points completed in each past sprint (>= 0; fractions allowed). A mapping
        of stream id -> history for several teams.
    points
        Story points left: a number, a ``(min, max)`` range, or a mapping per stream.
    iterations, rng, split, discovery, capacity, start, calendar, max_periods, check_units
        As in :func:`when_done` (discovery in story points per sprint).
    period
        The sprint length: ``"2W"`` (default), ``"W"``, ``"3W"``... or ``"D"``.

    Returns
    -------
    WhenDoneForecast
        With ``unit == "story points"``; periods are sprints.

    Raises
    ------
    ValidationError, InfeasibleInputError
        As :func:`when_done` (the history is named ``'velocity'``).

    Examples
    --------
    >>> f = velocity_when_done([21, 34, 26, 30, 18], 130, iterations=20_000, rng=3)
    >>> f.percentile(50), f.percentile(85), f.unit
    (6, 6, 'story points')
    """
    return forecast(velocity, points, iterations=iterations, rng=rng, split=split,
                    discovery=discovery, capacity=capacity, start=start, calendar=calendar,
                    period=period, max_periods=max_periods, check_units=check_units,
                    unit="story points")


def velocity_how_many(
    velocity: History,
    sprints: int | dt.date,
    *,
    iterations: int = 10_000,
    rng: RngLike = None,
    capacity: Sequence[float] | None = None,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    period: str = "2W",
    check_units: bool = True,
) -> HowManyForecast:
    """Story points done in the next ``sprints`` sprints, from the velocity history.

    Parameters
    ----------
    velocity
        Story points completed in each past sprint (>= 0).
    sprints
        The horizon: a whole number of sprints >= 0 (0: nothing done yet), or a date
        (needs ``start``).
    iterations, rng, capacity, start, calendar, period, check_units
        As in :func:`velocity_when_done`.

    Returns
    -------
    HowManyForecast
        With ``unit == "story points"``.

    Examples
    --------
    >>> velocity_how_many([21, 34, 26, 30, 18], 3, iterations=20_000, rng=3).at_least(85)
    66.0
    """
    return forecast_many(velocity, sprints, iterations=iterations, rng=rng,
                         capacity=capacity, start=start, calendar=calendar, period=period,
                         check_units=check_units, unit="story points", horizon_name="sprints")
