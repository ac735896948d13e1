"""The CPM passes on clock time: working minutes of each activity's own calendar.

Every activity has a calendar with shifts (:class:`~pmokit.calendar.WorkCalendar`; without
``shifts`` one shift of ``hours_per_day`` from 08:00), a duration in working minutes of that
calendar, and every link a lag in working minutes of its *lag calendar* (the successor's by
default, as MS Project; P6 lets the project choose the predecessor's, a 24-hour calendar or
the project's), elapsed minutes (24/7) or a percentage of the predecessor's duration.

Instants are int64 minutes since 1970-01-01. Each calendar ``c`` has its working minutes
before an instant, ``W_c(t)`` (non-decreasing), and two inverses: the *start* side (the
latest instant with a given ``W``: Monday 08:00, where work starts) and the *finish* side
(the earliest: Friday 17:00, where work ends). The passes:

* an activity ``i`` of ``d`` minutes starts at a start-side instant ``ES`` and finishes at the
  finish-side instant ``EF`` with ``W_i(EF) = W_i(ES) + d``, except that a finish held by an
  instant in a gap of its calendar (an FF link from a task that ends at 12:01 on another
  calendar, into a lunch break) moves to the start side, after the gap; backward, a late
  start held by an instant in a gap (an SS link to a successor that starts on Sunday) moves
  to the finish side, before the gap (P6 shows such a late start at Friday 17:00);
* a link ``i -> j`` with lag ``L`` on calendar ``l`` holds when
  ``W_l(target) >= W_l(source) + L`` (source: ``i``'s finish for FS/FF, start for SS/SF;
  target: ``j``'s start for FS/SS, finish for FF/SF). Forward, the earliest target is the
  finish-side instant with that ``W_l``; backward, the latest source is the start-side one;
* a milestone (no duration) sits at an instant, not at a working position: after a finish it
  stays at that finish (Friday 17:00), so it never moves its successors (MS Project and P6).
  Its early instant moves to the next start of working time only when neither the minute
  before nor the minute after it is worked on its calendar; its late instant is its early
  instant when it has no float, else the end of the working time up to the latest instant
  its successors allow (Friday 17:00, not Monday 08:00).

Both passes run level by level (``CompiledNetwork.level_ptr``) on numpy arrays: all the
calendars are stacked into one table (:class:`_Stack`), so each level costs a few
``searchsorted`` calls whatever the number of calendars, and no Python object is made per
activity or link.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._typing import FloatArray, IntArray
from pmokit._worktime import WorkingTime
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling._network import ConstraintType, Network, lag_minutes_of

LagCalendar = Literal["successor", "predecessor", "24h", "project"]
LAG_CALENDARS: tuple[str, ...] = ("successor", "predecessor", "24h", "project")

_DAY = 1440
_EPOCH = dt.date(1970, 1, 1)
_BIG = np.iinfo(np.int64).max // 4
_AROUND = WorkingTime(week=(("00:00-24:00",),) * 7)
"""The 24-hour calendar: elapsed lags and P6's "24 Hour Calendar" lag option."""


_MILESTONE_KINDS: contextvars.ContextVar[Mapping[Any, str] | None] = contextvars.ContextVar(
    "pmokit_milestone_kinds", default=None)
"""P6's milestone types of the activities being scheduled (id -> ``"start_milestone"`` /
``"finish_milestone"``), set by the activity-type hook around its passes."""


@contextlib.contextmanager
def milestone_kinds(kinds: Mapping[Any, str]) -> Iterator[None]:
    """Schedule the milestones named in ``kinds`` (id -> ``"start_milestone"`` or
    ``"finish_milestone"``) by P6's rules for their late instants, within the block.

    The hook of :func:`~pmokit.scheduling._wbs.schedule_activity_types` runs the passes on
    a network whose activities are plain tasks; this tells the clock passes which of them
    are P6 milestones (see :func:`clock_schedule`)."""
    token = _MILESTONE_KINDS.set(kinds or None)
    try:
        yield
    finally:
        _MILESTONE_KINDS.reset(token)


_DAY_INSTANTS: contextvars.ContextVar[list[ClockResult] | None] = contextvars.ContextVar(
    "pmokit_day_instants", default=None)
"""Where the day-based own-calendar passes (``clock_schedule(..., day_rules=True)``) leave
their results while :func:`capture_day_instants` is active."""


@contextlib.contextmanager
def capture_day_instants() -> Iterator[list[ClockResult]]:
    """Collect, within the block, the results of the day-based own-calendar passes (their
    instants on one-shift calendars), in the order they run: the activity-type hook spans
    a level of effort on its own calendar from its neighbours' instants."""
    box: list[ClockResult] = []
    token = _DAY_INSTANTS.set(box)
    try:
        yield box
    finally:
        _DAY_INSTANTS.reset(token)


def _milestone_masks(network: Network) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    n = network.compiled.n
    start_ms, finish_ms = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    kinds = _MILESTONE_KINDS.get()
    if kinds:
        index = network.compiled.index
        for aid, kind in kinds.items():
            i = index.get(aid)
            if i is not None:
                (start_ms if kind == "start_milestone" else finish_ms)[i] = True
    return start_ms, finish_ms


class _OutOfRange(Exception):
    """An instant or a working position outside the stacked tables (grow and retry)."""


@attrs.frozen(eq=False)
class _Stack:
    """The working intervals of several calendars over one range of days, stacked.

    Calendar ``k``'s intervals are shifted by ``k * span`` minutes (and its cumulative
    working minutes by ``k * wspan``), so one sorted array serves every calendar; each block
    starts with an empty sentinel interval so a lookup never reaches the block before.
    """

    lo: int  # first minute covered
    span: int  # minutes per block
    wspan: int  # working minutes per block (> any block's total)
    starts: IntArray
    ends: IntArray
    cum: IntArray
    cum_end: IntArray
    total: IntArray  # working minutes of each calendar in the range

    @classmethod
    def build(cls, calendars: Sequence[WorkingTime], lo_day: int, hi_day: int) -> _Stack:
        lo, span = lo_day * _DAY, (hi_day - lo_day) * _DAY
        parts: list[tuple[IntArray, IntArray, IntArray]] = []
        totals = []
        for wt in calendars:
            tab = wt._build(lo_day, hi_day)
            parts.append((tab.starts - lo, tab.ends - lo, tab.cum - (tab.cum[0] if tab.cum.size
                                                                    else 0)))
            totals.append(int(tab.cum_end[-1] - tab.cum[0]) if tab.cum.size else 0)
        wspan = max(totals, default=0) + 1
        starts, ends, cum = [], [], []
        for k, (s, e, c) in enumerate(parts):
            starts.append(np.r_[k * span, s + k * span])
            ends.append(np.r_[k * span, e + k * span])
            cum.append(np.r_[k * wspan, c + k * wspan])
        st, en, cu = (np.concatenate(x).astype(np.int64) for x in (starts, ends, cum))
        return cls(lo, span, wspan, st, en, cu, cu + (en - st),
                   np.array(totals, dtype=np.int64))

    def w(self, cal: IntArray, t: IntArray) -> IntArray:
        """Working minutes of calendar ``cal`` before instant ``t`` (from the range start)."""
        rel = t - self.lo
        if rel.size and (int(rel.min()) < 0 or int(rel.max()) >= self.span):
            raise _OutOfRange
        key = rel + cal * self.span
        k = np.searchsorted(self.starts, key, side="right") - 1
        inside = np.clip(key - self.starts[k], 0, self.ends[k] - self.starts[k])
        out: IntArray = self.cum[k] + inside - cal * self.wspan
        return out

    def inv(self, cal: IntArray, w: IntArray, side: Literal["start", "finish"]) -> IntArray:
        """The start-side (latest) or finish-side (earliest) instant with ``W = w``."""
        if w.size:
            tot = self.total[cal]
            bad = (w < 0) | (w > tot) if side == "start" else (w <= 0) | (w > tot)
            if side == "start":
                bad |= w == tot
            if bad.any():
                raise _OutOfRange
        key = w + cal * self.wspan
        k = np.searchsorted(self.cum_end, key, side="right" if side == "start" else "left")
        out: IntArray = self.starts[k] + (key - self.cum[k]) - cal * self.span + self.lo
        return out

    def working(self, cal: IntArray, t: IntArray) -> npt.NDArray[np.bool_]:
        """Whether the minute starting at ``t`` is worked on ``cal``."""
        result: npt.NDArray[np.bool_] = self.w(cal, t + 1) > self.w(cal, t)
        return result


@attrs.frozen(eq=False)
class ClockResult:
    """Instants [minutes since 1970-01-01] and floats [working minutes] of a clock pass."""

    es: IntArray
    ef: IntArray
    ls: IntArray
    lf: IntArray
    total_float: IntArray  # own calendar
    free_float: IntArray
    link_slack: IntArray  # successor's calendar
    origin: int
    finish: int
    offsets: tuple[FloatArray, FloatArray, FloatArray, FloatArray]  # project working days
    minutes_per_day: float
    dates: tuple[npt.NDArray[np.datetime64], ...]
    ids: tuple[Any, ...] = ()  # the activities of the rows (a schedule may add rows around)
    ms_end: npt.NDArray[np.bool_] | None = None  # day rules: milestones dated at an end
    # statusing: the passes' starts of the remaining work (early, late) [project working days]
    remaining: tuple[FloatArray, FloatArray] | None = None
    remaining_at: tuple[IntArray, IntArray] | None = None  # ... as instants


def lag_minutes(network: Network, duration_min: IntArray, minutes_per_day: float,
                days_per_week: float = 5.0, days_per_month: float = 20.0
                ) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """Each link's lag [minutes] and whether it is elapsed (24/7).

    Raises
    ------
    ValidationError
        A percent lag on a link whose predecessor has no duration, naming the link.
    """
    c = network.compiled
    if c.link_lag_value is None or c.link_lag_unit is None or c.link_lag_kind is None:
        return (np.rint(c.link_lag * minutes_per_day).astype(np.int64),
                np.zeros(c.m, dtype=bool))
    unit, kind, raw = c.link_lag_unit, c.link_lag_kind, c.link_lag_value
    # what each unit and kind counts: the one table of link options (_network.LAG_*_RULES)
    pred_d = duration_min[c.link_pred].astype(np.float64)
    minutes, elapsed, pct = lag_minutes_of(unit, kind, raw, pred_d, minutes_per_day,
                                           days_per_week, days_per_month)
    bad = np.flatnonzero(pct & (pred_d <= 0))
    if bad.size:
        ids = c.ids
        raise ValidationError([
            f"link {ids[c.link_pred[k]]!r} -> {ids[c.link_succ[k]]!r} has a percent lag "
            f"({raw[k]:g}%) but its predecessor has no duration (a milestone); give the "
            "lag in time units (lag_unit) instead"
            for k in bad.tolist()
        ])
    return np.rint(minutes).astype(np.int64), elapsed


