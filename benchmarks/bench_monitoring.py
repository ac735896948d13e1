"""Benchmark: earned value and earned schedule of many projects at once.

pmokit's vectorised ``portfolio_earned_value`` (every project in one numpy pass, plus the
portfolio total) against (a) a per-project loop of pmokit's own ``earned_value`` and (b) a
per-project loop of pmcontrols ``evm`` (an independent EVM and earned-schedule library),
on the same seeded random portfolio: S-shaped 12-36 month plans, 12 months reported.
The script also checks that the three agree on CPI, SPI, ES and SPI(t).

Cost loading (issue 18): ``time_phase`` of 10,000 activities over 260 weekly periods on a
working calendar (validation, grid, mixed curves and fixed costs included) against a plain
numpy linear spread of the same budgets on the same period boundaries (no validation, one
curve); both must sum to BAC. JCL: ``simulate(..., costs=...)`` (a rate per working day on every
activity times its sampled duration, sampled fixed costs on every fifth, 20 risk cost events)
against the schedule-only ``simulate`` of the same 1,000-activity network at 10,000
iterations (the schedule numbers are checked equal).

Run: ``pip install -e '.[bench]' && python benchmarks/bench_monitoring.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, median_time
from pmokit.monitoring import earned_value, portfolio_earned_value


def make_portfolio(n: int, seed: int = 7) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Seeded random plans (S-curves of 12-36 months) and 12 months of EV and AC."""
    rng = np.random.default_rng(seed)
    at = 12
    plans = []
    earned = np.empty((n, at))
    actual = np.empty((n, at))
    for k in range(n):
        pd = int(rng.integers(12, 37))
        bac = float(rng.uniform(1e5, 5e6))
        x = np.arange(1, pd + 1) / pd
        plan = np.round(bac * x * x * (3 - 2 * x), 2)
        plan[-1] = bac
        speed = rng.uniform(0.7, 1.15)
        xe = np.clip(np.arange(1, at + 1) / pd * speed, 0, 1)
        ev = np.minimum(np.round(bac * xe * xe * (3 - 2 * xe), 2), bac)
        ac = np.cumsum(np.diff(ev, prepend=0.0) / rng.uniform(0.75, 1.1, at))
        plans.append(plan)
        earned[k] = ev
        actual[k] = ac
    return plans, earned, actual


def bench_cost_loading(n: int = 10_000, weeks: int = 260, seed: int = 11) -> None:
    """time_phase against a plain numpy spread; prints both medians and the ratio."""
    import datetime as dt

    from pmokit.calendar import WorkCalendar
    from pmokit.monitoring import CostLine, time_phase

    rng = np.random.default_rng(seed)
    ids = [f"A{i}" for i in range(n)]
    horizon = weeks * 5 - 1
    dur = rng.integers(1, 120, n).astype(float)
    es = np.floor(rng.uniform(0, horizon - dur))
    ef = es + dur

    class Plan:  # the schedule's arrays (a Schedule of 10,000 activities has them too)
        def __init__(self) -> None:
            self.ids, self.early_start, self.early_finish = tuple(ids), es, ef

    curves = ["linear", "front_loaded", "back_loaded", "bell"]
    budgets = rng.uniform(1e3, 1e5, n).round(2)
    costs = {a: [CostLine.non_labour(float(b), curve=curves[i % 4])] for i, (a, b)
             in enumerate(zip(ids, budgets, strict=True))}
    for i in range(0, n, 10):
        costs[ids[i]].append(CostLine.fixed(500.0, at="finish"))
    cal, start = WorkCalendar(), dt.date(2026, 1, 5)
    plan = Plan()
    pv = time_phase(plan, costs, calendar=cal, start=start, freq="W")
    b = pv.boundaries

    def plain() -> np.ndarray:
        x = np.clip((b[None, :] - es[:, None]) / dur[:, None], 0.0, 1.0)
        return np.diff(budgets[:, None] * x, axis=1)

    t_pmokit = median_time(lambda: time_phase(plan, costs, calendar=cal, start=start,
                                              freq="W"), repeat=5)
    t_plain = median_time(plain, repeat=5)
    total = float(budgets.sum()) + 500.0 * len(range(0, n, 10))
    if not np.isclose(pv.by_activity.sum(), total, rtol=1e-12):
        raise SystemExit("time_phase does not sum to BAC")
    if not np.isclose(plain().sum(), budgets.sum(), rtol=1e-12):
        raise SystemExit("the plain spread does not sum to BAC")
    print(f"cost loading {n:,} activities x {pv.periods} weekly periods: pmokit time_phase "
          f"{t_pmokit * 1e3:6.1f} ms | plain numpy linear spread {t_plain * 1e3:6.1f} ms "
          f"({t_pmokit / t_plain:4.1f}x); under 0.2 s: {t_pmokit < 0.2}")


