"""Clock-time working calendars: shifts, exceptions, and working-time arithmetic on instants.

The clock-time layer under :class:`pmokit.calendar.WorkCalendar`. A :class:`WorkingTime` says
when work happens to the minute: the shifts of each weekday (``08:00-12:00`` and
``13:00-17:00``), exception periods (a date or a range of dates) with their own shifts or
none, and holidays (dates off unless an exception says otherwise). The length of a day follows
from its shifts. :class:`DurationUnits` holds the tool's settings for what a "day", a "week" and
a "month" of *duration* mean (MS Project's "hours per day", "hours per week" and "days per
month"), independent of any calendar's actual hours; :func:`parse_duration` reads MS Project
style strings ("2d", "4h", "1.5w", "3ed", "50%").

Design
------
Instants are whole minutes (``datetime64[m]``; internally int64 minutes since 1970-01-01).
The calendar is expanded into a table of its working intervals ``[s_i, e_i)`` over a range of
days (sorted, disjoint, adjacent intervals merged, so a 24-hour calendar is one interval) and
the cumulative working minutes before each interval, ``c_i``. The working minutes before an
instant ``t`` are ``W(t) = c_k + clip(t - s_k, 0, e_k - s_k)`` with ``k`` the last interval
starting at or before ``t`` (one ``searchsorted``). ``W`` is non-decreasing, so every operation
is a lookup or its inverse, vectorised over arrays with no Python loop per instant:

* working minutes between ``a`` and ``b`` are ``W(b) - W(a)``;
* adding ``d`` working minutes to ``t`` is the inverse of ``W`` at ``W(t) + d``. The inverse is
  an interval of instants when the target falls on a boundary (Friday 17:00 to Monday 08:00
  have the same ``W``): ``side="start"`` takes its latest instant (the start of working time,
  Monday 08:00: where a task *starts*), ``side="finish"`` its earliest (the end of the last
  working period, Friday 17:00: where a task *finishes*);
* the next working instant at or after ``t`` is the start-side inverse of ``W(t)``, and the
  end of the last working period at or before ``t`` (``t`` itself inside working time) is the
  finish-side inverse.

A finish instant at midnight is the end of the day before it (the day API's convention: a
1-day task that starts Monday finishes Monday). ``datetime64[m]`` has no "24:00", so the end of
a shift ending at 24:00 on Monday is the same instant as Tuesday 00:00, and adjacent 24-hour
days are one merged interval; the instants stay exact and only their *date* needs the
convention. :meth:`WorkingTime.finish_dates` applies it: a finish's date is the day of the
minute just before it (Monday 24:00 -> Monday; Friday 17:00 -> Friday), while a start's date
is its own day (Tuesday 00:00 -> Tuesday).

The table covers whole years around the instants seen so far and grows on demand (in both
directions, doubling) when an instant or a target falls outside it. Growing builds a new
table and publishes it with one attribute assignment under a lock; a published table's arrays
are read-only and never change, and every operation reads the table once, so concurrent
callers always see a consistent table (copy-on-grow). Pickling drops the cache.

Durations in working time use the calendar's own hours: "2d" is ``2 x minutes_per_day`` of
the :class:`DurationUnits` (MS Project: a day of duration is the "hours per day" setting even
on a calendar whose days are 10 hours). Elapsed durations ("3ed") are calendar time, 24/7.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import numbers
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt
from dateutil import rrule

from pmokit._validation import as_date
from pmokit.errors import ValidationError

__all__ = [
    "DurationUnits",
    "ExceptionPeriod",
    "LazyWorkingTime",
    "ParsedDuration",
    "Side",
    "WorkingTime",
    "calendar_working_time",
    "convert_calendar_shifts",
    "convert_exception_shifts",
    "default_shifts",
    "parse_duration",
    "percent_lag_minutes",
]

Side = Literal["start", "finish"]
Shift = tuple[int, int]
DayShifts = tuple[Shift, ...]

_DAY = 1440
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EPOCH = dt.date(1970, 1, 1)
# the table never reaches beyond these days (years 1700 to 2300)
_MIN_DAY = (dt.date(1700, 1, 1) - _EPOCH).days
_MAX_DAY = (dt.date(2300, 1, 1) - _EPOCH).days
_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_IntArray = npt.NDArray[np.int64]
_FloatArray = npt.NDArray[np.float64]
_MinuteArray = npt.NDArray[np.datetime64]


# ---------------------------------------------------------------------------- shifts
def _minute_of_day(value: Any, where: str, problems: list[str], *, end: bool) -> int | None:
    """Minutes after midnight of a shift bound: "HH:MM", datetime.time or int minutes."""
    if isinstance(value, str):
        m = _TIME_RE.match(value)
        if m is None:
            problems.append(f"{where} must be a time 'HH:MM' (got {value!r})")
            return None
        minute = int(m.group(1)) * 60 + int(m.group(2))
        if int(m.group(2)) >= 60:
            problems.append(f"{where} has minutes >= 60 (got {value!r})")
            return None
    elif isinstance(value, dt.time):
        if value.second or value.microsecond:
            problems.append(f"{where} must be a whole minute (got {value.isoformat()})")
            return None
        minute = value.hour * 60 + value.minute
        if end and minute == 0:
            minute = _DAY  # an end at time(0) is midnight at the end of the day
    elif isinstance(value, numbers.Integral) and not isinstance(value, bool):
        minute = int(value)
    else:
        problems.append(
            f"{where} must be 'HH:MM', a datetime.time or minutes after midnight "
            f"(got {value!r} that is a {type(value).__name__})"
        )
        return None
    if not 0 <= minute <= _DAY:
        problems.append(f"{where} must lie within 00:00-24:00 (got {_hhmm(minute)})")
        return None
    return minute


def _hhmm(minute: int) -> str:
    sign = "-" if minute < 0 else ""
    h, m = divmod(abs(minute), 60)
    return f"{sign}{h:02d}:{m:02d}"


def _shift_text(shift: Shift) -> str:
    return f"{_hhmm(shift[0])}-{_hhmm(shift[1])}"


def _convert_day_shifts(value: Any, name: str, problems: list[str]) -> DayShifts:
    """One day's shifts: None/() for a day off, "08:00-12:00", or pairs (start, end)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) or _is_pair(value) else None
    if items is None:
        try:
            items = list(value)
        except TypeError:
            problems.append(
                f"{name} must be shifts such as ('08:00-12:00', '13:00-17:00') "
                f"(got {value!r} that is a {type(value).__name__})"
            )
            return ()
    shifts: list[Shift] = []
    for i, item in enumerate(items):
        where = f"{name} shift {i + 1}"
        if isinstance(item, str):
            parts = item.split("-")
            if len(parts) != 2:
                problems.append(f"{where} must be 'HH:MM-HH:MM' (got {item!r})")
                continue
            a_raw, b_raw = parts
        elif _is_pair(item):
            a_raw, b_raw = item
        else:
            problems.append(
                f"{where} must be 'HH:MM-HH:MM' or a (start, end) pair (got {item!r})"
            )
            continue
        a = _minute_of_day(a_raw, f"{where} start", problems, end=False)
        b = _minute_of_day(b_raw, f"{where} end", problems, end=True)
        if a is None or b is None:
            continue
        if b <= a:
            problems.append(
                f"{where} ends before it starts ({_hhmm(a)}-{_hhmm(b)}); a shift must end "
                "after it starts on the same day (split a night shift at midnight)"
            )
            continue
        shifts.append((a, b))
    shifts.sort()
    for (a0, b0), (a1, b1) in itertools.pairwise(shifts):
        if a1 < b0:
            problems.append(
                f"{name} has overlapping shifts {_shift_text((a0, b0))} and "
                f"{_shift_text((a1, b1))}"
            )
    return tuple(shifts)


