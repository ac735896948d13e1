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
    lines.extend(cost_section(pmo))
    return lines


# --- cost-loaded plan (issue 18) -------------------------------------------------------

_RATE = 75.0
"""Blended labour rate of the sample PMO [currency/hour] (an assumption of this walkthrough)."""


def cost_section(pmo: SamplePMO) -> list[str]:
    """Lines: a cost-loaded schedule of P01 -> PV, EV, AC -> earned value -> control accounts.

    Progress and actual costs at the status date are those of the monitoring sample's P01
    (its SPI and CPI applied to the planned progress of each work package).
    """
    import attrs
    import numpy as np

    from pmokit.monitoring import (
        Baseline,
        ControlAccount,
        CostLine,
        WorkPackage,
        baseline_variance,
        control_account_rollup,
        performance,
        time_phase,
    )
    from pmokit.scheduling import Network, schedule

    pid = "P01"
    proj = pmo.project(pid)
    acts = [a for a in pmo.network.activities if a.project == pid]
    ids = {a.id for a in acts}
    deps = [d for d in pmo.network.dependencies if d.predecessor in ids and d.successor in ids]
    s = schedule(Network(acts, deps), start=proj.start, calendar=pmo.calendar)
    hours = pmo.calendar.hours_per_day
    costs: dict[object, list[CostLine]] = {
        a.id: [CostLine.labour(_RATE, sum(a.demands.values()) * a.duration * hours)]
        for a in acts if a.duration > 0
    }
    costs[f"{pid}-HARD"].append(CostLine.fixed(20_000, at="finish"))
    pv = time_phase(s, costs, freq="M")
    wps = [
        WorkPackage("WP-DISC", [f"{pid}-DISC"], "percent_complete", control_account="CA1"),
        WorkPackage("WP-MVP", [f"{pid}-MVP"], "percent_complete", control_account="CA2"),
        WorkPackage("WP-INC", [f"{pid}-INC"], "50/50", control_account="CA2"),
        WorkPackage("WP-HARD", [f"{pid}-HARD"], "milestones", control_account="CA3",
                    milestones={f"{pid}-REL1": 1, f"{pid}-GO": 3}),
    ]
    m = monitoring_sample(pmo)
    reported = pmo.calendar.working_days_between(proj.start, pmo.status_date)
    k = int(np.searchsorted(pv.boundaries, reported, side="right"))  # periods reported
    spi = m.earned[pid][-1] / m.planned[pid][len(m.earned[pid]) - 1]
    cpi = m.earned[pid][-1] / m.actual[pid][-1]
    progress: dict[object, object] = {}
    actual: dict[object, list[float]] = {}
    for w in wps[:3]:
        rows = [pv.ids.index(a) for a in w.activities]
        planned = np.cumsum(pv.by_activity[rows].sum(0))[:k] / pv.bac[rows].sum()
        pc = np.round(np.minimum(planned * spi * 100, 100.0), 1)
        progress[w.id] = pc.tolist()
        earned = np.diff(pc, prepend=0.0) / 100 * pv.bac[rows].sum()
        actual[w.id] = (earned / cpi).tolist()
    progress["WP-HARD"] = {}
    perf = performance(pv, wps, progress, actual, periods=k)
    ev = perf.earned_value(calendar=pmo.calendar, start=proj.start)
    accounts = [ControlAccount("CA1", "1.1", "Product"), ControlAccount("CA2", "1.2", "Eng"),
                ControlAccount("CA3", "1.3", "Eng")]
    report = control_account_rollup(perf, accounts, project=pid)
    lines = [
        f"Cost-loaded plan of {pid} ({proj.name}): {len(costs)} activities at £{_RATE:.0f}/h "
        f"plus a £20k fixed cost, {pv.periods} monthly periods, BAC {_money(pv.total)} "
        "(time_phase)",
        f"  status {pmo.status_date} ({k} periods reported; performance, earned_value): "
        f"PV {_money(ev.pv)}, EV {_money(ev.ev)}, AC {_money(ev.ac)}; CPI {ev.cpi:.2f}, "
        f"SPI {ev.spi:.2f}, EAC {_money(ev.eac)}",
        f"  {'control account roll-up':<24} {'BAC':>8} {'EV':>8} {'AC':>8} {'VAC':>8}",
    ]
    for rid in report.ids:
        r = report[rid]
        name = f"{r['level']} {r['name']}".strip()
        lines.append(f"  {name:<24} {_money(r['bac']):>8} {_money(r['ev']):>8} "
                     f"{_money(r['ac']):>8} {_money(r['vac']):>8}")
    kinds = sorted({f"{x.item or 'project'} {x.kind} ({x.severity})" for x in report.signals})
    lines.append(f"  variance signals (control_account_rollup): {len(report.signals)}"
                 + (f": {', '.join(kinds[:4])}" if kinds else ", all within 5 %"))
    bl = Baseline.from_schedule("BL0", s, pv)
    late = Network([attrs.evolve(a, duration=a.duration + 10) if a.id == f"{pid}-MVP" else a
                    for a in acts], deps)
    v = baseline_variance(Baseline.from_schedule("now", schedule(late)), bl)
    lines.append(f"  baseline BL0 vs a re-plan with MVP +10 days: {pid}-GO finish variance "
                 f"{v[f'{pid}-GO']['finish']:+.0f} working days (baseline_variance)")
    return lines
