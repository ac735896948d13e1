"""Benchmark: Monte Carlo schedule risk, pmokit vs peers, in one run.

Times ``pmokit.scheduling.simulate`` against the Python peers that install here
(pmcontrols ``pert``, trueppm-scheduler ``monte_carlo``, and mcprojsim's
``SimulationEngine`` in a Python 3.13 subprocess when ``.venv-mcprojsim`` exists)
and a naive loop of pmokit's own ``schedule`` per iteration, on the same random
1,000-activity network (1-3 finish-to-start predecessors each among the previous 50
activities, durations 1-20 days, three-point ranges -20% / +50%), 10,000 iterations.
pmokit runs with all indices, with pmcontrols' outputs only (durations and criticality),
with durations only, and with an individual BetaPert per activity (pmcontrols too, on
the same input). Then 10,000 iterations of a 10,000-activity network, with the peak
memory. Last, the risk tornado against its baseline (one rerun per risk at probability 0,
checked equal bit for bit).

The mcprojsim peer needs Python 3.13: ``python3.13 -m venv .venv-mcprojsim &&
.venv-mcprojsim/bin/pip install mcprojsim``.

Reported: medians of repeated runs (wall clock) and the ratios. The machine is shared,
so only ratios measured in the same run mean much. The header names the CPU (from
/proc/cpuinfo) and whether the compiled kernels of the extra ``fast`` (numba) run, with
their compile time (a first call against later ones); the 1,000-activity network is the
deep case of issue 22 (links within the previous 50 activities), reported with its two
ratios: like for like against the fastest peer (target >= 5x) and all indices against
durations only (target <= 1.5x), with numba and on the numpy path.

Run: ``python benchmarks/bench_risk.py [--deep-only]`` (``pip install -e '.[bench]'`` for
the peers; ``--deep-only`` stops after the 1,000-activity deep case).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import resource
import statistics
import subprocess
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import numpy as np

from pmokit import _compiled
from pmokit.scheduling import (
    Activity,
    BetaPert,
    Dependency,
    Network,
    RiskEvent,
    Triangular,
    percentage_template,
    schedule,
    simulate,
)

ITERATIONS = 10_000


def make_network(n: int, seed: int = 0, window: int = 50) -> Network:
    """A random activity-on-node network with finish-to-start links."""
    rng = np.random.default_rng(seed)
    acts = [Activity(f"A{i}", float(rng.integers(1, 21))) for i in range(n)]
    deps = []
    for i in range(1, n):
        k = int(rng.integers(1, 4))
        preds = sorted(set(rng.integers(max(0, i - window), i, size=k).tolist()))
        deps += [Dependency(f"A{p}", f"A{i}") for p in preds]
    return Network(acts, deps)


def median_time(
    fn: Callable[[], Any], repeat: int, warm: bool = True
) -> tuple[tuple[float, float], Any]:
    """Median (wall, CPU) seconds of ``repeat`` runs (after a first one that warms caches).

    CPU time (``time.process_time``) is the fairer measure on a shared machine: every
    contender here is single-threaded, and waiting for a core is not counted.
    """
    out = fn() if warm else None
    wall, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return (statistics.median(wall), statistics.median(cpu)), out


def alternating_ratio(fn_all: Callable[[], Any], fn_none: Callable[[], Any],
                      rounds: int = 7) -> tuple[float, list[float]]:
    """The median over ``rounds`` rounds of the CPU-time ratio of ``fn_all`` to
    ``fn_none``, run one after the other in each round (after one warm-up of each): the
    load of a shared machine hits both sides of a round alike."""
    fn_all()
    fn_none()
    ratios = []
    for _ in range(rounds):
        gc.collect()
        c0 = time.process_time()
        fn_all()
        c1 = time.process_time()
        gc.collect()
        c2 = time.process_time()
        fn_none()
        c3 = time.process_time()
        ratios.append((c1 - c0) / (c3 - c2))
    return statistics.median(ratios), ratios


def pmcontrols_runner(
    net: Network, dists: dict[str, BetaPert] | None = None
) -> Callable[[], Any] | None:
    """pmcontrols ``pert`` on the -20%/+50% ranges, or on the given BetaPerts."""
    try:
        from pmcontrols.network import pert
    except ImportError:
        return None
    preds: dict[str, list[str]] = {a.id: [] for a in net.activities}
    for d in net.dependencies:
        preds[d.successor].append(d.predecessor)
    recs = [
        {"id": a.id, "a": 0.8 * a.duration, "m": a.duration, "b": 1.5 * a.duration,
         "predecessors": preds[a.id]}
        if dists is None else
        {"id": a.id, "a": dists[a.id].low, "m": dists[a.id].mode, "b": dists[a.id].high,
         "predecessors": preds[a.id]}
        for a in net.activities
    ]
    return lambda: pert(recs, n_sim=ITERATIONS, seed=1)


TRUEPPM_RUNS = 500
"""trueppm-scheduler is timed on this many runs and scaled to ITERATIONS (it is linear in
runs; the full 10,000 take many minutes here)."""


def trueppm_runner(net: Network) -> Callable[[], Any] | None:
    try:
        import trueppm_scheduler as tp
    except ImportError:
        return None
    day = dt.timedelta(days=1)
    # trueppm takes whole days only, and floors each sample at the planned duration
    tasks = [
        tp.Task(id=a.id, name=a.id, duration=day * int(0.8 * a.duration),
                optimistic_duration=day * int(0.8 * a.duration),
                most_likely_duration=day * int(a.duration),
                pessimistic_duration=day * int(np.ceil(1.5 * a.duration)))
        for a in net.activities
    ]
    deps = [tp.Dependency(d.predecessor, d.successor) for d in net.dependencies]
    project = tp.Project(id="bench", name="bench", start_date=dt.date(2026, 1, 5),
                         tasks=tasks, dependencies=deps)
    return lambda: tp.monte_carlo(project, runs=TRUEPPM_RUNS, seed=1,
                                  max_runs=TRUEPPM_RUNS, max_tasks=len(tasks))


MCPROJSIM_RUNS = 200
"""mcprojsim is timed on this many iterations and scaled to ITERATIONS (linear in runs)."""

MCPROJSIM_PYTHON = Path(__file__).resolve().parent.parent / ".venv-mcprojsim" / "bin" / "python"
"""mcprojsim needs Python >= 3.13: it runs in a subprocess with this interpreter if present."""

_MCPROJSIM_SCRIPT = """
import json, sys, time
from mcprojsim.models.project import Project
from mcprojsim.simulation.engine import SimulationEngine
spec = json.load(sys.stdin)
tasks = [{"id": t["id"], "name": t["id"], "dependencies": t["p"],
          "estimate": {"distribution": "triangular", "low": t["a"], "expected": t["m"],
                       "high": t["b"], "unit": "days"}} for t in spec["tasks"]]
