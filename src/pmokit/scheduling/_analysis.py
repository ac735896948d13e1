"""Dependency analysis on a network or schedule: transitive predecessors and successors,
and a bottleneck ranking of activities."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from pmokit._results import IdMapping, display, records_to_frame
from pmokit._typing import FloatArray, Id, IntArray
from pmokit._validation import Problems
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling._bounds import start_bounds
from pmokit.scheduling._cpm import (
    FLOAT_TOL,
    Schedule,
    _cached,
    level_plan,
)
from pmokit.scheduling._network import CompiledNetwork, Network
from pmokit.scheduling._resultbase import FrozenResult

__all__ = ["BottleneckRanking", "all_predecessors", "all_successors", "bottlenecks"]



def resolve_ids(c: CompiledNetwork, ids: str | Iterable[str], what: str) -> IntArray:
    """Positions of ``ids`` (one id or several); every unknown id is listed."""
    if isinstance(ids, str):
        items: list[Any] = [ids]
    else:
        try:
            items = list(ids)
        except TypeError:
            raise ValidationError(
                f"{what} must be an activity id or an iterable of ids (got {ids!r} that is "
                f"a {type(ids).__name__})"
            ) from None
    unknown = [a for a in items if not isinstance(a, str) or a not in c.index]
    if unknown:
        raise UnknownReferenceError(
            [f"{what} names unknown activity {a!r}" for a in unknown], unknown
        )
    return np.array([c.index[a] for a in items], dtype=np.int64)


def _adjacency(c: CompiledNetwork, forward: bool) -> sp.csr_array:
    """Pattern of the links (and a super-source row n pointing nowhere yet)."""
    rows, cols = (c.link_pred, c.link_succ) if forward else (c.link_succ, c.link_pred)
    data = np.ones(rows.size, dtype=np.int8)
    return sp.csr_array((data, (rows, cols)), shape=(c.n, c.n))


def reach(c: CompiledNetwork, sources: IntArray, *, forward: bool) -> npt.NDArray[np.bool_]:
    """Mask of the activities reachable from ``sources`` (sources included)."""
    mask = np.zeros(c.n, dtype=bool)
    if sources.size == 0:
        return mask
    adj: sp.csr_array = _cached(
        c, "adj_f" if forward else "adj_b", lambda cc: _adjacency(cc, forward)
    )
    if sources.size == 1:
        mask[breadth_first_order(adj, int(sources[0]), directed=True,
                                 return_predecessors=False)] = True
        return mask
    # one super-source pointing at every source
    n = c.n
    extra = sp.csr_array(
        (np.ones(sources.size, dtype=np.int8), (np.zeros(sources.size, dtype=np.int64),
                                                sources)),
        shape=(1, n),
    )
    g = sp.vstack([sp.hstack([adj, sp.csr_array((n, 1), dtype=np.int8)]),
                   sp.hstack([extra, sp.csr_array((1, 1), dtype=np.int8)])]).tocsr()
    found = breadth_first_order(g, n, directed=True, return_predecessors=False)
    mask[found[found < n]] = True
    return mask


def _network_of(obj: Network | Schedule) -> Network:
    if isinstance(obj, Schedule):
        return obj.network
    if isinstance(obj, Network):
        return obj
    raise ValidationError(
        f"expected a Network or a Schedule (got {obj!r} that is a {type(obj).__name__})"
    )


def all_predecessors(network: Network | Schedule, ids: str | Iterable[str]) -> tuple[Id, ...]:
    """Every activity that ``ids`` depend on, directly or through others (transitive).

    Parameters
    ----------
    network
        A network, or a schedule of one.
    ids
        One activity id or several.

    Returns
    -------
    tuple of str
        The ids, in index order, without the given ones.

    Raises
    ------
    UnknownReferenceError
        All unknown ids listed.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network
    >>> net = Network([Activity(a, 1) for a in "ABCD"],
    ...               [Dependency("A", "B"), Dependency("B", "C"), Dependency("D", "C")])
    >>> all_predecessors(net, "C")
    ('A', 'B', 'D')
    >>> all_successors(net, "A")
    ('B', 'C')
    """
    net = _network_of(network)
    c = net.compiled
    src = resolve_ids(c, ids, "'ids'")
    mask = reach(c, src, forward=False)
    mask[src] = False
    return tuple(c.ids[i] for i in np.flatnonzero(mask).tolist())


def all_successors(network: Network | Schedule, ids: str | Iterable[str]) -> tuple[Id, ...]:
    """Every activity that depends on ``ids``, directly or through others (transitive).

    See :func:`all_predecessors`.
    """
    net = _network_of(network)
    c = net.compiled
    src = resolve_ids(c, ids, "'ids'")
    mask = reach(c, src, forward=True)
    mask[src] = False
    return tuple(c.ids[i] for i in np.flatnonzero(mask).tolist())


@display()
@attrs.frozen(eq=False)
class BottleneckRanking(FrozenResult, IdMapping):
    """Activities ranked by how much their delay disturbs the schedule.

    Attributes
    ----------
    ids
        Activity ids, most disruptive first.
    milestones_moved
        For each ranked activity: how many milestones are delayed when it takes a little
        longer (they are reached from its finish through driving links).
    critical_chains
        Number of critical chains (see :meth:`Schedule.critical_paths`) through the activity,
        counted without enumerating them (a float: it can be astronomically large, and is
        ``inf`` beyond about 1.8e308 chains).
    total_float
        Total float [working days]: a delay beyond it moves the project finish.
    milestones
        The milestone ids that were counted.

    Notes
    -----
    A read-only mapping of each ranked activity's id to its row (``rank["A"]``, ``in``,
    iteration in rank order, ``len``, ``.get``); an unranked id raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).
    """

    ids: tuple[Id, ...]
    milestones_moved: npt.NDArray[np.int64]
    critical_chains: FloatArray
    total_float: FloatArray
    milestones: tuple[Id, ...]

    def _row(self, k: int) -> dict[str, Any]:
        return {
            "rank": k + 1,
            "id": self.ids[k],
            "milestones_moved": int(self.milestones_moved[k]),
            "critical_chains": float(self.critical_chains[k]),
            "total_float": float(self.total_float[k]),
        }

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per activity, in rank order."""
        return [self._row(k) for k in range(len(self.ids))]

    def to_frame(self) -> Any:
        """A pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def _chain_counts(s: Schedule) -> FloatArray:
    """Number of critical chains through each activity: paths_in * paths_out."""
    c = s.network.compiled
    crit = s.total_float <= FLOAT_TOL
    keep = s.driving_links & crit[c.link_pred] & crit[c.link_succ]
    p, q = c.link_pred[keep], c.link_succ[keep]
    # a pair of activities joined by two tight links counts once
    if p.size:
        pair = np.unique(p * c.n + q)
        p, q = pair // c.n, pair % c.n
    lev = c.level
    order = np.argsort(lev[q], kind="stable")
    p, q = p[order], q[order]
    n_in = np.where(crit, 1.0, 0.0)
    has_pred = np.zeros(c.n, dtype=bool)
    has_pred[q] = True
    n_in[has_pred] = 0.0
    # forward DP by successor level
    lv = lev[q]
    bounds: list[int] = (
        np.flatnonzero(np.r_[True, lv[1:] != lv[:-1], True]).tolist() if lv.size else []
    )
    for a, b in itertools.pairwise(bounds):
        np.add.at(n_in, q[a:b], n_in[p[a:b]])
    n_out = np.where(crit, 1.0, 0.0)
    has_succ = np.zeros(c.n, dtype=bool)
    has_succ[p] = True
    n_out[has_succ] = 0.0
    order = np.argsort(-lev[p], kind="stable")
    p2, q2 = p[order], q[order]
    lv = lev[p2]
    bounds = np.flatnonzero(np.r_[True, lv[1:] != lv[:-1], True]).tolist() if lv.size else []
    for a, b in itertools.pairwise(bounds):
        np.add.at(n_out, p2[a:b], n_out[q2[a:b]])
    return np.where(crit, n_in * n_out, 0.0)


def _milestone_reach(s: Schedule, mids: IntArray) -> npt.NDArray[np.int64]:
    """Milestones reached from each activity's finish along driving links (bitsets)."""
    c = s.network.compiled
    n = c.n
    words = max(1, (mids.size + 63) // 64)
    bits = np.zeros((n, words), dtype=np.uint64)
    k = np.arange(mids.size)
    bits[mids, k // 64] |= np.left_shift(np.uint64(1), (k % 64).astype(np.uint64))
    drive = s.driving_links
    plan = level_plan(c)
    # whole-activity shifts, processed from the last level back
    for lvl in range(plan.bwd_ptr.size - 2, -1, -1):
        links = plan.bwd_links[plan.bwd_ptr[lvl] : plan.bwd_ptr[lvl + 1]]
        links = links[drive[links]]
        if links.size:
            np.bitwise_or.at(bits, c.link_pred[links], bits[c.link_succ[links]])
    # a finish delay moves only links that leave from the finish (FS, FF) ...
    fin = np.zeros((n, words), dtype=np.uint64)
    fin[mids, k // 64] = np.left_shift(np.uint64(1), (k % 64).astype(np.uint64))
    from_finish = drive & c.link_from_finish
    links = np.flatnonzero(from_finish)
    if links.size:
        np.bitwise_or.at(fin, c.link_pred[links], bits[c.link_succ[links]])
    # ... and only when the finish moves: an activity held only by finish-side links
    # (FF, SF into it) starts earlier instead when it gets longer
    # start-side bounds only: with a longer duration a finish bound (FNET, MFO) lets the
    # activity start earlier, so it holds the start only where a start bound also does
    lower, _, alap = start_bounds(s.network, s.start, s.calendar, Problems(),
                                        c.duration + 1.0)
    held = s.early_start <= lower + FLOAT_TOL
    held[alap] = True
    start_side = drive & ~c.link_to_finish
    held[c.link_succ[start_side]] = True
    fin[~held] = 0
    counts: npt.NDArray[np.int64] = np.bitwise_count(fin).sum(axis=1).astype(np.int64)
    return counts


def bottlenecks(
    schedule: Schedule,
    *,
    milestones: Iterable[str] | None = None,
    top: int | None = None,
) -> BottleneckRanking:
    """Rank activities by the milestones their delay moves and the critical chains they lie on.

    Parameters
    ----------
    schedule
        A CPM schedule.
    milestones
        The milestone ids to count; default every activity of zero duration.
    top
        Keep only the first ``top`` activities.

    Returns
    -------
    BottleneckRanking
        Sorted by milestones moved (descending), then critical chains (descending), then
        total float (ascending), then index.

    Raises
    ------
    UnknownReferenceError
        Unknown milestone ids, all listed.
    ValidationError
        ``top`` not a positive int.

    Notes
    -----
    "Moves" is first-order: a small delay of an activity's finish moves every activity
    reached through links with zero slack (links from its finish first, then every link);
    a delay larger than a link's slack moves more, which :func:`slip_impact` answers
    exactly for a given delay. An ALAP activity counts as held at its start; when a delay
    moves the project finish (and so ALAP activities' late dates) the count can miss
    what the repositioned ALAP activities move.

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
    >>> net = Network([Activity("A", 3), Activity("M1", 0), Activity("B", 2),
    ...                Activity("M2", 0)],
    ...               [Dependency("A", "M1"), Dependency("A", "B"), Dependency("B", "M2")])
    >>> r = bottlenecks(schedule(net))
    >>> r.ids[:2], r.milestones_moved[:2].tolist()
    (('A', 'B'), [2, 1])
    """
    c = schedule.network.compiled
    problems = Problems()
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        problems.add(f"'top' must be a positive int or None (got {top!r})")
    problems.raise_if_any()
    if milestones is None:
        mids = np.flatnonzero(c.duration == 0)
    else:
        mids = np.unique(resolve_ids(c, milestones, "'milestones'"))
    moved = _milestone_reach(schedule, mids)
    chains = _chain_counts(schedule)
    tf = schedule.total_float
    rank = np.lexsort((np.arange(c.n), tf, -chains, -moved))
    if top is not None:
        rank = rank[:top]
    ranked_moved = moved[rank]
    ranked_chains = chains[rank]
    ranked_tf = tf[rank].copy()
    for a in (ranked_moved, ranked_chains, ranked_tf):
        a.setflags(write=False)
    return BottleneckRanking(
        ids=tuple(c.ids[i] for i in rank.tolist()),
        milestones_moved=ranked_moved,
        critical_chains=ranked_chains,
        total_float=ranked_tf,
        milestones=tuple(c.ids[i] for i in mids.tolist()),
    )
