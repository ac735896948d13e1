"""Critical path method: forward and backward passes on the compiled network.

All four link types reduce to one start-to-start inequality per link,
``S_succ >= S_pred + offset`` (see :meth:`CompiledNetwork.link_offset`), so the passes are
longest-path computations on a DAG, vectorised one topological level at a time.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import records_to_frame
from pmokit.errors import UnknownReferenceError
from pmokit.scheduling._network import CompiledNetwork, Network

__all__ = ["Schedule", "schedule"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

FLOAT_TOL = 1e-9
"""Float below which an activity counts as critical [working days]."""


@attrs.frozen(eq=False)
class _LevelPlan:
    """Links grouped by the level of their successor (forward) and predecessor (backward)."""

    fwd_links: IntArray
    fwd_ptr: IntArray
    bwd_links: IntArray
    bwd_ptr: IntArray


def _level_plan(c: CompiledNetwork) -> _LevelPlan:
    nlev = c.level_ptr.size - 1
    # forward: links sorted by (level of successor, successor)
    key_f = c.level[c.link_succ] * (c.n + 1) + c.link_succ
    fwd = np.argsort(key_f, kind="stable").astype(np.int64)
    fwd_ptr = np.searchsorted(c.level[c.link_succ][fwd], np.arange(nlev + 1)).astype(np.int64)
    key_b = c.level[c.link_pred] * (c.n + 1) + c.link_pred
    bwd = np.argsort(key_b, kind="stable").astype(np.int64)
    bwd_ptr = np.searchsorted(c.level[c.link_pred][bwd], np.arange(nlev + 1)).astype(np.int64)
    return _LevelPlan(fwd, fwd_ptr, bwd, bwd_ptr)


_PLANS: dict[int, tuple[CompiledNetwork, _LevelPlan]] = {}


def level_plan(c: CompiledNetwork) -> _LevelPlan:
    """The (cached) level plan of a compiled network."""
    hit = _PLANS.get(id(c))
    if hit is not None and hit[0] is c:
        return hit[1]
    plan = _level_plan(c)
    if len(_PLANS) > 8:
        _PLANS.clear()
    _PLANS[id(c)] = (c, plan)
    return plan


def forward_pass(c: CompiledNetwork, offset: FloatArray, lower: FloatArray) -> FloatArray:
    """Earliest starts: ``ES_j = max(lower_j, max_links ES_i + offset)``."""
    plan = level_plan(c)
    es = lower.astype(np.float64, copy=True)
    pred = c.link_pred
    succ = c.link_succ
    for k in range(1, plan.fwd_ptr.size - 1):
        a, b = plan.fwd_ptr[k], plan.fwd_ptr[k + 1]
        if a == b:
            continue
        links = plan.fwd_links[a:b]
        s = succ[links]
        cand = es[pred[links]] + offset[links]
        head = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
        best = np.maximum.reduceat(cand, head)
        tgt = s[head]
        es[tgt] = np.maximum(es[tgt], best)
    return es


def backward_pass(c: CompiledNetwork, offset: FloatArray, upper: FloatArray) -> FloatArray:
    """Latest starts: ``LS_i = min(upper_i, min_links LS_j - offset)``."""
    plan = level_plan(c)
    ls = upper.astype(np.float64, copy=True)
    pred = c.link_pred
    succ = c.link_succ
    for k in range(plan.bwd_ptr.size - 2, -1, -1):
        a, b = plan.bwd_ptr[k], plan.bwd_ptr[k + 1]
        if a == b:
            continue
        links = plan.bwd_links[a:b]
        p = pred[links]
        cand = ls[succ[links]] - offset[links]
        head = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
        best = np.minimum.reduceat(cand, head)
        tgt = p[head]
        ls[tgt] = np.minimum(ls[tgt], best)
    return ls


@attrs.frozen(eq=False)
class Schedule:
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
        ``late_start - early_start`` [working days].
    free_float
        How far an activity can slip without delaying any successor's early date (or the
        project finish, for activities without successors) [working days].
    project_duration
        The early finish of the project [working days].
    """

    network: Network
    ids: tuple[str, ...]
    early_start: FloatArray
    early_finish: FloatArray
    late_start: FloatArray
    late_finish: FloatArray
    total_float: FloatArray
    free_float: FloatArray
    project_duration: float

    @property
    def critical(self) -> tuple[str, ...]:
        """Ids of the activities with total float <= 1e-9, in index order."""
        idx = np.flatnonzero(self.total_float <= FLOAT_TOL)
        return tuple(self.ids[i] for i in idx)

    def __getitem__(self, activity_id: str) -> dict[str, Any]:
        i = self.network.compiled.index.get(activity_id)
        if i is None:
            raise UnknownReferenceError(
                f"no activity with id {activity_id!r} in this schedule", [activity_id]
            )
        return self._row(i)

    def _row(self, i: int) -> dict[str, Any]:
        return {
            "id": self.ids[i],
            "duration": float(self.network.compiled.duration[i]),
            "early_start": float(self.early_start[i]),
            "early_finish": float(self.early_finish[i]),
            "late_start": float(self.late_start[i]),
            "late_finish": float(self.late_finish[i]),
            "total_float": float(self.total_float[i]),
            "free_float": float(self.free_float[i]),
            "critical": bool(self.total_float[i] <= FLOAT_TOL),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per activity, in index order."""
        return [self._row(i) for i in range(len(self.ids))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def schedule(network: Network) -> Schedule:
    """Compute early and late dates, floats and the critical activities.

    Parameters
    ----------
    network
        The activity network.

    Returns
    -------
    Schedule

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network
    >>> net = Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", "FS", lag=1)])
    >>> s = schedule(net)
    >>> s.project_duration
    6.0
    >>> s["B"]["early_start"], s.critical
    (4.0, ('A', 'B'))
    """
    c = network.compiled
    n = c.n
    d = c.duration
    off = c.link_offset()
    es = forward_pass(c, off, np.zeros(n))
    ef = es + d
    finish = float(ef.max()) if n else 0.0
    ls = backward_pass(c, off, np.full(n, finish) - d)
    lf = ls + d
    tf = ls - es
    # free float: min over outgoing links of the link's slack; else slack to project end
    ff = finish - ef
    if c.m:
        slack = es[c.link_succ] - es[c.link_pred] - off
        has_succ = np.diff(c.succ_ptr) > 0
        ff = np.where(has_succ, np.inf, ff)
        np.minimum.at(ff, c.link_pred, slack)
    arrays = (es, ef, ls, lf, tf, ff)
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
    )
