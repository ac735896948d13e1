"""Activities, dependencies and the network, compiled once to integer-indexed arrays."""

from __future__ import annotations

import builtins
import datetime as dt
import enum
import math
import numbers
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs
import networkx as nx
import numpy as np
import numpy.typing as npt

from pmokit._deprecation import warn_renamed
from pmokit._results import FrozenDict, PicklesReadOnly, frozen_dict
from pmokit._typing import FloatArray, Id, IntArray
from pmokit._validation import Problems, as_float_array, check_choice, check_id
from pmokit.calendar import WorkCalendar
from pmokit.errors import CycleError, DuplicateError, UnknownReferenceError, ValidationError
from pmokit.scheduling._frames import Table

__all__ = [
    "Activity",
    "CompiledNetwork",
    "Constraint",
    "ConstraintType",
    "Dependency",
    "LinkType",
    "Network",
]



class LinkType(enum.StrEnum):
    """Dependency types: finish-to-start, start-to-start, finish-to-finish, start-to-finish.

    The integer code used in compiled arrays is the position: FS=0, SS=1, FF=2, SF=3.
    """

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"

    @property
    def code(self) -> int:
        """Integer code in compiled arrays (FS=0, SS=1, FF=2, SF=3)."""
        return _LINK_CODES[self.value]


_LINK_CODES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}


@attrs.frozen
class LinkRule:
    """What one link type ties (see :data:`LINK_RULES`).

    ``from_finish``: the link leaves the predecessor's finish (else its start);
    ``to_finish``: it bounds the successor's finish (else its start)."""

    from_finish: bool
    to_finish: bool


LINK_RULES: dict[LinkType, LinkRule] = {
    LinkType.FS: LinkRule(from_finish=True, to_finish=False),
    LinkType.SS: LinkRule(from_finish=False, to_finish=False),
    LinkType.FF: LinkRule(from_finish=True, to_finish=True),
    LinkType.SF: LinkRule(from_finish=False, to_finish=True),
}
"""The meaning of every link type: the one table every engine reads (through
:func:`link_ends`). Adding a link type is its :class:`LinkType` member and its row here
(``tests/scheduling/test_network.py`` checks that every member has one, and that
``schedule`` and ``simulate`` follow a changed row alike)."""


def link_ends(link_type: npt.NDArray[np.int8]) -> tuple[npt.NDArray[np.bool_],
                                                        npt.NDArray[np.bool_]]:
    """Per link (type codes as in :attr:`CompiledNetwork.link_type`): whether it leaves
    the predecessor's finish and whether it bounds the successor's finish, from
    :data:`LINK_RULES`."""
    rules = [LINK_RULES[t] for t in LinkType]
    from_finish = np.array([r.from_finish for r in rules], dtype=bool)
    to_finish = np.array([r.to_finish for r in rules], dtype=bool)
    return from_finish[link_type], to_finish[link_type]


class ConstraintType(enum.StrEnum):
    """Date constraints, with MS Project's names.

    ASAP / ALAP: as soon / as late as possible; SNET / SNLT: start no earlier / later than;
    FNET / FNLT: finish no earlier / later than; MSO / MFO: must start / finish on.
    SO / FO: Primavera P6's "Start On" / "Finish On": the date raises the early date and
    lowers the late date, and logic always wins (MS Project's "honor constraint dates"
    does not apply to them). MANUAL: MS Project's manually scheduled task: it starts at
    the date whatever its predecessors (logic does not move it), its successors follow
    it, and its late dates come from its successors as usual; on clock time
    (``clock=True``) as MS Project dates them: its late finish is the instant its
    successors allow (Monday 08:00, not moved back to Friday 17:00), and links from its
    start (SS, SF) do not bound its late dates. What each type does is
    one row of ``_bounds.RULES``.
    """

    ASAP = "ASAP"
    ALAP = "ALAP"
    SNET = "SNET"
    SNLT = "SNLT"
    FNET = "FNET"
    FNLT = "FNLT"
    MSO = "MSO"
    MFO = "MFO"
    SO = "SO"
    FO = "FO"
    MANUAL = "MANUAL"


def _to_constraint_type(value: Any) -> ConstraintType:
    try:
        return ConstraintType(value)
    except ValueError:
        options = ", ".join(c.value for c in ConstraintType)
        raise ValidationError(
            f"'kind' of a constraint must be one of {options} (got {value!r})"
        ) from None


@attrs.frozen
class Constraint:
    """A date constraint on one activity.

    Parameters
    ----------
    kind
        One of :class:`ConstraintType` (or its string value, e.g. ``"SNET"``).
    at
        The constraint date: a ``datetime.date`` (needs a schedule ``start`` and calendar)
        or a number of working days from the project start [working days]. Not used by
        ASAP and ALAP.
    mandatory
        P6's "Mandatory Start" / "Mandatory Finish" (only with MSO / MFO): the date is
        imposed on both early and late dates and logic yields to it (a predecessor that
        finishes later shows negative float instead of moving the activity). Default
        False: logic wins, as P6's "Start On" / "Finish On" and MS Project with "Tasks
        will always honor their constraint dates" off.
    """

    kind: ConstraintType = attrs.field(converter=_to_constraint_type)
    at: dt.date | float | None = None
    mandatory: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.mandatory, bool):
            raise ValidationError(
                f"'mandatory' of a constraint must be True or False (got {self.mandatory!r})"
            )
        if self.mandatory and self.kind not in (ConstraintType.MSO, ConstraintType.MFO):
            raise ValidationError(
                "'mandatory' applies to MSO and MFO constraints only (P6's Mandatory Start "
                f"and Mandatory Finish; got a {self.kind.value} constraint)"
            )
        at = self.at
        if isinstance(at, dt.date):
            return
        if at is None and self.kind in (ConstraintType.ASAP, ConstraintType.ALAP):
            return  # ASAP and ALAP need no date (a given one is checked, then unused)
        if isinstance(at, bool) or not isinstance(at, numbers.Real) or not math.isfinite(at):
            raise ValidationError(
                f"'at' of a {self.kind.value} constraint must be a date or a finite number of "
                f"working days (got {at!r})"
            )


def _as_id(value: object, what: str, of: str = "") -> Id:
    """``value`` as an id (the rule of :func:`pmokit._validation.check_id`); numpy integers
    become Python ints, so ``np.int64(1)`` and ``1`` are one id with one repr."""
    problem = check_id(value, what)
    if problem is not None:
        raise ValidationError(problem.replace(f"'{what}'", f"'{what}'{of}", 1))
    if isinstance(value, np.integer):
        return int(value)
    return value


def _activity_id_converter(value: object) -> Id:
    return _as_id(value, "id", " of an activity")


def _activity_duration(instance: Any, attribute: Any, value: Any) -> None:
    del attribute
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValidationError(
            f"'duration' of activity {instance.id!r} must be a number of working days "
            f"(got {value!r} that is a {type(value).__name__})"
        )
    if not math.isfinite(value) or value < 0:
        raise ValidationError(
            f"'duration' of activity {instance.id!r} must be a finite number >= 0 "
            f"[working days] (got {value!r})"
        )


def _real_to_float(value: Any) -> Any:
    """A real number becomes a float; anything else is left for the validator to name."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        return float(value)
    return value


def _freeze_demands(value: Mapping[str, float] | None) -> FrozenDict:
    """A read-only copy: editing the caller's dict afterwards changes nothing here."""
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"'demands' must be a mapping of resource id to units (got {type(value).__name__})"
        )
    return frozen_dict(
        {_as_id(k, "demands", " (a resource id)"): v for k, v in value.items()}
    )


ActivityKind = Literal["task", "start_milestone", "finish_milestone", "loe"]
"""Activity types (P6's names): a task, a start or finish milestone, a level of effort."""

_KINDS = ("task", "start_milestone", "finish_milestone", "loe")


def _activity_kind(instance: Any, attribute: Any, value: Any) -> None:
    del attribute
    if value not in _KINDS:
        raise ValidationError(
            f"'kind' of activity {instance.id!r} must be one of "
            f"{', '.join(repr(k) for k in _KINDS)} (got {value!r})"
        )
    if value in ("start_milestone", "finish_milestone") and instance.duration != 0:
        raise ValidationError(
            f"activity {instance.id!r} is a {value} so its 'duration' must be 0 "
            f"[working days] (got {instance.duration!r})"
        )


