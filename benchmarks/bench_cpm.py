"""Benchmark: pmokit CPM against a networkx implementation, pmcontrols and mcprojsim.

Networks (issue 3): random activity networks with about 3 predecessors each, drawn uniformly
from the earlier activities ("wide": few, broad topological levels), plus a "deep" variant at
100k whose predecessors lie within 50 positions (about 11,000 levels). Durations 0-19 days.
pmokit and networkx run all four link types with leads and lags; pmcontrols and mcprojsim
support only finish-to-start links without lags, so they get the same pairs as FS links (and
pmokit is timed on that FS network too for their ratio).

Timed (medians of ``--repeat`` runs; inputs are built outside the timers):

* pmokit ``passes``: forward + backward pass on the compiled network (offsets included);
* pmokit ``schedule``: ``schedule(network)`` (passes, floats, the result object);
* networkx: ``topological_sort`` + forward and backward passes over the DiGraph's edges;
* pmcontrols 0.2.1 ``network.cpm`` (forward and backward passes, a DataFrame);
* mcprojsim 0.15.2 ``TaskScheduler`` topological sort + ``schedule_tasks`` (a forward pass
  only: it has no backward pass); it needs Python >= 3.13, so it runs in a subprocess with
  the interpreter given by ``--mcprojsim-python`` (default ``.venv-mcprojsim/bin/python``),
  on the same arrays, and reports its own timings.

Also: 1M activities end to end (``from_arrays`` + compile + ``schedule``) in a fresh
subprocess with its peak memory (ru_maxrss), and ``slip_impact`` of one activity in 100k
against a recompute.

Run: ``.venv/bin/python benchmarks/bench_cpm.py [--repeat 5] [--sizes 1000 10000 ...]``
(``--deep-only``: just the deep 100k network against networkx, issue 22's target).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np

from pmokit import _compiled
from pmokit.scheduling import Network, schedule, slip_impact
from pmokit.scheduling._cpm import backward_pass, forward_pass

HERE = os.path.dirname(os.path.abspath(__file__))


def make_arrays(n: int, seed: int = 1, window: int | None = None) -> dict[str, Any]:
    """A seeded random network as arrays (~3 predecessors each, all link types)."""
    rng = np.random.default_rng(seed)
    succ = np.repeat(np.arange(1, n), 3)
    lo = np.maximum(0, succ - window) if window else np.zeros_like(succ)
    pred = (lo + rng.random(succ.size) * (succ - lo)).astype(np.int64)
    pair = np.unique(pred * n + succ)
    pred, succ = pair // n, pair % n
    return {
        "ids": [f"A{i}" for i in range(n)],
        "duration": rng.integers(0, 20, n).astype(float),
        "pred": pred,
        "succ": succ,
        "type": rng.integers(0, 4, pred.size).astype(np.int8),
        "lag": rng.integers(-2, 5, pred.size).astype(float),
    }


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time [s] of ``repeat`` calls, and the last result."""
    times = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


# ---------------------------------------------------------------- networkx implementation
def nx_graph(a: dict[str, Any], fs_only: bool = False) -> nx.DiGraph:
    """DiGraph with the start-to-start offset of each link as edge weight."""
    d = a["duration"]
    p, s, t, lag = a["pred"], a["succ"], a["type"], a["lag"]
    from_finish = np.where((t & 1) == 0, d[p], 0.0)
    off = d[p] if fs_only else lag + from_finish - np.where(t >= 2, d[s], 0.0)
    g = nx.DiGraph()
    g.add_nodes_from(range(len(a["ids"])))
    # parallel links of different types between one pair: keep the binding one
    for u, v, w in sorted(zip(p.tolist(), s.tolist(), off.tolist(), strict=True),
                          key=lambda e: e[2]):
        g.add_edge(u, v, w=w)
    return g


