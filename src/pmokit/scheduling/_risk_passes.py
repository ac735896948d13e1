"""The numpy CPM passes (the compiled kernels of :mod:`pmokit.scheduling._kernels` run
the same plans), for one column (schedule) and for a chunk of iterations (simulate).

One column (:func:`pass_1d`, behind :func:`pmokit.scheduling._cpm.forward_pass` and
``backward_pass``): start-to-start offsets, rows in level order with the links into each
row as CSR arrays; numpy takes one scatter-max per level.

A chunk of iterations: the durations are an array of activities x iterations,
activities in level order, so that each topological level is a contiguous block of rows
and one vectorised step over all iterations: :func:`_forward` fills early dates,
:func:`_backward` late dates (and criticality comes from their difference, counted by
:func:`_count_rows`). The level plans (:func:`_plan`) are compiled once per network and
cached with it; their CSR form (:func:`_flat`) is what the kernels loop over. A percent
lag is recomputed per iteration from the sampled duration of its predecessor
(:class:`_Pct`).
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit import _compiled
from pmokit._typing import BoolArray, FloatArray, IntArray
from pmokit.scheduling import _kernels
from pmokit.scheduling._network import CompiledNetwork, link_ends

_CACHE: weakref.WeakKeyDictionary[CompiledNetwork, dict[str, Any]] = (
    weakref.WeakKeyDictionary()
)
"""Derived structures per compiled network (level plans, sweeps, ...), dropped with it."""


def _cached(c: CompiledNetwork, kind: str, build: Any) -> Any:
    """``build(c)``, computed once per compiled network and kind."""
    entry = _CACHE.get(c)
    if entry is None:
        entry = {}
        _CACHE[c] = entry
    if kind not in entry:
        entry[kind] = build(c)
    return entry[kind]


# --------------------------------------------------------------------------- compiled plan
#
# A group holds the links of one level that bound one end (start or finish) of their
# targets. Targets are sorted by their number of links, most first, and the links are
# laid out in "slots": slot s holds the s-th link of every target that has more than s
# links, so those targets are a prefix of the group. The maximum over a target's links is
# then a few whole-block np.maximum calls (numpy's reduceat along axis 0 is far slower).
@attrs.frozen(eq=False)
class _Pct:
    """The percent lags of one slot of a group (a share of a duration that varies by
    iteration): at ``pos`` (positions in the slot) the candidate is
    ``times[src] + pct * d[prow]`` instead of ``times[src] + lag``."""

    pos: IntArray
    pct: FloatArray  # column (size x 1): signed lag [%] / 100
    prow: IntArray  # the rows of d whose durations they take a share of


@attrs.frozen(eq=False)
class _Group:
    """Links of one level that bound one end (start or finish) of their targets."""

    srcs: tuple[IntArray, ...]  # per slot: rows of the time array (0..n-1 start, n.. finish)
    lags: tuple[FloatArray | None, ...]  # per slot: lag column, None when all zero
    sels: tuple[slice | IntArray, ...]  # per slot: the targets it updates (rows of best)
    tgt: IntArray | slice  # target rows, in slot order
    nonneg: bool  # every signed lag >= 0 (so forward candidates are >= 0)
    nonpos: bool  # every signed lag <= 0 (so backward candidates are <= the finish)
    pcts: tuple[_Pct | None, ...] = ()  # per slot: its percent lags, if any
    # slots after the first, gathered by one take: their rows, lags and spans
    rest_src: IntArray = attrs.field(init=False)
    rest_lag: FloatArray | None = attrs.field(init=False)
    rest_spans: tuple[tuple[int, int], ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        rest = self.srcs[1:]
        sizes = [int(r.size) for r in rest]
        ends = np.cumsum([0, *sizes]).tolist()
        src = np.concatenate(rest) if rest else np.zeros(0, dtype=np.int64)
        lag = None
        if any(lg is not None for lg in self.lags[1:]):
            lag = np.concatenate([
                lg if lg is not None else np.zeros((size, 1))
                for lg, size in zip(self.lags[1:], sizes, strict=True)
            ])
        object.__setattr__(self, "rest_src", src)
        object.__setattr__(self, "rest_lag", lag)
        object.__setattr__(self, "rest_spans", tuple(itertools.pairwise(ends)))

    @property
    def rows(self) -> int:
        """Rows gathered per iteration."""
        return int(self.srcs[0].size + self.rest_src.size)


@attrs.frozen(eq=False)
class _Level:
    lo: int
    hi: int
    to_start: _Group | None
    to_finish: _Group | None


@attrs.frozen(eq=False)
class _Bounds:
    """Constraint bounds in row coordinates [working days from the start].

    ``lower`` bounds early starts, ``lower_f`` early finishes (so ``ES >= lower_f - D``);
    ``upper`` and ``upper_f`` bound late starts and late finishes.

    Constraints that win over logic (P6's mandatory ones): ``cap`` and ``cap_f`` also cap
    the early start and finish (``inf`` for the other rows; None without any), and the
    rows of ``pinned`` (by the first row of their level, positions into ``rows``) take
    ``min(upper, upper_f - D)`` as late start, whatever their successors need.
    """

    rows: IntArray
    lower: FloatArray  # columns (rows x 1)
    lower_f: FloatArray
    upper: FloatArray
    upper_f: FloatArray
    by_level: tuple[tuple[int, IntArray], ...]  # (level, positions into rows)
    cap: FloatArray | None = None
    cap_f: FloatArray | None = None
    pinned: tuple[tuple[int, IntArray], ...] = ()  # (first row of a level, positions)


def _group(
    links: IntArray,
    src_rows: IntArray,
    tgt_rows: IntArray,
    lag: FloatArray,
    sign: float,
    dense: tuple[int, int, int] | None = None,
    pct: tuple[FloatArray, IntArray] | None = None,
) -> _Group | None:
    """Slot layout of one group.

    By default targets are sorted by number of links (most first) so that slot ``s`` updates
    a prefix. With ``dense=(lo, hi, pad)`` (backward pass) the targets are the whole level
    ``lo:hi`` in row order: slots that cover at least half of it read the ``pad`` row (it
    holds the project finish, which never binds) for rows without a link; sparser slots
    update only their rows. ``pct`` (per link: the percent share / 100,
    NaN for the other links, and the row of the duration it takes a share of) marks the
    percent lags, recomputed per iteration (:class:`_Pct`).
    """
    if links.size == 0:
        return None
    t = tgt_rows[links]
    targets, inverse, counts = np.unique(t, return_inverse=True, return_counts=True)
    # position of each link among its target's links
    order = np.lexsort((links, inverse))
    first = np.searchsorted(inverse[order], np.arange(targets.size))
    k_in = np.empty(links.size, dtype=np.int64)
    k_in[order] = np.arange(links.size) - np.repeat(first, counts)
    lg_all = sign * lag[links]
    is_pct = np.zeros(links.size, dtype=bool) if pct is None else ~np.isnan(pct[0][links])
    # a percent lag's sign is its share's (durations are >= 0)
    sgn = np.where(is_pct, sign * np.nan_to_num(pct[0][links]), lg_all) if pct else lg_all
    nonneg = bool((sgn >= 0).all())
    nonpos = bool((sgn <= 0).all())
    srcs: list[IntArray] = []
    lags: list[FloatArray | None] = []
    sels: list[slice | IntArray] = []
    pcts: list[_Pct | None] = []

    def percent(sel: IntArray, at: IntArray) -> _Pct | None:
        """The percent lags among the links ``links[sel]``, at positions ``at``."""
        if pct is None or not is_pct[sel].any():
            return None
        w = sel[is_pct[sel]]
        return _Pct(np.ascontiguousarray(at[is_pct[sel]]),
                    (sign * pct[0][links[w]])[:, None], pct[1][links[w]])

    if dense is not None and 4 * targets.size >= dense[1] - dense[0]:
        lo, hi, pad = dense
        width = hi - lo
        for s in range(int(counts.max())):
            sel = np.flatnonzero(k_in == s)
            local = t[sel] - lo
            lg = lg_all[sel]
            if s == 0 or 2 * sel.size >= width:
                src = np.full(width, pad, dtype=np.int64)
                src[local] = src_rows[links[sel]]
                full = np.zeros(width)
                full[local] = lg
                srcs.append(src)
                lags.append(full[:, None] if np.any(full != 0) else None)
                sels.append(slice(None))
                pcts.append(percent(sel, local))
            else:
                srcs.append(np.ascontiguousarray(src_rows[links[sel]]))
                lags.append(lg[:, None].copy() if np.any(lg != 0) else None)
                sels.append(local)
                pcts.append(percent(sel, np.arange(sel.size)))
        return _Group(tuple(srcs), tuple(lags), tuple(sels), slice(lo, hi), nonneg, nonpos,
                      tuple(pcts))
    rank = np.argsort(-counts, kind="stable")  # targets, most links first
    slot_of_target = np.empty(targets.size, dtype=np.int64)
    slot_of_target[rank] = np.arange(targets.size)
    for s in range(int(counts.max())):
        sel = np.flatnonzero(k_in == s)
        sel = sel[np.argsort(slot_of_target[inverse[sel]], kind="stable")]
        srcs.append(np.ascontiguousarray(src_rows[links[sel]]))
        lg = lg_all[sel]
        lags.append(lg[:, None].copy() if np.any(lg != 0) else None)
        sels.append(slice(0, int(sel.size)))
        pcts.append(percent(sel, np.arange(sel.size)))
    tgt_sorted = targets[rank]
    tgt: IntArray | slice = tgt_sorted
    if (np.diff(tgt_sorted) == 1).all():
        tgt = slice(int(tgt_sorted[0]), int(tgt_sorted[-1]) + 1)
    return _Group(tuple(srcs), tuple(lags), tuple(sels), tgt, nonneg, nonpos, tuple(pcts))


def _positions(c: CompiledNetwork) -> IntArray:
    """Row of each activity: level order, and within a level most start-bounding links
    first, so that a level's forward start group is a contiguous block of rows."""
    to_start = ~link_ends(c.link_type)[1]
    n_start = np.bincount(c.link_succ[to_start], minlength=c.n)
    # lexsort, not one combined integer key: an activity can have more start-bounding
    # links than there are activities (two links per pair), which broke a level * (n + 1)
    # key and mixed levels (found by Hypothesis: IndexError in the backward plan)
    order = np.lexsort((np.arange(c.n), -n_start, c.level))
    pos = np.empty(c.n, dtype=np.int64)
    pos[order] = np.arange(c.n)
    return pos


def _plan(c: CompiledNetwork, pos: IntArray) -> tuple[list[_Level], list[_Level]]:
    """The level plans of a compiled network in ``pos`` = ``_positions(c)`` coordinates,
    cached with the network's other derived structures (freed with the network)."""
    plan: tuple[list[_Level], list[_Level]] = _cached(
        c, "risk_levels", lambda cn: _build_levels(cn, pos)
    )
    return plan


class _Levels(list[_Level]):
    """A level plan (a list of levels) that also keeps its flattened form for the
    compiled kernels, built on first use (:func:`_flat`)."""

    flat: _Flat | None = None


@attrs.frozen(eq=False)
class _Flat:
    """A level plan as CSR arrays per row, for :mod:`pmokit.scheduling._kernels`.

    ``ptr``/``src``/``lag``/``sub``: the links into each row (source row of the times,
    signed lag, True for a link that bounds the row's finish). Backward plans also give
    per row the way :func:`_backward` rounds it (``mode`` without date bounds,
    ``mode_b`` with them: see :func:`pmokit.scheduling._kernels._backward_loop`) and
    ``pad``: the row reads the pad row (the finish) in a finish-first level. A percent
    lag (``has_pct``) has ``prow >= 0``: its lag is ``pct * d[prow]`` per iteration.
    """

    ptr: IntArray
    src: IntArray
    lag: FloatArray
    sub: BoolArray
    mode: npt.NDArray[np.int8]
    mode_b: npt.NDArray[np.int8]
    pad: BoolArray
    pct: FloatArray
    prow: IntArray
    has_pct: bool


def _slot_rows(
    g: _Group, s: int
) -> tuple[IntArray, IntArray, FloatArray, FloatArray, IntArray]:
    """Target rows, source rows, lags, percent shares and their duration rows (-1: not
    a percent lag) of slot ``s`` of a group."""
    sel = g.sels[s]
    src = g.srcs[s]
    lag = g.lags[s]
    tgt = g.tgt
    if isinstance(tgt, slice):
        tgt_rows = np.arange(tgt.start, tgt.stop, dtype=np.int64)
    else:
        tgt_rows = np.asarray(tgt, dtype=np.int64)
    if isinstance(sel, slice) and sel.stop is None:  # a dense slot over the whole level
        rows = tgt_rows
    elif isinstance(sel, slice):  # a prefix of the targets
        rows = tgt_rows[sel]
    else:  # a sparse slot of a dense group: positions in the level
        rows = tgt_rows[0] + np.asarray(sel, dtype=np.int64)
    lags = lag[:, 0] if lag is not None else np.zeros(src.size)
    pct = np.zeros(src.size)
    prow = np.full(src.size, -1, dtype=np.int64)
    pc = g.pcts[s] if g.pcts else None
    if pc is not None:
        pct[pc.pos] = pc.pct[:, 0]
        prow[pc.pos] = pc.prow
    return rows, np.asarray(src, dtype=np.int64), lags, pct, prow


def _flat(levels: Sequence[_Level], n: int, backward: bool) -> _Flat:
    """The CSR form of a level plan (cached on a :class:`_Levels`)."""
    if isinstance(levels, _Levels) and levels.flat is not None:
        return levels.flat
    rows_l: list[IntArray] = []
    src_l: list[IntArray] = []
    lag_l: list[FloatArray] = []
    sub_l: list[BoolArray] = []
    pct_l: list[FloatArray] = []
    prow_l: list[IntArray] = []
    mode = np.zeros(n, dtype=np.int8)
    mode_b = np.zeros(n, dtype=np.int8)
    pad = np.zeros(n, dtype=bool)
    for lev in levels:
        finish_first = (
            backward and lev.to_start is None and lev.to_finish is not None
            and isinstance(lev.to_finish.tgt, slice)
        )
        for g, sub in ((lev.to_start, False), (lev.to_finish, True)):
            if g is None:
                continue
            for s in range(len(g.srcs)):
                rows, src, lag, pct, prow = _slot_rows(g, s)
                if backward:
                    at_pad = src == 2 * n
                    if finish_first:
                        pad[rows[at_pad]] = True
                    keep = ~at_pad
                    rows, src, lag = rows[keep], src[keep], lag[keep]
                    pct, prow = pct[keep], prow[keep]
                rows_l.append(rows)
                src_l.append(src)
                lag_l.append(lag)
                sub_l.append(np.full(rows.size, sub))
                pct_l.append(pct)
                prow_l.append(prow)
        if not backward:
            continue
        tgt = lev.to_finish.tgt if lev.to_finish is not None else None
        if finish_first and isinstance(tgt, slice):
            mode[tgt] = 2 if _direct(lev) else 1
            mode_b[tgt] = 1
        elif lev.to_start is not None or lev.to_finish is not None:
            mode[lev.lo : lev.hi] = 3
            mode_b[lev.lo : lev.hi] = 3
    rows = np.concatenate(rows_l) if rows_l else np.zeros(0, dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=ptr[1:])
    prow_all = np.concatenate(prow_l)[order] if prow_l else np.zeros(0, dtype=np.int64)
    flat = _Flat(
        ptr=ptr,
        src=np.concatenate(src_l)[order] if src_l else np.zeros(0, dtype=np.int64),
        lag=np.concatenate(lag_l)[order] if lag_l else np.zeros(0),
        sub=np.concatenate(sub_l)[order] if sub_l else np.zeros(0, dtype=bool),
        mode=mode,
        mode_b=mode_b,
        pad=pad,
        pct=np.concatenate(pct_l)[order] if pct_l else np.zeros(0),
        prow=prow_all,
        has_pct=bool((prow_all >= 0).any()),
    )
    if isinstance(levels, _Levels):
        levels.flat = flat
    return flat


def _percent_args(flat: _Flat) -> tuple[FloatArray | None, IntArray | None]:
    """The kernels' ``pct``, ``prow`` arguments: None without percent lags, so that numba
    compiles (and runs) the loops without them."""
    return (flat.pct, flat.prow) if flat.has_pct else (None, None)


def _bound_rows(bounds: _Bounds | None, n: int) -> tuple[IntArray, FloatArray, FloatArray,
                                                          FloatArray, FloatArray]:
    """Per row the position of its bounds (or -1), and the bounds as flat arrays."""
    brow = np.full(n, -1, dtype=np.int64)
    if bounds is None:
        empty = np.zeros(0)
        return brow, empty, empty, empty, empty
    brow[bounds.rows] = np.arange(bounds.rows.size)
    return (brow, bounds.lower[:, 0], bounds.lower_f[:, 0], bounds.upper[:, 0],
            bounds.upper_f[:, 0])


def _caps(bounds: _Bounds | None, n: int) -> tuple[FloatArray, FloatArray, bool, BoolArray]:
    """The caps of constraints that win over logic (flat, with a flag) and the pinned
    rows (a mask), for the compiled kernels."""
    pinned = np.zeros(n, dtype=bool)
    empty = np.zeros(0)
    if bounds is None:
        return empty, empty, False, pinned
    for _, sel in bounds.pinned:
        pinned[bounds.rows[sel]] = True
    if bounds.cap is None or bounds.cap_f is None:
        return empty, empty, False, pinned
    return (np.ascontiguousarray(bounds.cap).reshape(-1),
            np.ascontiguousarray(bounds.cap_f).reshape(-1), True, pinned)


def _compiled_ok(times: FloatArray, d: FloatArray) -> bool:
    """True when the compiled kernels run (numba, not disabled) on C-contiguous float
    arrays."""
    return (
        _compiled.active()
        and _kernels.forward_kernel is not None
        and times.flags.c_contiguous
        and d.flags.c_contiguous
        and times.dtype == np.float64
        and d.dtype == np.float64
    )


def _percent_lags(c: CompiledNetwork, pos: IntArray) -> tuple[FloatArray, IntArray] | None:
    """Per link the share of a percent lag (its number / 100, NaN for the other links)
    and the row of its predecessor (whose duration it is a share of); None without
    percent lags. The same share ``lag / 100 * duration`` as the network's planned lags
    (:func:`pmokit.scheduling._network.lag_spec`), so planned durations give the same
    lags bit for bit."""
    kind = c.link_lag_kind
    if kind is None or c.link_lag_value is None or not (kind == 2).any():
        return None
    share = np.where(kind == 2, c.link_lag_value / 100.0, np.nan)
    return share, pos[c.link_pred]


def _build_levels(c: CompiledNetwork, pos: IntArray) -> tuple[list[_Level], list[_Level]]:
    """Forward and backward level plans in row (position) coordinates."""
    n = c.n
    from_finish, to_finish = link_ends(c.link_type)
    pred_pos = pos[c.link_pred]
    succ_pos = pos[c.link_succ]
    fwd_src = pred_pos + n * from_finish
    bwd_src = succ_pos + n * to_finish
    pct = _percent_lags(c, pos)
    nlev = int(c.level_ptr.size - 1)
    links_by_succ = np.argsort(c.level[c.link_succ], kind="stable")
    succ_ptr = np.searchsorted(c.level[c.link_succ][links_by_succ], np.arange(nlev + 1))
    links_by_pred = np.argsort(c.level[c.link_pred], kind="stable")
    pred_ptr = np.searchsorted(c.level[c.link_pred][links_by_pred], np.arange(nlev + 1))
    fwd: list[_Level] = _Levels()
    bwd: list[_Level] = _Levels()
    for k in range(nlev):
        lo, hi = int(c.level_ptr[k]), int(c.level_ptr[k + 1])
        links = links_by_succ[succ_ptr[k] : succ_ptr[k + 1]]
        fwd.append(
            _Level(
                lo,
                hi,
                _group(links[~to_finish[links]], fwd_src, succ_pos, c.link_lag, 1.0,
                       pct=pct),
                _group(links[to_finish[links]], fwd_src, succ_pos, c.link_lag, 1.0,
                       pct=pct),
            )
        )
        links = links_by_pred[pred_ptr[k] : pred_ptr[k + 1]]
        bwd.append(
            _Level(
                lo,
                hi,
                _group(links[~from_finish[links]], bwd_src, pred_pos, c.link_lag, -1.0,
                       (lo, hi, 2 * n), pct),
                _group(links[from_finish[links]], bwd_src, pred_pos, c.link_lag, -1.0,
                       (lo, hi, 2 * n), pct),
            )
        )
    bwd.reverse()
    return fwd, bwd


# ------------------------------------------------- schedule's passes (one iteration, k = 1)
@attrs.frozen(eq=False)
class _OffsetPlan:
    """The plan of schedule's passes on start-to-start offsets (``t_v = max(init_v, max
    over its links of t_u + offset)``), per activity: ``order``, the activities in the
    pass's topological order (forward: by level; backward: by reversed level, the links
    reversed), ``rank`` their level in that order, and the links into each activity as
    CSR arrays (``ptr``; per entry the source activity ``src`` and the link number
    ``lnk``). The compiled kernel loops over ``order``, numpy over the levels
    (:func:`_blocks`)."""

    order: IntArray
    rank: IntArray  # per activity: its level in the pass's order
    nrank: int
    ptr: IntArray
    src: IntArray
    lnk: IntArray


def _offset_plan(c: CompiledNetwork, forward: bool) -> _OffsetPlan:
    """The (cached) :class:`_OffsetPlan` of a compiled network, one per direction."""
    plan: _OffsetPlan = _cached(c, "offset_f" if forward else "offset_b",
                                lambda cc: _build_offset_plan(cc, forward))
    return plan


def _build_offset_plan(c: CompiledNetwork, forward: bool) -> _OffsetPlan:
    n = c.n
    top = int(c.level_ptr.size) - 2
    if forward:
        rank, src, dst = c.level, c.link_pred, c.link_succ
    else:
        rank, src, dst = top - c.level, c.link_succ, c.link_pred
    order = np.lexsort((np.arange(n), rank))
    lnk = np.argsort(dst, kind="stable").astype(np.int64)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(dst, minlength=n), out=ptr[1:])
    return _OffsetPlan(order, np.asarray(rank, dtype=np.int64), top + 1, ptr,
                       np.asarray(src[lnk], dtype=np.int64), lnk)