@attrs.frozen
class Activity:
    """One activity (task or milestone) of a network.

    Parameters
    ----------
    id
        Unique id within the network: any hashable except None, an empty or blank string,
        a float or a bool (``np.int64(1)`` is taken as ``1``).
    duration
        Duration [working days], >= 0; 0 makes a milestone.
    name
        Display name.
    calendar
        The activity's own calendar; None uses the schedule's calendar.
    constraint
        A date :class:`Constraint`; None means as soon as possible.
    demands
        Resource id -> units required while the activity runs (for resource-constrained
        scheduling and capacity planning). Copied into a read-only
        :class:`~pmokit._results.FrozenDict`: editing the mapping given afterwards changes
        nothing.
    project
        The project the activity belongs to (for cross-project views).
    kind
        The activity type (P6's): ``"task"`` (default); ``"start_milestone"`` (dated at
        the start of a working period) or ``"finish_milestone"`` (at the end of one),
        both of duration 0; ``"loe"``, a level of effort (hammock) whose span is taken
        from the activities it links to after the passes, so it drives nothing (see
        ``docs/scheduling.md``, "WBS, summaries and activity types").
    """

    id: Id = attrs.field(converter=_activity_id_converter)
    duration: float = attrs.field(converter=_real_to_float, validator=_activity_duration)
    name: str = attrs.field(default="", kw_only=True)
    calendar: WorkCalendar | None = attrs.field(default=None, kw_only=True)
    constraint: Constraint | None = attrs.field(default=None, kw_only=True)
    demands: Mapping[str, float] = attrs.field(
        factory=FrozenDict, converter=_freeze_demands, kw_only=True
    )
    project: str | None = attrs.field(default=None, kw_only=True)
    kind: ActivityKind = attrs.field(default="task", kw_only=True, validator=_activity_kind)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        for what, value, cls in (("calendar", self.calendar, WorkCalendar),
                                 ("constraint", self.constraint, Constraint)):
            if value is not None and not isinstance(value, cls):
                problems.add(
                    f"'{what}' of activity {self.id!r} must be a {cls.__name__} or None "
                    f"(got {value!r} that is a {type(value).__name__})"
                )
        for res, units in self.demands.items():
            problems.check_number(
                units, f"demand for resource {res!r} of activity {self.id!r}", minimum=0.0
            )
        if self.project is not None and (
            project_problem := check_id(self.project, f"project of activity {self.id!r}")
        ):
            problems.add(project_problem)
        problems.raise_if_any()


def _to_link_type(value: Any) -> LinkType:
    try:
        return LinkType(value)
    except ValueError:
        raise ValidationError(
            f"'type' of a dependency must be one of 'FS', 'SS', 'FF', 'SF' (got {value!r})"
        ) from None


def _dependency_lag(instance: Any, attribute: Any, value: Any) -> None:
    del attribute
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValidationError(
            f"'lag' of link {instance.predecessor} -> {instance.successor} must be a finite "
            f"number of working days (got {value!r} that is a {type(value).__name__})"
        )


def _predecessor_id(value: object) -> Id:
    return _as_id(value, "predecessor")


def _successor_id(value: object) -> Id:
    return _as_id(value, "successor")


_UNIT_NAMES = {
    **dict.fromkeys(("m", "min", "minute", "minutes"), "m"),
    **dict.fromkeys(("h", "hr", "hour", "hours"), "h"),
    **dict.fromkeys(("d", "day", "days"), "d"),
    **dict.fromkeys(("w", "wk", "week", "weeks"), "w"),
    **dict.fromkeys(("mo", "month", "months"), "mo"),
}


@attrs.frozen
class LagUnitRule:
    """What one lag unit counts (see :data:`LAG_UNIT_RULES`).

    As working time, ``minutes`` + (``days`` + ``weeks`` x days per week + ``months`` x
    days per month) x the day's minutes (the schedule calendar's ``hours_per_day``; the
    day-based engines count 8 hours, 5 days a week and 20 a month); as elapsed time,
    ``elapsed_minutes`` of 24/7 time."""

    elapsed_minutes: float
    minutes: float = 0.0
    days: float = 0.0
    weeks: float = 0.0
    months: float = 0.0

    def working_minutes(self, minutes_per_day: float, days_per_week: float = 5.0,
                        days_per_month: float = 20.0) -> float:
        """Working minutes of one unit [minutes]."""
        return self.minutes + minutes_per_day * (self.days + self.weeks * days_per_week
                                                 + self.months * days_per_month)


LAG_UNIT_RULES: dict[str, LagUnitRule] = {
    "d": LagUnitRule(elapsed_minutes=1440.0, days=1.0),
    "m": LagUnitRule(elapsed_minutes=1.0, minutes=1.0),
    "h": LagUnitRule(elapsed_minutes=60.0, minutes=60.0),
    "w": LagUnitRule(elapsed_minutes=10080.0, weeks=1.0),
    "mo": LagUnitRule(elapsed_minutes=43200.0, months=1.0),
}
"""The meaning of every lag unit; its order is the order of the codes (:data:`LAG_UNITS`),
so a new unit goes at the end."""
LAG_UNITS = tuple(LAG_UNIT_RULES)
"""Lag units, in the order of their codes in :attr:`CompiledNetwork.link_lag_unit`."""


@attrs.frozen
class LagKindRule:
    """What one lag kind counts (see :data:`LAG_KIND_RULES`).

    ``elapsed``: 24/7 calendar time, whatever the lag calendar (the day-based engines
    cannot place it); ``percent``: the lag is a percentage of the predecessor's duration,
    counted as working time (it takes no unit, and where durations vary it varies)."""

    elapsed: bool = False
    percent: bool = False


LAG_KIND_RULES: dict[str, LagKindRule] = {
    "working": LagKindRule(),
    "elapsed": LagKindRule(elapsed=True),
    "percent": LagKindRule(percent=True),
}
"""The meaning of every lag kind (its order is the order of the codes, :data:`LAG_KINDS`,
so a new kind goes at the end): with :data:`LINK_RULES` and :data:`LAG_UNIT_RULES`, the
one table of link options every engine reads."""
LAG_KINDS = tuple(LAG_KIND_RULES)
"""Lag kinds, in the order of their codes in :attr:`CompiledNetwork.link_lag_kind`."""