project = Project.model_validate({"project": {"name": "bench", "start_date": "2026-01-05"},
                                  "tasks": tasks})
engine = SimulationEngine(iterations=spec["iterations"], random_seed=1, show_progress=False)
t0, c0 = time.perf_counter(), time.process_time()
res = engine.run(project)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "mean_hours": float(res.mean)}))
"""


def mcprojsim_time(net: Network) -> tuple[float, float] | None:
    """mcprojsim's SimulationEngine on the Triangular model, in a Python 3.13 subprocess."""
    if not MCPROJSIM_PYTHON.exists():
        return None
    preds: dict[str, list[str]] = {a.id: [] for a in net.activities}
    for d in net.dependencies:
        preds[d.successor].append(d.predecessor)
    spec = {"iterations": MCPROJSIM_RUNS,
            "tasks": [{"id": a.id, "a": 0.8 * a.duration, "m": a.duration,
                       "b": 1.5 * a.duration, "p": preds[a.id]} for a in net.activities]}
    proc = subprocess.run([str(MCPROJSIM_PYTHON), "-c", _MCPROJSIM_SCRIPT],
                          input=json.dumps(spec), capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print("mcprojsim failed:", proc.stderr.strip().splitlines()[-1:], flush=True)
        return None
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"mcprojsim mean {out['mean_hours'] / 8:.1f} days (Triangular; 8 h per day)")
    f = ITERATIONS / MCPROJSIM_RUNS
    return out["wall"] * f, out["cpu"] * f


