"""Slip impact: which activities and milestones move, and by how much, when some slip.

Computed incrementally: only activities whose early start actually changes are visited, in
topological order, each recomputed exactly from all its incoming links, so the result
equals a full recompute bit for bit (a change below 1e-9 working days counts as none: a
baseline from the Dijkstra engine on decimal data is the exact value rounded once, a pass
adds in floating point, and the two differ by about 1e-12). When the change spreads to a
large part of the network the computation switches to one full forward pass.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping
from typing import Any, Literal

import attrs
import numpy as np

from pmokit._results import IdMapping, display, frozen_dict, records_to_frame
from pmokit._typing import DateArray, FloatArray, Id, IntArray
from pmokit._validation import Problems, check_choice, mapping_keys
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import _dates
from pmokit.scheduling._bounds import logic_yields, start_bounds
from pmokit.scheduling._cpm import (
    FLOAT_TOL,
    Schedule,
    _cached,
    backward_pass,
    forward_pass,
)
from pmokit.scheduling._network import CompiledNetwork, ConstraintType, day_lag_problems
from pmokit.scheduling._resultbase import FrozenResult

__all__ = ["SlipImpact", "slip_impact"]

SlipMode = Literal["duration", "start"]

_SWITCH = 4000
"""Visited activities after which the incremental walk gives way to a full forward pass."""


@display()
@attrs.frozen(eq=False)
class SlipImpact(FrozenResult, IdMapping):
    """What moves when activities slip.

    Attributes
    ----------
    schedule
        The baseline schedule.
    delays
        The slips applied: activity id -> delay [working days].
    mode
        ``"duration"`` (the activity takes longer: its finish moves) or ``"start"`` (the
        activity starts later: all of it moves).
    ids
        Activities whose early start or early finish moved, in index order.
    start_shift, finish_shift
        How far each moved activity's early start and early finish moved [working days]
        (a finish-to-finish or start-to-finish link can pull a lengthened activity's start
        earlier, so a shift can be negative).
    early_start, early_finish
        The new early dates of the moved activities [working days].
    early_finish_date
        New early finish dates (``datetime64[D]``) when the schedule has dates, else None.
    milestones
        The moved activities of zero duration, in index order.
    project_duration
        The new project duration [working days].
    project_delay
        ``project_duration`` minus the baseline's [working days].
    visited
        How many activities were recomputed (n when the full pass was used).

    Notes
    -----
    A read-only mapping of each *moved* activity's id to its row (``impact["B"]``,
    ``"B" in impact``, ``list(impact)``, ``len``, ``.get``); an id that did not move (or
    does not exist) raises :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``);
    :meth:`shift` gives 0 for an activity that did not move.
    """

    _what = "moved activity"

    schedule: Schedule
    delays: Mapping[Id, float]
    mode: str
    ids: tuple[Id, ...]
    start_shift: FloatArray
    finish_shift: FloatArray
    early_start: FloatArray
    early_finish: FloatArray
    early_finish_date: DateArray | None
    milestones: tuple[Id, ...]
    project_duration: float
    project_delay: float
    visited: int

    def shift(self, activity_id: Id) -> float:
        """How far an activity's early finish moved (0 if it did not) [working days]."""
        i = self.schedule.index_of(activity_id)
        pos = np.searchsorted(self._index, i)
        if pos < self._index.size and self._index[pos] == i:
            return float(self.finish_shift[pos])
        return 0.0

    @property
    def _index(self) -> IntArray:
        idx = self.schedule.network.compiled.index
        return np.array([idx[a] for a in self.ids], dtype=np.int64)

    def _row(self, k: int) -> dict[str, Any]:
        a = self.ids[k]
        dur = self.schedule.network.compiled.duration
        row: dict[str, Any] = {
            "id": a,
            "milestone": bool(dur[self.schedule.network.compiled.index[a]] == 0),
            "start_shift": float(self.start_shift[k]),
            "finish_shift": float(self.finish_shift[k]),
            "early_start": float(self.early_start[k]),
            "early_finish": float(self.early_finish[k]),
        }
        if self.early_finish_date is not None:
            row["early_finish_date"] = self.early_finish_date[k].astype(dt.date)
        return row

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per moved activity."""
        return [self._row(k) for k in range(len(self.ids))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def slip_impact(
    schedule: Schedule,
    delays: Mapping[str, float],
    *,
    mode: SlipMode = "duration",
) -> SlipImpact:
    """What moves, and by how much, when the given activities slip.

    Parameters
    ----------
    schedule
        The baseline schedule.
    delays
        Activity id -> delay [working days], finite and >= 0.
    mode
        ``"duration"`` (default): each activity takes ``delay`` longer, so its finish moves
        and what hangs off its finish follows. ``"start"``: each activity cannot start
        before its baseline early start plus ``delay`` (as if given a start-no-earlier-than
        constraint there); all of it moves.

    Returns
    -------
    SlipImpact
        Equal to a full recompute of the early dates with the longer durations (or the
        extra constraints).

    Raises
    ------
    UnknownReferenceError
        Unknown ids, all listed.
    ValidationError
        Negative, NaN or infinite delays, naming the activity; an unknown mode; a delay
        on a level-of-effort activity, or level-of-effort activities on a statused
        schedule (named).

    Notes
    -----
    Networks with ALAP activities are recomputed in full (an ALAP activity's position
    depends on late dates, which every delay changes), and so are networks with
    level-of-effort activities (each LOE's span follows the activities it links to, as
    :func:`schedule` spans it; an LOE itself cannot be delayed, and a statused schedule
    with LOEs is refused for now) and schedules on
    per-activity calendars (shifts are then in working days of the schedule calendar;
    there, in ``mode="start"``, a delayed activity's own constraint is replaced by the
    start-no-earlier-than bound).

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
    >>> net = Network([Activity("A", 3), Activity("B", 5), Activity("C", 2),
    ...                Activity("GO", 0)],
    ...               [Dependency("A", "C"), Dependency("B", "C"), Dependency("C", "GO")])
    >>> impact = slip_impact(schedule(net), {"A": 4})
    >>> impact.ids, impact.finish_shift.tolist(), impact.project_delay
    (('A', 'C', 'GO'), [4.0, 2.0, 2.0], 2.0)
    >>> impact.milestones
    ('GO',)
    """
    check_choice(mode, "mode", ("duration", "start"))
    mapping_keys(delays, "delays")
    net = schedule.network
    c = net.compiled
    statused = schedule.statused
    settings = {k: v for k, v in schedule.settings.items() if k != "statusing"}
    yielding = np.flatnonzero(logic_yields(net, False)[0]).tolist()
    if settings or yielding:
        raise ValidationError(
            "slip_impact supports schedules with the default settings only (got settings "
            f"{dict(schedule.settings)!r} and manual tasks or mandatory constraints: "
            f"{[net.ids[i] for i in yielding]!r})"
        )
    problems = Problems()
    for msg in day_lag_problems(c, where="slip_impact"):
        problems.add(msg)
    unknown = [a for a in delays if a not in c.index]
    if unknown:
        raise UnknownReferenceError(
            [f"'delays' names unknown activity {a!r}" for a in unknown], unknown
        )
    for a, v in delays.items():
        problems.check_number(v, f"delay of activity {a!r}", minimum=0.0)
    loe = any(k == "loe" for k in net.kinds.values())
    if loe:
        for a in delays:
            if net.kinds.get(c.index[a]) == "loe":
                problems.add(f"'delays' names level-of-effort activity {a!r}: its duration "
                             "follows the activities it spans; delay those instead")
        if statused:
            problems.add("slip_impact does not support level-of-effort activities on a "
                         "statused schedule yet (got "
                         f"{[c.ids[i] for i, k in net.kinds.items() if k == 'loe'][:10]}): "
                         "their spans under progress are not recomputed here")
    problems.raise_if_any()
    idx = np.array([c.index[a] for a in delays], dtype=np.int64)
    amount = np.array([float(v) for v in delays.values()], dtype=np.float64)
    keep = amount > 0
    idx, amount = idx[keep], amount[keep]
    if statused:
        _check_statused(schedule, idx, mode)

    es_old = schedule.early_start
    ef_old = schedule.early_finish
    dur_fix = dict.fromkeys(idx.tolist(), 0.0)
    changed_links = np.zeros(0, dtype=np.int64)
    if mode == "duration":
        for i, a in zip(idx.tolist(), amount.tolist(), strict=True):
            dur_fix[i] += a
        changed_links = np.unique(np.concatenate(
            [c.succ_link[c.succ_ptr[i] : c.succ_ptr[i + 1]] for i in idx.tolist()]
            + [c.pred_link[c.pred_ptr[i] : c.pred_ptr[i + 1]] for i in idx.tolist()]
            + [np.zeros(0, dtype=np.int64)]
        ))
        for i in dur_fix:
            dur_fix[i] += float(c.duration[i])
    else:
        dur_fix = {}
    dur = c.duration
    if dur_fix:
        dur = c.duration.copy()
        dur[list(dur_fix)] = list(dur_fix.values())
    # a finish constraint (FNET, MFO) bounds the start by its date minus the new duration
    lower, _, _ = start_bounds(net, schedule.start, schedule.calendar, Problems(), dur)
    if mode == "start":
        for i, a in zip(idx.tolist(), amount.tolist(), strict=True):
            lower[i] = max(lower[i], es_old[i] + a)
    off_fix = (c.link_offset(dur, changed_links, percent_of=dur) if changed_links.size
               else np.zeros(0))
    has_alap = loe or schedule.has_own_calendars or any(
        k.kind is ConstraintType.ALAP for k in net.constraints.values()
    )

    changed = None
    if not has_alap and not statused:
        changed = _walk(c, es_old, lower, changed_links, off_fix, idx)
    if changed is None:
        if statused:
            es, ef, finish = _statused_recompute(schedule, idx, amount, mode)
        elif schedule.has_own_calendars or loe:
            from pmokit.scheduling._cpm import schedule as full

            # (with own calendars a finish is not the start plus the duration in offsets;
            # an LOE spans what it links to, as schedule() spans it)
            es, ef, finish = _alap_recompute(full, schedule, dur, idx, amount, mode)
        elif has_alap:
            es, ef, finish = _alap_passes(schedule, dur, lower)
        else:
            off = c.link_offset(dur, percent_of=dur)
            es = forward_pass(c, off, lower, method="levels")
            ef = es + dur
            finish = float(ef.max()) if c.n else 0.0
        # below FLOAT_TOL counts as no move: a Dijkstra-engine baseline on decimal data is
        # the exact value rounded once, a pass adds in floating point (1e-12 apart)
        tol = FLOAT_TOL * np.maximum(1.0, np.abs(es_old))
        moved = np.flatnonzero((np.abs(es - es_old) > tol) | (np.abs(ef - ef_old) > tol))
        es_m, ef_m = es[moved], ef[moved]
        visited = c.n
    else:
        keys = set(changed) | set(dur_fix)
        moved = np.array(sorted(keys), dtype=np.int64)
        es_m = es_old[moved].copy()
        if changed:
            pos = np.searchsorted(moved, np.fromiter(changed, dtype=np.int64))
            es_m[pos] = np.fromiter(changed.values(), dtype=np.float64)
        ef_m = es_m + dur[moved]
        keep = (es_m != es_old[moved]) | (ef_m != ef_old[moved])
        moved, es_m, ef_m = moved[keep], es_m[keep], ef_m[keep]
        finish = schedule.project_duration
        if ef_m.size:
            top = float(ef_m.max())
            if top >= finish:
                finish = top
            elif (ef_old[moved] >= finish).any():  # the finishing activity moved earlier
                ef_all = ef_old.copy()
                ef_all[moved] = ef_m
                finish = float(ef_all.max())
        visited = len(changed)
    fdates = None
    if schedule.start is not None and schedule.calendar is not None:
        fdates = _dates.finish_dates(schedule.calendar, schedule.start, ef_m, es_m)
    arrays = [es_m - es_old[moved], ef_m - ef_old[moved], es_m, ef_m]
    for arr in arrays:
        arr.setflags(write=False)
    return SlipImpact(
        schedule=schedule,
        delays=frozen_dict(delays),
        mode=mode,
        ids=tuple(c.ids[i] for i in moved.tolist()),
        start_shift=arrays[0],
        finish_shift=arrays[1],
        early_start=arrays[2],
        early_finish=arrays[3],
        early_finish_date=fdates,
        milestones=tuple(c.ids[i] for i in moved.tolist()
                         if dur[i] == 0 and net.kinds.get(i) != "loe"),
        project_duration=finish,
        project_delay=finish - schedule.project_duration,
        visited=visited,
    )


def _alap_passes(
    base: Schedule, dur: FloatArray, lower: FloatArray
) -> tuple[FloatArray, FloatArray, float]:
    """Early dates of a network with ALAP activities, as :func:`schedule` computes them,
    with the new durations and early-start bounds (every other constraint kept)."""
    c = base.network.compiled
    _, upper, alap = start_bounds(base.network, base.start, base.calendar, Problems(),
                                        dur)
    off = c.link_offset(dur, percent_of=dur)
    es = forward_pass(c, off, lower, method="levels")
    finish = float((es + dur).max()) if c.n else 0.0
    target = finish if base.deadline is None else min(finish, base.deadline)
    ls = backward_pass(c, off, np.minimum(target - dur, upper), method="levels")
    lower2 = lower.copy()
    lower2[alap] = np.maximum(lower[alap], ls[alap])
    es = forward_pass(c, off, lower2, method="levels")
    return es, es + dur, finish


def _alap_recompute(
    full: Any, base: Schedule, dur: FloatArray, idx: IntArray, amount: FloatArray, mode: str
) -> tuple[FloatArray, FloatArray, float]:
    """Full recompute for networks with ALAP activities or own calendars (durations or
    constraints changed): early starts, early finishes and the project duration."""
    from pmokit.scheduling._network import Constraint, Network

    net = base.network
    c = net.compiled
    extra = {}
    if mode == "start":
        for i, a in zip(idx.tolist(), amount.tolist(), strict=True):
            extra[c.ids[i]] = float(base.early_start[i]) + a
    acts = []
    for i, act in enumerate(net.activities):
        act = attrs.evolve(act, duration=float(dur[i]))
        if act.id in extra:
            at = extra[act.id]
            con = act.constraint
            if con is not None and con.kind is ConstraintType.ALAP:
                at = max(at, float(base.late_start[i]))
            act = attrs.evolve(act, constraint=Constraint("SNET", at))
        acts.append(act)
    s = full(Network(acts, net.dependencies), start=base.start, calendar=base.calendar,
             deadline=base.deadline, method="levels")
    return s.early_start.copy(), s.early_finish.copy(), float(s.project_duration)


@attrs.frozen(eq=False)
class _Lists:
    """The compiled arrays as Python lists, for walks that touch few activities."""

    level: list[int]
    pred_ptr: list[int]
    pred_link: list[int]
    succ_ptr: list[int]
    succ_link: list[int]
    link_pred: list[int]
    link_succ: list[int]
    offset: list[float]


def _lists(c: CompiledNetwork) -> _Lists:
    return _Lists(
        c.level.tolist(), c.pred_ptr.tolist(), c.pred_link.tolist(), c.succ_ptr.tolist(),
        c.succ_link.tolist(), c.link_pred.tolist(), c.link_succ.tolist(),
        c.link_offset().tolist(),
    )


def _walk(
    c: CompiledNetwork,
    es_old: FloatArray,
    lower: FloatArray,
    changed_links: IntArray,
    off_fix: FloatArray,
    seeds: IntArray,
) -> dict[int, float] | None:
    """New early starts of the activities that change, visiting in topological order only
    activities with a changed predecessor (or link). None past :data:`_SWITCH` visits."""
    lst: _Lists = _cached(c, "lists", _lists)
    level, pred_ptr, pred_link = lst.level, lst.pred_ptr, lst.pred_link
    succ_ptr, succ_link, link_pred, link_succ = (
        lst.succ_ptr, lst.succ_link, lst.link_pred, lst.link_succ
    )
    off_base = lst.offset
    fix = dict(zip(changed_links.tolist(), off_fix.tolist(), strict=True))
    old = es_old.item
    low = lower.item
    start = set(seeds.tolist())
    start.update(link_succ[k] for k in fix)
    heap = [(level[i], i) for i in start]
    heapq.heapify(heap)
    queued = set(start)
    new: dict[int, float] = {}
    visited = 0
    limit = max(_SWITCH, c.n // 25)
    tol = FLOAT_TOL
    while heap:
        _, j = heapq.heappop(heap)
        visited += 1
        if visited > limit:
            return None
        best = low(j)
        for k in pred_link[pred_ptr[j] : pred_ptr[j + 1]]:
            p = link_pred[k]
            v = new.get(p)
            if v is None:
                v = old(p)
            o = fix.get(k)
            v = v + (off_base[k] if o is None else o)
            if v > best:
                best = v
        was = old(j)
        if abs(best - was) <= tol * (1.0 if -1.0 <= was <= 1.0 else abs(was)):
            if j not in start:
                continue
        else:
            new[j] = best
        for k in succ_link[succ_ptr[j] : succ_ptr[j + 1]]:
            q = link_succ[k]
            if q not in queued:
                queued.add(q)
                heapq.heappush(heap, (level[q], q))
    return new


def _check_statused(schedule: Schedule, idx: IntArray, mode: str) -> None:
    """Finished work cannot slip; started work cannot be delayed at its start."""
    st = schedule._status
    if st is None:  # pragma: no cover - guarded by the caller
        return
    ids = schedule.ids
    bad = [ids[i] for i in idx.tolist() if st.finished[i]]
    if bad:
        raise ValidationError(
            f"activities {bad} have finished (actual finish given): finished work keeps its "
            "actual dates and cannot slip"
        )
    if mode == "start":
        bad = [ids[i] for i in idx.tolist() if st.started[i]]
        if bad:
            raise ValidationError(
                f"activities {bad} have started, so their start cannot slip; use "
                "mode='duration' to lengthen their remaining work"
            )


def _statused_recompute(
    schedule: Schedule, idx: IntArray, amount: FloatArray, mode: str
) -> tuple[FloatArray, FloatArray, float]:
    """Early dates of a statused schedule after the delays: the same statusing with longer
    remaining durations (or later starts), recomputed in full."""
    from pmokit.scheduling._cpm import schedule as full
    from pmokit.scheduling._network import Constraint
    from pmokit.scheduling._status import ActivityProgress, Progress

    st = schedule._status
    net = schedule.network
    if st is None:  # pragma: no cover - guarded by the caller
        raise ValidationError("the schedule is not statused")
    delay = dict(zip(idx.tolist(), amount.tolist(), strict=True))
    acts = list(net.activities)
    records = {r.id: r for r in (schedule.actuals.activities if schedule.actuals else ())}
    ids = schedule.ids
    for i, a in delay.items():
        if mode == "start":
            acts[i] = attrs.evolve(
                acts[i], constraint=Constraint("SNET", float(schedule.early_start[i]) + a)
            )
        elif st.started[i]:
            rec = records.get(ids[i]) or ActivityProgress(ids[i])
            records[ids[i]] = attrs.evolve(
                rec, remaining_duration=float(st.duration[i]) + a, percent_complete=None
            )
        else:
            rem = records.get(ids[i])
            if rem is not None and rem.remaining_duration is not None:
                records[ids[i]] = attrs.evolve(
                    rem, remaining_duration=rem.remaining_duration + a
                )
            acts[i] = attrs.evolve(acts[i], duration=acts[i].duration + a)
    net2 = type(net)(acts, net.dependencies)
    s2 = full(net2, start=schedule.start, calendar=schedule.calendar,
              actuals=Progress(tuple(records.values())), data_date=schedule.data_date,
              statusing=schedule.settings.get("statusing", "retained_logic"))
    return (np.asarray(s2.early_start, dtype=np.float64),
            np.asarray(s2.early_finish, dtype=np.float64), s2.project_duration)
