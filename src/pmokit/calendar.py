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
import threading
from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt
from dateutil import rrule

from pmokit._deprecation import renamed_arguments
from pmokit._validation import as_date, number_kind_problem
from pmokit._worktime import (
    DayShifts,
    LazyWorkingTime,
    Side,
    WorkingTime,
    calendar_working_time,
    convert_calendar_shifts,
    convert_exception_shifts,
)
from pmokit.errors import ValidationError

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "SUPPORTED_RANGE",
    "DateRangeError",
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
_MinuteArray = npt.NDArray[np.datetime64]

MIN_DATE = dt.date.min
"""The first date a calendar can hold (1 January of year 1, as ``datetime.date``)."""
MAX_DATE = dt.date.max
"""The last date a calendar can hold (31 December 9999, as ``datetime.date``)."""
SUPPORTED_RANGE = f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
"""The supported range of dates, as text for messages."""


def _ordinal(d: dt.date) -> int:
    return (d - _EPOCH).days


_MIN_ORD = _ordinal(MIN_DATE)
_MAX_ORD = _ordinal(MAX_DATE)


class DateRangeError(ValidationError):
    """Date arithmetic that would leave the supported range of dates
    (:data:`MIN_DATE` to :data:`MAX_DATE`); a :class:`~pmokit.errors.ValidationError`."""


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


class _Grid(NamedTuple):
    """One expanded day grid; never changed once built (read-only arrays)."""

    lo: int
    hi: int
    lo_year: int
    hi_year: int
    working: npt.NDArray[np.bool_]
    cum: npt.NDArray[np.int64]
    workdays: npt.NDArray[np.int64]


class _GridCache:
    """The grid in use and the lock that serialises its growth (not pickled)."""

    __slots__ = ("grid", "lock")

    def __init__(self) -> None:
        self.grid: _Grid | None = None
        self.lock = threading.Lock()


def _rule_key(rule: Any) -> Any:
    """A comparable description of a ``dateutil`` recurrence (rules have no ``==``)."""
    if isinstance(rule, rrule.rruleset):
        parts = {k: getattr(rule, k, ()) for k in ("_rrule", "_rdate", "_exrule", "_exdate")}
        return (
            "set",
            tuple(_rule_key(r) for r in parts["_rrule"]),
            tuple(parts["_rdate"]),
            tuple(_rule_key(r) for r in parts["_exrule"]),
            tuple(parts["_exdate"]),
        )
    state = {k: v for k, v in vars(rule).items() if k not in ("_cache", "_cache_lock",
                                                              "_cache_complete", "_len",
                                                              "_cache_gen")}
    return ("rule", tuple(sorted((k, repr(v)) for k, v in state.items())))


