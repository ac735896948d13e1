"""Benchmark: pmokit portfolio selection against the same model built and solved with PuLP/CBC.

Instance (seeded): 5,000 candidates, 12 period budgets, 20 skill capacities per period,
200 dependencies, 50 exclusion pairs, solved to a 0.1 % relative gap. Also a 50-point efficient
frontier of 1,000 candidates.

Phased selection (issue 19): 500 candidates x 24 periods x 20 skills, start windows of
0-6 periods, profiles of 2-8 periods, 20 finish-to-start dependencies with lags, 10 exclusion
pairs: the time-indexed model built by pmokit (sparse, vectorised) and by PuLP (``lpSum``,
the same rows), then ``select`` to a 0.1 % gap with a 30 s limit (goal: reached in < 30 s) and
CBC on PuLP's model with the same limit; both values against the LP bound.

Frontier with capacities (issue 22): the 50-point frontier of 1,000 candidates with the 12
period budgets, 240 skill-capacity rows (20 skills x 12 periods), 40 dependencies and 10
exclusions, each point to a 0.1 % gap (goal < 60 s), against today's method run in the same
process (levels from the largest down, reuse, then per level the LP-and-neighbourhood quick
path or the full MILP), both with the same time limit per solve; the certified gap of every
point is printed, and the same frontier on 2 worker processes.

``phased-forms`` solves the phased instance in pmokit's start-column form and in the
cumulative ("started by period t") form, to show that the cumulative form bounds no tighter.
``phased-cuts`` adds cover cuts on the capacity and budget rows with the start-once (GUB)
structure, computed up front, and solves the instance without windows, each with HiGHS.

Run: ``.venv/bin/python benchmarks/bench_portfolio.py [phased | phased-forms | phased-cuts |
frontier [time limit s]]`` (needs the ``bench`` extra: pulp); ``phased`` or ``frontier`` (both
frontiers, with and without capacities) runs only that part.
Prints medians and ratios; timings are noisy on a shared machine.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from pmokit._typing import FloatArray
from pmokit.portfolio import (
    Candidate,
    build_model,
    build_phased_model,
    efficient_frontier,
    select,
)

GAP = 1e-3


def make_instance(
    n: int = 5000,
    periods: int = 12,
    skills: int = 20,
    deps: int = 200,
    excl: int = 50,
    seed: int = 0,
) -> dict[str, Any]:
    """A seeded random portfolio: windows of 2-6 periods, 1-3 skills per candidate."""
    rng = np.random.default_rng(seed)
    cands = []
    skill_names = [f"S{k}" for k in range(skills)]
    total_cost = np.zeros(periods)
    total_dem = np.zeros((skills, periods))
    for i in range(n):
        start = int(rng.integers(0, periods - 1))
        length = int(rng.integers(2, 7))
        costs = np.zeros(periods)
        end = min(periods, start + length)
        costs[start:end] = rng.uniform(10, 100, end - start).round(1)
        demands = {}
        for k in rng.choice(skills, size=int(rng.integers(1, 4)), replace=False):
            d = np.zeros(periods)
            d[start:end] = rng.uniform(0.2, 2.0, end - start).round(2)
            demands[skill_names[int(k)]] = d
            total_dem[int(k)] += d
        total_cost += costs
        value = float((costs.sum() * rng.uniform(0.5, 2.0)).round(1))
        cands.append(Candidate(f"P{i}", value, costs, demands=demands))
    budgets = (0.35 * total_cost).round(0)
    capacity = {s: (0.5 * total_dem[k]).round(1) for k, s in enumerate(skill_names)}
    pairs = rng.integers(0, n, size=(deps + excl, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    requires = [(f"P{a}", f"P{b}") for a, b in pairs[:deps]]
    excludes = [(f"P{a}", f"P{b}") for a, b in pairs[deps : deps + excl]]
    return {
        "candidates": cands,
        "budgets": budgets,
        "capacity": capacity,
        "requires": requires,
        "excludes": excludes,
    }


def build_pulp(inst: dict[str, Any]) -> Any:
    """The same model in PuLP (the idiomatic lpSum way)."""
    import pulp

    cands = inst["candidates"]
    prob = pulp.LpProblem("portfolio", pulp.LpMaximize)
    x = {c.id: pulp.LpVariable(f"x_{c.id}", cat="Binary") for c in cands}
    prob += pulp.lpSum(c.value * x[c.id] for c in cands)
    for t, b in enumerate(inst["budgets"]):
        prob += pulp.lpSum(float(c.costs[t]) * x[c.id] for c in cands if c.costs[t]) <= float(b)
    for s, cap in inst["capacity"].items():
        for t, b in enumerate(cap):
            terms = []
            for c in cands:
                d = dict(c.demands).get(s)
                if d is not None and d[t]:
                    terms.append(float(d[t]) * x[c.id])
            prob += pulp.lpSum(terms) <= float(b)
    for a, b in inst["requires"]:
        prob += x[a] <= x[b]
    for a, b in inst["excludes"]:
        prob += x[a] + x[b] <= 1
    return prob


def make_phased_instance(
    n: int = 500, periods: int = 24, skills: int = 20, max_window: int = 6, seed: int = 0
) -> dict[str, Any]:
    """A seeded phased portfolio: profiles of 2-8 periods, windows of 0-6, 1-3 skills each."""
    rng = np.random.default_rng(seed)
    names = [f"S{k}" for k in range(skills)]
    cands = []
    load = np.zeros(periods)
    dem_load = np.zeros((skills, periods))
    for i in range(n):
        length = int(rng.integers(2, 9))
        early = int(rng.integers(0, periods - length + 1))
        late = min(periods - length, early + int(rng.integers(0, max_window + 1)))
        costs = rng.uniform(10, 100, length).round(1)
        demands = {}
        for k in rng.choice(skills, size=int(rng.integers(1, 4)), replace=False):
            d = rng.uniform(0.2, 2.0, length).round(2)
            demands[names[int(k)]] = d
            dem_load[int(k), early : early + length] += d
        load[early : early + length] += costs
        value = float((costs.sum() * rng.uniform(0.5, 2.0)).round(1))
        cands.append(
            Candidate(
                f"P{i}",
                value,
                costs,
                demands=demands,
                earliest_start=early,
                latest_start=late,
                discount_rate=0.01,
            )
        )
    budgets = np.full(periods, (0.4 * load.mean()).round(0))
    capacity = {s: float((0.5 * dem_load[k].mean()).round(1)) for k, s in enumerate(names)}
    pairs = rng.choice(n, size=(30, 2), replace=False)
    fts = [(f"P{a}", f"P{b}", int(rng.integers(0, 3))) for a, b in pairs[:20]]
    excludes = [(f"P{a}", f"P{b}") for a, b in pairs[20:]]
    return {
        "candidates": cands,
        "budgets": budgets,
        "capacity": capacity,
        "finish_to_start": fts,
        "excludes": excludes,
    }


def build_pulp_phased(inst: dict[str, Any]) -> Any:
    """The same time-indexed model in PuLP: a binary per (candidate, start), lpSum rows."""
    import pulp

    cands = inst["candidates"]
    n_p = len(inst["budgets"])
    prob = pulp.LpProblem("phased", pulp.LpMaximize)
    y = {
        c.id: {
            s: pulp.LpVariable(f"y_{c.id}_{s}", cat="Binary")
            for s in range(c.earliest_start, c.last_start + 1)
        }
        for c in cands
    }
    prob += pulp.lpSum(c.start_value(s) * v for c in cands for s, v in y[c.id].items())
    spend: list[list[Any]] = [[] for _ in range(n_p)]
    use: dict[Any, list[list[Any]]] = {s: [[] for _ in range(n_p)] for s in inst["capacity"]}
    for c in cands:
        dem = dict(c.demands)
        for s, v in y[c.id].items():
            for k, cost in enumerate(c.costs.tolist()):
                if cost:
                    spend[s + k].append(cost * v)
            for skill, d in dem.items():
                if skill in use:
                    for k, q in enumerate(d.tolist()):
                        if q:
                            use[skill][s + k].append(q * v)
        if len(y[c.id]) > 1:
            prob += pulp.lpSum(y[c.id].values()) <= 1
    for t in range(n_p):
        prob += pulp.lpSum(spend[t]) <= float(inst["budgets"][t])
    for skill, cap in inst["capacity"].items():
        for t in range(n_p):
            prob += pulp.lpSum(use[skill][t]) <= float(cap)
    for a, b in inst["excludes"]:
        prob += pulp.lpSum(y[a].values()) + pulp.lpSum(y[b].values()) <= 1
    by = {c.id: c for c in cands}
    for a, b, lag in inst["finish_to_start"]:
        d = by[a].costs.size + lag
        for t in y[b]:
            prob += pulp.lpSum(v for s, v in y[b].items() if s <= t) <= pulp.lpSum(
                v for s, v in y[a].items() if s <= t - d
            )
    return prob


def lp_bound(model: Any) -> float:
    """The LP relaxation's value: an upper bound on every selection's value."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    res = milp(
        -np.asarray(model.col_value),
        bounds=Bounds(model.lower, model.upper),
        constraints=[LinearConstraint(model.A, model.row_lower, model.row_upper)],
    )
    return -float(res.fun)