def lag_rule_arrays(
    minutes_per_day: float, days_per_week: float = 5.0, days_per_month: float = 20.0
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """The rule tables by code: working and elapsed minutes per unit (:data:`LAG_UNITS`
    order), and whether each kind is elapsed and percent (:data:`LAG_KINDS` order)."""
    units = [LAG_UNIT_RULES[u] for u in LAG_UNITS]
    kinds = [LAG_KIND_RULES[k] for k in LAG_KINDS]
    return (np.array([u.working_minutes(minutes_per_day, days_per_week, days_per_month)
                      for u in units]),
            np.array([u.elapsed_minutes for u in units]),
            np.array([k.elapsed for k in kinds], dtype=bool),
            np.array([k.percent for k in kinds], dtype=bool))


def lag_minutes_of(
    unit: npt.NDArray[np.int8], kind: npt.NDArray[np.int8], raw: FloatArray,
    pred_minutes: FloatArray, minutes_per_day: float, days_per_week: float = 5.0,
    days_per_month: float = 20.0,
) -> tuple[FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Each link's lag [minutes] read from the tables, whether it is elapsed (24/7) and
    whether it is a percentage of its predecessor's duration ``pred_minutes``."""
    working, elapsed_min, is_elapsed, is_percent = lag_rule_arrays(
        minutes_per_day, days_per_week, days_per_month)
    elapsed = is_elapsed[kind]
    percent = is_percent[kind]
    minutes = np.where(elapsed, raw * elapsed_min[unit], raw * working[unit])
    minutes = np.where(percent, raw / 100.0 * pred_minutes, minutes)
    return minutes, elapsed & ~percent, percent


def _to_lag_unit(value: str) -> str:
    key = value.strip().lower() if isinstance(value, str) else None
    unit = None if key is None else _UNIT_NAMES.get(key, key if key in LAG_UNIT_RULES else None)
    if unit is None:
        raise ValidationError(
            f"'lag_unit' of a dependency must be one of {', '.join(map(repr, LAG_UNITS))} "
            f"(days, minutes, hours, weeks, months) (got {value!r})"
        )
    return unit


def _check_lag_kind(instance: Any, attribute: Any, value: Any) -> None:
    del attribute
    if value not in LAG_KIND_RULES:
        raise ValidationError(
            f"'lag_kind' of link {instance.predecessor} -> {instance.successor} must be one "
            f"of {', '.join(map(repr, LAG_KINDS))} (got {value!r})"
        )
    if LAG_KIND_RULES[value].percent and instance.lag_unit != "d":
        raise ValidationError(
            f"link {instance.predecessor} -> {instance.successor} has a percent lag (a "
            f"percentage of the predecessor's duration), so it takes no 'lag_unit' (got "
            f"{instance.lag_unit!r})"
        )


@attrs.frozen(repr=False)
class Dependency:
    """A precedence link between two activities.

    Parameters
    ----------
    predecessor, successor
        Activity ids.
    type
        :class:`LinkType` or its string: ``"FS"`` (default), ``"SS"``, ``"FF"``, ``"SF"``.
    lag
        Lag in ``lag_unit`` [working days by default]; negative is a lead. With
        ``lag_kind="percent"``, a percentage of the predecessor's duration [%].
    lag_unit
        ``"d"`` (default), ``"m"``, ``"h"``, ``"w"`` or ``"mo"`` (minutes, hours, days,
        weeks, months; long names such as ``"hours"`` are accepted). A day is the
        schedule calendar's ``hours_per_day`` (MS Project's "Hours per day"), a week 5
        days and a month 20 days; an elapsed day is 24 hours. The day-based engine counts
        hours and minutes at 8 hours a day; :func:`~pmokit.scheduling.schedule` with
        ``clock=True`` counts them exactly.
    lag_kind
        ``"working"`` (default): working time of the lag calendar (see ``schedule``'s
        ``lag_calendar``). ``"elapsed"``: calendar time, 24/7 (MS Project's "2ed").
        ``"percent"``: ``lag`` percent of the predecessor's duration (MS Project's
        "50%"), counted as working time.

    Examples
    --------
    >>> Dependency("A", "B", lag=4, lag_unit="h")
    Dependency(predecessor='A', successor='B', type=<LinkType.FS: 'FS'>, lag=4.0, lag_unit='h')
    >>> Dependency("A", "B", lag=50, lag_kind="percent").lag_kind
    'percent'
    """

    predecessor: Id = attrs.field(converter=_predecessor_id)
    successor: Id = attrs.field(converter=_successor_id)
    type: LinkType = attrs.field(default=LinkType.FS, converter=_to_link_type)
    lag: float = attrs.field(default=0.0, validator=_dependency_lag, converter=_real_to_float)
    lag_unit: str = attrs.field(default="d", converter=_to_lag_unit, kw_only=True)
    lag_kind: str = attrs.field(default="working", validator=_check_lag_kind, kw_only=True)

    def __repr__(self) -> str:
        """The fields, leaving out ``lag_unit`` and ``lag_kind`` at their defaults."""
        extra = "".join(
            f", {name}={value!r}"
            for name, value, default in (("lag_unit", self.lag_unit, "d"),
                                         ("lag_kind", self.lag_kind, "working"))
            if value != default
        )
        return (f"Dependency(predecessor={self.predecessor!r}, successor={self.successor!r}, "
                f"type={self.type!r}, lag={self.lag!r}{extra})")


def lag_spec(
    deps: Sequence[Dependency], duration: FloatArray, pred: IntArray
) -> tuple[FloatArray, tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], FloatArray] | None]:
    """Lags in working days for the day-based engines (8-hour days, read from the tables),
    and the (unit code, kind code, raw value) arrays when any link has a unit or kind
    other than working days (else None)."""
    m = len(deps)
    raw = np.fromiter((d.lag for d in deps), dtype=np.float64, count=m)
    plain = (LAG_UNIT_RULES["d"].working_minutes(480.0) == 480.0
             and LAG_KIND_RULES["working"] == LagKindRule())
    if plain and all(d.lag_unit == "d" and d.lag_kind == "working" for d in deps):
        return raw, None
    unit = np.fromiter((LAG_UNITS.index(d.lag_unit) for d in deps), dtype=np.int8, count=m)
    kind = np.fromiter((LAG_KINDS.index(d.lag_kind) for d in deps), dtype=np.int8, count=m)
    # per unit and kind from the tables, multiplied as before the tables (the same bits)
    working, elapsed_min, is_elapsed, is_percent = lag_rule_arrays(480.0)
    days = np.where(is_elapsed[kind], raw * (elapsed_min / 480.0)[unit],
                    raw * (working / 480.0)[unit])
    days = np.where(is_percent[kind], raw / 100.0 * duration[pred], days)
    return days, (unit, kind, raw)


def day_lag_problems(c: CompiledNetwork, *, where: str) -> list[str]:
    """Links whose lag a day-based engine cannot place: elapsed lags (24/7 calendar time is
    not a number of working days; ``schedule(..., clock=True)`` places them). Empty when
    every lag can be placed."""
    kind = c.link_lag_kind
    if kind is None or c.m == 0:
        return []
    _, _, is_elapsed, is_percent = lag_rule_arrays(480.0)
    links = np.flatnonzero((is_elapsed & ~is_percent)[kind])
    if not links.size:
        return []
    shown = ", ".join(f"{c.ids[int(c.link_pred[k])]!r} -> {c.ids[int(c.link_succ[k])]!r}"
                      for k in links[:5])
    more = f" and {links.size - 5} more" if links.size > 5 else ""
    return [f"{where} does not support elapsed lags yet (24/7 time is not a number of "
            "working days: schedule(..., clock=True) places elapsed lags); got "
            f"{links.size} on the links {shown}{more}"]


@attrs.frozen(eq=False)
class CompiledNetwork(PicklesReadOnly):
    """A network as integer-indexed numpy arrays (read-only); every algorithm works on this.

    Attributes
    ----------
    ids
        Activity ids; position i is activity index i.
    index
        id -> index.
    duration
        Durations [working days], float64[n].
    link_pred, link_succ, link_type, link_lag
        One entry per dependency, in input order: predecessor index, successor index,
        type code (FS=0, SS=1, FF=2, SF=3) and lag [working days].
    order
        Activity indices in a topological order (by level).
    level
        Level of each activity: 0 for activities without predecessors, else
        1 + the largest level of its predecessors.
    level_ptr
        ``order[level_ptr[k]:level_ptr[k+1]]`` are the activities of level k.
    pred_ptr, pred_link
        CSR by successor: ``pred_link[pred_ptr[j]:pred_ptr[j+1]]`` are the link numbers
        into activity j.
    succ_ptr, succ_link
        CSR by predecessor: the link numbers out of activity i.
    link_lag_unit, link_lag_kind, link_lag_value
        None when every lag is in working days; else per link the lag's unit code (index
        into ``LAG_UNITS``: d, m, h, w, mo), kind code (index into ``LAG_KINDS``: working,
        elapsed, percent) and the number as given. ``link_lag`` then holds the lags in
        working days of 8 hours (percent lags of the predecessor's duration), for the
        day-based engines; the clock engine reads these.
    """

    ids: tuple[Id, ...]
    index: Mapping[Id, int]
    duration: FloatArray
    link_pred: IntArray
    link_succ: IntArray
    link_type: npt.NDArray[np.int8]
    link_lag: FloatArray
    order: IntArray
    level: IntArray
    level_ptr: IntArray
    pred_ptr: IntArray
    pred_link: IntArray
    succ_ptr: IntArray
    succ_link: IntArray
    link_lag_unit: npt.NDArray[np.int8] | None = None
    link_lag_kind: npt.NDArray[np.int8] | None = None
    link_lag_value: FloatArray | None = None

    @property
    def n(self) -> int:
        """Number of activities."""
        return len(self.ids)

    @property
    def m(self) -> int:
        """Number of links."""
        return int(self.link_pred.size)

    def link_offset(
        self, duration: FloatArray | None = None, links: IntArray | None = None,
        *, percent_of: FloatArray | None = None,
    ) -> FloatArray:
        """Start-to-start offset of each link: ``S_succ >= S_pred + offset``.

        FS: lag + d_pred; SS: lag; FF: lag + d_pred - d_succ; SF: lag - d_succ.
        ``duration`` may be given to evaluate other durations (for example samples);
        ``links`` restricts the result to those link numbers. Percent lags are shares of
        the planned durations, or of ``percent_of`` when given (durations that changed:
        the same ``lag / 100 * d_pred`` as a network with those durations).
        """
        d = self.duration if duration is None else duration
        if links is None:
            t, lag, p, s = self.link_type, self.link_lag, self.link_pred, self.link_succ
        else:
            t, lag = self.link_type[links], self.link_lag[links]
            p, s = self.link_pred[links], self.link_succ[links]
        raw = self.link_lag_value
        if percent_of is not None and raw is not None:
            pct = self.link_lag_percent if links is None else self.link_lag_percent[links]
            v = raw if links is None else raw[links]
            lag = np.where(pct, v / 100.0 * percent_of[p], lag)
        from_finish, to_finish = link_ends(t)
        off: FloatArray = lag + np.where(from_finish, d[p], 0.0) - np.where(to_finish, d[s], 0.0)
        return off

    @property
    def link_from_finish(self) -> npt.NDArray[np.bool_]:
        """Per link, whether it leaves its predecessor's finish (else its start), from
        :data:`LINK_RULES` (FS and FF)."""
        return link_ends(self.link_type)[0]

    @property
    def link_lag_percent(self) -> npt.NDArray[np.bool_]:
        """Per link, whether its lag is a percentage of its predecessor's duration (a
        ``percent`` row of :data:`LAG_KIND_RULES`); all False without lag kinds."""
        if self.link_lag_kind is None:
            return np.zeros(self.m, dtype=bool)
        return lag_rule_arrays(480.0)[3][self.link_lag_kind]

    @property
    def link_to_finish(self) -> npt.NDArray[np.bool_]:
        """Per link, whether it bounds its successor's finish (else its start), from
        :data:`LINK_RULES` (FF and SF)."""
        return link_ends(self.link_type)[1]