def _is_pair(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and not any(isinstance(v, (tuple, list)) for v in value)
        and not (isinstance(value[0], str) and "-" in value[0])
    )


def _convert_week(value: Any) -> tuple[DayShifts, ...]:
    problems: list[str] = []
    if isinstance(value, Mapping):
        bad = [k for k in value if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= 6]
        if bad:
            raise ValidationError(
                f"'week' keys must be weekday numbers 0 (Monday) to 6 (Sunday) (got {bad!r})"
            )
        raw = [value.get(d, ()) for d in range(7)]
    else:
        try:
            raw = list(value)
        except TypeError:
            raise ValidationError(
                f"'week' must be 7 days of shifts, Monday first, or a mapping weekday -> shifts "
                f"(got {value!r} that is a {type(value).__name__})"
            ) from None
        if len(raw) != 7:
            raise ValidationError(
                f"'week' must have 7 entries, Monday to Sunday (got {len(raw)})"
            )
    week = tuple(
        _convert_day_shifts(v, f"'week' {_WEEKDAY_NAMES[d]}", problems) for d, v in enumerate(raw)
    )
    if problems:
        raise ValidationError(problems)
    return week


def _as_first(value: Any) -> dt.date:
    return as_date(value, "first")


def _as_last(value: Any) -> dt.date:
    return as_date(value, "last")


def _same_as_first(period: Any) -> dt.date:
    first: dt.date = period.first
    return first


@attrs.frozen
class ExceptionPeriod:
    """Dates ``first`` to ``last`` (inclusive) worked with their own shifts, or not at all.

    Parameters
    ----------
    first, last
        The first and last date of the period (``last`` defaults to ``first``).
    shifts
        The shifts of every day of the period, as for one day of
        :attr:`WorkingTime.week`; empty for days off.
    """

    first: dt.date = attrs.field(converter=_as_first)
    last: dt.date = attrs.field(
        default=attrs.Factory(_same_as_first, takes_self=True), converter=_as_last
    )
    shifts: DayShifts = attrs.field(default=())

    def __attrs_post_init__(self) -> None:
        if self.last < self.first:
            raise ValidationError(
                f"exception period {self.first}..{self.last} ends before it starts"
            )
        problems: list[str] = []
        shifts = _convert_day_shifts(self.shifts, f"exception {self.first}", problems)
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "shifts", shifts)


def _convert_exceptions(value: Any) -> tuple[ExceptionPeriod, ...]:
    if value is None:
        return ()
    out: list[ExceptionPeriod] = []
    for i, item in enumerate(value):
        if isinstance(item, ExceptionPeriod):
            out.append(item)
        elif isinstance(item, tuple) and len(item) == 2:
            out.append(ExceptionPeriod(item[0], shifts=item[1]))
        elif isinstance(item, tuple) and len(item) == 3:
            out.append(ExceptionPeriod(item[0], item[1], item[2]))
        else:
            raise ValidationError(
                f"'exceptions[{i}]' must be an ExceptionPeriod, (date, shifts) or "
                f"(first, last, shifts) (got {item!r})"
            )
    out.sort(key=lambda p: p.first)
    problems = [
        f"exception periods {a.first}..{a.last} and {b.first}..{b.last} overlap"
        for a, b in itertools.pairwise(out)
        if b.first <= a.last
    ]
    if problems:
        raise ValidationError(problems)
    return tuple(out)


