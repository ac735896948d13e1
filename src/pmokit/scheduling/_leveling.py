"""Resource levelling within float (Burgess-style smoothing of the usage profile)."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import display, records_to_frame
from pmokit._typing import FloatArray, Id, IntArray
from pmokit._validation import Problems, check_choice, check_flag
from pmokit.errors import ValidationError
from pmokit.scheduling._bounds import start_bounds
from pmokit.scheduling._cpm import Schedule, schedule
from pmokit.scheduling._network import Network
from pmokit.scheduling._rcpsp import ResourceSchedule
from pmokit.scheduling._resources import Resource, compile_resources
from pmokit.scheduling._resultbase import ActivityMapping

__all__ = ["LevelledSchedule", "level"]

Objective = Literal["squares", "peak"]


def _ro(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.setflags(write=False)
    return a


@display("makespan", "peak_before", "peak", "passes", "ids")
@attrs.frozen(eq=False)
class LevelledSchedule(ActivityMapping):
    """Starts after levelling, with the usage profiles before and after.

    Attributes
    ----------
    network
        The network.
    ids
        Activity ids (arrays are aligned with them).
    resource_ids
        Resource ids (rows of the usage arrays and entries of the peak arrays).
    start, finish
        New start and finish of each activity [working days].
    shift
        New start minus the start before levelling [working days].
    makespan
        Finish of the levelled schedule [working days].
    deadline
        The latest finish allowed [working days].
    period
        Length of one usage column [working days].
    usage_before, usage
        Units in use per resource and period before and after, shape (resources,
        periods) [units].
    peak_before, peak
        Largest usage per resource before and after [units].
    squares_before, squares
        Sum over resources and periods of the squared usage, before and after
        [units^2 x periods] (the Burgess measure: lower is smoother). Never higher
        after than before with ``objective="squares"``; with ``"peak"`` higher only if
        the sum of ``peak`` is lower than the sum of ``peak_before``.
    passes
        Passes over the activities until nothing moved (or the limit).
    """

    network: Network
    ids: tuple[Id, ...]
    resource_ids: tuple[Id, ...]
    start: FloatArray
    finish: FloatArray
    shift: FloatArray
    makespan: float
    deadline: float
    period: float
    usage_before: FloatArray
    usage: FloatArray
    peak_before: FloatArray
    peak: FloatArray
    squares_before: float
    squares: float
    passes: int

    @property
    def moved(self) -> tuple[Id, ...]:
        """Ids of the activities that moved."""
        return tuple(self.ids[i] for i in np.flatnonzero(self.shift != 0))

    def _row(self, i: int) -> dict[str, Any]:
        return {
            "id": self.ids[i],
            "start": float(self.start[i]),
            "finish": float(self.finish[i]),
            "shift": float(self.shift[i]),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per activity: id, start, finish, shift."""
        return [self._row(i) for i in range(len(self.ids))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def _usage(starts: IntArray, dur: IntArray, dem: IntArray, horizon: int) -> IntArray:
    use = np.zeros((horizon + 1, dem.shape[1]), dtype=np.int64)
    np.add.at(use, starts, dem)
    np.add.at(use, starts + dur, -dem)
    result: IntArray = np.cumsum(use, axis=0)[:horizon].T.copy()
    return result


def level(
    source: Network | Schedule | ResourceSchedule,
    resources: Iterable[Resource],
    *,
    keep_finish: bool = True,
    deadline: float | None = None,
    objective: Objective = "squares",
    max_passes: int = 20,
) -> LevelledSchedule:
    """Smooth resource usage by moving activities within their float.

    Starting from the early-start schedule of a network (or the starts of a CPM or
    resource-constrained schedule), activities are taken latest-first and each is moved
    to the start in its window (between its scheduled predecessors and successors, and
    finishing by the deadline) that lowers the objective most; passes repeat until
    nothing moves (Burgess & Killebrew 1962). A move is accepted only if it lowers the
    objective, raises no resource's peak and, for a resource whose capacity the schedule
    respected, keeps every period within capacity; so levelling never raises a peak and
    keeps a resource-feasible schedule feasible. Date constraints (SNET, SNLT, FNET, FNLT,
    MSO, MFO) also bound the moves (for a :class:`ResourceSchedule` source, its
    ``release`` and ``deadline``: the constraints and its data date); an activity whose
    source start breaks its constraint is not moved. Level-of-effort activities
    (``kind="loe"``) are never moved and bound nothing: the others are levelled without
    them and their links, and each LOE then spans the activities it links to (as
    :func:`schedule` spans it).

    What the result guarantees, for either objective: the finish is not later than the
    source's (or the deadline), no resource's peak rises, links and date constraints
    hold, and a capacity the source respected is still respected. With
    ``objective="squares"`` the sum of squares never rises (``squares <=
    squares_before``). With ``objective="peak"`` every move lowers the pair (sum of
    peaks, sum of squares) in lexicographic order, so the sum of the peaks never rises
    and the sum of squares may rise, but only when the sum of the peaks falls: lowering
    one resource's peak can fill another resource's quieter periods.

    Parameters
    ----------
    source
        A :class:`Network` (levelled from its early starts), a :class:`Schedule` (early
        starts) or a :class:`ResourceSchedule` (its starts).
    resources
        The resources to level (activities' demands name them); their capacities are
        kept where the source respects them.
    keep_finish
        Keep the project finish (default). With False, ``deadline`` gives the latest
        allowed finish.
    deadline
        Latest finish [working days] when ``keep_finish`` is False; must not be before
        the source's finish.
    objective
        ``"squares"``: minimise the sum of squared usage (Burgess); ``"peak"``: minimise
        the sum of the resources' peaks [units], then (on a tie) the sum of squares; the
        squares may then end above ``squares_before`` when the peaks fell (see above).
    max_passes
        Limit on passes over the activities.

    Returns
    -------
    LevelledSchedule

    Raises
    ------
    ValidationError
        Bad options, a source of the wrong type, or ``deadline`` missing or too early; a
        level-of-effort activity with demands, a dated constraint or no links (named,
        with the reason: its usage would follow a span that leveling decides).
    UnknownReferenceError, InfeasibleInputError
        As for :func:`resource_constrained_schedule`.

    References
    ----------
    Burgess, A. R. & Killebrew, J. B. (1962), "Variation in activity level on a cyclical
    arrow diagram", Journal of Industrial Engineering 13:76-83.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Network, Resource
    >>> net = Network([Activity("X", 2, demands={"dev": 2}),
    ...                Activity("Y", 2, demands={"dev": 2}), Activity("Z", 4)])
    >>> lv = level(net, [Resource("dev", 4)])
    >>> lv.usage_before.tolist(), lv.usage.tolist()
    ([[4.0, 4.0, 0.0, 0.0]], [[2.0, 2.0, 2.0, 2.0]])
    >>> lv.moved, lv.makespan, lv.peak.tolist()
    (('X',), 4.0, [2.0])
    """
    p = Problems()
    try:
        check_choice(objective, "objective", ("squares", "peak"))
    except ValidationError as exc:
        p.extend(exc.problems)
    if isinstance(max_passes, bool) or not isinstance(max_passes, numbers.Integral) or (
        max_passes < 1
    ):
        p.add(f"'max_passes' must be an int >= 1 (got {max_passes!r})")
    try:
        check_flag(keep_finish, "keep_finish")
    except ValidationError as exc:
        p.extend(exc.problems)
    if keep_finish is False and deadline is None:
        p.add("'deadline' is needed when keep_finish is False (got None)")
    if deadline is not None:
        p.check_number(deadline, "deadline", minimum=0.0)
    origin, calendar = None, None
    windows: tuple[FloatArray, FloatArray] | None = None
    if isinstance(source, Network):
        network = source
        start_days = schedule(source).early_start
    elif isinstance(source, Schedule):
        network = source.network
        start_days = source.early_start
        origin, calendar = source.start, source.calendar
    elif isinstance(source, ResourceSchedule):
        network = source.network
        start_days = source.start
        windows = (np.asarray(source.release), np.asarray(source.deadline))
    else:
        p.add(
            "'source' must be a Network, Schedule or ResourceSchedule "
            f"(got {source!r} that is a {type(source).__name__})"
        )
    p.raise_if_any()
    from pmokit.scheduling._wbs import (
        level_of_effort,
        span_level_of_effort,
        without_level_of_effort,
    )

    if level_of_effort(network).any():
        reduced, keep = without_level_of_effort(network, "level", demands=True,
                                                constraints=True)
        before = np.asarray(start_days, dtype=np.float64)
        inner = _level(reduced, before[keep], origin, calendar, resources, keep_finish,
                       deadline, objective, max_passes,
                       None if windows is None else (windows[0][keep], windows[1][keep]))
        # each LOE spans what it links to, before and after (it is never moved itself)
        s0, _ = span_level_of_effort(network, keep, before[keep],
                                     before[keep] + reduced.compiled.duration)
        s1, f1 = span_level_of_effort(network, keep, inner.start, inner.finish)
        return attrs.evolve(inner, network=network, ids=network.ids, start=_ro(s1),
                            finish=_ro(f1), shift=_ro(s1 - s0))
    return _level(network, start_days, origin, calendar, resources, keep_finish, deadline,
                  objective, max_passes, windows)


def _level(
    network: Network,
    start_days: Any,
    origin: Any,
    calendar: Any,
    resources: Iterable[Resource],
    keep_finish: bool,
    deadline: float | None,
    objective: Objective,
    max_passes: int,
    windows: tuple[FloatArray, FloatArray] | None = None,
) -> LevelledSchedule:
    """:func:`level` on a network without level-of-effort activities (validated);
    ``windows``: the release times and deadlines of a resource-constrained source."""
    p = Problems()
    cr = compile_resources(network, resources)
    arr = cr.arrays
    ts = cr.time_scale
    d = arr.duration
    dem = arr.demand
    s0 = np.round(np.asarray(start_days) * ts).astype(np.int64)
    finish0 = int((s0 + d).max(initial=0))
    if keep_finish or deadline is None:
        dl = finish0
    else:
        dl = math.floor(float(deadline) * ts + 1e-9)
        if dl < finish0:
            raise ValidationError(
                f"'deadline' must not be before the source's finish of {finish0 / ts:g} "
                f"working days (got {deadline!r})"
            )
    horizon = max(dl, 1)
    t0 = arr.capacity.shape[1]
    cap = np.empty((arr.n_resources, horizon), dtype=np.int64)
    cap[:, : min(t0, horizon)] = arr.capacity[:, :horizon]
    cap[:, t0:] = arr.capacity[:, -1:]
    # date constraints (SNET ... MFO) bound each start; an activity whose source start
    # breaks its constraint stays where it is
    c_lo = np.zeros(arr.n, dtype=np.int64)
    c_hi = np.full(arr.n, np.iinfo(np.int64).max // 4, dtype=np.int64)
    if windows is not None:  # the windows the resource-constrained source honoured
        lower, upper = windows[0], windows[1] - network.compiled.duration
    elif network.constraints:
        lower, upper, _ = start_bounds(network, origin, calendar, p)
        p.raise_if_any()
    if windows is not None or network.constraints:
        c_lo = np.maximum(np.ceil(lower * ts - 1e-9), 0).astype(np.int64)
        fin = np.isfinite(upper)
        c_hi[fin] = np.floor(upper[fin] * ts + 1e-9).astype(np.int64)
    s = s0.copy()
    use = _usage(s, d, dem, horizon)
    use0 = use.copy()
    peak0 = use.max(axis=1) if horizon else np.zeros(arr.n_resources, dtype=np.int64)
    feasible: npt.NDArray[np.bool_] = np.asarray((use <= cap).all(axis=1))
    limit = np.where(feasible[:, None], np.minimum(cap, peak0[:, None]), peak0[:, None])
    weight = 1.0 / cr.unit_scale**2  # compare squares in real units
    movable = np.flatnonzero((d > 0) & (dem > 0).any(axis=1))
    passes = 0
    for passes in range(1, int(max_passes) + 1):  # noqa: B007 - reported
        changed = False
        for j in movable[np.argsort(-s[movable], kind="stable")].tolist():
            lo = int(c_lo[j])
            for k in range(arr.pred_ptr[j], arr.pred_ptr[j + 1]):
                lo = max(lo, int(s[arr.pred_idx[k]] + arr.pred_off[k]))
            hi = min(dl - int(d[j]), int(c_hi[j]))
            for k in range(arr.succ_ptr[j], arr.succ_ptr[j + 1]):
                hi = min(hi, int(s[arr.succ_idx[k]] - arr.succ_off[k]))
            if hi <= lo or not lo <= s[j] <= hi:
                continue
            best = _best_start(use, limit, weight, dem[j], int(d[j]), int(s[j]), lo, hi,
                               objective)
            if best != s[j]:
                dj = int(d[j])
                use[:, s[j] : s[j] + dj] -= dem[j][:, None]
                use[:, best : best + dj] += dem[j][:, None]
                s[j] = best
                changed = True
        if not changed:
            break
    ms = int((s + d).max(initial=0))
    sq0 = float((weight[:, None] * use0.astype(np.float64) ** 2).sum())
    sq = float((weight[:, None] * use.astype(np.float64) ** 2).sum())
    unit = cr.unit_scale[:, None]
    return LevelledSchedule(
        network=network,
        ids=network.ids,
        resource_ids=tuple(r.id for r in cr.resources),
        start=_ro(s / ts),
        finish=_ro((s + d) / ts),
        shift=_ro((s - s0) / ts),
        makespan=ms / ts,
        deadline=dl / ts,
        period=1.0 / ts,
        usage_before=_ro(use0[:, :finish0] / unit),
        usage=_ro(use[:, :ms] / unit),
        peak_before=_ro(peak0 / cr.unit_scale),
        peak=_ro((use.max(axis=1) if horizon else peak0) / cr.unit_scale),
        squares_before=sq0,
        squares=sq,
        passes=passes,
    )


def _best_start(
    use: IntArray,
    limit: IntArray,
    weight: FloatArray,
    q: IntArray,
    dj: int,
    cur: int,
    lo: int,
    hi: int,
    objective: str,
) -> int:
    """The start in [lo, hi] with the lowest objective that breaks no limit (else cur)."""
    rs = np.flatnonzero(q > 0)
    base = use[rs].copy()
    base[:, cur : cur + dj] -= q[rs][:, None]
    seg = base[:, lo : hi + dj].astype(np.float64)
    qr = q[rs].astype(np.float64)[:, None]
    w = weight[rs][:, None]
    # sum of squares change of placing the activity at each candidate start
    g = (w * (2.0 * qr * seg + qr**2)).sum(axis=0)
    c = np.concatenate([[0.0], np.cumsum(g)])
    cand = np.arange(hi - lo + 1)
    sq = c[cand + dj] - c[cand]
    over = (seg + qr > limit[rs, lo : hi + dj]).any(axis=0)
    co = np.concatenate([[0], np.cumsum(over)])
    ok = co[cand + dj] == co[cand]
    if objective == "peak":
        win = np.lib.stride_tricks.sliding_window_view(seg, dj, axis=1)[:, : cand.size]
        inside = win.max(axis=2) + qr
        pre = np.maximum.accumulate(base, axis=1)
        suf = np.maximum.accumulate(base[:, ::-1], axis=1)[:, ::-1]
        full = base.shape[1]
        starts = lo + cand
        left = np.where(starts > 0, pre[:, np.maximum(starts - 1, 0)], 0)
        right = np.where(starts + dj < full, suf[:, np.minimum(starts + dj, full - 1)], 0)
        peak = (np.maximum(np.maximum(left, right), inside) * np.sqrt(w)).sum(axis=0)
        key = np.lexsort((sq, peak))
        key = key[ok[key]]
        if key.size == 0:
            return cur
        bi = int(key[0])
        ci = cur - lo
        if peak[bi] < peak[ci] - 1e-12 or (
            peak[bi] <= peak[ci] + 1e-12 and sq[bi] < sq[ci] - 1e-9
        ):
            return lo + bi
        return cur
    sq_ok = np.where(ok, sq, np.inf)
    bi = int(sq_ok.argmin())
    if sq_ok[bi] < sq[cur - lo] - 1e-9:
        return lo + bi
    return cur
