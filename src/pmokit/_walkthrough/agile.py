"""Walkthrough section: the sample PMO's agile projects, forecast and joined to the plan."""

from __future__ import annotations

import numpy as np

from pmokit.agile import (
    CycleTimes,
    aging_wip,
    as_activity,
    burn_up,
    how_many,
    throughput_trend,
    velocity_when_done,
    when_done,
)
from pmokit.datasets import PORTFOLIO_START, SamplePMO, sample_dated_network
from pmokit.monitoring import (
    aging_wip_signals,
    rag_status,
    throughput_trend_signals,
)
from pmokit.scheduling import Dependency, Network, cross_project, schedule

TITLE = "Agile and hybrid delivery: throughput forecasts, burn-up, flow signals"


def section(pmo: SamplePMO) -> list[str]:
    """Lines with the forecasts of the agile projects and their place in the plan."""
    cal = pmo.calendar
    lines: list[str] = []
    extra = []
    links = []
    for k, ag in enumerate(pmo.agile_projects):
        f = when_done(dict(ag.throughput), dict(ag.backlog), split=ag.split,
                      iterations=20_000, rng=2026 + k, start=ag.forecast_start, calendar=cal)
        weeks = len(ag.total_throughput)
        streams = ", ".join(f"{s} {lo:g}-{hi:g}" for s, (lo, hi) in ag.backlog.items())
        lines.append(
            f"{ag.id} {ag.name}: {weeks} weeks of throughput (mean "
            f"{np.mean(ag.total_throughput):.1f} items/week), backlog {streams} items, "
            f"split {ag.split[0]:g}-{ag.split[1]:g}"
        )
        lines.append(
            "  Done by: " + ", ".join(
                f"P{p} {f.percentile_date(p):%d %b %Y} ({f.percentile(p)} wk, "
                f"se {f.percentile_se(p):.1f})" for p in (50, 85, 95))
        )
        m = how_many(ag.total_throughput, 8, iterations=20_000, rng=7, start=ag.forecast_start,
                     calendar=cal)
        lines.append(
            f"  Next 8 weeks (to {m.horizon_date:%d %b}): at least {m.at_least(85):g} items "
            f"(85%), {m.at_least(50):g} (50%)"
        )
        if ag.points is not None:
            v = velocity_when_done(ag.velocity, ag.points, iterations=20_000, rng=11,
                                   start=ag.forecast_start, calendar=cal)
            lines.append(
                f"  Velocity ({np.mean(ag.velocity):.0f} points/sprint, {ag.points[0]:g}-"
                f"{ag.points[1]:g} points left): P85 {v.percentile(85)} sprints, "
                f"{v.percentile_date(85):%d %b %Y}"
            )
        b = burn_up(ag.total_throughput, ag.scope, horizon=8, iterations=10_000, rng=5,
                    start=ag.start, calendar=cal)
        lines.append(
            f"  Burn-up: {b.done[b.past - 1]:g} of {b.scope[b.past - 1]:g} done; in 8 weeks "
            f"P15/P50/P85 {' / '.join(f'{x:g}' for x in b.cone[:, -1])} done"
        )
        ct = CycleTimes(ids=tuple(range(len(ag.cycle_times))),
                        days=np.array(ag.cycle_times, dtype=float))
        ages = aging_wip(list(ag.wip.values()), pmo.status_date, ct, ids=list(ag.wip))
        sig = aging_wip_signals(ages, project=ag.id) + throughput_trend_signals(
            throughput_trend(ag.total_throughput, window=8), project=ag.id)
        status = rag_status(None, project=ag.id, signals=sig)
        lines.append(
            f"  Cycle time P50/P85/P95 {ct.percentile(50):g}/{ct.percentile(85):g}/"
            f"{ct.percentile(95):g} days; RAG {status.status}"
            + (f" from {len(sig)} flow signal(s): " + ", ".join(
                f"{x.kind}{' on ' + x.item if x.item else ''} ({x.severity})" for x in sig)
               if len(sig) else "")
        )
        extra.append(as_activity(f, f"{ag.id}-DELIVER", percentile=85, project=ag.id,
                                 name=ag.name))
        links.append(Dependency(f"{ag.id}-DELIVER", ag.feeds))
    net = sample_dated_network(pmo)
    plan = schedule(net, start=PORTFOLIO_START, calendar=cal)
    hybrid = Network([*net.activities, *extra], [*net.dependencies, *links])
    s = schedule(hybrid, start=PORTFOLIO_START, calendar=cal)
    view = cross_project(s)
    lines.append("Hybrid portfolio (agile P85 delivery dates linked into the plan):")
    for ag, link in zip(pmo.agile_projects, links, strict=True):
        proj = str(link.successor).split("-")[0]  # the sample ids are strings
        before = plan[f"{proj}-GO"]["early_finish_date"]
        after = s[f"{proj}-GO"]["early_finish_date"]
        blockers = ", ".join(map(str, view.blockers(proj))) or "-"
        lines.append(
            f"  {ag.id} feeds {link.successor}: {proj} go-live {before:%d %b %Y} -> "
            f"{after:%d %b %Y} ({cal.working_days_between(before, after):+d} d); "
            f"{proj} held up by {blockers}"
        )
    return lines
