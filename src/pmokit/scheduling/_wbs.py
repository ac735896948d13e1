"""The work breakdown structure (WBS): summaries that roll up from their activities, links
on summaries expanded onto their leaves, and P6's activity types (level of effort, start and
finish milestones) placed after the CPM passes.

A :class:`Wbs` is a hierarchy of ids: the leaves are activities of a network, the nodes
with children are summaries (MS Project's summary tasks, P6's WBS nodes), which are not
activities and are never scheduled themselves. :func:`rollup` gives each summary the span
of its leaves; :meth:`Wbs.expand_links` turns links that name a summary into links between
activities, as MS Project applies them; :func:`schedule_activity_types` is the hook of
:func:`~pmokit.scheduling.schedule` for networks with activity types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from pmokit._results import FrozenDict, IdMapping, display, frozen_dict, records_to_frame
from pmokit._tables import (
    ReadTable,
    as_id,
    missing,
    raise_all,
    read_ids,
    read_text,
    refuse_columns_of_records,
)
from pmokit._typing import BoolArray, FloatArray, Id, IntArray
from pmokit._validation import Problems, check_id
from pmokit.errors import CycleError, UnknownReferenceError, ValidationError
from pmokit.scheduling._cpm import Schedule
from pmokit.scheduling._network import Activity, Dependency, LinkType, Network
from pmokit.scheduling._resultbase import FrozenResult, values_equal

__all__ = ["Wbs", "WbsRollup", "rollup", "schedule_activity_types"]

_MIN_FIELDS = ("early_start", "late_start")
_MAX_FIELDS = ("early_finish", "late_finish")


# ------------------------------------------------------------------------------ the tree
def _parents(value: Mapping[Id, Id | None]) -> FrozenDict:
    if not isinstance(value, Mapping):
        raise ValidationError(
            "'parents' of a Wbs must be a mapping of node id to its parent id (None for a "
            f"root), got a {type(value).__name__}"
        )
    problems = Problems()
    out: dict[Id, Id | None] = {}
    for node, parent in value.items():
        node = as_id(node)
        if (msg := check_id(node, "WBS node")) is not None:
            problems.add(msg)
            continue
        parent = None if parent is None else as_id(parent)
        if parent is not None and (msg := check_id(parent, f"parent of WBS node {node!r}")):
            problems.add(msg)
            continue
        out[node] = parent
    problems.raise_if_any()
    return frozen_dict(out)


def _names(value: Mapping[Id, str] | None) -> FrozenDict:
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        raise ValidationError(
            f"'names' of a Wbs must be a mapping of node id to name (got {value!r})"
        )
    return frozen_dict({as_id(k): str(v) for k, v in value.items()})


@attrs.frozen
class Wbs:
    """A work breakdown structure: each node's parent, by id.

    Parameters
    ----------
    parents
        Node id -> the id of its parent, or None for a root. The leaves (nodes without
        children) are activities of the network; the nodes with children are summaries
        (MS Project summary tasks, P6 WBS nodes), which are not activities. Every parent
        must itself be a node (roots map to None).
    names
        Optional display names of nodes (summaries, typically).

    Raises
    ------
    UnknownReferenceError
        A parent that is not a node, all listed.
    CycleError
        A node that is its own ancestor, the cycle named in order.

    Examples
    --------
    >>> wbs = Wbs({"design": "1", "build": "1", "1": None})
    >>> wbs.summaries, wbs.leaves("1")
    (('1',), ('design', 'build'))
    >>> Wbs.from_codes({"P": "1", "A": "1.1", "B": "1.2", "B1": "1.2.1"}).parents["B1"]
    'B'
    """

    parents: FrozenDict = attrs.field(converter=_parents)
    names: FrozenDict = attrs.field(factory=FrozenDict, converter=_names, kw_only=True)

    def __attrs_post_init__(self) -> None:
        parents = self.parents
        unknown = [p for p in dict.fromkeys(parents.values()) if p is not None and p not in parents]
        if unknown:
            raise UnknownReferenceError(
                [
                    f"WBS node {n!r} names the unknown parent {p!r} (every parent must be a "
                    "node of the WBS; map a root to None)"
                    for n, p in parents.items()
                    if p in unknown
                ],
                unknown,
            )
        state: dict[Id, int] = {}  # 1: on the current chain, 2: done
        for start in parents:
            chain: list[Id] = []
            node: Id | None = start
            while node is not None and state.get(node) is None:
                state[node] = 1
                chain.append(node)
                node = parents[node]
            if node is not None and state[node] == 1:
                cycle = [*chain[chain.index(node):], node]
                raise CycleError(cycle, what="WBS hierarchy (child -> parent)")
            for c in chain:
                state[c] = 2
        bad_names = [k for k in self.names if k not in parents]
        if bad_names:
            raise UnknownReferenceError(
                f"'names' of the Wbs names unknown nodes {bad_names}", bad_names
            )

    # --------------------------------------------------------------------- builders
    @classmethod
    def from_codes(cls, codes: Mapping[Id, str], *, separator: str = ".",
                   names: Mapping[Id, str] | None = None) -> Wbs:
        """Build the hierarchy from WBS codes such as ``"1.2.3"``.

        The parent of a node is the node whose code is the longest proper prefix of its
        code, segment by segment (``"1.2"`` and then ``"1"`` for ``"1.2.3"``); a node
        without one is a root.

        Parameters
        ----------
        codes
            Node id -> WBS code (text; segments joined by ``separator``).
        separator
            The separator of the code's segments.
        names
            Optional display names by node id.

        Raises
        ------
        ValidationError
            A code that is not text or is blank.
        DuplicateError
            Two nodes with the same code.
        """
        problems = Problems()
        by_code: dict[tuple[str, ...], Id] = {}
        split: dict[Id, tuple[str, ...]] = {}
        dups: list[str] = []
        for node, code in codes.items():
            if not isinstance(code, str) or not code.strip():
                problems.add(f"WBS code of node {node!r} must be non-blank text (got {code!r})")
                continue
            key = tuple(part.strip() for part in code.strip().split(separator))
            if key in by_code:
                dups.append(
                    f"WBS code {code!r} is given to both {by_code[key]!r} and {node!r}"
                )
                continue
            by_code[key] = node
            split[node] = key
        raise_all(problems, dups, dups)
        parents: dict[Id, Id | None] = {}
        for node, key in split.items():
            parent = None
            for k in range(len(key) - 1, 0, -1):
                if key[:k] in by_code:
                    parent = by_code[key[:k]]
                    break
            parents[node] = parent
        return cls(parents, names=names)

    @classmethod
    def from_frame(cls, table: Any, *, id: str = "id", parent: str | None = "parent",
                   code: str | None = None, name: str = "name") -> Wbs:
        """Build the hierarchy from a table: a column of parent ids or of WBS codes.

        Parameters
        ----------
        table
            A pandas DataFrame, a mapping of column name to values, or a list of dicts.
        id
            The column of node ids.
        parent
            The column of parent ids (blank for a root); used when ``code`` is None.
        code
            The column of WBS codes (see :meth:`from_codes`), instead of ``parent``.
        name
            An optional column of display names.

        Raises
        ------
        ValidationError
            A missing column or a bad cell, naming the row and the column.
        DuplicateError
            A repeated id.

        Examples
        --------
        >>> Wbs.from_frame({"id": ["A", "B", "S"], "parent": ["S", "S", None]}).summaries
        ('S',)
        """
        t = ReadTable(table, "wbs")
        problems = Problems()
        col = t.column(id, problems, required=True)
        key = code if code is not None else parent
        if key is None:
            raise ValidationError("Wbs.from_frame needs a 'parent' or a 'code' column name")
        other = t.column(key, problems, required=True)
        labels = t.column(name, problems, required=False)
        if col is None or other is None:
            problems.raise_if_any()
            raise AssertionError("unreachable")  # pragma: no cover
        ids, dup_msgs, dups = read_ids(t, col, id, problems)
        values: dict[Id, Any] = {}
        names: dict[Id, str] = {}
        for i, node in enumerate(ids):
            raw = other[i]
            if code is not None:
                values[node] = read_text(t, i, key, raw, problems)
            else:
                if missing(raw):
                    values[node] = None
                else:
                    value = as_id(raw)
                    if (msg := check_id(value, key)) is not None:
                        problems.add(f"{t.where(i, key)}: {msg}")
                    values[node] = value
            if labels is not None and not missing(labels[i]):
                names[node] = str(labels[i])
        raise_all(problems, dup_msgs, dups)
        if code is not None:
            return cls.from_codes({k: v for k, v in values.items() if v is not None},
                                  names=names)
        return cls(values, names=names)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], *, id: str = "id",
                     parent: str | None = "parent", code: str | None = None,
                     name: str = "name") -> Wbs:
        """Build the hierarchy from records (dicts): the columns and rules of
        :meth:`from_frame`, without pandas.

        Examples
        --------
        >>> Wbs.from_records([{"id": "A", "wbs": "1.1"}, {"id": "P", "wbs": "1"}],
        ...                  code="wbs").parents["A"]
        'P'
        """
        refuse_columns_of_records(records, "wbs")
        return cls.from_frame(list(records), id=id, parent=parent, code=code, name=name)

    # ------------------------------------------------------------------------ queries
    @property
    def nodes(self) -> tuple[Id, ...]:
        """Every node id, in the order given."""
        return tuple(self.parents)

    def _children(self) -> dict[Id, list[Id]]:
        kids: dict[Id, list[Id]] = {}
        for node, parent in self.parents.items():
            if parent is not None:
                kids.setdefault(parent, []).append(node)
        return kids

    @property
    def summaries(self) -> tuple[Id, ...]:
        """The nodes that have children, in the order given."""
        kids = self._children()
        return tuple(n for n in self.parents if n in kids)

    def children(self, node: Id) -> tuple[Id, ...]:
        """The direct children of ``node``, in the order given."""
        self._check_node(node)
        return tuple(self._children().get(node, ()))

    def leaves(self, node: Id) -> tuple[Id, ...]:
        """The leaves (activities) under ``node``, depth first in the order given; a leaf
        is its own only leaf."""
        self._check_node(node)
        return _leaves(self._children(), node)

    def _check_node(self, node: Id) -> None:
        try:
            known = node in self.parents
        except TypeError:
            known = False
        if not known:
            raise UnknownReferenceError(f"no node {node!r} in this WBS", [node])

    def _check_network(self, network: Network) -> None:
        """Leaves must be activities; summaries must not be."""
        kids = self._children()
        problems = Problems()
        unknown = [n for n in self.parents if n not in kids and n not in network]
        if unknown:
            raise UnknownReferenceError(
                [f"WBS leaf {n!r} is not an activity of the network (a node without "
                 "children must be an activity)" for n in unknown[:20]],
                unknown,
            )
        for s in kids:
            if s in network:
                problems.add(
                    f"WBS summary {s!r} is also an activity of the network: a summary is "
                    "not scheduled itself (give the activity another id, or move it under "
                    "the summary)"
                )
        problems.raise_if_any()

    # ------------------------------------------------------------------- summary links
    def expand_links(
        self, activities: Iterable[Activity], dependencies: Iterable[Dependency]
    ) -> Network:
        """The network of ``activities`` with links that name a summary applied to its
        leaves, as MS Project does.

        A link into a summary applies to every activity under it (its start is the
        earliest start of its leaves, so "the summary starts after X" holds for each of
        them). A finish-to-start or finish-to-finish link out of a summary applies from
        every activity under it (the summary finishes with its last leaf); a
        start-to-start or start-to-finish link out of a summary applies from the leaf
        that starts earliest when the summary links are left out (ties: the first in
        the WBS order). Two links left between the same pair with the same type keep the
        larger lag (the one that binds).

        Parameters
        ----------
        activities
            The activities (the WBS leaves and any activities outside the WBS).
        dependencies
            Links whose ends are activity ids or WBS summary ids.

        Returns
        -------
        Network

        Raises
        ------
        ValidationError
            A link between a summary and an activity or summary under it (MS Project
            refuses it).
        UnknownReferenceError
            A link end that is neither an activity nor a summary, as for :class:`Network`.

        Examples
        --------
        >>> wbs = Wbs({"a": "S", "b": "S", "S": None})
        >>> net = wbs.expand_links([Activity("x", 2), Activity("a", 1), Activity("b", 3)],
        ...                        [Dependency("x", "S")])
        >>> [(d.predecessor, d.successor) for d in net.dependencies]
        [('x', 'a'), ('x', 'b')]
        """
        acts = tuple(activities)
        deps = tuple(dependencies)
        kids = self._children()
        if not any(d.predecessor in kids or d.successor in kids for d in deps):
            return Network(acts, deps)
        plain = [d for d in deps if d.predecessor not in kids and d.successor not in kids]
        base: Network | None = None
        problems = Problems()
        chosen: dict[tuple[Id, Id, LinkType], Dependency] = {}
        order: list[tuple[Id, Id, LinkType]] = []

        def add(p: Id, s: Id, t: LinkType, d: Dependency) -> None:
            # the lag keeps its unit and kind (clock time); the larger one binds
            key = (p, s, t)
            if key not in chosen:
                order.append(key)
                chosen[key] = d
            elif _lag_size(d) > _lag_size(chosen[key]):
                chosen[key] = d

        for d in deps:
            p, s = d.predecessor, d.successor
            if p not in kids and s not in kids:
                add(p, s, d.type, d)
                continue
            succs = _leaves(kids, s) if s in kids else (s,)
            if p in kids:
                leaves = _leaves(kids, p)
                if d.type in (LinkType.SS, LinkType.SF):
                    if base is None:
                        from pmokit.scheduling._cpm import schedule

                        base = Network(acts, plain)
                        es = schedule(base).early_start
                    idx = [base.compiled.index[x] for x in leaves if x in base]
                    preds: tuple[Id, ...] = (
                        (base.ids[idx[int(np.argmin(es[idx]))]],) if idx else ()
                    )
                else:
                    preds = leaves
            else:
                preds = (p,)
            if (s in kids and p in _descendants(kids, s)) or (
                p in kids and s in _descendants(kids, p)
            ):
                problems.add(
                    f"link {p} -> {s} ({d.type.value}) joins a summary and a node under it; "
                    "MS Project refuses such a link: remove it"
                )
                continue
            for a in preds:
                for b in succs:
                    add(a, b, d.type, d)
        problems.raise_if_any()
        return Network(acts, [
            Dependency(p, s, t, lag=chosen[(p, s, t)].lag, lag_unit=chosen[(p, s, t)].lag_unit,
                       lag_kind=chosen[(p, s, t)].lag_kind)
            for p, s, t in order
        ])



def _leaves(kids: Mapping[Id, list[Id]], node: Id) -> tuple[Id, ...]:
    """The leaves under ``node`` (itself for a leaf), depth first, given the children map."""
    out: list[Id] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n in kids:
            stack.extend(reversed(kids[n]))
        else:
            out.append(n)
    return tuple(out)


def _descendants(kids: Mapping[Id, list[Id]], node: Id) -> set[Id]:
    out: set[Id] = set()
    stack = list(kids.get(node, ()))
    while stack:
        n = stack.pop()
        out.add(n)
        stack.extend(kids.get(n, ()))
    return out


# ------------------------------------------------------------------------------ roll-up
def _summary_ranges(wbs: Wbs, network: Network) -> tuple[tuple[Id, ...], IntArray, IntArray]:
    """(summary ids, activity index of each leaf in depth-first order, [start, end) of
    each summary's leaves in that order)."""
    kids = wbs._children()
    roots = [n for n, p in wbs.parents.items() if p is None]
    index = network.compiled.index
    leaf_act: list[int] = []
    summaries: list[Id] = []
    bounds: list[list[int]] = []
    stack: list[tuple[Id, bool]] = [(r, False) for r in reversed(roots)]
    open_: dict[Id, int] = {}
    while stack:
        node, done = stack.pop()
        if done:
            bounds[open_[node]][1] = len(leaf_act)
            continue
        if node in kids:
            open_[node] = len(summaries)
            summaries.append(node)
            bounds.append([len(leaf_act), -1])
            stack.append((node, True))
            stack.extend((k, False) for k in reversed(kids[node]))
        else:
            leaf_act.append(int(index[node]))
    pos = {s: k for k, s in enumerate(summaries)}
    ordered = list(wbs.summaries)
    b = np.array([bounds[pos[s]] for s in ordered], dtype=np.int64).reshape(-1, 2)
    return tuple(ordered), np.array(leaf_act, dtype=np.int64), b


def _reduce(ufunc: Any, values: Any, leaf_act: IntArray, bounds: IntArray) -> Any:
    """``ufunc`` over each summary's leaves (contiguous ranges of the depth-first order)."""
    arr = values[leaf_act]
    if not bounds.size:
        return arr[:0]
    ext = np.concatenate([arr, arr[:1]])
    return ufunc.reduceat(ext, bounds.ravel())[::2]


def _per_activity_arrays(sched: Any) -> dict[str, np.ndarray]:
    n = len(sched.ids)
    out: dict[str, np.ndarray] = {}
    for f in attrs.fields(type(sched)):
        v = getattr(sched, f.name)
        if f.name.startswith("_") or not isinstance(v, np.ndarray) or v.shape != (n,):
            continue
        out[f.name] = v
    return out


def _dates_map(value: Mapping[str, np.ndarray]) -> FrozenDict:
    return frozen_dict(value)


@display("ids", "duration", "total_float")
@attrs.frozen(eq=False)
class WbsRollup(FrozenResult, IdMapping):
    """The WBS summaries of a schedule, rolled up from their activities.

    Attributes
    ----------
    ids
        Summary ids, in the WBS's order. A roll-up is a read-only mapping of summary id to
        its row (``r["S"]``, ``in``, ``len``, ``.get``); an unknown id raises
        :class:`~pmokit.errors.UnknownReferenceError`.
    early_start, late_start
        The earliest early / late start of the activities under each summary
        [working days].
    early_finish, late_finish
        The latest early / late finish of the activities under each summary
        [working days].
    duration
        ``early_finish - early_start`` [working days].
    total_float
        The smallest total float of the activities under each summary [working days].
    critical
        Whether any activity under the summary is critical.
    percent_complete
        Weighted percent complete [%] (see :func:`rollup`), or None when no percent
        complete was given.
    dates
        The schedule's other per-activity instants rolled up the same way (starts by
        minimum, finishes by maximum): ``"early_start_date"`` and the rest when the
        schedule has dates, and any clock-time arrays it has, by field name.
    """

    ids: tuple[Id, ...]
    early_start: FloatArray
    early_finish: FloatArray
    late_start: FloatArray
    late_finish: FloatArray
    duration: FloatArray
    total_float: FloatArray
    critical: BoolArray
    percent_complete: FloatArray | None
    dates: FrozenDict = attrs.field(converter=_dates_map)

    _what = "WBS summary"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WbsRollup) or type(other) is not type(self):
            return NotImplemented
        if self.dates.keys() != other.dates.keys():
            return False
        return all(
            values_equal(getattr(self, f.name), getattr(other, f.name))
            for f in attrs.fields(WbsRollup) if f.name != "dates"
        ) and all(values_equal(self.dates[k], other.dates[k]) for k in self.dates)

    __hash__ = None  # type: ignore[assignment]

    def _row(self, i: int) -> dict[str, Any]:
        row: dict[str, Any] = {"id": self.ids[i]}
        for name in ("early_start", "early_finish", "late_start", "late_finish",
                     "duration", "total_float"):
            row[name] = float(getattr(self, name)[i])
        row["critical"] = bool(self.critical[i])
        if self.percent_complete is not None:
            row["percent_complete"] = float(self.percent_complete[i])
        for name, arr in self.dates.items():
            row[name] = arr[i].item()
        return row

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per summary."""
        return [self._row(i) for i in range(len(self.ids))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by summary id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def rollup(
    schedule: Schedule,
    wbs: Wbs,
    *,
    percent_complete: Mapping[Id, float] | None = None,
    weights: Mapping[Id, float] | None = None,
) -> WbsRollup:
    """Roll a schedule's dates, floats and progress up to the WBS summaries.

    Parameters
    ----------
    schedule
        A :class:`~pmokit.scheduling.Schedule`.
    wbs
        The WBS; its leaves must be activities of the schedule, its summaries not.
    percent_complete
        Percent complete of activities [%, 0-100] (absent ones count as 0), for the
        summaries' weighted percent complete.
    weights
        Weight of each activity in the percent complete, such as its work [hours]: the
        work-weighted percent complete. Default None: duration-weighted (each activity
        weighs its scheduled duration ``early_finish - early_start`` in working days, as
        MS Project's summary % complete: actual duration over duration). When the
        weights under a summary add up to 0 (milestones only), the plain mean.

    Returns
    -------
    WbsRollup

    Raises
    ------
    UnknownReferenceError
        A WBS leaf that is not an activity; a percent complete or weight naming an
        unknown activity.
    ValidationError
        A summary that is also an activity; a percent complete outside [0, 100] or a
        negative weight.
    """
    network: Network = schedule.network
    wbs._check_network(network)
    index = network.compiled.index
    problems = Problems()
    for what, mapping in (("percent_complete", percent_complete), ("weights", weights)):
        if mapping is None:
            continue
        unknown = [k for k in mapping if k not in index]
        if unknown:
            raise UnknownReferenceError(
                f"'{what}' names unknown activities {unknown[:20]}", unknown
            )
        for k, v in mapping.items():
            if what == "percent_complete":
                problems.check_number(v, f"percent complete of activity {k!r} [%]",
                                      minimum=0.0, maximum=100.0)
            else:
                problems.check_number(v, f"weight of activity {k!r}", minimum=0.0)
    problems.raise_if_any()
    ids, leaf_act, bounds = _summary_ranges(wbs, network)
    es, ef = schedule.early_start, schedule.early_finish
    out: dict[str, Any] = {}
    for name in _MIN_FIELDS:
        out[name] = _reduce(np.minimum, getattr(schedule, name), leaf_act, bounds)
    for name in _MAX_FIELDS:
        out[name] = _reduce(np.maximum, getattr(schedule, name), leaf_act, bounds)
    out["duration"] = out["early_finish"] - out["early_start"]
    out["total_float"] = _reduce(np.minimum, schedule.total_float, leaf_act, bounds)
    out["critical"] = _reduce(np.logical_or, schedule.critical_mask, leaf_act, bounds)
    pct: FloatArray | None = None
    if percent_complete is not None:
        n = network.compiled.n
        p = np.zeros(n)
        for k, v in percent_complete.items():
            p[index[k]] = float(v)
        if weights is None:
            w = np.asarray(ef - es, dtype=np.float64)
        else:
            w = np.zeros(n)
            for k, v in weights.items():
                w[index[k]] = float(v)
        wsum = _reduce(np.add, w, leaf_act, bounds)
        wp = _reduce(np.add, w * p, leaf_act, bounds)
        count = np.diff(bounds, axis=1).ravel().astype(np.float64)
        mean = _reduce(np.add, p, leaf_act, bounds) / np.maximum(count, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = np.where(wsum > 0, wp / np.where(wsum > 0, wsum, 1.0), mean)
    dates: dict[str, np.ndarray] = {}
    for name, arr in _per_activity_arrays(schedule).items():
        if name in out or name in ("total_float", "free_float"):
            continue
        if name.startswith(("early_start", "late_start")):
            dates[name] = _reduce(np.minimum, arr, leaf_act, bounds)
        elif name.startswith(("early_finish", "late_finish")):
            dates[name] = _reduce(np.maximum, arr, leaf_act, bounds)
    for a in (*out.values(), *dates.values(), *([pct] if pct is not None else [])):
        a.setflags(write=False)
    return WbsRollup(ids=ids, percent_complete=pct, dates=dates, **out)


# --------------------------------------------------------------------- activity types
_START, _FINISH = 0, 1
_FIELD_END = {"early_start": _START, "late_start": _START,
              "early_finish": _FINISH, "late_finish": _FINISH}


def _span_candidates(
    c: Any, i: int, arrays: dict[str, FloatArray], done: BoolArray, is_loe: BoolArray,
    ends: tuple[BoolArray, BoolArray],
) -> tuple[list[tuple[float, float, int, int, bool]], list[tuple[float, float, int, int, bool]]]:
    """Start and finish candidates of LOE ``i``: (early, late, activity, its end, lag==0);
    ``ends``: per link, whether it leaves a finish and whether it reaches one."""
    es, ef, ls, lf = (arrays[k] for k in ("early_start", "early_finish", "late_start",
                                          "late_finish"))
    starts: list[tuple[float, float, int, int, bool]] = []
    finishes: list[tuple[float, float, int, int, bool]] = []
    for k in c.pred_link[c.pred_ptr[i]:c.pred_ptr[i + 1]].tolist():
        p, g = int(c.link_pred[k]), float(c.link_lag[k])
        if is_loe[p] and not done[p]:
            continue
        from_finish = bool(ends[0][k])
        early, late = (ef[p], lf[p]) if from_finish else (es[p], ls[p])
        cand = (early + g, late + g, p, _FINISH if from_finish else _START, g == 0)
        (finishes if ends[1][k] else starts).append(cand)  # FF, SF set the finish
    for k in c.succ_link[c.succ_ptr[i]:c.succ_ptr[i + 1]].tolist():
        s, g = int(c.link_succ[k]), float(c.link_lag[k])
        if is_loe[s] and not done[s]:
            continue
        to_finish = bool(ends[1][k])
        early, late = (ef[s], lf[s]) if to_finish else (es[s], ls[s])
        cand = (early - g, late - g, s, _FINISH if to_finish else _START, g == 0)
        (finishes if ends[0][k] else starts).append(cand)  # FS, FF set the finish
    return starts, finishes


def schedule_activity_types(run: Callable[..., Any], args: dict[str, Any]) -> Any:
    """The hook of :func:`~pmokit.scheduling.schedule` for networks with activity types.

    The passes run on the network without its level-of-effort (LOE) activities and their
    links, so an LOE drives nothing and never moves the project finish. Each LOE then
    spans from the earliest start to the latest finish its links give it (P6: "a level
    of effort activity ... summarizes its dates" from its predecessors and successors;
    Primavera's earlier hammocks took SS predecessors and FF successors): a link from a
    predecessor's start or finish (SS, FS) or to a successor's start (SS, SF) sets a start,
    the others set a finish, each with its lag; without a start link the LOE starts at
    the project start, without a finish link it finishes at its start; late dates alike,
    a late finish defaulting to the project finish. An LOE's total float is its late
    finish minus its early finish and its free float the same (nothing follows it).
    With a ``start``, on clock time and on working days for an LOE on its own calendar,
    its offsets, dates and floats then come from the instants it spans on its own
    calendar, lags in working time of their lag calendar
    (:func:`~pmokit.scheduling._clock.respan_level_of_effort`). A percent lag on a link
    out of an LOE is refused (a percentage of the duration its links set).

    Start milestones are dated at the start of the working day their instant opens, finish
    milestones at the end of the working day their instant closes.
    """
    network: Network = args.pop("network")
    c = network.compiled
    kinds = network.kinds
    is_loe = np.zeros(c.n, dtype=bool)
    for i, k in kinds.items():
        if k == "loe":
            is_loe[i] = True
    degree = np.diff(c.pred_ptr) + np.diff(c.succ_ptr)
    lonely = [c.ids[i] for i in np.flatnonzero(is_loe & (degree == 0)).tolist()]
    if lonely:
        raise ValidationError(
            [f"level-of-effort activity {a!r} has no links, so there is nothing for it to span: "
             "link it to the activities it summarises (SS from the first, FF to the last)"
             for a in lonely[:20]]
        )
    from pmokit.scheduling._clock import percent_lag_from_level_of_effort

    circular = percent_lag_from_level_of_effort(network)
    if circular:
        raise ValidationError(circular[:20])
    refused = Problems()

    def loe_keys(option: object) -> list[Id]:
        """The keys of a per-activity option that name an LOE (the first 20)."""
        if not isinstance(option, Mapping):
            return []
        return [k for k in option if k in network and is_loe[c.index[k]]][:20]

    for aid in loe_keys(args.get("expected_finish")):
        refused.add(f"expected_finish of activity {aid!r}: it is a level-of-effort "
                    "activity, whose dates come from the activities it spans (an "
                    "expected finish applies to tasks)")
    delay = args.get("leveling_delay")
    if isinstance(delay, Mapping):
        # an LOE's dates come from its links: a delay of it could only be dropped (P6
        # never levels an LOE; MS Project has none), so a delay other than 0 is refused
        for k, v in delay.items():
            if k not in network or not is_loe[c.index[k]]:
                continue
            before = len(refused)
            refused.check_number(v, f"leveling_delay of activity {k!r}", minimum=0.0)
            if len(refused) == before and float(v) != 0.0:
                refused.add(f"leveling_delay of activity {k!r} ({float(v):g}): it is a "
                            "level-of-effort activity, whose dates come from the activities "
                            "it spans (a leveling delay applies to tasks; delay those)")
    for msg in level_of_effort_constraints(network, ""):  # (level and others call schedule)
        refused.add(msg)
    for aid in loe_keys(args.get("assignments")):
        refused.add(f"assignments of activity {aid!r}: it is a level-of-effort activity, "
                    "whose dates come from the activities it spans (assignments place "
                    "tasks)")
    refused.raise_if_any()
    keep = ~is_loe
    link_keep = keep[c.link_pred] & keep[c.link_succ]
    acts = [attrs.evolve(a, kind="task") if a.kind != "task" else a
            for a, k in zip(network.activities, keep.tolist(), strict=True) if k]
    deps = [d for d, k in zip(network.dependencies, link_keep.tolist(), strict=True) if k]
    if isinstance(delay, Mapping):  # (only delays of 0 on an LOE are left: they delay nothing)
        args["leveling_delay"] = {k: v for k, v in delay.items()
                                  if k not in network or not is_loe[c.index[k]]}
    actuals = args.get("actuals")
    if actuals is not None and hasattr(actuals, "activities"):  # progress of the passes' part
        args["actuals"] = type(actuals)([r for r in actuals.activities
                                         if r.id not in network or not is_loe[c.index[r.id]]])
    from pmokit.scheduling._clock import capture_day_instants, milestone_kinds

    with milestone_kinds({c.ids[i]: k for i, k in kinds.items() if k != "loe"}), \
            capture_day_instants() as captured:
        inner = run(Network(acts, deps), **args)
    pos = np.flatnonzero(keep)
    full = _per_activity_arrays(inner)
    arrays: dict[str, np.ndarray] = {}
    for name, v in full.items():
        if v.dtype.kind == "f":
            out = np.full(c.n, np.nan, dtype=v.dtype)
        elif v.dtype.kind in "mM":
            out = np.full(c.n, np.datetime64("NaT"), dtype=v.dtype)
        else:
            out = np.zeros(c.n, dtype=v.dtype)
        out[pos] = v
        arrays[name] = out
    done = ~is_loe.copy()
    finish = float(inner.project_duration)
    loe_order = [i for i in c.order.tolist() if is_loe[i]]
    ends = c.link_from_finish, c.link_to_finish
    Source = tuple[float, float, int, int, bool] | None
    for i in loe_order:
        es_src: Source
        ls_src: Source
        ef_src: Source
        lf_src: Source
        starts, finishes = _span_candidates(c, i, arrays, done, is_loe, ends)
        if starts:
            e0 = min(starts, key=lambda x: x[0])
            l0 = min(starts, key=lambda x: x[1])
            es_i, es_src, ls_i, ls_src = e0[0], e0, l0[1], l0
        else:
            es_i, es_src, ls_i, ls_src = 0.0, None, np.nan, None
        if finishes:
            e1 = max(finishes, key=lambda x: x[0])
            l1 = max(finishes, key=lambda x: x[1])
            ef_i, ef_src, lf_i, lf_src = e1[0], e1, l1[1], l1
        else:
            ef_i, ef_src, lf_i, lf_src = es_i, es_src, finish, None
        if np.isnan(ls_i):
            ls_i, ls_src = lf_i, lf_src
        if ef_i < es_i:
            ef_i, ef_src = es_i, es_src
        if ls_i > lf_i:
            ls_i, ls_src = lf_i, lf_src
        values = {"early_start": (es_i, es_src), "early_finish": (ef_i, ef_src),
                  "late_start": (ls_i, ls_src), "late_finish": (lf_i, lf_src)}
        for name, (val, _) in values.items():
            arrays[name][i] = val
        arrays["total_float"][i] = lf_i - ef_i
        arrays["free_float"][i] = lf_i - ef_i
        for name, arr in arrays.items():
            base = next((b for b in _FIELD_END if name.startswith(b) and name != b), None)
            if base is None or name.endswith("_date"):
                continue
            src = values[base][1]
            if src is not None and src[4]:  # lag 0: the same instant as the source's end
                end_name = ("early" if base.startswith("early") else "late") + (
                    "_start" if src[3] == _START else "_finish") + name[len(base):]
                if end_name in arrays:
                    arr[i] = arrays[end_name][src[2]]
        done[i] = True
    start, cal = inner.start, inner.calendar
    if start is not None and cal is not None and "early_start_date" in arrays:
        from pmokit.scheduling import _dates

        loe = np.flatnonzero(is_loe)
        if loe.size:
            es, ef = arrays["early_start"][loe], arrays["early_finish"][loe]
            ls, lf = arrays["late_start"][loe], arrays["late_finish"][loe]
            arrays["early_start_date"][loe] = _dates.start_dates(cal, start, es)
            arrays["early_finish_date"][loe] = _dates.finish_dates(cal, start, ef, es)
            arrays["late_start_date"][loe] = _dates.start_dates(cal, start, ls)
            arrays["late_finish_date"][loe] = _dates.finish_dates(cal, start, lf, ls)
        for kind, end in (("start_milestone", False), ("finish_milestone", True)):
            idx = np.array([i for i, k in kinds.items() if k == kind], dtype=np.int64)
            if not idx.size:
                continue
            for t_name, pair in (("early_start", ("early_start_date", "early_finish_date")),
                                 ("late_start", ("late_start_date", "late_finish_date"))):
                t = arrays[t_name][idx]
                whole = np.abs(t - np.round(t)) <= 1e-9
                steps = np.where(end & whole & (t > 1e-9), np.round(t) - 1.0, t)
                day = _dates.start_dates(cal, start, steps)
                for name in pair:
                    arrays[name][idx] = day
    link_slack = None
    if is_loe.any():  # an LOE drives nothing: its links have no slack to give or take
        link_slack = np.full(c.m, np.inf)
        link_slack[link_keep] = inner.link_slack
        link_slack.setflags(write=False)
        if start is not None and cal is not None:
            # on clock time, or on its own calendar: offsets, dates and floats from the
            # instants of the activities it spans (P6: an LOE "uses its assigned calendar
            # to summarize its dates")
            from pmokit.scheduling._clock import respan_level_of_effort

            probe = attrs.evolve(inner, network=network, ids=c.ids, _link_slack=link_slack,
                                 **arrays)
            respan_level_of_effort(probe, inner, arrays, is_loe, captured)
    for a in arrays.values():
        a.setflags(write=False)
    from pmokit.scheduling._status import expand_status

    status = expand_status(inner, keep, link_keep, arrays["early_start"], arrays["late_start"])
    if status and actuals is not None:
        status["actuals"] = actuals
    return attrs.evolve(inner, network=network, ids=c.ids, _link_slack=link_slack, **arrays,
                        **status)


def _lag_size(d: Dependency) -> float:
    """A link's lag in days of the standard units (8 hours, 5-day weeks), to compare lags
    given in different units; a percent lag counts its fraction of a day."""
    from pmokit.scheduling._network import LAG_KIND_RULES, LAG_UNIT_RULES

    kind, unit = LAG_KIND_RULES[d.lag_kind], LAG_UNIT_RULES[d.lag_unit]
    if kind.percent:
        return d.lag / 100.0
    if kind.elapsed:
        return d.lag * unit.elapsed_minutes / 480.0
    return d.lag * unit.working_minutes(480.0) / 480.0


# ------------------------------------------- level of effort outside schedule()
def level_of_effort(network: Network) -> BoolArray:
    """Per activity, whether it is a level-of-effort (LOE) activity."""
    mask = np.zeros(network.compiled.n, dtype=bool)
    for i, k in network.kinds.items():
        if k == "loe":
            mask[i] = True
    return mask


def level_of_effort_constraints(network: Network, what: str) -> list[str]:
    """Each level-of-effort activity with a constraint other than ASAP (a dated one,
    ALAP, MANUAL), named: an LOE's dates come from its links only, so the constraint
    could only be dropped (P6 assigns no constraint to an LOE; MS Project has none).
    ``what`` (the entry point) starts each message unless empty."""
    out = []
    for i, k in network.kinds.items():
        con = network.constraints.get(i)
        if k == "loe" and con is not None and con.kind != "ASAP":
            out.append(f"{what + ': ' if what else ''}level-of-effort activity "
                       f"{network.ids[i]!r} has a "
                       f"{con.kind.value} constraint; an LOE's dates come from its links "
                       "only: remove the constraint")
    return out


def without_level_of_effort(
    network: Network, what: str, *, demands: bool = False, constraints: bool = False
) -> tuple[Network, BoolArray]:
    """The network without its LOE activities and their links, and the mask of the
    activities kept (the others keep their order and kinds).

    An LOE spans the activities it links to and drives nothing, so the engines that
    place activities (resource-constrained scheduling, leveling, simulate, slip impact)
    run on the rest and span each LOE afterwards (:func:`span_level_of_effort`). Refused,
    naming the activity, with the reason: an LOE without links (nothing to span); with
    ``demands=True`` an LOE that demands resources (its usage would follow a span that
    the resources decide, which the engine does not model: give the demand to the
    activities it spans, or drop it); with ``constraints=True`` an LOE with a
    constraint other than ASAP (its dates come from its links only;
    :func:`level_of_effort_constraints`).
    """
    is_loe = level_of_effort(network)
    c = network.compiled
    problems: list[str] = []
    degree = np.diff(c.pred_ptr) + np.diff(c.succ_ptr)
    for i in np.flatnonzero(is_loe).tolist():
        a = network.activities[i]
        if degree[i] == 0:
            problems.append(
                f"level-of-effort activity {a.id!r} has no links, so there is nothing for it "
                "to span: link it to the activities it summarises (SS from the first, FF to "
                "the last)")
        if demands and any(float(u) > 0 for u in a.demands.values()):
            problems.append(
                f"{what}: level-of-effort activity {a.id!r} demands resources "
                f"({dict(a.demands)!r}); an LOE takes no resource-driven position and its "
                "usage would follow a span the resources decide, which is not modelled: "
                "give the demand to the activities it spans, or drop it")
    if constraints:
        problems.extend(level_of_effort_constraints(network, what))
    if problems:
        raise ValidationError(problems)
    keep = ~is_loe
    link_keep = keep[c.link_pred] & keep[c.link_succ]
    acts = [a for a, k in zip(network.activities, keep.tolist(), strict=True) if k]
    deps = [d for d, k in zip(network.dependencies, link_keep.tolist(), strict=True) if k]
    return Network(acts, deps), keep


def span_level_of_effort(
    network: Network, keep: BoolArray, start: FloatArray, finish: FloatArray,
    project_start: float = 0.0,
) -> tuple[FloatArray, FloatArray]:
    """Start and finish of every activity: those of the kept ones (``start`` and
    ``finish`` of the network without LOEs) and each LOE's span over the activities it
    links to, by the rule of :func:`schedule_activity_types` (early dates): the earliest
    start its start links give (SS, FS from a predecessor; SS, SF to a successor), the
    latest finish its other links give, each with its lag; without a start link it
    starts at ``project_start``, without a finish link it finishes at its start.

    ``start`` and ``finish`` may be 2-D (activities x samples): each column is spanned
    on its own.
    """
    c = network.compiled
    shape = (c.n, *np.shape(start)[1:])
    s = np.full(shape, np.nan)
    f = np.full(shape, np.nan)
    s[keep] = start
    f[keep] = finish
    is_loe = ~keep
    done = keep.copy()
    from_fin, to_fin = c.link_from_finish, c.link_to_finish  # (LINK_RULES)
    for i in [j for j in c.order.tolist() if is_loe[j]]:
        starts: list[FloatArray] = []
        finishes: list[FloatArray] = []
        for k in c.pred_link[c.pred_ptr[i]:c.pred_ptr[i + 1]].tolist():
            p, g = int(c.link_pred[k]), float(c.link_lag[k])
            if not done[p]:
                continue
            at = (f[p] if from_fin[k] else s[p]) + g  # from the finish: FS, FF
            (finishes if to_fin[k] else starts).append(at)  # FF, SF set the finish
        for k in c.succ_link[c.succ_ptr[i]:c.succ_ptr[i + 1]].tolist():
            q, g = int(c.link_succ[k]), float(c.link_lag[k])
            if not done[q]:
                continue
            at = (f[q] if to_fin[k] else s[q]) - g  # to the finish: FF, SF
            (finishes if from_fin[k] else starts).append(at)  # FS, FF set the finish
        s_i = (np.minimum.reduce(starts) if starts
               else np.full(shape[1:], float(project_start)))
        f_i = np.maximum.reduce(finishes) if finishes else s_i
        s[i] = s_i
        f[i] = np.maximum(f_i, s_i)
        done[i] = True
    return s, f