def phased(limit: float = 30.0) -> None:
    """Phased selection: model build against PuLP, solve to 0.1 % against CBC, same limit."""
    import pulp

    inst = make_phased_instance()
    rules = {k: v for k, v in inst.items() if k != "candidates"}
    print(
        "phased selection: 500 candidates x 24 periods x 20 skills, windows 0-6 periods, "
        "20 finish-to-start with lags, 10 exclusions, gap 0.1 %"
    )
    t_build, model = median_time(lambda: build_phased_model(inst["candidates"], **rules), 5)
    t_pulp, prob = median_time(lambda: build_pulp_phased(inst), 3)
    print(
        f"  model build   pmokit {t_build * 1000:8.1f} ms   PuLP {t_pulp * 1000:8.1f} ms"
        f"   PuLP/pmokit = {t_pulp / t_build:6.1f}x (goal >= 20x)   "
        f"({model.A.shape[1]} columns, {model.A.shape[0]} rows, {model.A.nnz} nonzeros)"
    )
    bound = lp_bound(model)
    print(f"  LP relaxation bound {bound:,.1f} (no selection is worth more)")
    t_sel, sel = median_time(
        lambda: select(inst["candidates"], **rules, gap=GAP, time_limit=limit), 1
    )
    print(
        f"  pmokit select (build+solve+explain, time_limit {limit:g} s) {t_sel:6.2f} s: status "
        f"{sel.status}, value {sel.total_value:,.1f}, {len(sel.chosen)} chosen, "
        f"{len(sel.delays)} delayed, proven gap {sel.mip_gap:.2%} (goal 0.1 % in < 30 s)"
    )
    t0 = time.perf_counter()
    prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=GAP, timeLimit=limit))
    t_cbc = time.perf_counter() - t0
    v_cbc = float(pulp.value(prob.objective))
    # PuLP reports status "Optimal" when CBC stops at its time limit with a solution:
    # sol_status tells "Optimal Solution Found" from "Solution Found"
    print(
        f"  PuLP/CBC solve (timeLimit {limit:g} s) {t_cbc:6.2f} s (+ build {t_pulp:.2f} s): "
        f"{pulp.LpSolution[prob.sol_status]}, value {v_cbc:,.1f}, "
        f"gap to the LP bound {(bound - v_cbc) / v_cbc:.2%}; "
        f"whole PuLP/pmokit = {(t_cbc + t_pulp) / t_sel:5.1f}x; "
        f"value pmokit/CBC = {sel.total_value / v_cbc:.5f}"
    )


