"""Benchmark: pmokit.capacity.allocate against the same LP built in PuLP.

Instance (issue 7): 500 people, 300 projects, 52 weekly periods, 40 skills, each person
with 1-4 skills; each project needs 2-4 skills over a contiguous window of 8-30 weeks.
Model build and solve are timed separately. PuLP builds the identical model (same
variables, constraints and objective) with its Python objects; its solve uses CBC.

Run: ``.venv/bin/python benchmarks/bench_capacity.py [--repeat 3] [--pulp-solve]``
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from typing import Any

import numpy as np

from pmokit.capacity import Demand, Person, allocate
from pmokit.capacity import _allocate as core


def make_instance(
    n_people: int = 500,
    n_projects: int = 300,
    n_periods: int = 52,
    n_skills: int = 40,
    seed: int = 7,
) -> tuple[list[Person], list[Demand]]:
    """A seeded random portfolio of the size named in issue 7."""
    rng = np.random.default_rng(seed)
    skills = [f"skill{i:02d}" for i in range(n_skills)]
    popularity = rng.dirichlet(np.full(n_skills, 2.0))
    people = []
    for i in range(n_people):
        k = int(rng.integers(1, 5))
        chosen = rng.choice(n_skills, size=k, replace=False, p=popularity)
        people.append(
            Person(
                f"p{i:03d}",
                {skills[int(s)]: float(rng.integers(1, 6)) for s in chosen},
                fte=float(rng.choice([0.5, 0.8, 1.0, 1.0, 1.0])),
                cost_rate=float(rng.uniform(40, 120)),
                max_utilisation=0.85,
            )
        )
    demands = []
    for j in range(n_projects):
        value = float(rng.uniform(100, 300))
        start = int(rng.integers(0, n_periods - 8))
        length = int(rng.integers(8, min(30, n_periods - start) + 1))
        for s in rng.choice(n_skills, size=int(rng.integers(2, 5)), replace=False, p=popularity):
            hours = np.zeros(n_periods)
            hours[start : start + length] = rng.uniform(5, 40, size=length).round(1)
            demands.append(
                Demand(
                    f"proj{j:03d}",
                    skills[int(s)],
                    hours,
                    min_proficiency=float(rng.integers(0, 3)),
                    value=value,
                )
            )
    return people, demands


def pmokit_build_solve(
    people: list[Person], demands: list[Demand]
) -> tuple[float, float, float, float]:
    """Time pmokit's build (validation + sparse model) and solve separately: wall and CPU [s]."""
    w0, c0 = time.perf_counter(), time.process_time()
    model = core._compile(people, demands, 52, 40.0, None).model
    w1, c1 = time.perf_counter(), time.process_time()
    core._solve(model, None)
    w2, c2 = time.perf_counter(), time.process_time()
    return w1 - w0, w2 - w1, c1 - c0, c2 - c1


def pulp_build(people: list[Person], demands: list[Demand]) -> tuple[float, Any]:
    """Build the same LP with PuLP objects, the way a PuLP user writes it."""
    import pulp

    t0 = time.perf_counter()
    prob = pulp.LpProblem("allocation", pulp.LpMinimize)
    n_t = 52
    x: dict[tuple[int, int, int], Any] = {}
    by_person_period: dict[tuple[int, int], list[Any]] = {}
    cap = [[p.fte * 40.0 * p.max_utilisation for _ in range(n_t)] for p in people]
    objective = []
    holders: dict[str, list[tuple[int, float]]] = {}
    for p_i, p in enumerate(people):
        for skill, level in p.skills:
            holders.setdefault(skill, []).append((p_i, level))
    for d_i, d in enumerate(demands):
        eligible = [p_i for p_i, lv in holders.get(d.skill, []) if lv >= d.min_proficiency]
        for t in range(n_t):
            h = float(d.hours[t])
            if h <= 0:
                continue
            terms = []
            for p_i in eligible:
                v = pulp.LpVariable(f"x_{p_i}_{d_i}_{t}", lowBound=0)
                x[p_i, d_i, t] = v
                terms.append(v)
                by_person_period.setdefault((p_i, t), []).append(v)
                objective.append((v, people[p_i].cost_rate))
            u = pulp.LpVariable(f"u_{d_i}_{t}", lowBound=0)
            objective.append((u, d.value))
            prob += pulp.lpSum(terms) + u == h, f"demand_{d_i}_{t}"
    for (p_i, t), vs in by_person_period.items():
        prob += pulp.lpSum(vs) <= cap[p_i][t], f"cap_{p_i}_{t}"
    prob += pulp.LpAffineExpression(objective)
    return time.perf_counter() - t0, prob


