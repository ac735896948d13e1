"""Availability in hours per period from a working calendar, holidays and planned leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import PicklesReadOnly, display
from pmokit._typing import FloatArray
from pmokit._validation import Problems, as_date, check_flag, check_plausible
from pmokit.calendar import WorkCalendar, bucket, period_starts
from pmokit.capacity._inputs import ARRAY_EQ, FTE_BOUND
from pmokit.errors import PmokitError, ValidationError

__all__ = ["PlanningPeriods", "availability", "planning_periods"]

Frequency = Literal["D", "W", "M"]
T = TypeVar("T")


@display()
@attrs.frozen
class PlanningPeriods(PicklesReadOnly):
    """Periods of a capacity plan and the hours of one FTE in each.

    Attributes
    ----------
    starts
        First day of each period (the first one is the plan start).
    working_days
        Working days of the calendar in each period [working days].
    hours_per_period
        Working hours of one full-time person in each period [hours]; pass it as
        ``hours_per_period`` to :func:`~pmokit.capacity.allocate` and ``starts`` as
        ``periods``.
    """

    starts: tuple[dt.date, ...]
    working_days: npt.NDArray[np.int64] = attrs.field(eq=ARRAY_EQ, hash=False)
    hours_per_period: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)

    def to_records(self) -> list[dict[str, Any]]:
        """One record per period: start, working_days, hours_per_period."""
        return [
            {"start": s, "working_days": int(d), "hours_per_period": float(h)}
            for s, d, h in zip(self.starts, self.working_days, self.hours_per_period, strict=True)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        from pmokit._results import records_to_frame

        return records_to_frame(self.to_records())


def _in_range(start: dt.date, end: dt.date, work: Callable[[], T]) -> T:
    """Run calendar arithmetic; dates it cannot handle (years below 1 or above 9999 once
    periods and margins are added) are a ValidationError naming the horizon."""
    try:
        return work()
    except PmokitError:
        raise
    except (ValueError, OverflowError) as exc:
        raise ValidationError(
            f"'start' and 'end' must lie inside the range of dates the calendar supports "
            f"(got {start} to {end}: {exc})"
        ) from None


def _check_calendar(calendar: Any) -> None:
    if not isinstance(calendar, WorkCalendar):
        raise ValidationError(
            f"'calendar' must be a pmokit.calendar.WorkCalendar (got {type(calendar).__name__})"
        )


def planning_periods(
    calendar: WorkCalendar, start: dt.date, end: dt.date, *, freq: Frequency = "W"
) -> PlanningPeriods:
    """Split ``[start, end)`` into periods and count one FTE's working hours in each.

    Parameters
    ----------
    calendar
        Working weekdays, holidays and hours per day.
    start, end
        The plan horizon, ``end`` excluded.
    freq
        ``"W"`` (ISO weeks), ``"M"`` (months) or ``"D"`` (days); the first and last
        periods are clipped to the horizon.

    Returns
    -------
    PlanningPeriods

    Examples
    --------
    Three weeks of December 2026 with the England and Wales bank holidays (7.5 h days):
    Christmas falls on Friday 25th and Boxing Day on Saturday, substituted by Monday
    28th; New Year's Day is Friday 1 January.

    >>> import datetime as dt
    >>> from pmokit.calendar import WorkCalendar
    >>> uk = WorkCalendar.uk_england_and_wales()
    >>> pp = planning_periods(uk, dt.date(2026, 12, 14), dt.date(2027, 1, 4))
    >>> pp.working_days.tolist(), pp.hours_per_period.tolist()
    ([5, 4, 3], [37.5, 30.0, 22.5])
    """
    _check_calendar(calendar)
    a, b = as_date(start, "start"), as_date(end, "end")
    counts = _in_range(a, b, lambda: calendar.working_days_per_period(a, b, freq))
    starts = tuple(s.astype(dt.date) for s in counts.starts)
    hours = counts.hours.astype(np.float64)
    days = counts.counts.astype(np.int64)
    hours.setflags(write=False)
    days.setflags(write=False)
    return PlanningPeriods(starts=starts, working_days=days, hours_per_period=hours)


def _leave_days(
    leave: Any, p: Problems, horizon: tuple[dt.date, dt.date]
) -> list[tuple[dt.date, dt.date]]:
    """Leave as (first, last) ranges clipped to the horizon ``[start, end)``."""
    if isinstance(leave, str | bytes | dt.date) or not isinstance(leave, Iterable):
        p.add(
            "'leave' must be a sequence of dates or (first, last) pairs of dates "
            f"(got {leave!r:.60} that is a {type(leave).__name__})"
        )
        return []
    ranges: list[tuple[dt.date, dt.date]] = []
    lo, hi = horizon
    for i, item in enumerate(leave):
        try:
            if isinstance(item, tuple):
                if len(item) != 2:
                    raise ValidationError(
                        f"'leave[{i}]' must be a date or a (first, last) pair of dates "
                        f"(got a tuple of {len(item)})"
                    )
                first = as_date(item[0], f"leave[{i}][0]")
                last = as_date(item[1], f"leave[{i}][1]")
                if last < first:
                    p.add(
                        f"'leave[{i}]' must end on or after its first day (got {first} to {last})"
                    )
                    continue
            else:
                first = last = as_date(item, f"leave[{i}]")
        except ValidationError as exc:
            p.extend(exc.problems)
            continue
        if last >= lo and first < hi:  # only the days inside the horizon count
            ranges.append((max(first, lo), last))
    return ranges


def availability(
    calendar: WorkCalendar,
    start: dt.date,
    end: dt.date,
    *,
    freq: Frequency = "W",
    fte: float = 1.0,
    leave: Iterable[dt.date | tuple[dt.date, dt.date]] = (),
    check_units: bool = True,
) -> FloatArray:
    """Hours a person is available in each period, after holidays and planned leave.

    Parameters
    ----------
    calendar
        Working weekdays, holidays and hours per day.
    start, end
        The plan horizon, ``end`` excluded (the same as for :func:`planning_periods`).
    freq
        ``"W"``, ``"M"`` or ``"D"``.
    fte
        Contract size [FTE], in (0, 1] for most contracts; above
        :data:`~pmokit.capacity.FTE_BOUND` (1.5) it is refused as a probable percent
        unless ``check_units=False``.
    leave
        Days of planned leave: dates, or ``(first, last)`` pairs (both included). Leave on
        non-working days costs nothing.
    check_units
        ``False`` to accept an ``fte`` above the plausible bound.

    Returns
    -------
    numpy.ndarray
        ``fte x hours_per_day x (working days - leave days)`` per period [hours],
        read-only; use it as ``Person(..., availability=...)``.

    Raises
    ------
    ValidationError
        For a bad date, a reversed leave range, a non-positive fte or an fte that looks
        like a percent.

    Examples
    --------
    A week of leave in the second week of March 2026, at 0.8 FTE:

    >>> import datetime as dt
    >>> from pmokit.calendar import WorkCalendar
    >>> cal = WorkCalendar(hours_per_day=8.0)
    >>> availability(cal, dt.date(2026, 3, 2), dt.date(2026, 3, 23), fte=0.8,
    ...              leave=[(dt.date(2026, 3, 9), dt.date(2026, 3, 15))]).tolist()
    [32.0, 0.0, 32.0]
    """
    _check_calendar(calendar)
    p = Problems()
    p.check_number(fte, "fte", minimum=0.0, strict_minimum=True)
    check_flag(check_units, "check_units")
    if not p and (
        slip := check_plausible(
            fte,
            "fte",
            bound=FTE_BOUND,
            hint=f"did you give a percent? fte is a fraction of full time "
            f"(1.0 = full time, so {fte!r} % is {float(fte) / 100!r})",
            check_units=check_units,
        )
    ):
        p.add(slip)
    a = as_date(start, "start")
    b = as_date(end, "end")
    ranges = _leave_days(leave, p, (a, b))
    p.raise_if_any()
    starts = period_starts(a, b, freq)
    mask = _in_range(a, b, lambda: calendar.working_mask(a, b)).astype(np.float64)
    for first, last in ranges:
        lo = (first - a).days
        hi = min((last - a).days + 1, mask.size)
        mask[lo:hi] = 0.0
    day_dates = np.datetime64(a, "D") + np.arange(mask.size)
    idx = bucket(day_dates, starts)
    hours = np.bincount(idx, weights=mask, minlength=starts.size).astype(np.float64)
    hours *= float(fte) * calendar.hours_per_day
    hours.setflags(write=False)
    return hours
