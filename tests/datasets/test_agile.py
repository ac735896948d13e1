"""The sample PMO's agile projects and the walkthrough section that forecasts them."""

from __future__ import annotations

import numpy as np

from pmokit._walkthrough import SECTIONS
from pmokit._walkthrough import agile as walk
from pmokit.agile import burn_up, when_done
from pmokit.datasets import SampleAgileProject, sample_pmo


def test_two_agile_projects() -> None:
    """Two agile projects with valid histories; each feeds an activity of the network."""
    pmo = sample_pmo()
    assert [p.id for p in pmo.agile_projects] == ["P13", "P14"]
    ids = {p.id for p in pmo.projects}
    for ag in pmo.agile_projects:
        assert isinstance(ag, SampleAgileProject)
        assert ag.id not in ids
        assert ag.feeds in pmo.network
        assert set(ag.throughput) == set(ag.backlog)
        weeks = {len(v) for v in ag.throughput.values()}
        assert weeks == {len(ag.scope)}
        assert (ag.forecast_start - ag.start).days == 7 * len(ag.scope)
        done = sum(ag.total_throughput)
        lo = sum(b[0] for b in ag.backlog.values())
        assert ag.scope[-1] - done <= lo * 1.2 and ag.scope[-1] - done >= lo * 0.8
        assert all(s <= pmo.status_date for s in ag.wip.values())


def test_forecasts_run() -> None:
    """The forecasts of both projects run and finish after the forecast start."""
    pmo = sample_pmo()
    for ag in pmo.agile_projects:
        f = when_done(dict(ag.throughput), dict(ag.backlog), split=ag.split, rng=1,
                      iterations=2000, start=ag.forecast_start, calendar=pmo.calendar)
        assert f.percentile_date(85) > ag.forecast_start
        b = burn_up(ag.total_throughput, ag.scope, horizon=4, rng=1, iterations=2000)
        assert np.isfinite(b.cone[:, -1]).all()


def test_walkthrough_section() -> None:
    """python -m pmokit shows both projects' forecasts and the hybrid links."""
    assert "agile" in SECTIONS
    text = "\n".join(walk.section(sample_pmo()))
    assert "P13 Partner API" in text and "P14 Field service app" in text
    assert "P85" in text and "feeds P02-INC" in text
