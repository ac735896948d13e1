"""The compiled pass kernels (extra ``fast``: numba) equal the numpy paths bit for bit."""

from __future__ import annotations

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats

from pmokit import _compiled
from pmokit.scheduling import (
    Activity,
    BetaPert,
    Constraint,
    CorrelationMatrix,
    Dependency,
    Network,
    RiskEvent,
    Triangular,
    _kernels,
    _risk,
    schedule,
    simulate,
)
from pmokit.scheduling._cpm import backward_pass, forward_pass
from pmokit.scheduling._risk import (
    _compile,
    _doubled_ranks,
    _grade_block,
    _grade_sums,
    _rho,
)
from pmokit.scheduling._risk_passes import (
    _backward,
    _bound_rows,
    _count_rows,
    _flat,
    _forward,
    _passes_compiled,
)
from tests._hypothesis import examples
from tests._requires import requires_numba

LINKS = ("FS", "SS", "FF", "SF")
KINDS = ("SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO")
# steps that are not exact in binary (tenths, thirds), so the sums round
STEPS = (0.1, 1.0 / 3.0, 0.25, 1.0)

needs_numba = requires_numba


def same_bits(a: np.ndarray, b: np.ndarray) -> None:
    """Equal bit for bit: the same float64 words (signed zeros and NaNs included)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape
    assert_array_equal(a.view(np.int64), b.view(np.int64))


@st.composite
def deep_networks(draw: st.DrawFn, max_n: int = 25, window: int = 6,
                  constraints: bool = True) -> Network:
    """Random networks whose links reach back at most ``window`` activities (deep when
    n is large), every link type, leads and lags, fractional durations, constraints."""
    n = draw(st.integers(1, max_n))
    step = draw(st.sampled_from(STEPS))
    acts = []
    for i in range(n):
        d = draw(st.integers(0, 30)) * step
        con = None
        if constraints and draw(st.integers(0, 4)) == 0:
            kind = draw(st.sampled_from(KINDS))
            # P6's mandatory MSO/MFO win over logic (caps and pinned late dates)
            mandatory = kind in ("MSO", "MFO") and draw(st.booleans())
            con = Constraint(kind, draw(st.integers(0, 60)) * step, mandatory=mandatory)
        acts.append(Activity(f"A{i}", d, constraint=con))
    deps = []
    for j in range(1, n):
        lo = max(0, j - window)
        for i in sorted(draw(st.sets(st.integers(lo, j - 1), max_size=3))):
            deps.append(Dependency(f"A{i}", f"A{j}", draw(st.sampled_from(LINKS)),
                                   lag=draw(st.integers(-6, 9)) * step))
    perm = draw(st.permutations(range(n)))  # index order is not a topological order
    return Network([acts[i] for i in perm], deps)


def chain_network(n: int, window: int = 50, seed: int = 0, step: float = 0.1) -> Network:
    """A deep seeded network (links within ``window``), all link types, fractional."""
    rng = np.random.default_rng(seed)
    acts = [Activity(f"A{i}", float(rng.integers(0, 30)) * step) for i in range(n)]
    deps = []
    for j in range(1, n):
        for i in sorted(set(rng.integers(max(0, j - window), j, size=2).tolist())):
            deps.append(Dependency(f"A{i}", f"A{j}", LINKS[int(rng.integers(0, 4))],
                                   lag=float(rng.integers(-3, 6)) * step))
    return Network(acts, deps)


SCHEDULE_FIELDS = ("early_start", "early_finish", "late_start", "late_finish",
                   "total_float", "free_float")


# ----------------------------------------------------------------------------- schedule
@needs_numba
@settings(max_examples=examples(60))
@given(deep_networks(), st.booleans(), st.sampled_from([None, 5.0, 40.0]))
def test_schedule_compiled_equals_numpy(net: Network, honor: bool,
                                        deadline: float | None) -> None:
    """schedule() with the compiled kernels gives the numpy path's numbers bit for bit
    (every link type, leads and lags, rounding steps, constraints, deadlines, logic
    yielding to constraints)."""
    got = schedule(net, honor_constraints=honor, deadline=deadline)
    with _compiled.disabled():
        want = schedule(net, honor_constraints=honor, deadline=deadline)
    for f in SCHEDULE_FIELDS:
        same_bits(getattr(got, f), getattr(want, f))
    assert got.project_duration == want.project_duration


@needs_numba
@settings(max_examples=examples(60))
@given(deep_networks(constraints=False), st.data())
def test_passes_compiled_equal_level_engine(net: Network, data: st.DataObject) -> None:
    """forward_pass / backward_pass: the compiled loop equals the level engine bit for
    bit on any bounds, infinite ones and -inf offsets (links that never bind) included."""
    c = net.compiled
    off = c.link_offset()
    if c.m and data.draw(st.booleans()):
        off = off.copy()
        off[data.draw(st.integers(0, c.m - 1))] = -np.inf
    values = st.one_of(st.integers(-20, 40).map(lambda x: x / 3), st.just(-np.inf),
                       st.just(np.inf))
    lower = np.array(data.draw(st.lists(values, min_size=c.n, max_size=c.n)))
    lower[np.isposinf(lower)] = 0.0
    upper = np.array(data.draw(st.lists(values, min_size=c.n, max_size=c.n)))
    upper[np.isneginf(upper)] = 100.0
    es = forward_pass(c, off, lower)
    ls = backward_pass(c, off, upper)
    with _compiled.disabled():
        same_bits(es, forward_pass(c, off, lower, method="levels"))
        same_bits(ls, backward_pass(c, off, upper, method="levels"))
        same_bits(es, forward_pass(c, off, lower))
        same_bits(ls, backward_pass(c, off, upper))


@needs_numba
@pytest.mark.parametrize("step", [1.0, 0.1])
def test_deep_network_compiled_equals_level_engine(step: float) -> None:
    """A deep network (about 1,000 levels): the compiled loop equals the level engine
    (two-level blocks included) bit for bit, and the Dijkstra engine that the numpy
    path picks for deep networks to rounding."""
    net = chain_network(3000, window=4, step=step)
    c = net.compiled
    assert c.level_ptr.size > 1000
    off = c.link_offset()
    lower = np.zeros(c.n)
    es = forward_pass(c, off, lower)
    upper = np.full(c.n, float((es + c.duration).max())) - c.duration
    ls = backward_pass(c, off, upper)
    with _compiled.disabled():
        same_bits(es, forward_pass(c, off, lower, method="levels"))
        same_bits(ls, backward_pass(c, off, upper, method="levels"))
        assert_allclose(es, forward_pass(c, off, lower, method="dijkstra"), atol=1e-9)
        assert_allclose(ls, backward_pass(c, off, upper, method="dijkstra"), atol=1e-9)
    s = schedule(net)
    same_bits(s.early_start, es)
    same_bits(s.late_start, ls)


def test_python_loop_equals_numpy_level_engine() -> None:
    """The kernel's plain-Python loop (what numba compiles) equals the numpy level
    engine: checked without numba too."""
    net = chain_network(60, window=5, seed=3)
    c = net.compiled
    off = c.link_offset()
    order = c.order.astype(np.int64)
    ptr = c.pred_ptr.astype(np.int64)
    src = c.link_pred[c.pred_link].astype(np.int64)
    t = np.empty((c.n, 1))
    _kernels._forward_loop(order, ptr, src, off[c.pred_link], np.zeros(src.size, bool),
                           np.zeros(c.n), t, np.zeros((1, 1)), np.full(c.n, -1),
                           np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), False, 0,
                           False)
    with _compiled.disabled():
        same_bits(t[:, 0], forward_pass(c, off, np.zeros(c.n), method="levels"))


def test_kernels_absent_without_numba() -> None:
    """Without the extra the kernels are None and every path is numpy's."""
    if _compiled.available():
        assert _kernels.forward_kernel is not None
        assert _kernels.backward_kernel is not None
    else:
        assert _kernels.forward_kernel is None
        assert _kernels.backward_kernel is None


