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

``solvers [seconds]`` (session 4) hands the very matrices pmokit builds (the phased instance;
the capacity frontier's largest level; a small phased instance of 70 candidates and 3 skills)
to every MILP solver installed, skipping absent ones with the reason: HiGHS through scipy
(what pmokit uses), highspy (a newer HiGHS, with ``mip_heuristic_effort``), SCIP
(pyscipopt), CP-SAT (ortools, 2 workers, rows scaled exactly to integers), CBC (PuLP's) and
Gurobi's pip package under its size-limited licence, as a measuring stick only (never a
dependency of pmokit). ``sensitivity [seconds]`` varies the phased generator's open choices
(value against cost, tightness, skills per candidate; ``--frontier`` also the frontier's
value law) around the kept instance, which stays as it is; ``frontier-law LAW [s]`` runs
pmokit's capacity frontier with another value law. Neither mode needs more than
scipy; each other solver is optional.

Run: ``.venv/bin/python benchmarks/bench_portfolio.py [phased | phased-forms | phased-cuts |
frontier [time limit s] | solvers [s] | sensitivity [s]]`` (needs the ``bench`` extra: pulp);
``phased`` or ``frontier`` (both frontiers, with and without capacities) runs only that part.
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


VALUE_LAWS = ("uniform", "strong", "lognormal", "uncorrelated")


def _value_of(rng: np.random.Generator, cost: float, law: str, mean_cost: float) -> float:
    """A candidate's value. ``uniform`` (the kept instances): cost x U(0.5, 2); ``strong``:
    cost x U(0.9, 1.1), value nearly proportional to cost (the hard knapsack class);
    ``lognormal``: cost x exp(N(0, 1)), benefit/cost ratios spread widely (5-95 %: 0.19-5.2),
    as real portfolios have; ``uncorrelated``: mean_cost x U(0.5, 2), whatever the cost."""
    if law == "uniform":
        return float(np.round(cost * rng.uniform(0.5, 2.0), 1))
    if law == "strong":
        return float(np.round(cost * rng.uniform(0.9, 1.1), 1))
    if law == "lognormal":
        return float(np.round(cost * rng.lognormal(0.0, 1.0), 1))
    if law == "uncorrelated":
        return float(np.round(mean_cost * rng.uniform(0.5, 2.0), 1))
    raise ValueError(f"value law must be one of {VALUE_LAWS} (got {law!r})")


def make_instance(
    n: int = 5000,
    periods: int = 12,
    skills: int = 20,
    deps: int = 200,
    excl: int = 50,
    seed: int = 0,
    *,
    value_law: str = "uniform",
) -> dict[str, Any]:
    """A seeded random portfolio: windows of 2-6 periods, 1-3 skills per candidate
    (``value_law`` as in ``_value_of``; the default gives the kept instances)."""
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
        value = _value_of(rng, float(costs.sum()), value_law, 55.0 * 4)
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
    n: int = 500,
    periods: int = 24,
    skills: int = 20,
    max_window: int = 6,
    seed: int = 0,
    *,
    value_law: str = "uniform",
    skills_per: tuple[int, int] = (1, 3),
    budget_share: float = 0.4,
    capacity_share: float = 0.5,
) -> dict[str, Any]:
    """A seeded phased portfolio: profiles of 2-8 periods, windows of 0-6, 1-3 skills each.

    The keywords vary the choices issue 19 leaves open (session 4's sensitivity runs); their
    defaults give the kept benchmark instance, draw for draw."""
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
        size = int(rng.integers(skills_per[0], skills_per[1] + 1))
        for k in rng.choice(skills, size=size, replace=False):
            d = rng.uniform(0.2, 2.0, length).round(2)
            demands[names[int(k)]] = d
            dem_load[int(k), early : early + length] += d
        load[early : early + length] += costs
        value = _value_of(rng, float(costs.sum()), value_law, 55.0 * 5)
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
    budgets = np.full(periods, (budget_share * load.mean()).round(0))
    capacity = {
        s: float((capacity_share * dem_load[k].mean()).round(1)) for k, s in enumerate(names)
    }
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


