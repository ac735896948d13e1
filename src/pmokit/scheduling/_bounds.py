"""Constraints and settings become the arrays the passes take: the one place.

Every engine reads constraints, the project deadline and must-finish-by date, the leveling
delay and ALAP from here: :func:`~pmokit.scheduling.schedule` (one calendar and the
per-activity calendar engine of :mod:`._calendars`), ``simulate`` (:func:`risk_bounds`),
``slip_impact``, ``level`` and the analyses (:func:`start_bounds`).

What a constraint does is one row of :data:`RULES`:

``finish``
    the date bounds the finish (the start bound is the date minus the duration);
``early``
    it raises early dates (a lower bound on the early start);
``late``
    it lowers late dates (an upper bound on the late start);
``honored``
    MS Project's "Tasks will always honor their constraint dates" makes it win over logic
    (its upper bound also caps the early start);
``pins``
    when it wins over logic (honored, or mandatory), its date is also the late date,
    whatever the successors need;
``fixed``
    it always wins over logic on early dates (the early start is the date, whatever the
    predecessors), without bounding the late dates: MS Project's manually scheduled task.

Adding a constraint type is one edit: the member of
:class:`~pmokit.scheduling.ConstraintType` and its row here (``tests/scheduling/
test_bounds.py`` checks that every member has one, and that each engine agrees with
:func:`start_bounds`). ASAP adds nothing; ALAP is placed by the passes (the ``alap``
list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs
import numpy as np

from pmokit._typing import BoolArray, FloatArray, Id, IntArray
from pmokit._validation import Problems, check_known, mapping_keys
from pmokit.calendar import WorkCalendar
from pmokit.scheduling import _dates
from pmokit.scheduling._network import ConstraintType, Network
from pmokit.scheduling._risk_passes import _Bounds

if TYPE_CHECKING:
    from pmokit.scheduling._status import StatusBounds


@attrs.frozen
class Rule:
    """What one constraint type does to the passes (see the module notes)."""

    finish: bool
    early: bool
    late: bool
    honored: bool = False
    pins: bool = False
    fixed: bool = False

    @property
    def caps(self) -> bool:
        """Whether its date caps the early date when it wins over logic."""
        return self.late or self.fixed


_T = ConstraintType
RULES: dict[ConstraintType, Rule | None] = {
    _T.ASAP: None,
    _T.ALAP: None,  # placed by the passes (``alap``)
    _T.SNET: Rule(finish=False, early=True, late=False),
    _T.FNET: Rule(finish=True, early=True, late=False),
    _T.SNLT: Rule(finish=False, early=False, late=True, honored=True),
    _T.FNLT: Rule(finish=True, early=False, late=True, honored=True),
    _T.MSO: Rule(finish=False, early=True, late=True, honored=True, pins=True),
    _T.MFO: Rule(finish=True, early=True, late=True, honored=True, pins=True),
    # P6's Start On / Finish On: "can delay an activity's early start or move forward an
    # activity's late start" (Oracle, P6 Web Access Help, "Constraints"); never honored
    _T.SO: Rule(finish=False, early=True, late=True),
    _T.FO: Rule(finish=True, early=True, late=True),
    # MS Project's manually scheduled task: "not moved by logic" (its start is kept)
    _T.MANUAL: Rule(finish=False, early=True, late=False, fixed=True),
}
"""The meaning of every constraint type (None: no date bound)."""


@attrs.frozen(eq=False)
class ConstraintTimes:
    """The dated constraints as offsets [working days of the project calendar].

    ``t`` is a start offset for a start constraint and a finish offset for a finish
    constraint; ``finish``, ``early``, ``late`` and ``caps`` are the rule's flags per
    entry."""

    idx: IntArray
    t: FloatArray
    finish: BoolArray
    early: BoolArray
    late: BoolArray
    caps: BoolArray


def _rules(network: Network) -> list[tuple[int, dt.date | float | None, Rule]]:
    """``(index, date or offset, rule)`` of each dated constraint, in index order."""
    out = []
    for i, con in network.constraints.items():
        rule = RULES[con.kind]
        if rule is not None:
            out.append((i, con.at, rule))
    return out


def alap_activities(network: Network) -> IntArray:
    """Indices of the ALAP activities, in index order."""
    return np.array(
        [i for i, con in network.constraints.items() if con.kind is ConstraintType.ALAP],
        dtype=np.int64,
    )


def constraint_times(
    network: Network, start: dt.date | None, calendar: WorkCalendar | None, problems: Problems
) -> ConstraintTimes:
    """Offsets of the dated constraints; a date without ``start`` is a problem."""
    c = network.compiled
    idx: list[int] = []
    ts: list[float] = []
    flags: list[tuple[bool, bool, bool, bool]] = []
    for i, at, rule in _rules(network):
        if isinstance(at, dt.date):
            if start is None or calendar is None:
                kind = network.constraints[i].kind
                problems.add(
                    f"the {kind.value} constraint of activity {c.ids[i]!r} is a date "
                    f"({at}), so the schedule needs 'start' (got start=None)"
                )
                continue
            fn = _dates.finish_offset if rule.finish else _dates.start_offset
            t = fn(calendar, start, at)
        else:
            t = float(at)  # type: ignore[arg-type]
        idx.append(i)
        ts.append(t)
        flags.append((rule.finish, rule.early, rule.late, rule.caps))
    f = np.array(flags, dtype=bool).reshape(-1, 4)
    return ConstraintTimes(np.array(idx, dtype=np.int64), np.array(ts, dtype=np.float64),
                           f[:, 0].copy(), f[:, 1].copy(), f[:, 2].copy(), f[:, 3].copy())


def start_bounds(
    network: Network,
    start: dt.date | None,
    calendar: WorkCalendar | None,
    problems: Problems,
    duration: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, IntArray]:
    """ES lower bounds (never below 0), LS upper bounds and the ALAP activities.

    ``duration`` overrides the network's durations (a finish constraint bounds the start
    at the constraint time minus the duration)."""
    c = network.compiled
    lower = np.zeros(c.n)
    upper = np.full(c.n, np.inf)
    ct = constraint_times(network, start, calendar, problems)
    d = c.duration if duration is None else duration
    s = ct.t - np.where(ct.finish, d[ct.idx], 0.0)
    for i, v, e, late in zip(ct.idx.tolist(), s.tolist(), ct.early.tolist(), ct.late.tolist(),
                             strict=True):
        if e:
            lower[i] = max(lower[i], v)
        if late:
            upper[i] = min(upper[i], v)
    return lower, upper, alap_activities(network)


def finish_held_lower(
    network: Network,
    start: dt.date | None,
    calendar: WorkCalendar | None,
    lower: FloatArray,
    duration: FloatArray | None = None,
) -> BoolArray:
    """Per activity, whether its start bound ``lower`` is a finish constraint's (FNET,
    MFO, FO: the date minus the duration), so that a milestone held there sits at the end
    of that finish (MS Project's "Finish No Earlier Than Monday" milestone is Monday
    17:00, not Tuesday 08:00)."""
    c = network.compiled
    ct = constraint_times(network, start, calendar, Problems())
    d = c.duration if duration is None else duration
    sel = ct.finish & ct.early
    fl = np.full(c.n, -np.inf)
    np.maximum.at(fl, ct.idx[sel], ct.t[sel] - d[ct.idx[sel]])
    held: BoolArray = np.isfinite(fl) & (fl >= lower - 1e-9)
    return held


def early_caps(
    network: Network,
    start: dt.date | None,
    calendar: WorkCalendar | None,
    capped: BoolArray,
    duration: FloatArray | None = None,
) -> FloatArray:
    """Per activity, the latest early start of a ``capped`` one (its constraint wins over
    logic), ``inf`` for the others [working days]."""
    c = network.compiled
    cap = np.full(c.n, np.inf)
    ct = constraint_times(network, start, calendar, Problems())
    d = c.duration if duration is None else duration
    s = ct.t - np.where(ct.finish, d[ct.idx], 0.0)
    for i, v, on in zip(ct.idx.tolist(), s.tolist(), ct.caps.tolist(), strict=True):
        if on and capped[i]:
            cap[i] = min(cap[i], v)
    return cap


def logic_yields(network: Network, honor: bool) -> tuple[BoolArray, BoolArray]:
    """Activities whose constraint wins over logic: ``capped`` (its upper bound also caps
    the early start: an honored type under MS Project's "honor constraint dates", or P6's
    mandatory MSO / MFO) and ``pinned`` (its late start is the constraint, whatever its
    successors need)."""
    n = network.compiled.n
    capped = np.zeros(n, dtype=bool)
    pinned = np.zeros(n, dtype=bool)
    for i, con in network.constraints.items():
        rule = RULES[con.kind]
        if rule is None:
            continue
        if con.mandatory or rule.fixed or (honor and rule.honored):
            capped[i] = True
            pinned[i] = rule.pins
    return capped, pinned


@attrs.frozen(eq=False)
class Instants:
    """Constraint instants of the per-activity calendar engine, by activity index."""

    lo_start: dict[int, float]
    lo_fin: dict[int, float]
    up_start: dict[int, float]
    up_fin: dict[int, float]
    alap: set[int]
    cap_start: dict[int, float]
    cap_fin: dict[int, float]


def constraint_instants(
    network: Network, instant: Callable[[dt.date | float, bool], float]
) -> Instants:
    """The constraints as instants: ``instant(at, finish)`` turns a date or an offset
    into the instant of a start (``finish=False``) or of a finish. ``cap_start`` and
    ``cap_fin`` hold the dates that cap the early dates when the constraint wins."""
    out = Instants({}, {}, {}, {}, set(alap_activities(network).tolist()), {}, {})
    for i, at, rule in _rules(network):
        x = instant(at, rule.finish)  # type: ignore[arg-type]
        if rule.early:
            (out.lo_fin if rule.finish else out.lo_start)[i] = x
        if rule.late:
            (out.up_fin if rule.finish else out.up_start)[i] = x
        if rule.caps:
            (out.cap_fin if rule.finish else out.cap_start)[i] = x
    return out


@attrs.frozen(eq=False)
class ScheduleBounds:
    """What :func:`~pmokit.scheduling.schedule` passes to its engines.

    ``lower`` / ``upper`` bound early / late starts [working days], ``cap`` the early
    starts of the ``capped`` activities (``inf`` elsewhere); ``alap`` lists the
    ALAP activities; ``capped`` / ``pinned`` the constraints that win over logic;
    ``delay`` the leveling delay per activity (None without); ``deadline`` and
    ``must_finish_by`` as offsets (None without)."""

    lower: FloatArray
    upper: FloatArray
    cap: FloatArray
    alap: IntArray
    capped: BoolArray
    pinned: BoolArray
    delay: FloatArray | None
    deadline: float | None
    must_finish_by: float | None

    def shifted(self, offset: FloatArray, link_succ: IntArray) -> tuple[FloatArray, FloatArray]:
        """``(lower, offset)`` with the leveling delay folded in: a delay shifts the start
        after everything that holds it, its lower bound and every link into it (one
        place, so both passes and free float see it)."""
        if self.delay is None or not self.delay.any():
            return self.lower, offset
        return self.lower + self.delay, offset + self.delay[link_succ]


def _project_offset(
    value: dt.date | float | None, name: str, origin: dt.date | None,
    cal: WorkCalendar | None, problems: Problems,
) -> float | None:
    """A project date (the end of that day) or offset as a finish offset [working days]."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        if origin is None or cal is None:
            problems.add(f"'{name}' is a date ({value}), so the schedule needs 'start'")
            return None
        return _dates.finish_offset(cal, origin, value)
    before = len(problems)
    problems.check_number(value, name)
    return float(value) if len(problems) == before else None


