"""Cost of ``progress=`` on long runs (not a test).

Times :func:`pmokit.scheduling.resource_constrained_schedule` in the same run without
progress, with a no-op callback and with a tqdm bar (output to a null stream), and prints the
overhead ratio of each. The goal (issue 17) is under 2 % of run time.

Usage::

    python benchmarks/bench_progress.py [--activities 60] [--schedules 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, median_time
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    Resource,
    resource_constrained_schedule,
)


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
    args = parser.parse_args()
    net, res = network(args.activities)

    def run(progress: Any) -> None:
        resource_constrained_schedule(
            net, res, schedules=args.schedules, rng=1, progress=progress
        )

    variants: dict[str, Any] = {"None": None, "callback (no-op)": lambda info: None}
    try:
        import tqdm  # noqa: F401

        variants["tqdm bar"] = True
    except ImportError:
        pass
    # interleave the variants, one run each per round, so that load from other processes
    # falls on all of them alike; the median of the rounds is reported
    times: dict[str, list[float]] = {name: [] for name in variants}
    real_err = sys.stderr
    sys.stderr = io.StringIO()  # the bar writes to stderr; keep the table readable
    try:
        run(None)  # warm-up
        for _ in range(args.repeat):
            for name, progress in variants.items():
                times[name].append(median_time(lambda p=progress: run(p), repeat=1, warmup=0))
    finally:
        sys.stderr = real_err
    base = statistics.median(times["None"])
    print(machine())
    print(f"RCPSP GA, {args.activities} activities, {args.schedules} schedules, "
          f"median of {args.repeat} interleaved rounds")
    print(f"{'progress':<18} {'time [s]':>9} {'ratio':>7}")
    for name, ts in times.items():
        t = statistics.median(ts)
        print(f"{name:<18} {t:9.3f} {t / base:7.3f}")

if __name__ == "__main__":
    main()
