"""Multi-pass searches over activity lists: biased random sampling and a genetic algorithm.

Both work on :class:`~pmokit.scheduling._sgs.RcpspArrays` and count every schedule they
generate (a forward-backward improvement costs two schedules, as in the literature), so a
budget of 5,000 schedules means 5,000 schedule-generation passes.

References
----------
Hartmann, S. (1998), "A competitive genetic algorithm for resource-constrained project
scheduling", Naval Research Logistics 45:733-750.
Valls, V., Ballestin, F. & Quintanilla, S. (2005), "Justification and RCPSP: A technique
that pays", European Journal of Operational Research 165:375-386.
Kolisch, R. & Drexl, A. (1996), "Adaptive search for solving hard project scheduling
problems", Naval Research Logistics 43:23-40.
Paraskevopoulos, D. C., Tarantilis, C. D. & Ioannou, G. (2012), "Solving project
scheduling problems with resource constraints via an event list-based evolutionary
algorithm", Expert Systems with Applications 39:3983-3994.
Goncharov, E. N. (2025), "A hybrid heuristic algorithm for the resource-constrained
project scheduling problem", arXiv:2502.18330.
"""

from __future__ import annotations

import concurrent.futures
import time

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._executor import Shared, run_chunks
from pmokit._progress import NO_PROGRESS, Progress
from pmokit._typing import FloatArray, IntArray, StopReason
from pmokit.errors import SolverError, ValidationError
from pmokit.scheduling._sgs import (
    RcpspArrays,
    backward_problem,
    biased_lists,
    fbi,
    list_from_priority,
    makespans,
    ordered_lists,
    priority_values,
    serial_sgs,
)

__all__ = ["SearchJob", "SearchOutcome", "genetic_search", "run_searches", "sampling_search"]

# Tuning of the GA (on samples of PSPLIB j30 and j120 at 5,000 schedules): population
# 80 at 5,000 schedules (scaled with the square root of the budget, capped), swap mutation
# rate, restart after that many generations without progress keeping 1/_ELITE of the
# population; the share of children made by the peak crossover and its window (fraction
# of the makespan); children worse than the population's worst by more than _SKIP are not
# justified; _TWO: justify by one backward pass (mirrored) where the capacity is constant;
# _TOUR: tournament size; _REFILL: share of a restart made of children of the elite and
# fresh samples instead of fresh samples alone (off: it did not help); _FWD: a child whose
# right-justified schedule is at least as good as the best is left-justified too (one pass).
# _RETRY: a child whose schedule was made before is moved by that many random shifts and
# decoded once more (0: it is only dropped); with _EV_RETRY by one event move of that
# schedule instead (Paraskevopoulos et al. 2012; issue 22, fifth round).
_POP, _POPMAX, _MUT, _RESTART, _ELITE = 80, 120, 0.1, 8, 10
_XOVER, _PLO, _PHI = 1.0, 0.1, 0.5
_REFILL = 0.0
_SKIP: float | None = 0.05
_TOUR = 2
_TWO = True
_FWD = True
_RETRY = 2
_EV_RETRY = True
# _RANKED: the peak crossover weighs each resource by its scarcity (after the resource
# ranking of Goncharov 2025) instead of weighing all alike (issue 22, fifth round).
_RANKED = True



@attrs.frozen(eq=False)
class SearchOutcome:
    """Best schedule found by a search."""

    starts: IntArray
    makespan: int
    schedules: int
    stopped: StopReason