_PAIR = 48
"""Two consecutive levels into which at most this many links lead each are processed as one
block by :func:`pass_1d`'s numpy path (deep networks: half the numpy calls per level)."""


@attrs.frozen(eq=False)
class _Blocks:
    """The numpy path of :func:`pass_1d` for one direction, as a forward pass (the
    backward pass runs on the reversed links with negated times: ``-LS = max(-upper,
    -LS_succ + offset)``).

    Links are grouped into blocks of one level, or two consecutive narrow levels, by the
    activity they update, so that each block is one gather, one or two adds and one
    ``maximum.at``. In a two-level block a link ``u -> v`` from the first level into the
    second is replaced by the paths ``h -> u -> v`` over the links into ``u`` (whose sums
    ``(t_h + o_hu) + o_uv`` are the level engine's, in the same order) and by the bound of
    ``u`` plus ``o_uv``, folded into ``v``'s bound before the loop; ``max`` commutes with
    rounding, so the result is bit for bit the same.

    ``hop1``/``hop2`` are the link numbers of each term (``hop2`` only for the terms of
    two-level blocks, compacted; its entries ``hop2_none`` have no second link and add 0);
    ``blocks`` holds per block the terms' sources and targets
    (views) and the slices into ``hop1`` and ``hop2`` (None for one-level blocks);
    ``bound_src``, ``bound_dst``, ``bound_link`` are the folded bound terms.
    """

    hop1: IntArray
    hop2: IntArray
    hop2_none: IntArray
    blocks: list[tuple[IntArray, IntArray, slice, slice | None]]
    bound_src: IntArray
    bound_dst: IntArray
    bound_link: IntArray


