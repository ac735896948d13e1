"""Baselines: named snapshots of a schedule and its cost loading, and variance against them.

A :class:`Baseline` keeps, per activity, the start and finish [working days from the
project start] and the budget [currency]. :func:`baseline_variance` compares the current
plan with one baseline: start, finish and duration variance in working days (positive =
later / longer than baselined), cost variance (baseline budget - current budget, negative
= overrun), and the activities added and removed since. :func:`baseline_execution_index`
and :func:`critical_path_length_index` are the DCMA indices, which
:func:`pmokit.governance.dcma_assessment` computes through these functions.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import (
    ComparesValues,
    IdMapping,
    PicklesReadOnly,
    Record,
    display,
    readonly,
    records_to_frame,
)
from pmokit._typing import BoolArray, FloatArray
from pmokit._validation import Problems, as_float_array, check_id, check_ids
from pmokit.errors import ValidationError
from pmokit.monitoring._cost_loading import PlannedValue

__all__ = [
    "Baseline",
    "BaselineVariance",
    "baseline_execution_index",
    "baseline_variance",
    "critical_path_length_index",
]

_TOL = 1e-9


@display()
@attrs.frozen(eq=False)
class Baseline(PicklesReadOnly, IdMapping, ComparesValues):
    """A named snapshot of a schedule and its cost loading.

    ``baseline["A"]`` is ``(start, finish, cost)`` of activity A.

    Attributes
    ----------
    name
        The baseline's name (``"BL0"``, ``"re-plan March"``).
    ids
        Activity ids.
    start, finish
        Baselined start and finish [working days from the project start].
    cost
        Baselined budget of each activity [currency] (0 without cost loading).
    """

    name: str
    ids: tuple[Hashable, ...]
    start: FloatArray
    finish: FloatArray
    cost: FloatArray
    _what = "activity"

    def __attrs_post_init__(self) -> None:
        if (m := check_id(self.name, "baseline name")) is not None:
            raise ValidationError(m)
        ids = check_ids(self.ids, "baseline ids")
        n = len(ids)
        object.__setattr__(self, "ids", ids)
        p = Problems()
        for field, minimum in (("start", None), ("finish", None), ("cost", 0.0)):
            try:
                arr = as_float_array(getattr(self, field), f"baseline {field}", length=n,
                                     minimum=minimum)
            except ValidationError as exc:
                p.extend(exc.problems)
                continue
            object.__setattr__(self, field, readonly(arr))
        p.raise_if_any()

    def _row(self, i: int) -> tuple[float, float, float]:
        return float(self.start[i]), float(self.finish[i]), float(self.cost[i])

    @classmethod
    def from_schedule(
        cls, name: str, schedule: Any, planned: PlannedValue | None = None
    ) -> Baseline:
        """Snapshot a :class:`~pmokit.scheduling.Schedule` (early dates) and its planned value."""
        if (m := check_id(name, "baseline name")) is not None:
            raise ValidationError(m)
        ids = check_ids(schedule.ids, "schedule ids")
        cost = np.zeros(len(ids))
        if planned is not None:
            pos = {a: i for i, a in enumerate(ids)}
            for a, b in zip(planned.ids, planned.bac.tolist(), strict=True):
                if a in pos:
                    cost[pos[a]] = b
        return cls(name, ids, readonly(np.asarray(schedule.early_start, dtype=np.float64)),
                   readonly(np.asarray(schedule.early_finish, dtype=np.float64)),
                   readonly(cost))

    def to_records(self) -> list[Record]:
        """One dict per activity: ``activity``, ``start``, ``finish``, ``cost``."""
        return [{"activity": a, "start": float(s), "finish": float(f), "cost": float(c)}
                for a, s, f, c in zip(self.ids, self.start, self.finish, self.cost, strict=True)]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


@display()
@attrs.frozen(eq=False)
class BaselineVariance(PicklesReadOnly, IdMapping, ComparesValues):
    """Variance of the current plan against a baseline, per activity in both.

    ``variance["A"]`` is a dict of A's variances.

    Attributes
    ----------
    baseline
        The baseline's name.
    ids
        Activities in both the baseline and the current plan.
    start, finish, duration
        Current - baseline [working days] (positive: later or longer).
    cost
        Baseline - current budget [currency] (negative: the budget grew).
    added, removed
        Activities in the current plan only, and in the baseline only.
    """

    baseline: str
    ids: tuple[Hashable, ...]
    start: FloatArray
    finish: FloatArray
    duration: FloatArray
    cost: FloatArray
    added: tuple[Hashable, ...]
    removed: tuple[Hashable, ...]
    _what = "activity"

    def _row(self, i: int) -> Record:
        return {"start": float(self.start[i]), "finish": float(self.finish[i]),
                "duration": float(self.duration[i]), "cost": float(self.cost[i])}

    def to_records(self) -> list[Record]:
        """One dict per activity in both plans."""
        return [{"activity": a, **self._row(i)} for i, a in enumerate(self.ids)]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def baseline_variance(current: Baseline, baseline: Baseline) -> BaselineVariance:
    """Start, finish, duration and cost variance of ``current`` against ``baseline``.

    Take the current plan's snapshot with :meth:`Baseline.from_schedule` (any name).

    Examples
    --------
    >>> import numpy as np
    >>> bl = Baseline("BL0", ("A", "B"), np.array([0.0, 5.0]), np.array([5.0, 8.0]),
    ...               np.array([100.0, 50.0]))
    >>> now = Baseline("now", ("A", "C"), np.array([0.0, 5.0]), np.array([7.0, 9.0]),
    ...                np.array([120.0, 10.0]))
    >>> v = baseline_variance(now, bl)
    >>> v["A"], v.added, v.removed
    ({'start': 0.0, 'finish': 2.0, 'duration': 2.0, 'cost': -20.0}, ('C',), ('B',))
    """
    if not isinstance(current, Baseline) or not isinstance(baseline, Baseline):
        raise ValidationError("'current' and 'baseline' must be Baseline snapshots "
                              "(Baseline.from_schedule)")
    pos = {a: i for i, a in enumerate(baseline.ids)}
    cur = [i for i, a in enumerate(current.ids) if a in pos]
    ids = tuple(current.ids[i] for i in cur)
    b = np.array([pos[a] for a in ids], dtype=np.int64)
    c = np.array(cur, dtype=np.int64)
    ds = current.start[c] - baseline.start[b]
    df = current.finish[c] - baseline.finish[b]
    dd = (current.finish[c] - current.start[c]) - (baseline.finish[b] - baseline.start[b])
    dc = baseline.cost[b] - current.cost[c]
    cur_set = set(current.ids)
    return BaselineVariance(
        baseline=baseline.name, ids=ids, start=readonly(ds), finish=readonly(df),
        duration=readonly(dd), cost=readonly(dc),
        added=tuple(a for a in current.ids if a not in pos),
        removed=tuple(a for a in baseline.ids if a not in cur_set),
    )


def baseline_execution_index(
    baseline_finish: npt.ArrayLike | Baseline,
    completed: npt.ArrayLike | Mapping[Hashable, bool],
    status: float,
    *,
    tasks: npt.ArrayLike | None = None,
) -> tuple[float, int, int]:
    """Baseline execution index: tasks completed / tasks baselined to finish by ``status``.

    Parameters
    ----------
    baseline_finish
        Baseline finish of each task [working days] (NaN: not baselined), or a
        :class:`Baseline`.
    completed
        Whether each task is complete (aligned booleans, or id -> bool with a Baseline).
    status
        The status date [working days].
    tasks
        Optional mask of the tasks counted (DCMA excludes milestones, summaries, LOE).

    Returns
    -------
    (bei, completed, due)
        BEI (NaN when no task was due), the count completed and the count due.

    Examples
    --------
    >>> baseline_execution_index([5.0, 8.0, 20.0], [True, False, False], 10.0)
    (0.5, 1, 2)

    References
    ----------
    DCMA 14-Point Assessment, check 14 (BEI >= 0.95).
    """
    if isinstance(baseline_finish, Baseline):
        bf = np.asarray(baseline_finish.finish, dtype=np.float64)
        if isinstance(completed, Mapping):
            from pmokit._validation import check_known

            check_known(completed, set(baseline_finish.ids), "completed", "activity")
            done = np.array([bool(completed.get(a, False)) for a in baseline_finish.ids])
        else:
            done = np.asarray(completed, dtype=bool)
    else:
        bf = as_float_array(baseline_finish, "baseline_finish", allow_nan=True)  # nan: none
        done = np.asarray(completed, dtype=bool)
    mask = np.ones(bf.shape, dtype=bool) if tasks is None else np.asarray(tasks, dtype=bool)
    p = Problems()
    if done.shape != bf.shape or mask.shape != bf.shape:
        p.add(f"'completed' and 'tasks' must align with 'baseline_finish' ({bf.shape[0]} "
              f"tasks; got {done.shape} and {mask.shape})")
    p.check_number(status, "status")
    p.raise_if_any()
    k_done, k_due = _bei_counts(bf, done, mask, float(status))
    return (k_done / k_due if k_due else float("nan")), k_done, k_due


def _bei_counts(bf: FloatArray, done: BoolArray, tasks: BoolArray, now: float) -> tuple[int, int]:
    """DCMA's BEI counts: tasks completed, and tasks baselined to finish by ``now``."""
    with np.errstate(invalid="ignore"):
        due = tasks & (bf <= now + _TOL)
    return int((tasks & done).sum()), int(due.sum())


def critical_path_length_index(critical_path_length: float, total_float: float) -> float:
    """Critical path length index (CPL + total float) / CPL.

    ``critical_path_length`` is the remaining duration to the forecast finish and
    ``total_float`` the target finish minus the forecast finish [working days].

    >>> critical_path_length_index(100.0, -5.0)
    0.95

    References
    ----------
    DCMA 14-Point Assessment, check 13 (CPLI >= 0.95).
    """
    p = Problems()
    p.check_number(critical_path_length, "critical_path_length", minimum=0.0,
                   strict_minimum=True)
    p.check_number(total_float, "total_float")
    p.raise_if_any()
    return (critical_path_length + total_float) / critical_path_length
