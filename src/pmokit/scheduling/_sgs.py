"""Schedule generation schemes on plain integer arrays, vectorised over many activity lists.

The engine knows nothing about ids or :class:`~pmokit.scheduling.Network`: a problem is
integer durations (time slots), precedence links as start-to-start offsets, an integer demand
matrix and integer capacities per slot. :func:`serial_sgs` decodes a whole population of
activity lists in lockstep (step k places the k-th activity of every list at once), so the
Python overhead is paid per step, not per schedule.

Resource state is packed: the free capacity of up to four resources (16-bit fields) or two
(32-bit fields) shares one ``uint64`` word, each field carrying a guard bit. ``word - demand``
keeps every guard bit set exactly when every resource has enough free capacity, so one
subtraction, one ``and`` and one comparison test all resources of a time slot at once
(SWAR: SIMD within a register).
"""

from __future__ import annotations

import heapq

import attrs
import numpy as np

from pmokit import _compiled
from pmokit._typing import FloatArray, IntArray, WordArray

__all__ = [
    "PRIORITY_RULES",
    "RcpspArrays",
    "backward_problem",
    "biased_lists",
    "fbi",
    "late_weight",
    "list_from_priority",
    "makespans",
    "ordered_lists",
    "parallel_sgs",
    "priority_values",
    "serial_sgs",
]


PRIORITY_RULES = ("lft", "lst", "mts", "grpw", "mslk", "random")
"""Priority rules: latest finish time, latest start time, most total successors, greatest
rank positional weight, minimum slack, random."""

_NEG = -(1 << 40)
_WINDOW = 48