# ----------------------------------------------------------------------------- simulate
def _uncertainty(net: Network, shape: str) -> dict[str, object]:
    if shape == "betapert":
        return {a.id: BetaPert(0.8 * a.duration, a.duration, 1.5 * a.duration + 0.1)
                for a in net.activities}
    return {a.id: Triangular(0.7 * a.duration, a.duration, 1.3 * a.duration + 0.2)
            for a in net.activities[::2]}


RESULT_FIELDS = ("finish", "criticality", "cruciality", "sensitivity", "duration_mean",
                 "duration_std", "milestone_finish", "finish_without_risk")


@needs_numba
@settings(max_examples=examples(25))
@given(deep_networks(max_n=20), st.sampled_from(["betapert", "triangular"]),
       st.integers(0, 2**31), st.booleans(), st.sampled_from([128 * 2**20, 20_000]))
def test_simulate_compiled_equals_numpy(net: Network, shape: str, seed: int,
                                        risky: bool, max_memory: int) -> None:
    """simulate() with the compiled passes: every result bit for bit the numpy path's
    for the same seed (constraints, every link type, risks rerun by the numpy path on
    the compiled early dates, batches split by a small max_memory or, compiled and
    without risks, passed whole)."""
    risks = []
    if risky:
        risks = [RiskEvent("R0", 0.4, Triangular(1.1, 1.2, 1.6), [net.ids[-1]]),
                 RiskEvent("R1", 0.3, Triangular(0.5, 1.0, 2.0), [net.ids[0]],
                           mode="additive")]
    kw = {"iterations": 300, "rng": seed, "milestones": list(net.ids), "risks": risks,
          "max_memory": max_memory}
    unc = _uncertainty(net, shape)
    got = simulate(net, unc, **kw)
    with _compiled.disabled():
        want = simulate(net, unc, **kw)
    for f in RESULT_FIELDS:
        same_bits(getattr(got, f), getattr(want, f))