def cumulative_form(model: Any) -> tuple[Any, Any, Any, Any]:
    """The same model on "started by period t" columns ``x[i, t] = sum_{s <= t} y[i, s]``.

    ``y = D x`` with ``D`` unimodular (``y[i, s] = x[i, s] - x[i, s - 1]``), so the LP
    relaxation is the same polytope in other coordinates: same bound. Returns
    ``(c, A, row_lower, row_upper)``.
    """
    import scipy.sparse as sp

    n = model.A.shape[1]
    cc = np.asarray(model.col_cand)
    prev = np.zeros(n, dtype=bool)
    prev[1:] = cc[1:] == cc[:-1]
    j = np.arange(n)
    jp = j[prev]
    D = sp.csr_array(
        (np.r_[np.ones(n), -np.ones(jp.size)], (np.r_[j, jp], np.r_[j, jp - 1])), shape=(n, n)
    )
    keep = np.nonzero(np.array(model.row_kind) != "start_once")[0]
    chain = sp.csr_array(  # x[i, s - 1] <= x[i, s]
        (
            np.r_[np.ones(jp.size), -np.ones(jp.size)],
            (np.tile(np.arange(jp.size), 2), np.r_[jp - 1, jp]),
        ),
        shape=(jp.size, n),
    )
    A = sp.vstack([(model.A @ D)[keep], chain]).tocsr()
    lo = np.r_[model.row_lower[keep], np.full(jp.size, -np.inf)]
    hi = np.r_[model.row_upper[keep], np.zeros(jp.size)]
    return -np.asarray(model.col_value) @ D, A, lo, hi