def _instant(value: dt.date | dt.datetime) -> int:
    if isinstance(value, dt.datetime):
        return int((value.replace(tzinfo=None) - dt.datetime(1970, 1, 1)).total_seconds()
                   // 60)
    return (value - _EPOCH).days * _DAY


_NONE = np.iinfo(np.int64).min
"""No instant (progress given as an offset, or none)."""


@attrs.frozen(eq=False)
class StatusInstants:
    """Progress dated by the calendar (dates and datetimes), as instants for the clock
    passes: where the progress gives a datetime the passes use that instant, not the
    working time of the project calendar up to it (an offset loses where the instant lies
    in the non-working time of the project calendar: a data date on Saturday 00:00 is
    Monday 08:00 for a Monday-Friday project calendar, Saturday 08:00 for an activity on a
    seven-day calendar).

    ``actual_start`` / ``actual_finish`` [minutes since 1970-01-01] per activity, ``_NONE``
    where the progress has none or an offset; ``start_day`` / ``finish_day`` mark those
    given as dates (a start at the first working instant of the activity's own calendar
    from that day's 00:00, a finish at the end of its working time up to the next 00:00).
    ``data_date`` is the data date's instant (a date: the next 00:00, the end of that day),
    or None.
    """

    actual_start: IntArray
    actual_finish: IntArray
    start_day: npt.NDArray[np.bool_]
    finish_day: npt.NDArray[np.bool_]
    data_date: int | None


def status_instants(
    network: Network, actuals: Any, data_date: Any, start: dt.date | dt.datetime,
    calendar: WorkCalendar,
) -> tuple[Any, Any, StatusInstants | None]:
    """The progress for :func:`~pmokit.scheduling._status.status_bounds` on clock time and
    its instants for the passes.

    A datetime (an actual date, the data date) becomes its exact offset [working days of
    ``calendar``: its working minutes from the project start over ``hours_per_day``], where
    the day engines take its day; dates stay dates. The instants of both go to the passes
    (:class:`StatusInstants`). Values that are not dates pass through unchanged (the
    statusing validates them).
    """
    from pmokit.scheduling._status import Progress

    wt = calendar._working_time()
    mpd = float(calendar.hours_per_day) * 60.0
    if isinstance(start, dt.datetime):
        origin = np.array([start.replace(tzinfo=None)], dtype="datetime64[m]")
    else:
        origin = wt.next_start(np.array([start], dtype="datetime64[m]"))

    def offsets(values: list[dt.datetime]) -> list[float]:
        at = np.array([v.replace(tzinfo=None) for v in values], dtype="datetime64[m]")
        out: list[float] = (wt.working_minutes(origin, at) / mpd).tolist()
        return out

    n = network.compiled.n
    a_s = np.full(n, _NONE, dtype=np.int64)
    a_f = np.full(n, _NONE, dtype=np.int64)
    s_day = np.zeros(n, dtype=bool)
    f_day = np.zeros(n, dtype=bool)
    any_date = False
    if isinstance(actuals, Progress):
        index = network.compiled.index
        exact: list[tuple[int, str, dt.datetime]] = []  # (record, field, datetime)
        for r, rec in enumerate(actuals.activities):
            i = index.get(rec.id)
            for name, arr, day, end in (("actual_start", a_s, s_day, False),
                                        ("actual_finish", a_f, f_day, True)):
                value = getattr(rec, name)
                if not isinstance(value, dt.date):
                    continue
                any_date = True
                is_dt = isinstance(value, dt.datetime)
                if isinstance(value, dt.datetime):
                    exact.append((r, name, value))
                if i is not None:
                    arr[i] = _instant(value) + (_DAY if end and not is_dt else 0)
                    day[i] = not is_dt
        if exact:
            records = list(actuals.activities)
            changes: dict[int, dict[str, float]] = {}
            for (r, name, _), off in zip(exact, offsets([e[2] for e in exact]), strict=True):
                changes.setdefault(r, {})[name] = off
            for r, new in changes.items():
                records[r] = attrs.evolve(records[r], **new)
            actuals = Progress(records)
    at_data: int | None = None
    if isinstance(data_date, dt.date):
        at_data = _instant(data_date) + (0 if isinstance(data_date, dt.datetime) else _DAY)
        if isinstance(data_date, dt.datetime):
            data_date = offsets([data_date])[0]
    if not any_date and at_data is None:
        return actuals, data_date, None
    return actuals, data_date, StatusInstants(a_s, a_f, s_day, f_day, at_data)


def constraint_instants(
    network: Network,
    origin: int,
    project_minutes: Any,
    minutes_per_day: float,
    day_dates: bool = False,
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray, IntArray, IntArray]:
    """Constraint bounds as instants: start >= ``lo_s``, finish >= ``lo_f``, start <=
    ``up_s``, finish <= ``up_f``, the caps of the early start / finish when the constraint
    wins over logic (``cap_s``, ``cap_f``; ``-BIG`` / ``BIG`` when absent), and the ALAP
    activities.

    What each constraint type does comes from the one table of
    :mod:`pmokit.scheduling._bounds`; this only turns its date into an instant. A date
    constraint on a start is the start of that day, on a finish the end of that day (the
    next day's 00:00); a datetime is that instant; an offset [working days] counts working
    time of the project calendar from the project start (``project_minutes(m, finish)``
    gives the instant ``m`` working minutes after the origin)."""
    from pmokit.scheduling._bounds import constraint_instants as rules

    del origin

    def instant(at: dt.date | float | None, finish: bool) -> float:
        if isinstance(at, dt.datetime) and day_dates:
            at = at.date()
        if isinstance(at, dt.datetime):
            return float(_instant(at))
        if isinstance(at, dt.date):
            return float(_instant(at) + (_DAY if finish else 0))
        return float(project_minutes(float(at or 0.0) * minutes_per_day, finish))

    got = rules(network, instant)
    n = network.compiled.n
    out = []
    for values, fill in ((got.lo_start, -_BIG), (got.lo_fin, -_BIG), (got.up_start, _BIG),
                         (got.up_fin, _BIG), (got.cap_start, _BIG), (got.cap_fin, _BIG)):
        arr = np.full(n, fill, dtype=np.int64)
        if values:
            arr[np.fromiter(values, np.int64, len(values))] = np.fromiter(
                values.values(), np.float64, len(values)).astype(np.int64)
        out.append(arr)
    return (out[0], out[1], out[2], out[3], out[4], out[5],
            np.array(sorted(got.alap), dtype=np.int64))


def clock_schedule(
    network: Network,
    start: dt.date | dt.datetime,
    calendar: WorkCalendar,
    *,
    lag_calendar: str = "successor",
    deadline: dt.date | float | None = None,
    must_finish_by: dt.date | float | None = None,
    alap: str = "ms_project",
    capped: npt.NDArray[np.bool_] | None = None,
    pinned: npt.NDArray[np.bool_] | None = None,
    delay: FloatArray | None = None,
    day_rules: bool = False,
    status: Any = None,
    assignments: Sequence[tuple[int, WorkCalendar, float]] | None = None,
    before_start: bool = False,
    status_at: StatusInstants | None = None,
    milestones: str = "ms_project",
    total_float: str = "start",
) -> ClockResult:
    """Early and late instants, floats and link slack on clock time (see module notes).

    ``before_start``: an activity without predecessors whose date constraint raising its
    early dates is before ``start`` is placed there (MS Project); else ``start`` holds
    every activity.

    ``assignments`` (activity index, calendar, duration [working days of
    ``hours_per_day``]) rows: MS Project's tasks on their resources' calendars (see
    :func:`_assignment_spans`).

    ``status`` (a :class:`~pmokit.scheduling._status.StatusBounds`) schedules the remaining
    work (see :func:`_status_instants`); ``status_at`` gives the instants of its actual
    dates and data date where the progress has them (:func:`status_instants`).

    ``milestones="p6"`` places the late instants of the P6 milestones named by
    :func:`milestone_kinds` by P6's rules (see the backward pass).

    ``total_float`` is P6's "Compute total float as": ``"start"`` (late start minus early
    start), ``"finish"`` (late finish minus early finish) or ``"smallest"``, each counted
    in the activity's own working time between the reported instants (with progress: a
    started activity from its actual start; finished work has no float).

    ``start`` is a date (the project starts at the first working instant of the project
    calendar on or after its 00:00) or a datetime (that instant). Durations are
    ``duration x hours_per_day`` working minutes of each activity's calendar (a "day" is the
    schedule calendar's ``hours_per_day``, MS Project's setting).

    ``delay`` is MS Project's leveling delay per activity [working days of
    ``hours_per_day``, counted on the activity's own calendar]: its start moves that much
    after everything that holds it (links and constraints), as in the day-based engines.

    ``day_rules`` runs the day-based own-calendar schedule (:mod:`._calendars`): every
    calendar becomes one shift of ``hours_per_day`` from 00:00 on its working days, lags are
    the compiled working days on the successor's calendar, datetime constraints count their
    day, and the day engines' boundary conventions hold (no finish moved past a gap, a late
    start held in a gap at the start of the working day before, milestones placed and dated
    as there).
    """
    if lag_calendar not in LAG_CALENDARS:
        raise ValidationError(
            f"'lag_calendar' must be one of {', '.join(map(repr, LAG_CALENDARS))} (P6's "
            "'Calendar for scheduling relationship lag': successor's, predecessor's, "
            f"24-hour, project default) (got {lag_calendar!r})"
        )
    c = network.compiled
    n = c.n
    mpd = float(calendar.hours_per_day) * 60.0
    # calendars: 0 = project, 1 = 24 hours, then the activities' own
    if day_rules:  # the day engines: every working day one shift of hours_per_day
        from pmokit.scheduling._calendars import one_shift

        hours = float(calendar.hours_per_day)
        convert = {id(calendar): one_shift(calendar, hours)}
        calendar = convert[id(calendar)]
    cals: list[WorkingTime] = [calendar._working_time(), _AROUND]
    acal = np.zeros(n, dtype=np.int64)
    # equal calendars share one block of the stacked table (the same object is found first)
    by_id: dict[int, int] = {id(calendar): 0}
    by_value: dict[WorkCalendar, int] = {calendar: 0}

    def block(cal: WorkCalendar) -> int:
        """The calendar's block in the stacked table, added on first sight."""
        k = by_id.get(id(cal))
        if k is None:
            k = by_value.get(cal)
            if k is None:
                k = by_value[cal] = len(cals)
                cals.append(cal._working_time())
            by_id[id(cal)] = k
        return k

    for i, cal in network.calendars.items():
        if day_rules:
            key = id(cal)
            if key not in convert:
                convert[key] = one_shift(cal, hours)
            cal = convert[key]
        acal[i] = block(cal)
    asg = None
    if assignments and not day_rules:
        rows_cal = [block(cal) for _, cal, _ in assignments]
        asg = (np.array([i for i, _, _ in assignments], dtype=np.int64),
               np.array(rows_cal, dtype=np.int64),
               np.rint(np.array([d for _, _, d in assignments]) * mpd).astype(np.int64))
    dmin = np.rint(c.duration * mpd).astype(np.int64)
    dly = (np.zeros(n, dtype=np.int64) if delay is None
           else np.rint(np.asarray(delay, dtype=np.float64) * mpd).astype(np.int64))
    if day_rules:  # the day engines' lags: working days of the successor's calendar
        lmin = np.rint(c.link_lag * mpd).astype(np.int64)
        elapsed = np.zeros(c.m, dtype=bool)
    else:
        lmin, elapsed = lag_minutes(network, dmin, mpd)
    lcal = {
        "successor": acal[c.link_succ],
        "predecessor": acal[c.link_pred],
        "24h": np.ones(c.m, dtype=np.int64),
        "project": np.zeros(c.m, dtype=np.int64),
    }[lag_calendar].copy()
    lcal[elapsed] = 1
    start_inst = _instant(start)
    dates = [_instant(x) for x in (deadline, must_finish_by) if isinstance(x, dt.date)]
    dates += [_instant(con.at) for con in network.constraints.values()
              if isinstance(con.at, dt.date)]
    span_days = int((dmin.sum() + np.abs(lmin).sum() + (0 if asg is None else asg[2].sum()))
                    / max(mpd, 1.0) * 1.5) + 60
    for _ in range(12):
        lo_day = (min([start_inst, *dates]) // _DAY) - 30 - span_days
        hi_day = (max([start_inst, *dates]) // _DAY) + 60 + span_days
        lo_day = max(lo_day, (dt.date(1700, 1, 1) - _EPOCH).days)
        hi_day = min(hi_day, (dt.date(2300, 1, 1) - _EPOCH).days)
        stack = _Stack.build(cals, lo_day, hi_day)
        try:
            result = _passes(network, stack, acal, dmin, lmin, lcal, start_inst,
                             isinstance(start, dt.datetime), mpd, deadline, must_finish_by,
                             alap, capped, pinned, dly, day_rules, status,
                             _manual_tasks(network), asg, before_start, status_at,
                             milestones, total_float=total_float)
            box = _DAY_INSTANTS.get()
            if day_rules and box is not None:
                box.append(result)
            return result
        except _OutOfRange:
            if lo_day <= (dt.date(1700, 1, 1) - _EPOCH).days and hi_day >= (
                    dt.date(2300, 1, 1) - _EPOCH).days:
                break
            span_days *= 4
    raise ValidationError(
        "clock-time schedule: the schedule leaves the supported range of dates (years 1700 "
        "to 2300) or a calendar has no working time there; check the durations, lags, "
        "constraints, deadline and calendars"
    )


def _free_of_start(c: Any, constrained: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """MS Project's activities the project start does not hold: one without predecessors
    held by a date constraint (placed at it, before the project start too), and one whose
    predecessors are all such (logic alone places it). ``c``: the compiled network."""
    n = c.n
    preds = np.bincount(c.link_succ, minlength=n)
    held = (preds == 0) & ~constrained  # the project start holds these
    f_links, f_ptr, _, _ = _level_links(c)
    for lev in range(f_ptr.size - 1):
        ks = f_links[f_ptr[lev]: f_ptr[lev + 1]]
        if ks.size:
            np.logical_or.at(held, c.link_succ[ks], held[c.link_pred[ks]])
    out: npt.NDArray[np.bool_] = ~held
    return out


def _assignment_spans(
    st: _Stack, asg: tuple[IntArray, IntArray, IntArray], acts: IntArray,
    first: IntArray, last: IntArray, at_start: IntArray, at_finish: IntArray, *,
    forward: bool,
) -> None:
    """MS Project's task on its resources' calendars, in place: each assignment (rows of
    ``asg``: activity, calendar, working minutes) is placed on its own calendar and the
    task spans from the earliest assignment start (``first``) to the latest finish
    (``last``).

    Forward, ``at_start`` / ``at_finish`` are the latest instants the start and the
    finish must reach (-_BIG: none): each assignment starts at the first working instant
    of its calendar that both allow. Backward they are the earliest instants the start
    and the finish must keep to (_BIG: none): each assignment ends at the last working
    instant of its calendar up to both."""
    rows = np.flatnonzero(np.isin(asg[0], acts))
    ra, kc, dd = asg[0][rows], asg[1][rows], asg[2][rows]
    s_at, f_at = at_start[ra], at_finish[ra]
    if forward:
        pos = st.w(kc, s_at)
        h = f_at > -_BIG
        pos[h] = np.maximum(pos[h], st.w(kc[h], f_at[h]) - dd[h])
    else:
        pos = st.w(kc, f_at) - dd
        h = s_at < _BIG
        pos[h] = np.minimum(pos[h], st.w(kc[h], s_at[h]))
    a = st.inv(kc, pos, "start")
    b = np.maximum(st.inv(kc, pos + dd, "finish"), a)
    first[acts] = _BIG
    last[acts] = -_BIG
    np.minimum.at(first, ra, a)
    np.maximum.at(last, ra, b)


def _manual_tasks(network: Network) -> npt.NDArray[np.bool_] | None:
    """Mask of MS Project's manually scheduled tasks (constraint ``MANUAL``), or None."""
    idx = [i for i, con in network.constraints.items()
           if con.kind is ConstraintType.MANUAL]
    if not idx:
        return None
    out = np.zeros(network.compiled.n, dtype=bool)
    out[idx] = True
    return out


def _passes(
    network: Network, st: _Stack, acal: IntArray, d: IntArray, lag: IntArray,
    lcal: IntArray, start_inst: int, exact_start: bool, mpd: float,
    deadline: dt.date | float | None, must_finish_by: dt.date | float | None,
    alap_rule: str, capped: npt.NDArray[np.bool_] | None,
    pinned: npt.NDArray[np.bool_] | None,
    dly: IntArray,
    day_rules: bool = False,
    status: Any = None,
    manual: npt.NDArray[np.bool_] | None = None,
    asg: tuple[IntArray, IntArray, IntArray] | None = None,
    before_start: bool = False,
    status_at: StatusInstants | None = None,
    milestones: str = "ms_project",
    total_float: str = "start",
) -> ClockResult:
    c = network.compiled
    n = c.n
    man = np.zeros(n, dtype=bool) if manual is None or day_rules else manual
    # MS Project's tasks on their resources' calendars (not started ones)
    multi = np.zeros(n, dtype=bool)
    if asg is not None and not day_rules:
        multi[asg[0]] = True
        if status is not None:
            multi &= ~np.asarray(status.started, dtype=bool)
        keep_rows = multi[asg[0]]
        asg = (asg[0][keep_rows], asg[1][keep_rows], asg[2][keep_rows])
    zero = np.zeros(1, dtype=np.int64)
    one = np.array([start_inst], dtype=np.int64)
    origin = int(one[0]) if exact_start else int(st.inv(zero, st.w(zero, one), "start")[0])
    w0 = int(st.w(zero, np.array([origin]))[0])

    def project_minutes(m: float, finish: bool) -> int:
        w = np.array([w0 + round(m)], dtype=np.int64)
        # an offset 0 finish: the project start (clock) or the end of the working day
        # before it (the day engines)
        side: Literal["start", "finish"] = (
            "finish" if finish and (m > 0 or day_rules) else "start")
        return int(st.inv(zero, w, side)[0])

    lo_s, lo_f, up_s, up_f, cap_s, cap_f, alap = constraint_instants(
        network, origin, project_minutes, mpd, day_dates=day_rules)
    fcut = bcut = None
    if status is not None:
        sb = _status_instants(status, st, acal, mpd, w0, lo_s, lo_f, up_s, up_f, alap,
                              status_at)
        lo_s, lo_f, up_s, up_f, alap, d = sb.lo_s, sb.lo_f, sb.up_s, sb.up_f, sb.alap, sb.d
        fcut, bcut = sb.fcut, sb.bcut
    task = d > 0
    ms = ~task
    # P6's milestone types (late instants, see the backward pass)
    start_ms, finish_ms = _milestone_masks(network)
    if day_rules or milestones != "p6":
        start_ms[:] = finish_ms[:] = False
    start_ms &= ms
    finish_ms &= ms
    # start bounds of tasks in their own working time, and milestones' instant bounds
    orig = np.full(n, origin, dtype=np.int64)
    base_w = st.w(acal, orig)
    cons_w = np.full(n, -_BIG, dtype=np.int64)  # what the date constraints alone allow
    has = lo_s > -_BIG
    cons_w[has] = st.w(acal[has], lo_s[has])
    has = lo_f > -_BIG
    cons_w[has] = np.maximum(cons_w[has], st.w(acal[has], lo_f[has]) - d[has])
    base_w = np.maximum(base_w, cons_w)
    base_m = np.maximum(orig, np.maximum(lo_s, lo_f))
    ys0 = np.maximum(orig, lo_s)
    if before_start and not day_rules:
        free = _free_of_start(c, cons_w > -_BIG)
        base_w[free] = cons_w[free]
        base_m[free] = np.maximum(lo_s, lo_f)[free]
        fs = free & (lo_s > -_BIG)
        ys0[fs] = lo_s[fs]
    up_w = np.full(n, _BIG, dtype=np.int64)
    has = up_s < _BIG
    up_w[has] = st.w(acal[has], up_s[has])
    has = up_f < _BIG
    up_w[has] = np.minimum(up_w[has], st.w(acal[has], up_f[has]) - d[has])
    up_m = np.minimum(up_s, up_f)
    cap_w = np.full(n, _BIG, dtype=np.int64)
    has = cap_s < _BIG
    cap_w[has] = st.w(acal[has], cap_s[has])
    has = cap_f < _BIG
    cap_w[has] = np.minimum(cap_w[has], st.w(acal[has], cap_f[has]) - d[has])
    cap_m = np.minimum(cap_s, cap_f)
    cap = np.zeros(n, dtype=bool) if capped is None else capped
    pin = np.zeros(n, dtype=bool) if pinned is None else pinned

    from_finish, to_finish = c.link_from_finish, c.link_to_finish
    lp, ls_ = c.link_pred, c.link_succ
    ptr = c.level_ptr
    order = c.order
    # links by the level of their successor / predecessor (the activities in `order`)
    f_links, f_ptr, b_links, b_ptr = _level_links(c)

    delayed = dly > 0

    def forward(lower_w: IntArray, lower_m: IntArray, extra_w: IntArray | None = None,
                extra_m: IntArray | None = None) -> tuple[IntArray, IntArray, IntArray]:
        """Early dates from the bounds ``lower_w`` / ``lower_m``; ``extra_w`` / ``extra_m``
        (ALAP's late dates) hold after the leveling delay, which moves the start after
        everything else that holds it."""
        es = np.zeros(n, dtype=np.int64)
        ef = np.zeros(n, dtype=np.int64)
        es_w = np.zeros(n, dtype=np.int64)
        bw = lower_w.copy()
        bm = lower_m.copy()
        yf = lo_f.copy()  # the latest instant each finish must reach
        ys = ys0.copy()  # ... each start (tasks on several calendars)
        bkey = np.full(n, -1, dtype=np.int64)  # day rules: milestones' latest candidate
        ms_end[:] = False
        for lev in range(ptr.size - 1):
            acts = order[ptr[lev]: ptr[lev + 1]]
            ks = f_links[f_ptr[lev]: f_ptr[lev + 1]]
            if fcut is not None and ks.size:
                ks = ks[~fcut[ks]]
            if ks.size:
                p, s = lp[ks], ls_[ks]
                y = np.where(from_finish[ks], ef[p], es[p])
                nz = lag[ks] != 0
                if nz.any():
                    cl = lcal[ks][nz]
                    y[nz] = st.inv(cl, st.w(cl, y[nz]) + lag[ks][nz], "finish")
                tk = task[s]
                if tk.any():
                    cand = st.w(acal[s[tk]], y[tk]) - np.where(to_finish[ks][tk], d[s[tk]], 0)
                    np.maximum.at(bw, s[tk], cand)
                    fb = tk & to_finish[ks]
                    if fb.any():
                        np.maximum.at(yf, s[fb], y[fb])
                    sm = tk & ~to_finish[ks] & multi[s]
                    if sm.any():
                        np.maximum.at(ys, s[sm], y[sm])
                if not tk.all() and day_rules:
                    mk = ~tk
                    src = np.where(from_finish[ks], ef[p], es[p])[mk]
                    end = ((from_finish[ks] & task[p]) | (~task[p] & ms_end[p]))[mk]
                    km = acal[s[mk]]
                    lz = lag[ks][mk] != 0
                    if lz.any():
                        v = st.w(km[lz], src[lz]) + lag[ks][mk][lz]
                        src[lz] = np.where(end[lz], st.inv(km[lz], v, "finish"),
                                           st.inv(km[lz], v, "start"))
                    np.maximum.at(bkey, s[mk], _day_key(st, km, src, end, mday))
                elif not tk.all():
                    np.maximum.at(bm, s[~tk], y[~tk])
            a_t = acts[task[acts]]
            if a_t.size:
                w = bw[a_t] + dly[a_t]
                if extra_w is not None:
                    w = np.maximum(w, extra_w[a_t])
                cp = cap[a_t]
                if cp.any():
                    w[cp] = np.minimum(w[cp], cap_w[a_t[cp]])
                es_w[a_t] = w
                k = acal[a_t]
                es[a_t] = st.inv(k, w, "start")
                f = st.inv(k, w + d[a_t], "finish")
                # a finish held by an instant in a gap of its calendar (a lunch break, a
                # weekend) is at the next start of work, not before that instant
                late = (f < yf[a_t]) & (not day_rules)
                if late.any():
                    f[late] = st.inv(k[late], w[late] + d[a_t[late]], "start")
                ef[a_t] = f
                mt = multi[a_t]
                if mt.any() and asg is not None:
                    ai = a_t[mt]
                    _assignment_spans(st, asg, ai, es, ef, ys, yf, forward=True)
                    es_w[ai] = st.w(acal[ai], es[ai])
            a_m = acts[ms[acts]]
            if a_m.size and day_rules:
                k = acal[a_m]
                no = np.zeros(a_m.size, dtype=bool)
                key = np.maximum(bkey[a_m], 2 * _dkey(np.full(a_m.size, origin), mday) + 1)
                for bound, is_end in ((lo_s, False), (lo_f, True)):
                    b = bound[a_m]
                    h = b > -_BIG
                    if h.any():
                        key[h] = np.maximum(key[h], _day_key(st, k[h], b[h], no[h] | is_end,
                                                             mday))
                if extra_w is not None:
                    h = extra_w[a_m] > -_BIG
                    h &= ~delayed[a_m]
                    # a raised bound (MS Project's ALAP) at the working position its links
                    # already give keeps their instant: at a task's finish, the close of
                    # that day (as the one-calendar engine dates a driven milestone)
                    if h.any():
                        xc, _ = _from_key(key, mday)
                        h &= extra_w[a_m] > st.w(k, xc)
                    if h.any():
                        b = st.inv(k[h], extra_w[a_m[h]], "start")
                        key[h] = np.maximum(key[h], _day_key(st, k[h], b, no[h], mday))
                x, end = _from_key(key, mday)
                dm = delayed[a_m]
                if dm.any():
                    kd = k[dm]
                    wd = st.w(kd, x[dm]) + dly[a_m[dm]]
                    if extra_w is not None:
                        wd = np.maximum(wd, extra_w[a_m[dm]])
                    x[dm] = st.inv(kd, wd, "start")
                    end[dm] = False
                cp = cap[a_m] & (cap_m[a_m] < _BIG)
                if cp.any():
                    cm = cap_m[a_m]
                    lower = cp & (_dkey(cm, mday) < _dkey(x, mday))
                    x[lower] = cm[lower]
                    end[lower] = False
                es[a_m] = ef[a_m] = x
                es_w[a_m] = st.w(k, x)
                ms_end[a_m] = end
            elif a_m.size:
                x = bm[a_m]
                k = acal[a_m]
                dm = delayed[a_m]
                if dm.any():  # from its working position, at a start of working time
                    kd = k[dm]
                    x[dm] = st.inv(kd, st.w(kd, x[dm]) + dly[a_m[dm]], "start")
                if extra_m is not None:
                    x = np.maximum(x, extra_m[a_m])
                cp = cap[a_m]
                if cp.any():
                    x[cp] = np.minimum(x[cp], cap_m[a_m[cp]])
                edge = st.working(k, x) | st.working(k, x - 1)
                if not edge.all():
                    x[~edge] = st.inv(k[~edge], st.w(k[~edge], x[~edge]), "start")
                es[a_m] = ef[a_m] = x
                es_w[a_m] = st.w(k, x)
        return es, ef, es_w

    mday = round(mpd)
    ms_end = np.zeros(n, dtype=bool)
    es, ef, es_w = forward(base_w, base_m)
    finish = int(ef.max()) if n else origin
    target = finish
    if must_finish_by is not None:
        target = _bound_instant(must_finish_by, project_minutes, mpd)
    if deadline is not None:
        target = min(target, _bound_instant(deadline, project_minutes, mpd))

    def backward() -> tuple[IntArray, IntArray, IntArray]:
        ls = np.zeros(n, dtype=np.int64)
        lf = np.zeros(n, dtype=np.int64)
        lf_w = np.zeros(n, dtype=np.int64)
        tgt = np.full(n, target, dtype=np.int64)
        bw = st.w(acal, tgt)
        bw = np.minimum(bw, up_w + np.where(task, d, 0))
        bm = np.minimum(tgt, up_m)
        xs = up_s.copy()  # the earliest instant each start must keep to
        xf = np.minimum(tgt, up_f)  # ... and each finish
        for lev in range(ptr.size - 2, -1, -1):
            acts = order[ptr[lev]: ptr[lev + 1]]
            ks = b_links[b_ptr[lev]: b_ptr[lev + 1]]
            if ks.size:
                keep = ~pin[lp[ks]]
                # MS Project: a manually scheduled task's late dates are not bound through
                # the links from its start (SS, SF)
                keep &= ~(man[lp[ks]] & ~from_finish[ks])
                if bcut is not None:
                    keep &= ~bcut[ks]
                ks = ks[keep]
            if ks.size:
                p, s = lp[ks], ls_[ks]
                x = np.where(to_finish[ks], lf[s], ls[s])
                x = _undelay(st, acal, dly, s, x)
                nz = lag[ks] != 0
                if day_rules:  # the day engine: a task's end as the start of its position
                    nz |= task[s]
                if nz.any():
                    cl = lcal[ks][nz]
                    x[nz] = st.inv(cl, st.w(cl, x[nz]) - lag[ks][nz], "start")
                tk = task[p]
                if tk.any():
                    cand = st.w(acal[p[tk]], x[tk]) + np.where(from_finish[ks][tk], 0, d[p[tk]])
                    if day_rules:
                        cand -= _gap_day(st, acal[p[tk]], x[tk], mpd) * ~from_finish[ks][tk]
                    np.minimum.at(bw, p[tk], cand)
                    sb = tk & ~from_finish[ks]
                    if sb.any():
                        np.minimum.at(xs, p[sb], x[sb])
                    if not sb.all():
                        np.minimum.at(xf, p[~sb], x[~sb])
                if not tk.all():
                    np.minimum.at(bm, p[~tk], x[~tk])
            a_t = acts[task[acts]]
            if a_t.size:
                w = bw[a_t]
                pn = pin[a_t]
                if pn.any():
                    w[pn] = up_w[a_t[pn]] + d[a_t[pn]]
                lf_w[a_t] = w
                k = acal[a_t]
                f = st.inv(k, w, "finish")
                # no float: it keeps its early finish (one moved past a gap stays there)
                keep = ((w == es_w[a_t] + d[a_t]) & (ef[a_t] > f) & (ef[a_t] <= xf[a_t])
                        & (not day_rules))
                f[keep] = ef[a_t[keep]]
                # MS Project: a manually scheduled task's late finish is the instant its
                # successors (or the project finish) allow, not moved back to the end of
                # the work before it (Monday 08:00, not Friday 17:00)
                mt = man[a_t]
                if mt.any():
                    at_x = mt & (st.w(k, xf[a_t]) == w) & (xf[a_t] < _BIG)
                    f[at_x] = xf[a_t[at_x]]
                lf[a_t] = f
                b = st.inv(k, w - d[a_t], "start")
                # a start held by an instant in a gap is at the end of the work before it
                # (P6: a late start on Friday 17:00 when a successor starts on Sunday)
                early = (b > xs[a_t]) & (not day_rules)
                if early.any():
                    b[early] = st.inv(k[early], w[early] - d[a_t[early]], "finish")
                ls[a_t] = b
                mt = multi[a_t]
                if mt.any() and asg is not None:
                    ai = a_t[mt]
                    _assignment_spans(st, asg, ai, ls, lf, xs, xf, forward=False)
                    # float on its own calendar: late start against early start
                    lf_w[ai] = st.w(acal[ai], ls[ai]) + d[ai]
            a_m = acts[ms[acts]]
            if a_m.size:
                x = bm[a_m]
                pn = pin[a_m]
                if pn.any():
                    x[pn] = up_m[a_m[pn]]
                k = acal[a_m]
                wx = st.w(k, x)
                # no float: it stays at its early instant (Friday 17:00 after a finish,
                # Monday 08:00 at a start); else the end of the working time up to x
                if not day_rules:  # the day engines keep the latest instant as it is
                    same = (wx == es_w[a_m]) & (es[a_m] <= x)
                    # P6: a finish milestone at the end of the working time up to x
                    # (Friday 17:00 before a Monday 08:00, float or not); a start
                    # milestone with float at x when its calendar works then, else
                    # there too
                    same &= ~finish_ms[a_m]
                    at_x = start_ms[a_m] & ~same & st.working(k, x)
                    x = np.where(same | at_x, np.where(at_x, x, es[a_m]),
                                 st.inv(k, wx, "finish"))
                ls[a_m] = lf[a_m] = x
                lf_w[a_m] = st.w(k, x)
        return ls, lf, lf_w

    ls, lf, lf_w = backward()
    if alap.size:
        if alap_rule == "p6":
            es, ef, es_w = _p6_alap(st, c, alap, es, ef, es_w, acal, d, lag, lcal, finish,
                                    from_finish, to_finish, dly,
                                    ms_end if day_rules else None, mday)
        else:
            extra_w = np.full(n, -_BIG, dtype=np.int64)
            extra_m = np.full(n, -_BIG, dtype=np.int64)
            at = alap[task[alap]]
            extra_w[at] = lf_w[at] - d[at]
            am = alap[ms[alap]]
            extra_m[am] = ls[am]
            if day_rules:  # the day engines: its late working position, as a start
                extra_w[am] = np.maximum(es_w[am], lf_w[am])
            es, ef, es_w = forward(base_w, base_m, extra_w, extra_m)
    tf = (lf_w - np.where(task, d, 0)) - es_w
    # link slack on the successor's calendar, and free float
    if c.m:
        y = np.where(from_finish, ef[lp], es[lp])
        nz = lag != 0
        if nz.any():
            y[nz] = st.inv(lcal[nz], st.w(lcal[nz], y[nz]) + lag[nz], "finish")
        tgt = np.where(to_finish, ef[ls_], es[ls_])
        link_slack = st.w(acal[ls_], tgt) - st.w(acal[ls_], y) - dly[ls_]
    else:
        link_slack = np.zeros(0, dtype=np.int64)
    ef_w = es_w + np.where(task, d, 0)
    # the day engines measure free float to the finish after ALAP has moved activities
    ff_end = int(ef.max()) if day_rules and n else finish
    ff = st.w(acal, np.full(n, ff_end, dtype=np.int64)) - ef_w
    if c.m:
        if fcut is None:
            np.minimum.at(ff, lp, link_slack)
        else:
            np.minimum.at(ff, lp[~fcut], link_slack[~fcut])
    zero_n = np.zeros(n, dtype=np.int64)
    wp0 = w0

    def offsets(x: IntArray) -> FloatArray:
        out: FloatArray = (st.w(zero_n, x) - wp0) / mpd
        return out

    remaining = remaining_at = None
    if status is not None:
        remaining = (offsets(es), offsets(ls))
        remaining_at = (es, ls)
        es, ls, tf, ff = _status_report(sb, st, acal, es, ef, ls, lf, tf, ff)
    if total_float != "start":
        # P6's finish float: late finish minus early finish, in the activity's own working
        # time between the reported instants (start float is ``tf``)
        ftf = st.w(acal, lf) - st.w(acal, ef)
        if status is not None:
            ftf[sb.finished] = 0
        tf = ftf if total_float == "finish" else np.minimum(tf, ftf)
    return ClockResult(
        es=es, ef=ef, ls=ls, lf=lf, total_float=tf, free_float=ff, link_slack=link_slack,
        origin=origin, finish=finish,
        offsets=(offsets(es), offsets(ef), offsets(ls), offsets(lf)),
        minutes_per_day=mpd,
        dates=(_day_dates(st, acal, task, ms_end, origin, mday, (es, ef, ls, lf),
                          _apart(c, acal, lcal, task)) if day_rules
               else (_dates_of(st, acal, task, es, False), _dates_of(st, acal, task, ef, True),
                     _dates_of(st, acal, task, ls, False), _dates_of(st, acal, task, lf, True))),
        ids=c.ids, ms_end=ms_end if day_rules else None,
        remaining=remaining, remaining_at=remaining_at,
    )


@attrs.frozen(eq=False)
class _ClockStatus:
    """Statusing (:class:`~pmokit.scheduling._status.StatusBounds`) on clock time: the
    constraint instants as statusing changes them, durations [working minutes of each
    activity's calendar], the links each pass ignores, and the actual starts [instants]."""

    lo_s: IntArray
    lo_f: IntArray
    up_s: IntArray
    up_f: IntArray
    alap: IntArray
    d: IntArray
    fcut: npt.NDArray[np.bool_]
    bcut: npt.NDArray[np.bool_]
    actual_start: IntArray
    started: npt.NDArray[np.bool_]
    finished: npt.NDArray[np.bool_]


def _status_instants(
    status: Any, st: _Stack, acal: IntArray, mpd: float, w0: int, lo_s: IntArray,
    lo_f: IntArray, up_s: IntArray, up_f: IntArray, alap: IntArray,
    at: StatusInstants | None = None,
) -> _ClockStatus:
    """The status bounds on clock time, as :func:`pmokit.scheduling._bounds.with_status`
    applies them to the day engine's bounds: offsets [working days of the project
    calendar] become instants of the project calendar (a lower bound or an actual start on
    the start side, Monday 08:00; an actual finish on the finish side, Friday 17:00); the
    remaining durations count ``hours_per_day`` working minutes a day on each activity's
    calendar; finished work has the working minutes of its calendar between its actual
    instants. A started activity's start constraints, its lower finish constraints and its
    ALAP no longer bind; finished work is held at its actual start.

    With ``at`` (progress dated by the calendar, :class:`StatusInstants`), actual dates
    are their instants (dates at the start / end of the working time of the activity's own
    calendar on that day) and the data date, where it is the bound, is its instant on each
    activity's own calendar: remaining work on a seven-day calendar resumes on Saturday
    08:00 after a data date of Saturday 00:00 (P6), where the project calendar's working
    time would put it on Monday 08:00."""
    n = acal.size
    zero = np.zeros(n, dtype=np.int64)

    def instants(off: FloatArray, side: Literal["start", "finish"], fill: int) -> IntArray:
        out = np.full(n, fill, dtype=np.int64)
        ok = np.isfinite(off)
        if ok.any():
            w = w0 + np.rint(off[ok] * mpd).astype(np.int64)
            out[ok] = st.inv(zero[ok], w, side)
        return out

    started = np.asarray(status.started, dtype=bool)
    finished = np.asarray(status.finished, dtype=bool)
    a_s = instants(status.actual_start, "start", -_BIG)
    a_f = instants(status.actual_finish, "finish", -_BIG)
    if at is not None:
        for x, given, day, side in ((a_s, at.actual_start, at.start_day, "start"),
                                    (a_f, at.actual_finish, at.finish_day, "finish")):
            g = given != _NONE
            x[g] = given[g]
            g &= day
            if g.any():
                x[g] = st.inv(acal[g], st.w(acal[g], x[g]), side)  # type: ignore[arg-type]
    a_f = np.where(finished, np.maximum(a_f, a_s), a_f)
    d = np.rint(np.asarray(status.duration) * mpd).astype(np.int64)
    if finished.any():
        f = np.flatnonzero(finished)
        d[f] = st.w(acal[f], a_f[f]) - st.w(acal[f], a_s[f])
    low = instants(status.lower, "start", -_BIG)
    if at is not None:
        if at.data_date is not None and status.data_date is not None:
            floor = ~finished & (np.abs(status.lower - status.data_date) <= 1e-9)
            low[floor] = at.data_date
        low = np.where(finished, a_s, low)
    lo_s = np.where(started, low, np.maximum(lo_s, low))
    lo_f = np.where(started, -_BIG, lo_f)
    up = instants(np.where(np.isfinite(status.upper), status.upper, np.nan), "start", _BIG)
    up_s = np.minimum(np.where(started, _BIG, up_s), up)
    up_s = np.where(finished, a_s, up_s)
    up_f = np.where(finished, _BIG, up_f)
    return _ClockStatus(
        lo_s=lo_s, lo_f=lo_f, up_s=up_s, up_f=up_f, alap=alap[~started[alap]], d=d,
        fcut=np.asarray(status.forward_cut, dtype=bool),
        bcut=np.asarray(status.backward_cut, dtype=bool), actual_start=a_s, started=started,
        finished=finished,
    )


def _status_report(
    sb: _ClockStatus, st: _Stack, acal: IntArray, es: IntArray, ef: IntArray, ls: IntArray,
    lf: IntArray, tf: IntArray, ff: IntArray,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Reported instants from the passes over remaining work (as the day engine's
    ``_statused_dates``): a started activity starts at its actual start and its late start
    is its late finish minus its whole span [working minutes of its calendar]; finished
    work sits at its actual instants with no float."""
    es, ls, tf, ff = es.copy(), ls.copy(), tf.copy(), ff.copy()
    s = np.flatnonzero(sb.started)
    if s.size:
        k = acal[s]
        es[s] = sb.actual_start[s]
        span = st.w(k, ef[s]) - st.w(k, es[s])
        w = st.w(k, lf[s]) - span
        ls[s] = np.where(span > 0, st.inv(k, w, "start"), lf[s])
    f = sb.finished
    ls[f] = es[f]
    tf[f] = 0
    ff[f] = 0
    return es, ls, tf, ff


def _bound_instant(value: dt.date | float, project_minutes: Any, mpd: float) -> int:
    if isinstance(value, dt.datetime):
        return _instant(value)
    if isinstance(value, dt.date):
        return _instant(value) + _DAY
    return int(project_minutes(float(value) * mpd, True))


def _level_links(c: Any) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    from pmokit.scheduling._cpm import level_plan

    plan = level_plan(c)
    return plan.fwd_links, plan.fwd_ptr, plan.bwd_links, plan.bwd_ptr


def _p6_alap(
    st: _Stack, c: Any, alap: IntArray, es: IntArray, ef: IntArray, es_w: IntArray,
    acal: IntArray, d: IntArray, lag: IntArray, lcal: IntArray, finish: int,
    from_finish: npt.NDArray[np.bool_], to_finish: npt.NDArray[np.bool_],
    dly: IntArray, ms_end: npt.NDArray[np.bool_] | None = None, mday: int = 0,
) -> tuple[IntArray, IntArray, IntArray]:
    """P6's ALAP: each ALAP activity, latest first, takes the latest start at which every
    link to a successor still holds on the successors' early dates and it finishes by the
    project's early finish; no successor moves. With ``ms_end`` (the day engines' rules on
    one-shift calendars of ``mday`` minutes, updated in place) a task's end holds as the
    start of its working position and a milestone keeps the latest instant as it is."""
    day_rules = ms_end is not None
    es, ef, es_w = es.copy(), ef.copy(), es_w.copy()
    rank = np.empty(c.n, dtype=np.int64)
    rank[c.order] = np.arange(c.n)
    for i in alap[np.argsort(-rank[alap], kind="stable")].tolist():
        ks = c.succ_link[c.succ_ptr[i]: c.succ_ptr[i + 1]]
        k1 = np.array([acal[i]])
        s = c.link_succ[ks]
        x = _undelay(st, acal, dly, s, np.where(to_finish[ks], ef[s], es[s]))
        nz = lag[ks] != 0
        if day_rules:
            nz |= d[s] > 0
        if nz.any():
            cl = lcal[ks][nz]
            x[nz] = st.inv(cl, st.w(cl, x[nz]) - lag[ks][nz], "start")
        if d[i] > 0:
            ki = np.full(x.size, acal[i])
            wx = st.w(ki, x) + np.where(from_finish[ks], 0, d[i])
            if day_rules:
                wx -= _gap_day(st, ki, x, mday) * ~from_finish[ks]
            w = min([int(st.w(k1, np.array([finish]))[0]), *wx.tolist()]) - int(d[i])
            if w > es_w[i]:
                es_w[i] = w
                es[i] = st.inv(k1, np.array([w]), "start")[0]
                ef[i] = st.inv(k1, np.array([w + d[i]]), "finish")[0]
        else:
            xm = min([finish, *x.tolist()], key=lambda v: (_dkey(np.array([v]), mday)[0]
                                                          if day_rules else v))
            if ms_end is not None:
                one = np.array([xm])
                if _dkey(one, mday)[0] > _dkey(es[i:i + 1], mday)[0]:
                    es[i] = ef[i] = xm
                    es_w[i] = st.w(k1, one)[0]
                    r = xm % _DAY
                    day = xm // _DAY + (r >= mday)
                    ms_end[i] = bool(((r == 0) | (r == mday))
                                     and st.working(k1, np.array([(day - 1) * _DAY]))[0])
                continue
            xm = int(st.inv(k1, st.w(k1, np.array([xm])), "finish")[0])
            if xm > es[i]:
                es[i] = ef[i] = xm
                es_w[i] = st.w(k1, np.array([xm]))[0]
    return es, ef, es_w


def _gap_day(st: _Stack, cal: IntArray, x: IntArray, mpd: float) -> IntArray:
    """The day engine's latest start at or before ``x`` on one-shift calendars (00:00 to
    ``mpd``): where the day holding ``x`` (its end counts as the next day) is not worked,
    the start of the last working day before it, one day [minutes] before the end of that
    day that the working minutes give."""
    m = round(mpd)
    day = x // _DAY + ((x % _DAY) >= m)
    out: IntArray = np.where(st.working(cal, day * _DAY), 0, m).astype(np.int64)
    return out


def _undelay(st: _Stack, acal: IntArray, dly: IntArray, s: IntArray, x: IntArray
             ) -> IntArray:
    """The instants ``x`` of the successors ``s`` moved back by their leveling delay (on
    their own calendars, to a start of working time): where the links into them must be
    held."""
    dd = dly[s]
    has = dd > 0
    if has.any():
        x = x.copy()
        k = acal[s[has]]
        x[has] = st.inv(k, st.w(k, x[has]) - dd[has], "start")
    return x


def _apart(c: Any, acal: IntArray, lcal: IntArray, task: npt.NDArray[np.bool_]
           ) -> npt.NDArray[np.bool_]:
    """Per activity: whether a link leaves it for a successor on another calendar, counts
    its lag on another calendar, or reaches a milestone that is apart (a milestone's
    instant carries on to its successors)."""
    apart = np.zeros(c.n, dtype=bool)
    if not c.m:
        return apart
    own = acal[c.link_pred]
    direct = (acal[c.link_succ] != own) | (lcal != own)
    via = ~task[c.link_succ]
    while True:  # at most the length of the longest chain of milestones
        new = apart.copy()
        np.logical_or.at(new, c.link_pred, direct | (via & apart[c.link_succ]))
        if (new == apart).all():
            return apart
        apart = new


def _day_dates(st: _Stack, acal: IntArray, task: npt.NDArray[np.bool_],
               ms_end: npt.NDArray[np.bool_], origin: int, m: int,
               xs: tuple[IntArray, IntArray, IntArray, IntArray],
               apart: npt.NDArray[np.bool_],
               ) -> tuple[npt.NDArray[np.datetime64], ...]:
    """The day engines' dates on one-shift calendars (00:00 to ``m`` minutes): a start on
    the day it begins, a finish later than its start on the day it ends, a milestone held
    by a finish (``ms_end``) at a day boundary on the last working day of its calendar
    before it. ``apart``: activities with a link to a successor on another calendar (or
    a lag on another calendar)."""
    o = int(_dkey(np.array([origin]), m)[0])
    out = []
    for x, first, fin in ((xs[0], xs[0], False), (xs[1], xs[0], True),
                          (xs[2], xs[2], False), (xs[3], xs[2], True)):
        dk, dk0 = _dkey(x, m), _dkey(first, m)
        day = np.where(fin & (dk > dk0), (dk + m - 1) // m - 1, dk // m)
        pick = ~task & ms_end & (dk % m == 0) & (dk > o)
        if pick.any():
            k = acal[pick]
            w = st.w(k, x[pick])
            ok = w > 0
            last = st.inv(k[ok], w[ok], "finish") // _DAY
            idx = np.flatnonzero(pick)[ok]
            day[idx] = last
        # any other milestone at the close of a working day of its calendar is dated at
        # its next start of working time, as the one-calendar engine dates an offset (the
        # key of a day's close is the next day's 00:00, which its calendar may not work:
        # an FNLT at offset 0 was dated the Friday before a Monday start on a
        # Monday-Thursday calendar, where the one-calendar engine dates that Monday);
        # unless a link leaves it for another calendar (``apart``): that 00:00 is then the
        # instant a successor on a calendar working that day may start (the next start of
        # its own calendar put the milestone after such a successor)
        nxt = ~task & ~pick & (dk % m == 0) & ~apart
        if nxt.any():
            idx = np.flatnonzero(nxt)
            k, xi = acal[idx], x[idx]
            closes = st.working(k, xi - 1)
            idx, k, xi = idx[closes], k[closes], xi[closes]
            day[idx] = st.inv(k, st.w(k, xi), "start") // _DAY
        out.append(day.astype("datetime64[D]"))
    return tuple(out)


def _dates_of(st: _Stack, acal: IntArray, task: npt.NDArray[np.bool_], x: IntArray,
              finish: bool) -> npt.NDArray[np.datetime64]:
    """Dates of instants: a start's own day; a task's finish (and a milestone at the end of
    working time) the day of the minute before it (Friday 17:00 -> Friday; 24:00 -> that
    day)."""
    before = (x - 1) // _DAY
    own = x // _DAY
    if finish:
        end = task | st.working(acal, x - 1)
    else:
        end = ~task & st.working(acal, x - 1) & ~st.working(acal, x)
    return np.where(end, before, own).astype("datetime64[D]")


def clock_to_schedule(
    network: Network, start: dt.date | dt.datetime, calendar: WorkCalendar, *,
    lag_calendar: str, deadline: dt.date | float | None, dl: float | None,
    must_finish_by: dt.date | float | None, mfb: float | None, alap: str, honor: bool,
    capped: npt.NDArray[np.bool_], pinned: npt.NDArray[np.bool_], rule: tuple[str, float],
    delay: FloatArray | None = None, leveling_delay: Any = None,
    status: Any = None, actuals: Any = None, statusing: str = "retained_logic",
    assignments: Sequence[tuple[int, WorkCalendar, float]] | None = None,
    before_start: bool = False,
    status_at: StatusInstants | None = None, milestones: str = "ms_project",
    total_float: str = "start",
) -> Any:
    """A :class:`~pmokit.scheduling.Schedule` from the clock passes: offsets and floats in
    working days (a day being ``calendar.hours_per_day``), dates, exact instants."""
    from pmokit._results import frozen_dict
    from pmokit.scheduling._cpm import Schedule

    r = clock_schedule(network, start, calendar, lag_calendar=lag_calendar, deadline=deadline,
                       must_finish_by=must_finish_by, alap=alap, capped=capped, pinned=pinned,
                       delay=delay, status=status, assignments=assignments,
                       before_start=before_start, status_at=status_at,
                       milestones=milestones, total_float=total_float)
    mpd = r.minutes_per_day
    es, ef, ls, lf = r.offsets
    dates = r.dates
    arrays = [es, ef, ls, lf, *dates]
    tf = r.total_float / mpd
    ff = r.free_float / mpd
    slack = r.link_slack / mpd
    for a in (*arrays, tf, ff, slack, r.es, r.ef, r.ls, r.lf, r.total_float, r.free_float,
              r.link_slack):
        a.setflags(write=False)
    origin = (start.date() if isinstance(start, dt.datetime) else start)
    return Schedule(
        network=network, ids=network.compiled.ids, early_start=es, early_finish=ef,
        late_start=ls, late_finish=lf, total_float=tf, free_float=ff,
        project_duration=float(ef.max()) if ef.size else 0.0, start=origin,
        calendar=calendar, deadline=dl, early_start_date=dates[0],
        early_finish_date=dates[1], late_start_date=dates[2], late_finish_date=dates[3],
        _link_slack=slack, critical_rule=rule,
        settings={k: v for k, v in (("alap", alap), ("must_finish_by", mfb),
                                    ("honor_constraints", honor), ("clock", True),
                                    ("leveling_delay", None if delay is None or not delay.any()
                                     else frozen_dict(dict(leveling_delay or {}))),
                                    ("lag_calendar", lag_calendar),
                                    ("milestones", milestones),
                                    ("statusing", None if status is None else statusing),
                                    ("total_float", None if total_float == "start"
                                     else total_float))
                  if v not in (None, False) and (k, v) not in (
                      ("alap", "ms_project"), ("lag_calendar", "successor"),
                      ("milestones", "ms_project"))},
        _clock=r,
        **({} if status is None else _status_schedule_fields(status, actuals, r)),
    )


def _status_schedule_fields(status: Any, actuals: Any, r: ClockResult) -> dict[str, Any]:
    """The statusing fields of a clock-time :class:`~pmokit.scheduling.Schedule`: the
    passes' link slack [working days] (infinite on the links the forward pass ignores)
    and starts of the remaining work."""
    slack = np.where(status.forward_cut, np.inf, r.link_slack / r.minutes_per_day)
    remaining = np.stack(r.remaining or (r.offsets[0], r.offsets[2]))
    for a in (slack, remaining):
        a.setflags(write=False)
    return {"data_date": status.data_date, "actuals": actuals, "_status": status,
            "_status_slack": slack, "_remaining_start": remaining}


def day_schedule_times(s: Any) -> tuple[npt.NDArray[np.datetime64], ...]:
    """Instants of a day-based schedule with dates, by the tools' convention on each
    activity's calendar: a start at the start of working time of its day (plus the
    fraction of the day's working minutes), a whole-day finish at the end of the last
    working period of its day, a milestone dated before its offset's day at that day's
    end."""
    from pmokit.scheduling import _dates

    net = s.network
    c = net.compiled
    n = c.n
    cal0: WorkCalendar = s.calendar
    groups: dict[int, list[int]] = {}
    wts: dict[int, WorkingTime] = {}
    for i in range(n) if net.calendars else ():
        cal = net.calendars.get(i, cal0)
        wts.setdefault(id(cal), cal._working_time())
        groups.setdefault(id(cal), []).append(i)
    if not net.calendars:
        wts[id(cal0)] = cal0._working_time()
        groups[id(cal0)] = list(range(n))
    task = c.duration > 0
    out = []
    for offs, days, fin, first in (
        (s.early_start, s.early_start_date, False, s.early_start),
        (s.early_finish, s.early_finish_date, True, s.early_start),
        (s.late_start, s.late_start_date, False, s.late_start),
        (s.late_finish, s.late_finish_date, True, s.late_start),
    ):
        res = np.zeros(n, dtype=np.int64)
        frac = offs - np.floor(offs + 1e-9)
        frac = np.where(frac < 1e-9, 0.0, frac)
        day_min = days.astype("datetime64[D]").astype(np.int64) * _DAY
        # milestones dated before the day their offset falls on sit at that day's end
        at = _dates.start_dates(cal0, s.start, first)
        end_ms = ~task & (days < at)
        for key, idx_list in groups.items():
            idx = np.array(idx_list, dtype=np.int64)
            wt = wts[key]
            d0 = day_min[idx].astype("datetime64[m]")
            st_ = wt.next_start(d0).astype(np.int64)
            length = wt.day_minutes(days[idx])
            step = np.rint(frac[idx] * length).astype(np.int64)
            is_fin = (fin & task[idx]) | end_ms[idx]
            whole_fin = is_fin & (step == 0)
            r = st_.copy()
            part = step > 0
            if part.any():
                r[part] = wt.add(st_[part].astype("datetime64[m]"), step[part],
                                 side="finish" if fin else "start").astype(np.int64)
            if whole_fin.any():
                nxt = (day_min[idx][whole_fin] + _DAY).astype("datetime64[m]")
                r[whole_fin] = wt.previous_finish(nxt).astype(np.int64)
            res[idx] = r
        out.append(res.astype("datetime64[m]"))
    return tuple(out)


def _dkey(t: IntArray, m: int) -> IntArray:
    """The day engines' instant of ``t`` on one-shift calendars (00:00 to ``m`` minutes), in
    minutes of a working day: day x ``m`` + the worked minutes of the day (its end is the
    next day's 00:00)."""
    out: IntArray = (t // _DAY) * m + np.minimum(t % _DAY, m)
    return out


def _day_key(st: _Stack, cal: IntArray, t: IntArray, end: npt.NDArray[np.bool_], m: int
             ) -> IntArray:
    """A milestone's candidate instant as the day engine places it, encoded for ``max``
    (twice the day instant, plus one for a start, so a start wins a tie): an end stays
    an end only at a day boundary after a day its calendar works (Friday's close); the rest
    moves to the next start of working time."""
    t = np.asarray(t, dtype=np.int64)
    r = t % _DAY
    boundary = (r == 0) | (r == m)
    day = t // _DAY + (r >= m)
    keep = end & boundary & st.working(cal, (day - 1) * _DAY)
    x = np.where(keep, t, st.inv(cal, st.w(cal, t), "start"))
    out: IntArray = 2 * _dkey(x, m) + np.where(keep, 0, 1)
    return out


def _from_key(key: IntArray, m: int) -> tuple[IntArray, npt.NDArray[np.bool_]]:
    """The instant and end flag of :func:`_day_key`'s encoding."""
    end = key % 2 == 0
    dk = key // 2
    day, part = dk // m, dk % m
    t = np.where(end & (part == 0), (day - 1) * _DAY + m, day * _DAY + part)
    return t.astype(np.int64), end


def expected_minutes(
    network: Network, calendar: WorkCalendar, origin: int, mpd: float, idx: IntArray,
    start: IntArray, at: FloatArray, raw: Sequence[Any],
) -> FloatArray:
    """P6's expected finish on clock time: the working minutes of each activity ``idx``'s
    own calendar from its (remaining) early start ``start`` [instants] to its expected
    finish, at least 0 [minutes].

    The expected finish ``raw`` is a datetime (that instant), a date (the end of that day)
    or an offset (``at`` [working days of the project calendar] from the project start
    ``origin``: the finish side, Friday 17:00)."""
    project = calendar._working_time()
    target = np.zeros(idx.size, dtype=np.int64)
    for k, value in enumerate(raw):
        if isinstance(value, dt.datetime):
            target[k] = _instant(value)
        elif isinstance(value, dt.date):
            target[k] = _instant(value) + _DAY
        else:
            t0 = np.array([origin], dtype="datetime64[m]")
            target[k] = project.add(t0, round(float(at[k]) * mpd), side="finish").astype(
                np.int64)[0]
    out = np.zeros(idx.size, dtype=np.float64)
    groups: dict[int, list[int]] = {}
    cals: dict[int, WorkCalendar] = {}
    for k, i in enumerate(idx.tolist()):
        cal = network.calendars.get(i, calendar)
        cals.setdefault(id(cal), cal)
        groups.setdefault(id(cal), []).append(k)
    for key, ks in groups.items():
        rows = np.array(ks, dtype=np.int64)
        wt = cals[key]._working_time()
        w = wt.working_minutes(start[rows].astype("datetime64[m]"),
                               target[rows].astype("datetime64[m]"))
        out[rows] = np.maximum(w, 0)
    return out


# ------------------------------------------------------------------ level of effort
def level_of_effort_instants(
    network: Network, calendar: WorkCalendar, times: Sequence[IntArray], origin: int,
    finish: int, *, lag_calendar: str = "successor", day_rules: bool = False,
) -> FloatArray:
    """Span each level-of-effort (LOE) activity over the instants of the activities it
    links to (P6), in place on ``times`` (early start, early finish, late start, late
    finish [minutes since 1970-01-01] of every activity; the LOE rows are written), and
    return each LOE's float [working minutes of its own calendar] (NaN on other rows).

    P6: "a level of effort activity uses its assigned calendar to summarize its dates"
    (P6 help, quoted by T. Boyle, 2017). A link from a predecessor's start or finish (SS,
    FS) or to a successor's start (SS, SF) gives a start, the other links a finish; the
    earliest start and the latest finish win (late instants alike). A link's lag is
    working time of its lag calendar (``lag_calendar``, P6's "Calendar for scheduling
    relationship lag"; an elapsed lag on 24 hours), added to a predecessor's instant as
    the forward pass adds it (the finish side) and taken off a successor's instant as the
    backward pass takes it off (the start side), as MPXJ's ``PrimaveraScheduler`` does for
    LOEs. The start then moves to the next working instant of the LOE's own calendar, the
    finish back to the end of its working time, so its duration is its own working time
    between them. Without a start link it starts at ``origin`` (the project start), without
    a finish link it finishes at its start and its late finish is ``finish`` (the project
    finish); without a late start its late start is its late finish. Its float is its own
    working time from its early to its late finish (nothing follows it, so its free float
    is the same).

    ``day_rules``: the day-based schedule's instants, every calendar one shift of
    ``hours_per_day`` from 00:00 (:func:`~pmokit.scheduling._calendars.one_shift`), lags
    in working days of the successor's calendar (the day engines' rules).
    """
    c = network.compiled
    is_loe = np.zeros(c.n, dtype=bool)
    for i, kind in network.kinds.items():
        if kind == "loe":
            is_loe[i] = True
    out = np.full(c.n, np.nan)
    if not is_loe.any():
        return out
    mpd = float(calendar.hours_per_day) * 60.0
    tables: dict[int, WorkingTime] = {}

    def table(cal: WorkCalendar) -> WorkingTime:
        wt = tables.get(id(cal))
        if wt is None:
            if day_rules:
                from pmokit.scheduling._calendars import one_shift

                wt = one_shift(cal, float(calendar.hours_per_day))._working_time()
            else:
                wt = cal._working_time()
            tables[id(cal)] = wt
        return wt

    def own(i: int) -> WorkingTime:
        return table(network.calendars.get(i, calendar))

    if day_rules or c.link_lag_value is None or c.link_lag_unit is None \
            or c.link_lag_kind is None:
        lag = np.rint(c.link_lag * mpd).astype(np.int64)
        elapsed = np.zeros(c.m, dtype=bool)
    else:
        dmin = np.rint(c.duration * mpd)
        minutes, elapsed, _ = lag_minutes_of(c.link_lag_unit, c.link_lag_kind,
                                             c.link_lag_value, dmin[c.link_pred], mpd)
        lag = np.rint(minutes).astype(np.int64)
    rule = "successor" if day_rules else lag_calendar

    def lag_table(k: int) -> WorkingTime:
        if elapsed[k] or rule == "24h":
            return _AROUND
        if rule == "project":
            return table(calendar)
        return own(int(c.link_succ[k] if rule == "successor" else c.link_pred[k]))

    from_finish, to_finish = c.link_from_finish, c.link_to_finish
    done = ~is_loe
    for i in [j for j in c.order.tolist() if is_loe[j]]:
        starts: list[tuple[int, int]] = []  # (early, late)
        finishes: list[tuple[int, int]] = []
        ends: list[tuple[int, int, int, bool]] = []  # (activity, link, its end, forward)
        for k in c.pred_link[c.pred_ptr[i]:c.pred_ptr[i + 1]].tolist():
            ends.append((int(c.link_pred[k]), k, int(from_finish[k]), True))
        for k in c.succ_link[c.succ_ptr[i]:c.succ_ptr[i + 1]].tolist():
            ends.append((int(c.link_succ[k]), k, int(to_finish[k]), False))
        for j, k, end, forward in ends:
            if not done[j]:  # an LOE later in the order: it spans this one instead
                continue
            pair = np.array([times[end][j], times[2 + end][j]], dtype="datetime64[m]")
            if lag[k]:
                pair = lag_table(k).add(pair, int(lag[k]) if forward else -int(lag[k]),
                                        side="finish" if forward else "start")
            e, late = (int(x) for x in pair.astype(np.int64))
            # FF, SF from a predecessor and FS, FF to a successor set the finish
            sets_finish = bool(to_finish[k]) if forward else bool(from_finish[k])
            (finishes if sets_finish else starts).append((e, late))
        es = min(x[0] for x in starts) if starts else origin
        ef = max(x[0] for x in finishes) if finishes else es
        lf = max(x[1] for x in finishes) if finishes else finish
        ls = min(x[1] for x in starts) if starts else lf
        wt = own(i)
        es, ls = (int(x) for x in wt.next_start(
            np.array([es, ls], dtype="datetime64[m]")).astype(np.int64))
        ef, lf = (int(x) for x in wt.previous_finish(
            np.array([ef, lf], dtype="datetime64[m]")).astype(np.int64))
        ef = max(ef, es)
        ls = min(ls, lf)
        for arr, v in zip(times, (es, ef, ls, lf), strict=True):
            arr[i] = v
        out[i] = float(wt.working_minutes(np.array([ef], dtype="datetime64[m]"),
                                          np.array([lf], dtype="datetime64[m]"))[0])
        done[i] = True
    return out


def level_of_effort_dates(times: Sequence[IntArray], rows: IntArray
                          ) -> tuple[npt.NDArray[np.datetime64], ...]:
    """The dates (early start, early finish, late start, late finish) of the LOE ``rows``
    from their instants ``times`` [minutes]: a start on its own day (it is at a working
    instant of its calendar); a finish after its start on the day of the minute before it
    (Friday 17:00 -> Friday; on the day engines' one-shift calendars, whose working day
    ends at 00:00 + ``hours_per_day``, the same), one at its start on its start's day."""
    es, ef, ls, lf = (np.asarray(t, dtype=np.int64)[rows] for t in times)
    out = []
    for x, first, fin in ((es, es, False), (ef, es, True), (ls, ls, False), (lf, ls, True)):
        day = np.where(fin & (x > first), (x - 1) // _DAY, x // _DAY)
        out.append(day.astype("datetime64[D]"))
    return tuple(out)


def span_level_of_effort_times(result: Any, times: Sequence[npt.NDArray[np.datetime64]]
                               ) -> FloatArray:
    """Place each level-of-effort activity of a clock-time schedule ``result`` at the
    instants of the activities it links to (:func:`level_of_effort_instants`), in place on
    ``times`` (its early start, early finish, late start, late finish instants,
    ``datetime64[m]``; the other rows as reported), and return each LOE's float [working
    minutes of its own calendar] (NaN on the other rows). Without a finish link its late
    finish is the project finish (the latest early finish of the other activities)."""
    r: ClockResult = result._clock
    network = result.network
    ints = [np.asarray(t).view(np.int64) for t in times]
    loe = np.zeros(len(result.ids), dtype=bool)
    for i, k in network.kinds.items():
        if k == "loe":
            loe[i] = True
    finish = int(ints[1][~loe].max()) if (~loe).any() else int(r.origin)
    return level_of_effort_instants(
        network, result.calendar, ints, int(r.origin), finish,
        lag_calendar=result.settings.get("lag_calendar", "successor"))


def percent_lag_from_level_of_effort(network: Network) -> list[str]:
    """Links with a percent lag out of a level-of-effort activity, each named: the
    percentage would be of the LOE's duration, which is its span, which the link itself
    helps set (no tool defines it; P6 computes an LOE's dates from its links)."""
    c = network.compiled
    if c.link_lag_kind is None or c.link_lag_value is None:
        return []
    loe = {i for i, k in network.kinds.items() if k == "loe"}
    pct = c.link_lag_percent
    return [
        f"link {c.ids[int(c.link_pred[k])]!r} -> {c.ids[int(c.link_succ[k])]!r} has a "
        f"percent lag ({float(c.link_lag_value[k]):g}%) out of level-of-effort activity "
        f"{c.ids[int(c.link_pred[k])]!r}: a percentage of an LOE's duration is circular "
        "(its duration is the span its links give it); give the lag in time units "
        "(lag_unit) instead"
        for k in np.flatnonzero(pct).tolist() if int(c.link_pred[k]) in loe
    ]


def respan_level_of_effort(
    probe: Any, inner: Any, arrays: dict[str, np.ndarray], is_loe: npt.NDArray[np.bool_],
    captured: Sequence[ClockResult],
) -> None:
    """Offsets, dates and floats of the level-of-effort rows of ``arrays`` (in place) from
    their instants, where the working-day rule of
    :func:`~pmokit.scheduling._wbs.schedule_activity_types` (a span of offsets, dated on
    the schedule's calendar) is not exact.

    On clock time (``inner`` has clock passes): always, from the instants
    :func:`span_level_of_effort_times` gives (``probe`` is the schedule of the full network
    built from ``arrays``): offsets are the project calendar's working days from the
    project start to the instants, as for every other activity on clock time, dates the
    instants' days, floats the LOE's own working time from early to late finish.

    On working days, when an LOE has its own calendar (not the schedule's): the instants
    of the day engines (one-shift calendars), from the own-calendar passes ``captured``
    (:func:`capture_day_instants`) or, when every other activity is on the schedule's
    calendar, from their offsets; floats in working days of the LOE's own calendar.

    Raises
    ------
    ValidationError
        On working days, an LOE with its own calendar in a schedule whose other
        activities' instants are not known exactly (task calendars with progress), naming
        it: schedule with ``clock=True``, or give the LOE the schedule's calendar.
    """
    network: Network = probe.network
    cal: WorkCalendar = probe.calendar
    rows = np.flatnonzero(is_loe)
    mpd = float(cal.hours_per_day) * 60.0
    if inner._clock is not None:
        got = probe._instants()
        times = [np.asarray(t).view(np.int64) for t in got[0]]
        minutes = got[1]
        project = cal._working_time()
        origin = int(inner._clock.origin)
    else:
        own = [network.calendars.get(i, cal) for i in rows.tolist()]
        apart = [i for i, k in zip(rows.tolist(), own, strict=True) if k is not cal and k != cal]
        if not apart or probe.start is None:
            return
        from pmokit.scheduling._calendars import one_shift

        project = one_shift(cal, float(cal.hours_per_day))._working_time()
        origin = int(project.next_start(np.array([np.datetime64(probe.start, "m")]))
                     .astype(np.int64)[0])
        keep = ~is_loe
        fields = ("early_start", "early_finish", "late_start", "late_finish")
        times = [np.zeros(len(probe.ids), dtype=np.int64) for _ in range(4)]
        r = next((x for x in reversed(captured) if x.ids == tuple(inner.ids)), None)
        if r is not None and all(np.array_equal(x, getattr(inner, f))
                                 for x, f in zip(r.offsets, fields, strict=True)):
            for t, x in zip(times, (r.es, r.ef, r.ls, r.lf), strict=True):
                t[keep] = x
        elif not any(k is not cal and k != cal for k in inner.network.calendars.values()):
            _instants_from_offsets(inner, project, origin, times, keep)
        else:
            raise ValidationError([
                f"level-of-effort activity {network.ids[i]!r} has its own calendar in a "
                "day-based schedule whose activities on their own calendars have progress: "
                "their instants, which the LOE's span on its calendar needs, are not known "
                "exactly there; schedule with clock=True, or give the LOE the schedule's "
                "calendar" for i in apart[:20]])
        finish = int(times[1][keep].max()) if keep.any() else origin
        minutes = level_of_effort_instants(network, cal, times, origin, finish,
                                           day_rules=True)
    if minutes is None:  # (no LOE rows)
        return
    for name, t in zip(("early_start", "early_finish", "late_start", "late_finish"), times,
                       strict=True):
        w = project.working_minutes(np.full(rows.size, origin).astype("datetime64[m]"),
                                    t[rows].astype("datetime64[m]"))
        arrays[name][rows] = w / mpd
    for name, d in zip(("early_start_date", "early_finish_date", "late_start_date",
                        "late_finish_date"), level_of_effort_dates(times, rows), strict=True):
        if name in arrays:
            arrays[name][rows] = d
    arrays["total_float"][rows] = minutes[rows] / mpd
    arrays["free_float"][rows] = minutes[rows] / mpd


def _instants_from_offsets(inner: Any, project: WorkingTime, origin: int,
                           times: list[IntArray], keep: npt.NDArray[np.bool_]) -> None:
    """The day engine's instants (one-shift project calendar ``project``) of a schedule
    whose activities are all on the schedule's calendar, from their offsets: a start at the
    start of its working position, a task's finish at the end of its last one, a milestone
    dated before its offset's day (held by a finish) at that day's end."""
    from pmokit.scheduling import _dates

    mpd = float(inner.calendar.hours_per_day) * 60.0
    task = inner.network.compiled.duration > 0
    o = np.full(task.size, origin).astype("datetime64[m]")
    pairs = ((inner.early_start, inner.early_start_date, False, inner.early_start),
             (inner.early_finish, inner.early_finish_date, True, inner.early_start),
             (inner.late_start, inner.late_start_date, False, inner.late_start),
             (inner.late_finish, inner.late_finish_date, True, inner.late_start))
    for t, (offs, days, fin, first) in zip(times, pairs, strict=True):
        at = _dates.start_dates(inner.calendar, inner.start, first)
        end = (fin & task) | (~task & (days < at))
        w = np.rint(offs * mpd).astype(np.int64)
        x = np.where(end, project.add(o, w, side="finish").astype(np.int64),
                     project.add(o, w, side="start").astype(np.int64))
        t[keep] = x