def _convert_holidays(value: Any) -> tuple[dt.date, ...]:
    if value is None:
        return ()
    return tuple(sorted({as_date(v, f"holidays[{i}]") for i, v in enumerate(value)}))


def _convert_rules(value: Any) -> tuple[rrule.rrulebase, ...]:
    items = tuple(value or ())
    bad = [i for i, r in enumerate(items) if not isinstance(r, rrule.rrulebase)]
    if bad:
        raise ValidationError(
            f"'holiday_rules' must hold dateutil.rrule recurrences (entries {bad} are not)"
        )
    return items


def _rules_key(rules: tuple[rrule.rrulebase, ...]) -> tuple[Any, ...]:
    # rrule has no __eq__; its RFC text identifies it (an rruleset compares by identity)
    return tuple(str(r) if isinstance(r, rrule.rrule) else id(r) for r in rules)


# ---------------------------------------------------------------------------- the table
@attrs.frozen
class _Table:
    """Working intervals of the days ``[lo_day, hi_day)``; arrays read-only."""

    lo_day: int
    hi_day: int
    starts: _IntArray  # interval starts [minutes since 1970-01-01]
    ends: _IntArray
    cum: _IntArray  # working minutes before each interval (since the table's first day)
    cum_end: _IntArray  # cum + length

    @property
    def total(self) -> int:
        return int(self.cum_end[-1]) if self.cum_end.size else 0

    def covers(self, lo_min: int, hi_min: int) -> bool:
        return self.lo_day * _DAY <= lo_min and hi_min < self.hi_day * _DAY

    def before(self, t: _IntArray) -> _IntArray:
        """W(t): working minutes from the table's first day to ``t`` (t inside the table)."""
        k = np.searchsorted(self.starts, t, side="right") - 1
        kc = np.maximum(k, 0)
        inside = np.clip(t - self.starts[kc], 0, self.ends[kc] - self.starts[kc])
        return np.where(k >= 0, self.cum[kc] + inside, 0)

    def inverse(self, w: _IntArray, side: Side) -> _IntArray:
        """The instant with W = w (0 < w < total), at the start or finish side of a gap."""
        k = np.searchsorted(self.cum_end, w, side="right" if side == "start" else "left")
        return self.starts[k] + (w - self.cum[k])