def _blocks(plan: _OffsetPlan) -> _Blocks:
    """The numpy blocks of an :class:`_OffsetPlan`, built on its CSR entries (the links
    each block reads by link number: the offsets of each call)."""
    n = int(plan.order.size)
    m = int(plan.lnk.size)
    rank = plan.rank
    nrank = plan.nrank
    src = plan.src
    dst = np.repeat(np.arange(n, dtype=np.int64), np.diff(plan.ptr))
    in_ptr, in_link = plan.ptr, np.arange(m, dtype=np.int64)
    cnt = np.bincount(rank[dst], minlength=nrank).tolist() if m else [0] * nrank
    block_of = [0] * nrank
    first = []  # first rank of each block
    r = 0
    while r < nrank:
        first.append(r)
        block_of[r] = len(first) - 1
        if r + 1 < nrank and cnt[r] <= _PAIR and cnt[r + 1] <= _PAIR:
            block_of[r + 1] = len(first) - 1
            r += 2
        else:
            r += 1
    blk_of = np.array(block_of, dtype=np.int64)
    first_rank = np.array(first, dtype=np.int64)
    links = np.arange(m, dtype=np.int64)
    inside = rank[src] >= first_rank[blk_of[rank[dst]]]
    direct = links[~inside]
    folded = links[inside]
    # paths h -> u -> v for the folded links u -> v
    starts = in_ptr[src[folded]]
    counts = in_ptr[src[folded] + 1] - starts
    ends = np.cumsum(counts)
    total = int(ends[-1]) if ends.size else 0
    first_hop = in_link[np.repeat(starts - ends + counts, counts) + np.arange(total)]
    second_hop = np.repeat(folded, counts)
    t_src = np.r_[src[direct], src[first_hop]]
    t_dst = np.r_[dst[direct], dst[second_hop]]
    hop1 = np.r_[direct, first_hop]
    hop2 = np.r_[np.full(direct.size, m, dtype=np.int64), second_hop]
    t_blk = blk_of[rank[t_dst]]
    order = np.lexsort((t_src, t_blk))  # by block, then by source (gathers)
    t_src, t_dst, hop1, hop2, t_blk = (
        t_src[order], t_dst[order], hop1[order], hop2[order], t_blk[order]
    )
    paired = np.r_[first_rank[1:] - first_rank[:-1], nrank - first_rank[-1]] == 2
    two = paired[t_blk]
    hop2 = hop2[two]
    hop2_none = np.flatnonzero(hop2 == m)
    hop2[hop2_none] = 0
    pos2 = np.cumsum(two) - two  # position of each term among the two-level terms
    cut = np.flatnonzero(np.r_[True, t_blk[1:] != t_blk[:-1], True]).tolist() if t_blk.size else []
    blocks: list[tuple[IntArray, IntArray, slice, slice | None]] = []
    two_l = two.tolist()
    pos2_l = pos2.tolist()
    for a, b in itertools.pairwise(cut):
        sl2 = slice(pos2_l[a], pos2_l[a] + b - a) if two_l[a] else None
        blocks.append((t_src[a:b], t_dst[a:b], slice(a, b), sl2))
    lnk = plan.lnk  # CSR entries -> link numbers, where each call's offsets are read
    return _Blocks(lnk[hop1], lnk[hop2], hop2_none, blocks, src[folded], dst[folded],
                   lnk[folded])


