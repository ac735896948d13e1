"""Cost of ``progress=`` on long runs (not a test).

Times :func:`pmokit.scheduling.resource_constrained_schedule` and
:func:`pmokit.scheduling.simulate` in the same run without progress, with a no-op callback and
with a tqdm bar (output to a null stream), interleaved, and prints the overhead ratio of each.
The goal (issue 17) is under 2 % of run time.

Usage::

    python benchmarks/bench_progress.py [--activities 60] [--schedules 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine
from pmokit.scheduling import (
    Activity,
    BetaPert,
    Dependency,
    Network,
    Resource,
    resource_constrained_schedule,
    simulate,
)


def cpu_time(fn: Any) -> float:
    """CPU time of one call [s]: less sensitive than wall time to other jobs on the machine
    (progress adds no waiting, so CPU time is the cost to compare)."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def _inside_share(fn: Any, progress: Any) -> float:
    """Share of one run's wall time spent in ``Progress.update`` (timed around each call)."""
    from pmokit import _progress

    spent = [0.0]
    original = _progress.Progress.update

    def timed(self: Any, done: int, best: float | None = None) -> bool:
        t0 = time.perf_counter()
        try:
            return original(self, done, best)
        finally:
            spent[0] += time.perf_counter() - t0

    real_err = sys.stderr
    sys.stderr = io.StringIO()
    _progress.Progress.update = timed  # type: ignore[method-assign]
    try:
        t0 = time.perf_counter()
        fn(progress)
        total = time.perf_counter() - t0
    finally:
        _progress.Progress.update = original  # type: ignore[method-assign]
        sys.stderr = real_err
    return spent[0] / total


def network(n: int) -> tuple[Network, list[Resource]]:
    """A random network of ``n`` activities on two resources (seeded)."""
    rng = np.random.default_rng(9)
    acts = [
        Activity(f"A{i}", float(rng.integers(1, 9)),
                 demands={"r": int(rng.integers(1, 4)), "s": int(rng.integers(0, 3))})
        for i in range(n)
    ]
    deps = [Dependency(f"A{i}", f"A{j}") for i in range(n) for j in range(i + 5, n, 11)]
    return Network(acts, deps), [Resource("r", 4), Resource("s", 3)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=60)
    parser.add_argument("--schedules", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=50_000)
    args = parser.parse_args()
    net, res = network(args.activities)

    unc = {a.id: BetaPert(0.8 * a.duration, a.duration, 1.6 * a.duration)
           for a in net.activities}

    def rcpsp(progress: Any) -> None:
        resource_constrained_schedule(
            net, res, schedules=args.schedules, rng=1, progress=progress
        )

    def monte_carlo(progress: Any) -> None:
        simulate(net, unc, iterations=args.iterations, rng=1, progress=progress)

    variants: dict[str, Any] = {"None": None, "callback (no-op)": lambda info: None}
    try:
        import tqdm  # noqa: F401

        variants["tqdm bar"] = True
    except ImportError:
        pass
    print(machine())
    for title, fn in (
        (f"RCPSP GA, {args.activities} activities, {args.schedules} schedules", rcpsp),
        (f"simulate, {args.activities} activities, {args.iterations} iterations", monte_carlo),
    ):
        # interleave the variants, one run each per round, so that load from other
        # processes falls on all of them alike; the median of the rounds is reported
        times: dict[str, list[float]] = {name: [] for name in variants}
        real_err = sys.stderr
        sys.stderr = io.StringIO()  # the bar writes to stderr; keep the table readable
        try:
            fn(None)  # warm-up
            for _ in range(args.repeat):
                for name, progress in variants.items():
                    times[name].append(
                        cpu_time(lambda p=progress, f=fn: f(p))
                    )
        finally:
            sys.stderr = real_err
        # the reporting itself, timed from the inside: the share of the run spent in
        # Progress.update (callback or bar included), immune to the machine's noise
        inside = {name: _inside_share(fn, progress) for name, progress in variants.items()
                  if progress is not None}
        base = statistics.median(times["None"])
        print(f"{title}, median of {args.repeat} interleaved rounds")
        print(f"{'progress':<18} {'CPU [s]':>9} {'ratio':>7}")
        for name, ts in times.items():
            t = statistics.median(ts)
            share = f"   {100 * inside[name]:.3f} % of the run inside Progress.update" if (
                name in inside) else ""
            print(f"{name:<18} {t:9.3f} {t / base:7.3f}{share}")

if __name__ == "__main__":
    main()