class _Cache:
    """The published table and the lock that serialises growing it (dropped by pickle)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.table: _Table | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        del state
        self.__init__()  # type: ignore[misc]

    def __deepcopy__(self, memo: dict[int, Any]) -> _Cache:
        return _Cache()


def _ro(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.setflags(write=False)
    return a


@attrs.frozen(eq=False)
class WorkingTime:
    """When work happens, to the minute: weekly shifts, exception periods, holidays.

    Parameters
    ----------
    week
        The shifts of each weekday, Monday first (7 entries) or a mapping weekday number
        (0 = Monday) -> shifts. A day's shifts are a sequence of ``"HH:MM-HH:MM"`` strings or
        ``(start, end)`` pairs (``"HH:MM"``, ``datetime.time`` or minutes after midnight;
        ``"24:00"``, 1440 or ``time(0)`` as an end is midnight); empty for a day off.
        Default: Monday to Friday 08:00-12:00 and 13:00-17:00 (MS Project's standard).
    exceptions
        :class:`ExceptionPeriod` records, or ``(date, shifts)`` / ``(first, last, shifts)``
        tuples: days worked with their own shifts, or not at all (empty shifts). They win
        over holidays. Periods must not overlap.
    holidays
        Dates not worked (unless an exception says otherwise).
    holiday_rules
        Recurring holidays as ``dateutil.rrule`` recurrences.

    Raises
    ------
    ValidationError
        A shift that ends before it starts, overlapping shifts, a time outside 00:00-24:00,
        overlapping exception periods, or a calendar with no working time at all; the message
        names the weekday or the exception.

    Examples
    --------
    >>> import numpy as np
    >>> wt = WorkingTime()                                     # Mon-Fri 8-12, 13-17
    >>> t = np.array(["2026-11-27T15:00"], dtype="datetime64[m]")   # Friday 15:00
    >>> wt.add(t, 120, side="finish"), wt.add(t, 120, side="start")
    (array(['2026-11-27T17:00'], dtype='datetime64[m]'),
     array(['2026-11-30T08:00'], dtype='datetime64[m]'))
    >>> wt.working_minutes(t, np.array(["2026-11-30T09:00"], dtype="datetime64[m]"))
    array([180])
    """

    week: tuple[DayShifts, ...] = attrs.field(
        default=(("08:00-12:00", "13:00-17:00"),) * 5 + ((),) * 2, converter=_convert_week
    )
    exceptions: tuple[ExceptionPeriod, ...] = attrs.field(
        default=(), converter=_convert_exceptions
    )
    holidays: tuple[dt.date, ...] = attrs.field(default=(), converter=_convert_holidays)
    holiday_rules: tuple[rrule.rrulebase, ...] = attrs.field(default=(), converter=_convert_rules)
    _cache: _Cache = attrs.field(init=False, factory=_Cache, repr=False, alias="_cache")

    def __attrs_post_init__(self) -> None:
        if not any(self.week) and not any(p.shifts for p in self.exceptions):
            raise ValidationError(
                "the working time has no shifts on any weekday and no worked exception; "
                "give shifts such as week={0: ['08:00-17:00']}"
            )

    def _key(self) -> tuple[Any, ...]:
        return (self.week, self.exceptions, self.holidays, _rules_key(self.holiday_rules))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingTime):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    @classmethod
    def standard(
        cls,
        shifts: Any = ("08:00-12:00", "13:00-17:00"),
        weekdays: Iterable[int] = (0, 1, 2, 3, 4),
        **kwargs: Any,
    ) -> WorkingTime:
        """The same ``shifts`` on each of ``weekdays``; other keywords as the constructor.

        >>> monday = np.array(["2026-11-23"], "datetime64[D]")
        >>> WorkingTime.standard("08:00-16:00").day_minutes(monday)
        array([480])
        """
        days = set(weekdays)
        return cls(week=dict.fromkeys(days, shifts), **kwargs)

    # ------------------------------------------------------------------ the table
    def _day_patterns(self, lo: int, hi: int) -> tuple[_IntArray, list[DayShifts]]:
        """Pattern index per day of ``[lo, hi)`` and the patterns (shift tuples)."""
        patterns: list[DayShifts] = list(self.week)
        days = np.arange(lo, hi, dtype=np.int64)
        pattern = (days + 3) % 7  # 1970-01-01 was a Thursday; weekday d uses pattern d
        hol = [(d - _EPOCH).days for d in self.holidays]
        if self.holiday_rules:
            first = dt.datetime.combine(_EPOCH + dt.timedelta(days=lo), dt.time())
            last = dt.datetime.combine(_EPOCH + dt.timedelta(days=hi), dt.time())
            for rule in self.holiday_rules:
                hol.extend((o.date() - _EPOCH).days for o in rule.between(first, last, inc=True))
        hol_arr = np.asarray(hol, dtype=np.int64)
        hol_arr = hol_arr[(hol_arr >= lo) & (hol_arr < hi)]
        patterns.append(())
        pattern[hol_arr - lo] = len(patterns) - 1
        for period in self.exceptions:
            a = max((period.first - _EPOCH).days, lo)
            b = min((period.last - _EPOCH).days + 1, hi)
            if a < b:
                patterns.append(period.shifts)
                pattern[a - lo : b - lo] = len(patterns) - 1
        return pattern, patterns

    def _build(self, lo: int, hi: int) -> _Table:
        pattern, patterns = self._day_patterns(lo, hi)
        days = np.arange(lo, hi, dtype=np.int64)
        starts_parts: list[_IntArray] = []
        ends_parts: list[_IntArray] = []
        for p, shifts in enumerate(patterns):
            if not shifts:
                continue
            sel = days[pattern == p] * _DAY
            sh = np.asarray(shifts, dtype=np.int64)
            starts_parts.append((sel[:, None] + sh[None, :, 0]).ravel())
            ends_parts.append((sel[:, None] + sh[None, :, 1]).ravel())
        starts = np.concatenate(starts_parts) if starts_parts else np.empty(0, np.int64)
        ends = np.concatenate(ends_parts) if ends_parts else np.empty(0, np.int64)
        order = np.argsort(starts, kind="stable")
        starts, ends = starts[order], ends[order]
        if starts.size:  # merge intervals that touch (24-hour days, shifts across midnight)
            touch = starts[1:] == ends[:-1]
            starts = starts[np.concatenate(([True], ~touch))]
            ends = ends[np.concatenate((~touch, [True]))]
        cum_end = np.cumsum(ends - starts)
        cum = cum_end - (ends - starts)
        return _Table(lo, hi, _ro(starts), _ro(ends), _ro(cum), _ro(cum_end))

    def _table(self, lo_min: int, hi_min: int) -> _Table:
        """A published table covering the instants ``[lo_min, hi_min]`` [minutes]."""
        tab = self._cache.table
        if tab is not None and tab.covers(lo_min, hi_min):
            return tab
        lo_day, hi_day = lo_min // _DAY, hi_min // _DAY + 1
        if lo_day < _MIN_DAY or hi_day > _MAX_DAY:
            raise ValidationError(
                "instants must lie between 1700 and 2300 for working-time arithmetic "
                f"(got {np.datetime64(lo_min, 'm')} to {np.datetime64(hi_min, 'm')})"
            )
        with self._cache.lock:
            tab = self._cache.table
            if tab is not None and tab.covers(lo_min, hi_min):
                return tab
            lo_year = (_EPOCH + dt.timedelta(days=lo_day)).year - 1
            hi_year = (_EPOCH + dt.timedelta(days=hi_day)).year + 2
            lo = max((dt.date(lo_year, 1, 1) - _EPOCH).days, _MIN_DAY)
            hi = min((dt.date(hi_year, 1, 1) - _EPOCH).days, _MAX_DAY)
            if tab is not None:  # grow to at least double, in the direction needed
                span = tab.hi_day - tab.lo_day
                lo = max(min(lo, tab.lo_day - span), _MIN_DAY) if lo < tab.lo_day else tab.lo_day
                hi = min(max(hi, tab.hi_day + span), _MAX_DAY) if hi > tab.hi_day else tab.hi_day
            tab = self._build(lo, hi)
            self._cache.table = tab  # publish: readers holding the old table are unaffected
            return tab

    def _invert(self, lo_min: int, hi_min: int, base: _IntArray, delta: _IntArray,
                side: Side) -> _IntArray:
        """Instants with ``W = W(base) + delta``, growing the table until they fit."""
        tab = self._table(lo_min, hi_min)
        while True:
            w = tab.before(base) + delta
            low_ok = tab.lo_day <= _MIN_DAY or (w.size == 0 or int(w.min()) > 0)
            high_ok = tab.hi_day >= _MAX_DAY or (w.size == 0 or int(w.max()) < tab.total)
            if low_ok and high_ok:
                break
            span = (tab.hi_day - tab.lo_day) * _DAY
            lo_min = tab.lo_day * _DAY - (0 if low_ok else span)
            hi_min = tab.hi_day * _DAY + (0 if high_ok else span)
            lo_min = max(lo_min, _MIN_DAY * _DAY)
            hi_min = min(hi_min, _MAX_DAY * _DAY - 1)
            tab = self._table(lo_min, hi_min)
        # W = 0 is the first working instant as a start, and W = total the last as a
        # finish; a finish with nothing worked before it (or a start with nothing after
        # it) does not exist anywhere in the supported range.
        first_ok = 0 if side == "start" else 1
        last_ok = tab.total if side == "finish" else tab.total - 1
        if w.size and (int(w.min()) < first_ok or int(w.max()) > last_ok):
            raise ValidationError(
                "working-time arithmetic ran out of working time between 1700 and 2300 "
                "(the calendar has no shifts on any weekday beyond its exceptions, or the "
                "duration is too long)"
            )
        return tab.inverse(w, side)

    # ------------------------------------------------------------------ arithmetic
    def working_minutes(self, a: Any, b: Any) -> _IntArray:
        """Working minutes from instants ``a`` to ``b`` [minutes]; negative when ``b < a``.

        Parameters
        ----------
        a, b
            Instants, broadcast together: ``datetime64`` arrays (any unit; truncated to
            the minute), ``datetime`` / ``date`` objects or sequences of them.
        """
        ta, tb = np.broadcast_arrays(_minutes(a, "a"), _minutes(b, "b"))
        if ta.size == 0:
            return np.zeros(ta.shape, dtype=np.int64)
        lo = int(min(ta.min(), tb.min()))
        hi = int(max(ta.max(), tb.max()))
        tab = self._table(lo, hi)
        return tab.before(tb) - tab.before(ta)

    def add(
        self, instants: Any, minutes: Any, *, side: Side = "finish", elapsed: Any = False
    ) -> _MinuteArray:
        """The instants ``minutes`` of working time after ``instants`` (before, if negative).

        Parameters
        ----------
        instants
            Instants (see :meth:`working_minutes`).
        minutes
            Working minutes [minutes], broadcast with ``instants``; fractions are rounded to
            the nearest minute.
        side
            Where a result that falls on the boundary between two working periods is placed:
            ``"finish"`` at the end of the earlier period (Friday 17:00; where a task
            finishes), ``"start"`` at the start of the later one (Monday 08:00; where a task
            starts).
        elapsed
            True (or a boolean array) for elapsed time: 24/7 minutes added to the instant,
            ignoring the calendar.

        Returns
        -------
        numpy.ndarray
            ``datetime64[m]`` instants.
        """
        side = _check_side(side)
        t = _minutes(instants, "instants")
        d = _duration_minutes(minutes, "minutes")
        el = np.asarray(elapsed)
        if el.dtype != np.bool_:
            raise ValidationError(
                f"'elapsed' must be a bool or an array of bools (got {elapsed!r})"
            )
        t, d, el = np.broadcast_arrays(t, d, el)
        if t.size == 0:
            return t.astype("datetime64[m]")
        out = np.array(t + d, dtype=np.int64)  # elapsed results; working ones replaced below
        work = ~el
        if work.any():
            tw = t[work]
            out[work] = self._invert(int(tw.min()), int(tw.max()), tw, d[work], side)
        return out.astype("datetime64[m]")

    def subtract(
        self, instants: Any, minutes: Any, *, side: Side = "start", elapsed: Any = False
    ) -> _MinuteArray:
        """The instants ``minutes`` of working time before ``instants``; see :meth:`add`.

        The default side is ``"start"``: a late start computed back from a late finish is
        placed at the start of working time.
        """
        return self.add(instants, -_duration_minutes(minutes, "minutes"), side=side,
                        elapsed=elapsed)

    def next_start(self, instants: Any) -> _MinuteArray:
        """The first working instant at or after each instant (a start: Monday 08:00)."""
        return self.add(instants, 0, side="start")

    def previous_finish(self, instants: Any) -> _MinuteArray:
        """The end of the working time up to each instant: the instant itself when the minute
        before it is worked, else the end of the last working period before it (a finish:
        Saturday 10:00 and Monday 08:00 both give Friday 17:00)."""
        return self.add(instants, 0, side="finish")

    def finish_dates(self, instants: Any) -> npt.NDArray[np.datetime64]:
        """The day each finish instant ends: the day of the minute just before it.

        A finish at midnight is the end of the day before (``24:00``, the day API's
        convention: :meth:`pmokit.calendar.WorkCalendar.finish_date`); any other finish is on
        its own day. A start's date is simply ``instants.astype("datetime64[D]")``.

        Returns
        -------
        numpy.ndarray
            ``datetime64[D]`` dates.

        Examples
        --------
        >>> around = WorkingTime.standard("00:00-24:00", weekdays=[0])   # Mondays, 24 hours
        >>> t = np.array(["2026-11-23T00:00"], dtype="datetime64[m]")
        >>> finish = around.add(t, 1440)             # Monday 24:00 is Tuesday 00:00 ...
        >>> finish
        array(['2026-11-24T00:00'], dtype='datetime64[m]')
        >>> around.finish_dates(finish)               # ... and the task finishes Monday
        array(['2026-11-23'], dtype='datetime64[D]')
        """
        t = _minutes(instants, "instants")
        return ((t - 1) // _DAY).astype("datetime64[D]")

    def is_working(self, instants: Any) -> npt.NDArray[np.bool_]:
        """Whether the minute starting at each instant is worked."""
        t = _minutes(instants, "instants")
        if t.size == 0:
            return np.zeros(t.shape, dtype=bool)
        tab = self._table(int(t.min()), int(t.max()) + 1)
        return tab.before(t + 1) > tab.before(t)

    def day_minutes(self, days: Any) -> _IntArray:
        """Working minutes of each day [minutes]: the day's length from its shifts."""
        d = np.asarray(days).astype("datetime64[D]").astype(np.int64) * _DAY
        return self.working_minutes(d.astype("datetime64[m]"), (d + _DAY).astype("datetime64[m]"))


def _check_side(side: Any) -> Side:
    if side not in ("start", "finish"):
        raise ValidationError(f"'side' must be 'start' or 'finish' (got {side!r})")
    return side  # type: ignore[no-any-return]


def _minutes(value: Any, name: str) -> _IntArray:
    """Instants as int64 minutes since 1970-01-01."""
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.datetime64):
        arr = value
    elif isinstance(value, (dt.date, np.datetime64)):
        arr = np.asarray(np.datetime64(value))
    else:
        try:
            items = list(value)
        except TypeError:
            raise ValidationError(
                f"'{name}' must be datetime64 instants, datetimes or dates "
                f"(got {value!r} that is a {type(value).__name__})"
            ) from None
        bad = [v for v in items if not isinstance(v, (dt.date, np.datetime64))]
        if bad:
            raise ValidationError(
                f"'{name}' must hold datetimes or dates (got {bad[0]!r} that is a "
                f"{type(bad[0]).__name__})"
            )
        arr = np.array([np.datetime64(v) for v in items])
        if arr.size == 0:
            return np.empty(0, dtype=np.int64)
    if np.isnat(arr).any():
        raise ValidationError(f"'{name}' must not hold NaT")
    return arr.astype("datetime64[m]").astype(np.int64)


