"""The DCMA 14-point schedule assessment.

The Defense Contract Management Agency's 14 checks of schedule quality (DCMA-EA PAM 200.1,
section 4), each computed on the compiled network arrays and returning its metric, the
threshold, pass/fail and the offending activities or links.

Populations
-----------
*Tasks* are incomplete activities (no actual finish) with a duration > 0 that are not in
``exclude`` (summary and level-of-effort ids); milestones and completed work are left out,
as in the DCMA's "total tasks" count. Level-of-effort activities (``kind="loe"``) are
excluded without being named, as the DCMA guidance asks (their links, durations, float
and dates would distort the logic, lag, relationship-type, float and duration shares):
they drive nothing in the forecast (their links carry no logic) and never set the
project finish. *Relationships* are links into incomplete activities (a link into
finished work no longer shapes the forecast), neither end excluded.

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
at s + d). Dates are accepted when ``start`` and ``calendar`` are given: a start date is
the start of that day, a finish date and the status date the end of that day.

Progress data
-------------
:class:`~pmokit.scheduling.Activity` carries no actual or baseline dates, so they are
explicit arguments (``actual_start``, ``actual_finish``, ``baseline_finish``,
``baseline_duration``). For a :class:`~pmokit.scheduling.Network`, forecasts come from the
scheduling engine's statusing (:mod:`pmokit.scheduling._status`, progress override without a
data date for started work): completed activities sit at their actual dates, started ones
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
from collections.abc import Callable, Collection, Mapping
from typing import Any, cast

import attrs
import numpy as np

from pmokit._deprecation import renamed_arguments
from pmokit._results import SAME_VALUES, IdMapping, PicklesReadOnly, display, records_to_frame
from pmokit._typing import BoolArray, FloatArray
from pmokit._validation import Problems
from pmokit.calendar import WorkCalendar
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.monitoring._baselines import _bei_counts, critical_path_length_index
from pmokit.scheduling import ConstraintType, Network, Schedule
from pmokit.scheduling._cpm import backward_pass, forward_pass
from pmokit.scheduling._network import CompiledNetwork
from pmokit.scheduling._status import ActivityProgress, Progress, StatusBounds, status_bounds

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
class DcmaCheck(PicklesReadOnly):
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
    metric: float = attrs.field(eq=SAME_VALUES, hash=False)
    threshold: float = attrs.field()
    comparison: str = attrs.field()
    count: int = attrs.field()
    population: int = attrs.field()
    offenders: tuple[str, ...] = attrs.field()
    detail: str = attrs.field()

    def to_record(self) -> dict[str, Any]:
        """The check as a dict (offenders joined by ``', '``)."""
        rec = attrs.asdict(self)
        rec["offenders"] = ", ".join(self.offenders)
        return rec


@display()
@attrs.frozen
class DcmaAssessment(PicklesReadOnly, IdMapping):
    """The 14 checks of one schedule.

    A read-only mapping from check name to :class:`DcmaCheck`: ``res["logic"]``,
    ``"logic" in res``, ``list(res)`` (the names in DCMA order), ``len(res)``,
    ``res.get(name)``; an unknown name raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).

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
    project_finish: float = attrs.field(eq=SAME_VALUES, hash=False)
    status_date: float | None = attrs.field()
    critical_activity: str | None = attrs.field()

    _what = "DCMA check"

    @property
    def ids(self) -> tuple[str, ...]:  # type: ignore[override]
        """Names of the checks, in DCMA order."""
        return tuple(c.name for c in self.checks)

    def _row(self, i: int) -> DcmaCheck:
        return self.checks[i]

    def _position(self, key: object) -> int:
        for i, c in enumerate(self.checks):
            if isinstance(key, str) and c.name == key:
                return i
        raise UnknownReferenceError(
            f"no DCMA check {key!r}; expected one of {', '.join(DCMA_CHECKS)}", [key]
        )

    def __getitem__(self, name: str) -> DcmaCheck:
        """The check called ``name`` (e.g. ``"logic"``)."""
        return self.checks[self._position(name)]

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
        """Share of applicable checks passed (nan if no check is applicable)."""
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

    def __init__(self, start: object, calendar: object, p: Problems) -> None:
        self.start = start
        self.calendar = calendar
        self.p = p

    def __call__(self, value: object, name: str, *, end_of_day: bool) -> float | None:
        if isinstance(value, _dt.date):
            if not isinstance(self.calendar, WorkCalendar) or not isinstance(self.start, _dt.date):
                self.p.add(
                    f"{name} is a date ({value.isoformat()}); pass start= (the project start "
                    "date) and calendar= (a WorkCalendar) to convert dates, or give working-day "
                    "offsets"
                )
                return None
            try:
                t = float(self.calendar.offset_of(self.start, value))
            except OverflowError:
                self.p.add(
                    f"{name} ({value.isoformat()}) is out of the supported date range from "
                    f"the start {self.start.isoformat()}"
                )
                return None
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
    mapping: Mapping[str, object] | None,
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
        if v is None:  # absent means "none yet"; None is refused, as NaN is
            conv.p.add(
                f"{label}[{aid!r}] must be a number of working days or a date (got None); "
                f"leave {aid!r} out of '{label}' while it has none"
            )
            continue
        t = conv(v, f"{label}[{aid!r}]", end_of_day=end_of_day)
        if t is not None and not isinstance(v, _dt.date) and t < 0:
            conv.p.add(f"{label}[{aid!r}] must be >= 0 [working days from the project start] "
                       f"(got {v!r})")
        elif t is not None:
            out[i] = t
    return out


