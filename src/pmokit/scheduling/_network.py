"""Activities, dependencies and the network, compiled once to integer-indexed arrays."""

from __future__ import annotations

import datetime as dt
import enum
import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import networkx as nx
import numpy as np
import numpy.typing as npt

from pmokit._validation import Problems
from pmokit.calendar import WorkCalendar
from pmokit.errors import CycleError, DuplicateError, UnknownReferenceError, ValidationError

__all__ = [
    "Activity",
    "CompiledNetwork",
    "Constraint",
    "ConstraintType",
    "Dependency",
    "LinkType",
    "Network",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


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


class ConstraintType(enum.StrEnum):
    """Date constraints, with MS Project's names.

    ASAP / ALAP: as soon / as late as possible; SNET / SNLT: start no earlier / later than;
    FNET / FNLT: finish no earlier / later than; MSO / MFO: must start / finish on.
    """

    ASAP = "ASAP"
    ALAP = "ALAP"
    SNET = "SNET"
    SNLT = "SNLT"
    FNET = "FNET"
    FNLT = "FNLT"
    MSO = "MSO"
    MFO = "MFO"


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
    """

    kind: ConstraintType = attrs.field(converter=_to_constraint_type)
    at: dt.date | float | None = None

    def __attrs_post_init__(self) -> None:
        if self.kind in (ConstraintType.ASAP, ConstraintType.ALAP):
            return
        at = self.at
        if isinstance(at, dt.date):
            return
        if isinstance(at, bool) or not isinstance(at, numbers.Real) or not math.isfinite(at):
            raise ValidationError(
                f"'at' of a {self.kind.value} constraint must be a date or a finite number of "
                f"working days (got {at!r})"
            )


def _check_id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValidationError(
            f"{what} must be a non-empty str (got {value!r} that is a {type(value).__name__})"
        )
    return value


def _activity_id(instance: Any, attribute: Any, value: Any) -> None:
    del instance, attribute
    _check_id(value, "'id' of an activity")


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


def _freeze_demands(value: Any) -> Mapping[str, float]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"'demands' must be a mapping of resource id to units (got {type(value).__name__})"
        )
    return dict(value)


@attrs.frozen
class Activity:
    """One activity (task or milestone) of a network.

    Parameters
    ----------
    id
        Unique id within the network.
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
        scheduling and capacity planning).
    project
        The project the activity belongs to (for cross-project views).
    """

    id: str = attrs.field(validator=_activity_id)
    duration: float = attrs.field(validator=_activity_duration)
    name: str = attrs.field(default="", kw_only=True)
    calendar: WorkCalendar | None = attrs.field(default=None, kw_only=True)
    constraint: Constraint | None = attrs.field(default=None, kw_only=True)
    demands: Mapping[str, float] = attrs.field(
        factory=dict, converter=_freeze_demands, kw_only=True, hash=False
    )
    project: str | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        for res, units in self.demands.items():
            problems.check_number(
                units, f"demand for resource {res!r} of activity {self.id!r}", minimum=0.0
            )
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
            f"number of working days (got {value!r})"
        )


@attrs.frozen
class Dependency:
    """A precedence link between two activities.

    Parameters
    ----------
    predecessor, successor
        Activity ids.
    type
        :class:`LinkType` or its string: ``"FS"`` (default), ``"SS"``, ``"FF"``, ``"SF"``.
    lag
        Lag [working days]; negative is a lead.
    """

    predecessor: str = attrs.field(validator=lambda i, a, v: _check_id(v, "'predecessor'"))
    successor: str = attrs.field(validator=lambda i, a, v: _check_id(v, "'successor'"))
    type: LinkType = attrs.field(default=LinkType.FS, converter=_to_link_type)
    lag: float = attrs.field(default=0.0, validator=_dependency_lag, converter=float)


@attrs.frozen(eq=False)
class CompiledNetwork:
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
    """

    ids: tuple[str, ...]
    index: Mapping[str, int]
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

    @property
    def n(self) -> int:
        """Number of activities."""
        return len(self.ids)

    @property
    def m(self) -> int:
        """Number of links."""
        return int(self.link_pred.size)

    def link_offset(self, duration: FloatArray | None = None) -> FloatArray:
        """Start-to-start offset of each link: ``S_succ >= S_pred + offset``.

        FS: lag + d_pred; SS: lag; FF: lag + d_pred - d_succ; SF: lag - d_succ.
        ``duration`` may be given to evaluate other durations (for example samples).
        """
        d = self.duration if duration is None else duration
        t = self.link_type
        off = self.link_lag.copy()
        from_finish = (t == 0) | (t == 2)
        to_finish = (t == 2) | (t == 3)
        off[from_finish] += d[self.link_pred[from_finish]]
        off[to_finish] -= d[self.link_succ[to_finish]]
        return off


def _readonly(*arrays: npt.NDArray[Any]) -> None:
    for a in arrays:
        a.setflags(write=False)


def _csr(keys: IntArray, n: int) -> tuple[IntArray, IntArray]:
    order = np.argsort(keys, kind="stable").astype(np.int64)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr, order