def nx_cpm(g: nx.DiGraph, dur: list[float]) -> tuple[list[float], list[float]]:
    """Topological sort, then forward and backward passes (early and late starts)."""
    order = list(nx.topological_sort(g))
    es = [0.0] * len(dur)
    pred = g.pred
    for j in order:
        best = 0.0
        for i, e in pred[j].items():
            v = es[i] + e["w"]
            if v > best:
                best = v
        es[j] = best
    finish = max(es[i] + dur[i] for i in range(len(dur)))
    ls = [finish - x for x in dur]
    succ = g.succ
    for i in reversed(order):
        best = ls[i]
        for j, e in succ[i].items():
            v = ls[j] - e["w"]
            if v < best:
                best = v
        ls[i] = best
    return es, ls


# ---------------------------------------------------------------- peers
def pmcontrols_records(a: dict[str, Any]) -> list[dict[str, Any]] | None:
    try:
        import pmcontrols  # noqa: F401
    except ImportError:
        return None
    preds: list[list[str]] = [[] for _ in a["ids"]]
    ids = a["ids"]
    for p, s in zip(a["pred"].tolist(), a["succ"].tolist(), strict=True):
        preds[s].append(ids[p])
    return [
        {"id": aid, "duration": float(d), "predecessors": pr}
        for aid, d, pr in zip(ids, a["duration"].tolist(), preds, strict=True)
    ]


MCPROJSIM_SCRIPT = r"""
import json, sys, time, statistics, types
import numpy as np
from mcprojsim.simulation.scheduler import TaskScheduler
folder, repeat = sys.argv[1], int(sys.argv[2])
pred = np.load(folder + "/pred.npy"); succ = np.load(folder + "/succ.npy")
dur = np.load(folder + "/dur.npy")
n = dur.size
deps = [[] for _ in range(n)]
for p, s in zip(pred.tolist(), succ.tolist()):
    deps[s].append(f"A{p}")
tasks = [types.SimpleNamespace(id=f"A{i}", dependencies=deps[i]) for i in range(n)]
project = types.SimpleNamespace(tasks=tasks, resources=[])
durations = {f"A{i}": float(x) for i, x in enumerate(dur.tolist())}
times = []
for _ in range(repeat):
    t = time.perf_counter()
    sch = TaskScheduler(project, config=object())
    out = sch.schedule_tasks(durations)
    times.append(time.perf_counter() - t)
finish = max(v["end"] for v in out.values())
print(json.dumps({"time": statistics.median(times), "finish": finish}))
"""


