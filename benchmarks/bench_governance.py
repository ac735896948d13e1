"""Benchmark: pmokit.governance.dcma_assessment against longpath's DCMA 14-point checks.

longpath (PyPI, an MCP server for P6/MS Project schedules) is the one other Python
implementation of the DCMA 14-point assessment. Both get the same seeded random network
already in memory (pmokit: a compiled ``Network``; longpath: its ``Project`` model on an
8-hour Mon-Fri calendar) and compute CPM, the checks and the critical path test (which
re-runs CPM). The script times both in the same run, prints the median times and ratio,
and checks that both agree on the counts of every check they compute the same way.

Run: ``pip install -e '.[bench]' && python benchmarks/bench_governance.py [--sizes 1000 5000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

import numpy as np

from common import machine, median_time
from pmokit.governance import dcma_assessment
from pmokit.scheduling import Activity, Dependency, Network

TYPES = ("FS", "FS", "FS", "FS", "FS", "FS", "FS", "SS", "FF", "FS")


def make_network(n: int, seed: int = 11) -> list[tuple[str, int, list[tuple[int, str, int]]]]:
    """Activities (id, duration, preds) of a layered random network: 1-3 predecessors among the
    previous 60 activities, 10% lags, 5% leads, 20% non-FS; every 25th activity has no
    successor so logic and float findings exist."""
    rng = np.random.default_rng(seed)
    out = []
    for j in range(n):
        preds: list[tuple[int, str, int]] = []
        if j:
            k = int(rng.integers(1, 4))
            for i in sorted({int(x) for x in rng.integers(max(0, j - 60), j, size=k)}):
                if i % 25 == 24:
                    continue
                u = rng.random()
                lag = int(rng.integers(1, 6)) if u < 0.10 else (-1 if u < 0.15 else 0)
                preds.append((i, TYPES[int(rng.integers(0, len(TYPES)))], lag))
        out.append((f"A{j}", int(rng.integers(1, 60)), preds))
    return out


def to_pmokit(spec: list[tuple[str, int, list[tuple[int, str, int]]]]) -> Network:
    acts = [Activity(a, float(d)) for a, d, _ in spec]
    deps = [
        Dependency(spec[i][0], a, t, lag=float(lag)) for a, _, preds in spec for i, t, lag in preds
    ]
    return Network(acts, deps)


def to_longpath(spec: list[tuple[str, int, list[tuple[int, str, int]]]]) -> Any:
    from longpath import calendars
    from longpath import model as m

    cal = calendars.standard("std")
    proj = m.Project(
        "P", "P", "bench", planned_start=dt.datetime(2026, 1, 5, 8, 0), default_calendar="std"
    )
    for a, d, _ in spec:
        proj.activities[a] = m.Activity(a, a, a, orig_dur_h=8.0 * d, rem_dur_h=8.0 * d)
    for a, _, preds in spec:
        for i, t, lag in preds:
            proj.relationships.append(m.Relationship(spec[i][0], a, t, 8.0 * lag))
    sched = m.Schedule("bench", "xer", {"P": proj}, {"std": cal})
    return sched, proj


def run_longpath(sched: Any, proj: Any) -> Any:
    from longpath import checks, cpm

    res = cpm.run(proj, sched.calendars, cpm.CpmOptions())
    return checks.dcma(checks.Ctx(sched, proj, res))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"machine: {machine()} (shared, noisy: medians of {args.repeat} runs)")
    try:
        import longpath  # noqa: F401
    except ImportError:
        print("longpath is not installed (pip install -e '.[bench]'); timing pmokit only")
        longpath_ok = False
    else:
        longpath_ok = True
    for n in args.sizes:
        spec = make_network(n)
        net = to_pmokit(spec)
        ours = dcma_assessment(net)
        t_ours = median_time(lambda net=net: dcma_assessment(net), repeat=args.repeat)
        line = (
            f"n={n:>6} activities, {len(net.dependencies):>6} links: pmokit {1000 * t_ours:8.1f} ms"
        )
        if longpath_ok:
            sched, proj = to_longpath(spec)
            theirs = {c.key.split("_", 1)[1]: c for c in run_longpath(sched, proj)}
            t_lp = median_time(lambda s=sched, p=proj: run_longpath(s, p), repeat=args.repeat)
            line += f" | longpath {1000 * t_lp:9.1f} ms | ratio {t_lp / t_ours:6.1f}x"
            agree = []
            for name in (
                "logic",
                "leads",
                "lags",
                "relationship_types",
                "high_float",
                "high_duration",
                "negative_float",
            ):
                a, b = ours[name], theirs[name]
                mine = a.population - a.count if name == "relationship_types" else a.count
                same = mine == len(b.rows) and a.population == b.denominator
                agree.append(
                    f"{name} {'=' if same else '!='} ({mine}/{a.population} vs "
                    f"{len(b.rows)}/{b.denominator})"
                )
            cp_same = (ours["critical_path_test"].passed is True) == (
                theirs["critical_path_test"].result == "pass"
            )
            print(line)
            print(
                "  agreement: " + "; ".join(agree) + f"; critical path test "
                f"{'=' if cp_same else '!='}"
            )
        else:
            print(line)


if __name__ == "__main__":
    main()