def frontier_law(value_law: str, time_limit: float = 30.0) -> None:
    """pmokit's capacity frontier (as ``frontier_capacity``) on the same generator with
    another value law (session 4's sensitivity; the kept instance uses ``uniform``)."""
    inst = make_instance(n=1000, deps=40, excl=10, seed=1, value_law=value_law)
    total = sum(c.total_cost for c in inst["candidates"])
    levels = np.linspace(0.05, 1.0, 50) * total * 0.4
    rules = {k: v for k, v in inst.items() if k != "candidates"}
    t, fr = median_time(
        lambda: efficient_frontier(
            inst["candidates"], total_budgets=levels, **rules, gap=GAP, time_limit=time_limit
        ),
        1,
    )
    print(
        f"frontier with capacities, value law {value_law}, time limit {time_limit:g} s per "
        f"solve: {t:7.2f} s ({fr.solves} solves, {int(fr.reused.sum())} reused), "
        f"{int(np.sum(fr.gaps <= GAP))}/50 within 0.1 %, max gap {np.nanmax(fr.gaps):.3%}"
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


# --------------------------------------------------------------------------------------
# Session 4 (issues 19 and 22): the same matrices handed to every solver installed here.
# --------------------------------------------------------------------------------------


class Milp:
    """A pure-binary MILP ``max c @ x``, ``rl <= A x <= ru``, ``lb <= x <= ub``, as
    pmokit builds it (the very matrices ``select`` hands to HiGHS)."""

    def __init__(self, name: str, c: Any, A: Any, rl: Any, ru: Any, lb: Any, ub: Any) -> None:
        self.name = name
        self.c = np.asarray(c, dtype=float)
        self.A = A.tocsr()
        self.rl = np.asarray(rl, dtype=float)
        self.ru = np.asarray(ru, dtype=float)
        self.lb = np.asarray(lb, dtype=float)
        self.ub = np.asarray(ub, dtype=float)

    @property
    def shape(self) -> str:
        return f"{self.A.shape[1]} binaries, {self.A.shape[0]} rows, {self.A.nnz} nonzeros"

    def check(self, x: Any) -> float:
        """The value of ``x`` after checking every row and bound (raises if violated)."""
        x = np.round(np.asarray(x, dtype=float))
        act = self.A @ x
        bad = int(np.sum((act > self.ru + 1e-6) | (act < self.rl - 1e-6)))
        bad += int(np.sum((x < self.lb - 1e-9) | (x > self.ub + 1e-9)))
        if bad:
            raise RuntimeError(f"{self.name}: the solver's selection violates {bad} rows/bounds")
        return float(self.c @ x)


def phased_milp(name: str = "phasing", **kw: Any) -> Milp:
    """pmokit's phased model (``build_phased_model``) of ``make_phased_instance(**kw)``."""
    inst = make_phased_instance(**kw)
    rules = {k: v for k, v in inst.items() if k != "candidates"}
    m = build_phased_model(inst["candidates"], **rules)
    return Milp(name, m.col_value, m.A, m.row_lower, m.row_upper, m.lower, m.upper)


def frontier_hard_milp() -> Milp:
    """The capacity frontier's hard problem: its largest total-budget level, the model
    ``efficient_frontier`` builds (12 budgets, 240 capacity rows, 40 dependencies,
    10 exclusions, 1,000 candidates)."""
    inst = make_instance(n=1000, deps=40, excl=10, seed=1)
    total = sum(c.total_cost for c in inst["candidates"])
    levels = np.linspace(0.05, 1.0, 50) * total * 0.4
    m = build_model(
        inst["candidates"], budgets=inst["budgets"], total_budget=1.0,
        capacity=inst["capacity"], requires=inst["requires"], excludes=inst["excludes"],
    )
    ru = np.array(m.row_upper)
    ru[0] = levels[-1]
    return Milp("frontier-hard", m.value, m.A, m.row_lower, ru, m.lower, m.upper)


def _scipy_highs(p: Milp, limit: float, gap: float, **_: Any) -> tuple[Any, float, str]:
    from scipy.optimize import Bounds, LinearConstraint, milp

    res = milp(
        -p.c, integrality=np.ones(p.c.size), bounds=Bounds(p.lb, p.ub),
        constraints=[LinearConstraint(p.A, p.rl, p.ru)],
        options={"mip_rel_gap": gap, "time_limit": limit},
    )
    msg = str(res.message).split("(")[0].strip().rstrip(".")
    return res.x, -float(res.mip_dual_bound), f"{msg}, {res.mip_node_count} nodes"


def _highspy(p: Milp, limit: float, gap: float, **opts: Any) -> tuple[Any, float, str]:
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    csc = p.A.tocsc()
    n, m = p.c.size, p.A.shape[0]
    inf = highspy.kHighsInf
    lp.num_col_, lp.num_row_ = n, m
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = p.c
    lp.col_lower_, lp.col_upper_ = p.lb, p.ub
    lp.row_lower_ = np.where(np.isfinite(p.rl), p.rl, -inf)
    lp.row_upper_ = np.where(np.isfinite(p.ru), p.ru, inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr
    lp.a_matrix_.index_ = csc.indices
    lp.a_matrix_.value_ = csc.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    h.setOptionValue("time_limit", float(limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    for k, v in opts.items():
        h.setOptionValue(k, v)
    h.run()
    info = h.getInfo()
    x = np.asarray(h.getSolution().col_value) if info.primal_solution_status else None
    msg = h.modelStatusToString(h.getModelStatus())
    return x, float(info.mip_dual_bound), f"{msg}, {info.mip_node_count} nodes"


def _scip(p: Milp, limit: float, gap: float, **_: Any) -> tuple[Any, float, str]:
    from pyscipopt import Model, quicksum

    m = Model()
    m.hideOutput()
    x = [m.addVar(vtype="B", lb=p.lb[j], ub=p.ub[j]) for j in range(p.c.size)]
    A = p.A
    for r in range(A.shape[0]):
        cols = A.indices[A.indptr[r] : A.indptr[r + 1]].tolist()
        vals = A.data[A.indptr[r] : A.indptr[r + 1]].tolist()
        expr = quicksum(v * x[j] for j, v in zip(cols, vals, strict=True))
        if np.isfinite(p.ru[r]):
            m.addCons(expr <= float(p.ru[r]))
        if np.isfinite(p.rl[r]):
            m.addCons(expr >= float(p.rl[r]))
    m.setObjective(quicksum(float(v) * x[j] for j, v in enumerate(p.c)), "maximize")
    m.setParam("limits/time", float(limit))
    m.setParam("limits/gap", float(gap))
    m.optimize()
    sol = m.getBestSol() if m.getNSols() else None
    xs = None if sol is None else np.array([m.getSolVal(sol, v) for v in x])
    return xs, float(m.getDualbound()), f"{m.getStatus()}, {m.getNNodes()} nodes"


def _integer_row(vals: Any, lo: float, hi: float) -> tuple[Any, float, float]:
    """Integer coefficients and bounds of a row, scaled by the least power of ten that
    makes every coefficient integral (pmokit's costs and demands carry 1-2 decimals)."""
    for k in range(7):
        s = 10.0**k
        q = vals * s
        if np.all(np.abs(q - np.round(q)) < 1e-6):
            break
    else:
        raise RuntimeError("a row has no exact integer scaling up to 1e6")
    lo_i = -np.inf if not np.isfinite(lo) else float(np.ceil(lo * s - 1e-6))
    hi_i = np.inf if not np.isfinite(hi) else float(np.floor(hi * s + 1e-6))
    return np.round(q).astype(np.int64), lo_i, hi_i


def _cpsat(p: Milp, limit: float, gap: float, workers: int = 2, **_: Any) -> tuple[Any, float, str]:
    """CP-SAT needs integers: every row scaled exactly (see ``_integer_row``); the objective
    scaled by 1e4 and rounded, its bound widened by that rounding (at most 0.5e-4 each)."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    n = p.c.size
    x = [m.new_bool_var(f"x{j}") for j in range(n)]
    for j in range(n):
        if p.lb[j] > 0.5:
            m.add(x[j] == 1)
        if p.ub[j] < 0.5:
            m.add(x[j] == 0)
    A = p.A
    for r in range(A.shape[0]):
        cols = A.indices[A.indptr[r] : A.indptr[r + 1]]
        q, lo, hi = _integer_row(A.data[A.indptr[r] : A.indptr[r + 1]], p.rl[r], p.ru[r])
        tot = int(np.abs(q).sum())
        lo_i = -tot - 1 if not np.isfinite(lo) else int(lo)
        hi_i = tot + 1 if not np.isfinite(hi) else int(hi)
        m.add_linear_constraint(
            cp_model.LinearExpr.weighted_sum([x[j] for j in cols.tolist()], q.tolist()), lo_i, hi_i
        )
    scale = 1e4
    cint = np.round(p.c * scale).astype(np.int64)
    m.maximize(cp_model.LinearExpr.weighted_sum(x, cint.tolist()))
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = float(limit)
    s.parameters.num_workers = workers
    s.parameters.relative_gap_limit = float(gap)
    st = s.solve(m)
    xs = None
    if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        xs = np.array([s.value(v) for v in x], dtype=float)
    bound = s.best_objective_bound / scale + 0.5 * n / scale
    return xs, float(bound), f"{s.status_name(st)}, {s.num_branches} branches"


def _cbc(p: Milp, limit: float, gap: float, **_: Any) -> tuple[Any, float, str]:
    """PuLP's CBC on the same rows (minimising -c, so the log's signs are unambiguous);
    the proven bound is read from CBC's log."""
    import os
    import re
    import tempfile

    import pulp

    n = p.c.size
    prob = pulp.LpProblem("same", pulp.LpMinimize)
    x = [
        pulp.LpVariable(f"x{j}", lowBound=int(p.lb[j]), upBound=int(p.ub[j]), cat="Binary")
        for j in range(n)
    ]
    prob += pulp.LpAffineExpression([(x[j], -float(v)) for j, v in enumerate(p.c)])
    A = p.A
    for r in range(A.shape[0]):
        cols = A.indices[A.indptr[r] : A.indptr[r + 1]].tolist()
        vals = A.data[A.indptr[r] : A.indptr[r + 1]].tolist()
        e = pulp.LpAffineExpression(list(zip([x[j] for j in cols], vals, strict=True)))
        if np.isfinite(p.ru[r]):
            prob += e <= float(p.ru[r])
        if np.isfinite(p.rl[r]):
            prob += e >= float(p.rl[r])
    fd, log = tempfile.mkstemp(suffix=".log")
    os.close(fd)
    try:
        prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=limit, gapRel=gap, logPath=log))
        with open(log) as f:
            text = f.read()
    finally:
        os.unlink(log)
    xs = None
    if prob.sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible):
        xs = np.array([v.varValue or 0.0 for v in x])
    found = re.findall(r"Lower bound:\s*(-?[\d.e+]+)", text)
    bound = -float(found[-1]) if found else float("nan")
    if not found and prob.sol_status == pulp.LpSolutionOptimal and xs is not None:
        bound = float(p.c @ np.round(xs))  # solved to optimality: CBC prints no bound
    result = re.findall(r"Result - (.*)", text)
    nodes = re.findall(r"Enumerated nodes:\s*(\d+)", text)
    msg = result[-1].strip() if result else pulp.LpSolution[prob.sol_status]
    return xs, bound, f"{msg}, {nodes[-1] if nodes else '?'} nodes"