def leveling_delays(
    network: Network, leveling_delay: Mapping[Id, float] | None, problems: Problems
) -> FloatArray | None:
    """The leveling delay per activity [working days], validated (None without)."""
    if leveling_delay is None:
        return None
    mapping_keys(leveling_delay, "leveling_delay")
    c = network.compiled
    check_known(leveling_delay, c.index, "leveling_delay", "activity")
    delay = np.zeros(c.n)
    for aid, v in leveling_delay.items():
        before = len(problems)
        problems.check_number(v, f"leveling_delay of activity {aid!r}", minimum=0.0)
        if len(problems) == before:
            delay[c.index[aid]] = float(v)
    return delay


def schedule_bounds(
    network: Network,
    origin: dt.date | None,
    cal: WorkCalendar | None,
    problems: Problems,
    *,
    deadline: dt.date | float | None = None,
    must_finish_by: dt.date | float | None = None,
    honor_constraints: bool = False,
    leveling_delay: Mapping[Id, float] | None = None,
    duration: FloatArray | None = None,
) -> ScheduleBounds:
    """Validate and compile what :func:`~pmokit.scheduling.schedule` bounds its passes
    with (problems collected in ``problems``); ``duration`` overrides the planned
    durations (remaining durations under statusing)."""
    lower, upper, alap = start_bounds(network, origin, cal, problems, duration)
    dl = _project_offset(deadline, "deadline", origin, cal, problems)
    mfb = _project_offset(must_finish_by, "must_finish_by", origin, cal, problems)
    delay = leveling_delays(network, leveling_delay, problems)
    capped, pinned = logic_yields(network, honor_constraints)
    cap = early_caps(network, origin, cal, capped) if capped.any() else np.full(len(lower),
                                                                                np.inf)
    return ScheduleBounds(lower, upper, cap, alap, capped, pinned, delay, dl, mfb)