def _duration_minutes(value: Any, name: str) -> _IntArray:
    arr = np.asarray(value)
    if arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise ValidationError(
            f"'{name}' must be numbers of minutes (got {value!r} of dtype {arr.dtype})"
        )
    f = arr.astype(np.float64)
    if not np.isfinite(f).all():
        raise ValidationError(f"'{name}' must be finite minutes (got nan or inf)")
    return np.rint(f).astype(np.int64)


# ---------------------------------------------------------------------------- durations
def _check_positive(instance: Any, attribute: Any, value: Any) -> None:
    del instance
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ValidationError(f"'{attribute.name}' must be a number > 0 (got {value!r})")


@attrs.frozen
class DurationUnits:
    """What a "day", "week" and "month" of duration mean (MS Project's calendar options).

    Parameters
    ----------
    hours_per_day
        Working hours in a day of duration [hours] (MS Project "Hours per day", default 8),
        whatever a calendar's actual day length is.
    days_per_week
        Working days in a week of duration [days] (MS Project "Hours per week" / hours per
        day; default 5).
    days_per_month
        Working days in a month of duration [days] (MS Project "Days per month"; default 20).
    """

    hours_per_day: float = attrs.field(default=8.0, validator=_check_positive)
    days_per_week: float = attrs.field(default=5.0, validator=_check_positive)
    days_per_month: float = attrs.field(default=20.0, validator=_check_positive)

    def __attrs_post_init__(self) -> None:
        if self.hours_per_day > 24:
            raise ValidationError(
                f"'hours_per_day' must be at most 24 (got {self.hours_per_day!r}); "
                "is it minutes?"
            )

    @property
    def minutes_per_day(self) -> float:
        """Minutes of a day of duration [minutes]."""
        return float(self.hours_per_day) * 60.0

    def unit_minutes(self, unit: str) -> tuple[float, bool]:
        """Minutes in one ``unit`` and whether it is elapsed (see :func:`parse_duration`)."""
        key = unit.strip().lower()
        elapsed = False
        if key not in _UNIT_ALIASES and key.startswith("e") and key[1:] in _UNIT_ALIASES:
            elapsed, key = True, key[1:]
        base = _UNIT_ALIASES.get(key)
        if base is None:
            raise ValidationError(
                f"unknown duration unit {unit!r}; expected one of m, h, d, w, mo (minutes, "
                "hours, days, weeks, months), e.g. '2d', or elapsed em, eh, ed, ew, emo"
            )
        if elapsed:
            per = {"m": 1.0, "h": 60.0, "d": 1440.0, "w": 10080.0, "mo": 43200.0}
        else:
            day = self.minutes_per_day
            per = {"m": 1.0, "h": 60.0, "d": day, "w": day * self.days_per_week,
                   "mo": day * self.days_per_month}
        return per[base], elapsed