def _readonly(*arrays: npt.NDArray[Any]) -> None:
    for a in arrays:
        a.setflags(write=False)


def _csr(keys: IntArray, n: int) -> tuple[IntArray, IntArray]:
    m = keys.size
    # a stable argsort by sorting values: key * m + position is unique and ordered
    order: IntArray = np.sort(keys.astype(np.int64) * max(m, 1) + np.arange(m)) % max(m, 1)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr, order


_NARROW = 64
"""Levels narrower than this switch level-by-level Kahn to a loop over links."""


def _kahn_levels(
    n: int,
    link_pred: IntArray,
    link_succ: IntArray,
    succ_ptr: IntArray,
    succ_link: IntArray,
) -> IntArray | None:
    """Longest-path level of every activity by Kahn's algorithm, or None on a cycle.

    Vectorised one level at a time while levels are wide; after 32 levels in a row that hold
    fewer than :data:`_NARROW` activities (a deep network) the rest is done by a plain loop,
    whose cost is per link rather than per level.
    """
    indeg = np.bincount(link_succ, minlength=n).astype(np.int64)
    level = np.full(n, -1, dtype=np.int64)
    frontier = np.flatnonzero(indeg == 0)
    done = 0
    k = 0
    succ_sorted = link_succ[succ_link]
    narrow = 0
    while frontier.size:
        narrow = narrow + 1 if frontier.size < _NARROW else 0
        if narrow > 32 and n - done > 4 * _NARROW:
            return _kahn_loop(n, level, indeg, frontier, k, succ_ptr, succ_sorted, done)
        level[frontier] = k
        done += frontier.size
        starts = succ_ptr[frontier]
        counts = succ_ptr[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            break
        idx = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
        touched, dec = np.unique(succ_sorted[idx], return_counts=True)
        indeg[touched] -= dec
        frontier = touched[indeg[touched] == 0]
        k += 1
    return level if done == n else None


def _kahn_loop(
    n: int,
    level: IntArray,
    indeg_arr: IntArray,
    frontier: IntArray,
    k: int,
    succ_ptr: IntArray,
    succ_sorted: IntArray,
    done: int,
) -> IntArray | None:
    """Kahn's algorithm as a loop over links, continuing from a vectorised state."""
    lev = level.tolist()
    indeg = indeg_arr.tolist()
    ptr = succ_ptr.tolist()
    ss = succ_sorted.tolist()
    for i in frontier.tolist():
        lev[i] = k
    stack = frontier.tolist()
    while stack:
        i = stack.pop()
        done += 1
        nxt = lev[i] + 1
        for j in ss[ptr[i] : ptr[i + 1]]:
            if lev[j] < nxt:
                lev[j] = nxt
            indeg[j] -= 1
            if indeg[j] == 0:
                stack.append(j)
    if done != n:
        return None
    return np.array(lev, dtype=np.int64)


def compile_arrays(
    ids: Sequence[Id],
    duration: FloatArray,
    link_pred: IntArray,
    link_succ: IntArray,
    link_type: npt.NDArray[np.int8],
    link_lag: FloatArray,
    *,
    index: Mapping[Id, int] | None = None,
    lag_spec: tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], FloatArray] | None = None,
) -> CompiledNetwork:
    """Build the CSR structure and level order, or raise :class:`CycleError`.

    The level of an activity is its longest-path depth (Kahn's algorithm); the order sorts
    activities by level, so it is topological.
    """
    n = len(ids)
    pred_ptr, pred_link = _csr(link_succ, n)
    succ_ptr, succ_link = _csr(link_pred, n)
    level = _kahn_levels(n, link_pred, link_succ, succ_ptr, succ_link)
    if level is None:
        # the activities left over all lie on or after a cycle
        indeg_left = _unfinished(n, link_pred, link_succ)
        raise CycleError(_find_cycle(ids, indeg_left, link_pred, link_succ))
    order: IntArray = np.sort(level * max(n, 1) + np.arange(n)) % max(n, 1)
    nlev = int(level.max()) + 1 if n else 0
    level_ptr = np.zeros(nlev + 1, dtype=np.int64)
    if n:
        np.cumsum(np.bincount(level, minlength=nlev), out=level_ptr[1:])
    arrays = (
        duration, link_pred, link_succ, link_type, link_lag, order, level, level_ptr,
        pred_ptr, pred_link, succ_ptr, succ_link,
    )
    _readonly(*arrays, *(lag_spec or ()))
    return CompiledNetwork(
        ids=tuple(ids),
        index=index if index is not None else {a: i for i, a in enumerate(ids)},
        duration=duration,
        link_pred=link_pred,
        link_succ=link_succ,
        link_type=link_type,
        link_lag=link_lag,
        order=order,
        level=level,
        level_ptr=level_ptr,
        pred_ptr=pred_ptr,
        pred_link=pred_link,
        succ_ptr=succ_ptr,
        succ_link=succ_link,
        link_lag_unit=None if lag_spec is None else lag_spec[0],
        link_lag_kind=None if lag_spec is None else lag_spec[1],
        link_lag_value=None if lag_spec is None else lag_spec[2],
    )


def _unfinished(n: int, link_pred: IntArray, link_succ: IntArray) -> IntArray:
    """Activities that Kahn's algorithm cannot finish (on or downstream of a cycle)."""
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(link_pred.tolist(), link_succ.tolist(), strict=True))
    comps = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
    return np.array(sorted(next(iter(comps))), dtype=np.int64) if comps else np.arange(n)


def _find_cycle(
    ids: Sequence[Id], remaining: IntArray, link_pred: IntArray, link_succ: IntArray
) -> tuple[Id, ...]:
    mask = np.zeros(len(ids), dtype=bool)
    mask[remaining] = True
    keep = mask[link_pred] & mask[link_succ]
    g = nx.DiGraph()
    g.add_edges_from(zip(link_pred[keep].tolist(), link_succ[keep].tolist(), strict=True))
    edges = nx.find_cycle(g)
    path = [ids[u] for u, _ in edges]
    return (*path, path[0])


def _as_id_list(ids: Sequence[Id]) -> list[Id]:
    """The ids as a list, checked by the one id rule (a fast path for plain strings)."""
    if isinstance(ids, np.ndarray) and ids.dtype.kind in "iu":
        return [int(v) for v in ids.tolist()]
    id_list = list(ids)
    if set(map(builtins.type, id_list)) <= {str} and not any(
        not v.strip() for v in id_list  # type: ignore[attr-defined]  # all str
    ):
        return id_list
    bad = [m for k, v in enumerate(id_list) if (m := check_id(v, f"ids[{k}]")) is not None]
    if bad:
        raise ValidationError(bad[:20])
    return [int(v) if isinstance(v, np.integer) else v for v in id_list]


def _link_mode(
    link_by: Literal["id", "position"] | None,
    ids: Sequence[Id],
    predecessor: npt.ArrayLike,
    successor: npt.ArrayLike,
) -> Literal["id", "position"]:
    """How link ends are read; integer ends with all-string ids keep the old meaning
    (positions) for one release, with a DeprecationWarning."""
    if link_by is not None:
        return link_by
    ints = all(
        np.asarray(v).dtype.kind in "iu" and np.asarray(v).size for v in (predecessor, successor)
    )
    if ints and all(builtins.type(a) is str for a in ids):
        warn_renamed(
            "integer link ends as positions (Network.from_arrays with string ids)",
            "link_by='position', or give the link ends as ids",
            stacklevel=4,
        )
        return "position"
    return "id"


