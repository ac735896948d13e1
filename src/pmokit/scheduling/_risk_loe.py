"""Level-of-effort activities in the Monte Carlo schedule risk analysis.

An LOE spans the activities it links to and drives nothing (P6), so in each iteration its
dates follow the sampled dates of those activities. ``simulate`` runs on the network
without its LOEs and their links, plus one *probe* per activity end an LOE reads: a
zero-duration activity linked start-to-start (the activity's start) or finish-to-finish
(its finish) without lag, recorded as a milestone. A probe has no successor, finishes no
later than the activity it reads and binds none of its late dates, so it changes no
finish, no criticality and no draw. Each LOE's start and finish per iteration are then
spanned from the probes by the rule of :func:`~pmokit.scheduling.schedule` (the earliest
start its start links give, the latest finish its other links give, each with its lag).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np

from pmokit._typing import FloatArray, Id
from pmokit.errors import ValidationError
from pmokit.scheduling._network import Activity, Dependency, Network

__all__ = ["simulate_level_of_effort"]

_START, _FINISH = 0, 1


def _refusals(network: Network, is_loe: Any, uncertainty: Any, kw: Mapping[str, Any]
              ) -> list[str]:
    """What cannot be asked of an LOE in ``simulate``, each named with the reason."""
    loe_ids = {network.ids[i] for i in np.flatnonzero(is_loe).tolist()}
    out: list[str] = []
    why = "its duration follows the activities it spans in each iteration"
    for aid in uncertainty if isinstance(uncertainty, Mapping) else ():
        if aid in loe_ids:
            out.append(f"'uncertainty' names level-of-effort activity {aid!r}: {why}; give "
                       "the distribution to those activities instead")
    for r in kw.get("risks") or ():
        for aid in getattr(r, "activities", ()):
            if aid in loe_ids:
                out.append(f"risk {getattr(r, 'id', r)!r} is mapped onto level-of-effort "
                           f"activity {aid!r}: {why}")
    corr = kw.get("correlation")
    for aid in getattr(corr, "ids", ()) or ():
        if aid in loe_ids:
            out.append(f"'correlation' names level-of-effort activity {aid!r}: {why}")
    costs = kw.get("costs")
    if costs is not None:
        keys = (list(costs.keys()) if isinstance(costs, Mapping)
                else [*getattr(costs, "fixed", {}), *getattr(costs, "rates", {})])
        for aid in keys:
            if aid in loe_ids:
                out.append(f"'costs' names level-of-effort activity {aid!r}: costs of an "
                           "LOE's span are not modelled yet; put them on the activities "
                           "it spans")
    for i in np.flatnonzero(is_loe).tolist():
        if network.activities[i].calendar is not None:  # as simulate refuses for a task
            out.append(f"level-of-effort activity {network.ids[i]!r} has its own calendar, "
                       "which simulate does not model (its span would be counted on the "
                       "project calendar); remove it to simulate on the project calendar")
    c = network.compiled
    if c.link_lag_kind is not None:
        pct = np.flatnonzero(c.link_lag_percent
                             & (is_loe[c.link_pred] | is_loe[c.link_succ])).tolist()
        if pct:
            shown = ", ".join(f"{c.ids[int(c.link_pred[k])]!r} -> {c.ids[int(c.link_succ[k])]!r}"
                              for k in pct[:5])
            out.append("simulate does not support percent lags on links to or from "
                       "level-of-effort activities yet (a span is placed from its links' "
                       "sampled dates, not from the sampled durations the shares follow); "
                       f"got {len(pct)} on the links {shown}")
    from pmokit.scheduling._wbs import level_of_effort_constraints

    out.extend(level_of_effort_constraints(network, "simulate"))
    if kw.get("actuals") is not None or kw.get("data_date") is not None:
        out.append("simulate does not support level-of-effort activities with progress yet "
                   f"(got {sorted(map(str, loe_ids))[:10]}): their spans over the remaining "
                   "work are not sampled; leave them out")
    return out


def simulate_level_of_effort(
    run: Callable[..., Any], network: Network, uncertainty: Any, kw: dict[str, Any]
) -> Any:
    """:func:`~pmokit.scheduling.simulate` of a network with LOE activities (``run`` is
    ``simulate``, ``kw`` its keywords): see the module notes."""
    from pmokit.scheduling._wbs import level_of_effort, without_level_of_effort

    is_loe = level_of_effort(network)
    problems = _refusals(network, is_loe, uncertainty, kw)
    if problems:
        raise ValidationError(problems)
    reduced, _ = without_level_of_effort(network, "simulate")
    c = network.compiled
    ids = set(network.ids)
    probes: dict[tuple[int, int], Id] = {}

    def probe(x: int, end: int) -> None:
        if (x, end) not in probes:
            k = len(probes)
            pid = f"__loe_probe_{k}"
            while pid in ids:
                pid += "_"
            probes[(x, end)] = pid

    from_fin, to_fin = c.link_from_finish, c.link_to_finish  # (LINK_RULES)
    for i in np.flatnonzero(is_loe).tolist():
        for k in c.pred_link[c.pred_ptr[i]:c.pred_ptr[i + 1]].tolist():
            p = int(c.link_pred[k])
            if not is_loe[p]:
                probe(p, _FINISH if from_fin[k] else _START)
        for k in c.succ_link[c.succ_ptr[i]:c.succ_ptr[i + 1]].tolist():
            q = int(c.link_succ[k])
            if not is_loe[q]:
                probe(q, _FINISH if to_fin[k] else _START)
    acts = [*reduced.activities, *(Activity(pid, 0.0) for pid in probes.values())]
    deps = [*reduced.dependencies,
            *(Dependency(c.ids[x], pid, "SS" if end == _START else "FF")
              for (x, end), pid in probes.items())]
    asked = kw.get("milestones")
    if asked is None:  # the default: activities of planned duration 0, no LOE
        milestones = [a for i, a in enumerate(c.ids) if c.duration[i] == 0 and not is_loe[i]]
    else:
        milestones = list(dict.fromkeys(asked))
    real = [m for m in milestones if m not in network or not is_loe[c.index[m]]]
    inner_kw = dict(kw, milestones=[*real, *probes.values()])
    res = run(Network(acts, deps), uncertainty, **inner_kw)
    row = {m: k for k, m in enumerate(res.milestone_ids)}
    times = {key: res.milestone_finish[row[pid]] for key, pid in probes.items()}
    size = res.finish.size
    loe_s: dict[int, FloatArray] = {}
    loe_f: dict[int, FloatArray] = {}
    for i in [j for j in c.order.tolist() if is_loe[j]]:
        starts: list[FloatArray] = []
        finishes: list[FloatArray] = []
        for k in c.pred_link[c.pred_ptr[i]:c.pred_ptr[i + 1]].tolist():
            p, g = int(c.link_pred[k]), float(c.link_lag[k])
            end = _FINISH if from_fin[k] else _START
            if is_loe[p]:
                if p not in loe_f:
                    continue
                at = (loe_f if end == _FINISH else loe_s)[p]
            else:
                at = times[(p, end)]
            (finishes if to_fin[k] else starts).append(at + g)
        for k in c.succ_link[c.succ_ptr[i]:c.succ_ptr[i + 1]].tolist():
            q, g = int(c.link_succ[k]), float(c.link_lag[k])
            end = _FINISH if to_fin[k] else _START
            if is_loe[q]:
                if q not in loe_f:
                    continue
                at = (loe_f if end == _FINISH else loe_s)[q]
            else:
                at = times[(q, end)]
            (finishes if from_fin[k] else starts).append(at - g)
        s_i = np.minimum.reduce(starts) if starts else np.zeros(size)
        f_i = np.maximum.reduce(finishes) if finishes else s_i
        loe_s[i] = s_i
        loe_f[i] = np.maximum(f_i, s_i)
    return _assemble(res, network, is_loe, loe_s, loe_f, milestones, row)


def _assemble(res: Any, network: Network, is_loe: Any, loe_s: dict[int, FloatArray],
              loe_f: dict[int, FloatArray], milestones: list[Id], row: dict[Id, int]) -> Any:
    """The result on the network's ids: the inner result's rows for the other
    activities; for an LOE, no criticality, cruciality or sensitivity (it drives
    nothing: 0, or NaN where not computed) and the statistics of its spanned duration."""
    c = network.compiled
    inner_index = {a: k for k, a in enumerate(res.ids)}
    n = c.n
    fields: dict[str, FloatArray] = {}
    for name in ("criticality", "cruciality", "sensitivity", "duration_mean", "duration_std"):
        src = getattr(res, name)
        out = np.empty(n)
        for i, a in enumerate(c.ids):
            if is_loe[i]:
                d = loe_f[i] - loe_s[i]
                if name == "duration_mean":
                    out[i] = float(d.mean())
                elif name == "duration_std":
                    out[i] = float(d.std(ddof=1)) if d.size > 1 else 0.0
                else:
                    out[i] = np.nan if np.isnan(src).all() else 0.0
            else:
                out[i] = src[inner_index[a]]
        out.setflags(write=False)
        fields[name] = out
    ms = np.empty((len(milestones), res.finish.size))
    for k, m in enumerate(milestones):
        i = c.index[m]
        ms[k] = loe_f[i] if is_loe[i] else res.milestone_finish[row[m]]
    ms.setflags(write=False)
    return attrs.evolve(res, ids=c.ids, milestone_ids=tuple(milestones), milestone_finish=ms,
                        **fields)
