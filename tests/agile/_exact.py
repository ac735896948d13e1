"""An independent, exact first-passage computation of periods-to-finish (for the tests).

Dynamic programming over the running sum: the mass still short of the backlog moves one
period at a time (convolution with the throughput's empirical distribution); the mass that
reaches the backlog in period k is P(T = k). Sums are kept in a dict, so capacity factors
and discovered items (a running sum that can fall) are handled exactly too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence


def exact_periods_pmf(
    history: Sequence[float],
    backlogs: Sequence[float],
    *,
    factors: Sequence[float] = (),
    discovery: Sequence[float] = (0,),
    tail: float = 1e-13,
    kmax: int = 5000,
) -> dict[int, float]:
    """P(T = k) for a backlog drawn uniformly from ``backlogs``."""
    step = Counter(history)
    n = len(history)
    disc = Counter(discovery)
    nd = len(discovery)
    out: dict[int, float] = defaultdict(float)
    w = 1.0 / len(backlogs)
    for b in backlogs:
        if b <= 0:
            out[0] += w
            continue
        state: dict[float, float] = {0.0: 1.0}
        for k in range(1, kmax + 1):
            f = factors[k - 1] if k - 1 < len(factors) else 1.0
            new: dict[float, float] = defaultdict(float)
            for c, pc in state.items():
                for v, cv in step.items():
                    for d, cd in disc.items():
                        c2 = c + v * f - d
                        pr = pc * (cv / n) * (cd / nd)
                        if c2 >= b:
                            out[k] += w * pr
                        else:
                            new[c2] += pr
            state = new
            if sum(state.values()) < tail:
                break
    return dict(out)
