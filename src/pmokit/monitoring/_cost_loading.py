"""Cost loading: budgets of activities spread over the schedule's periods (planned value).

A cost-loaded plan keeps its costs *beside* the network: a mapping from activity id to its
:class:`CostLine` items (labour = rate x work, non-labour, fixed cost at start or at
finish). :func:`time_phase` spreads every line over its activity's scheduled dates with a
:class:`SpreadCurve` and sums the lines per period of the schedule's calendar (days, ISO
weeks, months, or explicit planning periods), giving the planned value (BCWS) of every
activity in every period as one array.

Time is the schedule's: working days from the project start (``t = 0`` is the start of the
first working day). A line spread over ``[start, finish)`` earns the share
``F((t - start) / duration)`` of its budget by time ``t``, where ``F`` is the curve's
cumulative fraction; a fixed cost, or any line of a milestone, falls in the period that
holds its instant (the start, or the last working day for "at finish").
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, Protocol

import attrs
import numpy as np

from pmokit._results import (
    ComparesValues,
    IdMapping,
    PicklesReadOnly,
    Record,
    display,
    readonly,
    records_to_frame,
)
from pmokit._typing import BoolArray, DateArray, FloatArray, IntArray
from pmokit._validation import (
    Problems,
    as_date,
    check_allocation,
    check_choice,
    check_id,
    check_known,
    number_kind_problem,
)
from pmokit.calendar import MAX_DATE, WorkCalendar
from pmokit.errors import ValidationError

__all__ = [
    "CostKind",
    "CostLine",
    "PlannedValue",
    "SpreadCurve",
    "time_phase",
]

CostKind = Literal["labour", "non_labour", "fixed"]
"""Kind of a cost line: labour (rate x work), non-labour (an amount), fixed (a lump)."""
Accrual = Literal["spread", "start", "finish"]

_NAMED_CURVES: dict[str, tuple[float, ...]] = {
    "linear": (1.0,),
    "front_loaded": (4.0, 3.0, 2.0, 1.0),
    "back_loaded": (1.0, 2.0, 3.0, 4.0),
    "bell": (1.0, 3.0, 6.0, 6.0, 3.0, 1.0),
}


def _weights(value: str | Iterable[float]) -> tuple[float, ...]:
    if isinstance(value, str):
        return tuple(_NAMED_CURVES.get(value, ()))
    if (kind := number_kind_problem(value, "weights")) is not None:
        raise ValidationError(kind)  # "3", None, complex ... are not weights
    return tuple(float(v) for v in value)


def _check_weights(instance: SpreadCurve, attribute: Any, value: tuple[float, ...]) -> None:
    w = np.asarray(value, dtype=np.float64)
    if w.size == 0 or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise ValidationError(
            f"spread curve {instance.name!r}: 'weights' must be finite, non-negative and sum "
            f"to a positive number (got {list(value)!r})"
        )


@attrs.frozen
class SpreadCurve:
    """How a budget is spread over an activity's duration.

    The duration is cut into ``len(weights)`` equal segments; segment ``k`` receives the
    share ``weights[k] / sum(weights)`` of the budget, evenly within the segment (so the
    cumulative curve is piecewise linear).

    Attributes
    ----------
    name
        The curve's name (named curves: ``"linear"``, ``"front_loaded"`` (4, 3, 2, 1),
        ``"back_loaded"`` (1, 2, 3, 4), ``"bell"`` (1, 3, 6, 6, 3, 1), an S-shaped
        cumulative curve).
    weights
        Non-negative weights of the equal segments, summing to a positive number.

    Examples
    --------
    >>> SpreadCurve.named("front_loaded").cumulative(0.5)
    0.7
    >>> SpreadCurve("custom", (1, 0, 1)).cumulative(2 / 3)
    0.5
    """

    name: str
    weights: tuple[float, ...] = attrs.field(converter=_weights, validator=_check_weights)

    @classmethod
    def named(cls, name: str) -> SpreadCurve:
        """One of the named curves (``linear``, ``front_loaded``, ``back_loaded``, ``bell``)."""
        check_choice(name, "curve", tuple(_NAMED_CURVES))
        return cls(name, _NAMED_CURVES[name])

    @property
    def knots(self) -> tuple[FloatArray, FloatArray]:
        """``(x, F)``: fractions of the duration and the cumulative share of the budget."""
        w = np.asarray(self.weights, dtype=np.float64)
        x = np.linspace(0.0, 1.0, w.size + 1)
        f = np.concatenate(([0.0], np.cumsum(w) / w.sum()))
        f[-1] = 1.0
        return x, f

    def cumulative(self, x: float) -> float:
        """Share of the budget spent by the fraction ``x`` of the duration (0-1)."""
        xs, fs = self.knots
        return round(float(np.interp(x, xs, fs)), 12)


def _curve(value: SpreadCurve | str | Iterable[float]) -> SpreadCurve:
    if isinstance(value, SpreadCurve):
        return value
    if isinstance(value, str):
        return SpreadCurve.named(value)
    return SpreadCurve("custom", value)


@attrs.frozen
class CostLine:
    """One cost item of an activity.

    Build with :meth:`labour`, :meth:`non_labour` or :meth:`fixed`.

    Attributes
    ----------
    kind
        ``"labour"``, ``"non_labour"`` or ``"fixed"``.
    budget
        The line's budget [currency] (labour: rate x work).
    accrual
        ``"spread"`` over the duration with ``curve``, or all at the ``"start"`` or the
        ``"finish"``.
    curve
        The :class:`SpreadCurve` of a spread line.
    rate, work
        For labour: the rate [currency/hour] and the work [hours]; ``nan`` otherwise.
    """

    kind: CostKind
    budget: float
    accrual: Accrual = "spread"
    curve: SpreadCurve = attrs.field(default=SpreadCurve("linear", (1.0,)), converter=_curve)
    rate: float = math.nan
    work: float = math.nan

    def __attrs_post_init__(self) -> None:
        check_choice(self.kind, "kind", ("labour", "non_labour", "fixed"))
        check_choice(self.accrual, "accrual", ("spread", "start", "finish"))
        p = Problems()
        p.check_number(self.budget, "budget", minimum=0.0)
        p.raise_if_any()

    @classmethod
    def labour(
        cls, rate: float, work: float, *, curve: SpreadCurve | str | Sequence[float] = "linear"
    ) -> CostLine:
        """Labour: ``rate`` [currency/hour] x ``work`` [hours], spread with ``curve``."""
        p = Problems()
        p.check_number(rate, "rate", minimum=0.0)
        p.check_number(work, "work", minimum=0.0)
        p.raise_if_any()
        return cls("labour", float(rate) * float(work), "spread", curve, float(rate), float(work))

    @classmethod
    def non_labour(
        cls, amount: float, *, curve: SpreadCurve | str | Sequence[float] = "linear"
    ) -> CostLine:
        """Non-labour cost (materials, travel) of ``amount`` [currency], spread with ``curve``."""
        return cls("non_labour", amount, "spread", curve)

    @classmethod
    def fixed(cls, amount: float, *, at: Literal["start", "finish"] = "start") -> CostLine:
        """A fixed cost of ``amount`` [currency] incurred at the ``"start"`` or ``"finish"``."""
        check_choice(at, "at", ("start", "finish"))
        return cls("fixed", amount, at)


class _Timed(Protocol):
    @property
    def ids(self) -> tuple[Any, ...]: ...
    @property
    def early_start(self) -> Any: ...
    @property
    def early_finish(self) -> Any: ...


@display()
@attrs.frozen(eq=False)
class PlannedValue(PicklesReadOnly, IdMapping, ComparesValues):
    """Planned value (BCWS) of every activity in every period.

    ``pv["A"]`` is activity A's planned value per period [currency].

    Attributes
    ----------
    ids
        Activity ids (those with cost lines), in the order of the rows.
    boundaries
        Period boundaries [working days from the start]: period ``k`` is
        ``[boundaries[k], boundaries[k + 1])``.
    period_starts
        First day of each period (``datetime64[D]``), or ``None`` without a calendar.
    by_activity
        Planned value per activity (rows) and period (columns) [currency].
    bac
        Budget at completion of each activity [currency].
    """

    ids: tuple[Hashable, ...]
    boundaries: FloatArray
    period_starts: DateArray | None
    by_activity: FloatArray
    bac: FloatArray
    _what = "activity"

    def _row(self, i: int) -> FloatArray:
        row: FloatArray = self.by_activity[i]
        return row

    @property
    def periods(self) -> int:
        """Number of periods."""
        return int(self.by_activity.shape[1])

    @property
    def per_period(self) -> FloatArray:
        """Project planned value per period [currency]."""
        out: FloatArray = self.by_activity.sum(axis=0)
        return out

    @property
    def cumulative(self) -> FloatArray:
        """Project cumulative planned value at the end of each period [currency]."""
        out: FloatArray = np.cumsum(self.per_period)
        return out

    @property
    def total(self) -> float:
        """Project budget at completion [currency]."""
        return float(self.bac.sum())

    def by(self, groups: Mapping[Hashable, Hashable]) -> tuple[tuple[Hashable, ...], FloatArray]:
        """Planned value per group and period: ``(group ids, array)``.

        ``groups`` maps every activity id to its group (work package, control account).
        """
        check_known(groups, set(self.ids), "groups", "activity")
        missing = [a for a in self.ids if a not in groups]
        if missing:
            raise ValidationError(
                f"'groups' must give a group for every cost-loaded activity; missing "
                f"{', '.join(repr(m) for m in missing[:10])}"
            )
        names: list[Hashable] = []
        pos: dict[Hashable, int] = {}
        idx = np.empty(len(self.ids), dtype=np.int64)
        for i, a in enumerate(self.ids):
            g = groups[a]
            if g not in pos:
                pos[g] = len(names)
                names.append(g)
            idx[i] = pos[g]
        out = np.zeros((len(names), self.periods))
        np.add.at(out, idx, self.by_activity)
        return tuple(names), out

    def to_records(self) -> list[Record]:
        """One dict per activity and period with a planned value: ``activity``, ``period``
        (1-based), ``start`` (a date or ``None``), ``pv``."""
        recs: list[Record] = []
        rows, cols = np.nonzero(self.by_activity)
        for i, k in zip(rows.tolist(), cols.tolist(), strict=True):
            start = None if self.period_starts is None else self.period_starts[k].astype(dt.date)
            recs.append(
                {
                    "activity": self.ids[i],
                    "period": k + 1,
                    "start": start,
                    "pv": float(self.by_activity[i, k]),
                }
            )
        return recs

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.ids)


def _lines_of(value: Any, name: str, p: Problems) -> tuple[CostLine, ...]:
    if isinstance(value, CostLine):
        return (value,)
    if isinstance(value, Sequence) and not isinstance(value, str):
        bad = [v for v in value if not isinstance(v, CostLine)]
        if not bad:
            return tuple(value)
    p.add(f"{name} must be a CostLine or a sequence of CostLine (got {value!r})")
    return ()


def _grid(
    last: float,
    calendar: WorkCalendar | None,
    start: dt.date | None,
    freq: Literal["D", "W", "M"] | int,
    periods: Sequence[dt.date] | None,
) -> tuple[FloatArray, DateArray | None]:
    """Period boundaries [working days] covering ``[0, last]`` and the period start dates."""
    if periods is not None:
        if calendar is None or start is None:
            raise ValidationError("'periods' (planning period starts) needs a calendar and start")
        days = [as_date(d, f"periods[{i}]") for i, d in enumerate(periods)]
        if not days or days[0] > start or any(y <= x for x, y in itertools.pairwise(days)):
            raise ValidationError(
                "'periods' must be increasing period start dates, the first on or before "
                f"'start' {start} (got {days[:3]}...)"
            )
        b = [0.0] + [float(calendar.working_days_between(start, d)) for d in days[1:]]
        b = [max(v, 0.0) for v in b]
        if b[-1] < last:
            b.append(max(last, b[-1]))
        else:
            b.append(b[-1])
        starts = np.array(days, dtype="datetime64[D]")
        starts[0] = np.datetime64(start, "D")
        return np.asarray(b, dtype=np.float64), starts
    if isinstance(freq, int) and not isinstance(freq, bool):
        if freq <= 0:
            raise ValidationError(f"'freq' in working days must be >= 1 (got {freq})")
        n = int(last // freq) + 1
        check_allocation((n + 1,), f"period boundaries (last finish {last:g}, freq={freq})")
        bounds = np.arange(n + 1, dtype=np.float64) * freq
        if calendar is not None and start is not None:
            return bounds, calendar.dates_at(start, bounds[:-1])
        return bounds, None
    if freq not in ("D", "W", "M"):
        raise ValidationError(f"'freq' must be 'D', 'W', 'M' or a number of working days "
                              f"(got {freq!r})")
    if calendar is None or start is None:
        raise ValidationError(
            f"freq={freq!r} needs the schedule's calendar and start (pass calendar= and "
            "start=, or a number of working days per period as freq)"
        )
    last_day = calendar.date_at(start, last)
    if last_day >= MAX_DATE:  # the periods' exclusive end would pass the last date
        raise ValidationError(
            f"'start' {start.isoformat()} puts the last finish on {last_day.isoformat()}: "
            f"calendar periods must end before {MAX_DATE.isoformat()}, the last supported "
            "date"
        )
    end_day = last_day + dt.timedelta(days=1)
    pc = calendar.working_days_per_period(start, end_day, freq)
    bounds = np.concatenate(([0.0], np.cumsum(pc.counts, dtype=np.float64)))
    return bounds, pc.starts


def _spread_share(
    b: FloatArray, s: FloatArray, f: FloatArray, knots: tuple[FloatArray, FloatArray]
) -> FloatArray:
    """Cumulative share of spread lines (rows, duration > 0) by each boundary (columns)."""
    d = (f - s)[:, None]
    x = b[None, :] - s[:, None]
    # the time into the line, clipped to [0, duration] before dividing: the same shares
    # as clipping the ratio to [0, 1], without overflowing on a tiny (subnormal) duration
    np.clip(x, 0.0, d, out=x)
    x /= d
    xs, fs = knots
    if xs.size == 2:  # linear
        return x
    out: FloatArray = np.interp(x, xs, fs)
    return out


def _point_share(b: FloatArray, s: FloatArray, f: FloatArray, at_finish: BoolArray) -> FloatArray:
    """Cumulative share (0 or 1) of lines incurred at an instant: the start, or the finish
    (the last working day; a milestone's finish is its start)."""
    finish = at_finish & (f > s)
    out: FloatArray = np.where(
        finish[:, None], b[None, :] >= f[:, None], b[None, :] > s[:, None]
    ).astype(np.float64)
    return out


def time_phase(
    schedule: _Timed,
    costs: Mapping[Hashable, CostLine | Sequence[CostLine]],
    *,
    calendar: WorkCalendar | None = None,
    start: dt.date | None = None,
    freq: Literal["D", "W", "M"] | int = "W",
    periods: Sequence[dt.date] | None = None,
    starts: Mapping[Hashable, float] | None = None,
    finishes: Mapping[Hashable, float] | None = None,
) -> PlannedValue:
    """Spread every activity's cost lines over its scheduled dates: planned value per period.

    Parameters
    ----------
    schedule
        A :class:`~pmokit.scheduling.Schedule` (or any object with ``ids``,
        ``early_start`` and ``early_finish`` [working days]); its calendar and start are
        used unless given.
    costs
        Activity id -> a :class:`CostLine` or a sequence of them. Activities without
        costs are left out.
    calendar, start
        The calendar and project start that turn working days into periods.
    freq
        ``"D"``, ``"W"`` (ISO weeks) or ``"M"`` (months) on the calendar, or an ``int``:
        periods of that many working days (no calendar needed).
    periods
        Explicit planning periods: their first days (the first on or before ``start``).
    starts, finishes
        Activity id -> start / finish [working days from the start, >= 0 for activities
        with costs] replacing the schedule's early dates (for example, late dates, or
        statused dates).

    Returns
    -------
    PlannedValue
        Planned value per activity and period; it sums to the budget at completion.

    Raises
    ------
    ValidationError
        For a cost that is not a :class:`CostLine`, a finish before a start, a cost-loaded
        activity starting before the project start (``t < 0``), a frequency that needs a
        calendar without one, or more periods than fit in memory.
    UnknownReferenceError
        For costs (or ``starts``/``finishes``) of an activity not in the schedule.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
    >>> s = schedule(Network([Activity("A", 4), Activity("B", 2)], [Dependency("A", "B")]))
    >>> pv = time_phase(s, {"A": CostLine.labour(50, 64), "B": CostLine.fixed(900, at="finish")},
    ...                 freq=2)
    >>> pv.per_period.tolist()
    [1600.0, 1600.0, 900.0, 0.0]
    """
    p = Problems()
    ids = tuple(schedule.ids)
    index = {a: i for i, a in enumerate(ids)}
    if not isinstance(costs, Mapping):
        raise ValidationError(f"'costs' must be a mapping activity id -> CostLine (got {costs!r})")
    unknown = [a for a in costs if a not in index]
    for a in unknown:
        if (m := check_id(a, "costs key")) is not None:
            p.add(m)
    p.raise_if_any()
    check_known(unknown, index, "costs", "activity")
    for name, mp in (("starts", starts), ("finishes", finishes)):
        if mp is not None:
            check_known(mp, index, name, "activity")
    li_list: list[int] = []
    budget_list: list[float] = []
    mode_list: list[int] = []
    curve_of: list[tuple[float, ...]] = []
    modes = {"spread": 0, "start": 1, "finish": 2}
    for a, v in costs.items():
        i = index[a]
        seq: Any = (v,) if type(v) is CostLine else v if type(v) in (list, tuple) else (None,)
        for ln in seq:
            if type(ln) is not CostLine:
                _lines_of(v, f"costs of activity {a!r}", p)
                break
            li_list.append(i)
            budget_list.append(ln.budget)
            mode_list.append(modes[ln.accrual])
            curve_of.append(ln.curve.weights)
    es = np.asarray(schedule.early_start, dtype=np.float64).copy()
    ef = np.asarray(schedule.early_finish, dtype=np.float64).copy()
    for arr, name, mp in ((es, "starts", starts), (ef, "finishes", finishes)):
        for a, t in (mp or {}).items():
            before = len(p)
            p.check_number(t, f"{name}[{a!r}]")
            if len(p) == before:
                arr[index[a]] = float(t)
    p.raise_if_any()
    bad = [ids[i] for i in np.nonzero(ef < es)[0][:10]]
    if bad:
        raise ValidationError(f"activities {bad!r} finish before they start")
    # periods start at the project start (t = 0): a cost-loaded line before it would fall
    # outside every period and its budget would be lost from the planned value
    costed = np.zeros(len(ids), dtype=bool)
    costed[li_list] = True
    early = np.nonzero(costed & (es < 0))[0][:10].tolist()
    if early:
        raise ValidationError(
            "cost-loaded activities must start and finish at or after the project start "
            "(t >= 0 [working days from the start]); got "
            + ", ".join(f"{ids[i]!r} at {es[i]:g}..{ef[i]:g}" for i in early)
        )
    cal = calendar if calendar is not None else getattr(schedule, "calendar", None)
    st = start if start is not None else getattr(schedule, "start", None)
    act_ids = tuple(a for a in ids if a in costs)
    last = float(ef.max()) if ef.size else 0.0
    bounds, pstarts = _grid(last, cal, None if st is None else as_date(st, "start"), freq, periods)
    nb = bounds.size
    check_allocation((len(act_ids), nb), "planned value (activities x period boundaries)")
    li = np.array(li_list, dtype=np.int64)
    budget = np.array(budget_list, dtype=np.float64)
    mode = np.array(mode_list, dtype=np.int64)
    row_pos = np.full(len(ids), -1, dtype=np.int64)
    row_pos[[index[a] for a in act_ids]] = np.arange(len(act_ids))
    row_of_line = row_pos[li]
    ls, lf = es[li], ef[li]
    spread = (mode == 0) & (lf > ls)
    # cumulative share of each activity's first line written in place; further lines of
    # the same activity (few) added after
    first = np.zeros(li.size, dtype=bool)
    first[np.unique(row_of_line, return_index=True)[1]] = True
    cum = np.zeros((len(act_ids), nb))
    extra: list[tuple[IntArray, FloatArray]] = []

    def put(sel: IntArray, share: FloatArray) -> None:
        share *= budget[sel][:, None]
        lead = first[sel]
        if lead.all():
            cum[row_of_line[sel]] = share
            return
        cum[row_of_line[sel[lead]]] = share[lead]
        extra.append((row_of_line[sel[~lead]], share[~lead]))

    groups: dict[tuple[float, ...], list[int]] = {}
    for k in np.nonzero(spread)[0].tolist():
        groups.setdefault(curve_of[k], []).append(k)
    for weights, members in groups.items():
        sel = np.asarray(members, dtype=np.int64)
        put(sel, _spread_share(bounds, ls[sel], lf[sel], SpreadCurve("g", weights).knots))
    point = np.nonzero(~spread)[0]
    if point.size:
        put(point, _point_share(bounds, ls[point], lf[point], mode[point] == 2))
    for r, share in extra:
        np.add.at(cum, r, share)
    by_act = np.diff(cum, axis=1)
    bac = np.zeros(len(act_ids))
    np.add.at(bac, row_of_line, budget)
    # the last column closes each line exactly on its budget
    by_act[:, -1] += bac - cum[:, -1]
    by_act.setflags(write=False)  # a fresh array: read-only without a copy
    return PlannedValue(
        ids=act_ids,
        boundaries=readonly(bounds),
        period_starts=None if pstarts is None else readonly(pstarts),
        by_activity=by_act,
        bac=readonly(bac),
    )