def with_status(b: ScheduleBounds, network: Network, st: StatusBounds) -> ScheduleBounds:
    """The bounds under statusing (:mod:`._status`): a started activity's start has
    happened (its start constraints, ALAP and the constraints that win over logic no
    longer bind; finish constraints bound its remaining work from the status bounds);
    finished work sits at its actual dates; the rest starts no earlier than the data
    date."""
    lower = np.where(st.started, st.lower, np.maximum(b.lower, st.lower))
    upper = np.minimum(b.upper, st.upper)
    for i, con in network.constraints.items():
        rule = RULES[con.kind]
        if st.started[i] and rule is not None and not rule.finish:
            upper[i] = np.inf
    upper = np.where(st.finished, st.actual_start, upper)
    # a leveling delay moves work not started only
    delay = None if b.delay is None else np.where(st.started, 0.0, b.delay)
    return attrs.evolve(b, lower=lower, upper=upper, alap=b.alap[~st.started[b.alap]],
                        capped=b.capped & ~st.started, pinned=b.pinned & ~st.started,
                        delay=delay)


def risk_bounds(
    network: Network, pos: IntArray, origin: dt.date | None, cal: WorkCalendar | None
) -> _Bounds | None:
    """The constraint bounds of ``simulate`` in row coordinates (``pos``: the row of each
    activity), as :func:`~pmokit.scheduling.schedule` applies them: start and finish
    bounds kept apart (durations vary per iteration), and P6's mandatory constraints
    capping the early dates and pinning the late ones (None without dated constraints)."""
    problems = Problems()
    ct = constraint_times(network, origin, cal, problems)
    problems.raise_if_any()
    if not ct.idx.size:
        return None
    c = network.compiled
    keep = np.argsort(pos[ct.idx], kind="stable")
    idx, t = ct.idx[keep], ct.t[keep]
    fin, early, late, caps = ct.finish[keep], ct.early[keep], ct.late[keep], ct.caps[keep]
    k = idx.size
    lower = np.where(early & ~fin, np.maximum(t, 0.0), 0.0)
    lower_f = np.where(early & fin, t, -np.inf)
    upper = np.where(late & ~fin, t, np.inf)
    upper_f = np.where(late & fin, t, np.inf)
    rows = pos[idx]
    levels = c.level[idx]
    by_level = tuple((int(v), np.flatnonzero(levels == v)) for v in np.unique(levels))
    capped, pinned = logic_yields(network, False)
    cap = cap_f = None
    pins: tuple[tuple[int, IntArray], ...] = ()
    if capped[idx].any():
        on = capped[idx] & caps
        cap = np.where(on & ~fin, t, np.inf)[:, None]
        cap_f = np.where(on & fin, t, np.inf)[:, None]
        first = c.level_ptr[levels]
        pin = pinned[idx]
        pins = tuple((int(v), np.flatnonzero(pin & (first == v)))
                     for v in np.unique(first[pin]))
    return _Bounds(rows, lower.reshape(k, 1), lower_f.reshape(k, 1), upper.reshape(k, 1),
                   upper_f.reshape(k, 1), by_level, cap, cap_f, pins)


