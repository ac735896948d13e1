"""Weighted Shortest Job First (SAFe): cost of delay divided by job size."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from pmokit._typing import FloatArray
from pmokit._validation import Problems, as_float_array
from pmokit.portfolio._scoring import Ranking, _check_ids, _freeze, _ranks

__all__ = ["wsjf"]


def wsjf(
    ids: Sequence[Hashable],
    *,
    business_value: Sequence[float] | FloatArray,
    time_criticality: Sequence[float] | FloatArray,
    risk_reduction: Sequence[float] | FloatArray,
    job_size: Sequence[float] | FloatArray,
) -> Ranking:
    """Weighted Shortest Job First: ``(business value + time criticality + risk reduction) / size``.

    The three cost-of-delay components and the job size are relative estimates (SAFe uses a
    modified Fibonacci scale 1, 2, 3, 5, 8, 13, 20).

    Parameters
    ----------
    ids
        Unique ids of the jobs (features, epics, projects).
    business_value, time_criticality, risk_reduction
        Relative estimates per job, >= 0.
    job_size
        Relative size per job, > 0 (a proxy for duration).

    Returns
    -------
    Ranking
        ``scores`` are the WSJF values; ``contributions`` the three components each divided
        by the job size (they add up to the score); ``normalised`` the raw components.

    Raises
    ------
    ValidationError
        On NaN, negative components, a non-positive job size or lengths that differ.

    Examples
    --------
    >>> r = wsjf(["A", "B"], business_value=[8, 3], time_criticality=[5, 8],
    ...          risk_reduction=[2, 1], job_size=[13, 3])
    >>> [round(float(s), 3) for s in r.scores], r.top(1)
    ([1.154, 4.0], ('B',))
    """
    keys = _check_ids(ids, "ids")
    n = len(keys)
    labels = [f"job {k!r}" for k in keys]
    p = Problems()
    comps = []
    for name, vals in (
        ("business_value", business_value),
        ("time_criticality", time_criticality),
        ("risk_reduction", risk_reduction),
    ):
        try:
            comps.append(as_float_array(vals, name, minimum=0.0, length=n, labels=labels))
        except ValueError as exc:
            p.extend(getattr(exc, "problems", (str(exc),)))
    try:
        size = as_float_array(job_size, "job_size", length=n, labels=labels)
        for k in np.nonzero(size <= 0)[0]:
            p.add(f"'job_size' of job {keys[int(k)]!r} must be > 0 (got {float(size[k])!r})")
    except ValueError as exc:
        p.extend(getattr(exc, "problems", (str(exc),)))
    p.raise_if_any()
    raw = np.column_stack(comps)
    contrib = raw / size[:, None]
    s = contrib.sum(axis=1)
    r = _ranks(s)
    w = np.ones(3)
    _freeze(raw, contrib, s, r, w)
    names = ("business_value", "time_criticality", "risk_reduction")
    return Ranking(keys, s, r, names, contrib, "wsjf", raw, w)