_UNIT_ALIASES = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "m"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "h"),
    **dict.fromkeys(("d", "dy", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "w"),
    **dict.fromkeys(("mo", "mon", "mons", "month", "months"), "mo"),
}
_DURATION_RE = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-zA-Z%]*)\s*\??\s*$")


@attrs.frozen
class ParsedDuration:
    """A duration or lag read by :func:`parse_duration`.

    Attributes
    ----------
    minutes
        Working minutes, or calendar minutes when ``elapsed`` [minutes]; 0 for a percent lag.
    elapsed
        True for elapsed (24/7) time.
    percent
        For a percent lag, the percentage of the predecessor's duration [%]; else None.
    """

    minutes: float
    elapsed: bool = False
    percent: float | None = None


def parse_duration(text: str, units: DurationUnits | None = None) -> ParsedDuration:
    """Read an MS Project style duration or lag: ``"2d"``, ``"4h"``, ``"3ed"``, ``"50%"``.

    Units: ``m`` minutes, ``h`` hours, ``d`` days (``units.hours_per_day``), ``w`` weeks
    (``units.days_per_week`` days), ``mo`` months (``units.days_per_month`` days); with an
    ``e`` in front, elapsed (24/7) time: ``ed`` is 24 hours, ``ew`` 7 x 24 hours, ``emo``
    30 x 24 hours. Long forms (``"2 days"``, ``"3 hrs"``) are accepted; a number without a
    unit is in days; a trailing ``?`` (MS Project's estimated mark) is ignored. ``"50%"`` is a
    percent lag (see :func:`percent_lag_minutes`).

    Raises
    ------
    ValidationError
        For text that is not a number with a unit, or an unknown unit.

    Examples
    --------
    >>> parse_duration("2d"), parse_duration("1.5w").minutes, parse_duration("3ed").elapsed
    (ParsedDuration(minutes=960.0, elapsed=False, percent=None), 3600.0, True)
    >>> parse_duration("-50%").percent
    -50.0
    """
    if not isinstance(text, str):
        raise ValidationError(
            f"a duration must be a string such as '2d' (got {text!r} that is a "
            f"{type(text).__name__})"
        )
    m = _DURATION_RE.match(text)
    if m is None:
        raise ValidationError(
            f"duration {text!r} must be a number and a unit, such as '2d', '4h', '1.5w', "
            "'3ed' or '50%'"
        )
    value = float(m.group(1))
    unit = m.group(2) or "d"
    if unit == "%":
        return ParsedDuration(0.0, False, value)
    try:
        per, elapsed = (units or DurationUnits()).unit_minutes(unit)
    except ValidationError:
        raise ValidationError(
            f"duration {text!r} has an unknown unit {unit!r}; expected m, h, d, w or mo "
            "(minutes, hours, days, weeks, months), or elapsed em, eh, ed, ew, emo"
        ) from None
    return ParsedDuration(value * per, elapsed, None)