def phased_forms(limit: float = 30.0) -> None:
    """The start-column (pmokit) and cumulative ("started by t") forms, HiGHS on each."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    inst = make_phased_instance()
    rules = {k: v for k, v in inst.items() if k != "candidates"}
    model = build_phased_model(inst["candidates"], **rules)
    forms = {
        "start columns y[i, s]": (
            -np.asarray(model.col_value),
            model.A,
            model.row_lower,
            model.row_upper,
        ),
        "cumulative x[i, t]": cumulative_form(model),
    }
    print(f"phased formulations, HiGHS with time_limit {limit:g} s, gap 0.1 %")
    for name, (c, A, lo, hi) in forms.items():
        n = c.size
        cons = [LinearConstraint(A, lo, hi)]
        lp = milp(c, bounds=Bounds(0, 1), constraints=cons)
        t0 = time.perf_counter()
        res = milp(
            c,
            integrality=np.ones(n),
            bounds=Bounds(0, 1),
            constraints=cons,
            options={"mip_rel_gap": GAP, "time_limit": limit},
        )
        t = time.perf_counter() - t0
        value = float("nan") if res.x is None else -float(res.fun)
        print(
            f"  {name:22s} {A.shape[0]:5d} rows {A.nnz:6d} nonzeros: LP bound {-lp.fun:,.2f}; "
            f"{t:5.1f} s: value {value:,.1f}, HiGHS dual bound {-res.mip_dual_bound:,.1f}, "
            f"gap {res.mip_gap:.2%}"
        )


def gub_cover_cuts(model: Any, x: FloatArray) -> tuple[list[FloatArray], list[float]]:
    """Cover cuts of the capacity and budget rows with the start-once (GUB) structure,
    violated by the LP optimum ``x``: for a tight row, the candidates taken greedily by
    ``(1 - z_i) / w_i`` (``z_i`` the LP weight of candidate i's columns in the row that use
    at least 0 or 0.5 x its largest use there, ``w_i`` their smallest coefficient) until
    their weights exceed the row's limit; then at most ``|C| - 1`` of those columns can be
    chosen (one start per candidate)."""
    A = model.A.tocsr()
    kinds = np.array(model.row_kind)
    cc = np.asarray(model.col_cand)
    cuts: list[FloatArray] = []
    rhs: list[float] = []
    for r in np.nonzero((kinds == "capacity") | (kinds == "budget"))[0].tolist():
        cols, a = A.indices[A.indptr[r] : A.indptr[r + 1]], A.data[A.indptr[r] : A.indptr[r + 1]]
        b = float(model.row_upper[r])
        if a @ x[cols] < b - 1e-6:
            continue
        for share in (0.0, 0.5):  # a candidate's columns with >= share x its largest use
            items = []
            for i in np.unique(cc[cols]).tolist():
                own = cc[cols] == i
                own &= a >= share * a[own].max()
                items.append((float(a[own].min()), float(x[cols[own]].sum()), cols[own]))
            items = sorted((t for t in items if t[1] > 1e-6), key=lambda t: (1 - t[1]) / t[0])
            w, k = 0.0, 0
            while k < len(items) and w <= b + 1e-9:
                w += items[k][0]
                k += 1
            if w > b + 1e-9 and sum(t[1] for t in items[:k]) > k - 1 + 1e-4:
                row = np.zeros(x.size)
                for t in items[:k]:
                    row[t[2]] = 1.0
                cuts.append(row)
                rhs.append(k - 1.0)
    return cuts, rhs


def phased_cuts(limit: float = 30.0) -> None:
    """Bound strengthening tried on the phased instance (issue 19): GUB cover cuts computed
    up front, and the same instance with every start fixed at its earliest (no windows)."""
    import scipy.sparse as sp
    from scipy.optimize import Bounds, LinearConstraint, milp

    inst = make_phased_instance()
    rules = {k: v for k, v in inst.items() if k != "candidates"}
    model = build_phased_model(inst["candidates"], **rules)
    c = -np.asarray(model.col_value)
    A, lo, hi = model.A, np.asarray(model.row_lower), np.asarray(model.row_upper)

    def relax(A: Any, hi: FloatArray, ub: Any = 1.0) -> tuple[float, FloatArray]:
        lo_ = np.r_[lo, np.full(hi.size - lo.size, -np.inf)]
        res = milp(c, bounds=Bounds(0, ub), constraints=[LinearConstraint(A, lo_, hi)])
        return -float(res.fun), np.asarray(res.x)

    def solve(A: Any, hi: FloatArray, ub: Any = 1.0) -> str:
        lo_ = np.r_[lo, np.full(hi.size - lo.size, -np.inf)]
        t0 = time.perf_counter()
        res = milp(c, integrality=np.ones(c.size), bounds=Bounds(0, ub),
                   constraints=[LinearConstraint(A, lo_, hi)],
                   options={"mip_rel_gap": GAP, "time_limit": limit})
        return (f"{time.perf_counter() - t0:5.1f} s: value {-float(res.fun):,.1f}, "
                f"bound {-float(res.mip_dual_bound):,.1f}, gap {res.mip_gap:.2%}")

    bound, x = relax(A, hi)
    print(f"phased bounds, HiGHS time_limit {limit:g} s: LP bound {bound:,.1f}; "
          f"start columns: {solve(A, hi)}")
    rows: list[FloatArray] = []
    rhs: list[float] = []
    A_cut, rounds = A, 0
    while rounds < 10:
        cuts, b = gub_cover_cuts(model, x)
        if not cuts:
            break
        rows += cuts
        rhs += b
        rounds += 1
        A_cut = sp.vstack([A, sp.csr_array(np.array(rows))]).tocsr()
        bound, x = relax(A_cut, np.r_[hi, rhs])
    print(f"  + {len(rows)} GUB cover cuts ({rounds} rounds): LP bound {bound:,.1f}; "
          f"{solve(A_cut, np.r_[hi, rhs])}")
    cc = np.asarray(model.col_cand)
    first = np.r_[True, cc[1:] != cc[:-1]].astype(float)  # every start at its earliest
    print(f"  no windows (earliest starts): LP bound {relax(A, hi, first)[0]:,.1f}; "
          f"{solve(A, hi, first)}")


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls and the last result."""
    times = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    """Run the benchmark and print medians and ratios."""
    import warnings

    import pulp

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    inst = make_instance()
    rules = {k: v for k, v in inst.items() if k != "candidates"}
    print(
        "portfolio selection: 5,000 candidates, 12 periods, 20 skills x 12 periods, "
        "200 dependencies, 50 exclusions, gap 0.1 %"
    )
    t_build, model = median_time(lambda: build_model(inst["candidates"], **rules), 5)
    t_pulp_build, prob = median_time(lambda: build_pulp(inst), 3)
    print(
        f"  model build   pmokit {t_build * 1000:8.1f} ms   PuLP {t_pulp_build * 1000:8.1f} ms"
        f"   PuLP/pmokit = {t_pulp_build / t_build:6.1f}x   "
        f"({model.A.shape[0]} rows, {model.A.nnz} nonzeros)"
    )
    t_sel, sel = median_time(lambda: select(inst["candidates"], **rules, gap=GAP), 3)
    print(
        f"  select (build+solve+explain) pmokit median {t_sel:6.2f} s: status {sel.status}, "
        f"value {sel.total_value:,.1f}, {len(sel.chosen)} chosen, gap {sel.mip_gap:.2e}"
    )
    t0 = time.perf_counter()
    prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=GAP, timeLimit=300))
    t_cbc = time.perf_counter() - t0
    v_cbc = float(pulp.value(prob.objective))
    print(
        f"  PuLP/CBC solve {t_cbc:6.2f} s (+ build {t_pulp_build:.2f} s): "
        f"status {pulp.LpStatus[prob.status]}, value {v_cbc:,.1f}"
    )
    print(
        f"  whole selection PuLP/pmokit = {(t_cbc + t_pulp_build) / t_sel:5.1f}x; "
        f"value pmokit/CBC = {sel.total_value / v_cbc:.5f}"
    )

    frontier_plain()


