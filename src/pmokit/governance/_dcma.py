"""The DCMA 14-point schedule assessment.

The Defense Contract Management Agency's 14 checks of schedule quality (DCMA-EA PAM 200.1,
section 4), each computed on the compiled network arrays and returning its metric, the
threshold, pass/fail and the offending activities or links.

Populations
-----------
*Tasks* are incomplete activities (no actual finish) with a duration > 0 that are not in
``exclude`` (summary and level-of-effort ids); milestones and completed work are left out,
as in the DCMA's "total tasks" count. *Relationships* are links into incomplete
activities (a link into finished work no longer shapes the forecast), neither end excluded.

Checks and default thresholds
-----------------------------
== ================== ===================================================== =========
#  name               metric                                                pass if
== ================== ===================================================== =========
1  logic              tasks without a predecessor or a successor / tasks    <= 5%
2  leads              relationships with lag < 0 / relationships           <= 0%
3  lags               relationships with lag > 0 / relationships           <= 5%
4  relationship_types FS relationships / relationships                     >= 90%
5  hard_constraints   tasks with MSO, MFO, SNLT or FNLT / tasks             <= 5%
6  high_float         tasks with total float > 44 working days / tasks      <= 5%
7  negative_float     tasks with total float < 0 / tasks                    <= 0%
8  high_duration      tasks with baseline duration > 44 working days        <= 5%
9  invalid_dates      activities with a forecast before, or an actual       <= 0%
                      after, the status date / activities
10 resources          tasks without resources / tasks                       <= 0%
11 missed_tasks       tasks baselined to finish by the status date that     <= 5%
                      finished after their baseline finish or are not
                      finished / those
12 critical_path_test project finish delay when the most critical task is   = delay
                      delayed by ``critical_path_delay``
13 cpli               (CPL + TF) / CPL, CPL = forecast finish - status      >= 0.95
                      date, TF = target finish - forecast finish
14 bei                tasks completed / tasks baselined to finish by the    >= 0.95
                      status date
== ================== ===================================================== =========

A share passes when ``count <= threshold * population`` (so 1 of 20 passes a 5% threshold
and 2 of 39 fails it). Checks whose data is missing (no status date, no baseline, no
resource data) are reported with ``applicable=False`` and ``passed=None``.

Time
----
Times are working-day offsets from the project start, as in :mod:`pmokit.scheduling`
(t = 0 is the start of the first working day; a task of duration d starting at s finishes
at s + d). Dates are accepted when ``origin`` and ``calendar`` are given: a start date is
the start of that day, a finish date and the status date the end of that day.

Progress data
-------------
:class:`~pmokit.scheduling.Activity` carries no actual or baseline dates, so they are
explicit arguments (``actual_start``, ``actual_finish``, ``baseline_finish``,
``baseline_duration``). For a :class:`~pmokit.scheduling.Network`, forecasts come from a
statused CPM computed here: completed activities sit at their actual dates, started ones
start at their actual start, unstarted ones no earlier than the status date; SNET/FNET
constraints are lower bounds, SNLT/FNLT upper bounds for the late dates, MSO/MFO pin the
activity (overriding logic, as hard constraints do); late dates run back from
``target_finish`` when given. For a :class:`~pmokit.scheduling.Schedule`, its early dates
and floats are used as the forecast and the critical-path test re-runs the statused pass
on its network.

References
----------
Defense Contract Management Agency (2012). *Earned Value Management System (EVMS)
Program Analysis Pamphlet (PAP)*, DCMA-EA PAM 200.1, section 4 "14-Point Assessment".
Defense Acquisition University, *Acquipedia: Critical Path Length Index (CPLI)*
(example: CPL 720 working days, total float -60 gives CPLI 0.917).
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Collection, Mapping
from typing import Any, cast

import attrs
import numpy as np

from pmokit._results import records_to_frame
from pmokit._typing import BoolArray, FloatArray
from pmokit._validation import Problems
from pmokit.calendar import WorkCalendar
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import ConstraintType, Network, Schedule
from pmokit.scheduling._cpm import backward_pass, forward_pass

__all__ = ["DCMA_CHECKS", "DcmaAssessment", "DcmaCheck", "DcmaThresholds", "dcma_assessment"]


DCMA_CHECKS: tuple[str, ...] = (
    "logic",
    "leads",
    "lags",
    "relationship_types",
    "hard_constraints",
    "high_float",
    "negative_float",
    "high_duration",
    "invalid_dates",
    "resources",
    "missed_tasks",
    "critical_path_test",
    "cpli",
    "bei",
)
"""Names of the 14 checks, in DCMA order (check number = position + 1)."""

_TITLES = {
    "logic": "Missing logic",
    "leads": "Leads (negative lags)",
    "lags": "Lags",
    "relationship_types": "Relationship types (FS share)",
    "hard_constraints": "Hard constraints",
    "high_float": "High float",
    "negative_float": "Negative float",
    "high_duration": "High duration",
    "invalid_dates": "Invalid dates",
    "resources": "Resources",
    "missed_tasks": "Missed tasks",
    "critical_path_test": "Critical path test",
    "cpli": "Critical path length index (CPLI)",
    "bei": "Baseline execution index (BEI)",
}

_HARD = frozenset(
    {ConstraintType.MSO, ConstraintType.MFO, ConstraintType.SNLT, ConstraintType.FNLT}
)
_TOL = 1e-9


@attrs.frozen
class DcmaThresholds:
    """Thresholds of the 14 checks (defaults: DCMA-EA PAM 200.1).

    Shares are fractions (0.05 = 5%).

    Parameters
    ----------
    logic, lags, hard_constraints, high_float, high_duration, missed_tasks
        Largest passing share (default 0.05).
    leads, negative_float, invalid_dates, resources
        Largest passing share (default 0).
    fs_share
        Smallest passing share of FS relationships (default 0.90).
    high_float_days, high_duration_days
        Float and duration above which a task counts as high [working days] (default 44).
    cpli, bei
        Smallest passing index (default 0.95).
    critical_path_delay
        Delay added to the critical task in the critical path test [working days]
        (default 600).
    """

    logic: float = 0.05
    leads: float = 0.0
    lags: float = 0.05
    fs_share: float = 0.90
    hard_constraints: float = 0.05
    high_float: float = 0.05
    high_float_days: float = 44.0
    negative_float: float = 0.0
    high_duration: float = 0.05
    high_duration_days: float = 44.0
    invalid_dates: float = 0.0
    resources: float = 0.0
    missed_tasks: float = 0.05
    cpli: float = 0.95
    bei: float = 0.95
    critical_path_delay: float = 600.0

    def __attrs_post_init__(self) -> None:
        p = Problems()
        for a in attrs.fields(DcmaThresholds):
            v = getattr(self, a.name)
            if a.name in ("high_float_days", "high_duration_days"):
                p.check_number(v, f"thresholds.{a.name}", minimum=0.0)
            elif a.name == "critical_path_delay":
                p.check_number(v, f"thresholds.{a.name}", minimum=0.0, strict_minimum=True)
            elif a.name in ("cpli", "bei"):
                p.check_number(v, f"thresholds.{a.name}", minimum=0.0)
            else:
                p.check_number(v, f"thresholds.{a.name}", minimum=0.0, maximum=1.0)
        p.raise_if_any()


@attrs.frozen
class DcmaCheck:
    """Result of one DCMA check.

    Attributes
    ----------
    number
        1..14.
    name
        Check name (one of :data:`DCMA_CHECKS`).
    title
        Readable title.
    applicable
        False when the data the check needs was not given.
    passed
        Pass/fail (``None`` when not applicable).
    metric
        The share, index or finish delay the check measures (nan when not applicable).
    threshold
        The threshold compared against.
    comparison
        ``"<="``, ``">="`` or ``"=="``: how ``metric`` must relate to ``threshold``.
    count
        Number of offending items (for the indices: the numerator).
    population
        Size of the population the share is taken over (for the indices: the denominator).
    offenders
        Offending activity ids, or links as ``"A -> B"``.
    detail
        One sentence on what was found.
    """

    number: int
    name: str
    title: str
    applicable: bool
    passed: bool | None
    metric: float
    threshold: float
    comparison: str
    count: int
    population: int
    offenders: tuple[str, ...]
    detail: str

    def to_record(self) -> dict[str, Any]:
        """The check as a dict (offenders joined by ``', '``)."""
        rec = attrs.asdict(self)
        rec["offenders"] = ", ".join(self.offenders)
        return rec


@attrs.frozen
class DcmaAssessment:
    """The 14 checks of one schedule.

    Attributes
    ----------
    checks
        The 14 :class:`DcmaCheck` results in DCMA order.
    project_finish
        Forecast project finish [working days].
    status_date
        Time now [working days] (``None`` if not given).
    critical_activity
        The task delayed in the critical path test (``None`` if there was none).
    """

    checks: tuple[DcmaCheck, ...]
    project_finish: float
    status_date: float | None
    critical_activity: str | None

    def __getitem__(self, name: str) -> DcmaCheck:
        """The check called ``name`` (e.g. ``"logic"``)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise UnknownReferenceError(
            f"no DCMA check '{name}'; expected one of {', '.join(DCMA_CHECKS)}", [name]
        )

    @property
    def failed(self) -> tuple[str, ...]:
        """Names of the failed checks."""
        return tuple(c.name for c in self.checks if c.passed is False)

    @property
    def passed(self) -> tuple[str, ...]:
        """Names of the passed checks."""
        return tuple(c.name for c in self.checks if c.passed is True)

    @property
    def score(self) -> float:
        """Share of applicable checks passed."""
        app = [c for c in self.checks if c.applicable]
        return sum(1 for c in app if c.passed) / len(app) if app else math.nan

    def to_records(self) -> list[dict[str, Any]]:
        """One record per check (see :class:`DcmaCheck` for the keys)."""
        return [c.to_record() for c in self.checks]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame indexed by check number (needs pandas)."""
        return records_to_frame(self.to_records(), index="number")


# -- input conversion -----------------------------------------------------------------


class _Times:
    """Converts offsets or dates to working-day offsets."""

    def __init__(self, origin: Any, calendar: Any, p: Problems) -> None:
        self.origin = origin
        self.calendar = calendar
        self.p = p

    def __call__(self, value: Any, name: str, *, end_of_day: bool) -> float | None:
        if isinstance(value, _dt.date):
            if not isinstance(self.calendar, WorkCalendar) or not isinstance(self.origin, _dt.date):
                self.p.add(
                    f"{name} is a date ({value.isoformat()}); pass origin= (the project start "
                    "date) and calendar= (a WorkCalendar) to convert dates, or give working-day "
                    "offsets"
                )
                return None
            t = float(self.calendar.offset_of(self.origin, value))
            return t + 1.0 if end_of_day else t
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            self.p.add(
                f"{name} must be a number of working days or a date "
                f"(got {value!r} that is a {type(value).__name__})"
            )
            return None
        if not math.isfinite(float(value)):
            self.p.add(f"{name} must be finite (got {value!r})")
            return None
        return float(value)


def _by_id(
    mapping: Mapping[str, Any] | None,
    label: str,
    index: Mapping[str, int],
    n: int,
    conv: _Times,
    *,
    end_of_day: bool,
    unknown: list[str],
) -> FloatArray:
    out = np.full(n, np.nan)
    if mapping is None:
        return out
    if not isinstance(mapping, Mapping):
        conv.p.add(f"'{label}' must map activity ids to times (got {type(mapping).__name__})")
        return out
    for aid, v in mapping.items():
        i = index.get(aid)
        if i is None:
            unknown.append(aid)
            continue
        if v is None:
            continue
        t = conv(v, f"{label}[{aid!r}]", end_of_day=end_of_day)
        if t is not None:
            out[i] = t
    return out


def _share(count: int, population: int, threshold: float) -> tuple[float, bool]:
    if population == 0:
        return 0.0, True
    return count / population, count <= threshold * population + _TOL


def _ids(ids: tuple[str, ...], mask: BoolArray) -> tuple[str, ...]:
    return tuple(ids[i] for i in np.flatnonzero(mask).tolist())


def dcma_assessment(
    network_or_schedule: Network | Schedule,
    *,
    status_date: float | _dt.date | None = None,
    actual_start: Mapping[str, float | _dt.date] | None = None,
    actual_finish: Mapping[str, float | _dt.date] | None = None,
    baseline_finish: Mapping[str, float | _dt.date] | None = None,
    baseline_duration: Mapping[str, float] | None = None,
    target_finish: float | _dt.date | None = None,
    resourced: Collection[str] | None = None,
    exclude: Collection[str] = (),
    project: str | None = None,
    critical_activity: str | None = None,
    thresholds: DcmaThresholds | None = None,
    origin: _dt.date | None = None,
    calendar: WorkCalendar | None = None,
) -> DcmaAssessment:
    """Run the DCMA 14-point assessment on a network or a schedule.

    Parameters
    ----------
    network_or_schedule
        A :class:`~pmokit.scheduling.Network` (forecast dates are computed here) or a
        :class:`~pmokit.scheduling.Schedule` (its early dates and floats are used).
    status_date
        Time now [working days, or a date meaning the end of that day]. Needed by checks
        9 (invalid dates), 11 (missed tasks) and 14 (BEI); CPLI measures from it (from 0
        when not given).
    actual_start, actual_finish
        Activity id -> actual start / finish [working days or dates]. An activity with an
        actual finish is complete and needs an actual start.
    baseline_finish
        Activity id -> baseline finish [working days or dates], for missed tasks and BEI.
        The latest baseline finish is the default ``target_finish``.
    baseline_duration
        Activity id -> baseline duration [working days] for the high-duration check
        (default: the network's durations).
    target_finish
        Baseline or contract finish of the project [working days or date]: late dates run
        back from it (so a later forecast gives negative float) and CPLI measures against
        it. Default: the latest baseline finish, else the forecast finish.
    resourced
        Ids of activities with resources or cost loaded (default: activities with a
        positive entry in ``Activity.demands``). If ``None`` and no activity has demands,
        the resources check is not applicable.
    exclude
        Ids to leave out of every population (summary and level-of-effort activities).
    project
        Assess only the activities whose ``Activity.project`` is this id: populations, the
        project finish (critical path test, CPLI) and the default target (latest baseline
        finish of the project) are the project's. The whole network is still scheduled, so
        links to and from other projects drive dates and float.
    critical_activity
        The task to delay in the critical path test (default: the incomplete task with
        the least total float, earliest start first).
    thresholds
        :class:`DcmaThresholds` (default: the DCMA's).
    origin, calendar
        Project start date and calendar, to accept dates instead of offsets.

    Returns
    -------
    DcmaAssessment

    Raises
    ------
    UnknownReferenceError
        If a mapping, ``exclude``, ``resourced`` or ``critical_activity`` names an id that is
        not in the network (all listed).
    ValidationError
        If times are not finite numbers or convertible dates, an actual finish has no
        actual start or precedes it, or ``critical_activity`` is complete or a milestone.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network
    >>> acts = [Activity("S", 0), Activity("A", 10), Activity("B", 50), Activity("F", 0)]
    >>> deps = [Dependency("S", "A"), Dependency("A", "B", lag=2), Dependency("B", "F")]
    >>> res = dcma_assessment(Network(acts, deps))
    >>> res["lags"].metric, res["lags"].passed, res["lags"].offenders
    (0.333..., False, ('A -> B',))
    >>> res["high_duration"].offenders
    ('B',)
    >>> res["critical_path_test"].passed
    True
    """
    th = DcmaThresholds() if thresholds is None else thresholds
    if not isinstance(th, DcmaThresholds):
        raise ValidationError(
            f"'thresholds' must be a DcmaThresholds (got {type(thresholds).__name__})"
        )
    given: Schedule | None
    if isinstance(network_or_schedule, Schedule):
        given = network_or_schedule
        net = given.network
    elif isinstance(network_or_schedule, Network):
        given = None
        net = network_or_schedule
    else:
        raise ValidationError(
            "'network_or_schedule' must be a pmokit.scheduling Network or Schedule "
            f"(got {type(network_or_schedule).__name__})"
        )
    c = net.compiled
    # ids may be any hashable since issue 14; DCMA reports them as they are
    n, ids, index = c.n, cast("tuple[str, ...]", c.ids), cast("Mapping[str, int]", c.index)
    p = Problems()
    conv = _Times(origin, calendar, p)
    unknown: list[str] = []
    now = None if status_date is None else conv(status_date, "status_date", end_of_day=True)
    a_start = _by_id(
        actual_start, "actual_start", index, n, conv, end_of_day=False, unknown=unknown
    )
    a_finish = _by_id(
        actual_finish, "actual_finish", index, n, conv, end_of_day=True, unknown=unknown
    )
    b_finish = _by_id(
        baseline_finish, "baseline_finish", index, n, conv, end_of_day=True, unknown=unknown
    )
    b_dur = np.array(c.duration, dtype=np.float64)
    if baseline_duration is not None:
        bd = _by_id(
            baseline_duration,
            "baseline_duration",
            index,
            n,
            _Times(None, None, p),
            end_of_day=False,
            unknown=unknown,
        )
        b_dur = np.where(np.isnan(bd), b_dur, bd)
    target = (
        None if target_finish is None else conv(target_finish, "target_finish", end_of_day=True)
    )
    excl = np.zeros(n, dtype=bool)
    scope = np.ones(n, dtype=bool)  # activities whose finish is "the" finish
    if project is not None:
        scope = np.array([a.project == project for a in net.activities], dtype=bool)
        excl = ~scope
        if not scope.any():
            p.add(f"'project' {project!r} has no activities in the network")
    for label, ids_given in (("exclude", exclude), ("resourced", resourced)):
        if ids_given is not None and (
            isinstance(ids_given, str) or not isinstance(ids_given, Collection)
        ):
            p.add(
                f"'{label}' must be a collection of activity ids (got {ids_given!r:.60}); "
                f"use [{ids_given!r}] for one id"
            )
    if critical_activity is not None and not isinstance(critical_activity, str):
        p.add(f"'critical_activity' must be an activity id (got {critical_activity!r:.60})")
    if p.items:
        p.raise_if_any()
    for aid in exclude:
        if aid in index:
            excl[index[aid]] = True
        else:
            unknown.append(aid)
    res_mask: BoolArray | None
    if resourced is not None:
        res_mask = np.zeros(n, dtype=bool)
        for aid in resourced:
            if aid in index:
                res_mask[index[aid]] = True
            else:
                unknown.append(aid)
    else:
        flags = [any(float(u) > 0 for u in a.demands.values()) for a in net.activities]
        res_mask = np.array(flags, dtype=bool) if any(flags) else None
    if critical_activity is not None and critical_activity not in index:
        unknown.append(critical_activity)
    if unknown:
        raise UnknownReferenceError(
            [f"activity id {u!r} is not in the network" for u in dict.fromkeys(unknown)] + p.items,
            unknown,
        )
    for i in np.flatnonzero(~np.isnan(a_finish)).tolist():
        if np.isnan(a_start[i]):
            p.add(f"activity {ids[i]!r} has an actual finish but no actual start")
        elif a_finish[i] < a_start[i]:
            p.add(
                f"actual finish of activity {ids[i]!r} ({a_finish[i]:g}) must not precede its "
                f"actual start ({a_start[i]:g})"
            )
    # constraints
    lower = np.zeros(n)
    upper_c = np.full(n, np.inf)
    pin = np.full(n, np.nan)
    hard = np.zeros(n, dtype=bool)
    start_upper = np.zeros(n, dtype=bool)
    d = np.array(c.duration, dtype=np.float64)
    for i, act in enumerate(net.activities):
        con = act.constraint
        if con is None or con.kind in (ConstraintType.ASAP, ConstraintType.ALAP):
            continue
        hard[i] = con.kind in _HARD
        start_kind = con.kind in (ConstraintType.SNET, ConstraintType.SNLT, ConstraintType.MSO)
        t = conv(con.at, f"constraint date of activity {act.id!r}", end_of_day=not start_kind)
        if t is None:
            continue
        s = t if start_kind else t - d[i]
        if con.kind in (ConstraintType.SNET, ConstraintType.FNET):
            lower[i] = max(lower[i], s)
        elif con.kind in (ConstraintType.SNLT, ConstraintType.FNLT):
            upper_c[i] = min(upper_c[i], s)
            start_upper[i] = con.kind == ConstraintType.SNLT
        else:
            pin[i] = s
    p.raise_if_any()

    done = ~np.isnan(a_finish)
    started = ~np.isnan(a_start)
    milestone = c.duration <= 0
    tasks = ~done & ~excl & ~milestone
    n_tasks = int(tasks.sum())

    # statused CPM (used for forecasts of a Network and for the critical path test)
    d_eff = np.where(done, a_finish - a_start, d)
    hard_pin = ~np.isnan(pin) & ~started  # MSO/MFO bind only until the activity starts
    upper_c = np.where(started & start_upper, np.inf, upper_c)  # so does SNLT
    pin = np.where(started, a_start, pin)
    if now is not None:
        lower = np.where(~started, np.maximum(lower, now), lower)
    pinned = ~np.isnan(pin)
    lower = np.where(pinned, pin, lower)
    into_pinned = pinned[c.link_succ]

    def finish_of(dur: FloatArray) -> tuple[FloatArray, float]:
        off = c.link_offset(dur)
        off[into_pinned] = -np.inf
        es_ = forward_pass(c, off, lower)
        return es_, float((es_ + dur)[scope].max()) if n else 0.0

    es_own, finish_own = finish_of(d_eff)
    if target is None and not np.isnan(b_finish[scope]).all():
        target = float(np.nanmax(b_finish[scope]))
    if given is None:
        es = es_own
        ef = es_own + d_eff
        finish = finish_own
        # late dates run back from the target (or forecast) finish of the assessed scope;
        # activities outside a project scope from the forecast finish of the whole network
        end = np.where(scope, finish if target is None else target, float(ef.max()) if n else 0.0)
        upper = np.minimum(end - d_eff, upper_c)
        # a hard-pinned activity's late start is at most its pin; started activities float
        # on their remaining work like any other
        upper = np.where(hard_pin, np.minimum(upper, pin), upper)
        off = c.link_offset(d_eff)
        off[into_pinned] = -np.inf
        ls = backward_pass(c, off, upper)
        tf = ls - es
    else:
        es = np.asarray(given.early_start, dtype=np.float64)
        ef = np.asarray(given.early_finish, dtype=np.float64)
        tf = np.asarray(given.total_float, dtype=np.float64)
        finish = float(ef[scope].max()) if n else 0.0

    checks: list[DcmaCheck] = []

    def add(
        name: str,
        *,
        applicable: bool = True,
        passed: bool | None,
        metric: float,
        threshold: float,
        comparison: str,
        count: int,
        population: int,
        offenders: tuple[str, ...] = (),
        detail: str,
    ) -> None:
        checks.append(
            DcmaCheck(
                number=len(checks) + 1,
                name=name,
                title=_TITLES[name],
                applicable=applicable,
                passed=passed if applicable else None,
                metric=metric if applicable else math.nan,
                threshold=threshold,
                comparison=comparison,
                count=count,
                population=population,
                offenders=offenders,
                detail=detail,
            )
        )

    def not_applicable(
        name: str,
        *,
        threshold: float,
        comparison: str,
        count: int,
        population: int,
        detail: str,
    ) -> None:
        add(
            name,
            applicable=False,
            passed=None,
            metric=math.nan,
            threshold=threshold,
            comparison=comparison,
            count=count,
            population=population,
            detail=detail,
        )

    def share_check(name: str, mask: BoolArray, pop: int, thr: float, what: str) -> None:
        k = int(mask.sum())
        m, ok = _share(k, pop, thr)
        add(
            name,
            passed=ok,
            metric=m,
            threshold=thr,
            comparison="<=",
            count=k,
            population=pop,
            offenders=_ids(ids, mask),
            detail=f"{k} of {pop} {what} ({100 * m:.1f}%; limit {100 * thr:g}%)",
        )

    # 1 logic
    has_pred = np.diff(c.pred_ptr) > 0
    has_succ = np.diff(c.succ_ptr) > 0
    share_check(
        "logic",
        tasks & ~(has_pred & has_succ),
        n_tasks,
        th.logic,
        "tasks miss a predecessor or a successor",
    )

    # 2-4 relationships
    rel = ~done[c.link_succ] & ~excl[c.link_pred] & ~excl[c.link_succ]
    n_rel = int(rel.sum())
    names = np.array(["FS", "SS", "FF", "SF"])

    def links(mask: BoolArray) -> tuple[str, ...]:
        return tuple(
            f"{ids[c.link_pred[k]]} -> {ids[c.link_succ[k]]}"
            + ("" if c.link_type[k] == 0 else f" ({names[c.link_type[k]]})")
            for k in np.flatnonzero(mask).tolist()
        )

    for name, lmask, thr, what in (
        ("leads", rel & (c.link_lag < 0), th.leads, "relationships have a lead"),
        ("lags", rel & (c.link_lag > 0), th.lags, "relationships have a lag"),
    ):
        k = int(lmask.sum())
        m, ok = _share(k, n_rel, thr)
        add(
            name,
            passed=ok,
            metric=m,
            threshold=thr,
            comparison="<=",
            count=k,
            population=n_rel,
            offenders=links(lmask),
            detail=f"{k} of {n_rel} {what} ({100 * m:.1f}%; limit {100 * thr:g}%)",
        )
    fs = rel & (c.link_type == 0)
    k_fs = int(fs.sum())
    non_fs = rel & (c.link_type != 0)
    fs_share = k_fs / n_rel if n_rel else 1.0
    add(
        "relationship_types",
        passed=k_fs >= th.fs_share * n_rel - _TOL,
        metric=fs_share,
        threshold=th.fs_share,
        comparison=">=",
        count=k_fs,
        population=n_rel,
        offenders=links(non_fs),
        detail=f"{k_fs} of {n_rel} relationships are finish-to-start ({100 * fs_share:.1f}%; "
        f"at least {100 * th.fs_share:g}% required)",
    )

    # 5 hard constraints
    share_check(
        "hard_constraints",
        tasks & hard,
        n_tasks,
        th.hard_constraints,
        "tasks carry a hard constraint (MSO, MFO, SNLT, FNLT)",
    )
    # 6, 7 float
    share_check(
        "high_float",
        tasks & (tf > th.high_float_days + _TOL),
        n_tasks,
        th.high_float,
        f"tasks have total float > {th.high_float_days:g} working days",
    )
    share_check(
        "negative_float",
        tasks & (tf < -_TOL),
        n_tasks,
        th.negative_float,
        "tasks have negative total float",
    )
    # 8 duration
    share_check(
        "high_duration",
        tasks & (b_dur > th.high_duration_days + _TOL),
        n_tasks,
        th.high_duration,
        f"tasks have a baseline duration > {th.high_duration_days:g} working days",
    )

    # 9 invalid dates
    pop9 = ~excl
    if now is None:
        not_applicable(
            "invalid_dates",
            threshold=th.invalid_dates,
            comparison="<=",
            count=0,
            population=int(pop9.sum()),
            detail="not applicable: no status date",
        )
    else:
        with np.errstate(invalid="ignore"):
            bad = (
                (~started & (es < now - _TOL))
                | (~done & (ef < now - _TOL))
                | (started & (a_start > now + _TOL))
                | (done & (a_finish > now + _TOL))
            )
        share_check(
            "invalid_dates",
            pop9 & bad,
            int(pop9.sum()),
            th.invalid_dates,
            "activities have a forecast before, or an actual after, the status date",
        )

    # 10 resources
    if res_mask is None:
        not_applicable(
            "resources",
            threshold=th.resources,
            comparison="<=",
            count=0,
            population=n_tasks,
            detail="not applicable: no resource data (no demands and no 'resourced')",
        )
    else:
        share_check(
            "resources",
            tasks & ~res_mask,
            n_tasks,
            th.resources,
            "tasks have no resources or cost loaded",
        )

    # 11 missed tasks
    all_tasks = ~excl & ~milestone
    if now is None or np.isnan(b_finish).all():
        not_applicable(
            "missed_tasks",
            threshold=th.missed_tasks,
            comparison="<=",
            count=0,
            population=0,
            detail="not applicable: needs a status date and baseline finishes",
        )
    else:
        with np.errstate(invalid="ignore"):
            due = all_tasks & (b_finish <= now + _TOL)
            # due by now and not finished, or finished after its baseline finish
            missed = due & (~done | (a_finish > b_finish + _TOL))
        share_check(
            "missed_tasks",
            missed,
            int(due.sum()),
            th.missed_tasks,
            "tasks due by the status date finished late or are not finished",
        )

    # 12 critical path test
    cand = tasks.copy()
    crit: int | None
    if critical_activity is not None:
        crit = index[critical_activity]
        if not cand[crit]:
            raise ValidationError(
                f"'critical_activity' {critical_activity!r} must be an incomplete task with a "
                "duration > 0 that is not excluded"
            )
    elif cand.any():
        idx = np.flatnonzero(cand)
        order = np.lexsort((idx, es[idx], tf[idx]))
        crit = int(idx[order[0]])
    else:
        crit = None
    if crit is None:
        not_applicable(
            "critical_path_test",
            threshold=th.critical_path_delay,
            comparison="==",
            count=0,
            population=0,
            detail="not applicable: no incomplete task",
        )
        crit_id = None
    else:
        crit_id = ids[crit]
        d2 = d_eff.copy()
        d2[crit] += th.critical_path_delay
        _, finish2 = finish_of(d2)
        delta = finish2 - finish_own
        ok = abs(delta - th.critical_path_delay) <= 1e-6 * max(1.0, th.critical_path_delay)
        add(
            "critical_path_test",
            passed=ok,
            metric=delta,
            threshold=th.critical_path_delay,
            comparison="==",
            count=0 if ok else 1,
            population=1,
            offenders=() if ok else (crit_id,),
            detail=f"delaying {crit_id!r} by {th.critical_path_delay:g} working days moves the "
            f"project finish by {delta:g}",
        )

    # 13 CPLI
    t0 = 0.0 if now is None else now
    cpl = finish - t0
    if target is None or cpl <= _TOL:
        not_applicable(
            "cpli",
            threshold=th.cpli,
            comparison=">=",
            count=0,
            population=0,
            detail="not applicable: needs a target or baseline finish and remaining work",
        )
    else:
        float_ = target - finish
        cpli = (cpl + float_) / cpl
        add(
            "cpli",
            passed=cpli >= th.cpli - _TOL,
            metric=cpli,
            threshold=th.cpli,
            comparison=">=",
            count=0,
            population=0,
            detail=f"critical path length {cpl:g}, total float {float_:g} working days: "
            f"CPLI {cpli:.3f}",
        )

    # 14 BEI
    if now is None or np.isnan(b_finish).all():
        not_applicable(
            "bei",
            threshold=th.bei,
            comparison=">=",
            count=0,
            population=0,
            detail="not applicable: needs a status date and baseline finishes",
        )
    else:
        with np.errstate(invalid="ignore"):
            due = all_tasks & (b_finish <= now + _TOL)
        completed = all_tasks & done
        k_done, k_due = int(completed.sum()), int(due.sum())
        if k_due == 0:
            not_applicable(
                "bei",
                threshold=th.bei,
                comparison=">=",
                count=k_done,
                population=0,
                detail="not applicable: no task was baselined to finish by the status date",
            )
        else:
            bei = k_done / k_due
            add(
                "bei",
                passed=k_done >= th.bei * k_due - _TOL,
                metric=bei,
                threshold=th.bei,
                comparison=">=",
                count=k_done,
                population=k_due,
                offenders=_ids(ids, due & ~done),
                detail=f"{k_done} tasks completed against {k_due} baselined to finish by the "
                f"status date: BEI {bei:.3f}",
            )

    return DcmaAssessment(
        checks=tuple(checks),
        project_finish=finish,
        status_date=now,
        critical_activity=crit_id,
    )