def percent_lag_minutes(
    percent: Any, predecessor_minutes: Any, links: Sequence[Any] | None = None
) -> _FloatArray:
    """Lags [minutes] of percent lags: ``percent / 100`` of each predecessor's duration.

    Parameters
    ----------
    percent
        Percent lags [%], one per link (NaN for a link without a percent lag).
    predecessor_minutes
        The duration of each link's predecessor [minutes].
    links
        Labels of the links for messages (for example ``"A -> B"``).

    Raises
    ------
    ValidationError
        Naming every link with a percent lag whose predecessor has no duration (a milestone).

    >>> percent_lag_minutes([50.0, float("nan")], [960.0, 0.0]).tolist()
    [480.0, 0.0]
    """
    p = np.asarray(percent, dtype=np.float64)
    pred = np.asarray(predecessor_minutes, dtype=np.float64)
    p, pred = np.broadcast_arrays(p, pred)
    has = ~np.isnan(p)
    bad = np.flatnonzero(has & ~(pred > 0))
    if bad.size:
        names = [
            repr(links[i]) if links is not None else f"link {i}" for i in bad.tolist()
        ]
        raise ValidationError(
            [
                f"percent lag of {n} ({p[i]:g}%) needs a predecessor with a duration "
                f"(got {pred[i]:g} minutes); give the lag in time units such as '2d'"
                for n, i in zip(names, bad.tolist(), strict=True)
            ]
        )
    return np.where(has, np.nan_to_num(p) / 100.0 * pred, 0.0)


# ---------------------------------------------------------------------------- WorkCalendar glue
def default_shifts(hours_per_day: float) -> DayShifts:
    """The shifts of a day-based calendar: one shift of ``hours_per_day`` from 08:00.

    Starts earlier when the day would end after midnight (a 20-hour day runs 04:00-24:00).

    >>> default_shifts(8.0), default_shifts(7.5), default_shifts(24.0)
    (((480, 960),), ((480, 930),), ((0, 1440),))
    """
    length = max(1, min(_DAY, round(float(hours_per_day) * 60.0)))
    start = min(480, _DAY - length)
    return ((start, start + length),)