def _as_index_array(
    values: npt.ArrayLike,
    name: str,
    index: Mapping[Id, int],
    ids: Sequence[Id],
    by: Literal["id", "position"],
    problems: Problems,
) -> tuple[IntArray, list[Id]]:
    """Link end points as indices: ids looked up by label, or (``by="position"``) integer
    positions into ``ids``."""
    n = len(ids)
    arr = np.asarray(values)
    if arr.dtype.kind == "U" and not isinstance(values, np.ndarray):
        arr = np.array(list(values), dtype=object)  # type: ignore[arg-type]
    if arr.ndim != 1:
        raise ValidationError(f"'{name}' must be one-dimensional (got shape {arr.shape})")
    unknown: list[Id] = []
    if by == "position":
        if arr.size and arr.dtype.kind not in "iu":
            raise ValidationError(
                f"'{name}' must hold integer positions with link_by='position' "
                f"(got dtype {arr.dtype})"
            )
        out = arr.astype(np.int64)
        bad = np.flatnonzero((out < 0) | (out >= n))
        for k in bad[:20].tolist():
            problems.add(f"'{name}'[{k}] must be an activity position in [0, {n}) "
                         f"(got {int(out[k])})")
        return out, unknown
    if arr.size and arr.dtype.kind in "iu":
        # integer labels against integer ids: vectorised by sorting the ids once
        labels = np.array([a if builtins.type(a) is int else -(2**62) for a in ids],
                          dtype=np.int64)
        order = np.argsort(labels, kind="stable")
        sorted_labels = labels[order]
        pos = np.searchsorted(sorted_labels, arr.astype(np.int64))
        pos_c = np.minimum(pos, max(n - 1, 0))
        hit = (pos < n) & (sorted_labels[pos_c] == arr) if n else np.zeros(arr.size, bool)
        out = np.where(hit, order[pos_c] if n else 0, -1).astype(np.int64)
        unknown = [int(v) for v in arr[~hit].tolist()]
        return out, unknown
    out = np.empty(arr.size, dtype=np.int64)
    get = index.get
    for k, ref in enumerate(arr.tolist()):
        try:
            i = get(ref, -1)
        except TypeError:  # unhashable
            i = -1
        if i < 0:
            unknown.append(ref)
        out[k] = i
    return out, unknown


def _link_codes(values: Any, m: int) -> npt.NDArray[np.int8]:
    if values is None:
        return np.zeros(m, dtype=np.int8)
    arr = np.asarray(values)
    if arr.shape != (m,):
        raise ValidationError(f"'type' must have one entry per link, {m} (got shape {arr.shape})")
    if arr.dtype.kind in "iu":
        bad = np.flatnonzero((arr < 0) | (arr > 3))
        if bad.size:
            raise ValidationError(
                [f"'type'[{k}] must be a link code 0..3 (FS, SS, FF, SF) (got {int(arr[k])})"
                 for k in bad[:20].tolist()]
            )
        return arr.astype(np.int8)
    out = np.empty(m, dtype=np.int8)
    problems = Problems()
    for k, v in enumerate(arr.tolist()):
        code = _LINK_CODES.get(str(v).upper()) if isinstance(v, str) else None
        if code is None:
            problems.add(f"'type'[{k}] must be one of 'FS', 'SS', 'FF', 'SF' (got {v!r})")
            code = 0
        out[k] = code
    problems.raise_if_any()
    return out