@attrs.frozen(eq=False)
class RcpspArrays:
    """A single-mode RCPSP as integer arrays (time in slots, resources in integer units).

    Attributes
    ----------
    duration
        int64[n] durations [slots].
    pred_ptr, pred_idx, pred_off
        CSR of predecessors: ``S_j >= S_i + off`` for ``i = pred_idx[k]``,
        ``off = pred_off[k]``, ``k in range(pred_ptr[j], pred_ptr[j+1])``.
    succ_ptr, succ_idx, succ_off
        The same links by predecessor.
    demand
        int64[n, R] units per slot while the activity runs.
    capacity
        int64[R, T0] capacity per slot for the first T0 slots; the last column holds for
        every later slot (T0 >= 1).
    order
        A topological order of the activities.
    deadline
        None, or int64[n] latest finish per activity [slots] (a large value where none):
        deadlines the SGS cannot enforce, so they steer the priorities (:func:`cpm_times`)
        and the objective (:func:`makespans`) instead. Release times are links from a
        source activity (see ``_rcpsp_windows``), so the schemes need nothing for them.
    """

    duration: IntArray
    pred_ptr: IntArray
    pred_idx: IntArray
    pred_off: IntArray
    succ_ptr: IntArray
    succ_idx: IntArray
    succ_off: IntArray
    demand: IntArray
    capacity: IntArray
    order: IntArray
    # derived (filled by make())
    pad_pred: IntArray
    pad_off: IntArray
    packed: WordArray
    guard: WordArray
    init_words: WordArray
    horizon: int
    deadline: IntArray | None = None

    @property
    def n(self) -> int:
        """Number of activities."""
        return int(self.duration.size)

    @property
    def n_resources(self) -> int:
        """Number of resources."""
        return int(self.demand.shape[1])

    @staticmethod
    def make(
        duration: IntArray,
        link_pred: IntArray,
        link_succ: IntArray,
        link_off: IntArray,
        demand: IntArray,
        capacity: IntArray,
    ) -> RcpspArrays:
        """Build the arrays from links ``S_succ >= S_pred + off`` (activities acyclic)."""
        n = int(duration.size)
        duration = np.asarray(duration, dtype=np.int64)
        link_pred = np.asarray(link_pred, dtype=np.int64)
        link_succ = np.asarray(link_succ, dtype=np.int64)
        link_off = np.asarray(link_off, dtype=np.int64)
        demand = np.asarray(demand, dtype=np.int64)
        if demand.ndim == 1:
            demand = demand.reshape(n, -1)
        capacity = np.asarray(capacity, dtype=np.int64)
        if capacity.ndim == 1:
            capacity = capacity[:, None]
        r = demand.shape[1]
        o = np.argsort(link_succ, kind="stable")
        pred_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(link_succ, minlength=n), out=pred_ptr[1:])
        pred_idx, pred_off = link_pred[o], link_off[o]
        o2 = np.argsort(link_pred, kind="stable")
        succ_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(link_pred, minlength=n), out=succ_ptr[1:])
        succ_idx, succ_off = link_succ[o2], link_off[o2]
        order = _topological(n, pred_ptr, pred_idx, succ_ptr, succ_idx)
        maxp = int(np.diff(pred_ptr).max()) if n and link_pred.size else 0
        maxp = max(maxp, 1)
        pad_pred = np.full((n, maxp), n, dtype=np.int64)
        pad_off = np.zeros((n, maxp), dtype=np.int64)
        for j in range(n):
            a, b = pred_ptr[j], pred_ptr[j + 1]
            pad_pred[j, : b - a] = pred_idx[a:b]
            pad_off[j, : b - a] = pred_off[a:b]
        cap_max = int(capacity.max()) if capacity.size else 0
        bits = 16 if cap_max < (1 << 15) else 32
        per = 64 // bits
        k_words = max(1, -(-r // per))
        packed = _pack(demand, bits, k_words)
        guard = _pack(np.zeros((1, r), dtype=np.int64), bits, k_words, guard=True)[0]
        # horizon: serial SGS never starts an activity later than the end of the varying
        # capacity prefix plus, per activity, max(duration, largest outgoing offset)
        maxoff = np.zeros(n, dtype=np.int64)
        if link_pred.size:
            np.maximum.at(maxoff, link_pred, link_off)
        t0 = capacity.shape[1]
        horizon = int(t0 + np.maximum(duration, maxoff).sum()) + 1
        total = horizon + _WINDOW + int(duration.max(initial=0)) + 2
        cap_full = np.empty((total, r), dtype=np.int64)
        cap_full[:t0] = capacity.T
        cap_full[t0:] = capacity[:, -1]
        init_words = _pack(cap_full, bits, k_words, guard=True)
        return RcpspArrays(
            duration=duration,
            pred_ptr=pred_ptr,
            pred_idx=pred_idx,
            pred_off=pred_off,
            succ_ptr=succ_ptr,
            succ_idx=succ_idx,
            succ_off=succ_off,
            demand=demand,
            capacity=capacity,
            order=order,
            pad_pred=pad_pred,
            pad_off=pad_off,
            packed=packed,
            guard=guard,
            init_words=init_words,
            horizon=horizon,
        )


def _pack(values: IntArray, bits: int, k_words: int, *, guard: bool = False) -> WordArray:
    """Pack int[..., R] into uint64[..., K] fields of ``bits`` (guard bit set if asked)."""
    per = 64 // bits
    lead = values.shape[:-1]
    r = values.shape[-1]
    out = np.zeros((*lead, k_words), dtype=np.uint64)
    g = np.uint64(1 << (bits - 1)) if guard else np.uint64(0)
    for k in range(k_words):
        for f in range(per):
            res = k * per + f
            shift = np.uint64(f * bits)
            if res < r:
                v = values[..., res].astype(np.uint64)
                out[..., k] |= (v | g) << shift
            elif guard:
                out[..., k] |= g << shift
    return out


def _topological(
    n: int, pred_ptr: IntArray, pred_idx: IntArray, succ_ptr: IntArray, succ_idx: IntArray
) -> IntArray:
    indeg = np.diff(pred_ptr).copy()
    ready = [j for j in range(n) if indeg[j] == 0]
    heapq.heapify(ready)
    out: list[int] = []
    succ_ptr_l = succ_ptr.tolist()
    succ_l = succ_idx.tolist()
    while ready:
        j = heapq.heappop(ready)
        out.append(j)
        for k in range(succ_ptr_l[j], succ_ptr_l[j + 1]):
            s = succ_l[k]
            indeg[s] -= 1
            if indeg[s] == 0:
                heapq.heappush(ready, s)
    return np.asarray(out, dtype=np.int64)


def _serial_loop(  # pragma: no cover - compiled by numba (tests compare it with numpy)
    lists: IntArray,
    dur: IntArray,
    pred_ptr: IntArray,
    pred_idx: IntArray,
    pred_off: IntArray,
    packed: WordArray,
    guard: WordArray,
    init: WordArray,
    out: IntArray,
) -> None:
    """The serial scheme one list at a time, on the packed free-capacity words.

    Per activity: the earliest precedence-feasible start, then a scan that jumps past the
    first slot lacking capacity (one subtraction and mask test all resources of a slot).
    The profile is restored only over the slots a list booked.
    """
    pop, n = lists.shape
    total, kw = init.shape
    last = total - 1
    free = init.copy()
    for row in range(pop):
        hi = 0
        for k in range(n):
            j = lists[row, k]
            es = 0
            for q in range(pred_ptr[j], pred_ptr[j + 1]):
                v = out[row, pred_idx[q]] + pred_off[q]
                if v > es:
                    es = v
            d = dur[j]
            if d == 0:
                out[row, j] = es
                continue
            t = es
            u = t
            if kw == 1:  # every slot is tested; a miss moves the candidate start past it
                g = guard[0]
                pk = packed[j, 0]
                while u < t + d:
                    slot = u if u < last else last
                    bad = ((free[slot, 0] - pk) & g) != g
                    u += 1
                    t = u if bad else t
            else:
                while u < t + d:
                    slot = u if u < last else last
                    bad = False
                    for w in range(kw):
                        if ((free[slot, w] - packed[j, w]) & guard[w]) != guard[w]:
                            bad = True
                            break
                    u += 1
                    t = u if bad else t
            out[row, j] = t
            for u in range(t, t + d):
                for w in range(kw):
                    free[u, w] -= packed[j, w]
            if t + d > hi:
                hi = t + d
        for u in range(hi):
            for w in range(kw):
                free[u, w] = init[u, w]


_serial_kernel = _compiled.kernel(_serial_loop, nogil=True)


def serial_sgs(p: RcpspArrays, lists: IntArray) -> IntArray:
    """Decode activity lists with the serial schedule generation scheme.

    Each activity, in list order, starts at the earliest time that respects its scheduled
    predecessors and leaves enough free capacity of every resource for its whole duration.
    With the extra ``fast`` (numba) a compiled kernel decodes one list at a time; the
    numpy path decodes all lists in lockstep; both give the same starts.

    Parameters
    ----------
    p
        The problem.
    lists
        int[P, n]: P precedence-feasible activity lists (each a permutation of 0..n-1).

    Returns
    -------
    int64[P, n] start slots (indexed by activity, not by list position).
    """
    lists = np.asarray(lists, dtype=np.int64)
    pop, n = lists.shape
    if _compiled.active() and _serial_kernel is not None and n:
        out = np.full((pop, n), _NEG, dtype=np.int64)
        _serial_kernel(
            np.ascontiguousarray(lists), p.duration, p.pred_ptr, p.pred_idx, p.pred_off,
            p.packed, p.guard, p.init_words, out,
        )
        return out
    total = p.init_words.shape[0]
    k_words = p.init_words.shape[1]
    words = np.broadcast_to(p.init_words, (pop, total, k_words)).reshape(pop * total, k_words)
    words = words.copy()
    flat = words[:, 0] if k_words == 1 else words
    starts = np.full(pop * (n + 1), _NEG, dtype=np.int64)
    rows = np.arange(pop, dtype=np.int64)
    sbase = rows * (n + 1)
    base = rows * total
    guard = p.guard
    g0 = guard[0]
    dur = p.duration
    packed0 = p.packed[:, 0]
    has_zero = bool((dur == 0).any())
    dmax_all = int(dur.max(initial=0))
    ar = np.arange(_WINDOW + dmax_all + 1, dtype=np.int64)
    # slots past the horizon read the last slot (tail capacity, never booked by then)
    last = np.int64(total - 1)
    ar_d = np.arange(max(dmax_all, 1), dtype=np.int64)
    for k in range(n):
        j = lists[:, k]
        es = (starts.take(sbase[:, None] + p.pad_pred[j]) + p.pad_off[j]).max(axis=1)
        np.maximum(es, 0, out=es)
        d = dur[j]
        if has_zero:
            active = np.flatnonzero(d > 0)
            if active.size == 0:
                starts[sbase + j] = es
                continue
            if active.size == pop:
                active = rows
        else:
            active = rows
        s = es.copy()
        ja = j if active is rows else j[active]
        da = d if active is rows else d[active]
        dm = int(da.max())
        todo = active
        cur = es if active is rows else es[active]
        jt, dt = ja, da
        w = _WINDOW
        while True:
            # look for a start in [cur, cur + w); the window doubles after each miss
            m = todo.size
            span = w + dm
            if span > ar.size:
                ar = np.arange(span + 1, dtype=np.int64)
            idx = cur[:, None] + ar[:span]
            np.minimum(idx, last, out=idx)
            idx += base[todo][:, None]
            g = flat.take(idx, axis=0)
            if k_words == 1:
                bad = ((g - packed0[jt][:, None]) & g0) != g0
            else:
                bad = (((g - p.packed[jt][:, None, :]) & guard) != guard).any(axis=2)
            c = np.zeros((m, span + 1), dtype=np.int32)
            np.cumsum(bad, axis=1, out=c[:, 1:])
            roff = np.arange(m, dtype=np.int64) * (span + 1)
            win = c.take((roff + dt)[:, None] + ar[:w])
            fit = win == c[:, :w]
            first = fit.argmax(axis=1)
            found = fit.take(np.arange(m, dtype=np.int64) * w + first)
            if found.all():
                s[todo] = cur + first
                break
            s[todo[found]] = cur[found] + first[found]
            miss = ~found
            todo, jt, dt, cur = todo[miss], jt[miss], dt[miss], cur[miss] + w
            w *= 2
        # book the capacity
        sa = s if active is rows else s[active]
        idx = (base[active] + sa)[:, None] + ar_d[:dm]
        mask = ar_d[:dm] < da[:, None]
        sel = idx[mask]
        if k_words == 1:
            flat[sel] -= np.repeat(packed0[ja], da)
        else:
            words[sel] -= np.repeat(p.packed[ja], da, axis=0)
        starts[sbase + j] = s
    return starts.reshape(pop, n + 1)[:, :n]


def makespans(p: RcpspArrays, starts: IntArray) -> IntArray:
    """Makespan of each schedule (row) [slots]: the objective the searches minimise.

    With deadlines (``p.deadline``) a schedule's total lateness (the sum over activities
    of the slots they finish after their deadline) comes first: the value is the makespan
    plus ``weight`` times the lateness, ``weight`` above any makespan, so a schedule that
    is later in total never beats one that is less late, whatever their makespans.
    """
    if starts.shape[-1] == 0:
        return np.zeros(starts.shape[:-1], dtype=np.int64)
    finish = starts + p.duration
    result: IntArray = finish.max(axis=-1)
    if p.deadline is not None:
        weight = late_weight(p)
        late = np.maximum(finish - p.deadline, 0).sum(axis=-1)
        result = result + weight * np.minimum(late, (1 << 62) // weight)
    return result


def late_weight(p: RcpspArrays) -> int:
    """The weight of one slot of lateness in :func:`makespans`: above any makespan."""
    return int(p.horizon + int(p.duration.max(initial=0)) + 1)


def backward_problem(p: RcpspArrays) -> RcpspArrays:
    """The mirrored problem: time runs backwards from the end, links are reversed.

    For a link ``S_j >= S_i + o`` the mirrored start ``S' = M - S - d`` must satisfy
    ``S'_i >= S'_j + o + d_j - d_i``. Capacity is the constant tail capacity (a time-varying
    profile cannot be mirrored without the final makespan; the backward pass only orders
    the activities for the next forward pass, which checks the true profile).
    """
    n = p.n
    lp = np.repeat(np.arange(n, dtype=np.int64), np.diff(p.pred_ptr))  # successor j
    li = p.pred_idx
    off = p.pred_off + p.duration[lp] - p.duration[li]
    return RcpspArrays.make(p.duration, lp, li, off, p.demand, p.capacity[:, -1:])


def fbi(p: RcpspArrays, back: RcpspArrays, starts: IntArray) -> tuple[IntArray, IntArray]:
    """Forward-backward improvement (double justification) of schedules.

    Right-justify (backward serial SGS on the activities by decreasing finish), then
    left-justify (forward serial SGS by increasing start of the right-justified schedule).
    Returns the new forward starts and the activity lists that produce them; callers keep
    the better of the input and the result.
    """
    finish = starts + p.duration
    bs = serial_sgs(back, ordered_lists(back, -finish))
    bfin = bs + p.duration  # mirrored finish = M - forward start
    lf = ordered_lists(p, -bfin)
    fs = serial_sgs(p, lf)
    return fs, lf


def ordered_lists(p: RcpspArrays, key: IntArray) -> IntArray:
    """Per row, the precedence-feasible list closest to sorting by ``key`` (smallest first).

    With non-negative link offsets, sorting by ``(key, topological rank)`` is feasible when
    ``key`` comes from a feasible schedule's starts; otherwise the list is built step by
    step, each time taking the eligible activity with the smallest key.
    """
    pop, n = key.shape
    rank = np.empty(n, dtype=np.int64)
    rank[p.order] = np.arange(n)
    if p.pred_off.size == 0 or int(p.pred_off.min()) >= 0:
        lo = key - key.min(axis=1, keepdims=True) if n else key
        full: IntArray = np.argsort(lo * n + rank, axis=1, kind="stable").astype(np.int64)
        return full
    lists = np.empty((pop, n), dtype=np.int64)
    indeg = np.broadcast_to(np.diff(p.pred_ptr), (pop, n)).copy()
    done = np.zeros((pop, n), dtype=bool)
    rows = np.arange(pop)
    k2 = (key - key.min(axis=1, keepdims=True)) * n + rank
    big = np.iinfo(np.int64).max
    for k in range(n):
        pick = np.where((indeg == 0) & ~done, k2, big).argmin(axis=1)
        lists[:, k] = pick
        done[rows, pick] = True
        _release(p, indeg, rows, pick)
    return lists


def _release(p: RcpspArrays, indeg: IntArray, rows: IntArray, pick: IntArray) -> None:
    """Per row r, decrement the in-degree of every successor of activity ``pick[r]``.

    Sparse (CSR) update: memory O(rows x n) instead of a dense n x n successor matrix
    (800 MB at 10,000 activities), and the same numbers.
    """
    lo = p.succ_ptr[pick]
    counts = p.succ_ptr[pick + 1] - lo
    total = int(counts.sum())
    if total == 0:
        return
    r = np.repeat(rows, counts)
    first = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    succ = p.succ_idx[first + np.arange(total)]
    np.subtract.at(indeg, (r, succ), 1)


def priority_values(
    p: RcpspArrays, rule: str, rng: np.random.Generator | None = None
) -> FloatArray:
    """Priority values per activity; the smallest value is chosen first.

    ``lft``/``lst``: late finish/start from the resource-free critical path (and the
    deadlines; between equal values the earlier deadline goes first);
    ``mts``: minus the number of all (transitive) successors; ``grpw``: minus the duration
    plus the durations of the immediate successors; ``mslk``: late minus early start;
    ``random``: uniform draws (needs ``rng``).
    """
    n = p.n
    es, ls = cpm_times(p)
    if rule in ("lft", "lst", "mslk"):
        slots = ls + p.duration if rule == "lft" else ls if rule == "lst" else ls - es
        out: FloatArray = slots.astype(np.float64)
        if p.deadline is not None:  # ties: the earlier deadline first (values are slots)
            out += 0.5 * np.argsort(np.argsort(p.deadline, kind="stable")) / (n + 1)
        return out
    if rule == "grpw":
        v = p.duration.astype(np.float64).copy()
        for j in range(n):
            a, b = p.succ_ptr[j], p.succ_ptr[j + 1]
            v[j] += float(p.duration[p.succ_idx[a:b]].sum())
        return -v
    if rule == "mts":
        reach = np.zeros((n, n), dtype=bool)
        for j in p.order[::-1].tolist():
            a, b = p.succ_ptr[j], p.succ_ptr[j + 1]
            for s in p.succ_idx[a:b].tolist():
                reach[j] |= reach[s]
                reach[j, s] = True
        mts: FloatArray = -reach.sum(axis=1).astype(np.float64)
        return mts
    if rule == "random":
        if rng is None:
            raise ValueError("the random rule needs an rng")
        drawn: FloatArray = rng.random(n)
        return drawn
    raise ValueError(f"unknown priority rule {rule!r}")


def cpm_times(p: RcpspArrays) -> tuple[IntArray, IntArray]:
    """Resource-free earliest and latest starts [slots] (latest against the CPM length)."""
    n = p.n
    es = np.zeros(n, dtype=np.int64)
    for j in p.order.tolist():
        a, b = p.pred_ptr[j], p.pred_ptr[j + 1]
        if b > a:
            es[j] = max(0, int((es[p.pred_idx[a:b]] + p.pred_off[a:b]).max()))
    length = int((es + p.duration).max(initial=0))
    ls = length - p.duration
    if p.deadline is not None:  # a deadline pulls the latest start (and LFT) earlier
        ls = np.minimum(ls, p.deadline - p.duration)
    for j in p.order[::-1].tolist():
        a, b = p.succ_ptr[j], p.succ_ptr[j + 1]
        if b > a:
            ls[j] = min(int(ls[j]), int((ls[p.succ_idx[a:b]] - p.succ_off[a:b]).min()))
    return es, ls


def list_from_priority(p: RcpspArrays, values: FloatArray) -> IntArray:
    """The precedence-feasible list that always takes the eligible activity of smallest value.

    Ties go to the lowest activity index.
    """
    n = p.n
    indeg = np.diff(p.pred_ptr).tolist()
    heap = [(float(values[j]), j) for j in range(n) if indeg[j] == 0]
    heapq.heapify(heap)
    out: list[int] = []
    sp = p.succ_ptr.tolist()
    si = p.succ_idx.tolist()
    while heap:
        _, j = heapq.heappop(heap)
        out.append(j)
        for k in range(sp[j], sp[j + 1]):
            s = si[k]
            indeg[s] -= 1
            if indeg[s] == 0:
                heapq.heappush(heap, (float(values[s]), s))
    return np.asarray(out, dtype=np.int64)


def _biased_loop(  # pragma: no cover - compiled by numba (tests compare it with numpy)
    v: FloatArray,
    draws: FloatArray,
    alpha: float,
    pred_ptr: IntArray,
    succ_ptr: IntArray,
    succ_idx: IntArray,
    lists: IntArray,
) -> None:
    """Biased sampling one list at a time over an eligible set kept sorted by index.

    The weights are summed over the eligible activities in index order, which is the
    numpy path's cumulative sum over all activities (ineligible ones add exact zeros), so
    the same draw picks the same activity.
    """
    count, n = lists.shape
    elig = np.empty(n, dtype=np.int64)
    indeg = np.empty(n, dtype=np.int64)
    for row in range(count):
        m = 0
        for j in range(n):
            indeg[j] = pred_ptr[j + 1] - pred_ptr[j]
            if indeg[j] == 0:
                elig[m] = j
                m += 1
        for k in range(n):
            vmax = -np.inf
            for e in range(m):
                if v[elig[e]] > vmax:
                    vmax = v[elig[e]]
            tot = 0.0
            for e in range(m):
                w = vmax - v[elig[e]] + 1.0
                tot += w if alpha == 1.0 else w**alpha
            u = draws[k, row] * tot
            pos = -1
            cw = 0.0
            for e in range(m):
                w = vmax - v[elig[e]] + 1.0
                cw += w if alpha == 1.0 else w**alpha
                if cw >= u:
                    pos = e
                    break
            if pos < 0:  # rounding: the numpy path takes the last index, else the first
                pos = m - 1 if elig[m - 1] == n - 1 else 0
            pick = elig[pos]
            lists[row, k] = pick
            for e in range(pos, m - 1):
                elig[e] = elig[e + 1]
            m -= 1
            for q in range(succ_ptr[pick], succ_ptr[pick + 1]):
                s = succ_idx[q]
                indeg[s] -= 1
                if indeg[s] == 0:  # insert in index order
                    e = m
                    while e > 0 and elig[e - 1] > s:
                        elig[e] = elig[e - 1]
                        e -= 1
                    elig[e] = s
                    m += 1


_biased_kernel = _compiled.kernel(_biased_loop, nogil=True)


def biased_lists(
    p: RcpspArrays, values: FloatArray, count: int, rng: np.random.Generator, alpha: float = 1.0
) -> IntArray:
    """Regret-based biased random sampling of ``count`` activity lists (Kolisch & Drexl).

    At each step an eligible activity j is drawn with probability proportional to
    ``(max_E v - v_j + 1) ** alpha`` where E is the eligible set and v the priority values
    (smaller is better). Step k uses the k-th row of ``rng.random((n, count))`` (one draw
    per list), on the numpy path and in the compiled kernel alike.
    """
    n = p.n
    lists = np.empty((count, n), dtype=np.int64)
    if n == 0:
        return lists
    if _compiled.active() and _biased_kernel is not None:
        draws = rng.random((n, count))
        _biased_kernel(
            values.astype(np.float64), draws, float(alpha), p.pred_ptr, p.succ_ptr,
            p.succ_idx, lists,
        )
        return lists
    indeg = np.broadcast_to(np.diff(p.pred_ptr), (count, n)).copy()
    done = np.zeros((count, n), dtype=bool)
    rows = np.arange(count)
    v = values.astype(np.float64)
    for k in range(n):
        elig = (indeg == 0) & ~done
        vmax = np.where(elig, v, -np.inf).max(axis=1, keepdims=True)
        w = np.where(elig, (vmax - v + 1.0) ** alpha, 0.0)
        cw = np.cumsum(w, axis=1)
        u = rng.random(count) * cw[:, -1]
        pick = (cw < u[:, None]).sum(axis=1)
        pick = np.minimum(pick, n - 1)
        # guard against a pick landing on a zero-weight tail
        bad = ~elig[rows, pick]
        if bad.any():
            pick[bad] = elig[bad].argmax(axis=1)
        lists[:, k] = pick
        done[rows, pick] = True
        _release(p, indeg, rows, pick)
    return lists


def parallel_sgs(p: RcpspArrays, values: FloatArray) -> IntArray:
    """Parallel schedule generation scheme (one schedule) with static priority values.

    Time advances from one decision point to the next (a finish time, the earliest
    precedence-feasible start of a waiting activity, or a change of capacity). At each,
    the activities whose predecessors are scheduled and whose precedence offsets allow a
    start now are started in priority order while the capacity allows it for their whole
    duration; this repeats at the same time while it unlocks more. Ties go to the lowest
    index.
    """
    n = p.n
    dur = p.duration.tolist()
    dem = p.demand
    total = p.init_words.shape[0]
    t0 = p.capacity.shape[1]
    free = np.empty((total, p.n_resources), dtype=np.int64)
    free[:t0] = p.capacity.T[:total]
    free[t0:] = p.capacity[:, -1]
    cap_changes = sorted(
        {int(t) for t in np.flatnonzero((np.diff(p.capacity, axis=1) != 0).any(axis=0)) + 1}
    )
    start = [-1] * n
    pp = p.pred_ptr.tolist()
    pi = p.pred_idx.tolist()
    po = p.pred_off.tolist()
    sp = p.succ_ptr.tolist()
    si = p.succ_idx.tolist()
    left = np.diff(p.pred_ptr).tolist()
    ready = {j for j in range(n) if left[j] == 0}
    key = [(float(values[j]), j) for j in range(n)]
    t = 0
    n_done = 0
    while n_done < n:
        progress = True
        while progress:
            progress = False
            cands = []
            for j in ready:
                es = 0
                for k in range(pp[j], pp[j + 1]):
                    es = max(es, start[pi[k]] + po[k])
                if es <= t:
                    cands.append(j)
            cands.sort(key=key.__getitem__)
            for j in cands:
                d = dur[j]
                if d > 0 and not (free[t : t + d] >= dem[j]).all():
                    continue
                start[j] = t
                if d > 0:
                    free[t : t + d] -= dem[j]
                n_done += 1
                progress = True
                ready.discard(j)
                for k in range(sp[j], sp[j + 1]):
                    s = si[k]
                    left[s] -= 1
                    if left[s] == 0:
                        ready.add(s)
        if n_done == n:
            break
        nxt = [start[j] + dur[j] for j in range(n) if start[j] >= 0 and start[j] + dur[j] > t]
        for j in ready:
            es = 0
            for k in range(pp[j], pp[j + 1]):
                es = max(es, start[pi[k]] + po[k])
            if es > t:
                nxt.append(es)
        nxt.extend(c for c in cap_changes if c > t)
        t = min(nxt) if nxt else t + 1
    return np.asarray(start, dtype=np.int64)
