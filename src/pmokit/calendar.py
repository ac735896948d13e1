"""Working-day calendars shared by scheduling, capacity and monitoring.

A :class:`WorkCalendar` says which days are worked: a set of working weekdays, minus holidays
(explicit dates and ``dateutil.rrule`` recurrences), plus exception days that are worked
although they would not be. Every operation is vectorised over a cached boolean day grid
(numpy ``datetime64[D]`` ordinals), so converting 100,000 schedule offsets to dates is one
``searchsorted``.

Conventions
-----------
Time on a schedule is counted in working days from an origin date: offset ``t = 0`` is the
*start* of the first working day on or after the origin, and the instant ``t`` lies in working
day ``floor(t)``.

* :meth:`WorkCalendar.add_working_days` ``(d, n)`` moves ``floor(n)`` working days from ``d``
  (``d`` first rolled forward to a working day), like ``numpy.busday_offset``:
  Monday + 1 = Tuesday, Friday + 1 = Monday, Monday - 1 = the Friday before, Monday + 0.5 =
  Monday.
* :meth:`WorkCalendar.working_days_between` ``(a, b)`` counts the working days in ``[a, b)``,
  like ``numpy.busday_count`` (negative when ``b < a``). Hence for a working day ``d`` and
  any ``n``: ``working_days_between(d, add_working_days(d, n)) == floor(n)``.
* :meth:`WorkCalendar.finish_date` ``(start, duration)`` is the day a task of ``duration``
  working days that starts at the beginning of ``start`` finishes: a 1-day task starting
  Monday finishes Monday, a 2.5-day task finishes on Wednesday; a milestone (duration 0)
  finishes on its start day.

Examples
--------
>>> import datetime as dt
>>> uk = WorkCalendar.uk_england_and_wales()
>>> uk.is_working_day(dt.date(2026, 4, 3))       # Good Friday
False
>>> uk.add_working_days(dt.date(2026, 4, 2), 1)  # Thursday + 1 skips Easter
datetime.date(2026, 4, 7)
>>> uk.finish_date(dt.date(2026, 12, 24), 2)     # 25 Dec and Monday 28 Dec are holidays
datetime.date(2026, 12, 29)
>>> uk.working_days_between(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
253
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
from dateutil import rrule

from pmokit._validation import as_date
from pmokit.errors import ValidationError

__all__ = [
    "Frequency",
    "PeriodCounts",
    "WorkCalendar",
    "bucket",
    "period_starts",
]

Frequency = Literal["D", "W", "M"]
"""Period lengths for bucketing: days, ISO weeks (starting Monday) or calendar months."""

_EPOCH = dt.date(1970, 1, 1)
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DateArray = npt.NDArray[np.datetime64]


def _ordinal(d: dt.date) -> int:
    return (d - _EPOCH).days


def _from_ordinal(k: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(k))


def _convert_weekdays(value: Any) -> tuple[int, ...]:
    try:
        items = tuple(value)
    except TypeError:
        raise ValidationError(
            f"'weekdays' must be a collection of weekday numbers 0 (Monday) to 6 (Sunday) "
            f"(got {value!r} that is a {type(value).__name__})"
        ) from None
    bad = [w for w in items if isinstance(w, bool) or not isinstance(w, numbers.Integral)]
    bad += [w for w in items if isinstance(w, numbers.Integral) and not 0 <= int(w) <= 6]
    if bad:
        raise ValidationError(
            f"'weekdays' must hold weekday numbers 0 (Monday) to 6 (Sunday) (got {bad!r})"
        )
    return tuple(sorted({int(w) for w in items}))


def _dates(value: Any, name: str) -> tuple[dt.date, ...]:
    if isinstance(value, dt.date):
        value = (value,)
    try:
        items = list(value)
    except TypeError:
        raise ValidationError(
            f"'{name}' must be a collection of datetime.date "
            f"(got {value!r} that is a {type(value).__name__})"
        ) from None
    problems: list[str] = []
    out: list[dt.date] = []
    for i, item in enumerate(items):
        try:
            out.append(as_date(item, f"{name}[{i}]"))
        except ValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(problems)
    return tuple(sorted(set(out)))


def _convert_holidays(value: Any) -> tuple[dt.date, ...]:
    return _dates(value, "holidays")


def _convert_exceptions(value: Any) -> tuple[dt.date, ...]:
    return _dates(value, "exceptions")


def _convert_rules(value: Any) -> tuple[rrule.rrulebase, ...]:
    if isinstance(value, rrule.rrulebase):
        value = (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise ValidationError(
            f"'holiday_rules' must be a collection of dateutil.rrule recurrences "
            f"(got {value!r} that is a {type(value).__name__})"
        ) from None
    problems = [
        f"'holiday_rules[{i}]' must be a dateutil.rrule.rrule or rruleset "
        f"(got {item!r} that is a {type(item).__name__})"
        for i, item in enumerate(items)
        if not isinstance(item, rrule.rrulebase)
    ]
    if problems:
        raise ValidationError(problems)
    return items


def _check_hours(instance: Any, attribute: Any, value: Any) -> None:
    del instance, attribute
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or not 0 < float(value) <= 24
    ):
        raise ValidationError(f"'hours_per_day' must be a number in (0, 24] (got {value!r})")


@attrs.frozen(eq=False)
class WorkCalendar:
    """A working-day calendar: working weekdays, holidays, exception days.

    Parameters
    ----------
    weekdays
        Working weekdays, 0 = Monday ... 6 = Sunday. Default Monday to Friday.
    holidays
        Explicit non-working dates.
    holiday_rules
        Recurring holidays as ``dateutil.rrule.rrule`` or ``rruleset`` objects, for
        example ``rrule(YEARLY, bymonth=12, bymonthday=25, dtstart=datetime(2000, 1, 1))``.
    exceptions
        Days that are worked although their weekday or a holiday says otherwise (they win
        over holidays).
    hours_per_day
        Working hours in one working day [hours], in (0, 24].
    name
        A label for reports.

    Raises
    ------
    ValidationError
        For a weekday outside 0..6, a holiday that is not a date, a rule that is not a
        recurrence, hours outside (0, 24], or a calendar with no working day at all.

    Notes
    -----
    Two calendars compare by identity (rules cannot be compared); the object is immutable
    and hashable, and caches its expanded day grid privately.
    """

    weekdays: tuple[int, ...] = attrs.field(default=(0, 1, 2, 3, 4), converter=_convert_weekdays)
    holidays: tuple[dt.date, ...] = attrs.field(default=(), converter=_convert_holidays)
    holiday_rules: tuple[rrule.rrulebase, ...] = attrs.field(default=(), converter=_convert_rules)
    exceptions: tuple[dt.date, ...] = attrs.field(default=(), converter=_convert_exceptions)
    hours_per_day: float = attrs.field(default=8.0, validator=_check_hours)
    name: str = ""
    _grid: dict[str, Any] = attrs.field(
        init=False, factory=dict, repr=False, eq=False, hash=False, alias="_grid"
    )

    def __attrs_post_init__(self) -> None:
        if not self.weekdays and not self.exceptions:
            raise ValidationError(
                "a WorkCalendar must have at least one working day, but 'weekdays' is empty "
                "and there are no 'exceptions'; give working weekdays such as (0, 1, 2, 3, 4)"
            )

    # ------------------------------------------------------------------ constructors
    @classmethod
    def uk_england_and_wales(cls, *, hours_per_day: float = 7.5) -> WorkCalendar:
        """Monday-to-Friday calendar with the bank holidays of England and Wales.

        Rules (gov.uk, Banking and Financial Dealings Act 1971): New Year's Day (the next
        Monday when it falls on a weekend), Good Friday, Easter Monday, the early May bank
        holiday (first Monday of May), the spring bank holiday (last Monday of May), the
        summer bank holiday (last Monday of August), Christmas Day and Boxing Day (when
        either falls on a weekend the substitute days are the next weekdays). One-off
        proclamations (such as 8 May 2020 or 19 September 2022) are not rules: add them
        with ``attrs.evolve(cal, holidays=cal.holidays + (...,))``.

        >>> import datetime as dt
        >>> uk = WorkCalendar.uk_england_and_wales()
        >>> days = uk.holidays_between(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> [d.strftime("%d %b") for d in days]  # doctest: +NORMALIZE_WHITESPACE
        ['01 Jan', '03 Apr', '06 Apr', '04 May', '25 May', '31 Aug', '25 Dec',
         '28 Dec']
        """
        start = dt.datetime(1972, 1, 1)
        weekday = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR)
        rules = (
            rrule.rrule(
                rrule.YEARLY, dtstart=start, bymonth=1, bymonthday=(1, 2, 3),
                byweekday=weekday, bysetpos=1,
            ),
            rrule.rrule(rrule.YEARLY, dtstart=start, byeaster=(-2, 1)),
            rrule.rrule(rrule.YEARLY, dtstart=start, bymonth=5, byweekday=rrule.MO(1)),
            rrule.rrule(rrule.YEARLY, dtstart=start, bymonth=5, byweekday=rrule.MO(-1)),
            rrule.rrule(rrule.YEARLY, dtstart=start, bymonth=8, byweekday=rrule.MO(-1)),
            rrule.rrule(
                rrule.YEARLY, dtstart=start, bymonth=12, bymonthday=(25, 26, 27, 28),
                byweekday=weekday, bysetpos=(1, 2),
            ),
        )
        return cls(
            holiday_rules=rules, hours_per_day=hours_per_day, name="England and Wales"
        )

    # ------------------------------------------------------------------ the day grid
    def _ensure(self, lo: int, hi: int) -> dict[str, Any]:
        """Make sure the cached grid covers day ordinals [lo, hi] (with margin)."""
        g = self._grid
        if g and g["lo"] <= lo and hi < g["hi"]:
            return g
        lo_year = _from_ordinal(lo).year - 1
        hi_year = _from_ordinal(hi).year + 2
        if g:
            lo_year = min(lo_year, g["lo_year"])
            hi_year = max(hi_year, g["hi_year"])
        first = dt.date(lo_year, 1, 1)
        last = dt.date(hi_year, 1, 1)
        start, stop = _ordinal(first), _ordinal(last)
        days = np.arange(start, stop, dtype=np.int64)
        # 1970-01-01 was a Thursday (weekday 3)
        wd = (days + 3) % 7
        working = np.isin(wd, np.array(self.weekdays, dtype=np.int64))
        hol = [_ordinal(d) for d in self.holidays]
        for rule in self.holiday_rules:
            occ = rule.between(
                dt.datetime.combine(first, dt.time()),
                dt.datetime.combine(last, dt.time()),
                inc=True,
            )
            hol.extend(_ordinal(o.date()) for o in occ)
        hol_arr = np.array(hol, dtype=np.int64)
        hol_arr = hol_arr[(hol_arr >= start) & (hol_arr < stop)]
        working[hol_arr - start] = False
        exc = np.array([_ordinal(d) for d in self.exceptions], dtype=np.int64)
        exc = exc[(exc >= start) & (exc < stop)]
        working[exc - start] = True
        # cum[k] = number of working days in [start, start + k)
        cum = np.zeros(days.size + 1, dtype=np.int64)
        np.cumsum(working, out=cum[1:])
        g.clear()
        g.update(
            lo=start,
            hi=stop,
            lo_year=lo_year,
            hi_year=hi_year,
            working=working,
            cum=cum,
            workdays=days[working],
        )
        return g

    # ------------------------------------------------------------------ scalar API
    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day.

        >>> import datetime as dt
        >>> WorkCalendar().is_working_day(dt.date(2026, 11, 28))   # a Saturday
        False
        """
        k = _ordinal(as_date(day, "day"))
        g = self._ensure(k, k)
        return bool(g["working"][k - g["lo"]])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Number of working days in ``[start, end)``; negative if ``end < start``.

        >>> import datetime as dt
        >>> WorkCalendar().working_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 30))
        5
        """
        a = _ordinal(as_date(start, "start"))
        b = _ordinal(as_date(end, "end"))
        g = self._ensure(min(a, b), max(a, b))
        cum = g["cum"]
        return int(cum[b - g["lo"]] - cum[a - g["lo"]])

    def add_working_days(self, day: dt.date, n: float) -> dt.date:
        """The date ``floor(n)`` working days after ``day`` (before, for negative ``n``).

        ``day`` is first rolled forward to a working day. See the module notes for the
        convention and :meth:`finish_date` for task finish dates.

        >>> import datetime as dt
        >>> cal = WorkCalendar()
        >>> cal.add_working_days(dt.date(2026, 11, 27), 1)    # Friday + 1
        datetime.date(2026, 11, 30)
        >>> cal.add_working_days(dt.date(2026, 11, 30), -1)   # Monday - 1
        datetime.date(2026, 11, 27)
        """
        d = as_date(day, "day")
        steps = _check_days(n, "n")
        return self._offset_dates(np.array([_ordinal(d)]), np.array([steps]))[0]

    def date_at(self, origin: dt.date, offset: float) -> dt.date:
        """The working day in which the schedule instant ``offset`` lies.

        ``offset`` is in working days from the start of the first working day on or after
        ``origin``; equal to ``add_working_days(origin, offset)``.
        """
        return self.add_working_days(origin, offset)

    def finish_date(self, start: dt.date, duration: float) -> dt.date:
        """The day on which a task of ``duration`` working days starting on ``start`` ends.

        >>> import datetime as dt
        >>> cal = WorkCalendar()
        >>> cal.finish_date(dt.date(2026, 11, 23), 1)     # 1-day task on a Monday
        datetime.date(2026, 11, 23)
        >>> cal.finish_date(dt.date(2026, 11, 23), 0)     # a milestone
        datetime.date(2026, 11, 23)
        """
        d = as_date(start, "start")
        length = _check_days(duration, "duration")
        if length < 0:
            raise ValidationError(f"'duration' must be >= 0 (got {duration!r})")
        steps = math.ceil(length) - 1 if length > 0 else 0.0
        return self.add_working_days(d, steps)

    def offset_of(self, origin: dt.date, day: dt.date) -> int:
        """Working-day offset of the start of ``day`` from ``origin`` (the inverse of
        :meth:`date_at` on working days)."""
        o = self._roll_forward(as_date(origin, "origin"))
        return self.working_days_between(o, as_date(day, "day"))

    def holidays_between(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """Holidays (explicit and from rules, less exceptions) in ``[start, end]``."""
        a = _ordinal(as_date(start, "start"))
        b = _ordinal(as_date(end, "end"))
        out: set[dt.date] = {d for d in self.holidays if a <= _ordinal(d) <= b}
        for rule in self.holiday_rules:
            occ = rule.between(
                dt.datetime.combine(_from_ordinal(a), dt.time()),
                dt.datetime.combine(_from_ordinal(b), dt.time()),
                inc=True,
            )
            out.update(o.date() for o in occ)
        return tuple(sorted(out - set(self.exceptions)))

    def _roll_forward(self, d: dt.date) -> dt.date:
        return self._offset_dates(np.array([_ordinal(d)]), np.array([0.0]))[0]

    # ------------------------------------------------------------------ vectorised API
    def _offset_dates(
        self, ordinals: npt.NDArray[np.int64], offsets: npt.NDArray[np.float64]
    ) -> list[dt.date]:
        res = self.offset_ordinals(ordinals, offsets)
        return [_from_ordinal(int(k)) for k in res]

    def offset_ordinals(
        self, ordinals: npt.NDArray[np.int64], offsets: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.int64]:
        """Vectorised :meth:`add_working_days` on day ordinals (days since 1970-01-01)."""
        ords = np.asarray(ordinals, dtype=np.int64)
        steps = np.floor(np.asarray(offsets, dtype=np.float64)).astype(np.int64)
        ords, steps = np.broadcast_arrays(ords, steps)
        if ords.size == 0:
            return np.empty(ords.shape, dtype=np.int64)
        lo, hi = int(ords.min()), int(ords.max())
        # working days per year is at least 1 when weekdays exist; size the grid to cover
        span_days = int(np.abs(steps).max()) * 7 // max(len(self.weekdays), 1) + 14
        for _ in range(64):
            g = self._ensure(lo - span_days, hi + span_days)
            workdays = g["workdays"]
            # rank of the first working day on or after each ordinal
            rank = np.searchsorted(workdays, ords, side="left")
            target = rank + steps
            if workdays.size and (target >= 0).all() and (target < workdays.size).all():
                return workdays[target]  # type: ignore[no-any-return]
            if not self.weekdays:
                raise ValidationError(
                    "the calendar has no working weekdays and too few exception days to move "
                    f"{int(np.abs(steps).max())} working days"
                )
            span_days *= 2
        msg = "date arithmetic left the supported range of years"  # pragma: no cover
        raise ValidationError(msg)  # pragma: no cover

    def dates_at(self, origin: dt.date, offsets: npt.ArrayLike) -> _DateArray:
        """Vectorised :meth:`date_at`: ``datetime64[D]`` dates of start offsets."""
        o = _ordinal(as_date(origin, "origin"))
        off = np.asarray(offsets, dtype=np.float64)
        if not np.isfinite(off).all():
            raise ValidationError("'offsets' must be finite working-day offsets (got nan or inf)")
        res = self.offset_ordinals(np.full(off.shape, o, dtype=np.int64), off)
        return res.astype("datetime64[D]")

    def finish_dates(
        self, origin: dt.date, finishes: npt.ArrayLike, starts: npt.ArrayLike | None = None
    ) -> _DateArray:
        """Vectorised finish dates of schedule finish offsets.

        A finish offset ``f`` ends in working day ``ceil(f) - 1``; when ``starts`` is given,
        an activity with ``finish == start`` (a milestone) finishes on its start day.
        """
        o = _ordinal(as_date(origin, "origin"))
        f = np.asarray(finishes, dtype=np.float64)
        if not np.isfinite(f).all():
            raise ValidationError("'finishes' must be finite working-day offsets (got nan or inf)")
        steps = np.ceil(f) - 1.0
        if starts is not None:
            s = np.asarray(starts, dtype=np.float64)
            steps = np.where(f <= s, np.floor(s), steps)
        else:
            steps = np.where(f <= 0, 0.0, steps)
        res = self.offset_ordinals(np.full(f.shape, o, dtype=np.int64), steps)
        return res.astype("datetime64[D]")

    def working_mask(self, start: dt.date, end: dt.date) -> npt.NDArray[np.bool_]:
        """Boolean array, one entry per day in ``[start, end)``, True on working days."""
        a = _ordinal(as_date(start, "start"))
        b = _ordinal(as_date(end, "end"))
        if b < a:
            raise ValidationError(f"'end' must not be before 'start' (got {start} to {end})")
        g = self._ensure(a, max(a, b))
        return g["working"][a - g["lo"] : b - g["lo"]].copy()  # type: ignore[no-any-return]

    def working_days_per_period(
        self, start: dt.date, end: dt.date, freq: Frequency = "W"
    ) -> PeriodCounts:
        """Working days in each period (day, ISO week or month) that overlaps ``[start, end)``.

        The first and last periods are clipped to the range.

        >>> import datetime as dt
        >>> uk = WorkCalendar.uk_england_and_wales()
        >>> pc = uk.working_days_per_period(dt.date(2026, 1, 1), dt.date(2026, 7, 1), "M")
        >>> pc.counts.tolist()
        [21, 20, 22, 20, 19, 22]
        """
        a = as_date(start, "start")
        b = as_date(end, "end")
        starts = period_starts(a, b, freq)
        bounds = np.empty(starts.size + 1, dtype=np.int64)
        bounds[:-1] = starts.astype(np.int64)
        bounds[0] = _ordinal(a)
        bounds[-1] = _ordinal(b)
        g = self._ensure(int(bounds[0]), int(bounds[-1]))
        cum = g["cum"]
        counts = cum[bounds[1:] - g["lo"]] - cum[bounds[:-1] - g["lo"]]
        return PeriodCounts(starts=starts, counts=counts, hours_per_day=self.hours_per_day)

    def working_hours_per_period(
        self, start: dt.date, end: dt.date, freq: Frequency = "W"
    ) -> npt.NDArray[np.float64]:
        """Working hours [hours] in each period overlapping ``[start, end)``."""
        hours: npt.NDArray[np.float64] = self.working_days_per_period(start, end, freq).hours
        return hours


def _check_days(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValidationError(
            f"'{name}' must be a number of working days "
            f"(got {value!r} that is a {type(value).__name__})"
        )
    v = float(value)
    if not math.isfinite(v):
        raise ValidationError(f"'{name}' must be a finite number of working days (got {value!r})")
    return v


@attrs.frozen
class PeriodCounts:
    """Working days per period.

    Attributes
    ----------
    starts
        First day of each period (``datetime64[D]``; the first is the range start).
    counts
        Working days in each period [working days].
    hours_per_day
        The calendar's working hours per day [hours].
    """

    starts: _DateArray
    counts: npt.NDArray[np.int64]
    hours_per_day: float

    @property
    def hours(self) -> npt.NDArray[np.float64]:
        """Working hours in each period [hours]."""
        return self.counts.astype(np.float64) * float(self.hours_per_day)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per period: ``start``, ``working_days``, ``hours``."""
        return [
            {"start": s.astype(dt.date), "working_days": int(c), "hours": float(h)}
            for s, c, h in zip(self.starts, self.counts, self.hours, strict=True)
        ]


