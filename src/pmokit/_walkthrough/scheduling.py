"""Walkthrough section: the critical path of the sample portfolio, slips and bottlenecks."""

from __future__ import annotations

import datetime as dt

from pmokit._typing import Id
from pmokit.datasets import PORTFOLIO_START, SamplePMO, sample_dated_network
from pmokit.scheduling import bottlenecks, cross_project, schedule, slip_impact

TITLE = "Scheduling: critical path, slips and cross-project dependencies"


def section(pmo: SamplePMO) -> list[str]:
    """Lines describing the CPM schedule of the sample portfolio."""
    net = sample_dated_network(pmo)
    s = schedule(net, start=PORTFOLIO_START, calendar=pmo.calendar)
    lines = [
        f"{len(net)} activities, {len(net.dependencies)} links; each project held to its "
        f"start date (sample_dated_network: SNET constraints); portfolio finishes "
        f"{s.finish_date:%d %b %Y} ({s.project_duration:.0f} working days from "
        f"{PORTFOLIO_START:%d %b %Y}; schedule(...).project_duration and .finish_date)",
    ]
    chain = s.critical_paths(max_paths=1)
    if chain:
        lines.append(
            "Critical path: " + " -> ".join(map(str, chain[0])) + " (Schedule.critical_paths)"
        )
    lines.append(f"Near-critical (float <= 10 days): {len(s.near_critical(10))} activities")
    view = cross_project(s)
    lines.append("Go-live against plan:")
    planned: dict[Id, dt.date] = {p.id: p.planned_finish for p in pmo.projects}
    for k, p in enumerate(view.projects):
        go = s[f"{p}-GO"]
        finish: dt.date = go["early_finish_date"]
        slip = (finish - planned[p]).days
        blockers = ", ".join(map(str, view.blockers(p))) or "-"
        where = "ahead of" if slip < 0 else "behind"
        lines.append(
            f"  {p} go-live {finish:%d %b %Y} ({abs(slip):3d} days {where} plan), float "
            f"{view.total_float[k]:5.1f} d, held up by {blockers}"
        )
    for a, delay in (("P11-BLD", 15.0), ("P08-DATA", 20.0)):
        imp = slip_impact(s, {a: delay})
        moved = ", ".join(
            f"{m} +{imp.shift(m):g}d" for m in imp.milestones if str(m).endswith("-GO")
        ) or "no go-live moves"
        lines.append(f"If {a} slips {delay:g} days: {moved}")
    rank = bottlenecks(s, top=3)
    lines.append(
        "Bottlenecks (milestones moved by a delay): "
        + ", ".join(
            f"{a} ({m})" for a, m in zip(rank.ids, rank.milestones_moved.tolist(), strict=True)
        )
    )
    return lines
