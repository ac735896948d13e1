"""Cross-check of dcma_assessment against longpath, an independent DCMA implementation.

longpath is a benchmark peer (the ``bench`` extra); without it these tests skip (each is
marked ``requires_longpath``; the module itself always imports).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pmokit.governance import dcma_assessment
from pmokit.scheduling import Activity, Dependency, Network
from tests._requires import requires_longpath


def _random_spec(n: int, seed: int, types: tuple[str, ...]) -> list[tuple[str, int, list]]:
    rng = np.random.default_rng(seed)
    spec = []
    for j in range(n):
        preds = []
        if j:
            for i in sorted({int(x) for x in rng.integers(max(0, j - 15), j, size=2)}):
                if i % 9 == 8:
                    continue  # open ends
                u = rng.random()
                lag = int(rng.integers(1, 6)) if u < 0.15 else (-2 if u < 0.2 else 0)
                preds.append((i, types[int(rng.integers(0, len(types)))], lag))
        spec.append((f"A{j}", int(rng.integers(1, 70)), preds))
    return spec


def _both(spec: list[tuple[str, int, list]]) -> tuple[object, dict[str, object]]:
    import longpath.calendars as lp_cal
    import longpath.checks as lp_checks
    import longpath.cpm as lp_cpm
    import longpath.model as lp_model

    net = Network(
        [Activity(a, float(d)) for a, d, _ in spec],
        [Dependency(spec[i][0], a, t, lag=float(g)) for a, _, ps in spec for i, t, g in ps],
    )
    proj = lp_model.Project(
        "P", "P", "x", planned_start=dt.datetime(2026, 1, 5, 8, 0), default_calendar="std"
    )
    for a, d, _ in spec:
        proj.activities[a] = lp_model.Activity(a, a, a, orig_dur_h=8.0 * d, rem_dur_h=8.0 * d)
    for a, _, ps in spec:
        for i, t, g in ps:
            proj.relationships.append(lp_model.Relationship(spec[i][0], a, t, 8.0 * g))
    sched = lp_model.Schedule("x", "xer", {"P": proj}, {"std": lp_cal.standard("std")})
    res = lp_cpm.run(proj, sched.calendars, lp_cpm.CpmOptions())
    theirs = {c.key.split("_", 1)[1]: c for c in lp_checks.dcma(lp_checks.Ctx(sched, proj, res))}
    return dcma_assessment(net), theirs


@requires_longpath
@pytest.mark.parametrize("seed", range(6))
def test_counts_agree_with_longpath(seed: int) -> None:
    """Logic, leads, lags, relationship types, high float/duration and negative float counts
    equal longpath's on random networks with all link types, lags and leads."""
    ours, theirs = _both(_random_spec(120, seed, ("FS", "FS", "FS", "SS", "FF", "SF")))
    for name in ("logic", "leads", "lags", "high_float", "high_duration", "negative_float"):
        assert ours[name].count == len(theirs[name].rows), name  # type: ignore[index]
        assert ours[name].population == theirs[name].denominator, name  # type: ignore[index]
    non_fs = ours["relationship_types"]  # type: ignore[index]
    assert non_fs.population - non_fs.count == len(theirs["relationship_types"].rows)


@requires_longpath
@pytest.mark.parametrize("seed", range(4))
def test_critical_path_test_agrees_on_fs_networks(seed: int) -> None:
    """On FS networks both find that the finish moves by the full 600-day delay."""
    ours, theirs = _both(_random_spec(80, 100 + seed, ("FS",)))
    assert ours["critical_path_test"].passed is True  # type: ignore[index]
    assert theirs["critical_path_test"].result == "pass"
    assert theirs["critical_path_test"].metric == pytest.approx(600.0)