def _share(count: int, population: int, threshold: float) -> tuple[float, bool]:
    if population == 0:
        return 0.0, True
    return count / population, count <= threshold * population + _TOL


def _ids(ids: tuple[str, ...], mask: BoolArray) -> tuple[str, ...]:
    return tuple(ids[i] for i in np.flatnonzero(mask).tolist())


@attrs.frozen(eq=False)
class _DcmaInput:
    """The validated input of :func:`dcma_assessment`: every time as a working-day offset.

    Built by :func:`_dcma_iv`, the one validation step; the checks read it and never
    raise.
    """

    th: DcmaThresholds
    net: Network
    c: CompiledNetwork
    given: Schedule | None
    now: float | None
    target: float | None
    a_start: FloatArray
    a_finish: FloatArray
    b_finish: FloatArray
    b_dur: FloatArray
    excl: BoolArray
    scope: BoolArray
    res_mask: BoolArray | None
    critical_activity: str | None
    # constraints as bounds of the statused CPM
    lower: FloatArray
    upper_c: FloatArray
    pin: FloatArray
    hard: BoolArray
    start_upper: BoolArray
    loe: BoolArray

    @property
    def ids(self) -> tuple[str, ...]:
        return cast("tuple[str, ...]", self.c.ids)  # ids are any hashable since issue 14

    @property
    def done(self) -> BoolArray:
        return ~np.isnan(self.a_finish)

    @property
    def started(self) -> BoolArray:
        return ~np.isnan(self.a_start)

    @property
    def milestone(self) -> BoolArray:
        return self.c.duration <= 0

    @property
    def tasks(self) -> BoolArray:
        """Incomplete, not excluded activities with a duration > 0."""
        return ~self.done & ~self.excl & ~self.milestone

    @property
    def all_tasks(self) -> BoolArray:
        """Not excluded activities with a duration > 0, complete or not."""
        return ~self.excl & ~self.milestone