def peak_rss_mb() -> float:
    """Peak resident memory of this process [MB] (Linux ru_maxrss is in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    """Run the benchmark and print medians and ratios."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pulp-repeat", type=int, default=1)
    ap.add_argument("--pulp-solve", action="store_true", help="also solve the PuLP model (CBC)")
    ap.add_argument(
        "--direct", action="store_true", help="also time HiGHS on the model without reduction"
    )
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    people, demands = make_instance()
    builds, solves, cpu_builds, cpu_solves, ends, cpu_ends = [], [], [], [], [], []
    alloc = None
    for _ in range(args.repeat):
        b, s, cb, cs = pmokit_build_solve(people, demands)
        builds.append(b)
        solves.append(s)
        cpu_builds.append(cb)
        cpu_solves.append(cs)
        w0, c0 = time.perf_counter(), time.process_time()
        alloc = allocate(people, demands, periods=52, hours_per_period=40.0)
        ends.append(time.perf_counter() - w0)
        cpu_ends.append(time.process_time() - c0)
    assert alloc is not None
    med = statistics.median
    print(
        f"instance: {len(people)} people, 300 projects, 52 periods, 40 skills, "
        f"{len(demands)} demands; LP {alloc.n_variables} variables, {alloc.n_constraints} rows"
    )
    print(f"medians of {args.repeat} runs; wall-clock [s] (CPU [s]); the machine is shared")
    print(f"pmokit build   {med(builds):8.3f} ({med(cpu_builds):.3f})")
    print(f"pmokit solve   {med(solves):8.3f} ({med(cpu_solves):.3f})  HiGHS via linprog")
    print(
        f"pmokit allocate() end to end {med(ends):8.3f} ({med(cpu_ends):.3f}), "
        f"objective {alloc.objective:.2f}, status {alloc.status}"
    )
    print(f"peak RSS after pmokit runs: {peak_rss_mb():.0f} MB")
    if args.direct:
        model = core._compile(people, demands, 52, 40.0, None).model
        w0, c0 = time.perf_counter(), time.process_time()
        sol = core._solve(model, None, reduce=False)
        w1, c1 = time.perf_counter(), time.process_time()
        print(
            f"pmokit solve without the row-merging reduction {w1 - w0:8.3f} ({c1 - c0:.3f}), "
            f"objective {float(model.c @ sol.x):.2f}"
        )
    pulp_builds, pulp_cpu = [], []
    prob = None
    for _ in range(args.pulp_repeat):
        c0 = time.process_time()
        pb, prob = pulp_build(people, demands)
        pulp_builds.append(pb)
        pulp_cpu.append(time.process_time() - c0)
    pb_med = med(pulp_builds)
    print(f"PuLP  build   {pb_med:8.3f} ({med(pulp_cpu):.3f})  median of {args.pulp_repeat}")
    print(
        f"build ratio PuLP / pmokit: {pb_med / med(builds):.1f}x wall, "
        f"{med(pulp_cpu) / med(cpu_builds):.1f}x CPU"
    )
    if args.pulp_solve and prob is not None:
        import pulp

        t0 = time.perf_counter()
        prob.solve(pulp.PULP_CBC_CMD(msg=False))
        ps = time.perf_counter() - t0
        cbc = float(pulp.value(prob.objective))
        print(f"PuLP  solve   {ps:8.3f} s  (CBC), objective {cbc:.2f}")
        print(f"objectives agree: {abs(cbc - alloc.objective) <= 1e-6 * abs(alloc.objective)}")
        print(f"solve ratio PuLP+CBC / pmokit+HiGHS (wall): {ps / med(solves):.1f}x")
    print(f"peak RSS of the run: {peak_rss_mb():.0f} MB")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    if children:
        print(f"peak RSS of solver subprocesses (CBC): {children:.0f} MB")


if __name__ == "__main__":
    main()