def _run_blocks(bl: _Blocks, offset: FloatArray, bound: FloatArray) -> FloatArray:
    """Forward pass over the blocks: ``t_v = max(bound_v, max over links t_u + offset)``."""
    out = np.array(bound, dtype=np.float64)
    if bl.bound_link.size:
        np.maximum.at(out, bl.bound_dst, out[bl.bound_src] + offset[bl.bound_link])
    w1 = offset[bl.hop1]
    w2 = w1
    if bl.hop2.size:
        w2 = offset[bl.hop2]
        w2[bl.hop2_none] = 0.0
    up = np.maximum.at
    for s, d, a, b in bl.blocks:
        v = out[s] + w1[a]
        if b is not None:
            v += w2[b]
        up(out, d, v)
    return out


def pass_1d(c: CompiledNetwork, offset: FloatArray, init: FloatArray, *,
            forward: bool) -> FloatArray:
    """schedule's pass: forward, ``t_j = max(init_j, max over the links i -> j of t_i +
    offset)``; backward, the same over the reversed links (``t_i = max(init_i, max over
    i -> j of t_j + offset)``, the negated late starts). By the compiled kernel when it
    runs (:func:`pmokit.scheduling._kernels.pass_1d`, one loop over the rows of the
    :class:`_OffsetPlan`), else level by level with numpy (:class:`_Blocks`: a gather, an
    add and a ``maximum.at`` per level, or per two narrow levels): the same numbers bit
    for bit."""
    plan = _offset_plan(c, forward)
    off = np.asarray(offset, dtype=np.float64)
    if _compiled.active() and _kernels.forward_kernel is not None:
        out: FloatArray = _kernels.pass_1d(plan.order, plan.ptr, plan.src, off[plan.lnk],
                                           np.ascontiguousarray(init, dtype=np.float64))
        return out
    bl: _Blocks = _cached(c, "blocks_f" if forward else "blocks_b", lambda cc: _blocks(plan))
    return _run_blocks(bl, off, init)