@needs_numba
def test_simulate_deep_network_compiled_equals_numpy() -> None:
    """A 1,000-activity deep network, wider than one block of the compiled passes, with
    date bounds: simulate's results bit for bit."""
    net = chain_network(1000, seed=5)
    acts = [attrs.evolve(a, constraint=Constraint("FNLT", 30.0)) if i % 97 == 0 else
            attrs.evolve(a, constraint=Constraint("SNET", 4.0)) if i % 89 == 0 else a
            for i, a in enumerate(net.activities)]
    net = Network(acts, net.dependencies)
    unc = _uncertainty(net, "betapert")
    got = simulate(net, unc, iterations=700, rng=11)
    with _compiled.disabled():
        want = simulate(net, unc, iterations=700, rng=11)
    for f in RESULT_FIELDS:
        same_bits(getattr(got, f), getattr(want, f))


@needs_numba
@settings(max_examples=examples(60))
@given(deep_networks(max_n=30), st.integers(0, 2**31), st.integers(1, 40))
def test_risk_passes_compiled_equal_numpy(net: Network, seed: int, cols: int) -> None:
    """The compiled passes of simulate (:func:`_passes_compiled`) equal
    :func:`_forward`, :func:`_backward` and the criticality count bit for bit."""
    unc = _uncertainty(net, "triangular")
    model = _compile(net, unc, (), None, list(net.ids))
    d, _ = model.durations(np.random.default_rng(seed), cols)
    n = model.n
    tol = 1e-9
    t = np.full((2 * n, cols), np.nan)
    finish = np.empty(cols)
    ms = np.empty((model.milestone_rows.size, cols))
    crit = np.zeros(n, dtype=np.int64)
    assert _passes_compiled(model.fwd, model.bwd, model.bounds, d, t, model.end_rows,
                            model.milestone_rows, True, True, tol, crit, finish, ms)
    with _compiled.disabled():
        assert not _passes_compiled(model.fwd, model.bwd, model.bounds, d, t,
                                    model.end_rows, model.milestone_rows, True, True, tol,
                                    crit, finish, ms)
        t2 = np.full((2 * n, cols), np.nan)
        _forward(model.fwd, d, t2, model.bounds)
        f2 = t2.take(model.end_rows, axis=0).max(axis=0)
        b2 = np.full((2 * n + 1, cols), np.nan)
        _backward(model.bwd, d, f2, b2, model.bounds)
        crit2 = _count_rows(b2[:n] - t2[:n] <= tol)
    same_bits(t, t2)
    same_bits(finish, f2)
    same_bits(ms, t2[n + model.milestone_rows])
    assert_array_equal(crit, crit2)
    # the compiled backward pass alone (late dates) as well
    b = np.full((2 * n + 1, cols), np.nan)
    _backward(model.bwd, d, f2, b, model.bounds)
    same_bits(b, b2)


