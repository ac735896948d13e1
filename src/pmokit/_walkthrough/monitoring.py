"""Walkthrough section: monitoring on the sample PMO."""

from __future__ import annotations

import math

from pmokit.datasets import SamplePMO, monitoring_sample
from pmokit.monitoring import (
    RagStatus,
    Signal,
    assess_risks,
    earned_value,
    evm_signals,
    float_erosion_signals,
    milestone_slippage_signals,
    portfolio_earned_value,
    portfolio_rag,
    rag_status,
    risk_contingency,
    risk_exposure_signals,
)

TITLE = "Monitoring: earned value and schedule, risks, early warnings, RAG"


def _money(x: float) -> str:
    return f"£{x / 1000:,.0f}k" if math.isfinite(x) else "n/a"


def section(pmo: SamplePMO) -> list[str]:
    """Lines reviewing the sample PMO's performance at its status date."""
    m = monitoring_sample(pmo)
    lines: list[str] = [
        f"Status {pmo.status_date}: {len(m.projects)} active projects, monthly periods from "
        f"{m.start}"
    ]
    lines.append(
        f"  {'project':<26} {'CPI':>5} {'SPI':>5} {'SPI(t)':>6} {'EAC':>8} {'IEAC(t)':>8}  "
        "forecast finish"
    )
    results = {}
    for pid in m.projects:
        proj = pmo.project(pid)
        r = earned_value(m.planned[pid], m.earned[pid], m.actual[pid],
                         calendar=pmo.calendar, start=m.start)
        results[pid] = r
        finish = r.forecast_completion_date
        lines.append(
            f"  {pid} {proj.name:<22} {r.cpi:5.2f} {r.spi:5.2f} {r.spi_t:6.2f} "
            f"{_money(r.eac):>8} {r.ieac_t:6.1f} mo  {finish or 'n/a'}"
        )
    pf = portfolio_earned_value(
        [m.planned[p] for p in m.projects], [m.earned[p] for p in m.projects],
        [m.actual[p] for p in m.projects], names=m.projects,
        calendar=pmo.calendar, start=m.start,
    )
    t = pf.total
    lines.append(
        f"Portfolio: BAC {_money(t.bac)}, EV {_money(t.ev)}, AC {_money(t.ac)}; CPI "
        f"{t.cpi:.2f}, SPI(t) {t.spi_t:.2f}, EAC {_money(t.eac)} (VAC {_money(t.vac)}), "
        f"forecast finish {t.forecast_completion_date}"
    )
    by_programme = pf.rollup({p: pmo.project(p).programme for p in m.projects})
    lines.append("  by programme: " + "; ".join(
        f"{g} CPI {r.cpi:.2f} SPI(t) {r.spi_t:.2f}" for g, r in by_programme.items()))

    a = assess_risks(m.risks, m.matrix)
    c = risk_contingency(m.risks, iterations=20_000, rng=2026)
    counts = {b: a.rag.count(b) for b in ("red", "amber", "green")}
    lines.append(
        f"Risks: {len(a.ids)} open ({counts['red']} red, {counts['amber']} amber, "
        f"{counts['green']} green), total EMV {_money(a.total_emv)}; Monte Carlo contingency "
        f"P50 {_money(c.p50)}, P80 {_money(c.p80)}"
    )
    top = ", ".join(f"{i} ({a.projects[a.ids.index(i)]}, score "
                    f"{a.score[a.ids.index(i)]:.0f})" for i in a.ranked[:3])
    lines.append(f"  top risks: {top}")

    statuses: list[RagStatus] = []
    all_signals: list[Signal] = []
    for pid in m.projects:
        sig = evm_signals(results[pid], project=pid)
        sig = sig + risk_exposure_signals(m.exposure[pid], project=pid)
        floats = [{k: v for k, v in snap.items() if k.startswith(pid + "-")}
                  for snap in m.float_snapshots]
        sig = sig + float_erosion_signals(floats, project=pid, erosion=10.0)
        sig = sig + milestone_slippage_signals(
            [{k: v for k, v in f.items() if k.startswith(pid + "-")}
             for f in m.milestone_forecasts],
            project=pid, calendar=pmo.calendar, red_after=10.0,
        )
        all_signals.extend(sig)
        project_risks = assess_risks([r for r in m.risks if r.project == pid], m.matrix)
        statuses.append(rag_status(results[pid], project=pid, signals=sig,
                                   risks=project_risks))
    lines.append(f"Early warnings: {len(all_signals)} signals "
                 f"({sum(s.severity == 'red' for s in all_signals)} red)")
    for s in sorted(all_signals, key=lambda s: (s.severity != "red", s.project))[:6]:
        item = f" {s.item}" if s.item else ""
        lines.append(f"  [{s.severity:>5}] {s.project}{item}: {s.message}")
    worst = portfolio_rag(statuses)
    budgets = {p: pmo.project(p).budget for p in m.projects}
    weighted = portfolio_rag(statuses, method="weighted", weights=budgets)
    lines.append(
        f"RAG: {worst.counts['red']} red, {worst.counts['amber']} amber, "
        f"{worst.counts['green']} green; portfolio {worst.status} (worst-of), "
        f"{weighted.status} (budget-weighted score {weighted.score:.2f})"
    )
    for st in worst.projects[:3]:
        lines.append(f"  {st.project} {st.status}: {st.reasons[0] if st.reasons else ''}")
    return lines