def expected_finishes(
    network: Network,
    expected_finish: Mapping[Id, dt.date | float] | None,
    origin: dt.date | None,
    cal: WorkCalendar | None,
    problems: Problems,
    *,
    own_calendars: bool = False,
    clock: bool = False,
    statused: bool = False,
) -> tuple[IntArray, FloatArray]:
    """P6's "Expected Finish" per activity as finish offsets [working days], validated:
    ``(indices, offsets)`` in the mapping's order.

    An expected finish sets the (remaining) duration from the activity's (remaining) early
    start, so the activity's start must not depend on its own duration: a
    finish-to-finish or start-to-finish link into it, a finish constraint or ALAP are
    refused. With activities on their own calendars the duration counts the activity's
    calendar; with progress there, that needs the clock engine (``clock=True``)."""
    idx: list[int] = []
    ts: list[float] = []
    if expected_finish is None:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    mapping_keys(expected_finish, "expected_finish")
    c = network.compiled
    check_known(expected_finish, c.index, "expected_finish", "activity")
    if own_calendars and expected_finish and not clock and statused:
        problems.add("'expected_finish' is not supported yet with activities on their own "
                     "calendars and progress ('actuals' or 'data_date') without clock=True "
                     "(the clock engine counts the remaining duration on each activity's "
                     f"calendar; got {dict(expected_finish)!r})")
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    finish_in = np.zeros(c.n, dtype=bool)
    finish_in[c.link_succ[c.link_to_finish]] = True
    for aid, x in expected_finish.items():
        i = c.index[aid]
        what = f"expected_finish of activity {aid!r}"
        con = network.constraints.get(i)
        rule = RULES[con.kind] if con is not None else None
        if finish_in[i]:
            problems.add(f"{what}: its start depends on its duration through a "
                         "finish-to-finish or start-to-finish link, which an expected "
                         "finish changes (not supported)")
        elif con is not None and (con.kind is ConstraintType.ALAP
                                  or (rule is not None and rule.finish)):
            problems.add(f"{what}: its {con.kind.value} constraint places it by its "
                         "duration, which an expected finish changes (not supported)")
        if x is None:
            problems.add(f"{what} must be a date or an offset [working days] (got None)")
            continue
        t = _project_offset(x, what, origin, cal, problems)
        if t is not None:
            idx.append(i)
            ts.append(t)
    return np.array(idx, dtype=np.int64), np.array(ts, dtype=np.float64)
