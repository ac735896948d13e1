"""The walkthrough's cost-loaded plan: every figure it prints is true of the sample PMO."""

from __future__ import annotations

from pmokit._walkthrough import monitoring as walkthrough
from pmokit.datasets import sample_pmo
from pmokit.monitoring import CostLine, time_phase
from pmokit.scheduling import Network, schedule


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
