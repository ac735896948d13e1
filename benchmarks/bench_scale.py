"""Benchmark: schedule risk on several processes (``simulate(executor=...)``) vs one.

Monte Carlo of a random 10,000-activity network (bench_risk's generator: 1-3
finish-to-start predecessors among the previous 50 activities, three-point ranges
-20 % / +50 %) on 2 local worker processes (``ProcessPoolExecutor``) against the same
call in this process, timed in the same run; the two results are checked equal bit for
bit. Wall clock and CPU time (this process plus its workers) are printed: the machine
may be shared, so the wall-clock ratio is only meaningful when the cores are free.

Then the compact pickles: a 100,000-activity ``Network`` and the compiled job that
``simulate`` sends to its workers, timed and sized; the network beside its old
per-object pickle (every slot: one Activity and one Dependency object each) as the baseline.

Run: ``python benchmarks/bench_scale.py [iterations]`` (default 200,000; pass a smaller
count on a busy machine).
"""

from __future__ import annotations

import os
import pickle
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from bench_risk import make_network
from common import machine
from pmokit._executor import Shared
from pmokit.scheduling import Triangular, simulate
from pmokit.scheduling._risk import _compile, _Job, _stream_sizes, _units

INDICES = ("criticality", "sensitivity")


def cpu_seconds() -> float:
    """CPU time of this process and its finished children [s]."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Any) -> tuple[Any, float, float]:
    """Result, wall time [s] and CPU time [s] of ``fn()``."""
    c0, t0 = cpu_seconds(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, cpu_seconds() - c0


def section_speedup(iterations: int) -> None:
    net = make_network(10_000)
    unc = {a.id: Triangular(0.8 * a.duration, a.duration, 1.5 * a.duration)
           for a in net.activities}
    kw: dict[str, Any] = {"iterations": iterations, "rng": 1, "indices": INDICES}
    simulate(net, unc, iterations=1000, rng=0)  # compile and cache the plans
    print(f"simulate, 10,000 activities, {iterations:,} iterations, indices {INDICES}")
    one, t1, c1 = timed(lambda: simulate(net, unc, **kw))
    print(f"  one process:           {t1:7.2f} s wall  {c1:7.2f} s CPU")
    # the worker CPU time is counted when the pool has shut down (RUSAGE_CHILDREN)
    def pooled() -> Any:
        with ProcessPoolExecutor(2) as ex:
            return simulate(net, unc, executor=ex, **kw)
    two, t2, c2 = timed(pooled)
    print(f"  2 worker processes:    {t2:7.2f} s wall  {c2:7.2f} s CPU (workers included)")
    print(f"  speed-up (wall):       {t1 / t2:7.2f}x   equal bit for bit: {one == two}")
    tasks = len(_units(_stream_sizes(iterations, 8 * 10_000), 10_000))
    share = -(-tasks // 2) / tasks  # the busier worker's share of the equal-sized chunks
    print(f"  CPU-bound estimate:    {c1 / (c2 * share):7.2f}x on 2 free cores (one-process "
          f"CPU / (pooled CPU x {share:.3f}, the busier worker's share of {tasks} chunks);"
          " the wall ratio needs an idle machine)")
    print(f"  load average now:      {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def section_pickle() -> None:
    net = make_network(100_000)
    net.compiled  # noqa: B018 - compile first, as a user's network would be
    # baseline: the old per-object pickle (every slot, so one Activity and one Dependency
    # object per activity and link), timed in the same run
    state = {k: getattr(net, k) for k in type(net).__slots__}
    t0 = time.perf_counter()
    old = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    t_old = time.perf_counter() - t0
    t0 = time.perf_counter()
    blob = pickle.dumps(net, protocol=pickle.HIGHEST_PROTOCOL)
    t = time.perf_counter() - t0
    t0 = time.perf_counter()
    back = pickle.loads(blob)
    u = time.perf_counter() - t0
    print(f"pickle of a 100,000-activity Network: {t:.3f} s, {len(blob) / 2**20:.1f} MiB"
          f" (target < 0.2 s, < 20 MB); unpickled in {u:.3f} s")
    print(f"  old per-object pickle: {t_old:.3f} s, {len(old) / 2**20:.1f} MiB; ratio "
          f"{t_old / t:.0f}x faster, {len(old) / len(blob):.1f}x smaller; "
          f"round trip equal: {back == net}")
    t0 = time.perf_counter()
    blob = pickle.dumps(net.compiled, protocol=pickle.HIGHEST_PROTOCOL)
    t = time.perf_counter() - t0
    print(f"pickle of its compiled arrays (CompiledNetwork): {t:.3f} s, "
          f"{len(blob) / 2**20:.1f} MiB")
    unc = {a.id: Triangular(0.8 * a.duration, a.duration, 1.5 * a.duration)
           for a in net.activities}
    model = _compile(net, unc, (), None, [])
    job = Shared(_Job(model, 1, (100,), True, 1e-9, 100, False))
    t0 = time.perf_counter()
    blob = job.blob()
    t = time.perf_counter() - t0
    t0 = time.perf_counter()
    pickle.loads(blob)
    u = time.perf_counter() - t0
    print(f"pickle of simulate's compiled job, 100,000 activities: {t:.3f} s, "
          f"{len(blob) / 2**20:.1f} MiB; unpickled (rebuilt) in {u:.3f} s")


if __name__ == "__main__":
    print(machine())
    section_pickle()
    section_speedup(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
