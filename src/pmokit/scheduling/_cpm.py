"""Critical path method: forward and backward passes on the compiled network.

All four link types reduce to one start-to-start inequality per link,
``S_succ >= S_pred + offset`` (see :meth:`CompiledNetwork.link_offset`), so the passes are
longest-path computations on a DAG. Two engines compute them:

``"levels"``
    :func:`pmokit.scheduling._risk_passes.pass_1d`, in the module of simulate's passes:
    with the extra ``fast`` the compiled kernel of simulate's passes, one loop over the
    activities in level order (CSR links); with numpy one level at a time (one gather, one
    add and one ``maximum.at`` per level; two consecutive narrow levels in one such step,
    over the paths into the second), bit for bit the same numbers; fastest when levels are
    wide;
``"dijkstra"``
    for deep networks (thousands of narrow levels) without the kernel: the longest path
    becomes a shortest path
    with the non-negative reduced costs ``C * (level_j - level_i) - w`` (a Johnson-style
    potential made from the levels; ``C`` a power of two above every weight), solved by
    scipy's compiled Dijkstra. The weights are first scaled to integers (whole days, or
    multiples of 1/240,000 or 2^-20 day), so every sum is exact; data that do not scale
    (or are not finite) go to the level engine instead.

``"auto"`` picks by the average level width (activities plus links per level).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal, overload

import attrs
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from pmokit import _compiled
from pmokit._results import FrozenDict, display, frozen_dict, records_to_frame
from pmokit._typing import BoolArray, DateArray, FloatArray, Id, IntArray
from pmokit._validation import (
    Problems,
    as_date,
    check_choice,
    check_flag,
    check_known,
    check_number,
)
from pmokit.calendar import SUPPORTED_RANGE, DateRangeError, WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling import _bounds, _dates
from pmokit.scheduling._clock import ClockResult
from pmokit.scheduling._network import CompiledNetwork, Network, day_lag_problems
from pmokit.scheduling._resultbase import ActivityMapping
from pmokit.scheduling._risk_passes import _cached as _cached
from pmokit.scheduling._risk_passes import pass_1d as _levels_pass
from pmokit.scheduling._status import Progress, StatusBounds, Statusing, status_bounds

__all__ = ["Schedule", "schedule"]

Method = Literal["auto", "levels", "dijkstra"]
AlapRule = Literal["ms_project", "p6"]
CriticalRule = Literal["total_float", "longest_path"]
FloatRule = Literal["start", "finish", "smallest"]
MilestoneRule = Literal["ms_project", "p6"]

FLOAT_TOL = 1e-9
"""Float below which an activity counts as critical [working days]."""

_WIDE = 16
"""Activities plus links per level above which the level-vectorised engine is used.

