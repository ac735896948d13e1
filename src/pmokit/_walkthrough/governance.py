"""Walkthrough section: governance on the sample PMO."""

from __future__ import annotations

from collections import Counter

from pmokit.datasets import SamplePMO, governance_sample
from pmokit.governance import (
    PERSPECTIVES,
    ProjectProfile,
    assess_maturity,
    audit,
    compliance_summary,
    compliance_trend,
    dcma_assessment,
    evaluate_gate,
    health_check,
    tailor,
)

TITLE = "Governance: methodologies, tailoring, gates, compliance, DCMA, health, maturity"


def section(pmo: SamplePMO) -> list[str]:
    """Lines reviewing the sample PMO's governance."""
    g = governance_sample(pmo)
    lines: list[str] = []
    for key, m in g.methodologies.items():
        lines.append(
            f"{key:<9} {m.name:<26} {len(m.phases)} phases, {len(m.gates)} gates, "
            f"{len(m.deliverables)} deliverables, {len(m.roles)} roles"
        )
    profiles: dict[str, ProjectProfile] = {p.project: p for p in g.profiles}
    counts = Counter(g.tiers.values())
    lines.append(
        "Tiers (standard policy): "
        + ", ".join(f"{t} {counts.get(t, 0)}" for t in ("light", "standard", "major"))
    )
    for pid in ("P05", "P07"):
        proj = pmo.project(pid)
        t = tailor(g.methodologies[proj.methodology], profiles[pid])
        lines.append(
            f"  {pid} {proj.name}: {t.tier} ({'; '.join(t.reasons)}), "
            f"{len(t.required)} controls required, {len(t.waived)} waived"
        )

    lines.append("Gate decisions (Cooper stage-gate):")
    for pid, (gate_name, evidence) in g.gates.items():
        proj = pmo.project(pid)
        d = evaluate_gate(g.methodologies[proj.methodology].gate(gate_name), evidence)
        lines.append(
            f"  {pid} {gate_name:<20} {d.outcome.value:<8} score {d.score:.2f}  {d.reasons[0]}"
        )

    results = [audit(recs, as_of=day) for recs, day in zip(g.audits, g.audit_dates, strict=True)]
    for r in results:
        s = compliance_summary(r)
        sev = ", ".join(f"{k} {v}" for k, v in s.severity_counts.items() if v)
        lines.append(
            f"Compliance audit {r.as_of}: {100 * s.rate:.0f}% of checks pass; findings: {sev}; "
            f"weakest {', '.join(s.worst_projects[:3])}"
        )
    trend = compliance_trend(results)
    lines.append(
        f"  trend: {trend.direction} ({100 * trend.slope_per_30_days:+.1f} points per 30 days), "
        f"{len(trend.resolved_findings[0])} findings resolved, {len(trend.new_findings[0])} new"
    )
    for f in results[-1].findings[:3]:
        lines.append(f"  {f.project} {f.rule} [{f.severity}] {f.evidence} -> {f.remediation}")

    h = health_check(g.health)
    rag = Counter(h.rag)
    lines.append("Health: " + ", ".join(f"{k} {rag.get(k, 0)}" for k in ("Green", "Amber", "Red")))
    for i, pid in enumerate(h.projects):
        if h.rag[i] == "Red":
            lines.append(
                f"  {pid} score {h.scores[i]:.0f} (Red), weakest: {', '.join(h.weakest[i])}"
            )

    mat = assess_maturity(g.maturity_answers)
    lines.append(
        f"Maturity (P3M3-style): overall level {mat.overall_level} ({mat.overall_name}), "
        f"mean {mat.mean_level:.1f}; "
        + ", ".join(
            f"{p.split()[0]} {lvl}"
            for p, lvl in zip(PERSPECTIVES, mat.levels.tolist(), strict=True)
        )
    )
    for imp in mat.improvements[:3]:
        lines.append(f"  -> L{imp.target_level} {imp.perspective}: {imp.action}")

    a = dcma_assessment(
        pmo.network,
        status_date=g.status_offset,
        actual_start=g.actual_start,
        actual_finish=g.actual_finish,
        baseline_finish=g.baseline_finish,
    )
    lines.append(
        f"DCMA 14-point on the integrated network ({len(pmo.network)} activities, status "
        f"t={g.status_offset:g}): {len(a.passed)} pass, {len(a.failed)} fail"
    )
    for c in a.checks:
        mark = "n/a " if c.passed is None else ("pass" if c.passed else "FAIL")
        lines.append(f"  {c.number:>2} {c.title:<36} {mark}  {c.detail}")
    return lines