class _Tracker:
    def __init__(
        self,
        budget: int,
        bound: int,
        time_limit: float | None,
        progress: Progress = NO_PROGRESS,
        time_scale: float = 1.0,
        offset: int = 0,
        prior_best: int | None = None,
    ) -> None:
        self.progress = progress
        self.offset = offset  # schedules of earlier searches, for the reports
        self.prior_best = np.iinfo(np.int64).max if prior_best is None else prior_best
        self.time_scale = time_scale
        self.budget = budget
        self.bound = bound
        self.deadline = None if time_limit is None else time.perf_counter() + time_limit
        self.used = 0
        self.best: IntArray | None = None
        self.best_ms = np.iinfo(np.int64).max
        self.mirrored = False  # the best is a right-justified (backward) schedule

    def offer(self, p: RcpspArrays, starts: IntArray, mirrored: bool = False) -> IntArray:
        ms = makespans(p, starts)
        self.used += starts.shape[0]
        k = int(ms.argmin())
        if ms[k] < self.best_ms:
            self.best_ms = int(ms[k])
            self.best = starts[k].copy()
            self.mirrored = mirrored
        return ms

    def left_justified(self, p: RcpspArrays) -> None:
        """Replace a right-justified best by its forward serial decoding (one pass,
        counted), so that no activity starts later than capacity and links require."""
        if not self.mirrored or self.best is None:
            return
        ls = serial_sgs(p, ordered_lists(p, self.best[None, :]))
        self.used += 1
        self.mirrored = False
        if int(makespans(p, ls)[0]) <= self.best_ms:  # always, by justification
            self.best = ls[0].copy()
            self.best_ms = int(makespans(p, ls)[0])
        if self.progress.active:  # the pass is reported like every other
            self.progress.update(
                self.offset + self.used, min(self.best_ms, self.prior_best) / self.time_scale
            )

    def left(self) -> int:
        # a right-justified best keeps one pass back for its left-justification
        return self.budget - self.used - int(self.mirrored)

    def stop_reason(self) -> StopReason | None:
        asked = self.progress.active and self.progress.update(
            self.offset + self.used, min(self.best_ms, self.prior_best) / self.time_scale
        )
        if self.best_ms <= self.bound:
            return "lower_bound"
        if self.left() <= 0:
            return "budget"
        if self.deadline is not None and time.perf_counter() >= self.deadline:
            return "time_limit"
        return "callback" if asked else None

    def outcome(self, reason: StopReason | None) -> SearchOutcome:
        if self.best is None:  # the search always evaluates at least one schedule
            raise SolverError("the schedule search ended without evaluating any schedule")
        return SearchOutcome(self.best, self.best_ms, self.used, reason or "budget")