def baseline_frontier(
    inst: dict[str, Any], levels: Any, gap: float, time_limit: float | None,
    capacity: bool = True,
) -> tuple[int, Any, Any]:
    """Today's method before issue 22, kept here as the baseline: the levels from the
    largest down, a selection that fits reused, else ``_solve`` (LP relaxation and a MILP
    on its neighbourhood, else the full MILP). Returns (solves, values, gaps)."""
    from pmokit.portfolio._selection import _solve

    model = build_model(
        inst["candidates"], budgets=inst["budgets"], total_budget=1.0,
        capacity=inst["capacity"] if capacity else None, requires=inst["requires"],
        excludes=inst["excludes"],
    )
    c = -np.asarray(model.value)
    tot = np.asarray(model.total_cost)
    row_upper = np.array(model.row_upper)
    k = len(levels)
    values, gaps = np.full(k, np.nan), np.full(k, np.nan)
    prev, prev_gap, solves = None, np.nan, 0
    for i in range(k - 1, -1, -1):
        if prev is not None and float(tot @ prev) <= levels[i] + 1e-9:
            values[i], gaps[i] = -float(c @ prev), prev_gap
            continue
        row_upper[0] = levels[i]
        _, x, g = _solve(model, c, row_upper, gap=gap, time_limit=time_limit)
        solves += 1
        if x is None:
            break
        prev, prev_gap = x, g
        values[i], gaps[i] = -float(c @ x), g
    return solves, values, gaps