def convert_calendar_shifts(
    value: Any, weekdays: Sequence[int]
) -> tuple[DayShifts, ...] | None:
    """Normalise ``WorkCalendar(shifts=...)`` to 7 days of shifts (None stays None).

    ``value`` is one day's shifts (used on every working weekday) or a mapping weekday ->
    shifts that must give shifts to exactly the working weekdays.
    """
    if value is None:
        return None
    problems: list[str] = []
    if _is_week(value):  # already normalised (attrs.evolve, pickle): 7 days of int pairs
        value = {d: day for d, day in enumerate(value) if day}
    if isinstance(value, Mapping):
        keys = [k for k in value if not isinstance(k, bool) and isinstance(k, int) and 0 <= k <= 6]
        if len(keys) != len(value):
            bad = [k for k in value if k not in keys]
            raise ValidationError(
                f"'shifts' keys must be weekday numbers 0 (Monday) to 6 (Sunday) (got {bad!r})"
            )
        week = [
            _convert_day_shifts(value.get(d, ()), f"'shifts' {_WEEKDAY_NAMES[d]}", problems)
            for d in range(7)
        ]
    else:
        day = _convert_day_shifts(value, "'shifts'", problems)
        if not day and not problems:
            problems.append(
                "'shifts' must hold at least one shift such as '08:00-17:00' (got none); "
                "leave it None for a day-based calendar"
            )
        week = [day if d in weekdays else () for d in range(7)]
    for d in range(7):
        if d in weekdays and not week[d] and isinstance(value, Mapping):
            problems.append(
                f"'shifts' has no shifts for {_WEEKDAY_NAMES[d]}, a working weekday; give its "
                "shifts or remove it from 'weekdays'"
            )
        if d not in weekdays and week[d]:
            problems.append(
                f"'shifts' gives shifts for {_WEEKDAY_NAMES[d]}, which is not in 'weekdays' "
                f"{tuple(weekdays)}; add it to 'weekdays'"
            )
    if problems:
        raise ValidationError(problems)
    return tuple(week)


class LazyWorkingTime:
    """A WorkingTime built on first use, under a lock (a WorkCalendar's; not pickled)."""

    __slots__ = ("lock", "value")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value: WorkingTime | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyWorkingTime, ())

    def __deepcopy__(self, memo: dict[int, Any]) -> LazyWorkingTime:
        return LazyWorkingTime()


def _is_week(value: Any) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 7
        and all(
            isinstance(day, tuple)
            and all(
                isinstance(x, tuple) and len(x) == 2 and all(type(v) is int for v in x)
                for x in day
            )
            for day in value
        )
    )


def convert_exception_shifts(value: Any) -> tuple[tuple[dt.date, DayShifts], ...]:
    """Normalise ``WorkCalendar(exception_shifts=...)``: date -> that day's own shifts.

    A mapping or (date, shifts) pairs; sorted by date. Every day must have a shift (a day
    off is a holiday).
    """
    if value is None:
        return ()
    items = list(value.items()) if isinstance(value, Mapping) else list(value)
    problems: list[str] = []
    out: dict[dt.date, DayShifts] = {}
    for i, item in enumerate(items):
        if not (isinstance(item, tuple) and len(item) == 2):
            problems.append(
                f"'exception_shifts[{i}]' must be a (date, shifts) pair (got {item!r})"
            )
            continue
        try:
            day = as_date(item[0], f"exception_shifts[{i}] date")
        except ValidationError as exc:
            problems.extend(exc.problems)
            continue
        before = len(problems)
        shifts = _convert_day_shifts(item[1], f"'exception_shifts' {day}", problems)
        if not shifts and len(problems) == before:
            problems.append(
                f"'exception_shifts' {day} has no shifts; a day off is a holiday "
                "(give it in 'holidays')"
            )
        if day in out:
            problems.append(f"'exception_shifts' gives {day} twice")
        out[day] = shifts
    if problems:
        raise ValidationError(problems)
    return tuple(sorted(out.items()))


def calendar_working_time(
    weekdays: Sequence[int],
    holidays: Iterable[dt.date],
    holiday_rules: Iterable[rrule.rrulebase],
    exceptions: Iterable[dt.date],
    shifts: tuple[DayShifts, ...] | None,
    hours_per_day: float,
    exception_shifts: Iterable[tuple[dt.date, DayShifts]] = (),
) -> WorkingTime:
    """The :class:`WorkingTime` of a :class:`~pmokit.calendar.WorkCalendar`'s fields.

    Without ``shifts`` every working weekday is :func:`default_shifts`. A day in
    ``exception_shifts`` has those shifts; another exception day (worked although its
    weekday or a holiday says otherwise) keeps its weekday's shifts when that weekday is
    worked, else gets the first working weekday's shifts.
    """
    if shifts is None:
        day = default_shifts(hours_per_day)
        week = tuple(day if d in weekdays else () for d in range(7))
    else:
        week = shifts
    usual = next((s for s in week if s), default_shifts(hours_per_day))
    own = dict(exception_shifts)
    days = sorted(set(exceptions) | set(own))
    periods = [ExceptionPeriod(d, shifts=own.get(d) or week[d.weekday()] or usual) for d in days]
    return WorkingTime(
        week=week, exceptions=periods, holidays=tuple(holidays), holiday_rules=tuple(holiday_rules)
    )