class Network:
    """An immutable activity network, validated and compiled on construction.

    Parameters
    ----------
    activities
        The activities; ids must be unique.
    dependencies
        The links between them.

    Raises
    ------
    DuplicateError
        Duplicate activity ids or duplicate links (same pair and type), all listed.
    UnknownReferenceError
        Links that name unknown activities, all listed.
    ValidationError
        Self-links, or items of the wrong type.
    CycleError
        A cycle, named in order (``A -> B -> C -> A``).

    See Also
    --------
    Network.from_arrays : the bulk constructor for large networks (no object per activity).

    Examples
    --------
    >>> net = Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", "FS", lag=1)])
    >>> net.compiled.n, net.compiled.m
    (2, 1)
    """

    __slots__ = (
        "_activities",
        "_calendars",
        "_compiled",
        "_constraints",
        "_demands",
        "_dependencies",
        "_kinds",
        "_names",
        "_projects",
    )

    def __init__(
        self, activities: Iterable[Activity], dependencies: Iterable[Dependency] = ()
    ) -> None:
        acts = tuple(activities)
        deps = tuple(dependencies)
        problems = Problems()
        for i, a in enumerate(acts):
            if not isinstance(a, Activity):
                problems.add(
                    f"activities[{i}] must be an Activity (got {a!r} that is a {type(a).__name__})"
                )
        for i, d in enumerate(deps):
            if not isinstance(d, Dependency):
                problems.add(
                    f"dependencies[{i}] must be a Dependency "
                    f"(got {d!r} that is a {type(d).__name__})"
                )
        problems.raise_if_any()
        ids = [a.id for a in acts]
        index = _unique_index(ids)
        unknown: list[Id] = []
        messages: list[str] = []
        for d in deps:
            for role, ref in (("predecessor", d.predecessor), ("successor", d.successor)):
                if ref not in index:
                    unknown.append(ref)
                    messages.append(
                        f"link {d.predecessor} -> {d.successor} names unknown {role} {ref!r}"
                    )
        if unknown:
            raise UnknownReferenceError(messages, unknown)
        m = len(deps)
        pred = np.fromiter((index[d.predecessor] for d in deps), dtype=np.int64, count=m)
        succ = np.fromiter((index[d.successor] for d in deps), dtype=np.int64, count=m)
        types = np.fromiter((_LINK_CODES[d.type.value] for d in deps), dtype=np.int8, count=m)
        _check_links(ids, pred, succ, types)
        self._activities: tuple[Activity, ...] | None = acts
        self._dependencies: tuple[Dependency, ...] | None = deps
        self._names: tuple[str, ...] | None = None
        self._projects = tuple(a.project for a in acts)
        self._constraints = {i: a.constraint for i, a in enumerate(acts) if a.constraint}
        self._calendars = {i: a.calendar for i, a in enumerate(acts) if a.calendar is not None}
        self._demands: Mapping[int, Mapping[str, float]] = {}
        self._kinds = {i: a.kind for i, a in enumerate(acts) if a.kind != "task"}
        durations = np.array([a.duration for a in acts], dtype=np.float64)
        lags, spec = lag_spec(deps, durations, pred)
        self._compiled = compile_arrays(
            ids, durations, pred, succ, types, lags, index=index, lag_spec=spec
        )

    @classmethod
    def from_arrays(
        cls,
        ids: Sequence[Id],
        duration: npt.ArrayLike,
        predecessor: npt.ArrayLike = (),
        successor: npt.ArrayLike = (),
        type: npt.ArrayLike | None = None,
        lag: npt.ArrayLike | None = None,
        *,
        project: Sequence[str | None] | None = None,
        name: Sequence[str] | None = None,
        constraints: Mapping[Id, Constraint] | None = None,
        link_by: Literal["id", "position"] | None = None,
    ) -> Network:
        """Build a network from arrays, without a Python object per activity or link.

        Parameters
        ----------
        ids
            Activity ids, unique (strings or integers; see :class:`Activity`).
        duration
            Durations [working days], one per id, finite and >= 0.
        predecessor, successor
            One entry per link: activity ids, matched by label (``link_by="id"``, the
            default), or positions into ``ids`` with ``link_by="position"``.
        type
            Link types, as codes 0..3 (FS, SS, FF, SF) or strings; default all FS.
        lag
            Lags [working days], finite; negative is a lead. Default 0.
        project
            Project of each activity (for cross-project views), or None.
        name
            Display name of each activity.
        constraints
            Date constraints by activity id.
        link_by
            ``"id"``: link ends are ids, matched by label (integer ids too: with ids
            ``[1, 2, 3]`` the link ``1 -> 2`` joins the activities labelled 1 and 2);
            ``"position"``: link ends are integer positions into ``ids`` (the fastest bulk
            form). Default ``"id"``; integer link ends with ids that are all strings are
            still read as positions, with a DeprecationWarning (for one release).

        Returns
        -------
        Network
            Its :attr:`activities` and :attr:`dependencies` are built on first access.

        Raises
        ------
        ValidationError
            Bad durations or lags (naming the activity or link; complex, datetime64, None
            and strings refused by name), wrong lengths, self-links, bad ids.
        DuplicateError, UnknownReferenceError, CycleError
            As for the constructor; an unknown link end is listed by its label.

        Examples
        --------
        >>> net = Network.from_arrays(["A", "B", "C"], [3, 2, 4], ["A", "A"], ["B", "C"],
        ...                           ["FS", "SS"], [1, 0])
        >>> net
        Network(3 activities, 2 links)
        >>> net.dependencies[1]
        Dependency(predecessor='A', successor='C', type=<LinkType.SS: 'SS'>, lag=0.0)
        >>> Network.from_arrays([1, 2, 3], [5, 2, 1], [1, 2], [2, 3]).dependencies[0]
        Dependency(predecessor=1, successor=2, type=<LinkType.FS: 'FS'>, lag=0.0)
        """
        if link_by is not None:
            check_choice(link_by, "link_by", ("id", "position"))
        id_list = _as_id_list(ids)
        n = len(id_list)
        _check_unique(id_list)
        index: Mapping[Id, int] = _LazyIndex(id_list)
        problems = Problems()
        dur = np.array(
            as_float_array(duration, "duration", ndim=None, allow_nan=True, allow_inf=True),
            dtype=np.float64,
        )
        if dur.shape != (n,):
            raise ValidationError(
                f"'duration' must have one entry per activity, {n} (got shape {dur.shape})"
            )
        for k in np.flatnonzero(~np.isfinite(dur) | (dur < 0))[:20].tolist():
            problems.add(
                f"'duration' of activity {id_list[k]!r} must be a finite number >= 0 "
                f"[working days] (got {float(dur[k])!r})"
            )
        by = _link_mode(link_by, id_list, predecessor, successor)
        pred, unknown_p = _as_index_array(predecessor, "predecessor", index, id_list, by,
                                          problems)
        succ, unknown_s = _as_index_array(successor, "successor", index, id_list, by,
                                          problems)
        m = pred.size
        if succ.size != m:
            raise ValidationError(
                f"'predecessor' and 'successor' must have the same length "
                f"(got {m} and {succ.size})"
            )
        if unknown_p or unknown_s:
            msgs = [f"'predecessor' names unknown activity {u!r}" for u in unknown_p]
            msgs += [f"'successor' names unknown activity {u!r}" for u in unknown_s]
            raise UnknownReferenceError(msgs, [*unknown_p, *unknown_s])
        problems.raise_if_any()
        codes = _link_codes(type, m)
        lags = np.zeros(m) if lag is None else np.array(
            as_float_array(lag, "lag", ndim=None, allow_nan=True, allow_inf=True),
            dtype=np.float64,
        )
        if lags.shape != (m,):
            raise ValidationError(
                f"'lag' must have one entry per link, {m} (got shape {lags.shape})"
            )
        for k in np.flatnonzero(~np.isfinite(lags))[:20].tolist():
            problems.add(
                f"'lag' of link {id_list[pred[k]]} -> {id_list[succ[k]]} must be a finite "
                f"number of working days (got {float(lags[k])!r})"
            )
        problems.raise_if_any()
        _check_links(id_list, pred, succ, codes)
        projects: tuple[str | None, ...] = (
            tuple(project) if project is not None else (None,) * n
        )
        names = tuple(name) if name is not None else None
        for what, seq in (("project", projects), ("name", names)):
            if seq is not None and len(seq) != n:
                raise ValidationError(
                    f"'{what}' must have one entry per activity, {n} (got {len(seq)})"
                )
        cons: dict[int, Constraint] = {}
        for aid, con in (constraints or {}).items():
            if aid not in index:
                raise UnknownReferenceError(
                    f"'constraints' names unknown activity {aid!r}", [aid]
                )
            if not isinstance(con, Constraint):
                raise ValidationError(
                    f"constraint of activity {aid!r} must be a Constraint (got {con!r})"
                )
            cons[index[aid]] = con
        self = cls.__new__(cls)
        self._activities = None
        self._dependencies = None
        self._names = names
        self._projects = projects
        self._constraints = cons
        self._calendars = {}
        self._demands = {}
        self._kinds = {}
        self._compiled = compile_arrays(id_list, dur, pred, succ, codes, lags, index=index)
        return self

    @property
    def activities(self) -> tuple[Activity, ...]:
        """The activities, in input order (index i of the compiled arrays).

        Built on first access for networks made by :meth:`from_arrays`.
        """
        if self._activities is None:
            c = self._compiled
            names = self._names or ("",) * c.n
            self._activities = tuple(
                Activity(
                    aid,
                    float(d),
                    name=names[i],
                    project=self._projects[i],
                    constraint=self._constraints.get(i),
                    calendar=self._calendars.get(i),
                    demands=self._demands.get(i),
                    kind=self._kinds.get(i, "task"),
                )
                for i, (aid, d) in enumerate(zip(c.ids, c.duration.tolist(), strict=True))
            )
        return self._activities

    @property
    def dependencies(self) -> tuple[Dependency, ...]:
        """The dependencies, in input order (link number k of the compiled arrays)."""
        if self._dependencies is None:
            c = self._compiled
            ids = c.ids
            kinds = tuple(LinkType)
            if c.link_lag_value is None or c.link_lag_unit is None or c.link_lag_kind is None:
                self._dependencies = tuple(
                    Dependency(ids[p], ids[s], kinds[t], lag=g)
                    for p, s, t, g in zip(
                        c.link_pred.tolist(), c.link_succ.tolist(), c.link_type.tolist(),
                        c.link_lag.tolist(), strict=True,
                    )
                )
            else:
                self._dependencies = tuple(
                    Dependency(ids[p], ids[s], kinds[t], lag=g, lag_unit=LAG_UNITS[u],
                               lag_kind=LAG_KINDS[k])
                    for p, s, t, g, u, k in zip(
                        c.link_pred.tolist(), c.link_succ.tolist(), c.link_type.tolist(),
                        c.link_lag_value.tolist(), c.link_lag_unit.tolist(),
                        c.link_lag_kind.tolist(), strict=True,
                    )
                )
        return self._dependencies

    @property
    def compiled(self) -> CompiledNetwork:
        """The compiled, integer-indexed form."""
        return self._compiled

    @property
    def ids(self) -> tuple[Id, ...]:
        """Activity ids in index order."""
        return self._compiled.ids

    @property
    def projects(self) -> tuple[str | None, ...]:
        """The project of each activity (None when untagged), aligned with :attr:`ids`."""
        return self._projects

    @property
    def constraints(self) -> Mapping[int, Constraint]:
        """Date constraints by activity index (only constrained activities)."""
        return self._constraints

    @property
    def calendars(self) -> Mapping[int, WorkCalendar]:
        """Own calendars by activity index (only activities that have one)."""
        return self._calendars

    @property
    def kinds(self) -> Mapping[int, str]:
        """Activity types by activity index (only activities that are not plain tasks:
        ``"start_milestone"``, ``"finish_milestone"``, ``"loe"``)."""
        return getattr(self, "_kinds", {})

    def to_networkx(self) -> nx.DiGraph:
        """The network as a ``networkx.DiGraph``.

        Nodes carry ``duration``, ``name``, ``project``, ``constraint``, ``calendar`` and
        ``kind``; edges carry
        ``type`` (the link type string) and ``lag``. Two links of different types between
        the same pair cannot both be edges of a DiGraph: they are kept as an edge attribute
        ``links``, a tuple of ``(type, lag)``.

        Examples
        --------
        >>> net = Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", lag=1)])
        >>> g = net.to_networkx()
        >>> g.nodes["A"]["duration"], g.edges["A", "B"]["type"], g.edges["A", "B"]["lag"]
        (3.0, 'FS', 1.0)
        >>> Network.from_networkx(g).compiled.m
        1
        """
        g = nx.DiGraph()
        for a in self.activities:
            g.add_node(
                a.id, duration=float(a.duration), name=a.name, project=a.project,
                constraint=a.constraint, calendar=a.calendar, kind=a.kind,
            )
        for d in self.dependencies:
            if g.has_edge(d.predecessor, d.successor):
                e = g.edges[d.predecessor, d.successor]
                e["links"] = (*e["links"], (d.type.value, d.lag))
            else:
                g.add_edge(
                    d.predecessor, d.successor, type=d.type.value, lag=d.lag,
                    links=((d.type.value, d.lag),),
                )
        return g

    @classmethod
    def from_networkx(
        cls, graph: nx.DiGraph, *, duration: str = "duration", type: str = "type",
        lag: str = "lag",
    ) -> Network:
        """Build a network from a ``networkx.DiGraph``.

        Parameters
        ----------
        graph
            Nodes are activity ids with a duration attribute [working days]; optional
            node attributes ``name``, ``project``, ``constraint``, ``calendar``, ``kind``.
            Edges are
            links with optional type (default FS) and lag (default 0) attributes, or a
            ``links`` attribute of ``(type, lag)`` pairs as written by :meth:`to_networkx`.
        duration, type, lag
            The attribute names to read.

        Raises
        ------
        ValidationError
            A node without a duration attribute (all listed), or a bad value.
        """
        problems = Problems()
        acts: list[Activity] = []
        for node, data in graph.nodes(data=True):
            if duration not in data:
                problems.add(f"node {node!r} must have a {duration!r} attribute (it has none)")
                continue
            try:
                acts.append(
                    Activity(
                        node, data[duration], name=data.get("name", ""),
                        project=data.get("project"), constraint=data.get("constraint"),
                        calendar=data.get("calendar"), kind=data.get("kind", "task"),
                    )
                )
            except ValidationError as e:  # every bad node and edge is reported together
                problems.add(str(e))
        deps: list[Dependency] = []
        for u, v, data in graph.edges(data=True):
            try:
                if "links" in data and type == "type" and lag == "lag":
                    deps.extend(Dependency(u, v, t, lag=g) for t, g in data["links"])
                else:
                    deps.append(Dependency(u, v, data.get(type, "FS"),
                                           lag=data.get(lag, 0.0)))
            except ValidationError as e:
                problems.add(str(e))
        problems.raise_if_any()
        return cls(acts, deps)

    @classmethod
    def from_frame(
        cls,
        tasks: Table,
        links: Table | None = None,
        *,
        id: str = "id",
        duration: str = "duration",
        predecessor: str = "predecessor",
        successor: str = "successor",
        type: str = "type",
        lag: str = "lag",
        predecessors: str | None = None,
        name: str = "name",
        project: str = "project",
        hours_per_day: float = 8.0,
        kind: str = "kind",
        lag_unit: str = "lag_unit",
        lag_kind: str = "lag_kind",
    ) -> Network:
        """Build a network from a task table and a link table, matching ids by label.

        Parameters
        ----------
        tasks
            A pandas DataFrame, a mapping of column name to values, or a list of dicts,
            with one row per task. Required columns: ``id`` and ``duration`` (a number
            of working days, or text as MS Project exports it: ``"5 days"``,
            ``"3 hrs"``, ``"2 wks"``, ``"4 days?"``); optional ``name``, ``project`` and
            ``kind`` (the activity type: ``"task"``, ``"start_milestone"``,
            ``"finish_milestone"``, ``"loe"``; see :class:`Activity`). Each keyword
            renames its column.
        links
            A table of links (same forms) with columns ``predecessor`` and ``successor``
            (task ids), and optional ``type`` (``"FS"``, ``"SS"``, ``"FF"``, ``"SF"``;
            FS when absent), ``lag`` (a number, or text with a unit as below),
            ``lag_unit`` (the unit of a number in ``lag``: ``"m"``, ``"h"``, ``"d"``,
            ``"w"``, ``"mo"``; days when absent) and ``lag_kind`` (``"working"``,
            ``"elapsed"`` or ``"percent"``; see :class:`Dependency`). A lag whose text
            gives its unit or kind (``"2ed"``, ``"50%"``) takes no ``lag_unit`` or
            ``lag_kind`` on its row. None when there are no links or they come as
            predecessor strings.
        predecessors
            The column of ``tasks`` holding MS Project predecessor strings such as
            ``"3FS+2d, 5SS, 7FF-1w, 4SF+50%, 6FS+2ed"`` (a column named ``predecessors``
            is used when present). Lags keep their unit and kind (:class:`Dependency`'s
            ``lag_unit`` and ``lag_kind``): ``m`` (minutes), ``h`` (hours), ``d``
            (working days; the default), ``w`` (weeks of 5 days), ``mo`` (months of 20
            days), the same with an ``e`` before them for elapsed (24/7) time (``ed``,
            ``ew``, ``eh``, ...), and ``%`` (of the predecessor's duration; refused on
            a predecessor without duration). ``schedule(..., clock=True)`` counts hours
            on the calendar's ``hours_per_day`` and places elapsed lags; the day-based
            engines count 8 hours a day and refuse elapsed lags by link.
        hours_per_day
            Hours in a working day, for durations in hours [hours].
        lag_unit, lag_kind
            Rename the ``lag_unit`` and ``lag_kind`` columns of ``links``.

        Returns
        -------
        Network

        Raises
        ------
        ValidationError
            Naming the row (the DataFrame's index label) and the column: a missing
            required column, a duration that is not a number or is negative, a bad link
            type or lag, an unsupported lag unit or kind, a unit or kind given twice, a
            percent lag from a predecessor without duration.
        UnknownReferenceError
            A predecessor or successor label that names no task, with row and column.
        DuplicateError
            A duplicate id, with both rows.

        Notes
        -----
        Links are matched by label, never by position: a link ``1 -> 2`` joins the tasks
        whose ids are 1 and 2, on whatever rows they are, so MS Project's 1-based ids link
        the right tasks. The id rule: ids are kept as given (integers from an integer
        column stay integers; ``3.0`` from a numeric column with gaps becomes ``3``);
        the labels in predecessor strings are matched by their text, so ``"3"`` names
        the task with id ``3`` (or ``"3"``). pandas is optional: records and dicts work
        without it.

        Examples
        --------
        >>> tasks = {"id": ["design", "build", "test"], "duration": [3, 5, 2],
        ...          "predecessors": ["", "designFS+1d", "build SS+2, design"]}
        >>> net = Network.from_frame(tasks)
        >>> for d in net.dependencies:
        ...     print(d.predecessor, d.successor, d.type.value, d.lag)
        design build FS 1.0
        build test SS 2.0
        design test FS 0.0
        """
        from pmokit.scheduling._frames import network_from_frame

        return network_from_frame(
            tasks, links, id=id, duration=duration, predecessor=predecessor,
            successor=successor, type=type, lag=lag, predecessors=predecessors,
            name=name, project=project, hours_per_day=hours_per_day, kind=kind,
            lag_unit=lag_unit, lag_kind=lag_kind,
        )

    @classmethod
    def from_records(
        cls,
        tasks: Iterable[Mapping[str, Any]],
        links: Iterable[Mapping[str, Any]] | None = None,
        *,
        id: str = "id",
        duration: str = "duration",
        predecessor: str = "predecessor",
        successor: str = "successor",
        type: str = "type",
        lag: str = "lag",
        predecessors: str | None = None,
        name: str = "name",
        project: str = "project",
        hours_per_day: float = 8.0,
        kind: str = "kind",
        lag_unit: str = "lag_unit",
        lag_kind: str = "lag_kind",
    ) -> Network:
        """Build a network from task records (dicts) and link records, by label.

        The same columns, keywords and rules as :meth:`from_frame`; no pandas needed.

        Examples
        --------
        >>> net = Network.from_records(
        ...     [{"id": 1, "duration": 2}, {"id": 2, "duration": 3}],
        ...     [{"predecessor": 1, "successor": 2, "lag": "1w"},
        ...      {"predecessor": 1, "successor": 2, "type": "SS", "lag": 2, "lag_kind": "elapsed"}])
        >>> [(d.lag, d.lag_unit, d.lag_kind) for d in net.dependencies]
        [(1.0, 'w', 'working'), (2.0, 'd', 'elapsed')]
        """
        from pmokit.scheduling._frames import network_from_records

        return network_from_records(
            tasks, links, id=id, duration=duration, predecessor=predecessor,
            successor=successor, type=type, lag=lag, predecessors=predecessors,
            name=name, project=project, hours_per_day=hours_per_day, kind=kind,
            lag_unit=lag_unit, lag_kind=lag_kind,
        )

    def __len__(self) -> int:
        return self._compiled.n

    def __contains__(self, item: object) -> bool:
        try:
            return item in self._compiled.index
        except TypeError:  # unhashable: not an id
            return False

    def __iter__(self) -> Iterator[Id]:
        """Iterate over the activity ids (a network is a mapping of id to activity)."""
        return iter(self._compiled.ids)

    def __getitem__(self, activity_id: Id) -> Activity:
        try:
            return self.activities[self._compiled.index[activity_id]]
        except (KeyError, TypeError):
            raise UnknownReferenceError(
                f"no activity with id {activity_id!r} in this network", [activity_id]
            ) from None

    def get(self, activity_id: Id, default: Activity | None = None) -> Activity | None:
        """The activity with ``activity_id``, or ``default`` when there is none."""
        if activity_id not in self:
            return default
        return self[activity_id]

    def keys(self) -> tuple[Id, ...]:
        """The activity ids, in index order."""
        return self._compiled.ids

    def __eq__(self, other: object) -> bool:
        """Networks are equal when their activities and dependencies are."""
        if not isinstance(other, Network):
            return NotImplemented
        return self is other or (
            self.activities == other.activities and self.dependencies == other.dependencies
        )

    def __hash__(self) -> int:
        return hash((self._compiled.ids, self._compiled.m))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as columns: the compiled arrays, the ids and sparse per-activity data.

        No Python object per activity or link travels (names, projects, constraints,
        calendars and demands go as index arrays and tuples of their distinct values);
        on unpickle the arrays are read-only again and the activities and dependencies
        are rebuilt on first access, without compiling or validating the network again.
        """
        return (_network_from_columns, (self._columns(), type(self)))

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Read a pickle of the earlier per-slot form (one object per activity)."""
        object.__setattr__(self, "_demands", {})
        object.__setattr__(self, "_kinds", {})
        for k, v in state.items():
            object.__setattr__(self, k, v)

    def _columns(self) -> dict[str, Any]:
        c = self._compiled
        acts = self._activities
        names = self._names
        demands: Mapping[int, Mapping[str, float]] = self._demands
        if acts is not None:
            names = tuple(a.name for a in acts)
            demands = {i: a.demands for i, a in enumerate(acts) if a.demands}
        if names is not None and not any(names):
            names = None
        return {
            "ids": c.ids,
            "arrays": {k: getattr(c, k) for k in _COMPILED_ARRAYS},
            "lag_spec": None if c.link_lag_value is None else
            (c.link_lag_unit, c.link_lag_kind, c.link_lag_value),
            "names": names,
            "projects": _codes(self._projects),
            "constraints": _sparse(self._constraints),
            "calendars": _sparse(self._calendars),
            "demands": _sparse_demands(demands),
            "kinds": _sparse(self.kinds),
        }

    def __repr__(self) -> str:
        return f"Network({self._compiled.n} activities, {self._compiled.m} links)"