def bench_jcl(n: int = 1_000, iterations: int = 10_000, seed: int = 3) -> None:
    """simulate with costs= against the schedule-only simulate; prints the ratio."""
    from pmokit.monitoring import CostUncertainty, RiskCost
    from pmokit.scheduling import Activity, Dependency, Network, Triangular, simulate

    rng = np.random.default_rng(seed)
    acts = [Activity(f"T{i}", float(rng.integers(2, 20))) for i in range(n)]
    deps = [Dependency(f"T{i}", f"T{j}") for j in range(1, n)
            for i in rng.choice(j, size=min(j, 2), replace=False).tolist()]
    net = Network(acts, deps)
    unc = {a.id: Triangular(a.duration * 0.8, a.duration, a.duration * 1.5) for a in acts}
    ids = [a.id for a in acts]
    costs = CostUncertainty(
        rates=dict.fromkeys(ids, 800.0),
        fixed={i: Triangular(500.0, 1_000.0, 2_000.0) for i in ids[::5]},
        risks=[RiskCost(f"R{k}", 0.1, Triangular(1e4, 2e4, 5e4)) for k in range(20)],
    )
    t_sim = median_time(lambda: simulate(net, unc, iterations=iterations, rng=1), repeat=3)
    t_jcl = median_time(lambda: simulate(net, unc, iterations=iterations, rng=1, costs=costs),
                        repeat=3)
    r = simulate(net, unc, iterations=iterations, rng=1, costs=costs)
    plain = simulate(net, unc, iterations=iterations, rng=1)
    if not np.array_equal(r.finish, plain.finish):
        raise SystemExit("costs changed the schedule numbers")
    # CPU time of this process, least of 5 interleaved runs: steadier than wall time on a
    # shared machine (other jobs' load inflates wall medians)
    cpu_sim, cpu_jcl = [], []
    for _ in range(5):
        t0 = time.process_time()
        simulate(net, unc, iterations=iterations, rng=1)
        cpu_sim.append(time.process_time() - t0)
        t0 = time.process_time()
        simulate(net, unc, iterations=iterations, rng=1, costs=costs)
        cpu_jcl.append(time.process_time() - t0)
    print(f"JCL {n:,} activities x {iterations:,} iterations: simulate {t_sim * 1e3:6.0f} ms | "
          f"simulate(costs=) {t_jcl * 1e3:6.0f} ms ({t_jcl / t_sim:4.2f}x wall medians, "
          f"{min(cpu_jcl) / min(cpu_sim):4.2f}x least CPU time; limit 1.3x)")


def main() -> None:
    """Time the three approaches and print medians and ratios."""
    print(machine())
    bench_cost_loading()
    bench_jcl()
    try:
        import pmcontrols
    except ImportError:  # pragma: no cover - the bench extra installs it
        pmcontrols = None
        print("pmcontrols is not installed: pip install -e '.[bench]'")

    for n in (1_000, 10_000):
        plans, earned, actual = make_portfolio(n)
        vec = median_time(lambda p=plans, e=earned, a=actual: portfolio_earned_value(p, e, a),
                          repeat=5)
        sub = min(n, 1_000)  # loops are timed on a subset and scaled per project

        def loop_pmokit(s: int = sub, p=plans, e=earned, a=actual) -> list:
            return [earned_value(p[k], e[k], a[k]) for k in range(s)]

        t_loop = median_time(loop_pmokit, repeat=3) * n / sub
        line = (f"{n:>6} projects: pmokit vectorised {vec * 1e3:8.1f} ms | pmokit loop "
                f"{t_loop * 1e3:8.0f} ms ({t_loop / vec:5.0f}x)")
        res = portfolio_earned_value(plans, earned, actual)
        if pmcontrols is not None:
            psub = min(n, 300)
            pmbs = [pmcontrols.plan(list(range(p.size + 1)), [0.0, *p.tolist()])
                    for p in plans[:psub]]

            def loop_pmc(s: int = psub, b=pmbs, e=earned, a=actual) -> list:
                return [pmcontrols.evm(b[k], ev=float(e[k, -1]), ac=float(a[k, -1]), at=12.0)
                        for k in range(s)]

            t_pmc = median_time(loop_pmc, repeat=3) * n / psub
            line += f" | pmcontrols loop {t_pmc * 1e3:8.0f} ms ({t_pmc / vec:5.0f}x)"
            ref = [r.stats for r in loop_pmc()]
            for key in ("cpi", "spi", "es", "spi_t"):
                mine = getattr(res, key)[:psub]
                theirs = np.array([r[key] for r in ref])
                if not np.allclose(mine, theirs, rtol=1e-9, equal_nan=True):
                    raise SystemExit(f"disagreement with pmcontrols on {key}")
        one = loop_pmokit(10)
        for k in range(10):
            if not np.isclose(one[k].es, res.es[k], rtol=1e-12):
                raise SystemExit("vectorised and per-project ES disagree")
        print(line)
    print("agreement: CPI, SPI, ES and SPI(t) equal pmcontrols' (rtol 1e-9) and the loop's")


if __name__ == "__main__":
    main()