def _dcma_iv(
    network_or_schedule: object,
    *,
    status_date: object,
    actual_start: Mapping[str, object] | None,
    actual_finish: Mapping[str, object] | None,
    baseline_finish: Mapping[str, object] | None,
    baseline_duration: Mapping[str, object] | None,
    target_finish: object,
    resourced: Collection[str] | None,
    exclude: Collection[str],
    project: str | None,
    critical_activity: str | None,
    thresholds: DcmaThresholds | None,
    start: object,
    calendar: object,
) -> _DcmaInput:
    """Validate every argument of :func:`dcma_assessment` and convert times; raise first."""
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
    conv = _Times(start, calendar, p)
    unknown: list[str] = []
    now = None if status_date is None else conv(status_date, "status_date", end_of_day=True)
    if now is not None and not isinstance(status_date, _dt.date) and now < 0:
        p.add(f"'status_date' must be >= 0 [working days from the project start] "
              f"(got {status_date!r})")
        now = None
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
    if exclude is None:
        p.add("'exclude' must be a collection of activity ids (got None); use () for none")
        exclude = ()
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
    # level-of-effort activities are left out of every population (DCMA: "LOE ... tasks
    # are excluded" from the counts); their links are neither relationships nor logic
    loe = np.zeros(n, dtype=bool)
    for i, kind in net.kinds.items():
        loe[i] = kind == "loe"
    excl |= loe
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
    inp = _DcmaInput(
        th=th,
        net=net,
        c=c,
        given=given,
        now=now,
        target=target,
        a_start=a_start,
        a_finish=a_finish,
        b_finish=b_finish,
        b_dur=b_dur,
        excl=excl,
        scope=scope,
        res_mask=res_mask,
        critical_activity=critical_activity,
        lower=lower,
        upper_c=upper_c,
        pin=pin,
        hard=hard,
        start_upper=start_upper,
        loe=loe,
    )
    if critical_activity is not None and not inp.tasks[index[critical_activity]]:
        raise ValidationError(
            f"'critical_activity' {critical_activity!r} must be an incomplete task with a "
            "duration > 0 that is not excluded"
        )
    return inp


# -- the statused CPM ---------------------------------------------------------------------


@attrs.frozen(eq=False)
class _Forecast:
    """Forecast dates of the assessed network [working days].

    ``finish_of(durations)`` reschedules with other durations (the critical path test).
    """

    es: FloatArray
    ef: FloatArray
    tf: FloatArray
    finish: float
    finish_own: float
    d_eff: FloatArray
    finish_of: Callable[[FloatArray], float]


def _status(inp: _DcmaInput, duration: FloatArray) -> StatusBounds:
    """The network statused by :mod:`pmokit.scheduling._status` (progress override, no
    data date: links into started work are ignored, started work runs its duration from
    its actual start, finished work sits at its actual dates)."""
    ids = inp.c.ids
    recs = [
        ActivityProgress(
            ids[i],
            actual_start=float(inp.a_start[i]),
            actual_finish=None if np.isnan(inp.a_finish[i]) else float(inp.a_finish[i]),
        )
        for i in np.flatnonzero(inp.started).tolist()
    ]
    p = Problems()
    st = status_bounds(inp.net, Progress(recs), None, "progress_override", None, None, p,
                       duration)
    p.raise_if_any()  # validated by _dcma_iv
    if st is None:  # pragma: no cover - status_bounds returns bounds when it adds no problem
        raise ValidationError("the progress could not be statused")
    return st