def _reduce(
    times: FloatArray,
    g: _Group,
    op: np.ufunc,
    out: FloatArray | None = None,
    d: FloatArray | None = None,
) -> FloatArray:
    """``op`` over each target's links of ``times[src] + lag``, targets in slot order; a
    percent lag is its share of ``d`` (the durations of this block of iterations)."""
    src = g.srcs[0]
    best = np.take(times, src, axis=0, out=out, mode="clip")
    if g.lags[0] is not None:
        best += g.lags[0]
    pc = g.pcts[0] if g.pcts else None
    if pc is not None and d is not None:
        best[pc.pos] = times[src[pc.pos]] + pc.pct * d[pc.prow]
    if not g.rest_spans:
        return best
    cand = np.take(times, g.rest_src, axis=0, mode="clip")  # the other slots at once
    if g.rest_lag is not None:
        cand += g.rest_lag
    for s, ((a, b), sel) in enumerate(zip(g.rest_spans, g.sels[1:], strict=True), start=1):
        pc = g.pcts[s] if g.pcts else None
        if pc is not None and d is not None:
            cand[a + pc.pos] = times[g.srcs[s][pc.pos]] + pc.pct * d[pc.prow]
        if isinstance(sel, slice):
            op(best[sel], cand[a:b], out=best[sel])
        else:
            best[sel] = op(best[sel], cand[a:b])
    return best