def _make_calendar(kwargs: dict[str, Any]) -> WorkCalendar:
    return WorkCalendar(**kwargs)


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
        Working hours in one working day [hours], in (0, 24]: the length of a "day" of
        duration and of capacity (MS Project's "hours per day" setting), whatever the
        :attr:`shifts`.
    name
        A label for reports.
    shifts
        Clock hours (keyword only): one day's shifts, used on every working weekday
        (``["08:00-12:00", "13:00-17:00"]``, or ``(start, end)`` pairs of ``"HH:MM"``,
        ``datetime.time`` or minutes after midnight), or a mapping weekday -> shifts that
        gives shifts to exactly the working weekdays. Exception days get their weekday's
        shifts, or the first working weekday's. ``None`` (the default) keeps a day-based
        calendar; its clock-time methods then see one shift of ``hours_per_day`` from 08:00.
        Only the clock-time methods (:meth:`add_working_minutes` and the rest) use them.
    exception_shifts
        Working days with their own clock hours (keyword only): a mapping date -> shifts
        (or (date, shifts) pairs). Each date must be a working day of the calendar (a
        working weekday, or in :attr:`exceptions`); a day off is a holiday.

    Raises
    ------
    ValidationError
        For a weekday outside 0..6, a holiday that is not a date, a rule that is not a
        recurrence, hours outside (0, 24], or a calendar with no working day at all.

    Notes
    -----
    Two calendars are ``==`` when their weekdays, holidays, recurrence rules (compared by
    their parameters), exceptions, hours, name, shifts and exception shifts are. The object
    is immutable and hashable; it caches its expanded day grid privately, safely under
    threads (a grid is never changed, only replaced by a larger one). It pickles and
    deep-copies to an equal calendar (the cache is rebuilt on use). Dates run from
    1 January of year 1 to 31 December 9999 (``datetime.date``'s range); arithmetic that
    leaves it raises a :class:`~pmokit.errors.ValidationError` naming the argument and
    that range. The clock-time methods work from 1700 to 2300.
    """

    weekdays: tuple[int, ...] = attrs.field(default=(0, 1, 2, 3, 4), converter=_convert_weekdays)
    holidays: tuple[dt.date, ...] = attrs.field(default=(), converter=_convert_holidays)
    holiday_rules: tuple[rrule.rrulebase, ...] = attrs.field(default=(), converter=_convert_rules)
    exceptions: tuple[dt.date, ...] = attrs.field(default=(), converter=_convert_exceptions)
    hours_per_day: float = attrs.field(default=8.0, validator=_check_hours)
    name: str = ""
    shifts: tuple[DayShifts, ...] | None = attrs.field(default=None, kw_only=True)
    exception_shifts: tuple[tuple[dt.date, DayShifts], ...] = attrs.field(
        default=(), kw_only=True, converter=convert_exception_shifts
    )
    _clock: LazyWorkingTime = attrs.field(
        init=False, factory=LazyWorkingTime, repr=False, eq=False, hash=False, alias="_clock"
    )
    _cache: _GridCache = attrs.field(
        init=False, factory=_GridCache, repr=False, eq=False, hash=False, alias="_cache"
    )

    def _key(self) -> tuple[Any, ...]:
        return (
            self.weekdays, self.holidays, tuple(_rule_key(r) for r in self.holiday_rules),
            self.exceptions, float(self.hours_per_day), self.name, self.shifts,
            self.exception_shifts,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return self is other or self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash((self.weekdays, self.holidays, self.exceptions,
                     float(self.hours_per_day), self.name, len(self.holiday_rules),
                     self.shifts, self.exception_shifts))

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "weekdays": self.weekdays, "holidays": self.holidays,
            "holiday_rules": self.holiday_rules, "exceptions": self.exceptions,
            "hours_per_day": self.hours_per_day, "name": self.name,
            "shifts": self.shifts, "exception_shifts": self.exception_shifts,
        }
        return (_make_calendar, (kwargs,))

    def __attrs_post_init__(self) -> None:
        if not self.weekdays and not self.exceptions:
            raise ValidationError(
                "a WorkCalendar must have at least one working day, but 'weekdays' is empty "
                "and there are no 'exceptions'; give working weekdays such as (0, 1, 2, 3, 4)"
            )
        object.__setattr__(self, "shifts", convert_calendar_shifts(self.shifts, self.weekdays))
        off = [d for d, _ in self.exception_shifts if not self.is_working_day(d)]
        if off:
            raise ValidationError(
                [
                    f"'exception_shifts' gives clock hours to {d}, which is not a working day "
                    "of the calendar; add it to 'exceptions'"
                    for d in off
                ]
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
    def _ensure(self, lo: int, hi: int) -> _Grid:
        """A day grid that covers day ordinals [lo, hi] (with margin), clipped to the
        supported range.

        The grid in use is never changed, only replaced by a larger one (under a lock), so
        a thread that holds a grid always reads one consistent grid.
        """
        g = self._cache.grid
        if g is not None and g.lo <= lo and hi < g.hi:
            return g
        with self._cache.lock:
            g = self._cache.grid
            if g is not None and g.lo <= lo and hi < g.hi:
                return g
            g = self._build_grid(lo, hi, g)
            self._cache.grid = g
            return g

    def _build_grid(self, lo: int, hi: int, old: _Grid | None) -> _Grid:
        lo = min(max(lo, _MIN_ORD), _MAX_ORD)
        hi = min(max(hi, _MIN_ORD), _MAX_ORD)
        lo_year = max(_from_ordinal(lo).year - 1, MIN_DATE.year)
        hi_year = min(_from_ordinal(hi).year + 1, MAX_DATE.year)
        if old is not None and old.lo_year - 50 <= hi_year and lo_year <= old.hi_year + 50:
            # grow the grid in use (a far-away request gets its own grid instead: one
            # question about year 9999 does not expand the rules over 8,000 years)
            lo_year = min(lo_year, old.lo_year)
            hi_year = max(hi_year, old.hi_year)
        first = dt.date(lo_year, 1, 1)
        last = dt.date(hi_year, 12, 31)
        start, stop = _ordinal(first), _ordinal(last) + 1
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
        for a in (working, cum):
            a.setflags(write=False)
        workdays = days[working]
        workdays.setflags(write=False)
        return _Grid(start, stop, lo_year, hi_year, working, cum, workdays)

    # ------------------------------------------------------------------ scalar API
    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day.

        >>> import datetime as dt
        >>> WorkCalendar().is_working_day(dt.date(2026, 11, 28))   # a Saturday
        False
        """
        k = _ordinal(as_date(day, "day"))
        g = self._ensure(k, k)
        return bool(g.working[k - g.lo])

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Number of working days in ``[start, end)``; negative if ``end < start``.

        >>> import datetime as dt
        >>> WorkCalendar().working_days_between(dt.date(2026, 11, 23), dt.date(2026, 11, 30))
        5
        """
        a = _ordinal(as_date(start, "start"))
        b = _ordinal(as_date(end, "end"))
        g = self._ensure(min(a, b), max(a, b))
        cum = g.cum
        return int(cum[b - g.lo] - cum[a - g.lo])

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
        return self._offset_dates(np.array([_ordinal(d)]), np.array([steps]), "n")[0]

    @renamed_arguments(origin="start")
    def date_at(self, start: dt.date, offset: float) -> dt.date:
        """The working day in which the schedule instant ``offset`` lies.

        ``offset`` is in working days from the start of the first working day on or after
        ``start`` (the project start; formerly ``origin``, still accepted with a
        DeprecationWarning); equal to ``add_working_days(start, offset)``.
        """
        d = as_date(start, "start")
        steps = _check_days(offset, "offset")
        return self._offset_dates(np.array([_ordinal(d)]), np.array([steps]), "offset")[0]

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
        return self._offset_dates(np.array([_ordinal(d)]), np.array([steps]), "duration")[0]

    @renamed_arguments(origin="start")
    def offset_of(self, start: dt.date, day: dt.date) -> int:
        """Working-day offset of the start of ``day`` from the project ``start`` (the
        inverse of :meth:`date_at` on working days; ``origin`` is the deprecated name of
        ``start``)."""
        o = self._offset_dates(
            np.array([_ordinal(as_date(start, "start"))]), np.array([0.0]), "start"
        )[0]
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

    # ------------------------------------------------------------------ vectorised API
    def _offset_dates(
        self, ordinals: npt.NDArray[np.int64], offsets: npt.NDArray[np.float64], name: str
    ) -> list[dt.date]:
        res = self.offset_ordinals(ordinals, offsets, name=name)
        return [_from_ordinal(int(k)) for k in res]

    def offset_ordinals(
        self,
        ordinals: npt.NDArray[np.int64],
        offsets: npt.NDArray[np.float64],
        *,
        name: str = "offsets",
    ) -> npt.NDArray[np.int64]:
        """Vectorised :meth:`add_working_days` on day ordinals (days since 1970-01-01).

        Raises a :class:`~pmokit.errors.ValidationError` naming ``name`` when a result
        would leave the supported range of dates (:data:`MIN_DATE` to :data:`MAX_DATE`).
        """
        ords = np.asarray(ordinals, dtype=np.int64)
        raw = np.floor(np.asarray(offsets, dtype=np.float64))
        ords, raw = np.broadcast_arrays(ords, raw)
        if ords.size == 0:
            return np.empty(ords.shape, dtype=np.int64)
        span_all = _MAX_ORD - _MIN_ORD + 1
        if not np.isfinite(raw).all() or float(np.abs(raw).max()) > span_all:
            raise self._range_error(name, ords, raw)
        steps = raw.astype(np.int64)
        lo, hi = int(ords.min()), int(ords.max())
        # working days per year is at least 1 when weekdays exist; size the grid to cover
        span_days = int(np.abs(steps).max()) * 7 // max(len(self.weekdays), 1) + 14
        for _ in range(64):
            g = self._ensure(lo - span_days, hi + span_days)
            workdays = g.workdays
            # rank of the first working day on or after each ordinal
            rank = np.searchsorted(workdays, ords, side="left")
            target = rank + steps
            if workdays.size and (target >= 0).all() and (target < workdays.size).all():
                return workdays[target]  # type: ignore[no-any-return]
            # the grid already reaches the end of the range on the side that fell short
            short_before = bool((target < 0).any()) and g.lo_year == MIN_DATE.year
            short_after = bool((target >= workdays.size).any()) and g.hi_year == MAX_DATE.year
            if short_before or short_after:
                raise self._range_error(name, ords, raw)
            if not self.weekdays:
                raise ValidationError(
                    "the calendar has no working weekdays and too few exception days to move "
                    f"{int(np.abs(steps).max())} working days"
                )
            span_days *= 2
        raise self._range_error(name, ords, raw)  # pragma: no cover

    @staticmethod
    def _range_error(
        name: str, ords: npt.NDArray[np.int64], steps: npt.NDArray[np.float64]
    ) -> DateRangeError:
        k = int(np.argmax(np.abs(np.nan_to_num(steps, nan=np.inf))))
        day = _from_ordinal(int(np.clip(ords.flat[k], _MIN_ORD, _MAX_ORD)))
        return DateRangeError(
            f"'{name}': moving {float(steps.flat[k]):g} working days from {day} leaves the "
            f"supported range of dates ({SUPPORTED_RANGE})"
        )

    @renamed_arguments(origin="start")
    def dates_at(self, start: dt.date, offsets: npt.ArrayLike) -> _DateArray:
        """Vectorised :meth:`date_at`: ``datetime64[D]`` dates of start offsets from the
        project ``start`` (``origin`` is its deprecated name)."""
        o = _ordinal(as_date(start, "start"))
        off = _finite_offsets(offsets, "offsets")
        res = self.offset_ordinals(np.full(off.shape, o, dtype=np.int64), off, name="offsets")
        return res.astype("datetime64[D]")

    @renamed_arguments(origin="start")
    def finish_dates(
        self, start: dt.date, finishes: npt.ArrayLike, starts: npt.ArrayLike | None = None
    ) -> _DateArray:
        """Vectorised finish dates of schedule finish offsets from the project ``start``
        (``origin`` is its deprecated name).

        A finish offset ``f`` ends in working day ``ceil(f) - 1``; when ``starts`` (the
        activities' start offsets) is given, an activity with ``finish == start`` (a
        milestone) finishes on its start day.
        """
        o = _ordinal(as_date(start, "start"))
        f = _finite_offsets(finishes, "finishes")
        steps = np.ceil(f) - 1.0
        if starts is not None:
            s = _finite_offsets(starts, "starts")
            steps = np.where(f <= s, np.floor(s), steps)
        else:
            steps = np.where(f <= 0, 0.0, steps)
        res = self.offset_ordinals(np.full(f.shape, o, dtype=np.int64), steps, name="finishes")
        return res.astype("datetime64[D]")

    def working_mask(self, start: dt.date, end: dt.date) -> npt.NDArray[np.bool_]:
        """Boolean array, one entry per day in ``[start, end)``, True on working days."""
        a = _ordinal(as_date(start, "start"))
        b = _ordinal(as_date(end, "end"))
        if b < a:
            raise ValidationError(f"'end' must not be before 'start' (got {start} to {end})")
        g = self._ensure(a, max(a, b))
        return g.working[a - g.lo : b - g.lo].copy()

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
        cum = g.cum
        counts = cum[bounds[1:] - g.lo] - cum[bounds[:-1] - g.lo]
        return PeriodCounts(starts=starts, counts=counts, hours_per_day=self.hours_per_day)

    def working_hours_per_period(
        self, start: dt.date, end: dt.date, freq: Frequency = "W"
    ) -> npt.NDArray[np.float64]:
        """Working hours [hours] in each period overlapping ``[start, end)``."""
        hours: npt.NDArray[np.float64] = self.working_days_per_period(start, end, freq).hours
        return hours

    # ------------------------------------------------------------------ clock time
    def _working_time(self) -> WorkingTime:
        """The clock-time view of this calendar (built once, on first use)."""
        holder = self._clock
        wt = holder.value
        if wt is None:
            with holder.lock:
                wt = holder.value
                if wt is None:
                    wt = calendar_working_time(
                        self.weekdays, self.holidays, self.holiday_rules, self.exceptions,
                        self.shifts, self.hours_per_day, self.exception_shifts,
                    )
                    holder.value = wt
        return wt

    def add_working_minutes(
        self, instants: Any, minutes: Any, *, side: Side = "finish", elapsed: Any = False
    ) -> _MinuteArray:
        """Instants ``minutes`` of working time after ``instants`` (before, when negative).

        Clock time on the calendar's :attr:`shifts` (without shifts, one shift of
        :attr:`hours_per_day` from 08:00 on each working day).

        Parameters
        ----------
        instants
            ``datetime64`` arrays (truncated to the minute), datetimes or dates; broadcast
            with ``minutes``.
        minutes
            Working minutes [minutes]; rounded to the nearest minute.
        side
            Where a result on the boundary between two working periods goes: ``"finish"``
            at the end of the earlier one (Friday 17:00, where a task finishes), ``"start"``
            at the start of the later one (Monday 08:00, where a task starts).
        elapsed
            True (or a boolean array) for elapsed 24/7 minutes, ignoring the calendar.

        Returns
        -------
        numpy.ndarray
            ``datetime64[m]`` instants.

        Examples
        --------
        >>> import numpy as np
        >>> split = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"])
        >>> monday = np.array(["2026-11-23T08:00"], dtype="datetime64[m]")
        >>> split.add_working_minutes(monday, 5 * 480)               # Friday 17:00
        array(['2026-11-27T17:00'], dtype='datetime64[m]')
        >>> split.add_working_minutes(monday, 5 * 480, side="start")  # Monday 08:00
        array(['2026-11-30T08:00'], dtype='datetime64[m]')
        """
        return self._working_time().add(instants, minutes, side=side, elapsed=elapsed)

    def working_minutes_between(self, start: Any, end: Any) -> npt.NDArray[np.int64]:
        """Working minutes from ``start`` to ``end`` [minutes], negative when ``end`` is earlier.

        >>> import numpy as np
        >>> cal = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"])
        >>> monday = np.array(["2026-11-23T08:00"], dtype="datetime64[m]")
        >>> cal.working_minutes_between(monday, monday + np.timedelta64(8 * 60, "m"))
        array([420])
        """
        return self._working_time().working_minutes(start, end)

    def next_working_start(self, instants: Any) -> _MinuteArray:
        """The first working instant at or after each instant (Saturday -> Monday 08:00)."""
        return self._working_time().next_start(instants)

    def previous_working_finish(self, instants: Any) -> _MinuteArray:
        """The end of the working time up to each instant: the instant itself when the
        minute before it is worked, else the end of the last working period (Saturday and
        Monday 08:00 -> Friday 17:00)."""
        return self._working_time().previous_finish(instants)

    def finish_instant_dates(self, instants: Any) -> _DateArray:
        """The day each clock-time finish ends (``datetime64[D]``), as :meth:`finish_date`.

        The day of the minute just before the finish: a finish at midnight is the end of the
        day before (on a 24-hour calendar a 1-day task from Monday 00:00 finishes at the
        instant Tuesday 00:00, that is Monday 24:00, and its finish date is Monday, as
        :meth:`finish_date` says); any other finish is on its own day. A start's date is its
        own day: ``instants.astype("datetime64[D]")``.

        >>> import numpy as np
        >>> cal = WorkCalendar(weekdays=[0], shifts=["00:00-24:00"])
        >>> finish = cal.add_working_minutes(np.array(["2026-11-23T00:00"], "datetime64[m]"), 1440)
        >>> finish                                   # Monday 24:00
        array(['2026-11-24T00:00'], dtype='datetime64[m]')
        >>> cal.finish_instant_dates(finish)
        array(['2026-11-23'], dtype='datetime64[D]')
        >>> cal.finish_date(dt.date(2026, 11, 23), 1)
        datetime.date(2026, 11, 23)
        """
        return self._working_time().finish_dates(instants)

    def is_working_time(self, instants: Any) -> npt.NDArray[np.bool_]:
        """Whether the minute that starts at each instant is worked."""
        return self._working_time().is_working(instants)

    def working_minutes_per_day(self, days: Any) -> npt.NDArray[np.int64]:
        """The working minutes of each day [minutes], from its shifts (0 on a day off).

        >>> import numpy as np
        >>> cal = WorkCalendar(shifts={0: ["08:00-12:00", "13:00-17:00"], 4: ["08:00-12:00"]},
        ...                    weekdays=(0, 4))
        >>> week = np.arange("2026-11-23", "2026-11-30", dtype="datetime64[D]")
        >>> cal.working_minutes_per_day(week)
        array([480,   0,   0,   0, 240,   0,   0])
        """
        return self._working_time().day_minutes(days)


def _finite_offsets(values: npt.ArrayLike, name: str) -> npt.NDArray[np.float64]:
    """Offsets as a float array; NaN, inf, complex, datetime64, None and strings refused."""
    number_problem = number_kind_problem(values, name)
    if number_problem is not None:
        raise ValidationError(number_problem)
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'{name}' must be working-day offsets (got {values!r})"
        ) from None
    if not np.isfinite(arr).all():
        raise ValidationError(f"'{name}' must be finite working-day offsets (got nan or inf)")
    return arr


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

    ``starts`` must be strictly increasing (as :func:`period_starts` gives them); unsorted
    or repeated starts raise a :class:`~pmokit.errors.ValidationError` naming the first
    out-of-order position.

    >>> import datetime as dt
    >>> s = period_starts(dt.date(2026, 1, 1), dt.date(2026, 4, 1), "M")
    >>> bucket([dt.date(2025, 12, 31), dt.date(2026, 1, 31), dt.date(2026, 3, 2)], s).tolist()
    [-1, 0, 2]
    """
    arr = _as_date_array(dates, "dates")
    st = _as_date_array(starts, "starts")
    if st.ndim != 1:
        raise ValidationError(f"'starts' must be one-dimensional (got shape {st.shape})")
    if np.isnat(st).any() or np.isnat(arr).any():
        raise ValidationError("'dates' and 'starts' must not hold NaT")
    bad = np.flatnonzero(st[1:] <= st[:-1])
    if bad.size:
        k = int(bad[0]) + 1
        raise ValidationError(
            f"'starts' must be strictly increasing period starts, but starts[{k}] = "
            f"{st[k]} is not after starts[{k - 1}] = {st[k - 1]}"
        )
    return np.searchsorted(st, arr, side="right").astype(np.int64) - 1


def _as_date_array(values: Iterable[Any] | _DateArray, name: str) -> _DateArray:
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.datetime64):
        return values.astype("datetime64[D]")
    try:
        items = list(values)
    except TypeError:
        raise ValidationError(
            f"'{name}' must be a sequence of dates (got {values!r} that is a "
            f"{type(values).__name__})"
        ) from None
    out = [np.datetime64(as_date(v, f"{name}[{i}]"), "D") for i, v in enumerate(items)]
    return np.array(out, dtype="datetime64[D]")
