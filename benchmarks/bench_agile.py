"""Benchmark: throughput forecasting (when will a backlog be done?).

pmokit's ``when_done`` (blocks of periods drawn for every unfinished trial at once,
cumulative sums and a first-crossing count) against two plain numpy baselines on the same
problem: 100,000 trials of a 1,000-item backlog from 52 weeks of seeded throughput history
(5-15 items a week):

(a) a period-by-period numpy loop: each step draws one week for every unfinished trial
    and adds it (the natural vectorised loop);
(b) a per-trial Python loop drawing one week at a time with numpy (the textbook
    simulation), timed on 2,000 trials and scaled to 100,000.

The script checks that the three give the same P50/P85/P95 within Monte Carlo error and
that pmokit meets the issue's target (under 0.5 s).

Run: ``python benchmarks/bench_agile.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, median_time
from pmokit.agile import when_done

TRIALS = 100_000
BACKLOG = 1_000


def history(seed: int = 52) -> np.ndarray:
    """52 weeks of throughput, 5-15 items a week."""
    return np.random.default_rng(seed).integers(5, 16, 52)


def period_loop(hist: np.ndarray, backlog: int, trials: int, seed: int) -> np.ndarray:
    """Baseline (a): one numpy step per week over all unfinished trials."""
    gen = np.random.default_rng(seed)
    done = np.zeros(trials, dtype=np.int64)
    weeks = np.zeros(trials, dtype=np.int64)
    active = np.arange(trials)
    week = 0
    while active.size:
        week += 1
        done[active] += hist[gen.integers(0, hist.size, active.size)]
        finished = done[active] >= backlog
        weeks[active[finished]] = week
        active = active[~finished]
    return weeks


def trial_loop(hist: np.ndarray, backlog: int, trials: int, seed: int) -> np.ndarray:
    """Baseline (b): each trial draws week after week until its backlog is done."""
    gen = np.random.default_rng(seed)
    out = np.empty(trials, dtype=np.int64)
    n = hist.size
    for t in range(trials):
        total = 0
        week = 0
        while total < backlog:
            total += int(hist[gen.integers(n)])
            week += 1
        out[t] = week
    return out


def pcts(weeks: np.ndarray) -> list[int]:
    """P50, P85, P95 by the order-statistic convention of when_done."""
    s = np.sort(weeks)
    return [int(s[int(np.ceil(p / 100 * s.size)) - 1]) for p in (50, 85, 95)]


def main() -> None:
    """Time pmokit and the baselines, print medians, ratios and the check."""
    print(machine())
    hist = history()
    print(f"{TRIALS:,} trials, backlog {BACKLOG:,} items, 52 weeks of history "
          f"(mean {hist.mean():.2f} items/week)")
    t_pmokit = median_time(lambda: when_done(hist, BACKLOG, iterations=TRIALS, rng=1),
                           repeat=7)
    t_loop = median_time(lambda: period_loop(hist, BACKLOG, TRIALS, 1), repeat=3)
    sub = 2_000
    t0 = time.perf_counter()
    slow = trial_loop(hist, BACKLOG, sub, 1)
    t_trial = (time.perf_counter() - t0) * TRIALS / sub
    f = when_done(hist, BACKLOG, iterations=TRIALS, rng=1)
    a = period_loop(hist, BACKLOG, TRIALS, 1)
    print(f"pmokit when_done                 {t_pmokit * 1e3:8.1f} ms   "
          f"P50/P85/P95 {[f.percentile(p) for p in (50, 85, 95)]}")
    print(f"(a) numpy loop over weeks        {t_loop * 1e3:8.1f} ms   P50/P85/P95 {pcts(a)}"
          f"   ratio {t_loop / t_pmokit:5.1f}x")
    print(f"(b) per-trial loop (scaled)      {t_trial * 1e3:8.1f} ms   P50/P85/P95 "
          f"{pcts(slow)} on {sub:,}   ratio {t_trial / t_pmokit:5.0f}x")
    ok = t_pmokit < 0.5
    print(f"target 100k trials under 0.5 s: {'met' if ok else 'NOT met'} "
          f"({t_pmokit:.3f} s)")
    agree = all(abs(x - y) <= 1 for x, y in zip(pcts(f.periods), pcts(a), strict=True))
    print(f"pmokit and the week loop agree within one week at P50/P85/P95: {agree}")


if __name__ == "__main__":
    main()
