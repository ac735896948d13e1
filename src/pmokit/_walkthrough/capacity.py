"""Walkthrough section: capacity allocation, bottlenecks, hiring, overload and mentoring."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from pmokit.capacity import (
    HiringPlan,
    Scenario,
    allocate,
    compare_scenarios,
    heatmap,
    match_mentors,
    overload_signals,
    proficiency_gaps,
    recommend_hires,
    train_instead_of_hire,
    training_needs,
)
from pmokit.datasets import capacity_sample

if TYPE_CHECKING:
    from pmokit.datasets import SamplePMO

TITLE = "Capacity: optimal allocation, bottleneck skills, hiring, overload, mentoring"


def section(pmo: SamplePMO) -> list[str]:
    """Lines of the capacity review of the sample PMO."""
    cs = capacity_sample(pmo)
    kw: dict[str, Any] = {
        "periods": cs.periods.starts,
        "hours_per_period": cs.periods.hours_per_period,
    }
    people, demands = list(cs.people), list(cs.demands)
    a = allocate(people, demands, **kw)
    lines = [
        f"allocate(): {len(people)} people, {len(demands)} project-skill demands over "
        f"{len(a.periods)} weeks; LP with {a.n_variables} variables solved: {a.status}.",
        f"allocate(): demand {a.demanded.sum():,.0f} h, covered {a.covered.sum():,.0f} h "
        f"({a.covered.sum() / a.demanded.sum():.0%}), cost GBP {a.cost:,.0f}, "
        f"unmet value GBP {a.unmet_value:,.0f}.",
        "Allocation.skill_shadow_value and .skill_unmet: Bottleneck skills, the value of one "
        "more hour in every week (shadow prices), and unmet hours:",
    ]
    value = a.skill_shadow_value
    for s in np.argsort(-value, kind="stable")[:4]:
        lines.append(
            f"  {a.skills[s]:<20} GBP {value[s]:>8,.0f}   unmet {a.skill_unmet[s].sum():>7,.0f} h"
        )
    h = heatmap(a, people)
    s_peak, t_peak = np.unravel_index(np.argmax(h.gap_fte), h.gap_fte.shape)
    lines.append(
        f"heatmap(): largest gap {h.gap_fte[s_peak, t_peak]:.1f} FTE of {h.skills[s_peak]} "
        f"in the week of {h.periods[t_peak]}."
    )
    plan = recommend_hires(people, demands, target_coverage=0.8, **kw)
    lines.append(hires_line(plan))
    opts = train_instead_of_hire(a, people, top=1)[:3]
    lines.append(
        "train_instead_of_hire(): "
        + "; ".join(f"{o.person} in {o.skill} ({o.coverable_hours:,.0f} h)" for o in opts)
    )
    cmp = compare_scenarios(
        people,
        demands,
        [
            Scenario("delay P07 by 8 weeks", shift_projects={"P07": 8}),
            Scenario("pause P10", scale_projects={"P10": 0.0}),
        ],
        **kw,
    )
    lines.append("compare_scenarios():")
    for row in cmp.to_records():
        lines.append(
            f"  scenario {row['scenario']:<22} unmet {row['unmet_hours']:>8,.0f} h  "
            f"objective change GBP {row['delta_objective']:>+10,.0f}"
        )
    booked = a.allocated * 1.15  # bookings run 15% above the plan, as timesheets often do
    sig = overload_signals(
        booked,
        a.availability,
        people=a.people,
        teams=[p.team for p in people],
        periods=a.periods,
        threshold=0.95,
        min_periods=4,
    )
    teams = dict.fromkeys(str(r.who) for r in sig.runs if r.kind == "team")
    lines.append(
        f"overload_signals(): at +15% bookings (>95% for 4+ weeks) {len(sig.people)} people, "
        f"teams {', '.join(teams) or 'none'}."
    )
    gaps = proficiency_gaps(people, cs.profiles, cs.roles)
    needs = training_needs(gaps, a)
    lines.append(
        "proficiency_gaps() and training_needs(), by shadow price: "
        + ", ".join(f"{n.skill} ({len(n.people)} people)" for n in needs[:3])
    )
    m = match_mentors(
        people, gaps, skill_weights={s: float(v) for s, v in zip(a.skills, value, strict=True)}
    )
    lines.append(
        f"match_mentors(): {len(m.pairs)} pairs, e.g. "
        + ", ".join(f"{p.mentor}->{p.mentee} ({'/'.join(p.skills)})" for p in m.pairs[:3])
    )
    return lines


def hires_line(plan: HiringPlan) -> str:
    """The hiring line: every hire of the plan, so the total is the sum of those listed."""
    hires = ", ".join(f"{x.fte:g} FTE {x.skill} from {x.from_period}" for x in plan.hires)
    return (
        f"recommend_hires() for 80% coverage per skill: {len(plan.hires)} hires, "
        f"{plan.total_fte:g} FTE in all: {hires}."
    )