def mcprojsim_time(a: dict[str, Any], python: str, repeat: int) -> dict[str, float] | None:
    if not os.path.exists(python):
        return None
    with tempfile.TemporaryDirectory() as folder:
        np.save(os.path.join(folder, "pred.npy"), a["pred"])
        np.save(os.path.join(folder, "succ.npy"), a["succ"])
        np.save(os.path.join(folder, "dur.npy"), a["duration"])
        proc = subprocess.run(
            [python, "-c", MCPROJSIM_SCRIPT, folder, str(repeat)],
            capture_output=True, text=True, timeout=600, check=False,
        )
    if proc.returncode != 0:
        print("  mcprojsim failed:", proc.stderr.strip().splitlines()[-1:])
        return None
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------- runs
def bench_size(n: int, repeat: int, args: argparse.Namespace, window: int | None) -> None:
    a = make_arrays(n, window=window)
    label = f"{n:,}" + (f" deep(w={window})" if window else "")
    t_build, net = timed(
        lambda: Network.from_arrays(a["ids"], a["duration"], a["pred"], a["succ"],
                                    a["type"], a["lag"], link_by="position"),
        1 if n >= 1_000_000 else repeat,
    )
    c = net.compiled
    schedule(net)  # warm the cached level plan
    off0 = c.link_offset()
    lo, d = np.zeros(c.n), c.duration

    def passes() -> np.ndarray:
        off = c.link_offset()
        es = forward_pass(c, off, lo)
        return backward_pass(c, off, np.full(c.n, (es + d).max()) - d)

    t_pass, _ = timed(passes, repeat)
    t_sched, s = timed(lambda: schedule(net), repeat)
    levels = c.level_ptr.size - 1
    print(f"\n{label} activities, {c.m:,} links, {levels:,} levels")
    print(f"  pmokit build+compile {t_build * 1e3:9.1f} ms   passes {t_pass * 1e3:8.2f} ms"
          f"   schedule {t_sched * 1e3:8.2f} ms"
          + ("   (compiled kernels)" if _compiled.active() else "   (numpy engines)"))
    t_np = None
    if _compiled.active():
        with _compiled.disabled():
            t_np, _ = timed(passes, repeat)
            t_np_s, _ = timed(lambda: schedule(net), repeat)
        print(f"  numpy path (no numba)               passes {t_np * 1e3:8.2f} ms"
              f"   schedule {t_np_s * 1e3:8.2f} ms")
    del off0
    if n <= args.nx_max:
        g = nx_graph(a)
        dur = a["duration"].tolist()
        t_nx, (es_nx, ls_nx) = timed(lambda: nx_cpm(g, dur), max(1, repeat // 2))
        assert np.allclose(es_nx, s.early_start) and np.allclose(ls_nx, s.late_start)
        print(f"  networkx topo+passes {t_nx * 1e3:9.1f} ms   ratio vs passes "
              f"{t_nx / t_pass:7.1f}x   vs schedule {t_nx / t_sched:6.1f}x   (same dates)")
        if t_np is not None:
            print(f"  networkx vs the numpy path's passes {t_nx / t_np:7.1f}x")
    # FS-only network for the peers that have only FS links
    fs = Network.from_arrays(a["ids"], a["duration"], a["pred"], a["succ"], link_by="position")
    schedule(fs)
    t_fs, s_fs = timed(lambda: schedule(fs), repeat)
    if n <= args.pmc_max:
        recs = pmcontrols_records(a)
        if recs is not None:
            from pmcontrols import network as pmc

            t_pmc, res = timed(lambda: pmc.cpm(recs), max(1, repeat // 2))
            assert abs(res.stats["project_duration"] - s_fs.project_duration) < 1e-9
            print(f"  pmcontrols cpm (FS)  {t_pmc * 1e3:9.1f} ms   ratio vs schedule(FS) "
                  f"{t_pmc / t_fs:7.1f}x   (same duration)")
    if n <= args.mcp_max:
        r = mcprojsim_time(a, args.mcprojsim_python, max(1, repeat // 2))
        if r is not None:
            assert abs(r["finish"] - s_fs.project_duration) < 1e-9
            print(f"  mcprojsim fwd (FS)   {r['time'] * 1e3:9.1f} ms   ratio vs schedule(FS) "
                  f"{r['time'] / t_fs:7.1f}x   (same duration; forward pass only)")


def bench_slip(n: int, repeat: int) -> None:
    a = make_arrays(n)
    net = Network.from_arrays(a["ids"], a["duration"], a["pred"], a["succ"], a["type"],
                              a["lag"], link_by="position")
    s = schedule(net)
    t_re, _ = timed(lambda: schedule(net), repeat)
    rng = np.random.default_rng(5)
    picks = rng.integers(0, n, 200)
    t_first = time.perf_counter()
    slip_impact(s, {f"A{picks[0]}": 5.0})
    t_first = time.perf_counter() - t_first
    times, moved = [], []
    for p in picks:
        t = time.perf_counter()
        imp = slip_impact(s, {f"A{p}": 5.0})
        times.append(time.perf_counter() - t)
        moved.append(len(imp.ids))
    crit = s.critical[len(s.critical) // 10]
    t_crit, imp = timed(lambda: slip_impact(s, {crit: 5.0}), repeat)
    med = statistics.median(times)
    print(f"\nslip_impact, {n:,} activities: recompute (schedule) {t_re * 1e3:.1f} ms")
    print(f"  one random activity, 5 days: median {med * 1e3:.3f} ms "
          f"(p90 {np.percentile(times, 90) * 1e3:.2f} ms, max {max(times) * 1e3:.1f} ms), "
          f"ratio {t_re / med:.0f}x; median {statistics.median(moved):.0f} activities move")
    print(f"  first call (builds the cached lists) {t_first * 1e3:.1f} ms")
    print(f"  a critical activity early on: {t_crit * 1e3:.2f} ms, {len(imp.ids):,} move, "
          f"ratio {t_re / t_crit:.1f}x")


def _peak_mb() -> float:
    """Peak resident memory of this process [MB] (VmHWM; ru_maxrss survives exec on Linux,
    so a child started by a large parent would report the parent's peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def e2e(n: int) -> None:
    """Child process: build + compile + schedule n activities; print time and peak RSS."""
    a = make_arrays(n)
    base = _peak_mb()
    t = time.perf_counter()
    net = Network.from_arrays(a["ids"], a["duration"], a["pred"], a["succ"], a["type"],
                              a["lag"], link_by="position")
    t1 = time.perf_counter()
    s = schedule(net)
    t2 = time.perf_counter()
    peak = _peak_mb()
    print(json.dumps({"build": t1 - t, "schedule": t2 - t1, "total": t2 - t,
                      "peak_mb": peak, "inputs_mb": base,
                      "duration": s.project_duration}))


def compile_time() -> None:
    """Whether the compiled kernels (extra 'fast': numba) run, and their compile time:
    the first pass of this process against later ones."""
    if not _compiled.available():
        print("numba: not installed (extra 'fast'): numpy level/Dijkstra engines")
        return
    import numba

    a = make_arrays(200, window=10)
    net = Network.from_arrays(a["ids"], a["duration"], a["pred"], a["succ"], a["type"],
                              a["lag"], link_by="position")
    t0 = time.perf_counter()
    schedule(net)
    first = time.perf_counter() - t0
    later, _ = timed(lambda: schedule(net), 5)
    print(f"numba {numba.__version__}: compiled passes on; first schedule() {first:.2f} s "
          f"(compiles the kernel), later {later * 1e3:.2f} ms: compile time about "
          f"{first - later:.2f} s once per process")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=5)
    # the peers take minutes at 1M (networkx ~100 s, pmcontrols ~300 s, mcprojsim ~130 s):
    # raise these limits to include them
    ap.add_argument("--nx-max", type=int, default=100_000)
    ap.add_argument("--pmc-max", type=int, default=100_000)
    ap.add_argument("--mcp-max", type=int, default=100_000)
    ap.add_argument("--mcprojsim-python",
                    default=os.path.join(HERE, "..", ".venv-mcprojsim", "bin", "python"))
    ap.add_argument("--e2e", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--deep-only", action="store_true",
                    help="only the deep 100k network (issue 22) against networkx")
    args = ap.parse_args()
    if args.e2e:
        e2e(args.e2e)
        return
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}, networkx {nx.__version__}, "
          f"{os.cpu_count()} cores (shared: timings are noisy; medians)")
    compile_time()
    if args.deep_only:
        args.pmc_max = args.mcp_max = 0
        bench_size(100_000, args.repeat, args, 50)
        return
    for n in args.sizes:
        bench_size(n, args.repeat if n < 1_000_000 else 1, args, None)
    if 100_000 in args.sizes:
        bench_size(100_000, args.repeat, args, 50)
        bench_slip(100_000, args.repeat)
    if 1_000_000 in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--e2e", "1000000"],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\n1M end to end (fresh process): build+compile {r['build']:.2f} s, "
              f"schedule {r['schedule']:.2f} s, total {r['total']:.2f} s; peak RSS "
              f"{r['peak_mb']:.0f} MB (of which inputs {r['inputs_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