def _apply_lower(b: _Bounds, sel: IntArray, d: FloatArray, times: FloatArray) -> None:
    n = d.shape[0]
    rows = b.rows[sel]
    es = np.maximum(times[rows], b.lower[sel])
    np.maximum(es, b.lower_f[sel] - d[rows], out=es)
    if b.cap is not None and b.cap_f is not None:
        np.minimum(es, b.cap[sel], out=es)
        np.minimum(es, b.cap_f[sel] - d[rows], out=es)
    times[rows] = es
    times[n + rows] = es + d[rows]


def _pin(b: _Bounds | None, lo: int, d: FloatArray, times: FloatArray) -> None:
    """Late dates of the level's pinned rows: their constraint, whatever the successors."""
    if b is None or not b.pinned:
        return
    for first, sel in b.pinned:
        if first == lo:
            n = d.shape[0]
            rows = b.rows[sel]
            ls = np.minimum(b.upper[sel], b.upper_f[sel] - d[rows])
            times[rows] = ls
            times[n + rows] = ls + d[rows]


def _early_starts(
    times: FloatArray, to_start: _Group | None, to_finish: _Group | None, d: FloatArray,
    capped: bool = False,
) -> None:
    """Early starts of one level's targets from their links: the start-bounding group
    sets them (never below 0), the finish-bounding group raises them. ``capped``: some
    constraint wins over logic, so an earlier date can be negative (then even links
    without a lead need the floor at 0)."""
    es = times[: d.shape[0]]
    g = to_start
    if g is not None:
        if isinstance(g.tgt, slice) and g.nonneg and not capped:
            _reduce(times, g, np.maximum, out=es[g.tgt], d=d)
        else:
            best = _reduce(times, g, np.maximum, d=d)
            np.maximum(best, 0.0, out=best)
            es[g.tgt] = best
    g = to_finish
    if g is not None:
        best = _reduce(times, g, np.maximum, d=d)
        best -= d[g.tgt]
        es[g.tgt] = np.maximum(es[g.tgt], best)


def _forward(
    fwd: Sequence[_Level],
    d: FloatArray,
    times: FloatArray,
    bounds: _Bounds | None = None,
    first: int = 0,
) -> None:
    """Fill ``times`` (2n x c): rows 0..n-1 early starts, n..2n-1 early finishes.

    With ``first > 0`` the levels before ``first`` are taken as already computed in
    ``times`` (their durations unchanged) and only the later ones are recomputed."""
    n = d.shape[0]
    if first == 0 and _compiled_ok(times, d):
        flat = _flat(fwd, n, backward=False)
        brow, lower, lower_f, _, _ = _bound_rows(bounds, n)
        cap, cap_f, has_cap, _ = _caps(bounds, n)
        _kernels.forward_kernel(np.arange(n), flat.ptr, flat.src, flat.lag, flat.sub,
                                np.zeros(n), times, d, brow, lower, lower_f, cap, cap_f,
                                has_cap, 0, True, *_percent_args(flat))
        return
    # every level after the first writes its early finishes; its early starts too when
    # its start group is a whole-level block of nonnegative links: only the other rows
    # need the initial ES = 0 (and level 0 EF = D)
    if first == 0:
        hi0 = fwd[0].hi if fwd else n
        times[:hi0] = 0.0
        times[n : n + hi0] = d[:hi0]
    # (not when a constraint that wins over logic can place a date before 0: found by
    # Hypothesis, a mandatory finish at 0 of a sampled duration, then an SS link)
    capped = bounds is not None and bounds.cap is not None
    for lev in fwd[max(first, 1) :]:
        g = lev.to_start
        if capped or not (g is not None and g.nonneg and _is_block(g.tgt, lev)):
            times[lev.lo : lev.hi] = 0.0
    es = times[:n]
    at_level = dict(bounds.by_level) if bounds is not None else {}
    if first == 0 and bounds is not None and 0 in at_level:
        _apply_lower(bounds, at_level[0], d, times)
    for k, lev in enumerate(fwd[max(first, 1) :], start=max(first, 1)):
        _early_starts(times, lev.to_start, lev.to_finish, d, capped)
        np.add(es[lev.lo : lev.hi], d[lev.lo : lev.hi], out=times[n + lev.lo : n + lev.hi])
        if bounds is not None and k in at_level:
            _apply_lower(bounds, at_level[k], d, times)


def _in_place(lev: _Level) -> bool:
    """True when :func:`_backward` bounds the level's late finishes in place and then
    writes all its late starts (only finish-bounding links, over the whole level)."""
    g = lev.to_finish
    return lev.to_start is None and g is not None and _is_block(g.tgt, lev)


