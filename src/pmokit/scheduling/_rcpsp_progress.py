"""Resource-constrained scheduling of a statused network: only the work not started moves.

Work with actual dates is not levelled (P6's leveller does not move activities that have
started): the network is statused by :func:`~pmokit.scheduling.schedule` (the same
``actuals``, ``data_date`` and ``statusing``), and every started or finished activity keeps
its statused dates. The remaining work of an activity in progress holds its resources from
its remaining start to its early finish, so that capacity is taken before anything else is
placed. The activities not started are then scheduled under the capacity left, released
at the data date and by what the started and finished work requires of them through each
link (a finish-to-start link from work in progress, from its early finish plus the lag).

Under retained logic (and every mode but progress override), the remaining work of a
started activity waits for its unfinished predecessors; an activity in progress with a
predecessor not started yet (out-of-sequence progress) would then move with that
predecessor, which this fixed placement cannot do: it is refused, naming both (use
``statusing="progress_override"``, where the link no longer binds started work).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import numpy as np

from pmokit._typing import FloatArray, Id
from pmokit.calendar import WorkCalendar
from pmokit.errors import InfeasibleInputError, ValidationError
from pmokit.scheduling._network import Network
from pmokit.scheduling._resources import CompiledResources, Resource, compile_resources
from pmokit.scheduling._sgs import RcpspArrays

__all__ = ["statused_schedule"]


def _fixed_usage(
    cr: CompiledResources, network: Network, busy: list[tuple[int, float, float]]
) -> RcpspArrays:
    """The problem's arrays with the capacity that work in progress holds taken away
    (slots rounded outwards, demands up: never more room than there is)."""
    p = cr.arrays
    ts = cr.time_scale
    acts = network.activities
    ids = {r.id: k for k, r in enumerate(cr.resources)}
    spans = [(i, math.floor(a * ts + 1e-9), math.ceil(b * ts - 1e-9)) for i, a, b in busy]
    t0 = p.capacity.shape[1]
    end = max([t0, *(hi + 1 for _, _, hi in spans)])
    cap = np.empty((p.n_resources, end), dtype=np.int64)
    cap[:, :t0] = p.capacity
    cap[:, t0:] = p.capacity[:, -1:]
    problems: list[str] = []
    for i, lo, hi in spans:
        for rid, units in acts[i].demands.items():
            k = ids[rid]
            q = math.ceil(float(units) * float(cr.unit_scale[k]) - 1e-9)
            cap[k, lo:hi] -= q
            over = np.flatnonzero(cap[k, lo:hi] < 0)
            if over.size:
                problems.append(
                    f"the remaining work of activity {acts[i].id!r} in progress needs "
                    f"{float(units):g} units of resource {rid!r} from day "
                    f"{(lo + over[0]) / ts:g}, beyond what its capacity leaves beside the "
                    "other work in progress (started work is not levelled)")
                cap[k, lo:hi] = np.maximum(cap[k, lo:hi], 0)
    if problems:
        raise InfeasibleInputError(problems)
    n = p.n
    succ = np.repeat(np.arange(n, dtype=np.int64), np.diff(p.pred_ptr))
    return RcpspArrays.make(p.duration, p.pred_idx, succ, p.pred_off, p.demand, cap)


def statused_schedule(
    solve: Callable[..., Any],
    network: Network,
    resources: Iterable[Resource],
    options: Any,
    actuals: Any,
    statusing: str,
    start: dt.date | None,
    calendar: WorkCalendar | None,
    data_date: dt.date | float | None,
) -> Any:
    """:func:`~pmokit.scheduling.resource_constrained_schedule` with progress (see the
    module notes); ``solve`` is its engine on a network without progress."""
    from pmokit.scheduling._cpm import schedule

    cr_full = compile_resources(network, resources)  # every demand checked, in full
    res = cr_full.resources
    base = schedule(network, start=start, calendar=calendar, actuals=actuals,
                    data_date=data_date, statusing=statusing)  # type: ignore[arg-type]
    st = base._status
    if st is None:  # pragma: no cover - actuals given: schedule() statuses
        raise ValidationError("the progress could not be statused")
    c = network.compiled
    started = np.asarray(st.started, dtype=bool)
    finished = np.asarray(st.finished, dtype=bool)
    lp, ls_, lt = c.link_pred, c.link_succ, c.link_type
    if statusing != "progress_override":
        bad = np.flatnonzero(~started[lp] & started[ls_] & ~finished[ls_])
        if bad.size:
            raise ValidationError([
                f"activity {c.ids[int(ls_[k])]!r} is in progress but its predecessor "
                f"{c.ids[int(lp[k])]!r} has not started (out-of-sequence progress): under "
                "retained logic its remaining work would move with that predecessor, "
                "which resource-constrained scheduling keeps fixed; use "
                "statusing='progress_override'"
                for k in bad[:20].tolist()
            ])
    keep = ~started
    es, ef = base.early_start, base.early_finish
    # what started and finished work requires of the work not started, link by link
    release = np.zeros(c.n)
    into = np.flatnonzero(started[lp] & keep[ls_])
    for k in into.tolist():
        p_, j, t = int(lp[k]), int(ls_[k]), int(lt[k])
        ref = (ef[p_] if t in (0, 2) else es[p_]) + float(c.link_lag[k])
        release[j] = max(release[j], ref - (c.duration[j] if t in (2, 3) else 0.0))
    dd = st.data_date
    acts = [a for a, k in zip(network.activities, keep.tolist(), strict=True) if k]
    link_keep = keep[lp] & keep[ls_]
    deps = [d for d, k in zip(network.dependencies, link_keep.tolist(), strict=True) if k]
    sub = Network(acts, deps)
    rem = base.remaining_early_start
    busy = [(i, float(max(rem[i], dd if dd is not None else rem[i])), float(ef[i]))
            for i in np.flatnonzero(started & ~finished).tolist() if ef[i] > rem[i]]
    inner = solve(sub, res, options, start, calendar, dd, release[keep],
                  (lambda cr: _fixed_usage(cr, network, busy)) if busy else None)
    from pmokit.scheduling._rcpsp_windows import time_windows

    full = time_windows(network, c.duration, 1, start=start, calendar=calendar)
    out = _assemble(inner, network, res, keep, es, ef, busy, base)
    deadline = np.where(keep, out.deadline, full.deadline)
    deadline.setflags(write=False)
    return attrs.evolve(out, deadline=deadline)


def _assemble(inner: Any, network: Network, res: tuple[Resource, ...], keep: Any,
              es: FloatArray, ef: FloatArray, busy: list[tuple[int, float, float]],
              base: Any) -> Any:
    """The result on the whole network: started and finished work at its statused dates
    (no delay), the usage of work in progress added from its remaining start."""
    n = len(keep)
    start = np.array(es, dtype=np.float64)
    finish = np.array(ef, dtype=np.float64)
    start[keep] = inner.start
    finish[keep] = inner.finish
    delay = np.zeros(n)
    delay[keep] = inner.delay
    release = np.array(es, dtype=np.float64)
    release[keep] = inner.release
    deadline = np.full(n, np.inf)
    deadline[keep] = inner.deadline
    pushed: list[tuple[Id, ...]] = [()] * n
    for i, row in zip(np.flatnonzero(keep).tolist(), inner.pushed_by, strict=True):
        pushed[i] = row
    period = float(inner.period)
    ts = round(1.0 / period)
    makespan = float(finish.max(initial=0.0))
    slots = math.ceil(makespan * ts - 1e-9)
    usage = np.zeros((len(res), slots))
    usage[:, : inner.usage.shape[1]] = inner.usage
    rid = {r.id: k for k, r in enumerate(res)}
    for i, a, b in busy:
        lo, hi = math.floor(a * ts + 1e-9), math.ceil(b * ts - 1e-9)
        for name, units in network.activities[i].demands.items():
            usage[rid[name], lo:hi] += float(units)
    cap = np.empty((len(res), slots))
    for k, r in enumerate(res):
        cap[k] = [r.capacity_at(int(t // ts)) for t in range(slots)] if r.varies else r.tail
    bound = max(float(inner.lower_bound), float(base.project_duration))
    for x in (start, finish, delay, release, deadline, usage, cap):
        x.setflags(write=False)
    return attrs.evolve(
        inner, network=network, ids=network.ids, start=start, finish=finish,
        makespan=makespan, usage=usage, capacity=cap,
        critical_path_bound=max(float(inner.critical_path_bound),
                                float(base.project_duration)),
        lower_bound=bound, delay=delay, pushed_by=tuple(pushed), release=release,
        deadline=deadline,
    )
