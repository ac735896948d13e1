"""Working-day offsets <-> dates for schedules (vectorised through the calendar's day grid).

A schedule counts time in working days of its calendar from ``origin`` (the first working day
on or after the schedule start): offset ``t`` lies in working day ``floor(t)``. A start
instant ``t`` is dated on the day that contains it; a finish instant ``f > start`` is dated
on the day whose end it reaches (``ceil(f) - 1``); a milestone is dated on the day at whose
start it lies.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pmokit._typing import DateArray, FloatArray
from pmokit.calendar import SUPPORTED_RANGE, DateRangeError, WorkCalendar
from pmokit.errors import ValidationError

_EPS = 1e-9
"""Rounding slack [working days] so that 4.9999999999 counts as day 5, not day 4."""


def _ordinal(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def start_offset(calendar: WorkCalendar, origin: dt.date, day: dt.date) -> float:
    """Offset of the start of ``day``: working days in ``[origin, day)``.

    A non-working ``day`` maps to the start of the next working day; a datetime counts its
    day (the day-based engine has no time of day).
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    return float(calendar.working_days_between(origin, day))


def finish_offset(calendar: WorkCalendar, origin: dt.date, day: dt.date) -> float:
    """Offset of the end of ``day``: working days in ``[origin, day]``.

    A non-working ``day`` maps to the end of the previous working day; a datetime counts its
    day.
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    if day >= dt.date.max:  # the end of the last day a date can hold
        return float(calendar.working_days_between(origin, day)) + float(
            calendar.is_working_day(day)
        )
    return float(calendar.working_days_between(origin, day + dt.timedelta(days=1)))


def _ordinals(
    calendar: WorkCalendar, origin: dt.date, steps: FloatArray
) -> DateArray:
    """Dates ``steps`` working days from ``origin``; a ValidationError (not an
    OverflowError) when one lies beyond the dates ``datetime.date`` can hold."""
    o = np.full(steps.shape, _ordinal(origin), dtype=np.int64)
    try:
        return calendar.offset_ordinals(o, steps).astype("datetime64[D]")
    except (OverflowError, DateRangeError) as e:
        bad = float(np.abs(steps).max())
        raise ValidationError(
            f"the schedule reaches offset {bad:g} working days from {origin}, beyond the "
            f"dates a calendar can hold ({SUPPORTED_RANGE}); check 'start', the durations, "
            "lags, constraints and deadline"
        ) from e


def start_dates(calendar: WorkCalendar, origin: dt.date, starts: FloatArray) -> DateArray:
    """Dates of start instants."""
    steps = np.floor(starts + _EPS)
    return _ordinals(calendar, origin, steps)


def finish_dates(
    calendar: WorkCalendar, origin: dt.date, finishes: FloatArray, starts: FloatArray
) -> DateArray:
    """Dates of finish instants; an activity of zero length is dated at its start."""
    steps = np.ceil(finishes - _EPS) - 1.0
    steps = np.where(finishes <= starts + _EPS, np.floor(starts + _EPS), steps)
    return _ordinals(calendar, origin, steps)
