"""Compiled CPM pass kernels (extra ``fast``: numba), level-free.

Plain loops over a topological order with CSR link arrays: no per-level numpy call, so
a deep network (thousands of narrow levels) costs what a wide one does. Each kernel is a
numba-compatible Python function wrapped by :func:`pmokit._compiled.kernel` (None without
numba); the callers keep their numpy paths and take these only when
:func:`pmokit._compiled.active`. The kernels give the numpy paths' numbers bit for bit:
every time is the same rounded sums in a different order of maxima and minima, which
commute with rounding (``max(a, b) + c == max(a + c, b + c)`` in floating point), and
``_max``/``_min`` propagate NaN as ``np.maximum``/``np.minimum`` do.

Times are 2-D ``(rows, k)`` arrays: ``k = 1`` for :func:`~pmokit.scheduling.schedule`
(a 1-D array viewed as a column), ``k = iterations`` for
:func:`~pmokit.scheduling.simulate`, whose columns are independent iterations; the
kernels sweep the columns in cache-sized tiles.

:func:`_forward_loop`
    ``t[v] = max(init[v], max over the links into v of t[src] + lag)`` over a topological
    order, then (with ``d``) the finish row ``t[n + v] = t[v] + d[v]`` and start bounds.
    It is the forward and (negated) backward pass of
    :func:`pmokit.scheduling._cpm.forward_pass` (on the plan of
    :func:`pmokit.scheduling._risk_passes.pass_1d`), and the early dates of simulate's
    :func:`pmokit.scheduling._risk_passes._forward`. A percent lag (``prow >= 0``) is
    its share of the duration of that column.
:func:`_backward_loop`
    simulate's late dates (:func:`pmokit.scheduling._risk_passes._backward`), with per
    row the way that pass rounds (late finish first or late start first), and the count
    of critical iterations per activity (``late start - early start <= tol``) in the same
    sweep.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pmokit import _compiled


def _forward_loop(
    order: Any,
    ptr: Any,
    src: Any,
    lag: Any,
    sub: Any,
    init: Any,
    t: Any,
    d: Any,
    brow: Any,
    lower: Any,
    lower_f: Any,
    cap: Any,
    cap_f: Any,
    has_cap: bool,
    c0: int,
    with_finish: bool,
    pct: Any = None,
    prow: Any = None,
) -> None:  # pragma: no cover - compiled by numba; tested against the numpy path
    """Forward pass over ``order`` (rows of ``t``), links of row ``v`` at
    ``ptr[v]:ptr[v + 1]`` of ``src`` (source row of ``t``), ``lag`` and ``sub`` (True: the
    candidate is ``t[src] + lag - d[v]``, a link to v's finish).

    ``init[v]`` is v's starting value. With ``with_finish`` (``t`` has ``2n`` rows), row
    ``n + v`` receives ``t[v] + d[v]`` after the bounds: ``brow[v] >= 0`` names row
    ``brow[v]`` of ``lower`` (start) and ``lower_f`` (finish) bounds, and with ``has_cap``
    of ``cap``/``cap_f`` (caps of constraints that win over logic). ``t`` holds the
    columns ``c0:c0 + k`` of ``d`` (a block of a wider array of durations). With
    ``prow`` (None without percent lags: numba then compiles the loop without them), a
    link with ``prow[p] >= 0`` is a percent lag: its lag is ``pct[p] * d[prow[p]]`` in
    each column instead of ``lag[p]``.
    """
    k = t.shape[1]
    n = d.shape[0]
    for v in order:
        dv = d[v if with_finish else 0, c0 : c0 + k]
        for j in range(k):
            t[v, j] = init[v]
        for p in range(ptr[v], ptr[v + 1]):
            s = src[p]
            w = lag[p]
            if prow is not None and prow[p] >= 0:  # a share of a duration of this column
                dq = d[prow[p], c0 : c0 + k]
                f = pct[p]
                for j in range(k):
                    x = t[s, j] + f * dq[j]
                    if sub[p]:
                        x = x - dv[j]
                    if x > t[v, j] or x != x:
                        t[v, j] = x
            elif sub[p]:
                for j in range(k):
                    x = (t[s, j] + w) - dv[j]
                    if x > t[v, j] or x != x:
                        t[v, j] = x
            else:
                for j in range(k):
                    x = t[s, j] + w
                    if x > t[v, j] or x != x:
                        t[v, j] = x
        if with_finish:
            r = brow[v]
            if r >= 0:
                lo = lower[r]
                lf = lower_f[r]
                for j in range(k):
                    e = t[v, j]
                    if lo > e or lo != lo:
                        e = lo
                    x = lf - dv[j]
                    if x > e or x != x:
                        e = x
                    if has_cap:  # constraints that win over logic cap the start
                        x = cap[r]
                        if x < e or x != x:
                            e = x
                        x = cap_f[r] - dv[j]
                        if x < e or x != x:
                            e = x
                    t[v, j] = e
            for j in range(k):
                t[n + v, j] = t[v, j] + dv[j]


def _backward_loop(
    ptr: Any,
    src: Any,
    lag: Any,
    sub: Any,
    mode: Any,
    pad: Any,
    d: Any,
    c0: int,
    finish: Any,
    t: Any,
    brow: Any,
    upper: Any,
    upper_f: Any,
    es: Any,
    tol: float,
    crit: Any,
    pinned: Any,
    pct: Any = None,
    prow: Any = None,
) -> None:  # pragma: no cover - compiled by numba; tested against the numpy path
    """simulate's backward pass over rows ``n - 1 .. 0`` (rows are in level order): rows
    ``0..n-1`` of ``t`` late starts, ``n..2n-1`` late finishes; ``t`` holds the columns
    ``c0:c0 + k`` of ``d``.

    Each row starts at ``LF = finish``, ``LS = LF - d``, then its bounds (``brow``,
    ``upper``, ``upper_f``: ``LS = min(LS, upper, upper_f - d)``, ``LF = LS + d``). Then,
    by ``mode``: 0 keeps them; 1 bounds the late finish (``LF = min(LF, links)``, and the
    finish itself where ``pad``), then ``LS = LF - d``; 2 as 1 without the starting
    ``LF``; 3 bounds the late start (links with ``sub`` to v's finish count ``- d``) then
    ``LF = LS + d``. A ``pinned`` row then takes ``LS = min(upper, upper_f - d)`` (its
    constraint wins over logic). With ``crit`` (n), ``crit[v]`` counts the columns where
    ``LS - es[v] <= tol``. Percent lags (``prow[p] >= 0``) as in :func:`_forward_loop`.
    """
    k = t.shape[1]
    n = d.shape[0]
    count = crit.shape[0] == n
    for v in range(n - 1, -1, -1):
        dv = d[v, c0 : c0 + k]
        ls = t[v]
        lf = t[n + v]
        m = mode[v]
        r = brow[v]
        p0 = ptr[v]
        p1 = ptr[v + 1]
        # a direct row (mode 2) with links and no pad read takes its first link's
        # candidates as they are: the same as their minimum with +inf
        first = m == 2 and not pad[v] and p0 < p1
        if m == 2:  # plans without bounds only: no starting dates needed
            if first:
                ts = t[src[p0]]
                w = lag[p0]
                if prow is not None and prow[p0] >= 0:
                    dq = d[prow[p0], c0 : c0 + k]
                    f = pct[p0]
                    for j in range(k):
                        lf[j] = ts[j] + f * dq[j]
                else:
                    for j in range(k):
                        lf[j] = ts[j] + w
                p0 += 1
            else:
                for j in range(k):
                    lf[j] = np.inf
        else:
            for j in range(k):
                lf[j] = finish[j]
            if m != 1 or r >= 0:
                for j in range(k):
                    ls[j] = finish[j] - dv[j]
        if r >= 0:
            up = upper[r]
            uf = upper_f[r]
            for j in range(k):
                e = ls[j]
                if up < e or up != up:
                    e = up
                x = uf - dv[j]
                if x < e or x != x:
                    e = x
                ls[j] = e
                lf[j] = e + dv[j]
        if m == 1 or m == 2:
            if pad[v]:
                for j in range(k):
                    x = finish[j]
                    if x < lf[j] or x != x:
                        lf[j] = x
            for p in range(p0, p1):
                ts = t[src[p]]
                w = lag[p]
                if prow is not None and prow[p] >= 0:
                    dq = d[prow[p], c0 : c0 + k]
                    f = pct[p]
                    for j in range(k):
                        x = ts[j] + f * dq[j]
                        if x < lf[j] or x != x:
                            lf[j] = x
                    continue
                for j in range(k):
                    x = ts[j] + w
                    if x < lf[j] or x != x:
                        lf[j] = x
            if count and not pinned[v]:  # late starts and the count in one sweep
                ev = es[v]
                c = 0
                for j in range(k):
                    x = lf[j] - dv[j]
                    ls[j] = x
                    c += x - ev[j] <= tol
                crit[v] += c
                continue
            for j in range(k):
                ls[j] = lf[j] - dv[j]
        elif m == 3:
            for p in range(ptr[v], ptr[v + 1]):
                ts = t[src[p]]
                w = lag[p]
                if prow is not None and prow[p] >= 0:
                    dq = d[prow[p], c0 : c0 + k]
                    f = pct[p]
                    for j in range(k):
                        x = ts[j] + f * dq[j]
                        if sub[p]:
                            x = x - dv[j]
                        if x < ls[j] or x != x:
                            ls[j] = x
                elif sub[p]:
                    for j in range(k):
                        x = (ts[j] + w) - dv[j]
                        if x < ls[j] or x != x:
                            ls[j] = x
                else:
                    for j in range(k):
                        x = ts[j] + w
                        if x < ls[j] or x != x:
                            ls[j] = x
            for j in range(k):
                lf[j] = ls[j] + dv[j]
        if pinned[v]:  # a pinned row's late start is its constraint, whatever follows
            up = upper[r]
            uf = upper_f[r]
            for j in range(k):
                e = up
                x = uf - dv[j]
                if x < e or x != x:
                    e = x
                ls[j] = e
                lf[j] = e + dv[j]
        if count:
            ev = es[v]
            c = 0
            for j in range(k):
                c += ls[j] - ev[j] <= tol
            crit[v] += c


_ROOT_SCALE32 = np.float32(2048 * np.sqrt(2.0) * 2.0**-16)
"""As :data:`pmokit.scheduling._sampling._ROOT_SCALE32` (checked equal in the tests)."""
_OFFSET32 = 2049
"""As :data:`pmokit.scheduling._sampling._OFFSET32`."""


def _betapert_bits_loop(
    bits: Any,
    tab: Any,
    step: Any,
    thr: Any,
    sid: Any,
    lo: Any,
    w: Any,
    out: Any,
    tails: Any,
) -> int:  # pragma: no cover - compiled by numba; tested against the numpy path
    """BetaPert samples from uniform 32-bit integers (``bits`` viewed as int32, rows x
    columns), as :func:`pmokit.scheduling._sampling._interp_bits` interpolates them (the
    same float32 steps), scaled: ``out = x * w + lo`` per row, row ``i`` reading table
    ``sid[i]`` of ``tab``/``step``. The flat positions within ``thr[sid[i]]`` integers of
    either end (exact tails, left to the caller) go to ``tails``; returns their number.
    """
    r, c = bits.shape
    nt = 0
    top = tab.shape[1] - 1
    for i in range(r):
        s = sid[i]
        th = thr[s]
        lo_i = lo[i]
        w_i = w[i]
        for j in range(c):
            cv = np.int64(bits[i, j])
            half = cv >> 31
            v = cv ^ half
            y = np.sqrt(np.float32(v))
            y = y * _ROOT_SCALE32
            fl = np.floor(y)
            k = min(max(int(fl) + int(half & _OFFSET32), 0), top)  # np.take's "clip"
            y = y - fl
            x = tab[s, k] + step[s, k] * y
            out[i, j] = np.float64(x) * w_i + lo_i
            if v < th:
                tails[nt] = i * c + j
                nt += 1
    return nt


def _grade_sums_loop(
    bits: Any, rr: Any, block: int, out: Any
) -> None:  # pragma: no cover - compiled by numba; tested against the numpy path
    """Exact integer sums of cruciality (see :func:`pmokit.scheduling._risk._grade_sums`)
    added to ``out`` (rows x 7, int64): per row of ``bits`` (32-bit grades ``b``, any
    layout), split ``b = h 2**16 + l``, the sums of ``h``, ``l``, ``h h``, ``h l``,
    ``l l``, ``h rr`` and ``l rr`` (``rr`` the doubled centred finish ranks, int64),
    summed over column blocks of ``block`` and added block by block. Integers: the order
    of the additions cannot change them. Each block's row is a 1-D view swept by plain
    loops (so that they vectorise)."""
    k, c = bits.shape
    for i in range(k):
        for a in range(0, c, block):
            e = min(a + block, c)
            row = bits[i, a:e]
            r = rr[a:e]
            sh = 0
            sl = 0
            hh = 0
            hl = 0
            ll = 0
            for j in range(row.size):
                x: Any = np.int64(row[j])
                h = x >> 16
                lo = x & 0xFFFF
                sh += h
                sl += lo
                hh += h * h
                hl += h * lo
                ll += lo * lo
            hr = 0
            lr = 0
            for j in range(row.size):
                x = np.int64(row[j])
                hr += (x >> 16) * r[j]
                lr += (x & 0xFFFF) * r[j]
            out[i, 0] += sh
            out[i, 1] += sl
            out[i, 2] += hh
            out[i, 3] += hl
            out[i, 4] += ll
            out[i, 5] += hr
            out[i, 6] += lr


forward_kernel: Any = _compiled.kernel(_forward_loop, nogil=True)
grade_sums_kernel: Any = _compiled.kernel(_grade_sums_loop, nogil=True)
betapert_bits_kernel: Any = _compiled.kernel(_betapert_bits_loop, nogil=True)
backward_kernel: Any = _compiled.kernel(_backward_loop, nogil=True)

_ONE = np.zeros((1, 1))
_NO_BOUND = np.zeros(0)


def pass_1d(order: Any, ptr: Any, src: Any, lag: Any, init: Any) -> Any:
    """:func:`_forward_loop` on a 1-D array (``k = 1``, no durations): the compiled pass
    of :func:`pmokit.scheduling._cpm.forward_pass`. ``src`` and ``lag`` are given per
    CSR entry (already gathered)."""
    n = init.size
    t = np.empty((n, 1))
    sub = np.zeros(src.size, dtype=np.bool_)
    forward_kernel(order, ptr, src, lag, sub, init, t, _ONE, np.full(n, -1, np.int64),
                   _NO_BOUND, _NO_BOUND, _NO_BOUND, _NO_BOUND, False, 0, False)
    return t[:, 0]
