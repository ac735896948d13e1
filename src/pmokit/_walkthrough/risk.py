"""Walkthrough section: Monte Carlo schedule risk on the sample portfolio."""

from __future__ import annotations

import numpy as np

from pmokit.datasets import (
    PORTFOLIO_START,
    SamplePMO,
    sample_dated_network,
    schedule_risk_sample,
)
from pmokit.scheduling import simulate

TITLE = "Schedule risk (Monte Carlo)"


def section(pmo: SamplePMO) -> list[str]:
    """Lines summarising a 5,000-iteration schedule risk analysis of the portfolio."""
    net = sample_dated_network(pmo)
    sample = schedule_risk_sample(pmo)
    res = simulate(
        net, sample.uncertainty, iterations=5000, rng=2026, risks=sample.risks,
        correlation=sample.correlation, start=PORTFOLIO_START, calendar=pmo.calendar,
        deadline=max(p.planned_finish for p in pmo.projects if p.status == "active"),
    )
    lines = [
        f"{len(sample.uncertainty)} uncertain activities (BetaPert ranges widening with "
        f"project risk), {len(sample.risks)} risk drivers, build activities correlated "
        f"0.5 within a programme; {res.iterations:,} iterations",
        f"Portfolio finish: plan {res.deterministic_finish:.0f} working days; "
        + ", ".join(
            f"P{p} {res.percentile(p):.0f} d ({res.percentile_date(p):%d %b %Y})"
            for p in (50, 80, 90)
        )
        + f"; P80 standard error {res.percentile_se(80):.1f} d",
        f"Chance of meeting the latest planned finish: {res.deadline_probability:.0%}",
        "Go-live P80 vs planned finish:",
    ]
    cal = pmo.calendar
    for mid in map(str, res.milestone_ids):  # the sample ids are strings
        if not mid.endswith("-GO"):
            continue
        proj = pmo.project(mid.split("-")[0])
        p80 = res.milestone_percentile(mid, 80)
        day = cal.finish_date(PORTFOLIO_START, p80)
        slack = cal.working_days_between(day, proj.planned_finish)
        lines.append(
            f"  {proj.id} {proj.name:<24} P80 {day:%d %b %Y}  plan {proj.planned_finish:%d %b %Y}"
            f"  margin {slack:+d} d"
        )
    order = np.argsort(-res.criticality)[:5]
    lines.append(
        "Most critical: "
        + ", ".join(
            f"{res.ids[i]} {res.criticality[i]:.0%} (cruciality {res.cruciality[i]:.2f})"
            for i in order
        )
    )
    contrib = res.risk_contribution(80)
    lines.append(
        "Risk tornado (days added to P80): "
        + ", ".join(
            f"{rid} {c:+.1f}"
            for rid, c in sorted(zip(res.risk_ids, contrib, strict=True), key=lambda x: -x[1])
        )
    )
    return lines