def sampling_search(
    p: RcpspArrays,
    values: npt.NDArray[np.float64],
    budget: int,
    rng: np.random.Generator,
    *,
    bound: int = 0,
    improve: bool = False,
    time_limit: float | None = None,
    batch: int = 100,
    progress: Progress = NO_PROGRESS,
    time_scale: float = 1.0,
    offset: int = 0,
    prior_best: int | None = None,
) -> SearchOutcome:
    """Regret-based biased random sampling with the serial SGS (optionally with FBI)."""
    tr = _Tracker(
        max(budget, 1), bound, time_limit, progress, time_scale, offset, prior_best
    )
    back = backward_problem(p) if improve else None
    first = list_from_priority(p, values)[None, :]
    tr.offer(p, serial_sgs(p, first))
    if tr.deadline is not None:  # smaller batches stop a large network near the limit
        batch = max(1, batch // 8)
    while tr.stop_reason() is None:
        per = 3 if improve else 1
        size = min(batch, max(1, tr.left() // per))
        lists = biased_lists(p, values, size, rng)
        starts = serial_sgs(p, lists)
        tr.offer(p, starts)
        if back is not None and tr.left() >= 2 * size:
            fs, _ = fbi(p, back, starts)
            tr.used += size  # fbi generated two schedules per list; offer counts one
            tr.offer(p, fs)
    return tr.outcome(tr.stop_reason())


def _crossover(
    mother: IntArray, father: IntArray, rng: np.random.Generator
) -> IntArray:
    """Hartmann's two-point crossover for activity lists, one child per row."""
    pop, n = mother.shape
    rows = np.arange(pop)[:, None]
    q = np.sort(rng.integers(0, n + 1, size=(pop, 2)), axis=1)
    q1, q2 = q[:, :1], q[:, 1:]
    pos_m = np.empty_like(mother)
    pos_m[rows, mother] = np.arange(n)
    from_m_head = pos_m < q1  # by activity
    # father's order, skipping the activities already taken from the mother's head
    f_mask = ~from_m_head[rows, father]  # by father position
    rank_f = np.cumsum(f_mask, axis=1) - 1
    rank_by_act = np.empty_like(mother)
    rank_by_act[rows, father] = np.where(f_mask, rank_f, n)
    key = np.where(
        from_m_head,
        pos_m,
        np.where(rank_by_act < (q2 - q1), n + rank_by_act, 2 * n + pos_m),
    )
    child: IntArray = np.argsort(key, axis=1, kind="stable").astype(np.int64)
    return child


def _usage_steps(starts: IntArray, fin: IntArray, w: FloatArray, width: int) -> FloatArray:
    """Per row, ``+w`` at each start and ``-w`` at each finish, summed per time slot:
    ``np.add.at`` of the starts then of the finishes, bit for bit (``np.bincount`` adds
    the weights in the same order, from 0.0), at a tenth of its cost."""
    size = starts.shape[0]
    base = (np.arange(size) * width)[:, None]
    idx = np.concatenate([(starts + base).ravel(), (fin + base).ravel()])
    wt = np.concatenate([np.broadcast_to(w, starts.shape).ravel(),
                         np.broadcast_to(-w, starts.shape).ravel()])
    use = np.bincount(idx, wt, minlength=size * width).astype(np.float64, copy=False)
    out: FloatArray = use.reshape(size, width)
    return out


def _peak_crossover(
    p: RcpspArrays,
    mother: IntArray,
    m_starts: IntArray,
    father: IntArray,
    rng: np.random.Generator,
) -> IntArray:
    """Peak crossover (after Valls et al. 2008): the child keeps the mother's densest
    time window (the activities she starts in it, in her order) and takes the
    activities before and after it in the father's order.

    The window has a random length (``_PLO`` to ``_PHI`` of the mother's makespan) and
    the largest resource utilisation of that length, each resource weighted by its
    scarcity (:func:`_resource_rank`). Needs link offsets >= 0 (then a
    schedule's start order is precedence-feasible).
    """
    size, n = mother.shape
    rows = np.arange(size)[:, None]
    d = p.duration
    cap = np.maximum(p.capacity[:, -1], 1).astype(np.float64)
    w = (p.demand / cap * _resource_rank(p)).sum(axis=1) * (d > 0)
    fin = m_starts + d
    ms = fin.max(axis=1)
    h = int(ms.max())
    util = np.cumsum(_usage_steps(m_starts, fin, w, h + 2), axis=1)[:, : h + 1]
    cs = np.zeros((size, h + 2))
    np.cumsum(util, axis=1, out=cs[:, 1:])
    frac = _PLO + (_PHI - _PLO) * rng.random(size)
    length = np.maximum(1, np.round(frac * ms).astype(np.int64))
    t1 = np.arange(h + 1)[None, :]
    end = np.minimum(t1 + length[:, None], h + 1)
    score = np.take_along_axis(cs, end, axis=1) - cs[:, : h + 1]
    score = np.where(t1 + length[:, None] <= np.maximum(ms, length)[:, None], score, -np.inf)
    lo = score.argmax(axis=1)[:, None]
    hi = lo + length[:, None]
    group = (m_starts >= lo).astype(np.int64) + (m_starts >= hi)
    pos_m = np.empty_like(mother)
    pos_m[rows, mother] = np.arange(n)
    pos_f = np.empty_like(father)
    pos_f[rows, father] = np.arange(n)
    key = group * n + np.where(group == 1, pos_m, pos_f)
    return _order_by_unique_key(key, 3 * n)


def _order_by_unique_key(key: IntArray, width: int) -> IntArray:
    """Per row, the columns in increasing order of ``key`` (distinct within a row, in
    ``[0, width)``): ``np.argsort`` by placing each column at its key, in O(width)."""
    size, n = key.shape
    slots = np.full((size, width), -1, dtype=np.int64)
    slots[np.arange(size)[:, None], key] = np.arange(n)
    out: IntArray = slots[slots >= 0].reshape(size, n)
    return out


def _resource_rank(p: RcpspArrays) -> npt.NDArray[np.float64]:
    """Resource weights of the peak crossover: with ``_RANKED`` each resource's
    scarcity, its energy bound (work over capacity, in slots) over the largest one, so
    the scarcest weighs 1; else all 1. Goncharov (2025) ranks resources by the
    cumulative capacity a relaxed (cumulative-resource) schedule leaves unused; the
    energy bound is a simple stand-in for that ranking, not his procedure."""
    r = p.demand.shape[1]
    if not _RANKED or r == 0:
        return np.ones(r)
    cap = np.maximum(p.capacity[:, -1], 1).astype(np.float64)
    energy = (p.demand * p.duration[:, None]).sum(axis=0) / cap
    top = float(energy.max())
    return energy / top if top > 0 else np.ones(r)


def _shift(
    lists: IntArray,
    pad_pred: IntArray,
    pad_succ: IntArray,
    moves: int,
    rng: np.random.Generator,
) -> IntArray:
    """Move a random activity of each list to a random position between its last
    predecessor and its first successor (``moves`` times): the lists stay
    precedence-feasible. ``pad_pred``/``pad_succ`` hold each activity's predecessors /
    successors padded with ``n``."""
    size, n = lists.shape
    rows = np.arange(size)
    for _ in range(moves):
        pos = np.empty((size, n + 1), dtype=np.int64)
        pos[rows[:, None], lists] = np.arange(n)
        i = rng.integers(0, n, size=size)
        a = lists[rows, i]
        pos[:, n] = -1
        lo = pos[rows[:, None], pad_pred[a]].max(axis=1) + 1
        pos[:, n] = n
        hi = pos[rows[:, None], pad_succ[a]].min(axis=1) - 1
        q = lo + (rng.random(size) * (hi - lo + 1)).astype(np.int64)
        # before the activity now at q (moving up) or after it (moving down)
        key = pos[:, :n].astype(np.float64)
        key[rows, a] = np.where(q < i, q - 0.5, np.where(q > i, q + 0.5, i))
        lists = np.argsort(key, axis=1, kind="stable").astype(np.int64)
    return lists


def _topo_rank(p: RcpspArrays) -> IntArray:
    """Each activity's position in the problem's topological order."""
    rank = np.empty(p.n, dtype=np.int64)
    rank[p.order] = np.arange(p.n)
    return rank


def _feasible_order(p: RcpspArrays, key: IntArray, rank: IntArray) -> IntArray:
    """Per row, the activity list sorted by ``key`` after each key is raised to its
    predecessors' (in topological order; ties by topological rank): precedence-feasible
    for any integer keys, and the order of ``key`` itself where that is feasible."""
    size, n = key.shape
    k = np.empty((size, n + 1), dtype=np.int64)
    k[:, :n] = key
    k[:, n] = np.iinfo(np.int64).min  # the padding of pad_pred
    # raise every key to its predecessors' until none changes: the least keys above
    # ``key`` that respect the links (what one pass in topological order gives), in as
    # many whole-array steps as the longest chain of raised keys, not one per activity
    while True:
        up = np.maximum(k[:, :n], k[:, p.pad_pred].max(axis=2))
        if np.array_equal(up, k[:, :n]):
            break
        k[:, :n] = up
    lo = k[:, :n] - k[:, :n].min(axis=1, keepdims=True)
    out: IntArray = np.argsort(lo * n + rank, axis=1, kind="stable").astype(np.int64)
    return out


def _event_move(
    p: RcpspArrays, starts: IntArray, rank: IntArray, rng: np.random.Generator
) -> IntArray:
    """Event move (after the event-list neighbourhoods of Paraskevopoulos et al. 2012):
    an *event* of a schedule is the set of activities that start at the same time. One
    random event of each schedule (row) moves as a block to just before an earlier event
    or just after a later one (a random other event of the event list); every other
    activity keeps its place in the start order, except that activities the move puts
    before a predecessor follow it at once (:func:`_feasible_order`).

    Returns one activity list per row (the start order where a row has one event).
    """
    size, n = starts.shape
    rows = np.arange(size)
    ev = np.sort(starts, axis=1)
    new = np.ones((size, n), dtype=bool)  # a new event begins at this sorted position
    new[:, 1:] = ev[:, 1:] != ev[:, :-1]
    n_ev = new.sum(axis=1)
    a = (rng.random(size) * n_ev).astype(np.int64)  # the event moved
    b = (rng.random(size) * np.maximum(n_ev - 1, 1)).astype(np.int64)  # its target
    b = np.minimum(np.where(b >= a, b + 1, b), n_ev - 1)
    idx = np.cumsum(new, axis=1) - 1  # event index at each sorted position
    first = np.argmax(idx[:, :, None] == np.stack([a, b], axis=1)[:, None, :], axis=1)
    ta, tb = ev[rows, first[:, 0]], ev[rows, first[:, 1]]
    # events at even keys; the moved one at an odd key just before/after its target
    target = np.where(b < a, 2 * tb - 1, 2 * tb + 1)
    moved = (starts == ta[:, None]) & (b != a)[:, None]
    key = np.where(moved, target[:, None], 2 * starts)
    return _feasible_order(p, key, rank)


def _hash_weights(n: int) -> npt.NDArray[np.uint64]:
    """Fixed odd 64-bit weights (splitmix64 of the index) for :func:`_hashes`."""
    z = np.arange(1, n + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    w: npt.NDArray[np.uint64] = (z ^ (z >> np.uint64(31))) | np.uint64(1)
    return w


def _hash_rows(rows: IntArray, weights: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each row of integers (wrapping arithmetic; deterministic, unlike
    Python's salted ``hash`` of bytes)."""
    v = rows.astype(np.uint64) + np.uint64(0x632BE59BD9B4E019)
    v *= weights
    v ^= v >> np.uint64(29)
    h: npt.NDArray[np.uint64] = v.sum(axis=1, dtype=np.uint64)
    return h


def _hashes(rows: IntArray, weights: npt.NDArray[np.uint64]) -> list[int]:
    """:func:`_hash_rows` as Python ints (for sets)."""
    h: list[int] = _hash_rows(rows, weights).tolist()
    return h


def _first_unseen(keys: list[int], seen: set[int]) -> IntArray:
    """Rows whose key is not in ``seen`` nor on an earlier row; their keys join ``seen``."""
    rows = []
    for r, h in enumerate(keys):
        if h not in seen:
            seen.add(h)
            rows.append(r)
    return np.asarray(rows, dtype=np.int64)


def _mutate(
    lists: IntArray, is_pred: npt.NDArray[np.bool_], rate: float, rng: np.random.Generator
) -> IntArray:
    """Swap neighbours with probability ``rate`` where no precedence link joins them."""
    pop, n = lists.shape
    if n < 2:
        return lists
    pick = rng.random((pop, n - 1)) < rate
    # never two overlapping swaps
    pick[:, 1:] &= ~pick[:, :-1]
    a = lists[:, :-1]
    b = lists[:, 1:]
    pick &= ~is_pred[a, b]
    r, i = np.nonzero(pick)
    out = lists.copy()
    out[r, i], out[r, i + 1] = lists[r, i + 1], lists[r, i]
    return out


def genetic_search(
    p: RcpspArrays,
    budget: int,
    rng: np.random.Generator,
    *,
    bound: int = 0,
    time_limit: float | None = None,
    population: int | None = None,
    mutation: float | None = None,
    restart: int | None = None,
    progress: Progress = NO_PROGRESS,
    time_scale: float = 1.0,
    offset: int = 0,
    prior_best: int | None = None,
) -> SearchOutcome:
    """Activity-list genetic algorithm with justification of every child.

    The initial population comes from regret-based biased sampling with the LFT rule (plus
    the deterministic LFT list). Each child is made from two tournament-selected parents
    by the peak crossover (the mother's densest time window, resources weighted by
    scarcity, kept in her order, the rest in the father's order; Valls et al. 2008) or,
    with negative link offsets, Hartmann's
    two-point crossover, then a precedence-preserving swap mutation; it is decoded with
    the serial SGS. A child no worse than the population's worst makespan by more than
    5 % is justified: with a constant capacity by one backward pass (its right-justified
    schedule, mirrored; two passes per child in all), else by forward-backward
    improvement (three); its list is replaced by the justified schedule's start order.
    The next generation keeps the best distinct schedules of parents and children (two
    lists that decode to the same schedule count once). Nothing is made twice: a list
    decoded before in the search is not decoded again, and a child whose schedule was
    made before is neither justified nor offered again (both are deterministic, so the
    pass could give nothing new); such a child is instead decoded once more after an
    event move of its schedule (the activities that start together moved as a block;
    Paraskevopoulos et al. 2012), or after ``_RETRY`` random precedence-feasible shifts
    where link offsets are negative. After
    ``restart`` generations without a better makespan, all but the best tenth of the
    population is replaced by fresh biased samples. A right-justified best schedule is
    left-justified by one last forward pass (kept back from ``budget`` while the best
    is right-justified). Every pass counts
    towards ``budget``.
    """
    n = p.n
    mutation = _MUT if mutation is None else mutation
    restart = _RESTART if restart is None else restart
    two = _TWO and p.capacity.shape[1] == 1  # mirroring needs a constant capacity
    tr = _Tracker(
        max(budget, 1), bound, time_limit, progress, time_scale, offset, prior_best
    )
    back = backward_problem(p)
    lft = priority_values(p, "lft")
    first = list_from_priority(p, lft)[None, :]
    tr.offer(p, serial_sgs(p, first))
    if tr.stop_reason() is not None or n < 2:
        return tr.outcome(tr.stop_reason())
    if population is None:
        # 80 at 5,000 schedules, about 36 at 1,000 (tuned on PSPLIB j30 and j120 samples)
        population = int(np.clip(round(np.sqrt(budget) * _POP / np.sqrt(5000)), 10, _POPMAX))
    is_pred = np.zeros((n, n), dtype=bool)
    lp = np.repeat(np.arange(n), np.diff(p.pred_ptr))
    is_pred[p.pred_idx, lp] = True

    # every list decoded and every schedule made, by a 64-bit hash: the serial scheme and
    # the justification are deterministic, so a list decoded before or a schedule made
    # before cannot give anything new (on j30, two passes in three repeated an earlier one)
    weights = _hash_weights(n)
    seen_lists: set[int] = set()
    seen_starts: set[int] = set()
    succ_n = np.diff(p.succ_ptr)
    pad_succ = np.full((n, max(1, int(succ_n.max(initial=0)))), n, dtype=np.int64)
    for j in np.flatnonzero(succ_n):
        pad_succ[j, : succ_n[j]] = p.succ_idx[p.succ_ptr[j] : p.succ_ptr[j + 1]]

    def evaluate(
        lists: IntArray, limit: float | None = None
    ) -> tuple[IntArray, IntArray, IntArray]:
        new = _first_unseen(_hashes(lists, weights), seen_lists)
        if new.size:  # (if every list is a repeat, they are decoded again: the search moves)
            lists = lists[new]
        starts = serial_sgs(p, lists)
        ms = tr.offer(p, starts)
        new = _first_unseen(_hashes(starts, weights), seen_starts)
        if _RETRY and limit is not None and new.size < lists.shape[0]:
            # children whose schedule was made before: shifted and decoded once more
            rep = np.setdiff1d(np.arange(lists.shape[0]), new)
            if tr.left() >= 3 * rep.size:
                if _EV_RETRY and peak:  # one event move of the repeated schedule
                    l2 = _event_move(p, starts[rep], rank, rng)
                else:
                    l2 = _shift(lists[rep], p.pad_pred, pad_succ, _RETRY, rng)
                s2 = serial_sgs(p, l2)
                m2 = tr.offer(p, s2)
                ok = _first_unseen(_hashes(s2, weights), seen_starts)
                _first_unseen(_hashes(l2[ok], weights), seen_lists)
                new = np.concatenate([new, lists.shape[0] + ok])
                lists = np.concatenate([lists, l2])
                starts = np.concatenate([starts, s2])
                ms = np.concatenate([ms, m2])
        # a schedule made before is dropped: not justified, not offered again
        lists, starts, ms = lists[new], starts[new], ms[new]
        sel = np.arange(lists.shape[0]) if limit is None else np.flatnonzero(ms <= limit)
        if sel.size == 0 or tr.left() < sel.size * 2:
            return lists, ms, starts
        if two:  # one backward pass: the right-justified schedule, mirrored
            bs = serial_sgs(back, ordered_lists(back, -(starts[sel] + p.duration)))
            bfin = bs + p.duration
            fs = bfin.max(axis=1, keepdims=True) - bfin
            lf = ordered_lists(p, fs)
        else:
            fs, lf = fbi(p, back, starts[sel])
            tr.used += sel.size
        before = tr.best_ms
        ms2 = tr.offer(p, fs, mirrored=two)
        if two and _FWD:  # the children at least as good as the best: left-justify too
            top = np.flatnonzero(ms2 <= before)
            if top.size and tr.left() >= top.size:
                fwd = serial_sgs(p, lf[top])
                ms3 = tr.offer(p, fwd)
                fs = fs.copy()
                imp = ms3 <= ms2[top]
                fs[top[imp]] = fwd[imp]
                ms2 = ms2.copy()
                ms2[top] = np.minimum(ms2[top], ms3)
        better = ms2 <= ms[sel]
        lists = lists.copy()
        starts = starts.copy()
        ms = ms.copy()
        lists[sel] = np.where(better[:, None], lf, lists[sel])
        starts[sel] = np.where(better[:, None], fs, starts[sel])
        ms[sel] = np.minimum(ms[sel], ms2)
        return lists, ms, starts

    peak = _XOVER > 0 and (p.pred_off.size == 0 or int(p.pred_off.min()) >= 0)
    rank = _topo_rank(p)  # for the event moves of the retry

    def fresh(count: int, seed_first: bool) -> tuple[IntArray, IntArray, IntArray]:
        # biased lists cost O(count x n^2): under a time limit, make them in batches of an
        # eighth so that a large network stops near the limit, not a whole population later
        step = count if tr.deadline is None else max(1, -(-count // 8))
        parts: list[tuple[IntArray, IntArray, IntArray]] = []
        if count <= 0:
            e = np.zeros((0, n), dtype=np.int64)
            return e, np.zeros(0, dtype=np.int64), e
        made = 0
        while made < count:
            batch = biased_lists(p, lft, min(step, count - made), rng)
            if seed_first and made == 0:
                batch[0] = first[0]
            parts.append(evaluate(batch))
            made += batch.shape[0]
            if made < count and tr.stop_reason() is not None:
                break
        return (np.concatenate([x[0] for x in parts]), np.concatenate([x[1] for x in parts]),
                np.concatenate([x[2] for x in parts]))

    size = max(1, min(population, tr.left() // 3))
    pop_lists, pop_ms, pop_starts = fresh(size, True)
    last_best, stale = tr.best_ms, 0
    while tr.stop_reason() is None:
        size = max(1, min(population, tr.left() // 3))
        k = pop_lists.shape[0]
        # binary tournaments
        a = rng.integers(0, k, size=(size, _TOUR))
        b = rng.integers(0, k, size=(size, _TOUR))
        if _TOUR == 2:
            ma = np.where(pop_ms[a[:, 0]] <= pop_ms[a[:, 1]], a[:, 0], a[:, 1])
            fa = np.where(pop_ms[b[:, 0]] <= pop_ms[b[:, 1]], b[:, 0], b[:, 1])
        else:
            ma = a[np.arange(size), pop_ms[a].argmin(axis=1)]
            fa = b[np.arange(size), pop_ms[b].argmin(axis=1)]
        if peak and _XOVER >= 1:  # every child by the peak crossover
            child = _peak_crossover(p, pop_lists[ma], pop_starts[ma], pop_lists[fa], rng)
        else:
            child = _crossover(pop_lists[ma], pop_lists[fa], rng)
            if peak:
                pk = _peak_crossover(p, pop_lists[ma], pop_starts[ma], pop_lists[fa], rng)
                use_pk = rng.random(size) < _XOVER
                child = np.where(use_pk[:, None], pk, child)
        child = _mutate(child, is_pred, mutation, rng)
        c_lists, c_ms, c_starts = evaluate(
            child, None if _SKIP is None else float(pop_ms.max()) * (1 + _SKIP)
        )
        all_lists = np.concatenate([c_lists, pop_lists])
        all_ms = np.concatenate([c_ms, pop_ms])
        all_starts = np.concatenate([c_starts, pop_starts])
        # keep the best distinct schedules (children first on ties): lists that decode to
        # the same schedule count once, which keeps the population diverse (compared by
        # 64-bit hashes: a sort of 2P numbers instead of 2P rows)
        order = np.argsort(all_ms, kind="stable")
        _, uniq = np.unique(_hash_rows(all_starts[order], weights), return_index=True)
        keep = order[np.sort(uniq)][:population]
        pop_lists, pop_ms, pop_starts = all_lists[keep], all_ms[keep], all_starts[keep]
        if tr.best_ms < last_best:
            last_best, stale = tr.best_ms, 0
        else:
            stale += 1
        if restart and stale >= restart and tr.left() >= 3 * population:
            # stagnation: keep the elite, refill the rest with fresh biased samples
            stale = 0
            elite = max(1, population // _ELITE)
            m = population - elite
            near = round(_REFILL * m)
            f_lists, f_ms, f_starts = fresh(m - near, False)
            if near:  # children of the elite and fresh samples: search near the best
                fathers = biased_lists(p, lft, near, rng)
                moms = rng.integers(0, min(elite, pop_lists.shape[0]), size=near)
                if peak:
                    kid = _peak_crossover(p, pop_lists[moms], pop_starts[moms], fathers, rng)
                else:
                    kid = _crossover(pop_lists[moms], fathers, rng)
                kid = _mutate(kid, is_pred, mutation, rng)
                n_lists, n_ms, n_starts = evaluate(kid)
                f_lists = np.concatenate([f_lists, n_lists])
                f_ms = np.concatenate([f_ms, n_ms])
                f_starts = np.concatenate([f_starts, n_starts])
            pop_lists = np.concatenate([pop_lists[:elite], f_lists])
            pop_ms = np.concatenate([pop_ms[:elite], f_ms])
            pop_starts = np.concatenate([pop_starts[:elite], f_starts])
    reason = tr.stop_reason()
    tr.left_justified(p)
    return tr.outcome(reason)


@attrs.frozen(eq=False)
class SearchJob:
    """One independent search: what a worker needs (the problem travels once per call).

    ``rng`` is the caller's Generator for a single search (so one search draws exactly
    the numbers it always drew) or a SeedSequence spawned for search ``index``.
    """

    problem: Shared[RcpspArrays]
    method: str
    budget: int
    rng: np.random.Generator | np.random.SeedSequence
    bound: int
    values: FloatArray
    improve: bool
    time_limit: float | None
    time_scale: float


def _run_job(
    job: SearchJob,
    progress: Progress = NO_PROGRESS,
    offset: int = 0,
    prior_best: int | None = None,
    time_limit: float | None = None,
) -> SearchOutcome:
    """Run one search (module level, so that executors can pickle it)."""
    if job.method not in ("ga", "sampling"):
        raise ValidationError(
            f"'method' of a schedule search must be 'ga' or 'sampling' (got {job.method!r})"
        )
    p = job.problem.get()
    gen = job.rng if isinstance(job.rng, np.random.Generator) else np.random.default_rng(job.rng)
    limit = job.time_limit if time_limit is None else time_limit
    if job.method == "sampling":
        return sampling_search(
            p, job.values, job.budget, gen, bound=job.bound, improve=job.improve,
            time_limit=limit, progress=progress, time_scale=job.time_scale, offset=offset,
            prior_best=prior_best,
        )
    return genetic_search(
        p, job.budget, gen, bound=job.bound, time_limit=limit, progress=progress,
        time_scale=job.time_scale, offset=offset, prior_best=prior_best,
    )


def _merge(outcomes: list[SearchOutcome], bound: int, stopped: StopReason | None) -> SearchOutcome:
    """The best schedule of the searches run (the first on ties), schedules summed."""
    best = min(range(len(outcomes)), key=lambda i: (outcomes[i].makespan, i))
    used = sum(o.schedules for o in outcomes)
    b = outcomes[best]
    if b.makespan <= bound:
        reason: StopReason = "lower_bound"
    elif stopped is not None:
        reason = stopped
    elif any(o.stopped == "time_limit" for o in outcomes):
        reason = "time_limit"
    else:
        reason = "budget"
    return SearchOutcome(b.starts, b.makespan, used, reason)


def run_searches(
    jobs: list[SearchJob],
    executor: concurrent.futures.Executor | None,
    progress: Progress = NO_PROGRESS,
) -> SearchOutcome:
    """Run independent searches and keep the best, in this process or on ``executor``.

    The searches are fixed by the caller (seed and budget), never by the executor: the
    outcome is the same bit for bit either way. Searches are taken in order up to the
    first that meets the lower bound (the later ones cannot do better); in this process
    the later ones are then not run at all. Locally, ``progress`` sees every batch of
    every search and a stop ends the current search; on an executor it sees each search
    as it comes back in order, and a stop keeps the searches returned so far.
    """
    if not jobs:
        raise SolverError("the schedule search was given no search to run")
    done: list[SearchOutcome] = []
    stopped: StopReason | None = None
    bound = jobs[0].bound
    if executor is None:
        deadline = (
            None if jobs[0].time_limit is None else time.perf_counter() + jobs[0].time_limit
        )
        used = 0
        best: int | None = None
        for job in jobs:
            limit = None if deadline is None else max(deadline - time.perf_counter(), 1e-9)
            out = _run_job(job, progress, used, best, limit)
            done.append(out)
            used += out.schedules
            best = out.makespan if best is None else min(best, out.makespan)
            if out.makespan <= bound:
                break
            if out.stopped in ("callback", "time_limit"):
                stopped = out.stopped
                break
        return _merge(done, bound, stopped)
    results = run_chunks(_run_job, jobs, executor)
    try:
        for out in results:
            done.append(out)
            ms = min(o.makespan for o in done)
            if out.makespan <= bound:
                break
            if progress.active and progress.update(
                sum(o.schedules for o in done), ms / jobs[0].time_scale
            ):
                stopped = "callback"
                break
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # cancels the searches not started yet
    return _merge(done, bound, stopped)