def naive_loop(net: Network, iterations: int) -> tuple[float, float]:
    """pmokit's own deterministic schedule() once per iteration (mean seconds each).

    The durations of an iteration are drawn in one vectorised call; the loop builds the
    network with them and schedules it, which is what a user without simulate would do.
    """
    rng = np.random.default_rng(1)
    d = np.array([a.duration for a in net.activities])
    lo, hi = 0.8 * d, 1.5 * d
    alpha = 1 + 4 * (d - lo) / (hi - lo)
    beta = 1 + 4 * (hi - d) / (hi - lo)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(iterations):
        sample = lo + (hi - lo) * rng.beta(alpha, beta)
        acts = [Activity(a.id, float(x)) for a, x in zip(net.activities, sample, strict=True)]
        schedule(Network(acts, net.dependencies))
    return (time.perf_counter() - t0) / iterations, (time.process_time() - c0) / iterations


def cpu_model() -> str:
    """The CPU model named by /proc/cpuinfo (Linux), else the platform's processor."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "unknown CPU"


def header() -> None:
    """Machine, versions, and the compile time of the kernels (first call vs later)."""
    import os
    import sys

    print(f"CPU: {cpu_model()} ({os.cpu_count()} cores, shared: compare ratios of one run)")
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}")
    if not _compiled.available():
        print("numba: not installed (extra 'fast'): numpy paths only")
        return
    import numba

    net = make_network(60, seed=3)
    unc = percentage_template(net, -20, 50, shape="betapert")
    t0 = time.perf_counter()
    simulate(net, unc, iterations=200, rng=1)
    first = time.perf_counter() - t0
    (later, _), _ = median_time(lambda: simulate(net, unc, iterations=200, rng=1), 5)
    print(f"numba {numba.__version__}: compiled kernels on; first simulate call "
          f"{first:.2f} s (compiles the kernels), later calls {later * 1e3:.1f} ms: "
          f"compile time about {first - later:.2f} s once per process")


def section_1k() -> None:
    net = make_network(1000)
    beta = percentage_template(net, -20, 50, shape="betapert")
    tri = percentage_template(net, -20, 50)
    rng = np.random.default_rng(7)
    distinct = {
        a.id: BetaPert(a.duration * (1 - 0.3 * rng.random()), a.duration,
                       a.duration * (1 + rng.random()))
        for a in net.activities
    }
    print(f"## 1,000 activities ({net.compiled.m} links, "
          f"{net.compiled.level_ptr.size - 1} levels), {ITERATIONS:,} iterations")
    rows: list[tuple[str, tuple[float, float]]] = []
    t_beta, res = median_time(lambda: simulate(net, beta, iterations=ITERATIONS, rng=1), 5)
    rows.append(("pmokit simulate, BetaPert, all indices", t_beta))
    t_crit, _ = median_time(
        lambda: simulate(net, beta, iterations=ITERATIONS, rng=1, indices=("criticality",)), 5)
    rows.append(("pmokit simulate, BetaPert, durations and criticality (pmcontrols' outputs)",
                 t_crit))
    t_fast, _ = median_time(
        lambda: simulate(net, beta, iterations=ITERATIONS, rng=1, indices=False), 5)
    rows.append(("pmokit simulate, BetaPert, durations only", t_fast))
    t_tri, _ = median_time(lambda: simulate(net, tri, iterations=ITERATIONS, rng=1), 5)
    rows.append(("pmokit simulate, Triangular, all indices", t_tri))
    t_dist, _ = median_time(lambda: simulate(net, distinct, iterations=ITERATIONS, rng=1), 3)
    rows.append(("pmokit simulate, 1,000 distinct BetaPert shapes", t_dist))
    numpy_rows: dict[str, tuple[float, float]] = {}
    if _compiled.available():  # the same runs on the numpy path, for comparison
        with _compiled.disabled():
            for key, kw in (("all", {}), ("crit", {"indices": ("criticality",)}),
                            ("none", {"indices": False})):
                numpy_rows[key], _ = median_time(
                    lambda kw=kw: simulate(net, beta, iterations=ITERATIONS, rng=1, **kw), 3)
        rows.append(("pmokit simulate on the numpy path (no numba), all indices",
                     numpy_rows["all"]))
        rows.append(("pmokit simulate on the numpy path, durations and criticality",
                     numpy_rows["crit"]))
        rows.append(("pmokit simulate on the numpy path, durations only", numpy_rows["none"]))
    print(f"pmokit P80 {res.percentile(80):.1f} days, mean {res.mean:.1f}, "
          f"chunk {res.chunk_size} iterations")
    peers: list[tuple[str, tuple[float, float]]] = []
    scale = {"pmcontrols pert": 1.0,
             f"trueppm-scheduler monte_carlo (x{ITERATIONS // TRUEPPM_RUNS} from "
             f"{TRUEPPM_RUNS} runs)": ITERATIONS / TRUEPPM_RUNS}
    for (name, factor), factory, repeat in zip(
        scale.items(), (pmcontrols_runner, trueppm_runner), (3, 1), strict=True
    ):
        runner = factory(net)
        if runner is None:
            print(f"{name}: not installed, skipped", flush=True)
            continue
        try:
            (w, c), out = median_time(runner, repeat, warm=factor == 1.0)
            t = (w * factor, c * factor)
        except Exception as exc:  # a peer's own limits; report and go on
            print(f"{name}: failed ({type(exc).__name__}: {str(exc)[:120]})")
            continue
        peers.append((name, t))
        if name.startswith("pmcontrols"):
            print(f"pmcontrols mean {out.stats['mc_mean']:.1f} days, "
                  f"P80 {out.stats['mc_p80']:.1f}")
    runner = pmcontrols_runner(net, distinct)
    if runner is not None:
        t_pd, _ = median_time(runner, 3)
        rows.append(("pmcontrols pert, the same 1,000 distinct shapes", t_pd))
        print(f"distinct shapes: pmokit {t_pd[1] / t_dist[1]:.1f}x faster than pmcontrols "
              "(CPU)")
    mcp = mcprojsim_time(net)
    if mcp is None:
        print("mcprojsim: needs Python >= 3.13 (.venv-mcprojsim), skipped")
    else:
        peers.append((f"mcprojsim SimulationEngine, Triangular (x{ITERATIONS // MCPROJSIM_RUNS} "
                      f"from {MCPROJSIM_RUNS} runs)", mcp))
    w, c = naive_loop(net, 200)
    peers.append(("naive loop of pmokit schedule() (extrapolated from 200)",
                  (w * ITERATIONS, c * ITERATIONS)))
    print()
    print("| run | wall [s] | CPU [s] | wall ratio | CPU ratio |")
    print("|---|---|---|---|---|")
    for name, (w, c) in rows + peers:
        print(f"| {name} | {w:.3f} | {c:.3f} | {w / t_beta[0]:.2f}x | {c / t_beta[1]:.2f}x |")
    real = [t for n, t in peers if not n.startswith("naive")]
    if real:
        fw = min(t[0] for t in real)
        fc = min(t[1] for t in real)
        print(f"\nspeed-up over the fastest peer, pmokit with all indices: wall "
              f"{fw / t_beta[0]:.1f}x, CPU {fc / t_beta[1]:.1f}x; with the same outputs "
              f"(durations and criticality): wall {fw / t_crit[0]:.1f}x, CPU "
              f"{fc / t_crit[1]:.1f}x; durations only: wall {fw / t_fast[0]:.1f}x, CPU "
              f"{fc / t_fast[1]:.1f}x")
        engine = "compiled kernels" if _compiled.active() else "numpy path"
        print(f"\ndeep network (issue 22), {engine}: like for like (durations and "
              f"criticality) {fc / t_crit[1]:.1f}x the fastest peer (CPU; target >= 5x); "
              f"all indices / durations only {t_beta[1] / t_fast[1]:.2f}x (CPU; target "
              "<= 1.5x)")
        if numpy_rows:
            print(f"deep network, numpy path: like for like {fc / numpy_rows['crit'][1]:.1f}x; "
                  f"all indices / durations only "
                  f"{numpy_rows['all'][1] / numpy_rows['none'][1]:.2f}x")
    # the 1.5x bound, measured as the median of alternating runs (robust to load)
    for label, ctx in (("compiled kernels", _compiled.active()), ("numpy path", True)):
        if label == "compiled kernels" and not ctx:
            continue
        runs = (lambda: simulate(net, beta, iterations=ITERATIONS, rng=1),
                lambda: simulate(net, beta, iterations=ITERATIONS, rng=1, indices=False))
        if label == "numpy path":
            with _compiled.disabled():
                med, ratios = alternating_ratio(*runs)
        else:
            med, ratios = alternating_ratio(*runs)
        print(f"deep network, {label}: all indices / durations only, median of "
              f"{len(ratios)} alternating runs {med:.2f}x (CPU; target <= 1.5x; rounds "
              f"{', '.join(f'{r:.2f}' for r in ratios)})")


def section_10k() -> None:
    net = make_network(10_000, seed=1)
    unc = percentage_template(net, -20, 50, shape="betapert")
    print(f"\n## 10,000 activities ({net.compiled.m} links), {ITERATIONS:,} iterations")
    (t, tc), res = median_time(lambda: simulate(net, unc, iterations=ITERATIONS, rng=1), 3)
    tracemalloc.start()
    simulate(net, unc, iterations=ITERATIONS, rng=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pmokit simulate, BetaPert, all indices: median wall {t:.2f} s, CPU {tc:.2f} s, "
          f"chunk {res.chunk_size} iterations, "
          f"peak traced memory {peak / 2**20:.0f} MiB, process max RSS {rss:.0f} MiB")
    tri = percentage_template(net, -20, 50)
    (t2, t2c), _ = median_time(lambda: simulate(net, tri, iterations=ITERATIONS, rng=1,
                                                indices=False), 3)
    print(f"pmokit simulate, Triangular, durations only: median wall {t2:.2f} s, "
          f"CPU {t2c:.2f} s")


def portfolio_network(projects: int = 10, size: int = 100) -> Network:
    """Independent projects of ``size`` random activities each (one portfolio network)."""
    acts: list[Activity] = []
    deps: list[Dependency] = []
    for p in range(projects):
        sub = make_network(size, seed=p)
        acts += [Activity(f"P{p}-{a.id}", a.duration) for a in sub.activities]
        deps += [Dependency(f"P{p}-{d.predecessor}", f"P{p}-{d.successor}")
                 for d in sub.dependencies]
    return Network(acts, deps)


def section_risks() -> None:
    """The risk tornado against its baseline: one more simulate per risk with that risk at
    probability 0 (what a user without the tornado would run; the same draws)."""
    rng = np.random.default_rng(3)
    cases = []
    net = make_network(1000)
    cases.append(("1,000 activities, 20 risks on 5 random activities each", net, [
        RiskEvent(f"R{j}", 0.3, Triangular(1.05, 1.1, 1.3),
                  [str(x) for x in rng.choice(net.ids, 5, replace=False)])
        for j in range(20)]))
    port = portfolio_network()
    cases.append(("portfolio of 10 independent 100-activity projects, 20 project risks",
                  port, [
                      RiskEvent(f"R{j}", 0.3, Triangular(1.05, 1.1, 1.3),
                                [f"P{j % 10}-A{int(rng.integers(0, 100))}" for _ in range(2)])
                      for j in range(20)]))
    print(f"\n## Risk tornado, {ITERATIONS:,} iterations, all indices")
    print("| network | simulate with risks [s CPU] | without risks | baseline: one rerun "
          "per risk [s CPU] | ratio |")
    print("|---|---|---|---|---|")
    for name, network, risks in cases:
        unc = percentage_template(network, -20, 50, shape="betapert")
        (_, t_none), _ = median_time(
            lambda network=network, unc=unc: simulate(network, unc, iterations=ITERATIONS,
                                                      rng=1), 3)
        (_, t_risk), res = median_time(
            lambda network=network, unc=unc, risks=risks: simulate(
                network, unc, iterations=ITERATIONS, rng=1, risks=risks), 3)

        def baseline(network: Network = network, unc: dict[str, Any] = unc,
                     risks: list[RiskEvent] = risks) -> list[Any]:
            out = [simulate(network, unc, iterations=ITERATIONS, rng=1, risks=risks)]
            for r in risks:
                off = [attrs.evolve(x, probability=0.0) if x is r else x for x in risks]
                out.append(simulate(network, unc, iterations=ITERATIONS, rng=1, risks=off))
            return out

        (_, t_base), runs = median_time(baseline, 1, warm=False)
        same = all(np.array_equal(res.finish_without_risk[j], runs[j + 1].finish)
                   for j in range(len(risks)))
        print(f"| {name} | {t_risk:.3f} | {t_none:.3f} | {t_base:.3f} | "
              f"{t_base / t_risk:.1f}x |")
        print(f"(tornado equals the reruns bit for bit: {same})")


if __name__ == "__main__":
    import sys

    header()
    section_1k()
    if "--deep-only" in sys.argv[1:]:  # just the deep 1,000-activity case (issue 22)
        raise SystemExit(0)
    section_10k()
    section_risks()