def test_flat_plan_lists_every_link_once() -> None:
    """The CSR form of the level plans holds each link once per pass, into its row."""
    net = chain_network(200, window=8, seed=2)
    model = _compile(net, _uncertainty(net, "triangular"), (), None, [])
    c = net.compiled
    n = c.n
    fwd = _flat(model.fwd, n, backward=False)
    bwd = _flat(model.bwd, n, backward=True)
    assert fwd.ptr[-1] == c.m and bwd.ptr[-1] == c.m
    row_succ = np.sort(model.pos[c.link_succ])
    assert_array_equal(np.repeat(np.arange(n), np.diff(fwd.ptr)), row_succ)
    assert_array_equal(np.repeat(np.arange(n), np.diff(bwd.ptr)),
                       np.sort(model.pos[c.link_pred]))
    assert set(np.unique(bwd.mode).tolist()) <= {0, 1, 2, 3}
    brow, *_ = _bound_rows(None, n)
    assert (brow == -1).all()


@needs_numba
def test_simulate_mandatory_constraint_pins_late_dates() -> None:
    """A mandatory MSO (P6) pins its activity's late start whatever its successors need,
    and caps its early start: the compiled passes do both as the numpy passes do (here
    the pin decides whether A is critical)."""
    net = Network(
        [Activity("A", 5), Activity("B", 3, constraint=Constraint("MSO", 10, mandatory=True)),
         Activity("C", 2, constraint=Constraint("FNLT", 4))],
        [Dependency("A", "B"), Dependency("B", "C")],
    )
    unc = {"A": Triangular(4, 5, 7), "C": Triangular(1, 2, 3)}
    got = simulate(net, unc, iterations=200, rng=3, milestones=["B"])
    with _compiled.disabled():
        want = simulate(net, unc, iterations=200, rng=3, milestones=["B"])
    for f in RESULT_FIELDS:
        same_bits(getattr(got, f), getattr(want, f))
    assert got.criticality[0] == 0.0  # A: its successor is pinned at 10


# ------------------------------------------------------------------------ cruciality
def _exact_sums(bits: np.ndarray, rr: np.ndarray) -> list[tuple[int, int, int]]:
    """Per row: the sum of the grades, of their squares and of grade x rr, as Python
    integers (an independent reference)."""
    r = [int(v) for v in rr.tolist()]
    out = []
    for row in bits.tolist():
        cross = sum(b * x for b, x in zip(row, r, strict=True))
        out.append((sum(row), sum(b * b for b in row), cross))
    return out


def _joined(sums: np.ndarray) -> list[tuple[int, int, int]]:
    """The three exact sums from the seven partial sums of :func:`_grade_sums`."""
    out = []
    for sh, sl, hh, hl, ll, hr, lr in sums.tolist():
        out.append(((sh << 16) + sl, (hh << 32) + (hl << 17) + ll, (hr << 16) + lr))
    return out


@settings(max_examples=examples(40))
@given(st.integers(1, 6), st.integers(1, 300), st.integers(0, 2**31),
       st.sampled_from(["random", "extreme", "ties"]), st.booleans())
def test_grade_sums_exact(rows: int, cols: int, seed: int, kind: str,
                          strided: bool) -> None:
    """The integer sums of cruciality equal Python's exact sums on both paths, for
    grades at the ends of the 32-bit range, tied finishes and strided views."""
    rng = np.random.default_rng(seed)
    if kind == "extreme":
        bits = rng.choice(np.array([0, 1, 2**31, 2**32 - 2, 2**32 - 1], dtype=np.uint32),
                          size=(rows, cols + 1))
    else:
        bits = rng.integers(0, 2**32, size=(rows, cols + 1), dtype=np.uint32)
    bits = bits[:, 1:] if strided else np.ascontiguousarray(bits[:, 1:])
    finish = rng.integers(0, 3, cols).astype(float) if kind == "ties" else rng.random(cols)
    rr = _doubled_ranks(finish)
    assert int(rr.sum()) == 0
    want = _exact_sums(bits, rr)
    with _compiled.disabled():
        got = np.zeros((rows, 7), dtype=np.int64)
        _grade_sums(bits, rr, got)
    assert _joined(got) == want
    if _compiled.available():
        got_c = np.zeros((rows, 7), dtype=np.int64)
        _grade_sums(bits, rr, got_c)
        assert_array_equal(got_c, got)


def test_grade_block_keeps_sums_exact() -> None:
    """A block of columns keeps every partial sum below 2**53 (exact in float64 in any
    order), also when the ranks are large (many iterations)."""
    for top in (0, 1, 9_999, 2**16, 10**7):
        rr = np.array([-top, top], dtype=np.int64)
        block = _grade_block(rr)
        assert block >= 1
        assert block * max(2**32, top * 2**16) <= 2**53