def _gurobi(
    p: Milp, limit: float, gap: float, threads: int = 0, **_: Any
) -> tuple[Any, float, str]:
    """Gurobi's pip package with its bundled size-limited licence: a measuring stick only."""
    import gurobipy as gp

    env = gp.Env(empty=True)
    env.setParam("OutputFlag", 0)
    env.start()
    m = gp.Model(env=env)
    x = m.addMVar(p.c.size, vtype=gp.GRB.BINARY, lb=p.lb, ub=p.ub)
    up, lo = np.isfinite(p.ru), np.isfinite(p.rl)
    if up.any():
        m.addMConstr(p.A[np.nonzero(up)[0]], x, "<", p.ru[up])
    if lo.any():
        m.addMConstr(p.A[np.nonzero(lo)[0]], x, ">", p.rl[lo])
    m.setObjective(p.c @ x, gp.GRB.MAXIMIZE)
    m.Params.TimeLimit = float(limit)
    m.Params.MIPGap = float(gap)
    m.Params.Threads = threads
    m.optimize()
    codes = {2: "optimal", 9: "time limit", 3: "infeasible"}
    xs = np.asarray(x.X) if m.SolCount else None
    bound = float(m.ObjBound)
    status = f"{codes.get(m.Status, str(m.Status))}, {int(m.NodeCount)} nodes"
    m.dispose()
    env.dispose()
    return xs, bound, status


