"""Walkthrough section: driver weights (AHP), scoring, optimal selection, frontier, benefits."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from pmokit.datasets import portfolio_sample
from pmokit.portfolio import (
    Criterion,
    ahp_priorities,
    efficient_frontier,
    irr,
    npv,
    ranking_sensitivity,
    score,
    select,
    track_benefits,
)

if TYPE_CHECKING:
    from pmokit.datasets import SamplePMO

TITLE = "Portfolio: AHP driver weights, scoring, optimal selection, frontier, benefits"


def section(pmo: SamplePMO) -> list[str]:
    """Lines of the portfolio review of the sample PMO; each figure names its function."""
    ps = portfolio_sample(pmo)
    ahp = ahp_priorities(ps.driver_judgements)
    weights = ", ".join(f"{k} {ahp[k]:.2f}" for k in ahp)
    lines = [
        f"Driver weights [ahp_priorities, eigenvector]: {weights}; CR {ahp.cr:.3f} "
        f"({ahp.random_index_table} RI table, {'consistent' if ahp.consistent else 'REVISE'}).",
    ]
    ids: list[Hashable] = [p.id for p in pmo.projects]
    fit = {d: [p.strategic_fit[d] for p in pmo.projects] for d in ps.drivers}
    w = np.round(ahp.priorities, 6)
    w[-1] = 1.0 - w[:-1].sum()
    crit = [Criterion(d, float(x)) for d, x in zip(ps.drivers, w, strict=True)]
    ranking = score(ids, fit, crit)
    sens = ranking_sensitivity(ranking, k=5, iterations=2000, rng=2026)
    top = ranking.top(5)
    probs = ", ".join(f"{i} {sens.top_probability[ids.index(i)]:.0%}" for i in top)
    lines.append(
        f"Top 5 [score, weighted sum]: {', '.join(map(str, top))} "
        f"(P(top 5) with +/-20 % weights [ranking_sensitivity, 2,000 iterations]: {probs})."
    )
    sel = select(ps.candidates, budgets=ps.budgets, capacity=ps.capacity)
    lines.append(
        f"Optimal selection [select, MILP] ({sel.status}) within quarterly budgets and delivery "
        f"capacity: {', '.join(map(str, sel.chosen))}; NPV {sel.total_value / 1e6:.2f} M GBP "
        f"for {sel.total_cost / 1e6:.2f} M GBP."
    )
    for rej in sel.rejections[:4]:
        if rej.reason == "value":
            why = "NPV <= 0, not worth selecting at any budget"
        else:
            why = f"{rej.constraints[0]} would be exceeded"
        lines.append(
            f"  not selected {rej.id} [Selection.rejection]: {rej.reason} ({why}), "
            f"NPV/cost {rej.value_per_cost:.2f} vs marginal {rej.marginal_value_per_cost:.2f}"
        )
    lines.extend(_phased(ps))
    total = sum(c.total_cost for c in ps.candidates)
    fr = efficient_frontier(ps.candidates, total_budgets=list(np.linspace(0.2, 1.0, 5) * total))
    pts = "; ".join(
        f"{b / 1e6:.1f} M -> {v / 1e6:.2f} M"
        for b, v in zip(fr.total_budgets, fr.values, strict=True)
    )
    lines.append(
        f"Efficient frontier [efficient_frontier] (total budget -> NPV): {pts} "
        f"({fr.solves} solves)."
    )
    p = pmo.projects[0]
    flows = [-p.budget] + [p.annual_benefit] * p.benefit_years
    r = irr(flows)
    lines.append(
        f"{p.id} {p.name}: NPV at 8 % [npv] {npv(0.08, flows) / 1e6:.2f} M GBP, "
        f"IRR [irr] {r.rate if r.rate is None else f'{r.rate:.1%}'}."
    )
    rep = track_benefits(ps.benefit_lines, as_of=ps.as_of)
    at_risk = [i for i, s in zip(rep.ids, rep.status, strict=True) if s == "at risk"]
    lines.append(
        f"Benefits after {ps.as_of} quarters [track_benefits]: realised/planned "
        f"{rep.portfolio_ratio:.0%}, at risk {rep.total_at_risk / 1e6:.2f} M GBP "
        f"({', '.join(map(str, at_risk)) or 'none'})."
    )
    return lines


def _phased(ps: Any) -> list[str]:
    """Phased selection: each project may start up to two quarters late, within 60 % budgets."""
    n_q = int(np.asarray(ps.budgets).shape[0])
    plans = []
    for c in ps.candidates:
        nz = np.nonzero(c.costs)[0]
        q0, q1 = (int(nz[0]), int(nz[-1])) if nz.size else (0, 0)
        length = q1 - q0 + 1
        plans.append(
            attrs.evolve(
                c,
                costs=c.costs[q0 : q1 + 1],
                demands={s: d[q0 : q1 + 1] for s, d in c.demands},
                earliest_start=q0,
                latest_start=max(q0, min(q0 + 2, n_q - length)),
                discount_rate=0.02,
            )
        )
    budgets = np.asarray(ps.budgets) * 0.6 / 0.7
    sel = select(plans, budgets=budgets.round(-3), capacity=ps.capacity)
    moved = ", ".join(f"{d.id} Q{d.earliest_start}->Q{d.start}" for d in sel.delays) or "none"
    out = [
        f"Phased selection [select, time-indexed MILP] ({sel.status}) with budgets cut to 60 % "
        f"and starts up to two quarters late (2 % value lost per quarter): "
        f"{len(sel.chosen)} projects, NPV {sel.total_value / 1e6:.2f} M GBP; delayed: {moved}."
    ]
    for d in sel.delays[:3]:
        held = d.constraints[0] if d.constraints else "no rule (worth as much later)"
        out.append(f"  {d.id} starts in Q{d.start} [Delay]: held back by {held}")
    return out