def _forecast(inp: _DcmaInput) -> _Forecast:
    """The forecast: the network statused by the scheduling engine's statusing.

    Completed activities sit at their actual dates, started ones run their duration from
    their actual start, unstarted ones start no earlier than the status date (so an
    in-progress task whose duration ran out before the status date shows in check 9);
    SNET/FNET are lower bounds, SNLT/FNLT upper bounds of the late dates, MSO/MFO pin the
    activity until it starts. A :class:`~pmokit.scheduling.Schedule` given by the caller
    supplies the forecast; the pass here still serves the critical path test.
    """
    c, now = inp.c, inp.now
    # an LOE drives nothing and never sets the finish: its links carry no logic here
    scope = inp.scope & ~inp.loe
    if not scope.any():
        scope = inp.scope
    cut = inp.loe[c.link_pred] | inp.loe[c.link_succ]
    n = c.n
    started = inp.started
    d = np.array(c.duration, dtype=np.float64)
    hard_pin = ~np.isnan(inp.pin) & ~started  # MSO/MFO bind only until the activity starts
    upper_c = np.where(started & inp.start_upper, np.inf, inp.upper_c)  # so does SNLT
    into_pin = hard_pin[c.link_succ] | cut

    def bounds(dur: FloatArray) -> tuple[StatusBounds, FloatArray]:
        st = _status(inp, dur)
        lower = np.where(started, st.lower, np.maximum(inp.lower, st.lower))
        if now is not None:
            lower = np.where(~started, np.maximum(lower, now), lower)
        return st, np.where(hard_pin, inp.pin, lower)

    def early(dur: FloatArray) -> tuple[FloatArray, FloatArray, float]:
        st, lower = bounds(dur)
        off = np.where(st.forward_cut | into_pin, -np.inf, c.link_offset(st.duration))
        es_ = forward_pass(c, off, lower)
        return es_, st.duration, float((es_ + st.duration)[scope].max()) if n else 0.0

    def finish_of(dur: FloatArray) -> float:
        return early(dur)[2]

    es_own, d_eff, finish_own = early(d)
    target = _target(inp)
    given = inp.given
    if given is None:
        es = es_own
        ef = es_own + d_eff
        finish = finish_own
        # late dates run back from the target (or forecast) finish of the assessed scope;
        # activities outside a project scope from the forecast finish of the whole network
        real = ~inp.loe if (~inp.loe).any() else np.ones(n, dtype=bool)
        end = np.where(scope, finish if target is None else target,
                       float(ef[real].max()) if n else 0.0)
        upper = np.minimum(end - d_eff, upper_c)
        # a hard-pinned activity's late start is at most its pin; started activities float
        # on their remaining work like any other
        upper = np.where(hard_pin, np.minimum(upper, inp.pin), upper)
        st, _ = bounds(d)
        off = np.where(st.forward_cut | into_pin, -np.inf, c.link_offset(d_eff))
        ls = backward_pass(c, off, upper)
        tf = ls - es
    else:
        es = np.asarray(given.early_start, dtype=np.float64)
        ef = np.asarray(given.early_finish, dtype=np.float64)
        tf = np.asarray(given.total_float, dtype=np.float64)
        finish = float(ef[scope].max()) if n else 0.0
    return _Forecast(
        es=es, ef=ef, tf=tf, finish=finish, finish_own=finish_own, d_eff=d_eff,
        finish_of=finish_of,
    )


def _target(inp: _DcmaInput) -> float | None:
    """The target finish: given, else the latest baseline finish of the scope (LOE
    activities left out)."""
    scope = inp.scope & ~inp.loe if (inp.scope & ~inp.loe).any() else inp.scope
    if inp.target is None and not np.isnan(inp.b_finish[scope]).all():
        return float(np.nanmax(inp.b_finish[scope]))
    return inp.target


# -- the 14 checks ------------------------------------------------------------------------