# name -> (module needed, function, keyword settings)
SOLVERS: dict[str, tuple[str, Callable[..., tuple[Any, float, str]], dict[str, Any]]] = {
    "HiGHS (scipy)": ("scipy", _scipy_highs, {}),
    "highspy": ("highspy", _highspy, {}),
    "highspy heur 0.3": ("highspy", _highspy, {"mip_heuristic_effort": 0.3}),
    "SCIP": ("pyscipopt", _scip, {}),
    "CP-SAT 2 workers": ("ortools", _cpsat, {"workers": 2}),
    "CBC (PuLP)": ("pulp", _cbc, {}),
    "Gurobi 1 thread": ("gurobipy", _gurobi, {"threads": 1}),
    "Gurobi 2 threads": ("gurobipy", _gurobi, {"threads": 2}),
}


def _version(module: str) -> str:
    import importlib

    mod = importlib.import_module(module)
    if module == "gurobipy":
        return ".".join(map(str, mod.gurobi.version()))
    if module == "highspy":
        return str(mod.Highs().version())
    return str(getattr(mod, "__version__", "?"))


def run_solvers(
    problems: list[Milp], limit: float, gap: float = GAP, only: list[str] | None = None
) -> dict[tuple[str, str], dict[str, Any]]:
    """Each installed solver on each problem, the same matrices, one run each; prints value,
    proven bound, gap, wall time (model hand-over included), time / HiGHS (scipy)'s, and the
    load average when the run ended."""
    import importlib.util
    import os

    out: dict[tuple[str, str], dict[str, Any]] = {}
    names = [s for s in SOLVERS if only is None or s in only]
    for module in dict.fromkeys(SOLVERS[s][0] for s in names):
        if importlib.util.find_spec(module) is None:
            print(f"  skipped: {module} is not installed "
                  f"({', '.join(s for s in names if SOLVERS[s][0] == module)})")
        else:
            print(f"  {module} {_version(module)}")
    for p in problems:
        print(f"{p.name}: {p.shape}; gap {gap:g}, time limit {limit:g} s per solver")
        base = None
        for s in names:
            module, fn, kw = SOLVERS[s]
            if importlib.util.find_spec(module) is None:
                continue
            t0 = time.perf_counter()
            try:
                x, bound, status = fn(p, limit, gap, **kw)
            except Exception as exc:  # a solver's failure is a result to report, not a crash
                print(f"  {s:18s} failed: {type(exc).__name__}: {exc}"[:200])
                continue
            t = time.perf_counter() - t0
            value = float("nan") if x is None else p.check(x)
            g = (bound - value) / abs(value) if x is not None else float("nan")
            if s == "HiGHS (scipy)":
                base = t
            ratio = t / base if base else float("nan")
            load = os.getloadavg()[0]
            out[(p.name, s)] = {"value": value, "bound": bound, "gap": g, "time": t,
                                "status": status, "load": load}
            print(f"  {s:18s} value {value:12,.1f}  bound {bound:12,.1f}  gap {g:7.3%}  "
                  f"{t:7.1f} s  x{ratio:5.2f} HiGHS  [{status}] load {load:.1f}", flush=True)
    return out