_COMPILED_ARRAYS = (
    "duration", "link_pred", "link_succ", "link_type", "link_lag", "order", "level",
    "level_ptr", "pred_ptr", "pred_link", "succ_ptr", "succ_link",
)


def _codes(
    values: tuple[Any, ...],
) -> tuple[tuple[Any, ...], npt.NDArray[np.int32]] | None:
    """``values`` as (distinct values, int32 code per item); None when all are None."""
    distinct: dict[Any, int] = {}
    if all(v is None for v in values):
        return None
    codes = np.fromiter(
        (distinct.setdefault(v, len(distinct)) for v in values), dtype=np.int32,
        count=len(values),
    )
    return tuple(distinct), codes


def _sparse(values: Mapping[int, Any]) -> tuple[IntArray, tuple[Any, ...]]:
    """A sparse mapping by activity index as (index array, values): shared values (one
    calendar for many activities) are pickled once."""
    return np.fromiter(values, dtype=np.int64, count=len(values)), tuple(values.values())


def _sparse_demands(
    demands: Mapping[int, Mapping[str, float]],
) -> tuple[IntArray, IntArray, tuple[Id, ...], IntArray, Any]:
    """Demands as columns: activity index of each entry's row pointer (CSR), resource code,
    distinct resource ids and units (float64 when every unit is a float, else a tuple)."""
    rows = np.fromiter(demands, dtype=np.int64, count=len(demands))
    ptr = np.zeros(len(demands) + 1, dtype=np.int64)
    resources: dict[Id, int] = {}
    codes: list[int] = []
    units: list[Any] = []
    for k, d in enumerate(demands.values()):
        for r, u in d.items():
            codes.append(resources.setdefault(r, len(resources)))
            units.append(u)
        ptr[k + 1] = len(codes)
    floats = all(builtins.type(u) is float for u in units)
    return (
        rows, ptr, tuple(resources), np.array(codes, dtype=np.int32),
        np.array(units, dtype=np.float64) if floats else tuple(units),
    )