def _check(
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
) -> DcmaCheck:
    return DcmaCheck(
        number=DCMA_CHECKS.index(name) + 1,
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


def _not_applicable(
    name: str, *, threshold: float, comparison: str, count: int, population: int, detail: str
) -> DcmaCheck:
    return _check(
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


def _share_check(
    name: str, ids: tuple[str, ...], mask: BoolArray, pop: int, thr: float, what: str
) -> DcmaCheck:
    return _share_result(name, int(mask.sum()), pop, thr, _ids(ids, mask), what)


def _share_result(
    name: str, k: int, pop: int, thr: float, offenders: tuple[str, ...], what: str
) -> DcmaCheck:
    """A check passed when ``k`` of ``pop`` items is a share at most ``thr``."""
    m, ok = _share(k, pop, thr)
    return _check(
        name,
        passed=ok,
        metric=m,
        threshold=thr,
        comparison="<=",
        count=k,
        population=pop,
        offenders=offenders,
        detail=f"{k} of {pop} {what} ({100 * m:.1f}%; limit {100 * thr:g}%)",
    )


def _check_logic(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """1: tasks without a predecessor or a successor."""
    c, tasks = inp.c, inp.tasks
    # a link to or from a level-of-effort activity is no logic: it drives nothing
    real = ~(inp.loe[c.link_pred] | inp.loe[c.link_succ])
    has_pred = np.bincount(c.link_succ[real], minlength=c.n) > 0
    has_succ = np.bincount(c.link_pred[real], minlength=c.n) > 0
    return _share_check(
        "logic",
        inp.ids,
        tasks & ~(has_pred & has_succ),
        int(tasks.sum()),
        inp.th.logic,
        "tasks miss a predecessor or a successor",
    )


_LINK_NAMES = ("FS", "SS", "FF", "SF")


def _relationships(inp: _DcmaInput) -> BoolArray:
    """Links into incomplete activities, neither end excluded."""
    c = inp.c
    rel: BoolArray = ~inp.done[c.link_succ] & ~inp.excl[c.link_pred] & ~inp.excl[c.link_succ]
    return rel


def _links(inp: _DcmaInput, mask: BoolArray) -> tuple[str, ...]:
    c, ids = inp.c, inp.ids
    return tuple(
        f"{ids[c.link_pred[k]]} -> {ids[c.link_succ[k]]}"
        + ("" if c.link_type[k] == 0 else f" ({_LINK_NAMES[c.link_type[k]]})")
        for k in np.flatnonzero(mask).tolist()
    )


def _link_share(inp: _DcmaInput, name: str, lmask: BoolArray, thr: float, what: str) -> DcmaCheck:
    n_rel = int(_relationships(inp).sum())
    return _share_result(name, int(lmask.sum()), n_rel, thr, _links(inp, lmask), what)


def _check_leads(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """2: relationships with a negative lag."""
    lmask = _relationships(inp) & (inp.c.link_lag < 0)
    return _link_share(inp, "leads", lmask, inp.th.leads, "relationships have a lead")


def _check_lags(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """3: relationships with a positive lag."""
    lmask = _relationships(inp) & (inp.c.link_lag > 0)
    return _link_share(inp, "lags", lmask, inp.th.lags, "relationships have a lag")


def _check_relationship_types(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """4: share of finish-to-start relationships."""
    c, th = inp.c, inp.th
    rel = _relationships(inp)
    n_rel = int(rel.sum())
    fs = rel & (c.link_type == 0)
    k_fs = int(fs.sum())
    non_fs = rel & (c.link_type != 0)
    fs_share = k_fs / n_rel if n_rel else 1.0
    return _check(
        "relationship_types",
        passed=k_fs >= th.fs_share * n_rel - _TOL,
        metric=fs_share,
        threshold=th.fs_share,
        comparison=">=",
        count=k_fs,
        population=n_rel,
        offenders=_links(inp, non_fs),
        detail=f"{k_fs} of {n_rel} relationships are finish-to-start ({100 * fs_share:.1f}%; "
        f"at least {100 * th.fs_share:g}% required)",
    )


def _check_hard_constraints(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """5: tasks with MSO, MFO, SNLT or FNLT."""
    tasks = inp.tasks
    return _share_check(
        "hard_constraints",
        inp.ids,
        tasks & inp.hard,
        int(tasks.sum()),
        inp.th.hard_constraints,
        "tasks carry a hard constraint (MSO, MFO, SNLT, FNLT)",
    )


def _check_high_float(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """6: tasks with total float above the limit."""
    tasks, th = inp.tasks, inp.th
    return _share_check(
        "high_float",
        inp.ids,
        tasks & (fc.tf > th.high_float_days + _TOL),
        int(tasks.sum()),
        th.high_float,
        f"tasks have total float > {th.high_float_days:g} working days",
    )


def _check_negative_float(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """7: tasks with negative total float."""
    tasks = inp.tasks
    return _share_check(
        "negative_float",
        inp.ids,
        tasks & (fc.tf < -_TOL),
        int(tasks.sum()),
        inp.th.negative_float,
        "tasks have negative total float",
    )


def _check_high_duration(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """8: tasks with a baseline duration above the limit."""
    tasks, th = inp.tasks, inp.th
    return _share_check(
        "high_duration",
        inp.ids,
        tasks & (inp.b_dur > th.high_duration_days + _TOL),
        int(tasks.sum()),
        th.high_duration,
        f"tasks have a baseline duration > {th.high_duration_days:g} working days",
    )


def _check_invalid_dates(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """9: forecasts before, or actuals after, the status date."""
    pop9 = ~inp.excl
    now = inp.now
    if now is None:
        return _not_applicable(
            "invalid_dates",
            threshold=inp.th.invalid_dates,
            comparison="<=",
            count=0,
            population=int(pop9.sum()),
            detail="not applicable: no status date",
        )
    started, done = inp.started, inp.done
    with np.errstate(invalid="ignore"):
        bad = (
            (~started & (fc.es < now - _TOL))
            | (~done & (fc.ef < now - _TOL))
            | (started & (inp.a_start > now + _TOL))
            | (done & (inp.a_finish > now + _TOL))
        )
    return _share_check(
        "invalid_dates",
        inp.ids,
        pop9 & bad,
        int(pop9.sum()),
        inp.th.invalid_dates,
        "activities have a forecast before, or an actual after, the status date",
    )


def _check_resources(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """10: tasks without resources or cost loaded."""
    tasks = inp.tasks
    n_tasks = int(tasks.sum())
    if inp.res_mask is None:
        return _not_applicable(
            "resources",
            threshold=inp.th.resources,
            comparison="<=",
            count=0,
            population=n_tasks,
            detail="not applicable: no resource data (no demands and no 'resourced')",
        )
    return _share_check(
        "resources",
        inp.ids,
        tasks & ~inp.res_mask,
        n_tasks,
        inp.th.resources,
        "tasks have no resources or cost loaded",
    )


def _due(inp: _DcmaInput, now: float) -> BoolArray:
    """Tasks baselined to finish by the status date."""
    with np.errstate(invalid="ignore"):
        due: BoolArray = inp.all_tasks & (inp.b_finish <= now + _TOL)
    return due


def _check_missed_tasks(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """11: tasks due by the status date that finished late or are not finished."""
    now = inp.now
    if now is None or np.isnan(inp.b_finish).all():
        return _not_applicable(
            "missed_tasks",
            threshold=inp.th.missed_tasks,
            comparison="<=",
            count=0,
            population=0,
            detail="not applicable: needs a status date and baseline finishes",
        )
    due = _due(inp, now)
    with np.errstate(invalid="ignore"):
        # due by now and not finished, or finished after its baseline finish
        missed = due & (~inp.done | (inp.a_finish > inp.b_finish + _TOL))
    return _share_check(
        "missed_tasks",
        inp.ids,
        missed,
        int(due.sum()),
        inp.th.missed_tasks,
        "tasks due by the status date finished late or are not finished",
    )


def _critical_task(inp: _DcmaInput, fc: _Forecast) -> int | None:
    """The task delayed by the critical path test (validated by :func:`_dcma_iv`)."""
    if inp.critical_activity is not None:
        return inp.c.index[inp.critical_activity]
    cand = inp.tasks
    if not cand.any():
        return None
    idx = np.flatnonzero(cand)
    order = np.lexsort((idx, fc.es[idx], fc.tf[idx]))
    return int(idx[order[0]])


def _check_critical_path_test(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """12: delaying the most critical task delays the finish by as much."""
    th = inp.th
    crit = _critical_task(inp, fc)
    if crit is None:
        return _not_applicable(
            "critical_path_test",
            threshold=th.critical_path_delay,
            comparison="==",
            count=0,
            population=0,
            detail="not applicable: no incomplete task",
        )
    crit_id = inp.ids[crit]
    d2 = fc.d_eff.copy()
    d2[crit] += th.critical_path_delay
    delta = fc.finish_of(d2) - fc.finish_own
    ok = abs(delta - th.critical_path_delay) <= 1e-6 * max(1.0, th.critical_path_delay)
    return _check(
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


def _check_cpli(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """13: critical path length index."""
    th = inp.th
    t0 = 0.0 if inp.now is None else inp.now
    cpl = fc.finish - t0
    target = _target(inp)
    if target is None or cpl <= _TOL:
        return _not_applicable(
            "cpli",
            threshold=th.cpli,
            comparison=">=",
            count=0,
            population=0,
            detail="not applicable: needs a target or baseline finish and remaining work",
        )
    float_ = target - fc.finish
    cpli = critical_path_length_index(cpl, float_)
    return _check(
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


def _check_bei(inp: _DcmaInput, fc: _Forecast) -> DcmaCheck:
    """14: baseline execution index."""
    th, now = inp.th, inp.now
    if now is None or np.isnan(inp.b_finish).all():
        return _not_applicable(
            "bei",
            threshold=th.bei,
            comparison=">=",
            count=0,
            population=0,
            detail="not applicable: needs a status date and baseline finishes",
        )
    due = _due(inp, now)
    k_done, k_due = _bei_counts(inp.b_finish, inp.done, inp.all_tasks, now)
    if k_due == 0:
        return _not_applicable(
            "bei",
            threshold=th.bei,
            comparison=">=",
            count=k_done,
            population=0,
            detail="not applicable: no task was baselined to finish by the status date",
        )
    bei = k_done / k_due
    return _check(
        "bei",
        passed=k_done >= th.bei * k_due - _TOL,
        metric=bei,
        threshold=th.bei,
        comparison=">=",
        count=k_done,
        population=k_due,
        offenders=_ids(inp.ids, due & ~inp.done),
        detail=f"{k_done} tasks completed against {k_due} baselined to finish by the "
        f"status date: BEI {bei:.3f}",
    )


_CHECK_FUNCTIONS: tuple[Callable[[_DcmaInput, _Forecast], DcmaCheck], ...] = (
    _check_logic,
    _check_leads,
    _check_lags,
    _check_relationship_types,
    _check_hard_constraints,
    _check_high_float,
    _check_negative_float,
    _check_high_duration,
    _check_invalid_dates,
    _check_resources,
    _check_missed_tasks,
    _check_critical_path_test,
    _check_cpli,
    _check_bei,
)
"""One function per check, in DCMA order."""


@renamed_arguments(origin="start")
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
    start: _dt.date | None = None,
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
        actual finish is complete and needs an actual start. An activity not started (not
        finished) is left out of the mapping: a ``None`` or NaN value is refused.
    baseline_finish
        Activity id -> baseline finish [working days or dates], for missed tasks and BEI.
        The latest baseline finish is the default ``target_finish``. An activity without a
        baseline is left out (``None`` is refused).
    baseline_duration
        Activity id -> baseline duration [working days] for the high-duration check
        (default, and for ids left out: the network's durations; ``None`` is refused).
    target_finish
        Baseline or contract finish of the project [working days or date]: late dates run
        back from it (so a later forecast gives negative float) and CPLI measures against
        it. Default: the latest baseline finish, else the forecast finish.
    resourced
        Ids of activities with resources or cost loaded (default: activities with a
        positive entry in ``Activity.demands``). If ``None`` and no activity has demands,
        the resources check is not applicable.
    exclude
        Ids to leave out of every population (summary activities, and level-of-effort
        activities not marked ``kind="loe"``: those are left out anyway).
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
    start, calendar
        Project start date and calendar, to accept dates instead of offsets. ``origin``
        is the deprecated name of ``start`` (kept for one release, with a
        DeprecationWarning).

    Returns
    -------
    DcmaAssessment

    Raises
    ------
    UnknownReferenceError
        If a mapping, ``exclude``, ``resourced`` or ``critical_activity`` names an id that is
        not in the network (all listed).
    ValidationError
        If times are not finite numbers or convertible dates (``None`` included), an
        actual finish has no actual start or precedes it, or ``critical_activity`` is
        complete or a milestone.

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
    inp = _dcma_iv(
        network_or_schedule,
        status_date=status_date,
        actual_start=actual_start,
        actual_finish=actual_finish,
        baseline_finish=baseline_finish,
        baseline_duration=baseline_duration,
        target_finish=target_finish,
        resourced=resourced,
        exclude=exclude,
        project=project,
        critical_activity=critical_activity,
        thresholds=thresholds,
        start=start,
        calendar=calendar,
    )
    fc = _forecast(inp)
    checks = tuple(check(inp, fc) for check in _CHECK_FUNCTIONS)
    crit = _critical_task(inp, fc)
    return DcmaAssessment(
        checks=checks,
        project_finish=fc.finish,
        status_date=inp.now,
        critical_activity=None if crit is None else inp.ids[crit],
    )