def compile_arrays(
    ids: Sequence[str],
    duration: FloatArray,
    link_pred: IntArray,
    link_succ: IntArray,
    link_type: npt.NDArray[np.int8],
    link_lag: FloatArray,
) -> CompiledNetwork:
    """Build the CSR structure and level order, or raise :class:`CycleError`.

    Kahn's algorithm one level at a time, vectorised: a level is every activity whose
    predecessors are all in earlier levels.
    """
    n = len(ids)
    pred_ptr, pred_link = _csr(link_succ, n)
    succ_ptr, succ_link = _csr(link_pred, n)
    indeg = np.bincount(link_succ, minlength=n).astype(np.int64)
    level = np.full(n, -1, dtype=np.int64)
    frontier = np.flatnonzero(indeg == 0)
    chunks: list[IntArray] = []
    k = 0
    done = 0
    while frontier.size:
        level[frontier] = k
        chunks.append(frontier)
        done += frontier.size
        # links out of the frontier
        starts = succ_ptr[frontier]
        counts = succ_ptr[frontier + 1] - starts
        total = int(counts.sum())
        if total == 0:
            break
        idx = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total)
        succs = link_succ[succ_link[idx]]
        dec = np.bincount(succs, minlength=n)
        touched = np.flatnonzero(dec)
        indeg[touched] -= dec[touched]
        frontier = touched[indeg[touched] == 0]
        k += 1
    if done < n:
        remaining = np.flatnonzero(level < 0)
        raise CycleError(_find_cycle(ids, remaining, link_pred, link_succ))
    order = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
    level_ptr = np.zeros(len(chunks) + 1, dtype=np.int64)
    np.cumsum([c.size for c in chunks], out=level_ptr[1:])
    arrays = (
        duration, link_pred, link_succ, link_type, link_lag, order, level, level_ptr,
        pred_ptr, pred_link, succ_ptr, succ_link,
    )
    _readonly(*arrays)
    return CompiledNetwork(
        ids=tuple(ids),
        index={a: i for i, a in enumerate(ids)},
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
    )


def _find_cycle(
    ids: Sequence[str], remaining: IntArray, link_pred: IntArray, link_succ: IntArray
) -> tuple[str, ...]:
    mask = np.zeros(len(ids), dtype=bool)
    mask[remaining] = True
    keep = mask[link_pred] & mask[link_succ]
    g = nx.DiGraph()
    g.add_edges_from(zip(link_pred[keep].tolist(), link_succ[keep].tolist(), strict=True))
    edges = nx.find_cycle(g)
    path = [ids[u] for u, _ in edges]
    return (*path, path[0])


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

    Examples
    --------
    >>> net = Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", "FS", lag=1)])
    >>> net.compiled.n, net.compiled.m
    (2, 1)
    """

    __slots__ = ("_activities", "_compiled", "_dependencies")

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
        index: dict[str, int] = {}
        dup_ids: list[str] = []
        for i, aid in enumerate(ids):
            if aid in index:
                dup_ids.append(aid)
            else:
                index[aid] = i
        if dup_ids:
            raise DuplicateError(
                f"activity ids must be unique, but these occur more than once: "
                f"{', '.join(repr(x) for x in dict.fromkeys(dup_ids))}",
                dup_ids,
            )
        unknown: list[str] = []
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
        seen: set[tuple[str, str, str]] = set()
        dup_links: list[Hashable] = []
        for d in deps:
            if d.predecessor == d.successor:
                problems.add(
                    f"link {d.predecessor} -> {d.successor} links activity "
                    f"{d.predecessor!r} to itself; remove it"
                )
            key = (d.predecessor, d.successor, d.type.value)
            if key in seen:
                dup_links.append(key)
                problems.add(
                    f"link {d.predecessor} -> {d.successor} ({d.type.value}) is given more "
                    "than once; keep one"
                )
            seen.add(key)
        if dup_links:
            raise DuplicateError(problems.items, dup_links)
        problems.raise_if_any()
        m = len(deps)
        self._activities = acts
        self._dependencies = deps
        self._compiled = compile_arrays(
            ids,
            np.array([a.duration for a in acts], dtype=np.float64),
            np.fromiter((index[d.predecessor] for d in deps), dtype=np.int64, count=m),
            np.fromiter((index[d.successor] for d in deps), dtype=np.int64, count=m),
            np.fromiter((_LINK_CODES[d.type.value] for d in deps), dtype=np.int8, count=m),
            np.fromiter((d.lag for d in deps), dtype=np.float64, count=m),
        )

    @property
    def activities(self) -> tuple[Activity, ...]:
        """The activities, in input order (index i of the compiled arrays)."""
        return self._activities

    @property
    def dependencies(self) -> tuple[Dependency, ...]:
        """The dependencies, in input order (link number k of the compiled arrays)."""
        return self._dependencies

    @property
    def compiled(self) -> CompiledNetwork:
        """The compiled, integer-indexed form."""
        return self._compiled

    @property
    def ids(self) -> tuple[str, ...]:
        """Activity ids in index order."""
        return self._compiled.ids

    def __len__(self) -> int:
        return len(self._activities)

    def __contains__(self, item: object) -> bool:
        return item in self._compiled.index

    def __getitem__(self, activity_id: str) -> Activity:
        try:
            return self._activities[self._compiled.index[activity_id]]
        except KeyError:
            raise UnknownReferenceError(
                f"no activity with id {activity_id!r} in this network", [activity_id]
            ) from None

    def __repr__(self) -> str:
        return f"Network({len(self._activities)} activities, {len(self._dependencies)} links)"