def frontier_plain() -> None:
    """The 50-point frontier without capacities (period budgets only), pmokit against
    today's method in the same run, at gaps 0.1 % and 1 %."""
    inst_f = make_instance(n=1000, deps=40, excl=10, seed=1)
    total = sum(c.total_cost for c in inst_f["candidates"])
    levels = np.linspace(0.05, 1.0, 50) * total * 0.4
    for gap in (1e-3, 1e-2):
        t_f, fr = median_time(
            lambda gap=gap: efficient_frontier(
                inst_f["candidates"],
                total_budgets=levels,
                budgets=inst_f["budgets"],
                requires=inst_f["requires"],
                excludes=inst_f["excludes"],
                gap=gap,
            ),
            1,
        )
        t_o, (o_solves, _, o_gaps) = median_time(
            lambda gap=gap: baseline_frontier(inst_f, levels, gap, None, capacity=False), 1
        )
        mono = bool(np.all(np.diff(fr.values) >= 0))
        print(
            f"efficient frontier: 1,000 candidates, 12 period budgets held, 40 dependencies, "
            f"10 exclusions, 50 total-budget levels, gap {gap:g}: {t_f:6.2f} s "
            f"({fr.solves} MILP solves, {int(fr.reused.sum())} reused, max gap "
            f"{np.nanmax(fr.gaps):.3%}), monotone {mono}; today's method {t_o:6.2f} s "
            f"({o_solves} solves, max gap {np.nanmax(o_gaps):.3%}): today's/pmokit = "
            f"{t_o / t_f:5.2f}x"
        )