def test_rho_equals_correlation_with_ranks() -> None:
    """Cruciality from the exact sums equals the Pearson correlation of the grades with
    the finish ranks (numpy's corrcoef, ties included): Spearman's rho, the grades being
    their own ranks up to an affine map."""
    rng = np.random.default_rng(4)
    bits = rng.integers(0, 2**32, size=(5, 500), dtype=np.uint32)
    finish = 10.0 * bits[2] / 2.0**32 + rng.random(500)  # row 2 drives it
    finish[:40] = 7.0  # ties
    rr = _doubled_ranks(finish)
    sums = np.zeros((5, 7), dtype=np.int64)
    _grade_sums(bits, rr, sums)
    rho = _rho(sums, rr)
    ranks = stats.rankdata(finish)
    want = [np.corrcoef(b.astype(float), ranks)[0, 1] for b in bits]
    assert_allclose(rho, want, rtol=1e-12, atol=1e-15)
    assert rho[2] > 0.5
    assert_array_equal(_rho(np.zeros((2, 7), dtype=np.int64), rr), 0.0)  # no spread


@pytest.mark.parametrize("correlated", [False, True])
@pytest.mark.parametrize("compiled", [False, True])
def test_cruciality_kept_equals_replayed_bits(correlated: bool, compiled: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Cruciality from the kept 32-bit grades equals the replay from the stream seeds
    bit for bit (exact integer sums), with and without copula activities, on both
    paths; and the compiled path gives the numpy path's numbers."""
    if compiled and not _compiled.available():
        pytest.skip("numba not installed (the extra 'fast')")
    net = chain_network(60, window=5, seed=3)
    unc = _uncertainty(net, "betapert")
    corr = None
    if correlated:
        corr = CorrelationMatrix((net.ids[1], net.ids[3]), [[1.0, 0.6], [0.6, 1.0]])
    kw = {"iterations": 5000, "rng": 8, "correlation": corr, "indices": ("cruciality",)}

    def run() -> np.ndarray:
        if compiled:
            return simulate(net, unc, **kw).cruciality
        with _compiled.disabled():
            return simulate(net, unc, **kw).cruciality

    kept = run()
    monkeypatch.setattr(_risk, "_KEEP_BYTES", 0)
    replayed = run()
    same_bits(kept, replayed)
    if compiled:
        with _compiled.disabled():
            same_bits(simulate(net, unc, **kw).cruciality, replayed)


@needs_numba
def test_simulate_deep_fs_network_compiled_equals_numpy() -> None:
    """The benchmark's shape: a deep finish-to-start network without date bounds (rows
    whose late finish is the minimum over their links, taken from the first link; rows
    without successors read the finish), every result bit for bit."""
    rng = np.random.default_rng(12)
    acts = [Activity(f"A{i}", float(rng.integers(1, 21)) + 0.1) for i in range(400)]
    deps = [Dependency(f"A{p}", f"A{i}") for i in range(1, 400)
            for p in sorted(set(rng.integers(max(0, i - 50), i, size=int(rng.integers(1, 4)))
                                .tolist()))]
    net = Network(acts, deps)
    unc = _uncertainty(net, "betapert")
    got = simulate(net, unc, iterations=600, rng=2)
    with _compiled.disabled():
        want = simulate(net, unc, iterations=600, rng=2)
    for f in RESULT_FIELDS:
        same_bits(getattr(got, f), getattr(want, f))
    assert 0.0 < got.criticality.mean() < 1.0


# ------------------------------------------------------------------------ percent lags
@st.composite
def percent_networks(draw: st.DrawFn, max_n: int = 20) -> Network:
    """:func:`deep_networks` (constraints included) with some links' lags made percent
    lags (shares of the predecessor's duration, leads included)."""
    net = draw(deep_networks(max_n=max_n))
    deps = []
    for dep in net.dependencies:
        if draw(st.booleans()):
            dep = attrs.evolve(dep, lag=float(draw(st.integers(-80, 150))),
                               lag_kind="percent")
        deps.append(dep)
    return Network(net.activities, deps)


@needs_numba
@settings(max_examples=examples(40))
@given(percent_networks(), st.integers(0, 2**31), st.booleans())
def test_simulate_percent_lags_compiled_equals_numpy(net: Network, seed: int,
                                                     risky: bool) -> None:
    """Percent lags recomputed per iteration: simulate's compiled passes give the numpy
    passes' results bit for bit (constraints, risks rerun on a few rows or from a
    level on)."""
    risks = []
    if risky:
        risks = [RiskEvent("R0", 0.4, Triangular(1.1, 1.2, 1.6), [net.ids[0]]),
                 RiskEvent("R1", 0.3, Triangular(0.5, 1.0, 2.0), [net.ids[-1]],
                           mode="additive")]
    kw = {"iterations": 200, "rng": seed, "milestones": list(net.ids), "risks": risks}
    unc = _uncertainty(net, "triangular")
    got = simulate(net, unc, **kw)
    with _compiled.disabled():
        want = simulate(net, unc, **kw)
    for f in RESULT_FIELDS:
        same_bits(getattr(got, f), getattr(want, f))


@needs_numba
@settings(max_examples=examples(40))
@given(percent_networks(max_n=30), st.integers(0, 2**31), st.integers(1, 40))
def test_risk_passes_percent_lags_compiled_equal_numpy(net: Network, seed: int,
                                                       cols: int) -> None:
    """With percent lags the compiled passes equal :func:`_forward`, :func:`_backward`
    and the criticality count bit for bit, on every column's own durations."""
    model = _compile(net, _uncertainty(net, "betapert"), (), None, list(net.ids))
    d, _ = model.durations(np.random.default_rng(seed), cols)
    n = model.n
    t = np.full((2 * n, cols), np.nan)
    finish = np.empty(cols)
    ms = np.empty((model.milestone_rows.size, cols))
    crit = np.zeros(n, dtype=np.int64)
    assert _passes_compiled(model.fwd, model.bwd, model.bounds, d, t, model.end_rows,
                            model.milestone_rows, True, True, 1e-9, crit, finish, ms)
    with _compiled.disabled():
        t2 = np.full((2 * n, cols), np.nan)
        _forward(model.fwd, d, t2, model.bounds)
        f2 = t2.take(model.end_rows, axis=0).max(axis=0)
        b2 = np.full((2 * n + 1, cols), np.nan)
        _backward(model.bwd, d, f2, b2, model.bounds)
        crit2 = _count_rows(b2[:n] - t2[:n] <= 1e-9)
    same_bits(t, t2)
    same_bits(finish, f2)
    assert_array_equal(crit, crit2)
    b = np.full((2 * n + 1, cols), np.nan)
    _backward(model.bwd, d, f2, b, model.bounds)
    same_bits(b, b2)


def test_percent_lags_python_loops_equal_numpy() -> None:
    """The kernels' plain-Python loops (what numba compiles) take percent lags as the
    numpy passes do: checked without numba too."""
    net = chain_network(40, window=5, seed=7)
    deps = [attrs.evolve(dep, lag=float(30 * (i % 5) - 40), lag_kind="percent")
            if i % 2 else dep for i, dep in enumerate(net.dependencies)]
    net = Network(net.activities, deps)
    model = _compile(net, _uncertainty(net, "triangular"), (), None, [])
    d, _ = model.durations(np.random.default_rng(1), 7)
    n = model.n
    ff = _flat(model.fwd, n, backward=False)
    fb = _flat(model.bwd, n, backward=True)
    assert ff.has_pct and fb.has_pct
    brow, lower, lower_f, upper, upper_f = _bound_rows(None, n)
    t = np.empty((2 * n, 7))
    _kernels._forward_loop(np.arange(n), ff.ptr, ff.src, ff.lag, ff.sub, np.zeros(n), t, d,
                           brow, lower, lower_f, np.zeros(0), np.zeros(0), False, 0, True,
                           ff.pct, ff.prow)
    finish = t.take(model.end_rows, axis=0).max(axis=0)
    b = np.empty((2 * n, 7))
    _kernels._backward_loop(fb.ptr, fb.src, fb.lag, fb.sub, fb.mode, fb.pad, d, 0, finish,
                            b, brow, upper, upper_f, t, 0.0, np.zeros(0, dtype=np.int64),
                            np.zeros(n, dtype=bool), fb.pct, fb.prow)
    with _compiled.disabled():
        t2 = np.empty((2 * n, 7))
        _forward(model.fwd, d, t2)
        b2 = np.empty((2 * n + 1, 7))
        _backward(model.bwd, d, t2.take(model.end_rows, axis=0).max(axis=0), b2)
    same_bits(t, t2)
    same_bits(b, b2[: 2 * n])
