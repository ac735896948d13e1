"""Walkthrough section: resource-constrained scheduling and levelling of the sample PMO."""

from __future__ import annotations

import numpy as np

from pmokit.datasets import PORTFOLIO_START, SamplePMO, sample_dated_network
from pmokit.datasets._resources import sample_resources
from pmokit.scheduling import level, resource_constrained_schedule, schedule

TITLE = "Resource-constrained schedule and levelling (skill pools)"


def section(pmo: SamplePMO) -> list[str]:
    """Lines comparing the CPM finish with the people-constrained finish, and levelling."""
    res = sample_resources(pmo)
    lines = [
        "Skill pools (people at proficiency >= 3): "
        + ", ".join(f"{r.id} {r.capacity:g}" for r in res)
    ]
    cpm = schedule(pmo.network)
    dated = schedule(sample_dated_network(pmo), start=PORTFOLIO_START, calendar=pmo.calendar)
    one = resource_constrained_schedule(pmo.network, res, method="serial", priority="lft")
    rs = resource_constrained_schedule(pmo.network, res, schedules=400, rng=2026)
    lines.append(
        f"Unlimited people, every project free to start on day 0 (schedule(pmo.network)"
        f".project_duration): {cpm.project_duration:g} working days; with each project held "
        f"to its start date, as in the scheduling section "
        f"(schedule(sample_dated_network(pmo), ...)): {dated.project_duration:g}. The "
        f"people-constrained schedules below start every project on day 0 too "
        f"(resource_constrained_schedule ignores date constraints)"
    )
    lines.append(
        f"resource_constrained_schedule: CPM bound {rs.critical_path_bound:g} working days; "
        f"work-content bound "
        f"{rs.resource_bound:g}; one serial LFT pass {one.makespan:g}; "
        f"GA with FBI ({rs.schedules} schedules) {rs.makespan:g} "
        f"(at most {100 * rs.gap:.1f}% above optimal)"
    )
    order = np.argsort(-rs.delay, kind="stable")[:5]
    for i in order:
        if rs.delay[i] <= 0:
            break
        lines.append(
            f"  {rs.ids[i]!s:<10} held back {rs.delay[i]:>5g} days by "
            f"{', '.join(map(str, rs.pushed_by[i]))}"
        )
    util = rs.usage.sum(axis=1) / np.maximum(rs.capacity.sum(axis=1), 1e-12)
    busiest = int(np.argmax(util))
    lines.append(
        f"Busiest pool: {rs.resource_ids[busiest]} at {100 * util[busiest]:.0f}% of its "
        f"capacity over the schedule"
    )
    lv = level(pmo.network, res)
    lowered = [
        f"{rid} {a:g}->{b:g}"
        for rid, a, b in zip(lv.resource_ids, lv.peak_before, lv.peak, strict=True)
        if b < a
    ]
    lines.append(
        f"Levelling the day-0 CPM schedule within float (level(pmo.network, ...): finish "
        f"kept at {lv.makespan:g} days): "
        f"{len(lv.moved)} activities moved, sum of squares {lv.squares_before:,.0f} -> "
        f"{lv.squares:,.0f}; peaks lowered: {', '.join(lowered) or 'none'}"
    )
    return lines