def frontier_capacity(time_limit: float = 30.0) -> None:
    """The capacity-bound frontier of issue 22: pmokit against today's method, same run."""
    from concurrent.futures import ProcessPoolExecutor

    inst = make_instance(n=1000, deps=40, excl=10, seed=1)
    total = sum(c.total_cost for c in inst["candidates"])
    levels = np.linspace(0.05, 1.0, 50) * total * 0.4
    rules = {k: v for k, v in inst.items() if k != "candidates"}
    print(
        "frontier with capacities: 1,000 candidates, 12 period budgets, 240 capacity rows, "
        f"40 dependencies, 10 exclusions, 50 levels, gap 0.1 %, time limit {time_limit:g} s "
        "per solve"
    )

    def run(executor: Any = None) -> Any:
        return efficient_frontier(
            inst["candidates"], total_budgets=levels, **rules, gap=GAP,
            time_limit=time_limit, executor=executor,
        )

    t_new, fr = median_time(run, 1)
    t_old, (old_solves, old_values, old_gaps) = median_time(
        lambda: baseline_frontier(inst, levels, GAP, time_limit), 1
    )
    with ProcessPoolExecutor(2) as pool:
        t_pool, fr_pool = median_time(lambda: run(pool), 1)
    within = int(np.sum(fr.gaps <= GAP))
    print(
        f"  pmokit   {t_new:7.2f} s  ({fr.solves} solves, {int(fr.reused.sum())} reused), "
        f"{within}/50 points certified within 0.1 %, max gap {np.nanmax(fr.gaps):.3%}, "
        f"monotone {bool(np.all(np.diff(fr.values) >= 0))}"
    )
    print(
        f"  today's  {t_old:7.2f} s  ({old_solves} solves), "
        f"{int(np.sum(old_gaps <= GAP))}/50 within 0.1 %, max gap {np.nanmax(old_gaps):.3%}"
    )
    print(
        f"  2 worker processes {t_pool:7.2f} s (same frontier: {fr_pool == fr}); "
        f"today's/pmokit = {t_old / t_new:5.2f}x, 1 process/2 processes = "
        f"{t_new / t_pool:5.2f}x; value pmokit/today's per level: min "
        f"{np.nanmin(fr.values / old_values):.5f}, max {np.nanmax(fr.values / old_values):.5f}"
    )
    print("  certified gap per level [%]: " + " ".join(f"{g * 100:.3f}" for g in fr.gaps))


if __name__ == "__main__":
    import sys
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    if sys.argv[1:] == ["phased"]:
        phased()
    elif sys.argv[1:] == ["phased-forms"]:
        phased_forms()
    elif sys.argv[1:] == ["phased-cuts"]:
        phased_cuts()
    elif sys.argv[1:2] == ["frontier"]:
        frontier_plain()
        frontier_capacity(*(float(a) for a in sys.argv[2:3]))
    else:
        main()
        phased()
        frontier_capacity()