def period_starts(start: dt.date, end: dt.date, freq: Frequency = "W") -> _DateArray:
    """First day of each period overlapping ``[start, end)``; the first one is ``start``.

    ``freq`` is ``"D"`` (days), ``"W"`` (ISO weeks, Monday to Sunday) or ``"M"`` (months).

    >>> import datetime as dt
    >>> period_starts(dt.date(2026, 11, 26), dt.date(2026, 12, 10), "W")
    array(['2026-11-26', '2026-11-30', '2026-12-07'], dtype='datetime64[D]')
    """
    a = as_date(start, "start")
    b = as_date(end, "end")
    if b <= a:
        raise ValidationError(f"'end' must be after 'start' (got start {a}, end {b})")
    if freq not in ("D", "W", "M"):
        raise ValidationError(f"'freq' must be one of 'D', 'W', 'M' (got {freq!r})")
    a64 = np.datetime64(a, "D")
    b64 = np.datetime64(b, "D")
    if freq == "D":
        return np.arange(a64, b64, dtype="datetime64[D]")
    if freq == "W":
        # Monday on or before a; 1970-01-05 was a Monday
        first = ((a64.astype(np.int64) - 4) // 7) * 7 + 4
        grid = np.arange(first, b64.astype(np.int64), 7, dtype=np.int64)
    else:
        months = np.arange(
            np.datetime64(a, "M"), np.datetime64(b, "M") + 1, dtype="datetime64[M]"
        ).astype("datetime64[D]")
        grid = months.astype(np.int64)
        grid = grid[grid < b64.astype(np.int64)]
    grid = grid.copy()
    grid[0] = max(int(grid[0]), int(a64.astype(np.int64)))
    return grid.astype("datetime64[D]")


def bucket(dates: Sequence[dt.date] | _DateArray, starts: _DateArray) -> npt.NDArray[np.int64]:
    """Index of the period (given by its ``starts``) that holds each date; -1 before the first.

    >>> import datetime as dt
    >>> s = period_starts(dt.date(2026, 1, 1), dt.date(2026, 4, 1), "M")
    >>> bucket([dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 3, 2)], s).tolist()
    [-1, 0, 2]
    """
    arr = _as_date_array(dates, "dates")
    st = np.asarray(starts).astype("datetime64[D]")
    return np.searchsorted(st, arr, side="right").astype(np.int64) - 1


def _as_date_array(values: Iterable[Any] | _DateArray, name: str) -> _DateArray:
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.datetime64):
        return values.astype("datetime64[D]")
    items = list(values)
    out = [np.datetime64(as_date(v, f"{name}[{i}]"), "D") for i, v in enumerate(items)]
    return np.array(out, dtype="datetime64[D]")