def solvers_mode(argv: list[str]) -> None:
    """``solvers [seconds] [--problems a,b] [--solvers a,b] [--gap g]``: the phasing
    instance (limit ``seconds``, 30 by default), the frontier's hard level (2 x ``seconds``)
    and the small phasing instance (70 candidates, 3 skills) through every solver."""
    import argparse

    ap = argparse.ArgumentParser(prog="bench_portfolio.py solvers")
    ap.add_argument("seconds", nargs="?", type=float, default=30.0)
    ap.add_argument("--problems", default="phasing,frontier-hard,phasing-small")
    ap.add_argument("--solvers", default=None, help="comma-separated names from SOLVERS")
    ap.add_argument("--gap", type=float, default=GAP)
    ap.add_argument("--small-seconds", type=float, default=None,
                    help="limit for phasing-small (default: 4 x seconds)")
    a = ap.parse_args(argv)
    only = None if a.solvers is None else a.solvers.split(",")
    for name in a.problems.split(","):
        if name == "phasing":
            run_solvers([phased_milp()], a.seconds, a.gap, only)
        elif name == "frontier-hard":
            run_solvers([frontier_hard_milp()], 2 * a.seconds, a.gap, only)
        elif name == "phasing-small":
            small = phased_milp("phasing-small (70 x 24 x 3 skills)", n=70, skills=3)
            run_solvers([small], a.small_seconds or 4 * a.seconds, a.gap, only)
        else:
            raise SystemExit(f"unknown problem {name!r}")


