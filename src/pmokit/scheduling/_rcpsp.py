"""Resource-constrained project scheduling (RCPSP): heuristics measured on PSPLIB."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import math
import numbers
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._executor import Shared, check_executor
from pmokit._progress import Progress, ProgressLike, check_progress
from pmokit._random import RngLike, as_generator
from pmokit._results import display, records_to_frame
from pmokit._typing import FloatArray, Id, IntArray, StopReason
from pmokit._validation import Problems, check_choice, check_flag
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling._network import Network, day_lag_problems
from pmokit.scheduling._rcpsp_search import SearchJob, run_searches
from pmokit.scheduling._rcpsp_windows import time_windows, with_windows
from pmokit.scheduling._resources import CompiledResources, Resource, compile_resources
from pmokit.scheduling._resultbase import ActivityMapping
from pmokit.scheduling._sgs import (
    PRIORITY_RULES,
    RcpspArrays,
    backward_problem,
    cpm_times,
    fbi,
    late_weight,
    list_from_priority,
    makespans,
    parallel_sgs,
    priority_values,
    serial_sgs,
)
from pmokit.scheduling._status import Statusing

if TYPE_CHECKING:
    from pmokit.scheduling._status import Progress as StatusProgress

__all__ = ["ResourceSchedule", "resource_constrained_schedule"]


Method = Literal["ga", "sampling", "serial", "parallel"]
METHODS = ("ga", "sampling", "serial", "parallel")


def _ro(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.setflags(write=False)
    return a


@display("makespan", "lower_bound", "gap", "method", "stopped", "schedules", "delayed", "late")
@attrs.frozen(eq=False)
class ResourceSchedule(ActivityMapping):
    """A resource-feasible schedule with its bounds and the reasons for delays.

    Times are offsets from the project start [working days]; arrays are aligned with
    :attr:`ids` (activities) and :attr:`resource_ids` (resources).

    Attributes
    ----------
    network
        The scheduled network.
    ids
        Activity ids.
    resource_ids
        Resource ids, in the order of the rows of :attr:`usage` and :attr:`capacity`.
    start, finish
        Start and finish of each activity [working days].
    makespan
        Project duration [working days].
    period
        Length of one column of :attr:`usage` [working days] (1 unless durations needed
        a finer grid).
    usage
        Units in use per resource and period, shape (resources, periods) [units].
    capacity
        Capacity per resource and period, same shape [units].
    critical_path_bound
        Project duration with unlimited resources [working days].
    resource_bound
        Earliest time by which the capacity could deliver the total work of the most
        loaded resource [working days].
    lower_bound
        The larger of the two bounds: no schedule can be shorter [working days].
    delay
        How much later each activity starts than its scheduled predecessors and its
        release time allow [working days]: 0 for activities not held back by resources
        (the parallel scheme's clock only moves forward, so there an activity whose
        predecessors allow a start before the time they were scheduled, through
        negative offsets, waits for that time too, with an empty ``pushed_by``).
    pushed_by
        Per activity, the ids of the resources that lacked capacity for an earlier
        start (empty when not delayed).
    method
        The method used.
    schedules
        Number of schedules generated (each forward or backward pass counts one).
    stopped
        Why the search stopped: ``"budget"``, ``"lower_bound"`` (optimal: it met the
        lower bound), ``"time_limit"``, ``"single_pass"`` or ``"callback"`` (a
        ``progress`` callback asked to stop: the best schedule found so far).
    release
        Earliest start allowed per activity by its date constraint and the data date
        [working days] (0 where none).
    deadline
        Latest finish asked per activity by its date constraint [working days] (``inf``
        where none); see :attr:`lateness` and :attr:`late`.
    """

    network: Network
    ids: tuple[Id, ...]
    resource_ids: tuple[Id, ...]
    start: FloatArray
    finish: FloatArray
    makespan: float
    period: float
    usage: FloatArray
    capacity: FloatArray
    critical_path_bound: float
    resource_bound: float
    lower_bound: float
    delay: FloatArray
    pushed_by: tuple[tuple[Id, ...], ...]
    method: str
    schedules: int
    stopped: StopReason
    release: FloatArray
    deadline: FloatArray

    @property
    def lateness(self) -> FloatArray:
        """How far each activity finishes after its deadline [working days] (0 if not,
        or without a deadline)."""
        late: FloatArray = np.where(np.isfinite(self.deadline),
                                    np.maximum(self.finish - self.deadline, 0.0), 0.0)
        return late

    @property
    def late(self) -> tuple[Id, ...]:
        """Ids of the activities that finish after their deadline (resources could not
        meet it: the search prefers the least total lateness, then the shortest
        makespan)."""
        return tuple(self.ids[i] for i in np.flatnonzero(self.lateness > 1e-9))

    @property
    def gap(self) -> float:
        """Relative distance of the makespan above the lower bound (0.1 = 10 %)."""
        if self.lower_bound <= 0:
            return 0.0
        return (self.makespan - self.lower_bound) / self.lower_bound

    @property
    def delayed(self) -> tuple[Id, ...]:
        """Ids of the activities held back by resources."""
        return tuple(self.ids[i] for i in np.flatnonzero(self.delay > 0))

    def _row(self, i: int) -> dict[str, Any]:
        return {
            "id": self.ids[i],
            "start": float(self.start[i]),
            "finish": float(self.finish[i]),
            "delay": float(self.delay[i]),
            "pushed_by": ", ".join(map(str, self.pushed_by[i])),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per activity: id, start, finish, delay, pushed_by."""
        return [self._row(i) for i in range(len(self.ids))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


class _MakespanProgress(Progress):
    """Reports the makespan as ``best`` where the searches minimise lateness first (their
    objective is the makespan plus ``weight`` slots per slot of lateness)."""

    __slots__ = ("_scale", "_weight")

    def __init__(self, progress: ProgressLike, total: int, weight: int, scale: int) -> None:
        super().__init__(progress, total, desc="RCPSP", unit="schedule")
        self._weight = weight
        self._scale = scale

    def update(self, done: int, best: float | None = None) -> bool:
        """As :meth:`Progress.update`, with ``best`` the makespan [working days]."""
        if best is not None:
            best = (round(best * self._scale) % self._weight) / self._scale
        return super().update(done, best)


def _bounds(cr: CompiledResources, p: RcpspArrays) -> tuple[int, int]:
    """Critical-path and resource bounds [slots] (``p``: the problem with its windows).

    The resource bound uses the true demands and capacities (not the integer grid, which
    rounds inexact ones conservatively), so it never exceeds the true optimum; it
    ignores release times (still a bound).
    """
    es, _ = cpm_times(p)
    cpm = int((es + p.duration).max(initial=0))
    n = cr.arrays.n
    work = (p.duration[:n, None] * cr.demand_units).sum(axis=0)
    rb = 0
    for k in range(p.n_resources):
        if work[k] <= 0:
            continue
        need = work[k] - 1e-9 * max(1.0, work[k])
        cap = cr.capacity_units[k]
        cum = np.cumsum(cap)
        if cum[-1] >= need:
            t = int(np.searchsorted(cum, need)) + 1
        else:
            t = cap.size + math.ceil((need - cum[-1]) / float(cap[-1]))
        rb = max(rb, t)
    return cpm, rb


def _pushed(
    cr: CompiledResources, p: RcpspArrays, s: IntArray
) -> tuple[IntArray, tuple[tuple[Id, ...], ...]]:
    """Delay per activity [slots] and the resources that blocked an earlier start
    (``p``: the problem with its windows; a release time counts as a predecessor)."""
    n = p.n
    d = p.duration
    es = np.zeros(n, dtype=np.int64)
    for j in range(n):
        a, b = p.pred_ptr[j], p.pred_ptr[j + 1]
        if b > a:
            es[j] = max(0, int((s[p.pred_idx[a:b]] + p.pred_off[a:b]).max()))
    delay = s - es
    horizon = int((s + d).max(initial=0)) + 1
    use = np.zeros((horizon + 1, p.n_resources), dtype=np.int64)
    np.add.at(use, s, p.demand)
    np.add.at(use, s + d, -p.demand)
    use = np.cumsum(use, axis=0)[:horizon]
    cap = np.empty((horizon, p.n_resources), dtype=np.int64)
    t0 = p.capacity.shape[1]
    cap[: min(t0, horizon)] = p.capacity.T[:horizon]
    cap[t0:] = p.capacity[:, -1]
    ids = tuple(r.id for r in cr.resources)
    out: list[tuple[Id, ...]] = []
    for j in range(n):
        if delay[j] <= 0 or d[j] == 0:
            out.append(())
            continue
        other = use.copy()
        other[s[j] : s[j] + d[j]] -= p.demand[j]
        over = other + p.demand[j] > cap  # slot-resource pairs that cannot take j
        lo, hi = int(es[j]), int(s[j] + d[j] - 1)
        blocked = over[lo:hi].any(axis=0) & (p.demand[j] > 0)
        out.append(tuple(ids[k] for k in np.flatnonzero(blocked)))
    return delay, tuple(out)


def _jobs(
    arr: RcpspArrays,
    method: str,
    schedules: int,
    searches: int,
    gen: np.random.Generator,
    bound: int,
    values: FloatArray,
    improve: bool,
    time_limit: float | None,
    time_scale: float,
) -> list[SearchJob]:
    """The independent searches: budgets split evenly, one random stream each."""
    shared = Shared(arr)
    per, extra = divmod(schedules, searches)
    budgets = [per + (i < extra) for i in range(searches)]
    streams: list[np.random.Generator | np.random.SeedSequence]
    if searches == 1:
        streams = [gen]
    else:
        entropy = [int(x) for x in gen.integers(0, 2**63 - 1, size=4)]
        streams = list(np.random.SeedSequence(entropy).spawn(searches))
    return [
        SearchJob(shared, method, b, r, bound, values, improve, time_limit, time_scale)
        for b, r in zip(budgets, streams, strict=True)
    ]


def resource_constrained_schedule(
    network: Network,
    resources: Iterable[Resource],
    *,
    method: Method = "ga",
    schedules: int = 5000,
    priority: str = "lft",
    improve: bool = False,
    time_limit: float | None = None,
    searches: int = 1,
    executor: concurrent.futures.Executor | None = None,
    rng: RngLike = None,
    progress: ProgressLike = None,
    start: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    data_date: dt.date | float | None = None,
    actuals: StatusProgress | None = None,
    statusing: Statusing = "retained_logic",
) -> ResourceSchedule:
    """Schedule a network so that no resource is ever used beyond its capacity.

    Activities' ``demands`` name the resources; dependencies of every type and lag are
    respected (an activity never starts before day 0).

    Date constraints give each activity a time window (see :mod:`._rcpsp_windows`): a
    release time, never broken (SNET, FNET, MSO, MFO, P6's Start On / Finish On, a
    manual task's start; and ``data_date`` for every activity), and a deadline (SNLT,
    FNLT, MSO, MFO, Start On / Finish On). Capacity may make a deadline unreachable, so
    deadlines are never silently dropped and never break a capacity: the latest-finish
    priorities count them, every search keeps the schedule of least total lateness
    first and the shortest makespan second, and the result lists the activities that
    still finish late (:attr:`ResourceSchedule.late`, :attr:`ResourceSchedule.lateness`).
    A deadline that even unlimited resources cannot meet is not refused: as P6 and MS
    Project level a late project and show the conflict (negative float, a missed
    deadline), the schedule is returned with that lateness reported. ALAP has no date
    and is placed like any activity. Level-of-effort activities (``kind="loe"``) take no
    resource-driven position: the others are scheduled without them, and each LOE then
    spans the activities it links to (as :func:`~pmokit.scheduling.schedule` spans it).

    Parameters
    ----------
    network
        The activity network; activities carry ``demands`` [units per working day].
    resources
        The renewable resources with their capacities.
    method
        ``"ga"`` (default): activity-list genetic algorithm (peak crossover, every
        promising child justified, no schedule made twice); ``"sampling"``: regret-based
        biased random sampling with the serial scheme and the ``priority`` rule;
        ``"serial"`` / ``"parallel"``: one pass of the serial / parallel schedule
        generation scheme with ``priority``.
    schedules
        Budget of generated schedules for ``"ga"`` and ``"sampling"`` (each forward or
        backward pass counts one). The search stops earlier when it meets the lower bound.
    priority
        ``"lft"``, ``"lst"``, ``"mts"``, ``"grpw"``, ``"mslk"`` or ``"random"`` (ties go
        to the activity given first).
    improve
        Apply forward-backward improvement to single-pass and sampled schedules (the GA
        always does).
    time_limit
        Stop the search after about this many seconds [s]; None for no limit.
    searches
        Number of independent searches (``"ga"`` and ``"sampling"``) that share the
        ``schedules`` budget (the first ones get one more when it does not divide);
        the best schedule is kept (the first search's on ties). With one search
        (default) it draws from ``rng`` itself; with more, search i draws from the
        i-th child of a ``SeedSequence`` seeded from ``rng``. The schedule depends on
        ``rng``, ``schedules`` and ``searches`` only, never on ``executor``.
    executor
        A ``concurrent.futures.Executor`` (a ``ProcessPoolExecutor``, or a Dask
        client's ``client.get_executor()``) that runs the searches in parallel; None
        (default) runs them one after the other here. The same schedule bit for bit
        either way (except under ``time_limit`` or a stopping ``progress``). On an
        executor, ``progress`` reports each search as it comes back.
    rng
        Seed or Generator; the same seed gives the same schedule.
    progress
        None (default), True for a tqdm bar (needs ``pip install 'pmokit[progress]'``),
        or a callback called with a :class:`~pmokit.progress.ProgressInfo` (``done`` and
        ``total`` schedules, ``elapsed`` [s], ``best`` makespan so far [working days])
        after each batch of schedules (with deadlines the makespan of the best schedule,
        which is the least late); returning True or raising StopIteration stops the
        search, which then returns the best schedule found with ``stopped ==
        "callback"``. Reporting does not change the schedules generated.
    start, calendar
        Project start date and working calendar, needed when constraints are dates
        (``calendar`` defaults to Monday-Friday without holidays); offsets stay in
        working days from the start.
    data_date
        The status date, a date (its end) or an offset [working days]: no activity
        starts before it (P6 levels the remaining work from the data date).
    actuals, statusing
        Progress, as in :func:`~pmokit.scheduling.schedule` (see
        :mod:`._rcpsp_progress`): started and finished work keeps its statused dates
        (it is not levelled) and its remaining work holds its resources first; the work
        not started is scheduled under the capacity left, from the data date and after
        what the started work requires through the links. ``usage`` counts work in
        progress from its remaining start (past usage is not shown). Out-of-sequence
        progress is refused except with ``statusing="progress_override"``, and remaining
        work that needs more than its resources' capacity is refused (both named). The
        progress of a level-of-effort activity is not used (its dates follow its span).

    Returns
    -------
    ResourceSchedule

    Raises
    ------
    ValidationError
        Bad options (also ``executor`` not an Executor, ``searches`` above
        ``schedules``), or durations not multiples of 1/100 working day.
    UnknownReferenceError
        Demands that name resources not given.
    InfeasibleInputError
        A demand above its resource's capacity (activity and resource named).
    ValidationError
        A date constraint or date ``data_date`` without ``start``; a level-of-effort
        activity that demands resources, has a dated constraint or has no links (each
        named, with the reason).

    References
    ----------
    Kolisch, R. & Hartmann, S. (2006), "Experimental investigation of heuristics for
    resource-constrained project scheduling: An update", European Journal of Operational
    Research 174:23-37.
    Valls, V., Ballestin, F. & Quintanilla, S. (2008), "A hybrid genetic algorithm for the
    resource-constrained project scheduling problem", European Journal of Operational
    Research 185:495-508.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network, Resource
    >>> net = Network(
    ...     [Activity("A", 3, demands={"crew": 2}), Activity("B", 2, demands={"crew": 2}),
    ...      Activity("C", 2, demands={"crew": 1})],
    ...     [Dependency("A", "C")])
    >>> rs = resource_constrained_schedule(net, [Resource("crew", 3)], rng=1)
    >>> rs.makespan, rs.lower_bound
    (5.0, 5.0)
    >>> rs.start.tolist()
    [0.0, 3.0, 3.0]
    >>> rs["B"]["pushed_by"]
    'crew'
    """
    from pmokit.scheduling._wbs import level_of_effort, without_level_of_effort

    if isinstance(network, Network) and level_of_effort(network).any():
        reduced, keep = without_level_of_effort(
            network, "resource_constrained_schedule", demands=True, constraints=True
        )
        inner = resource_constrained_schedule(
            reduced, resources, method=method, schedules=schedules, priority=priority,
            improve=improve, time_limit=time_limit, searches=searches, executor=executor,
            rng=rng, progress=progress, start=start, calendar=calendar, data_date=data_date,
            actuals=_without(actuals, network, keep), statusing=statusing,
        )
        return _spanned(inner, network, keep)
    p = Problems()
    if isinstance(network, Network):
        for msg in day_lag_problems(network.compiled, where="resource_constrained_schedule"):
            p.add(msg)
    try:
        check_choice(method, "method", METHODS)
    except ValidationError as exc:
        p.extend(exc.problems)
    try:
        check_choice(priority, "priority", PRIORITY_RULES)
    except ValidationError as exc:
        p.extend(exc.problems)
    if isinstance(schedules, bool) or not isinstance(schedules, numbers.Integral) or (
        schedules < 1
    ):
        p.add(f"'schedules' must be an int >= 1 (got {schedules!r})")
    elif isinstance(searches, bool) or not isinstance(searches, numbers.Integral) or not (
        1 <= searches <= schedules
    ):
        p.add(
            f"'searches' must be an int from 1 to 'schedules' ({schedules}) "
            f"(got {searches!r})"
        )
    if time_limit is not None:
        p.check_number(time_limit, "time_limit", minimum=0.0, strict_minimum=True)
    try:
        check_executor(executor)
    except ValidationError as exc:
        p.extend(exc.problems)
    try:
        check_flag(improve, "improve")
    except ValidationError as exc:
        p.extend(exc.problems)
    if (problem := check_progress(progress)) is not None:
        p.add(problem)
    p.raise_if_any()
    gen = as_generator(rng)
    options = _Options(str(method), int(schedules), str(priority), bool(improve), time_limit,
                       int(searches), executor, gen, progress)
    if actuals is not None:
        from pmokit.scheduling._rcpsp_progress import statused_schedule

        out: ResourceSchedule = statused_schedule(
            _solve, network, resources, options, actuals, statusing, start, calendar,
            data_date)
        return out
    return _solve(network, resources, options, start, calendar, data_date)


@attrs.frozen(eq=False)
class _Options:
    """The validated search options of :func:`resource_constrained_schedule`."""

    method: str
    schedules: int
    priority: str
    improve: bool
    time_limit: float | None
    searches: int
    executor: concurrent.futures.Executor | None
    gen: np.random.Generator
    progress: ProgressLike


def _solve(
    network: Network,
    resources: Iterable[Resource],
    o: _Options,
    start: dt.date | None,
    calendar: WorkCalendar | None,
    data_date: dt.date | float | None,
    release: FloatArray | None = None,
    busy: Any = None,
) -> ResourceSchedule:
    """The schedule of a validated call; ``release`` raises release times [working
    days] and ``busy(cr)`` returns the problem's arrays with capacity already taken
    (both for statusing, see :mod:`._rcpsp_progress`)."""
    method, schedules, priority, improve = o.method, o.schedules, o.priority, o.improve
    time_limit, searches, executor, gen, progress = (
        o.time_limit, o.searches, o.executor, o.gen, o.progress)
    extra: list[float] = [] if release is None else [float(x) for x in release if x > 0]
    if isinstance(data_date, (int, float)) and not isinstance(data_date, bool):
        extra.append(float(data_date))
    cr = compile_resources(network, resources, extra)
    win = time_windows(network, network.compiled.duration, cr.time_scale, start=start,
                       calendar=calendar, data_date=data_date, release=release)
    if busy is not None:
        cr = attrs.evolve(cr, arrays=busy(cr))
    arr = with_windows(cr.arrays, win, network, cr.time_scale)
    n = cr.arrays.n
    cpm, rb = _bounds(cr, arr)
    bound = max(cpm, rb)
    stopped: StopReason = "single_pass"
    used = 1
    single = n == 0 or method in ("serial", "parallel")
    total = 1 if single else int(schedules)
    bar = (Progress(progress, total, desc="RCPSP", unit="schedule") if arr.deadline is None
           else _MakespanProgress(progress, total, late_weight(arr), cr.time_scale))
    if n == 0:
        starts = np.zeros(0, dtype=np.int64)
    elif method in ("serial", "parallel"):
        values = priority_values(arr, priority, gen)
        if method == "serial":
            starts = serial_sgs(arr, list_from_priority(arr, values)[None, :])[0]
        else:
            starts = parallel_sgs(arr, values)
        if improve:
            fs, _ = fbi(arr, backward_problem(arr), starts[None, :])
            used += 2
            if makespans(arr, fs)[0] <= makespans(arr, starts[None, :])[0]:
                starts = fs[0]
    else:
        values = (
            priority_values(arr, priority, gen) if method == "sampling"
            else priority_values(arr, "lft")
        )
        out = run_searches(
            _jobs(arr, str(method), int(schedules), int(searches), gen, bound, values,
                  improve, time_limit, float(cr.time_scale)),
            executor, bar,
        )
        starts, used, stopped = out.starts, out.schedules, out.stopped
    ts = float(cr.time_scale)
    delay, pushed = _pushed(cr, arr, starts)
    starts, delay, pushed = starts[:n], delay[:n], pushed[:n]  # without the source
    arr = cr.arrays
    d = arr.duration
    ms = int((starts + d).max(initial=0))
    if single:
        bar.update(bar.total, ms / ts)
    bar.close()
    usage = np.zeros((arr.n_resources, ms + 1), dtype=np.float64)
    if cr.exact:  # integer units: exact sums, then one division
        np.add.at(usage.T, starts, arr.demand)
        np.add.at(usage.T, starts + d, -arr.demand)
        usage = np.cumsum(usage, axis=1)[:, :ms] / cr.unit_scale[:, None]
    else:  # demands rounded for the engine: report the true ones
        for i in np.flatnonzero(d > 0).tolist():
            usage[:, starts[i] : starts[i] + d[i]] += cr.demand_units[i][:, None]
        usage = usage[:, :ms]
    cap = np.empty((arr.n_resources, ms), dtype=np.float64)
    for k, r in enumerate(cr.resources):
        cap[k] = [r.capacity_at(int(t // ts)) for t in range(ms)] if r.varies else r.tail
    return ResourceSchedule(
        network=network,
        ids=network.ids,
        resource_ids=tuple(r.id for r in cr.resources),
        start=_ro(starts / ts),
        finish=_ro((starts + d) / ts),
        makespan=ms / ts,
        period=1.0 / ts,
        usage=_ro(usage),
        capacity=_ro(cap),
        critical_path_bound=cpm / ts,
        resource_bound=rb / ts,
        lower_bound=bound / ts,
        delay=_ro(delay / ts),
        pushed_by=pushed,
        method=str(method),
        schedules=int(used),
        stopped=stopped,
        release=_ro(win.release.copy()),
        deadline=_ro(win.deadline.copy()),
    )


def _without(actuals: Any, network: Network, keep: npt.NDArray[np.bool_]) -> Any:
    """The progress of the activities kept (an LOE's own progress is not used: its dates
    follow its span)."""
    if actuals is None or not hasattr(actuals, "activities"):
        return actuals
    c = network.compiled
    return type(actuals)([r for r in actuals.activities
                          if r.id not in c.index or keep[c.index[r.id]]])


def _spanned(inner: ResourceSchedule, network: Network, keep: npt.NDArray[np.bool_]
             ) -> ResourceSchedule:
    """The schedule of the network without its LOE activities, with each LOE spanning
    the activities it links to (no delay, no window of its own)."""
    from pmokit.scheduling._wbs import span_level_of_effort

    s, f = span_level_of_effort(network, keep, inner.start, inner.finish)
    n = len(keep)

    def full(values: FloatArray, fill: float) -> FloatArray:
        out = np.full(n, fill)
        out[keep] = values
        return _ro(out)

    pushed: list[tuple[Id, ...]] = [()] * n
    for i, row in zip(np.flatnonzero(keep).tolist(), inner.pushed_by, strict=True):
        pushed[i] = row
    return attrs.evolve(
        inner, network=network, ids=network.ids, start=_ro(s), finish=_ro(f),
        delay=full(inner.delay, 0.0), pushed_by=tuple(pushed),
        release=full(inner.release, 0.0), deadline=full(inner.deadline, np.inf),
    )