def _direct(lev: _Level) -> bool:
    """True when, without date constraints, :func:`_backward` writes the level's late
    finishes directly as the minimum over its links: only finish-bounding links over the
    whole level, none with a lead (so every candidate is <= the project finish; rows
    without a link read the pad row, which holds the finish)."""
    g = lev.to_finish
    return _in_place(lev) and g is not None and g.nonpos


def _is_block(tgt: IntArray | slice, lev: _Level) -> bool:
    """True when ``tgt`` is the whole level as a slice."""
    return isinstance(tgt, slice) and tgt.start == lev.lo and tgt.stop == lev.hi


def _backward(
    bwd: Sequence[_Level],
    d: FloatArray,
    finish: FloatArray,
    times: FloatArray,
    bounds: _Bounds | None = None,
) -> None:
    """Fill ``times`` (2n + 1 x c): rows 0..n-1 late starts, n..2n-1 late finishes, and
    row 2n a pad read for rows without a link in a dense slot (the finish: every late
    date is at most the finish, so it never binds)."""
    n = d.shape[0]
    times[2 * n] = finish
    if _backward_compiled(bwd, d, finish, times, bounds):
        return
    if bounds is not None:
        times[n : 2 * n] = finish
        np.subtract(times[n : 2 * n], d, out=times[:n])
        rows = bounds.rows
        ls = np.minimum(times[rows], bounds.upper)
        np.minimum(ls, bounds.upper_f - d[rows], out=ls)
        times[rows] = ls
        times[n + rows] = ls + d[rows]
    else:
        # levels written directly below need no initial late finish; levels bounded in
        # place write all their late starts: only the others need LS = LF - D first
        for lev in bwd:
            if _direct(lev):
                continue
            times[n + lev.lo : n + lev.hi] = finish
            if not _in_place(lev):
                np.subtract(times[n + lev.lo : n + lev.hi], d[lev.lo : lev.hi],
                            out=times[lev.lo : lev.hi])
    ls = times[:n]
    for lev in bwd:
        g = lev.to_finish
        if g is not None and lev.to_start is None and isinstance(g.tgt, slice):
            # only finish-bounding links (FS, FF) over a block of rows: bound the late
            # finishes in place, then late start = late finish - duration
            lf = times[n + g.tgt.start : n + g.tgt.stop]
            if bounds is None and _direct(lev):
                _reduce(times, g, np.minimum, out=lf, d=d)
            else:
                np.minimum(lf, _reduce(times, g, np.minimum, d=d), out=lf)
            np.subtract(lf, d[g.tgt], out=ls[g.tgt])
            _pin(bounds, lev.lo, d, times)
            continue
        touched = False
        g = lev.to_start
        if g is not None:
            best = _reduce(times, g, np.minimum, d=d)
            if isinstance(g.tgt, slice):
                np.minimum(ls[g.tgt], best, out=ls[g.tgt])
            else:
                ls[g.tgt] = np.minimum(ls[g.tgt], best)
            touched = True
        g = lev.to_finish
        if g is not None:
            best = _reduce(times, g, np.minimum, d=d)
            best -= d[g.tgt]
            if isinstance(g.tgt, slice):
                np.minimum(ls[g.tgt], best, out=ls[g.tgt])
            else:
                ls[g.tgt] = np.minimum(ls[g.tgt], best)
            touched = True
        if touched:
            np.add(ls[lev.lo : lev.hi], d[lev.lo : lev.hi], out=times[n + lev.lo : n + lev.hi])
        _pin(bounds, lev.lo, d, times)


def _backward_compiled(
    bwd: Sequence[_Level],
    d: FloatArray,
    finish: FloatArray,
    times: FloatArray,
    bounds: _Bounds | None,
    early: FloatArray | None = None,
    tol: float = 0.0,
    crit: IntArray | None = None,
) -> bool:
    """:func:`_backward` by the compiled kernel when it runs here (then True), and with
    ``early`` (the forward pass's times) the critical iterations added to ``crit``
    (``late start - early start <= tol``) in the same sweep; False when the numpy path
    must run instead."""
    if not (_compiled_ok(times, d) and (early is None or early.flags.c_contiguous)):
        return False
    n = d.shape[0]
    flat = _flat(bwd, n, backward=True)
    brow, _, _, upper, upper_f = _bound_rows(bounds, n)
    pinned = _caps(bounds, n)[3]
    count = crit if crit is not None else np.zeros(0, dtype=np.int64)
    _kernels.backward_kernel(
        flat.ptr, flat.src, flat.lag, flat.sub, flat.mode if bounds is None else flat.mode_b,
        flat.pad, d, 0, np.ascontiguousarray(finish, dtype=np.float64), times, brow,
        upper, upper_f, early if early is not None else times, float(tol), count, pinned,
        *_percent_args(flat),
    )
    times[2 * n] = finish
    return True


_BLOCK_CELLS = 1 << 15
"""Activity-iterations per block of the compiled passes of :func:`_passes_compiled`: a
block's times (two buffers of 16 bytes per cell, 1 MiB) stay in cache."""


def _passes_whole(risks: Sequence[object]) -> bool:
    """True when :func:`_passes_compiled` runs here and needs no times array (no risks
    to rerun): simulate then passes a whole batch of iterations at once."""
    return not risks and _compiled.active() and _kernels.forward_kernel is not None