PHASED_VARIANTS: dict[str, dict[str, Any]] = {
    "kept (value = cost x U(0.5, 2))": {},
    "value = cost x U(0.9, 1.1)": {"value_law": "strong"},
    "value = cost x lognormal(0, 1)": {"value_law": "lognormal"},
    "value independent of cost": {"value_law": "uncorrelated"},
    "tighter: budget 30 %, skills 40 %": {"budget_share": 0.3, "capacity_share": 0.4},
    "looser: budget 60 %, skills 75 %": {"budget_share": 0.6, "capacity_share": 0.75},
    "1 skill per candidate": {"skills_per": (1, 1)},
    "2-5 skills per candidate": {"skills_per": (2, 5)},
    "lognormal values, looser": {
        "value_law": "lognormal", "budget_share": 0.6, "capacity_share": 0.75,
    },
}


def _lp_value(p: Milp) -> float:
    from scipy.optimize import Bounds, LinearConstraint, milp

    res = milp(-p.c, bounds=Bounds(p.lb, p.ub), constraints=[LinearConstraint(p.A, p.rl, p.ru)])
    return -float(res.fun)


def sensitivity_mode(argv: list[str]) -> None:
    """``sensitivity [seconds] [--solvers a,b] [--frontier]``: the 30 s gap on phased instances
    whose generator choices differ from the kept one (value against cost, tightness, skills
    per candidate); ``--frontier`` also runs the frontier's hard level (2 x ``seconds``)
    with the other value laws. Evidence for issue 19's filer; the kept instances stay."""
    import argparse

    ap = argparse.ArgumentParser(prog="bench_portfolio.py sensitivity")
    ap.add_argument("seconds", nargs="?", type=float, default=30.0)
    ap.add_argument("--solvers", default="HiGHS (scipy),Gurobi 1 thread")
    ap.add_argument("--variants", default=None, help="comma-separated indices into the list")
    ap.add_argument("--frontier", action="store_true")
    a = ap.parse_args(argv)
    only = a.solvers.split(",")
    items = list(PHASED_VARIANTS.items())
    if a.variants is not None:
        items = [items[int(i)] for i in a.variants.split(",")]
    rows = []
    for label, kw in items:
        p = phased_milp(f"phasing, {label}", **kw)
        print(f"LP bound {_lp_value(p):,.1f}")
        rows.append((p.name, _lp_value(p), run_solvers([p], a.seconds, GAP, only)))
    if a.frontier:
        for law in VALUE_LAWS[1:]:
            inst = make_instance(n=1000, deps=40, excl=10, seed=1, value_law=law)
            total = sum(c.total_cost for c in inst["candidates"])
            m = build_model(
                inst["candidates"], budgets=inst["budgets"], total_budget=1.0,
                capacity=inst["capacity"], requires=inst["requires"], excludes=inst["excludes"],
            )
            ru = np.array(m.row_upper)
            ru[0] = 0.4 * total
            p = Milp(f"frontier-hard, value law {law}", m.value, m.A, m.row_lower, ru,
                     m.lower, m.upper)
            print(f"LP bound {_lp_value(p):,.1f}")
            rows.append((p.name, _lp_value(p), run_solvers([p], 2 * a.seconds, GAP, only)))
    print("summary: problem | LP bound | per solver: value, proven gap")
    for name, lp, res in rows:
        parts = [f"{s}: {r['value']:,.1f} {r['gap']:.2%}" for (_, s), r in res.items()]
        print(f"  {name} | {lp:,.1f} | " + " | ".join(parts))


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
    elif sys.argv[1:2] == ["sensitivity"]:
        sensitivity_mode(sys.argv[2:])
    elif sys.argv[1:2] == ["frontier-law"]:
        frontier_law(sys.argv[2], *(float(a) for a in sys.argv[3:4]))
    elif sys.argv[1:2] == ["solvers"]:
        solvers_mode(sys.argv[2:])
    elif sys.argv[1:2] == ["frontier"]:
        frontier_plain()
        frontier_capacity(*(float(a) for a in sys.argv[2:3]))
    else:
        main()
        phased()
        frontier_capacity()
