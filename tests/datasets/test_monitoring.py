"""Tests of the monitoring sample data and walkthrough section."""

from __future__ import annotations

import numpy as np

from pmokit._walkthrough import monitoring as walkthrough
from pmokit.datasets import monitoring_sample, sample_pmo
from pmokit.monitoring import (
    CostLine,
    assess_risks,
    earned_value,
    portfolio_earned_value,
    time_phase,
)
from pmokit.scheduling import Network, schedule


class TestMonitoringSample:
    """The sample is deterministic and consistent with the sample PMO."""

    def test_deterministic(self) -> None:
        """Two builds give the same numbers."""
        a = monitoring_sample(sample_pmo())
        b = monitoring_sample(sample_pmo())
        assert a.planned == b.planned and a.actual == b.actual
        assert a.float_snapshots == b.float_snapshots

    def test_series_fit_the_projects(self) -> None:
        """Plans end at each budget; six months reported; EV within budget."""
        pmo = sample_pmo()
        m = monitoring_sample(pmo)
        for pid in m.projects:
            proj = pmo.project(pid)
            assert m.planned[pid][-1] == proj.budget
            assert len(m.earned[pid]) == len(m.actual[pid]) == 6
            assert max(m.earned[pid]) <= proj.budget
            assert np.all(np.diff(m.planned[pid]) >= 0)
            r = earned_value(m.planned[pid], m.earned[pid], m.actual[pid])
            assert r.actual_time == 6.0
        pf = portfolio_earned_value([m.planned[p] for p in m.projects],
                                    [m.earned[p] for p in m.projects],
                                    [m.actual[p] for p in m.projects])
        assert pf.total.bac == sum(pmo.project(p).budget for p in m.projects)

    def test_snapshots_show_delays(self) -> None:
        """The reported delays erode float and move go-live forecasts later, never earlier."""
        m = monitoring_sample(sample_pmo())
        assert len(m.float_snapshots) == len(m.milestone_forecasts) == len(m.report_dates) == 3
        first, last = m.float_snapshots[0], m.float_snapshots[-1]
        assert any(last[k] < first[k] for k in first)
        for k, d in m.milestone_forecasts[0].items():
            assert m.milestone_forecasts[-1][k] >= d
        assert len(assess_risks(m.risks, m.matrix).ids) == 14


class TestWalkthrough:
    """python -m pmokit section."""

    def test_section(self) -> None:
        """The section returns lines naming every active project and the portfolio."""
        lines = walkthrough.section(sample_pmo())
        text = "\n".join(lines)
        assert "Portfolio:" in text and "RAG:" in text and "P80" in text
        assert all(isinstance(x, str) for x in lines)


def test_cost_section_figures() -> None:
    pmo = sample_pmo()
    lines = walkthrough.cost_section(pmo)
    acts = [a for a in pmo.network.activities if a.project == "P01"]
    ids = {a.id for a in acts}
    deps = [d for d in pmo.network.dependencies if d.predecessor in ids and d.successor in ids]
    s = schedule(Network(acts, deps), start=pmo.project("P01").start, calendar=pmo.calendar)
    hours = pmo.calendar.hours_per_day
    bac = sum(75.0 * sum(a.demands.values()) * a.duration * hours for a in acts) + 20_000
    pv = time_phase(s, {a.id: CostLine.labour(75.0, sum(a.demands.values()) * a.duration
                                               * hours) for a in acts if a.duration > 0},
                    freq="M")
    assert f"BAC £{bac / 1000:,.0f}k" in lines[0]
    assert f"{pv.periods} monthly periods" in lines[0]
    project = next(x for x in lines if x.strip().startswith("project "))
    assert f"£{bac / 1000:,.0f}k" in project
    assert any("finish variance +10 working days" in x for x in lines)


def test_python_m_pmokit_shows_it() -> None:
    """``python -m pmokit`` prints the monitoring section, which ends with the cost plan."""
    from pmokit._walkthrough import SECTIONS

    assert "monitoring" in SECTIONS
    lines = walkthrough.section(sample_pmo())
    assert any(x.startswith("Cost-loaded plan of P01") for x in lines)
    assert any("control account roll-up" in x for x in lines)