def _passes_compiled(
    fwd: Sequence[_Level],
    bwd: Sequence[_Level],
    bounds: _Bounds | None,
    d: FloatArray,
    times: FloatArray | None,
    end_rows: IntArray,
    milestone_rows: IntArray,
    keep_times: bool,
    backward: bool,
    tol: float,
    crit: IntArray,
    finish: FloatArray,
    ms_finish: FloatArray,
) -> bool:
    """simulate's passes over a block of iterations by the compiled kernels, in
    contiguous column blocks that stay in cache; False (nothing done) when the numpy
    path must run.

    Writes the project finish of each iteration into ``finish``, the milestones' early
    finishes into ``ms_finish``, adds the critical iterations to ``crit`` (with
    ``backward``), and with ``keep_times`` leaves the early dates in ``times`` (2n x c)
    as :func:`_forward` does. The same numbers as :func:`_forward`, :func:`_backward` and
    the count of ``late start - early start <= tol`` (tested)."""
    if not _compiled_ok(times if times is not None else d, d):
        return False
    n, c = d.shape
    ff = _flat(fwd, n, backward=False)
    fb = _flat(bwd, n, backward=True) if backward else None
    brow, lower, lower_f, upper, upper_f = _bound_rows(bounds, n)
    cap, cap_f, has_cap, pinned = _caps(bounds, n)
    mode = None if fb is None else (fb.mode if bounds is None else fb.mode_b)
    order = np.arange(n)
    zeros = np.zeros(n)
    width = max(16, min(c, _BLOCK_CELLS // max(n, 1)))
    t_buf = np.empty(2 * n * width)
    b_buf = np.empty(2 * n * width) if backward else t_buf
    for a in range(0, c, width):
        b = min(c, a + width)
        w = b - a
        tb = t_buf[: 2 * n * w].reshape(2 * n, w)
        _kernels.forward_kernel(order, ff.ptr, ff.src, ff.lag, ff.sub, zeros, tb, d, brow,
                                lower, lower_f, cap, cap_f, has_cap, a, True,
                                *_percent_args(ff))
        f = tb.take(end_rows, axis=0).max(axis=0) if n else np.zeros(w)
        finish[a:b] = f
        if milestone_rows.size:
            ms_finish[:, a:b] = tb[n + milestone_rows]
        if fb is not None and mode is not None:
            bb = b_buf[: 2 * n * w].reshape(2 * n, w)
            _kernels.backward_kernel(fb.ptr, fb.src, fb.lag, fb.sub, mode, fb.pad, d, a, f,
                                     bb, brow, upper, upper_f, tb, float(tol), crit,
                                     pinned, *_percent_args(fb))
        if keep_times and times is not None:
            times[:, a:b] = tb
    return True


def _count_rows(mask: BoolArray) -> IntArray:
    """Number of True per row of a C-contiguous boolean matrix.

    Eight booleans are added at a time as the bytes of a uint64 (no byte can carry: at
    most 255 words are added per column block), then the eight byte counts per row.
    """
    rows, cols = mask.shape
    out = np.zeros(rows, dtype=np.int64)
    whole = cols - cols % 8
    block = 8 * 255
    for a in range(0, whole, block):
        b = min(a + block, whole)
        words = mask[:, a:b].view(np.uint64)
        packed = np.add.reduce(words, axis=1)
        out += packed.view(np.uint8).reshape(rows, 8).sum(axis=1, dtype=np.int64)
    if whole < cols:
        out += np.count_nonzero(mask[:, whole:], axis=1)
    return out


# ------------------------------------------------------------ passes over a few rows only
@attrs.frozen(eq=False)
class _RowLevel:
    """The rows of one level that a restricted forward pass recomputes."""

    rows: IntArray  # the rows, ascending
    zero: IntArray  # those without a start-bounding link (early start from 0)
    to_start: _Group | None
    to_finish: _Group | None
    bound: IntArray | None  # positions into the bounds' rows that fall in ``rows``


def _descendants(c: CompiledNetwork, sources: IntArray) -> BoolArray:
    """Activities reachable from ``sources`` (included) along the links."""
    seen = np.zeros(c.n, dtype=bool)
    seen[sources] = True
    frontier = np.unique(sources)
    while frontier.size:
        starts, stops = c.succ_ptr[frontier], c.succ_ptr[frontier + 1]
        count = stops - starts
        if not count.sum():
            break
        links = c.succ_link[np.repeat(stops - count.cumsum(), count) + np.arange(count.sum())]
        nxt = np.unique(c.link_succ[links])
        frontier = nxt[~seen[nxt]]
        seen[frontier] = True
    return seen


def _row_plan(
    c: CompiledNetwork, pos: IntArray, rows_mask: BoolArray, bound_rows: IntArray | None
) -> list[_RowLevel]:
    """Forward plan over the rows in ``rows_mask`` (row coordinates), level by level:
    every link into them, from any row."""
    n = c.n
    from_finish, to_finish = link_ends(c.link_type)
    src = pos[c.link_pred] + n * from_finish
    succ_pos = pos[c.link_succ]
    row_level = np.empty(n, dtype=np.int64)
    row_level[pos] = c.level
    chosen = np.flatnonzero(rows_mask)
    links = np.flatnonzero(rows_mask[succ_pos])
    pct = _percent_lags(c, pos)
    plan: list[_RowLevel] = []
    for k in np.unique(row_level[chosen]).tolist():
        rows = chosen[row_level[chosen] == k]
        here = links[row_level[succ_pos[links]] == k]
        start = here[~to_finish[here]]
        g_start = _group(start, src, succ_pos, c.link_lag, 1.0, pct=pct)
        g_finish = _group(here[to_finish[here]], src, succ_pos, c.link_lag, 1.0, pct=pct)
        zero = np.setdiff1d(rows, succ_pos[start])
        bound = None
        if bound_rows is not None:
            bound = np.flatnonzero(np.isin(bound_rows, rows))
            bound = bound if bound.size else None
        plan.append(_RowLevel(rows, zero, g_start, g_finish, bound))
    return plan


def _forward_rows(
    plan: Sequence[_RowLevel], d: FloatArray, times: FloatArray, bounds: _Bounds | None
) -> None:
    """:func:`_forward` on the plan's rows only, the other rows read as they are (the
    same arithmetic, so the same numbers as a full pass)."""
    n = d.shape[0]
    for lev in plan:
        if lev.zero.size:
            times[lev.zero] = 0.0
        _early_starts(times, lev.to_start, lev.to_finish, d,
                      bounds is not None and bounds.cap is not None)
        times[n + lev.rows] = times[lev.rows] + d[lev.rows]
        if bounds is not None and lev.bound is not None:
            _apply_lower(bounds, lev.bound, d, times)