Measured: a level costs about 2 µs per pass, Dijkstra about 0.13 µs per activity or link."""


@attrs.frozen(eq=False)
class _LevelPlan:
    """Links grouped by the level of their successor (forward) and predecessor (backward)."""

    fwd_links: IntArray
    fwd_ptr: IntArray
    bwd_links: IntArray
    bwd_ptr: IntArray


def _gather(ptr: IntArray, items: IntArray, nodes: IntArray) -> tuple[IntArray, IntArray]:
    """CSR rows of ``nodes`` concatenated, and the running row ends."""
    starts = ptr[nodes]
    counts = ptr[nodes + 1] - starts
    ends = np.cumsum(counts)
    total = int(ends[-1]) if ends.size else 0
    idx = np.repeat(starts - ends + counts, counts) + np.arange(total)
    return items[idx], ends


def _level_plan(c: CompiledNetwork) -> _LevelPlan:
    # links by (level of successor, successor): the in-links of the activities in `order`
    fwd, ends_f = _gather(c.pred_ptr, c.pred_link, c.order)
    bwd, ends_b = _gather(c.succ_ptr, c.succ_link, c.order)
    cut = c.level_ptr[1:] - 1
    fwd_ptr = np.r_[0, ends_f[cut]].astype(np.int64) if c.n else np.zeros(1, np.int64)
    bwd_ptr = np.r_[0, ends_b[cut]].astype(np.int64) if c.n else np.zeros(1, np.int64)
    return _LevelPlan(fwd.astype(np.int64), fwd_ptr, bwd.astype(np.int64), bwd_ptr)


def level_plan(c: CompiledNetwork) -> _LevelPlan:
    """The (cached) level plan of a compiled network."""
    plan: _LevelPlan = _cached(c, "levels", _level_plan)
    return plan


def choose_method(c: CompiledNetwork, method: Method = "auto") -> Literal["levels", "dijkstra"]:
    """The pass engine for a network: ``"levels"`` when levels are wide, else ``"dijkstra"``."""
    check_choice(method, "method", ("auto", "levels", "dijkstra"))
    if method != "auto":
        return method
    nlev = max(c.level_ptr.size - 1, 1)
    return "levels" if c.n < 2000 or (c.n + c.m) / nlev >= _WIDE else "dijkstra"


def forward_pass(
    c: CompiledNetwork, offset: FloatArray, lower: FloatArray, *, method: Method = "auto"
) -> FloatArray:
    """Earliest starts: ``ES_j = max(lower_j, max_links ES_i + offset)``.

    With the extra ``fast`` (numba), ``method="auto"`` and ``"levels"`` run a compiled,
    level-free loop over a topological order: the level engine's numbers bit for bit,
    at a cost that does not grow with the number of levels."""
    if c.m == 0:
        return lower.astype(np.float64, copy=True)
    if method != "dijkstra" and _compiled.active():
        check_choice(method, "method", ("auto", "levels", "dijkstra"))
        return _levels_pass(c, offset, lower, forward=True)
    if choose_method(c, method) == "dijkstra":
        es = _dijkstra_pass(c, offset, lower, forward=True)
        if es is not None:
            return es
    return _levels_pass(c, offset, lower, forward=True)


def backward_pass(
    c: CompiledNetwork, offset: FloatArray, upper: FloatArray, *, method: Method = "auto"
) -> FloatArray:
    """Latest starts: ``LS_i = min(upper_i, min_links LS_j - offset)`` (compiled as
    :func:`forward_pass` is)."""
    if c.m == 0:
        return upper.astype(np.float64, copy=True)
    if method != "dijkstra" and _compiled.active():
        check_choice(method, "method", ("auto", "levels", "dijkstra"))
        ls_c: FloatArray = 0.0 - _levels_pass(c, offset, -upper, forward=False)
        return ls_c
    if choose_method(c, method) == "dijkstra":
        neg = _dijkstra_pass(c, offset, -upper, forward=False)
        if neg is not None:
            ls_d: FloatArray = 0.0 - neg
            return ls_d
    # 0 - x, not -x: a zero late start is +0.0 whichever of two equal zeros the
    # maxima kept (numpy does not define it), so every engine gives the same bits
    ls: FloatArray = 0.0 - _levels_pass(c, offset, -upper, forward=False)
    return ls


@attrs.frozen(eq=False)
class _DijkstraPlan:
    f_indptr: IntArray
    f_indices: IntArray
    f_links: IntArray
    f_dlev: FloatArray
    b_indptr: IntArray
    b_indices: IntArray
    b_links: IntArray
    b_dlev: FloatArray
    f_src_lev: FloatArray
    b_src_lev: FloatArray


def _dijkstra_plan(c: CompiledNetwork) -> _DijkstraPlan:
    n, m = c.n, c.m
    lev = c.level.astype(np.float64)
    rlev = float(c.level_ptr.size - 2) - lev
    nodes = np.arange(n, dtype=np.int64)
    f_links = c.succ_link  # sorted by predecessor
    b_links = c.pred_link  # sorted by successor
    f_indptr = np.r_[c.succ_ptr, m + n].astype(np.int32)
    b_indptr = np.r_[c.pred_ptr, m + n].astype(np.int32)
    return _DijkstraPlan(
        f_indptr=f_indptr,
        f_indices=np.r_[c.link_succ[f_links], nodes].astype(np.int32),
        f_links=f_links,
        f_dlev=lev[c.link_succ[f_links]] - lev[c.link_pred[f_links]],
        b_indptr=b_indptr,
        b_indices=np.r_[c.link_pred[b_links], nodes].astype(np.int32),
        b_links=b_links,
        b_dlev=rlev[c.link_pred[b_links]] - rlev[c.link_succ[b_links]],
        f_src_lev=lev + 1.0,
        b_src_lev=rlev + 1.0,
    )


_SCALES = (1.0, 240_000.0, 2.0**20)
"""Scales tried to make durations, lags and bounds integers for the Dijkstra engine: whole
days, then multiples of 1/240,000 day (halves, tenths, hundredths, thirds, 1/24, 1/60,
1/64, ...), then of 2^-20 day."""


def _integer_scale(*arrays: FloatArray) -> float | None:
    """The first of :data:`_SCALES` that turns every value into an integer (to 1e-6 of
    the scaled unit), or None (also for non-finite values)."""
    with np.errstate(invalid="ignore", over="ignore"):
        for scale in _SCALES:
            ok = True
            for a in arrays:
                x = a * scale if scale != 1.0 else a
                if a.size and not bool(np.all(np.abs(x - np.rint(x)) <= 1e-6)):
                    ok = False
                    break
            if ok:
                return scale
    return None


def _dijkstra_pass(
    c: CompiledNetwork, offset: FloatArray, lower: FloatArray, *, forward: bool
) -> FloatArray | None:
    """Longest paths from a super-source (edge weights ``lower``) as a Dijkstra problem.

    The weights are scaled to integers first so that every sum is exact; None when they
    do not scale (or are too large for exact float64 sums): the caller then uses the
    level engine.
    """
    p: _DijkstraPlan = _cached(c, "dijkstra", _dijkstra_plan)
    n = c.n
    if forward:
        w = offset[p.f_links]
        indptr, indices, dlev, src_lev = p.f_indptr, p.f_indices, p.f_dlev, p.f_src_lev
    else:
        w = offset[p.b_links]
        indptr, indices, dlev, src_lev = p.b_indptr, p.b_indices, p.b_dlev, p.b_src_lev
    scale = _integer_scale(w, lower)
    if scale is None:
        return None
    wi = np.rint(w * scale)
    li = np.rint(lower * scale)
    top = max(float(np.abs(wi).max()) if wi.size else 0.0,
              float(np.abs(li).max()) if li.size else 0.0, 1.0)
    big = 2.0 ** (math.ceil(math.log2(top)) + 1)
    if big * (float(c.level_ptr.size) + 2.0) >= 2.0**52:
        return None
    data = np.empty(indices.size, dtype=np.float64)
    np.multiply(dlev, big, out=data[: w.size])
    data[: w.size] -= wi
    np.multiply(src_lev, big, out=data[w.size :])
    data[w.size :] -= li
    g = sp.csr_array((data, indices, indptr), shape=(n + 1, n + 1))
    dist = dijkstra(g, directed=True, indices=n)
    result: FloatArray = (src_lev * big - dist[:n]) / scale
    return result


def _settings(value: Mapping[str, object]) -> FrozenDict:
    return frozen_dict(value)


@display("project_duration", "critical", "finish_date", "ids")
@attrs.frozen(eq=False)
class Schedule(ActivityMapping):
    """A CPM schedule: dates per activity as numpy arrays aligned with :attr:`ids`.

    All times are offsets from the project start [working days]: an activity with
    ``early_start == 0`` starts at the beginning of the first working day.

    Attributes
    ----------
    network
        The scheduled network.
    ids
        Activity ids (position i is activity i in every array).
    early_start, early_finish, late_start, late_finish
        CPM dates [working days].
    total_float
        ``late_start - early_start`` [working days]; negative when a constraint or the
        deadline cannot be met.
    free_float
        How far an activity can slip without delaying any successor's early date or the
        project finish [working days].
    project_duration
        The early finish of the project [working days].
    start
        The project start date, or None for a schedule in offsets only.
    calendar
        The calendar that turns offsets into dates (None without ``start``).
    deadline
        The project deadline as an offset [working days], or None.
    critical_rule
        ``(rule, threshold)`` of :attr:`critical_mask`: ``("total_float", x)`` or
        ``("longest_path", 0.0)`` (see :func:`schedule`'s ``critical``).
    settings
        The scheduling settings that differ from their defaults (``alap``,
        ``must_finish_by`` as an offset [working days], ``honor_constraints``,
        ``leveling_delay``, ``total_float``, ``expected_finish`` as offsets [working
        days], ``statusing``); empty for a default schedule.
    data_date
        The data (status) date as an offset [working days], or None.
    actuals
        The :class:`~pmokit.scheduling.Progress` the schedule was statused with, or None.
    early_start_date, early_finish_date, late_start_date, late_finish_date
        ``datetime64[D]`` arrays when ``start`` is given, else None.
    early_start_time, early_finish_time, late_start_time, late_finish_time
        ``datetime64[m]`` instants when ``start`` is given, else None (properties): exact
        on clock time (``schedule(..., clock=True)``); from a day-based schedule, the tools'
        convention on each activity's calendar (a start at the start of working time, a
        finish at the end of the last working period: Friday 17:00, not Monday 08:00).
    total_float_hours, free_float_hours
        The floats in working hours (properties): exact working minutes / 60 on clock time,
        else the working days times the calendar's ``hours_per_day``.

    Notes
    -----
    A schedule is a read-only mapping of activity id to that activity's row (a dict):
    ``s["A"]``, ``"A" in s``, ``list(s)`` (the ids), ``len(s)`` and ``s.get("A")``; an
    unknown id raises :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).
    Its arrays are read-only; it pickles and deep-copies to an equal schedule.
    """

    network: Network
    ids: tuple[Id, ...]
    early_start: FloatArray
    early_finish: FloatArray
    late_start: FloatArray
    late_finish: FloatArray
    total_float: FloatArray
    free_float: FloatArray
    project_duration: float
    start: dt.date | None = None
    calendar: WorkCalendar | None = None
    deadline: float | None = None
    early_start_date: DateArray | None = None
    early_finish_date: DateArray | None = None
    late_start_date: DateArray | None = None
    late_finish_date: DateArray | None = None
    _link_slack: FloatArray | None = attrs.field(default=None, alias="_link_slack", repr=False)
    critical_rule: tuple[str, float] = ("total_float", 0.0)
    settings: FrozenDict = attrs.field(factory=FrozenDict, converter=_settings)
    data_date: float | None = None
    actuals: Progress | None = None
    _status: StatusBounds | None = attrs.field(default=None, alias="_status", repr=False)
    _status_slack: FloatArray | None = attrs.field(
        default=None, alias="_status_slack", repr=False
    )
    _remaining_start: FloatArray | None = attrs.field(
        default=None, alias="_remaining_start", repr=False
    )

    # ------------------------------------------------------------------ statusing
    @property
    def statused(self) -> bool:
        """Whether the schedule was made with progress or a data date."""
        return self._status is not None

    @property
    def out_of_sequence(self) -> tuple[tuple[Id, Id], ...]:
        """Out-of-sequence progress: (predecessor, successor) of each link whose successor
        started (for FF/SF links: finished) before the link allowed, in link order; empty
        without progress."""
        st = self._status
        if st is None:
            return ()
        c = self.network.compiled
        return tuple((self.ids[int(c.link_pred[k])], self.ids[int(c.link_succ[k])])
                     for k in st.out_of_sequence.tolist())

    @property
    def remaining_early_start(self) -> FloatArray:
        """Where the remaining work of each activity can start earliest [working days]
        (P6's "Remaining Early Start"): the early start of work not started, the start of
        a started activity's remaining duration (on or after the data date), the actual
        start of finished work. Equals :attr:`early_start` without statusing."""
        if self._remaining_start is None:
            return self.early_start
        out: FloatArray = self._remaining_start[0]
        return out

    @property
    def remaining_late_start(self) -> FloatArray:
        """Where the remaining work of each activity must start at the latest [working
        days] (P6's "Remaining Late Start"); :attr:`late_start` without statusing."""
        if self._remaining_start is None:
            return self.late_start
        out: FloatArray = self._remaining_start[1]
        return out

    @property
    def remaining_duration(self) -> FloatArray:
        """Remaining duration per activity [working days]: the planned duration of work
        not started, 0 for finished work."""
        st = self._status
        if st is None:
            return self.network.compiled.duration
        out: FloatArray = np.where(st.finished, 0.0, st.duration)
        return out

    _clock: ClockResult | None = attrs.field(default=None, alias="_clock", repr=False)

    # ------------------------------------------------------------------ clock time
    def _clock_rows(self) -> IntArray | None:
        """Rows of the clock passes' activities when the schedule adds rows around them
        (level-of-effort activities, placed after the passes), else None."""
        r = self._clock
        if r is None or len(r.ids) == len(self.ids):
            return None
        return np.array([self.index_of(a) for a in r.ids], dtype=np.int64)

    def _times(self) -> tuple[npt.NDArray[np.datetime64], ...] | None:
        got = self._instants()
        return None if got is None else got[0]

    def _instants(self) -> tuple[tuple[npt.NDArray[np.datetime64], ...], FloatArray | None
                                 ] | None:
        """The four instants per activity, and on clock time with level-of-effort rows
        each LOE's float [working minutes of its own calendar] (NaN on other rows)."""
        r = self._clock
        if r is None:
            if self.start is None or self.calendar is None or self.early_start_date is None:
                return None
            from pmokit.scheduling._clock import day_schedule_times

            return day_schedule_times(self), None
        times = tuple(np.zeros(len(self.ids), dtype="datetime64[m]") for _ in range(4))
        rows = self._clock_rows()
        starts = [i for i, k in self.network.kinds.items() if k == "start_milestone"]
        out: list[npt.NDArray[np.datetime64]] = []
        for t, x in zip(times, (r.es, r.ef, r.ls, r.lf), strict=True):
            t = t.copy()
            if rows is None:
                t[:] = x.astype("datetime64[m]")
            else:
                t[rows] = x.astype("datetime64[m]")
            out.append(t)
        # P6: a start milestone opens the next working time. With milestones="p6" the
        # clock passes place its late instant (at the end of the working time before when
        # its calendar does not work at its latest instant: Friday 17:00); one without
        # float is reported at its early instant
        p6 = self.settings.get("milestones") == "p6"
        groups: dict[int, tuple[WorkCalendar, list[int]]] = {}
        for i in starts:
            cal = self.network.calendars.get(i, self.calendar)
            if cal is not None:
                groups.setdefault(id(cal), (cal, []))[1].append(i)
        for cal, members in groups.values():  # one call per calendar
            idx = np.array(members, dtype=np.int64)
            late = idx[out[2][idx] == out[0][idx]] if p6 else idx
            for k, rows_k in ((0, idx), (1, idx), (2, late), (3, late)):
                if rows_k.size:
                    out[k][rows_k] = cal.next_working_start(out[k][rows_k])
        loe = None
        if rows is not None:  # level-of-effort rows span the instants they link to
            from pmokit.scheduling._clock import span_level_of_effort_times

            loe = span_level_of_effort_times(self, out)
        return tuple(out), loe

    @property
    def early_start_time(self) -> npt.NDArray[np.datetime64] | None:
        """Early start instants (``datetime64[m]``), or None without ``start``."""
        t = self._times()
        return None if t is None else t[0]

    @property
    def early_finish_time(self) -> npt.NDArray[np.datetime64] | None:
        """Early finish instants (``datetime64[m]``): the end of the last working period."""
        t = self._times()
        return None if t is None else t[1]

    @property
    def late_start_time(self) -> npt.NDArray[np.datetime64] | None:
        """Late start instants (``datetime64[m]``), or None without ``start``."""
        t = self._times()
        return None if t is None else t[2]

    @property
    def late_finish_time(self) -> npt.NDArray[np.datetime64] | None:
        """Late finish instants (``datetime64[m]``), or None without ``start``."""
        t = self._times()
        return None if t is None else t[3]

    def _hours_per_day(self) -> float:
        return float(self.calendar.hours_per_day) if self.calendar is not None else 8.0

    def _hours(self, days: FloatArray, minutes: IntArray | None) -> FloatArray:
        out: FloatArray = days * self._hours_per_day()
        if minutes is None:
            return out
        rows = self._clock_rows()
        if rows is None:
            exact: FloatArray = minutes / 60.0
            return exact
        out[rows] = minutes / 60.0
        # level-of-effort rows: their own working time between their instants (free
        # float equals total float: nothing follows an LOE)
        got = self._instants()
        loe = None if got is None else got[1]
        if loe is not None:
            has = ~np.isnan(loe)
            out[has] = loe[has] / 60.0
        return out

    @property
    def total_float_hours(self) -> FloatArray:
        """Total float [working hours] of each activity's own calendar."""
        r = self._clock
        return self._hours(self.total_float, None if r is None else r.total_float)

    @property
    def free_float_hours(self) -> FloatArray:
        """Free float [working hours]."""
        r = self._clock
        return self._hours(self.free_float, None if r is None else r.free_float)

    # ------------------------------------------------------------------ lookups
    @property
    def has_own_calendars(self) -> bool:
        """Whether activities were scheduled on their own calendars."""
        # (a schedule with level-of-effort activities also carries its link slack)
        return self._link_slack is not None and any(
            v is not self.calendar for v in self.network.calendars.values()
        )

    @property
    def critical_mask(self) -> BoolArray:
        """Per activity: True when critical under :attr:`critical_rule`.

        ``("total_float", x)``: total float <= x (+1e-9) [working days];
        ``("longest_path", 0.0)``: on a driving path into the project finish (P6's
        "Longest Path": from the activities that finish last, back along driving links).
        """
        rule, threshold = self.critical_rule
        if rule == "total_float":
            mask: BoolArray = self.total_float <= threshold + FLOAT_TOL
            if self._status is not None:
                mask &= ~self._status.finished  # finished work is not critical
            return mask
        c = self.network.compiled
        on = np.zeros(c.n, dtype=bool)
        if not c.n:
            return on
        on[self.early_finish >= self.project_duration - FLOAT_TOL] = True
        drive = self.driving_links
        for j in c.order[::-1].tolist():  # successors before predecessors
            if not on[j]:
                continue
            links = c.pred_link[c.pred_ptr[j] : c.pred_ptr[j + 1]]
            on[c.link_pred[links[drive[links]]]] = True
        return on

    @property
    def critical(self) -> tuple[Id, ...]:
        """Ids of the critical activities, in index order: by default those with total
        float <= 1e-9 (see :attr:`critical_mask` for the other rules)."""
        idx = np.flatnonzero(self.critical_mask)
        return tuple(self.ids[i] for i in idx)

    @property
    def finish_date(self) -> dt.date | None:
        """The project's early finish date: the working day in which its last work ends
        (None without ``start``). A final milestone at offset ``t`` is dated on day ``t``
        (the next morning), but the project finishes on day ``t - 1``.

        With activities on their own calendars it is the latest early finish date over
        all activities, whatever their calendar (MS Project and P6): a two-day task on a
        seven-day calendar after a Monday-to-Friday week finishes the project on Sunday,
        although the project calendar's offset ends on Friday."""
        if self.start is None or self.calendar is None:
            return None
        if self.has_own_calendars and self.early_finish_date is not None:
            if not self.early_finish_date.size:
                return self.start
            latest: dt.date = self.early_finish_date.max().astype(dt.date)
            return latest
        f = np.array([self.project_duration])
        d = _dates.finish_dates(self.calendar, self.start, f, np.zeros(1))
        result: dt.date = d[0].astype(dt.date)
        return result

    @property
    def link_slack(self) -> FloatArray:
        """Slack of each link on early dates: ``ES_succ - ES_pred - offset`` [working days].

        Aligned with the network's dependencies; zero marks a driving link. With
        per-activity calendars it is counted on the successor's calendar. A link that
        holds nothing has infinite slack: the links of a level-of-effort activity (it
        spans what it links to and drives nothing) and links that statusing drops.
        """
        if self._link_slack is not None:
            return self._link_slack
        if self._status_slack is not None:
            return self._status_slack
        c = self.network.compiled
        return self.early_start[c.link_succ] - self.early_start[c.link_pred] - c.link_offset()

    @property
    def driving_links(self) -> npt.NDArray[np.bool_]:
        """Per link: True when it drives its successor's early start (zero slack)."""
        return self.link_slack <= FLOAT_TOL

    @overload
    def driving_predecessors(self, activity_id: Id) -> tuple[Id, ...]: ...

    @overload
    def driving_predecessors(self, activity_id: None = None) -> dict[Id, tuple[Id, ...]]: ...

    def driving_predecessors(
        self, activity_id: Id | None = None
    ) -> tuple[Id, ...] | dict[Id, tuple[Id, ...]]:
        """Predecessors whose link sets an activity's early start (zero link slack).

        With an id, that activity's driving predecessors; without, a dict for every
        activity that has any. An activity without driving predecessors starts at the
        project start or at its constraint date.

        Examples
        --------
        >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
        >>> net = Network([Activity("A", 3), Activity("B", 5), Activity("C", 1)],
        ...               [Dependency("A", "C"), Dependency("B", "C")])
        >>> schedule(net).driving_predecessors("C")
        ('B',)
        >>> schedule(net).driving_predecessors()
        {'C': ('B',)}
        """
        c = self.network.compiled
        if activity_id is None:
            drive = np.flatnonzero(self.driving_links)
            order = np.lexsort((drive, c.link_succ[drive]))
            out: dict[Id, list[Id]] = {}
            ids = self.ids
            for k in drive[order].tolist():
                lst = out.setdefault(ids[int(c.link_succ[k])], [])
                p = ids[int(c.link_pred[k])]
                if p not in lst:
                    lst.append(p)
            return {a: tuple(v) for a, v in out.items()}
        j = self.index_of(activity_id)
        links = c.pred_link[c.pred_ptr[j] : c.pred_ptr[j + 1]]
        if links.size == 0:
            return ()
        preds = c.link_pred[links]
        slack = self.link_slack[links]
        return tuple(dict.fromkeys(self.ids[i] for i in preds[slack <= FLOAT_TOL].tolist()))

    def near_critical(self, threshold: float, *, include_critical: bool = False) -> tuple[Id, ...]:
        """Ids of activities whose total float is at most ``threshold`` [working days].

        Critical activities (float <= 1e-9) are left out unless ``include_critical``;
        the ids are sorted by total float, then index.

        Examples
        --------
        >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
        >>> net = Network([Activity("A", 3), Activity("B", 5), Activity("C", 1)],
        ...               [Dependency("A", "C"), Dependency("B", "C")])
        >>> schedule(net).near_critical(2)
        ('A',)
        """
        t = check_number(threshold, "threshold")
        check_flag(include_critical, "include_critical")
        tf = self.total_float
        mask = tf <= t + FLOAT_TOL
        if not include_critical:
            mask &= tf > FLOAT_TOL
        idx = np.flatnonzero(mask)
        idx = idx[np.argsort(tf[idx], kind="stable")]
        return tuple(self.ids[i] for i in idx.tolist())

    def critical_paths(self, max_paths: int = 10) -> tuple[tuple[Id, ...], ...]:
        """Critical chains: critical activities joined by driving links, start to end.

        A chain starts at a critical activity with no driving critical predecessor and
        follows driving links between critical activities until none is left. Chains are
        found depth-first from the earliest start and at most ``max_paths`` are returned
        (the number of chains can grow exponentially; it is never enumerated in full).

        Examples
        --------
        >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
        >>> net = Network([Activity("A", 2), Activity("B", 3), Activity("C", 3),
        ...                Activity("D", 1)],
        ...               [Dependency("A", "B"), Dependency("A", "C"), Dependency("B", "D"),
        ...                Dependency("C", "D")])
        >>> schedule(net).critical_paths()
        (('A', 'B', 'D'), ('A', 'C', 'D'))
        """
        if isinstance(max_paths, bool) or not isinstance(max_paths, int) or max_paths < 1:
            raise ValidationError(f"'max_paths' must be an int >= 1 (got {max_paths!r})")
        succ_of, sources = self._critical_graph()
        chains: list[tuple[Id, ...]] = []
        ids = self.ids
        # depth-first with one shared path and a stack of successor iterators: each step
        # costs O(1), so a chain of n activities costs O(n) (copying the path at every step,
        # as before, cost O(n^2): 25 s for a 100k chain)
        for s in sources:
            path = [s]
            first = succ_of.get(s, ())
            if not first:
                chains.append((ids[s],))
                if len(chains) >= max_paths:
                    return tuple(chains)
                continue
            stack = [iter(first)]
            while stack:
                w = next(stack[-1], None)
                if w is None:
                    stack.pop()
                    path.pop()
                    continue
                path.append(w)
                nxt = succ_of.get(w, ())
                if nxt:
                    stack.append(iter(nxt))
                    continue
                chains.append(tuple(ids[i] for i in path))
                if len(chains) >= max_paths:
                    return tuple(chains)
                path.pop()
        return tuple(chains)

    def _critical_graph(self) -> tuple[dict[int, tuple[int, ...]], list[int]]:
        """Driving links between critical activities, and the chain starts."""
        c = self.network.compiled
        crit = self.critical_mask
        keep = self.driving_links & crit[c.link_pred] & crit[c.link_succ]
        p, s = c.link_pred[keep], c.link_succ[keep]
        order = np.lexsort((self.early_start[s], s, p))
        succ_of: dict[int, list[int]] = {}
        for a, b in zip(p[order].tolist(), s[order].tolist(), strict=True):
            lst = succ_of.setdefault(a, [])
            if not lst or lst[-1] != b:
                lst.append(b)
        has_pred = np.zeros(c.n, dtype=bool)
        has_pred[s] = True
        src = np.flatnonzero(crit & ~has_pred)
        src = src[np.lexsort((src, self.early_start[src]))]
        return {k: tuple(v) for k, v in succ_of.items()}, src.tolist()

    # ------------------------------------------------------------------ rows
    def _is_critical(self, i: int) -> bool:
        rule, threshold = self.critical_rule
        if rule == "total_float" and self._status is None:
            return bool(self.total_float[i] <= threshold + FLOAT_TOL)
        return bool(self.critical_mask[i])

    def _row(self, i: int, critical: bool | None = None) -> dict[str, Any]:
        row: dict[str, Any] = {
            "id": self.ids[i],
            "duration": float(self.network.compiled.duration[i]),
            "early_start": float(self.early_start[i]),
            "early_finish": float(self.early_finish[i]),
            "late_start": float(self.late_start[i]),
            "late_finish": float(self.late_finish[i]),
            "total_float": float(self.total_float[i]),
            "free_float": float(self.free_float[i]),
            "critical": self._is_critical(i) if critical is None else critical,
        }
        if self.early_start_date is not None:
            for name in ("early_start", "early_finish", "late_start", "late_finish"):
                arr = getattr(self, f"{name}_date")
                row[f"{name}_date"] = arr[i].astype(dt.date)
        return row

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per activity, in index order (dates included when ``start`` was given)."""
        crit = self.critical_mask.tolist()
        return [self._row(i, crit[i]) for i in range(len(self.ids))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by id (needs pandas).

        With ``start``, the columns ``early_start_time``, ``early_finish_time``,
        ``late_start_time``, ``late_finish_time`` (datetimes) and ``total_float_hours``,
        ``free_float_hours`` [working hours] follow the day-based columns.
        """
        frame = records_to_frame(self.to_records(), index="id")
        times = self._times()
        if times is not None:
            names = ("early_start_time", "early_finish_time", "late_start_time",
                     "late_finish_time")
            for name, arr in zip(names, times, strict=True):
                frame[name] = arr.astype("datetime64[ns]")
            frame["total_float_hours"] = self.total_float_hours
            frame["free_float_hours"] = self.free_float_hours
        return frame


def _yielding_forward(
    c: CompiledNetwork, off: FloatArray, lower: FloatArray, upper: FloatArray,
    capped: BoolArray,
) -> FloatArray:
    """Early starts where capped activities start no later than their bound:
    ``ES_j = min(upper_j, max(lower_j, links))``.

    An activity whose logic passes its bound is cut from its predecessors and starts at
    the bound; cutting one can free others downstream, so the cut set is recomputed until
    it holds (values only decrease; at most one round per capped activity)."""
    cut = np.zeros(c.n, dtype=bool)
    into_capped = capped[c.link_succ]
    for _ in range(int(capped.sum()) + 2):
        off2 = off.copy()
        off2[cut[c.link_succ]] = -np.inf
        lo = np.where(cut, upper, lower)
        es = forward_pass(c, off2, lo, method="levels")
        logic = lower.copy()
        if c.m:
            k = np.flatnonzero(into_capped)
            np.maximum.at(logic, c.link_succ[k], es[c.link_pred[k]] + off[k])
        new = capped & (logic > upper + FLOAT_TOL)
        if np.array_equal(new, cut):
            return es
        cut = new
    return es  # pragma: no cover - the loop converges (see above)


def schedule(
    network: Network,
    *,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    deadline: dt.date | float | None = None,
    must_finish_by: dt.date | float | None = None,
    alap: AlapRule = "ms_project",
    critical: CriticalRule = "total_float",
    critical_float: float = 0.0,
    honor_constraints: bool = False,
    leveling_delay: Mapping[Id, float] | None = None,
    method: Method = "auto",
    total_float: FloatRule = "start",
    expected_finish: Mapping[Id, dt.date | float] | None = None,
    clock: bool = False,
    lag_calendar: str = "successor",
    actuals: Progress | None = None,
    data_date: dt.date | float | None = None,
    statusing: Statusing = "retained_logic",
    assignments: Mapping[Id, Sequence[tuple[WorkCalendar, float]]] | None = None,
    constraints_before_start: bool = False,
    milestones: MilestoneRule = "ms_project",
) -> Schedule:
    """Compute early and late dates, floats and the critical activities.

    Parameters
    ----------
    network
        The activity network.
    start
        Project start date; offset 0 is the start of the first working day on or after it.
        Needed for date constraints and for dates in the result.
    calendar
        Working calendar for dates (default: Monday to Friday, no holidays).
    deadline
        Project deadline: a date (the end of that day; needs ``start``) or an offset
        [working days]. Like an MS Project deadline it only lowers late dates: a deadline
        before the early finish gives negative total float, a later one adds no float.
    must_finish_by
        P6's project "Must Finish By" date: a date (the end of that day; needs ``start``)
        or an offset [working days]. Late dates are computed backward from it instead of
        from the early finish, so total float shows the slack to it (positive when the
        project finishes early, negative when late). With ``deadline`` as well, the
        earlier of the two bounds late dates.
    alap
        How an as-late-as-possible (ALAP) activity is placed. ``"ms_project"`` (default):
        at its late dates, and its successors' early dates follow from there (MS
        Project's "As Late As Possible"). ``"p6"``: only the activity moves, by its free
        float, so its successors keep their early dates (P6's "As Late As Possible").
    critical
        Which activities are critical (:attr:`Schedule.critical`). ``"total_float"``
        (default): total float <= ``critical_float`` (MS Project's "Tasks are critical
        if slack is less than or equal to", P6's "Total Float less than or equal to").
        ``"longest_path"``: the activities on the driving paths into the project
        finish (P6's "Longest Path").
    critical_float
        The total float threshold of ``critical="total_float"`` [working days].
    honor_constraints
        MS Project's "Tasks will always honor their constraint dates": SNLT, FNLT, MSO
        and MFO win over logic (an activity starts by its constraint even when a
        predecessor finishes later; the conflict shows as negative float on the
        predecessors), as P6's mandatory constraints (``Constraint(..., mandatory=True)``)
        always do. Default False: logic wins (P6's rule for its other constraints).
    leveling_delay
        MS Project's "Leveling Delay" by activity id [working days, >= 0]: the activity
        starts that long after the early start that logic and constraints give it, and
        its successors follow. (MS Project stores it in elapsed days; pmokit counts
        working days of the schedule, or of the activity's own calendar.) A
        level-of-effort activity takes none but 0 (its links set its dates; P6 never
        levels one): refused, naming it.
    method
        Pass engine: ``"auto"`` (default), ``"levels"`` or ``"dijkstra"`` (see module notes).
    total_float
        P6's "Compute total float as": ``"start"`` (default, start float: late start minus
        early start), ``"finish"`` (finish float: late finish minus early finish) or
        ``"smallest"`` (the smaller of the two). Without progress an activity's start and
        finish float are equal (its remaining duration is its duration), up to rounding;
        with activities on their own calendars they are counted in the activity's own
        working time, where they are equal.
    expected_finish
        P6's "Expected Finish" by activity id, used as with P6's "Use expected finish
        dates": a date (the end of that day; needs ``start``) or a finish offset [working
        days]; on clock time a datetime is that instant. The activity's duration (a
        started one's remaining duration, from its remaining early start) becomes the
        working time from its early start to its expected finish (0 when the start is
        later), so it finishes then; its successors follow; finished work keeps its
        actuals. With ``clock=True`` it counts the activity's own calendar.
        :attr:`Schedule.network` and :attr:`Schedule.actuals` then hold those durations.
        An activity whose start depends on its own duration (an FF or SF link into it, a
        finish constraint, ALAP), a level-of-effort activity, and (without
        ``clock=True``) an activity on its own calendar cannot take one.
    clock
        Schedule on clock time (needs ``start``; a datetime ``start`` is that instant):
        durations are ``duration x calendar.hours_per_day`` working minutes of each
        activity's calendar with its shifts, lags keep their units, elapsed and percent
        kinds (:class:`Dependency`), and the result has exact instants
        (``early_start_time``, ...) and floats in working hours. See
        :mod:`pmokit.scheduling._clock`. Default False: the day-based engine.
    lag_calendar
        With ``clock=True``, the calendar a link's working lag counts on: ``"successor"``
        (default; MS Project), ``"predecessor"``, ``"24h"`` or ``"project"`` (P6's
        "Calendar for scheduling relationship lag").
    actuals
        Actual dates and remaining work (:class:`~pmokit.scheduling.Progress`): finished
        activities keep their actual dates, started ones start at their actual start and
        place their remaining duration from the data date on. None: nothing started.
    data_date
        The status (data) date: a date (progress through the end of that day; needs
        ``start``) or an offset [working days]. No remaining work is placed before it, so
        floats are measured from it. None: remaining work is held only by logic and actuals.
        With ``clock=True`` a datetime is that instant, on each activity's own calendar (as
        are datetimes in ``actuals``; see ``docs/scheduling.md``, "Statusing").
    statusing
        How progress is scheduled: ``"retained_logic"`` (default), ``"progress_override"``,
        ``"actual_dates"`` (P6's options) or ``"ms_project"``; see ``docs/scheduling.md``
        and :mod:`pmokit.scheduling._status`.
    assignments
        With ``clock=True``: activity id -> its resource assignments as ``(calendar,
        duration)`` pairs [working days of ``calendar.hours_per_day`` hours, counted on the
        assignment's calendar]. Such an activity is scheduled as MS Project schedules a task
        on its resources' calendars: each assignment starts at the first working instant of
        its calendar that logic and constraints allow and lasts its duration there; the
        activity spans from the earliest assignment start to the latest finish (late dates
        likewise, backward from what its successors allow). Its floats count its own
        calendar. Started activities (``actuals``) ignore their assignments; leveling
        delay, ALAP and constraints that win over logic are not applied to them.
    constraints_before_start
        With ``clock=True``: MS Project's rule that an activity without predecessors whose
        date constraint (SNET, FNET, MSO, MFO, a manually scheduled task's start) is before
        the project start is placed there (the project start holds only activities without
        such a constraint). False (default): no activity starts before ``start``.
    milestones
        With ``clock=True``, where the late instant of a start or finish milestone
        (``Activity(kind=...)``) sits: ``"ms_project"`` (default) keeps a milestone without
        float at its early instant, else at the end of the working time up to the latest
        instant its successors allow; ``"p6"`` puts a finish milestone always at the end of
        the working time up to that instant (Friday 17:00 before Monday 08:00, float or
        not) and a start milestone at that instant when its calendar works then, else at
        the end of the working time before it, and its predecessors' late dates follow.

    Returns
    -------
    Schedule

    Raises
    ------
    ValidationError
        Date constraints, a date deadline or per-activity calendars without ``start``;
        on a level-of-effort activity an expected finish, a leveling delay other than 0,
        assignments or a constraint other than ASAP (its links set its dates);
        a non-finite deadline; progress naming the activity: an actual finish before its
        actual start, an actual date after the data date, a percent complete outside
        [0, 100], a remaining duration on a finished activity.

    Notes
    -----
    Constraints follow MS Project's names and, for conflicts, Primavera's rule that logic
    wins: SNET/FNET/MSO/MFO raise early dates, SNLT/FNLT/MSO/MFO lower late dates, and a
    constraint that the links make impossible shows as negative total float on the
    activity and its predecessors (never an error, and every link still holds on early
    dates). An ALAP activity is placed at its late dates and its successors' early dates
    follow from there.

    Activities with their own calendar (``Activity(calendar=...)``) follow MS Project: the
    duration counts the activity's calendar, a link's lag counts the successor's calendar,
    floats count the activity's own calendar; offsets are working days of ``calendar``.
    See :mod:`pmokit.scheduling._calendars`: it runs on the clock-time pass engine
    (level-vectorised, as ``clock=True``) with the day-based conventions.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network
    >>> net = Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", "FS", lag=1)])
    >>> s = schedule(net)
    >>> s.project_duration
    6.0
    >>> s["B"]["early_start"], s.critical
    (4.0, ('A', 'B'))
    >>> schedule(net, deadline=5).total_float.tolist()
    [-1.0, -1.0]
    """
    if network.kinds:  # P6 activity types: LOE spans and milestone instants (see _wbs)
        arguments = dict(locals())
        from pmokit.scheduling._wbs import schedule_activity_types

        typed: Schedule = schedule_activity_types(schedule, arguments)
        return typed
    problems = Problems()
    origin: dt.date | None = None
    cal: WorkCalendar | None = None
    if start is not None:
        cal = calendar if calendar is not None else WorkCalendar()
        if not isinstance(cal, WorkCalendar):
            raise ValidationError(f"'calendar' must be a WorkCalendar (got {calendar!r})")
        first = as_date(start, "start")
        try:
            origin = cal.add_working_days(first, 0)
        except DateRangeError:
            raise ValidationError(
                f"'start' ({first}) has no working day on or after it within the supported "
                f"range of dates ({SUPPORTED_RANGE})"
            ) from None
    own_calendars = bool(network.calendars) and any(
        v is not cal for v in network.calendars.values()
    )
    if own_calendars and origin is None:
        bad = [network.ids[i] for i in network.calendars][:5]
        problems.add(
            f"activities {bad} have their own calendar, so the schedule needs 'start' "
            "(calendars count working days between dates)"
        )
    if not isinstance(honor_constraints, bool):
        problems.add(
            f"'honor_constraints' must be True or False (got {honor_constraints!r})"
        )
        honor_constraints = False
    if alap not in ("ms_project", "p6"):
        problems.add(f"'alap' must be 'ms_project' or 'p6' (got {alap!r})")
    if critical not in ("total_float", "longest_path"):
        problems.add(f"'critical' must be 'total_float' or 'longest_path' (got {critical!r})")
    problems.check_number(critical_float, "critical_float")
    st: StatusBounds | None = None
    status_at = None
    if actuals is not None or data_date is not None:
        status_actuals, status_date = actuals, data_date
        if clock is True and start is not None and cal is not None:
            # clock time: datetimes are instants (see _clock.status_instants)
            from pmokit.scheduling._clock import status_instants

            status_actuals, status_date, status_at = status_instants(
                network, actuals, data_date, start, cal)
        st = status_bounds(network, Progress(()) if status_actuals is None else status_actuals,
                           status_date, statusing, origin, cal, problems)
    elif statusing not in ("retained_logic", "progress_override", "actual_dates",
                           "ms_project"):
        problems.add(f"'statusing' must be one of 'retained_logic', 'progress_override', "
                     f"'actual_dates', 'ms_project' (got {statusing!r})")
    bounds = _bounds.schedule_bounds(
        network, origin, cal, problems, deadline=deadline, must_finish_by=must_finish_by,
        honor_constraints=honor_constraints, leveling_delay=leveling_delay,
        duration=None if st is None else st.duration,
    )
    if st is not None:
        bounds = _bounds.with_status(bounds, network, st)
    lower, upper_c, alap_idx = bounds.lower, bounds.upper, bounds.alap
    capped, pinned, delay = bounds.capped, bounds.pinned, bounds.delay
    dl, mfb = bounds.deadline, bounds.must_finish_by
    alap_rule = alap
    if total_float not in ("start", "finish", "smallest"):
        problems.add("'total_float' must be 'start', 'finish' or 'smallest' (P6's \"Compute "
                     f"total float as\"; got {total_float!r})")
    if not isinstance(clock, bool):
        problems.add(f"'clock' must be True or False (got {clock!r})")
    elif clock and origin is None:
        problems.add("'clock=True' needs 'start' (clock time counts from a date)")
    elif not clock:
        for msg in day_lag_problems(network.compiled, where="schedule without clock=True"):
            problems.add(msg)
    check_choice(lag_calendar, "lag_calendar", ("successor", "predecessor", "24h", "project"))
    check_choice(milestones, "milestones", ("ms_project", "p6"))
    asg = _assignment_rows(network, assignments, clock, problems)
    if not isinstance(constraints_before_start, bool):
        problems.add("'constraints_before_start' must be True or False (got "
                     f"{constraints_before_start!r})")
    elif constraints_before_start and clock is not True:
        problems.add("'constraints_before_start=True' needs clock=True (the day engines start "
                     "no activity before the project start)")
    exp_idx, exp_at = _bounds.expected_finishes(network, expected_finish, origin, cal,
                                                problems, own_calendars=own_calendars,
                                                clock=clock is True, statused=st is not None)
    problems.raise_if_any()
    if exp_idx.size and expected_finish is not None:
        return _expected_finish_schedule(
            network, exp_idx, exp_at,
            [expected_finish[network.ids[i]] for i in exp_idx.tolist()],
            start=start, calendar=calendar, deadline=deadline,
            must_finish_by=must_finish_by, alap=alap, critical=critical,
            critical_float=critical_float, honor_constraints=honor_constraints,
            leveling_delay=leveling_delay, method=method, total_float=total_float,
            clock=clock, lag_calendar=lag_calendar,
            actuals=actuals, data_date=data_date, statusing=statusing,
            assignments=assignments, constraints_before_start=constraints_before_start,
            milestones=milestones)
    check_choice(method, "method", ("auto", "levels", "dijkstra"))
    rule = (critical, float(critical_float))
    if clock and cal is not None:
        from pmokit.scheduling._clock import clock_to_schedule

        clocked: Schedule = clock_to_schedule(
            network, start if isinstance(start, dt.datetime) else origin, cal,  # type: ignore[arg-type]
            lag_calendar=lag_calendar, deadline=deadline, dl=dl, must_finish_by=must_finish_by,
            mfb=mfb, alap=alap, honor=honor_constraints, capped=capped, pinned=pinned,
            rule=rule, delay=delay, leveling_delay=leveling_delay, status=st,
            actuals=actuals, statusing=statusing, assignments=asg,
            before_start=constraints_before_start, status_at=status_at,
            milestones=milestones,
            total_float=total_float if total_float in ("finish", "smallest") else "start",
        )
        return clocked

    c = network.compiled
    if own_calendars and origin is not None and cal is not None:
        if st is not None:
            return _statused_calendar_schedule(
                network, st, actuals, origin, cal, deadline, dl, rule, must_finish_by, mfb,
                alap, honor_constraints, statusing, delay, total_float, leveling_delay,
            )
        return _calendar_schedule(network, origin, cal, deadline, dl, rule,
                                  must_finish_by, mfb, alap, honor_constraints,
                                  capped, pinned, delay, total_float, leveling_delay)
    n = c.n
    d = c.duration if st is None else st.duration
    lower, off = bounds.shifted(c.link_offset(d), c.link_succ)
    off_back = off
    if st is not None:
        # statusing: the passes ignore the links it cuts (see _status.StatusBounds)
        off_back = np.where(st.backward_cut, -np.inf, off)
        off = np.where(st.forward_cut, -np.inf, off)
    yields = bool(capped.any())
    if yields:
        es = _yielding_forward(c, off, lower, bounds.cap, capped)
    else:
        es = forward_pass(c, off, lower, method=method)
    ef = es + d
    finish = float(ef.max()) if n else 0.0
    target = finish if mfb is None else mfb
    target = target if dl is None else min(target, dl)
    late_bound = np.minimum(target - d, upper_c)
    if pinned.any():
        # a pinned activity's late start is its constraint: links to its successors and
        # the project finish do not pull it earlier
        late_bound[pinned] = upper_c[pinned]
        off_b = off_back.copy()
        off_b[pinned[c.link_pred]] = -np.inf
        ls = backward_pass(c, off_b, late_bound, method="levels")
    else:
        ls = backward_pass(c, off_back, late_bound, method=method)
    if alap_idx.size and alap_rule == "p6":
        es = _p6_alap(c, es, off, alap_idx, finish)
        ef = es + d
    elif alap_idx.size:
        lower2 = lower.copy()
        lower2[alap_idx] = np.maximum(lower[alap_idx], ls[alap_idx])
        if yields:
            es = _yielding_forward(c, off, lower2, bounds.cap, capped)
        else:
            es = forward_pass(c, off, lower2, method=method)
        ef = es + d
        # late starts from a later must-finish-by move ALAP work (and what follows it)
        # past the early finish: the project finish and the free floats are measured
        # after ALAP, as in the per-activity calendar engine
        finish = float(ef.max()) if n else 0.0
    lf = ls + d
    tf = ls - es
    if total_float != "start":
        ftf = lf - ef
        tf = ftf if total_float == "finish" else np.minimum(tf, ftf)
    # free float: min over outgoing links of the link's slack, and the slack to the project
    # finish (with leads or SS/SF links an activity can delay the finish directly)
    ff = finish - ef
    slack = None
    if c.m:
        slack = es[c.link_succ] - es[c.link_pred] - off
        np.minimum.at(ff, c.link_pred, slack)
    remaining = None
    if st is not None:
        if slack is not None:
            slack.setflags(write=False)
        remaining = np.stack([es, ls])
        es, ls, tf, ff = _statused_dates(st, es, ef, ls, lf, tf, ff)
    arrays: list[npt.NDArray[Any]] = [es, ef, ls, lf, tf, ff]
    if remaining is not None:
        arrays.append(remaining)
    dates: list[DateArray | None] = [None] * 4
    if origin is not None and cal is not None:
        dates = [
            _dates.start_dates(cal, origin, es),
            _dates.finish_dates(cal, origin, ef, es),
            _dates.start_dates(cal, origin, ls),
            _dates.finish_dates(cal, origin, lf, ls),
        ]
        fin_held = _bounds.finish_held_lower(network, origin, cal, lower, d)
        if st is not None:
            fin_held &= ~st.started
        _end_dated_milestones(c, es, lower, ls, off, cal, origin, dates, fin_held)
        arrays.extend(x for x in dates if x is not None)
    for a in arrays:
        a.setflags(write=False)
    return Schedule(
        network=network,
        ids=c.ids,
        early_start=es,
        early_finish=ef,
        late_start=ls,
        late_finish=lf,
        total_float=tf,
        free_float=ff,
        project_duration=finish,
        start=origin,
        calendar=cal,
        deadline=dl,
        early_start_date=dates[0],
        early_finish_date=dates[1],
        late_start_date=dates[2],
        late_finish_date=dates[3],
        critical_rule=rule,
        settings={k: v for k, v in (("alap", alap_rule), ("must_finish_by", mfb),
                                    ("honor_constraints", honor_constraints),
                                    ("leveling_delay", None if delay is None or not delay.any()
                                     else frozen_dict(dict(leveling_delay or {}))),
                                    ("total_float", None if total_float == "start"
                                     else total_float),
                                    ("statusing", None if st is None else statusing))
                  if v not in (None, False) and (k, v) != ("alap", "ms_project")},
        **({} if st is None else _status_fields(st, actuals, slack, remaining)),
    )


def _statused_dates(
    st: StatusBounds, es: FloatArray, ef: FloatArray, ls: FloatArray, lf: FloatArray,
    tf: FloatArray, ff: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Reported dates from the passes over remaining work: a started activity starts at
    its actual start (late start = late finish minus its whole span, so total float is
    ``LF - EF``, counted on the remaining work); finished work has its actual dates and no
    float."""
    es = np.where(st.started, st.actual_start, es)
    ls = np.where(st.started, lf - (ef - es), ls)
    ls = np.where(st.finished, st.actual_start, ls)
    tf = np.where(st.finished, 0.0, ls - es)
    ff = np.where(st.finished, 0.0, ff)
    return es, ls, tf, ff


def _status_fields(
    st: StatusBounds, actuals: Progress | None, slack: FloatArray | None,
    remaining: FloatArray | None,
) -> dict[str, Any]:
    return {"data_date": st.data_date, "actuals": actuals, "_status": st,
            "_status_slack": slack, "_remaining_start": remaining}


def _assignment_rows(
    network: Network, assignments: Mapping[Id, Sequence[tuple[WorkCalendar, float]]] | None,
    clock: bool, problems: Problems,
) -> list[tuple[int, WorkCalendar, float]] | None:
    """``schedule``'s ``assignments`` checked, as (activity index, calendar, duration
    [working days]) rows; None without any."""
    if assignments is None:
        return None
    if not isinstance(assignments, Mapping):
        problems.add("'assignments' must map activity ids to (calendar, duration) pairs "
                     f"(got {type(assignments).__name__})")
        return None
    if clock is not True:
        problems.add("'assignments' needs clock=True (each assignment is placed on its own "
                     "calendar's working time)")
        return None
    index = network.compiled.index
    check_known(assignments, index, "assignments", "activity")
    rows: list[tuple[int, WorkCalendar, float]] = []
    for aid, pairs in assignments.items():
        if aid not in index:
            continue
        if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Sequence) or not pairs:
            problems.add(f"'assignments' of activity {aid!r} must be a non-empty sequence of "
                         f"(calendar, duration) pairs (got {pairs!r})")
            continue
        for pair in pairs:
            ok = isinstance(pair, tuple) and len(pair) == 2
            cal, d = pair if ok else (None, None)
            if not ok or not isinstance(cal, WorkCalendar) or isinstance(d, bool) or not (
                    isinstance(d, (int, float, np.integer, np.floating))
                    and math.isfinite(d) and d >= 0):
                problems.add(f"each assignment of activity {aid!r} must be a (WorkCalendar, "
                             f"duration >= 0 [working days]) pair (got {pair!r})")
                continue
            rows.append((index[aid], cal, float(d)))
    return rows or None


def _expected_finish_schedule(
    network: Network, idx: IntArray, at: FloatArray, raw: list[Any], **kwargs: Any
) -> Schedule:
    """P6's expected finishes: each listed activity's duration (a started one's remaining
    duration) becomes the working time from its (remaining) early start to its expected
    finish, at least 0, counted on its own calendar on clock time; finished activities
    keep their actuals. An activity's (remaining) early start does not depend on its own
    duration (checked), only on the durations upstream, so iterating from the given
    durations fixes one more listed activity, in topological order, per round."""
    actuals: Progress | None = kwargs.pop("actuals")
    ids = network.ids
    d = network.compiled.duration.copy()
    records = {} if actuals is None else {r.id: r for r in actuals.activities}
    net, acts = network, actuals
    for _ in range(idx.size + 2):  # one more listed activity is right per round
        s = schedule(net, actuals=acts, **kwargs)
        new, finished = _expected_durations(s, idx, at, raw)
        new = np.where(finished, np.nan, new)
        # the durations the passes placed (remaining ones under statusing): done when
        # they are those the expected finishes give (at once when the file's are)
        placed = (net.compiled.duration if s._status is None else s._status.duration)[idx]
        if np.array_equal(np.where(finished, np.nan, placed), new, equal_nan=True):
            break
        changed_records = dict(records)
        for i, v in zip(idx.tolist(), new.tolist(), strict=True):
            if math.isnan(v):
                continue
            rec = records.get(ids[i])
            if rec is not None and (rec.started or rec.remaining_duration is not None):
                changed_records[ids[i]] = attrs.evolve(rec, remaining_duration=v)
            else:
                d[i] = v
        net = Network([attrs.evolve(a, duration=float(v)) for a, v in
                       zip(network.activities, d.tolist(), strict=True)],
                      network.dependencies)
        if actuals is not None:
            acts = Progress([changed_records[r.id] for r in actuals.activities])
    settings = dict(s.settings)
    settings["expected_finish"] = frozen_dict(
        {ids[i]: float(v) for i, v in zip(idx.tolist(), at.tolist(), strict=True)})
    return attrs.evolve(s, settings=settings)


def _expected_durations(
    s: Schedule, idx: IntArray, at: FloatArray, raw: list[Any]
) -> tuple[FloatArray, BoolArray]:
    """The durations [working days] that make the activities ``idx`` of ``s`` finish at
    their expected finishes (from their remaining early start under statusing), and
    which of them have finished."""
    st = s._status
    finished = (np.zeros(idx.size, dtype=bool) if st is None
                else np.asarray(st.finished, dtype=bool)[idx])
    r = s._clock
    if r is not None and s.settings.get("clock"):
        from pmokit.scheduling._clock import expected_minutes

        es_at = r.es if r.remaining_at is None else r.remaining_at[0]
        minutes = expected_minutes(s.network, s.calendar or WorkCalendar(), r.origin,
                                   r.minutes_per_day, idx, es_at[idx], at, raw)
        return minutes / r.minutes_per_day, finished
    cal = s.calendar
    if (s._remaining_start is None and cal is not None and s.start is not None
            and s.early_start_date is not None
            and any(v is not cal for v in s.network.calendars.values())):
        return _own_calendar_days(s, s.early_start_date, cal, s.start, idx, at,
                                  raw), finished
    es = s.early_start if s._remaining_start is None else s._remaining_start[0]
    return np.maximum(at - es[idx], 0.0), finished


def _own_calendar_days(
    s: Schedule, esd: DateArray, cal: WorkCalendar, origin: dt.date, idx: IntArray, at: FloatArray,
    raw: list[Any],
) -> FloatArray:
    """The day engine's expected-finish durations with activities on their own calendars:
    the working days of each activity's calendar from its early start date to its
    expected finish date (inclusive), at least 0 [working days of its calendar].

    The expected finish is a date (that day; a datetime counts its day, as the day engines
    do) or an offset [working days of the project calendar] (the day it ends on). A
    milestone held by a finish sits at the end of its date (its offset is a later project
    day), so its count starts the next day, as on the clock engine."""
    net = s.network
    d = net.compiled.duration
    out = np.zeros(idx.size)
    for k, (i, value) in enumerate(zip(idx.tolist(), raw, strict=True)):
        if isinstance(value, dt.date):
            target = value.date() if isinstance(value, dt.datetime) else value
        else:
            x = np.array([float(at[k])])
            target = _dates.finish_dates(cal, origin, x, x - 1.0).astype(object)[0]
        first: dt.date = esd[i].astype(object)
        if d[i] == 0 and first < _dates.start_dates(
                cal, origin, s.early_start[i : i + 1]).astype(object)[0]:
            first += dt.timedelta(days=1)  # a milestone at the end of its day
        own = net.calendars.get(i, cal)
        last = target + dt.timedelta(days=1)
        out[k] = max(own.working_days_between(first, last), 0) if last > first else 0.0
    return out


def _p6_alap(
    c: CompiledNetwork, es: FloatArray, off: FloatArray, alap: IntArray, finish: float
) -> FloatArray:
    """Early starts with P6's ALAP rule: each ALAP activity, latest first in topological
    order, moves later by its free float (the smallest slack of its outgoing links, or
    the slack to the project finish), so no successor's early start moves."""
    es = es.copy()
    d = c.duration
    rank = np.empty(c.n, dtype=np.int64)
    rank[c.order] = np.arange(c.n)
    for i in alap[np.argsort(-rank[alap], kind="stable")].tolist():
        links = c.succ_link[c.succ_ptr[i] : c.succ_ptr[i + 1]]
        room = finish - (es[i] + d[i])
        if links.size:
            slack = es[c.link_succ[links]] - es[i] - off[links]
            room = min(room, float(slack.min()))
        if room > 0:
            es[i] += room
    return es


def milestone_ends(
    c: CompiledNetwork, es: FloatArray, off: FloatArray, lower: FloatArray,
    finish_bound: BoolArray | None = None,
) -> BoolArray:
    """Per activity: True for a milestone that sits at the end of a finish (driven through
    a finish-to-start or finish-to-finish link by a task's finish, or through any link by
    such a milestone, or held by its ``lower`` bound where ``finish_bound`` says that bound
    is a finish constraint's).

    Such a milestone is dated at the end of the last working day (MS Project and P6:
    Friday 17:00 after a task that ends on Friday, not Monday's start). A milestone also
    held by a start (an SS or SF link from a task, or a start bound ``lower``) is dated
    at that start."""
    end = np.zeros(c.n, dtype=bool)
    d = c.duration
    if not (d == 0).any() or (not c.m and (finish_bound is None or not finish_bound.any())):
        return end
    slack = es[c.link_succ] - es[c.link_pred] - off
    from_finish = c.link_from_finish
    for j in c.order[d[c.order] == 0].tolist():  # milestones, in topological order
        links = c.pred_link[c.pred_ptr[j] : c.pred_ptr[j + 1]]
        finish_held = start_held = False
        for k in links.tolist():
            if slack[k] > FLOAT_TOL:
                continue
            p = int(c.link_pred[k])
            # a milestone's start is its finish: any link from an end milestone carries it
            if (from_finish[k] and d[p] > 0) or end[p]:
                finish_held = True
            else:  # held by a start as well: a start wins (it is the later instant)
                start_held = True
                break
        if es[j] <= lower[j] + FLOAT_TOL:  # held by its bound: a finish's or a start's
            # a finish bound at the project start (offset 0) holds it no more than the
            # start does: it is a start there (dated as the per-activity engine does)
            if finish_bound is not None and finish_bound[j] and lower[j] > FLOAT_TOL:
                finish_held = True
            else:
                start_held = True
        end[j] = finish_held and not start_held
    return end


def _end_dated_milestones(
    c: CompiledNetwork,
    es: FloatArray,
    lower: FloatArray,
    ls: FloatArray,
    off: FloatArray,
    cal: WorkCalendar,
    origin: dt.date,
    dates: list[DateArray | None],
    finish_bound: BoolArray | None = None,
) -> None:
    """Date end-of-finish milestones at the end of the previous working day, early and
    late (in place on the date arrays)."""
    end = milestone_ends(c, es, off, lower, finish_bound)
    if not end.any():
        return
    for t, pair in ((es, (0, 1)), (ls, (2, 3))):
        whole = np.abs(t - np.round(t)) <= FLOAT_TOL
        pick = np.flatnonzero(end & whole & (t > FLOAT_TOL))
        if not pick.size:
            continue
        day = _dates.start_dates(cal, origin, np.round(t[pick]) - 1.0)
        for k in pair:
            arr = dates[k]
            if arr is not None:
                arr[pick] = day


def _calendar_schedule(
    network: Network,
    origin: dt.date,
    cal: WorkCalendar,
    deadline: dt.date | float | None,
    dl: float | None,
    rule: tuple[str, float] = ("total_float", 0.0),
    must_finish_by: dt.date | float | None = None,
    mfb: float | None = None,
    alap: str = "ms_project",
    honor: bool = False,
    capped: BoolArray | None = None,
    pinned: BoolArray | None = None,
    delay: FloatArray | None = None,
    total_float: str = "start",
    leveling_delay: Mapping[Id, float] | None = None,
) -> Schedule:
    """The schedule of a network whose activities have their own calendars (start and
    finish float are equal there: both count the activity's own working time)."""
    from pmokit.scheduling._calendars import calendar_schedule

    delays = delay is not None and bool(delay.any())
    r = calendar_schedule(network, origin, cal, deadline, must_finish_by, alap, capped,
                          pinned, delay)
    arrays = [r["es"], r["ef"], r["ls"], r["lf"], r["tf"], r["ff"], r["link_slack"],
              *r["dates"]]
    for a in arrays:
        a.setflags(write=False)
    return Schedule(
        network=network,
        ids=network.compiled.ids,
        early_start=r["es"],
        early_finish=r["ef"],
        late_start=r["ls"],
        late_finish=r["lf"],
        total_float=r["tf"],
        free_float=r["ff"],
        project_duration=r["finish"],
        start=origin,
        calendar=cal,
        deadline=dl,
        early_start_date=r["dates"][0],
        early_finish_date=r["dates"][1],
        late_start_date=r["dates"][2],
        late_finish_date=r["dates"][3],
        _link_slack=r["link_slack"],
        critical_rule=rule,
        settings={k: v for k, v in (("alap", alap), ("must_finish_by", mfb),
                                    ("honor_constraints", honor),
                                    ("leveling_delay", frozen_dict(dict(leveling_delay or {}))
                                     if delays else None),
                                    ("total_float", None if total_float == "start"
                                     else total_float))
                  if v not in ("ms_project", None, False)},
    )


def _statused_calendar_schedule(
    network: Network, st: StatusBounds, actuals: Progress | None, origin: dt.date,
    cal: WorkCalendar, deadline: dt.date | float | None, dl: float | None,
    rule: tuple[str, float], must_finish_by: dt.date | float | None, mfb: float | None,
    alap: str, honor: bool, statusing: str, delay: FloatArray | None = None,
    total_float: str = "start", leveling_delay: Mapping[Id, float] | None = None,
) -> Schedule:
    """Statusing with activities on their own calendars: the per-activity calendar engine
    schedules the network rewritten by :func:`~pmokit.scheduling._status.status_network`
    (an approximation until the clock engine consumes the status bounds); started work is
    then reported from its actual start, finished work at its actual dates."""
    from pmokit.scheduling._status import dropped_links, status_network

    net2 = status_network(network, st)
    capped, pinned = _bounds.logic_yields(net2, honor)
    capped &= ~st.started
    pinned &= ~st.started
    s = _calendar_schedule(net2, origin, cal, deadline, dl, rule, must_finish_by, mfb, alap,
                           honor, capped, pinned, delay, total_float, leveling_delay)
    ef = np.where(st.finished, st.actual_finish, s.early_finish)
    lf = np.where(st.finished, st.actual_finish, s.late_finish)
    es, ls, tf, ff = _statused_dates(st, s.early_start, ef, s.late_start, lf,
                                     s.total_float, s.free_float)
    # total float stays in each activity's own working time (the calendar engine's, over
    # the remaining work; ``ls - es`` above counts the project calendar's days, which gave
    # a total float below the free float on a six-day calendar)
    tf = np.where(st.finished, 0.0, s.total_float)
    started = st.started
    fin = st.finished
    a_s = np.where(started, st.actual_start, 0.0)
    a_f = np.where(fin, st.actual_finish, 0.0)
    s_dates = _dates.start_dates(cal, origin, a_s)
    f_dates = _dates.finish_dates(cal, origin, a_f, a_s)
    if (s.early_start_date is None or s.early_finish_date is None
            or s.late_start_date is None or s.late_finish_date is None):  # pragma: no cover
        raise ValidationError("a schedule on activity calendars has dates")
    esd = np.where(started, s_dates, s.early_start_date)
    lsd = np.where(fin, s_dates, s.late_start_date)
    if (started & ~fin).any():
        lsd = np.where(started & ~fin, _dates.start_dates(cal, origin, ls), lsd)
    efd = np.where(fin, f_dates, s.early_finish_date)
    lfd = np.where(fin, f_dates, s.late_finish_date)
    remaining = np.stack([s.early_start, s.late_start])
    # the rewrite dropped links: their slack is infinite (they hold nothing)
    link_slack = np.full(network.compiled.m, np.inf)
    link_slack[~dropped_links(network, st)] = s.link_slack
    arrays = [es, ef, ls, lf, tf, ff, esd, efd, lsd, lfd, remaining, link_slack]
    for a in arrays:
        a.setflags(write=False)
    settings = dict(s.settings)
    settings["statusing"] = statusing
    return attrs.evolve(
        s, network=network, early_start=es, early_finish=ef, late_start=ls, late_finish=lf,
        total_float=tf, free_float=ff, early_start_date=esd, early_finish_date=efd,
        late_start_date=lsd, late_finish_date=lfd, settings=settings, _link_slack=link_slack,
        project_duration=max(s.project_duration, float(ef.max()) if ef.size else 0.0),
        **_status_fields(st, actuals, None, remaining),
    )
