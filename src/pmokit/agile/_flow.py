"""Flow metrics: throughput per period from finish dates, cycle times and their
percentiles, the age of work in progress against them, and the throughput trend."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import IdMapping, PicklesReadOnly, Record, display, readonly, records_to_frame
from pmokit._typing import FloatArray, IntArray
from pmokit._validation import Problems, as_date, as_percentiles, as_quantiles, check_ids
from pmokit.agile import _engine as E
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError

__all__ = [
    "CycleTimes",
    "ThroughputTrend",
    "WorkItemAges",
    "aging_wip",
    "cycle_times",
    "throughput_history",
    "throughput_trend",
]


def _days(
    started: Sequence[Any], ended: Sequence[Any], calendar: WorkCalendar | None, what: str,
    ids: Sequence[Hashable],
) -> FloatArray:
    """Inclusive elapsed days (calendar days, or working days on ``calendar``)."""
    p = Problems()
    out = np.empty(len(ids))
    for k, (i, a, b) in enumerate(zip(ids, started, ended, strict=True)):
        try:
            da = as_date(a, f"start of item {i!r}")
            db = as_date(b, f"{what} of item {i!r}")
        except ValidationError as exc:
            p.extend(exc.problems)
            continue
        if db < da:
            p.add(f"item {i!r} {what} {db} before it started {da}")
            continue
        if calendar is None:
            out[k] = (db - da).days + 1
        else:
            out[k] = calendar.working_days_between(da, db + dt.timedelta(days=1))
    p.raise_if_any()
    return out


def _check_dates(value: Any, name: str) -> None:
    """Refuse ``value`` unless it is a sequence (of dates, checked item by item later)."""
    if not isinstance(value, Sequence | np.ndarray) or isinstance(value, str):
        raise ValidationError(
            f"'{name}' must be a sequence of dates (got {value!r:.60} that is a "
            f"{type(value).__name__})"
        )


def _ids(ids: Sequence[Hashable] | None, n: int) -> tuple[Hashable, ...]:
    if ids is None:
        return tuple(range(1, n + 1))
    out = check_ids(ids, "ids")
    if len(out) != n:
        raise ValidationError(f"'ids' must name each of the {n} items (got {len(out)})")
    return out


@display()
@attrs.frozen(eq=False)
class CycleTimes(PicklesReadOnly, IdMapping):
    """Cycle times of finished items, indexed by item id.

    Attributes
    ----------
    ids
        Item ids.
    days
        Cycle time of each item [days: calendar days, or working days with a calendar],
        counted inclusively (started and finished the same day: 1).
    unit
        ``"calendar days"`` or ``"working days"``.
    """

    ids: tuple[Hashable, ...]
    days: FloatArray
    unit: str = "calendar days"
    _what = "item"

    def __eq__(self, other: object) -> bool:
        return E.fields_equal(self, other)

    __hash__ = None  # type: ignore[assignment]

    def _row(self, i: int) -> float:
        return float(self.days[i])

    def percentile(self, p: Any, *, check_units: bool = True) -> Any:
        """The P``p`` cycle time: ``p`` percent of the items finished within it [days]
        (the smallest observed cycle time with at least ``p`` percent at or below it;
        an array for several percentiles)."""
        q = as_percentiles(p, "percentile", check_units=check_units)
        srt = np.sort(self.days)
        if np.ndim(q) == 0:
            return float(E.order_stat(srt, float(q) / 100.0))
        return np.array([E.order_stat(srt, float(x) / 100.0) for x in np.ravel(q)])

    def quantile(self, q: Any) -> Any:
        """:meth:`percentile` at probabilities ``q`` in [0, 1]."""
        qq = as_quantiles(q, "quantile")
        return self.percentile(np.asarray(qq) * 100.0, check_units=False)

    def to_records(self) -> list[Record]:
        """One dict per item: ``id`` and ``cycle_time``."""
        return [{"id": i, "cycle_time": float(d)} for i, d in zip(self.ids, self.days,
                                                                     strict=True)]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def cycle_times(
    started: Sequence[dt.date],
    finished: Sequence[dt.date],
    *,
    ids: Sequence[Hashable] | None = None,
    calendar: WorkCalendar | None = None,
) -> CycleTimes:
    """Cycle times of finished items from their start and finish dates.

    Parameters
    ----------
    started, finished
        Dates, aligned (one per item).
    ids
        Item ids (default 1, 2, ...).
    calendar
        Count working days on it instead of calendar days.

    Returns
    -------
    CycleTimes
        Counted inclusively, as Vacanti: an item started and finished on the same day
        took 1 day.

    Raises
    ------
    ValidationError
        Lists of different lengths, a value that is not a date, an item finished before
        it started, or no items.

    References
    ----------
    Vacanti, D. S. (2015). *Actionable Agile Metrics for Predictability*. ActionableAgile
    Press (cycle time, scatterplot percentiles, work item age).

    Examples
    --------
    >>> import datetime as dt
    >>> d = dt.date
    >>> ct = cycle_times([d(2026, 6, 1), d(2026, 6, 3)], [d(2026, 6, 1), d(2026, 6, 9)],
    ...                  ids=["A-1", "A-2"])
    >>> ct.days.tolist(), ct["A-2"]
    ([1.0, 7.0], 7.0)
    """
    _check_dates(started, "started")
    _check_dates(finished, "finished")
    if len(started) != len(finished):
        raise ValidationError(
            f"'started' and 'finished' must have one date per item (got {len(started)} and "
            f"{len(finished)})"
        )
    if not len(started):
        raise ValidationError("'started' is empty: give at least one finished item")
    item_ids = _ids(ids, len(started))
    days = _days(started, finished, calendar, "finished", item_ids)
    return CycleTimes(ids=item_ids, days=readonly(days),
                      unit="working days" if calendar is not None else "calendar days")


@display()
@attrs.frozen(eq=False)
class WorkItemAges(PicklesReadOnly, IdMapping):
    """Age of the work in progress against the cycle-time percentiles (aging WIP).

    Attributes
    ----------
    ids
        Ids of the items in progress.
    age
        Age of each item on the status date [days, as the cycle times], inclusive.
    percentiles
        The percentiles watched, ascending [%].
    thresholds
        The cycle time at each of them [days].
    level
        Per item, how many thresholds its age has passed (0: younger than the first).
    cycle_times
        The cycle times the thresholds come from.
    status_date
        The date the ages are measured on.
    """

    ids: tuple[Hashable, ...]
    age: FloatArray
    percentiles: tuple[float, ...]
    thresholds: FloatArray
    level: IntArray
    cycle_times: CycleTimes
    status_date: dt.date
    _what = "item"

    def __eq__(self, other: object) -> bool:
        return E.fields_equal(self, other)

    __hash__ = None  # type: ignore[assignment]

    def _row(self, i: int) -> Record:
        return self.to_records()[i]

    def older_than(self, percentile: float) -> tuple[Hashable, ...]:
        """Items older than the P``percentile`` cycle time (they have already taken
        longer than ``percentile`` percent of finished items did)."""
        limit = self.cycle_times.percentile(percentile)
        return tuple(i for i, a in zip(self.ids, self.age, strict=True) if a > limit)

    def to_records(self) -> list[Record]:
        """One dict per item: ``id``, ``age`` and ``passed`` (the highest percentile its
        age exceeds, or None)."""
        rows: list[Record] = []
        for i, a, lv in zip(self.ids, self.age.tolist(), self.level.tolist(), strict=True):
            rows.append({"id": i, "age": a,
                         "passed": self.percentiles[lv - 1] if lv else None})
        return rows

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def aging_wip(
    started: Sequence[dt.date],
    status_date: dt.date,
    cycle_times: CycleTimes,
    *,
    ids: Sequence[Hashable] | None = None,
    percentile: Sequence[float] = (50, 70, 85, 95),
    calendar: WorkCalendar | None = None,
) -> WorkItemAges:
    """Work-item age of the items in progress against the cycle-time percentiles.

    An item older than the P85 cycle time has already taken longer than 85% of finished
    items did: it needs attention (Vacanti's aging work-in-progress chart).

    Parameters
    ----------
    started
        Start date of each item in progress.
    status_date
        The date ages are measured on (counted inclusively, as cycle times).
    cycle_times
        The finished items' cycle times; ages use their unit (give the same ``calendar``).
    ids
        Item ids (default 1, 2, ...).
    percentile
        The cycle-time percentiles to compare with [%].
    calendar
        Count working days (must match the cycle times' unit).

    Returns
    -------
    WorkItemAges

    Raises
    ------
    ValidationError
        ``started`` that is not a sequence, a start after the status date, a value that
        is not a date, or a calendar that does not match the cycle times' unit.

    Examples
    --------
    >>> import datetime as dt
    >>> ct = CycleTimes(ids=tuple("abcdefghij"),
    ...                 days=np.array([2.0, 3, 3, 4, 5, 5, 6, 8, 10, 15]))
    >>> w = aging_wip([dt.date(2026, 6, 1), dt.date(2026, 6, 25)], dt.date(2026, 6, 30), ct,
    ...               ids=["X-1", "X-2"])
    >>> w.age.tolist(), w.older_than(85)
    ([30.0, 6.0], ('X-1',))
    """
    if not isinstance(cycle_times, CycleTimes):
        raise ValidationError(
            f"'cycle_times' must be CycleTimes (got a {type(cycle_times).__name__})"
        )
    unit = "working days" if calendar is not None else "calendar days"
    if unit != cycle_times.unit:
        raise ValidationError(
            f"ages would be in {unit} but the cycle times are in {cycle_times.unit}: pass "
            "the calendar the cycle times were counted on (or none)"
        )
    day = as_date(status_date, "status_date")
    _check_dates(started, "started")
    item_ids = _ids(ids, len(started))
    age = _days(started, [day] * len(started), calendar, "status date", item_ids)
    pct = np.sort(np.atleast_1d(as_percentiles(percentile, "percentile")))
    thr = np.atleast_1d(cycle_times.percentile(pct, check_units=False)).astype(np.float64)
    level = np.searchsorted(thr, age, side="left").astype(np.int64)
    return WorkItemAges(
        ids=item_ids, age=readonly(age), percentiles=tuple(float(x) for x in pct),
        thresholds=readonly(thr), level=readonly(level), cycle_times=cycle_times,
        status_date=day,
    )


@display()
@attrs.frozen(eq=False)
class ThroughputTrend(PicklesReadOnly):
    """The trend of throughput over the last periods.

    Attributes
    ----------
    window
        The number of periods fitted.
    slope
        Least-squares slope of throughput against period [items per period, per period].
    mean
        Mean throughput over the window [items per period].
    change
        The fitted change across the window relative to the mean,
        ``slope (window - 1) / mean`` (-0.3: throughput fell by 30% of its mean).
    values
        The throughput of the window's periods [items].
    """

    window: int
    slope: float
    mean: float
    change: float
    values: FloatArray

    def __eq__(self, other: object) -> bool:
        return E.fields_equal(self, other)

    __hash__ = None  # type: ignore[assignment]

    def to_records(self) -> list[Record]:
        """One dict: ``window``, ``slope``, ``mean``, ``change``."""
        return [{"window": self.window, "slope": self.slope, "mean": self.mean,
                 "change": self.change}]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def throughput_trend(throughput: npt.ArrayLike, *, window: int | None = 12) -> ThroughputTrend:
    """The throughput trend: least-squares slope over the last ``window`` periods.

    Parameters
    ----------
    throughput
        Items finished in each past period (>= 0), oldest first.
    window
        Periods to fit (>= 3); None for the whole history.

    Returns
    -------
    ThroughputTrend

    Raises
    ------
    ValidationError
        An empty or negative history, fewer than 3 periods in the window.

    Examples
    --------
    >>> t = throughput_trend([6, 5, 6, 4, 4, 3], window=None)
    >>> round(t.slope, 3), round(t.change, 2)
    (-0.571, -0.61)
    """
    hist = E.as_history(throughput, "throughput", integral=False)
    if hist.size < 3:
        raise ValidationError(
            f"'throughput' needs at least 3 periods for a trend (got {hist.size})"
        )
    w = hist.size if window is None else window
    if isinstance(w, bool) or not isinstance(w, int | np.integer) or w < 3:
        raise ValidationError(f"'window' must be a whole number of periods >= 3 (got {w!r})")
    w = min(int(w), hist.size)
    y = hist[-int(w):]
    x = np.arange(y.size, dtype=np.float64)
    xm = x - x.mean()
    slope = float((xm * (y - y.mean())).sum() / (xm * xm).sum())
    mean = float(y.mean())
    change = slope * (y.size - 1) / mean if mean > 0 else (0.0 if slope == 0 else -math.inf)
    return ThroughputTrend(window=int(y.size), slope=slope, mean=mean, change=float(change),
                           values=readonly(y))


def throughput_history(
    finished: Sequence[dt.date],
    *,
    start: dt.date,
    end: dt.date,
    period: str = "W",
    calendar: WorkCalendar | None = None,
) -> IntArray:
    """Items finished in each period from their finish dates, zeros included.

    Parameters
    ----------
    finished
        Finish date of each item.
    start
        First day of the first period.
    end
        Last day of the history (inclusive); the last period may be partial.
    period
        ``"W"``, ``"2W"``... (periods of 7 k days from ``start``) or ``"D"`` (working
        days on ``calendar``; an item finished on a non-working day counts on the next
        working day).
    calendar
        For ``"D"`` (default Monday to Friday).

    Returns
    -------
    numpy.ndarray
        int64 counts, one per period, oldest first: the ``throughput`` of the forecasts.

    Raises
    ------
    ValidationError
        ``finished`` that is not a sequence, a date outside ``[start, end]``, ``end``
        before ``start``, a bad period.

    Examples
    --------
    >>> import datetime as dt
    >>> d = dt.date
    >>> throughput_history([d(2026, 6, 2), d(2026, 6, 4), d(2026, 6, 18)],
    ...                    start=d(2026, 6, 1), end=d(2026, 6, 21)).tolist()
    [2, 0, 1]
    """
    a = as_date(start, "start")
    b = as_date(end, "end")
    if b < a:
        raise ValidationError(f"'end' must not be before 'start' (got {a} to {b})")
    per = E.as_period(period)
    _check_dates(finished, "finished")
    p = Problems()
    days: list[dt.date] = []
    for k, v in enumerate(finished):
        try:
            d = as_date(v, f"finished[{k}]")
        except ValidationError as exc:
            p.extend(exc.problems)
            continue
        if not a <= d <= b:
            p.add(f"'finished[{k}]' {d} is outside the history {a} to {b}")
        days.append(d)
    p.raise_if_any()
    if per.weeks:
        n = ((b - a).days) // per.days + 1
        idx = np.array([(d - a).days // per.days for d in days], dtype=np.int64)
    else:
        cal = calendar if calendar is not None else WorkCalendar()
        n = max(cal.working_days_between(a, b + dt.timedelta(days=1)), 1)
        idx = np.array([cal.working_days_between(a, d) for d in days], dtype=np.int64)
        idx = np.minimum(idx, n - 1)
    counts = np.bincount(idx, minlength=n).astype(np.int64)
    return readonly(counts)  # type: ignore[no-any-return]