def _network_from_columns(cols: dict[str, Any], cls: type[Network] | None = None) -> Network:
    """Rebuild a pickled :class:`Network` from :meth:`Network._columns` (no validation:
    the network was valid when pickled)."""
    ids: tuple[Id, ...] = cols["ids"]
    arrays = cols["arrays"]
    _readonly(*arrays.values())
    net = (cls or Network).__new__(cls or Network)
    net._activities = None
    net._dependencies = None
    net._names = cols["names"]
    projects = cols["projects"]
    if projects is None:
        net._projects = (None,) * len(ids)
    else:
        distinct, codes = projects
        net._projects = tuple(distinct[k] for k in codes.tolist())
    idx, cons = cols["constraints"]
    net._constraints = dict(zip(idx.tolist(), cons, strict=True))
    idx, cals = cols["calendars"]
    net._calendars = dict(zip(idx.tolist(), cals, strict=True))
    rows, ptr, resources, rcodes, units = cols["demands"]
    ulist = units.tolist() if isinstance(units, np.ndarray) else list(units)
    rc = rcodes.tolist()
    p = ptr.tolist()
    net._demands = {
        i: frozen_dict({resources[rc[j]]: ulist[j] for j in range(p[k], p[k + 1])})
        for k, i in enumerate(rows.tolist())
    }
    idx, kinds = cols.get("kinds", (np.zeros(0, dtype=np.int64), ()))
    net._kinds = dict(zip(idx.tolist(), kinds, strict=True))
    spec = cols.get("lag_spec")
    if spec is not None:
        _readonly(*spec)
        arrays = {**arrays, "link_lag_unit": spec[0], "link_lag_kind": spec[1],
                  "link_lag_value": spec[2]}
    net._compiled = CompiledNetwork(ids=ids, index=_LazyIndex(ids), **arrays)
    return net


class _LazyIndex(Mapping[Id, int]):
    """id -> position, built on first use (a dict of a million ids costs real time)."""

    __slots__ = ("_dict", "_ids")

    def __init__(self, ids: Sequence[Id]) -> None:
        self._ids = ids
        self._dict: dict[Id, int] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (_LazyIndex, (self._ids,))

    def _d(self) -> dict[Id, int]:
        if self._dict is None:
            self._dict = {a: i for i, a in enumerate(self._ids)}
        return self._dict

    def __getitem__(self, key: Id) -> int:
        return self._d()[key]

    def __iter__(self) -> Iterator[Id]:
        return iter(self._d())

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, key: object) -> bool:
        return key in self._d()

    def get(self, key: Id, default: Any = None) -> Any:
        """Position of ``key``, or ``default``."""
        return self._d().get(key, default)


def _check_unique(ids: Sequence[Id]) -> None:
    if len(set(ids)) != len(ids):
        _unique_index(ids)


def _unique_index(ids: Sequence[Id]) -> dict[Id, int]:
    index = {a: i for i, a in enumerate(ids)}
    if len(index) != len(ids):
        seen: set[Id] = set()
        dups: list[Id] = []
        for a in ids:
            if a in seen:
                dups.append(a)
            seen.add(a)
        raise DuplicateError(
            f"activity ids must be unique, but these occur more than once: "
            f"{', '.join(repr(x) for x in dict.fromkeys(dups))}",
            dups,
        )
    return index


def _check_links(
    ids: Sequence[Id], pred: IntArray, succ: IntArray, types: npt.NDArray[np.int8]
) -> None:
    """Self-links (ValidationError) and duplicate links (DuplicateError), all listed."""
    kinds = ("FS", "SS", "FF", "SF")
    problems = Problems()
    for k in np.flatnonzero(pred == succ)[:20].tolist():
        a = ids[pred[k]]
        problems.add(f"link {a} -> {a} links activity {a!r} to itself; remove it")
    n = max(len(ids), 1)
    key = (pred * n + succ) * 4 + types
    if key.size:
        sk = np.sort(key)
        dup = np.unique(sk[1:][sk[1:] == sk[:-1]])
        if dup.size:
            msgs, items = [], []
            for kv in dup[:20].tolist():
                p, s, t = kv // 4 // n, kv // 4 % n, kv % 4
                msgs.append(
                    f"link {ids[p]} -> {ids[s]} ({kinds[t]}) is given more than once; keep one"
                )
                items.append((ids[p], ids[s], kinds[t]))
            raise DuplicateError([*problems.items, *msgs], items)
    problems.raise_if_any()
