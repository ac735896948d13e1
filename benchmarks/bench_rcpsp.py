"""PSPLIB benchmark of pmokit's resource-constrained scheduling (not a test).

Reads the single-mode sets from ``../shared/data/psplib`` with the small parser in
``benchmarks/psplib_sm.py``, runs :func:`pmokit.scheduling.resource_constrained_schedule`
through the public API, verifies every schedule for precedence and capacity with an
independent check, and reports per set the average % deviation from the optimum (j30) or
from the critical-path bound (j120) at each schedule budget, with the time per instance.
It also checks that one pass of the serial scheme with the LFT rule gives the ``sgs_lft``
makespan of ``reference.csv`` on every instance of the chosen sets, and compares with
OR-Tools CP-SAT (time-limited) on a sample of j30.

Usage::

    python benchmarks/bench_rcpsp.py                      # j30 all + j120 sample of 30
    python benchmarks/bench_rcpsp.py --sets j120 --sample 0 --budgets 5000   # full j120
    python benchmarks/bench_rcpsp.py --cpsat 0            # skip CP-SAT
    python benchmarks/bench_rcpsp.py --sets j120 --stride 5 --budgets 5000 --cpsat 0 --large 0
                                  # every 5th j120 instance, seeds as in the full run
    python benchmarks/bench_rcpsp.py --sets none --cpsat 0 --large 2000  # large network only

``--large N`` (default 2000; 0 skips) also times the GA at ``--large-schedules`` (5,000)
on a seeded random network of N activities and 4 resources, with the compiled kernels
(extra ``fast``, numba; compile time reported apart) and on the numpy path in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from pmokit import _compiled

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psplib_sm
from common import machine
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    Resource,
    ResourceSchedule,
    resource_constrained_schedule,
)

PUBLISHED_J120 = (
    "published j120 (% above CP bound, 1,000 / 5,000 schedules): sampling (Kolisch 1995) "
    "44.46 / 43.05; activity-list GA (Hartmann 1998) 39.93 / 38.49; self-adapting GA "
    "(Hartmann 2002) 37.19 / 35.39; scatter search + FBI (Debels et al. 2006) 35.22 / 33.10; "
    "hybrid GA + FBI (Valls et al. 2008) 34.07 / 32.54"
)


def to_network(inst: psplib_sm.SmInstance) -> tuple[Network, list[Resource]]:
    """A PSPLIB instance as a pmokit Network (jobs J1..Jn, FS links) and Resources."""
    acts = [
        Activity(f"J{i + 1}", d, demands={f"R{k + 1}": q for k, q in enumerate(dem) if q})
        for i, (d, dem) in enumerate(zip(inst.durations, inst.demands, strict=True))
    ]
    deps = [
        Dependency(f"J{i + 1}", f"J{s + 1}")
        for i, succ in enumerate(inst.successors)
        for s in succ
    ]
    res = [Resource(f"R{k + 1}", c) for k, c in enumerate(inst.capacities)]
    return Network(acts, deps), res


def verify(inst: psplib_sm.SmInstance, rs: ResourceSchedule) -> None:
    """Raise if any precedence or capacity is violated (independent of pmokit's engine)."""
    s = [round(x) for x in rs.start.tolist()]
    d = inst.durations
    for i, succ in enumerate(inst.successors):
        for j in succ:
            if s[j] < s[i] + d[i]:
                raise AssertionError(f"{inst.name}: J{j + 1} starts before J{i + 1} finishes")
    horizon = max(a + b for a, b in zip(s, d, strict=True))
    use = np.zeros((horizon + 1, len(inst.capacities)), dtype=np.int64)
    for i, (a, b) in enumerate(zip(s, d, strict=True)):
        use[a : a + b] += inst.demands[i]
    if (use > np.asarray(inst.capacities)).any():
        raise AssertionError(f"{inst.name}: capacity exceeded")
    if rs.makespan != horizon:
        raise AssertionError(f"{inst.name}: makespan {rs.makespan} != {horizon}")


def sample(items: list[psplib_sm.SmInstance], n: int) -> list[psplib_sm.SmInstance]:
    """Every k-th instance so that all parameter classes are represented (n <= 0: all)."""
    if n <= 0 or n >= len(items):
        return items
    idx = np.linspace(0, len(items) - 1, n).round().astype(int)
    return [items[i] for i in sorted(set(idx.tolist()))]


def check_lft(set_name: str, items: list[psplib_sm.SmInstance]) -> tuple[int, int]:
    """Instances where one serial LFT pass differs from reference.csv's sgs_lft."""
    ref = psplib_sm.reference(set_name)
    bad = 0
    for inst in items:
        net, res = to_network(inst)
        rs = resource_constrained_schedule(net, res, method="serial", priority="lft")
        verify(inst, rs)
        if rs.makespan != ref[inst.name]["sgs_lft"]:
            bad += 1
            print(f"  sgs_lft differs on {inst.name}: {rs.makespan} vs "
                  f"{ref[inst.name]['sgs_lft']}")
    return bad, len(items)


def run_set(
    set_name: str,
    items: list[psplib_sm.SmInstance],
    budgets: list[int],
    seed: int,
    keys: list[int] | None = None,
) -> list[str]:
    """Rows of the results table for one set (instance k draws from ``seed + keys[k]``,
    by default ``seed + k``)."""
    ref = psplib_sm.reference(set_name)
    target = "ub" if set_name == "j30" else "cpm_lb"
    keys = list(range(len(items))) if keys is None else keys
    rows = []
    for budget in budgets:
        devs, times, cpu, used, opt = [], [], [], [], 0
        for k, inst in zip(keys, items, strict=True):
            net, res = to_network(inst)
            t0, c0 = time.perf_counter(), time.process_time()
            rs = resource_constrained_schedule(net, res, schedules=budget, rng=seed + k)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            verify(inst, rs)
            tgt = ref[inst.name][target]
            devs.append(100.0 * (rs.makespan - tgt) / tgt)
            used.append(rs.schedules)
            opt += rs.makespan <= ref[inst.name]["ub"]
        what = "optimum" if set_name == "j30" else "CP bound"
        row = (
            f"| {set_name} | {len(items)} | {budget:,} | {statistics.fmean(devs):.3f}% above "
            f"{what} | {opt}/{len(items)} | {statistics.fmean(times):.3f} | "
            f"{statistics.fmean(cpu):.3f} | "
            f"{statistics.median(times):.3f} | {max(times):.2f} | {statistics.fmean(used):.0f} |"
        )
        print(row, flush=True)
        rows.append(row)
    return rows


def cpsat(inst: psplib_sm.SmInstance, seconds: float) -> tuple[int, bool, float]:
    """OR-Tools CP-SAT makespan, whether proven optimal, and wall time."""
    from ortools.sat.python import cp_model

    m = cp_model.CpModel()
    n = len(inst.durations)
    horizon = sum(inst.durations)
    start = [m.new_int_var(0, horizon, f"s{i}") for i in range(n)]
    iv = [
        m.new_fixed_size_interval_var(start[i], inst.durations[i], f"i{i}") for i in range(n)
    ]
    for i, succ in enumerate(inst.successors):
        for j in succ:
            m.add(start[j] >= start[i] + inst.durations[i])
    for k, cap in enumerate(inst.capacities):
        m.add_cumulative(iv, [inst.demands[i][k] for i in range(n)], cap)
    mk = m.new_int_var(0, horizon, "makespan")
    m.add_max_equality(mk, [start[i] + inst.durations[i] for i in range(n)])
    m.minimize(mk)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    t0 = time.perf_counter()
    status = solver.solve(m)
    wall = time.perf_counter() - t0
    return int(solver.value(mk)), status == cp_model.OPTIMAL, wall


def compare_cpsat(items: list[psplib_sm.SmInstance], seconds: float, seed: int) -> list[str]:
    """pmokit GA (5,000 schedules) vs CP-SAT on the same j30 instances."""
    ref = psplib_sm.reference("j30")
    p_dev, c_dev, p_t, c_t, proven = [], [], [], [], 0
    for k, inst in enumerate(items):
        net, res = to_network(inst)
        t0 = time.perf_counter()
        rs = resource_constrained_schedule(net, res, schedules=5000, rng=seed + k)
        p_t.append(time.perf_counter() - t0)
        verify(inst, rs)
        ms, opt, wall = cpsat(inst, seconds)
        c_t.append(wall)
        proven += opt
        ub = ref[inst.name]["ub"]
        p_dev.append(100.0 * (rs.makespan - ub) / ub)
        c_dev.append(100.0 * (ms - ub) / ub)
    ratio = statistics.median(p_t) / statistics.median(c_t)
    return [
        f"| pmokit GA, 5,000 schedules | {len(items)} | {statistics.fmean(p_dev):.2f}% | "
        f"{statistics.median(p_t):.3f} | |",
        f"| OR-Tools CP-SAT, 1 worker, {seconds:g} s limit | {len(items)} | "
        f"{statistics.fmean(c_dev):.2f}% | {statistics.median(c_t):.3f} | "
        f"{proven} proven optimal |",
        f"| ratio of median times pmokit / CP-SAT | | | {ratio:.2f} | |",
    ]


def large_network(n: int, seed: int = 7) -> tuple[Network, list[Resource]]:
    """N activities, durations 1-10 days, demands 0-5 on 4 resources of capacity 10, and
    1-3 finish-to-start predecessors each among the previous 60 activities (seeded)."""
    rng = np.random.default_rng(seed)
    acts = [
        Activity(f"A{i}", float(rng.integers(1, 11)),
                 demands={f"R{k}": int(rng.integers(0, 6)) for k in range(4)})
        for i in range(n)
    ]
    deps = [
        Dependency(f"A{i}", f"A{j}")
        for j in range(1, n)
        for i in sorted(set(rng.integers(max(0, j - 60), j, size=int(rng.integers(1, 4)))
                            .tolist()))
    ]
    return Network(acts, deps), [Resource(f"R{k}", 10) for k in range(4)]


def compile_time(seed: int) -> str:
    """The first call in this process, on 30 activities: mostly the kernels' compilation."""
    if not _compiled.available():
        return "compiled kernels: numba not installed (numpy path)"
    small, sres = large_network(30)
    t0, c0 = time.perf_counter(), time.process_time()
    resource_constrained_schedule(small, sres, schedules=60, rng=seed)
    return (f"compile of the kernels (first call in this process, 30 activities): "
            f"{time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU")


def time_large(n: int, schedules: int, seed: int, numpy_path: bool) -> list[str]:
    """Rows: the GA on the large network, compiled kernels and numpy path."""
    net, res = large_network(n)
    rows = []
    variants = [("compiled (numba)", _compiled.available()), ("numpy path", numpy_path)]
    times = {}
    for title, run in variants:
        if not run:
            continue
        t0, c0 = time.perf_counter(), time.process_time()
        if title == "numpy path":
            with _compiled.disabled():
                rs = resource_constrained_schedule(net, res, schedules=schedules, rng=seed)
        else:
            rs = resource_constrained_schedule(net, res, schedules=schedules, rng=seed)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        times[title] = wall
        rows.append(f"| {title} | {wall:.2f} | {cpu:.2f} | {rs.makespan:g} | "
                    f"{rs.critical_path_bound:g} / {rs.lower_bound:g} |")
    if len(times) == 2:
        ratio = times["numpy path"] / times["compiled (numba)"]
        rows.append(f"| speed-up compiled / numpy path (wall) | {ratio:.1f}x | | | |")
    return rows


def main() -> None:
    """Run the benchmark with the options given on the command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default="j30,j120")
    ap.add_argument("--sample", type=int, default=0, help="instances per set (0: all)")
    ap.add_argument("--j120-sample", type=int, default=30,
                    help="instances of j120 when --sample is 0 (0: all 600)")
    ap.add_argument("--stride", type=int, default=0,
                    help="every stride-th instance of each set from --offset, seeded as in "
                         "a run over the whole set (0: use --sample)")
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--first", type=int, default=0,
                    help="only the first N instances chosen by --stride (0: all)")
    ap.add_argument("--budgets", default="1000,5000")
    ap.add_argument("--cpsat", type=int, default=20, help="j30 instances for CP-SAT (0: skip)")
    ap.add_argument("--cpsat-seconds", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--large", type=int, default=2000,
                    help="activities of the large random network (0: skip)")
    ap.add_argument("--large-schedules", type=int, default=5000)
    ap.add_argument("--large-numpy", type=int, default=1,
                    help="also time the numpy path on the large network (0: skip)")
    args = ap.parse_args()
    budgets = [int(b) for b in args.budgets.split(",")]
    print(f"machine: {machine()}")
    print(f"options: {vars(args)}")
    print(compile_time(args.seed), flush=True)
    head = (
        "| set | instances | schedules | mean deviation | at best known | mean wall s/instance | "
        "mean CPU s | median wall s | max wall s | schedules used |\n"
        "|---|---|---|---|---|---|---|---|---|---|"
    )
    for set_name in args.sets.split(","):
        if set_name == "none":
            continue
        if not psplib_sm.available(set_name):
            print(f"{set_name}: data not found under {psplib_sm.DATA}; skipped")
            continue
        items = list(psplib_sm.read_set(set_name))
        bad, total = check_lft(set_name, items)
        print(f"{set_name}: single-pass serial LFT equals reference sgs_lft on "
              f"{total - bad}/{total} instances")
        print(head)
        if args.stride or args.first:
            # every stride-th instance from offset (the first `first` of them), each with
            # the seed it has in a run over the whole set
            keys = list(range(args.offset, len(items), max(args.stride, 1)))
            keys = keys[: args.first or None]
            run_set(set_name, [items[k] for k in keys], budgets, args.seed, keys)
            continue
        n = args.sample or (args.j120_sample if set_name == "j120" else 0)
        chosen = sample(items, n)
        run_set(set_name, chosen, budgets, args.seed)
    if args.cpsat and psplib_sm.available("j30"):
        items = sample(list(psplib_sm.read_set("j30")), args.cpsat)
        print("| solver | instances | mean % above optimum | median s/instance | note |")
        print("|---|---|---|---|---|")
        for line in compare_cpsat(items, args.cpsat_seconds, args.seed):
            print(line)
    if args.large:
        print(f"GA on {args.large:,} activities, 4 resources, {args.large_schedules:,} "
              "schedules")
        print("| run | wall s | CPU s | makespan | CP bound / lower bound |")
        print("|---|---|---|---|---|")
        for line in time_large(args.large, args.large_schedules, args.seed,
                               bool(args.large_numpy)):
            print(line, flush=True)
    print(PUBLISHED_J120)


if __name__ == "__main__":
    main()
