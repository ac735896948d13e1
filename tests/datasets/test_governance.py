"""Tests of the governance sample data and the walkthrough section."""

from __future__ import annotations

from pmokit._walkthrough import SECTIONS
from pmokit._walkthrough import governance as walk
from pmokit.datasets import governance_sample, sample_pmo
from pmokit.governance import audit, dcma_assessment, evaluate_gate


def test_deterministic() -> None:
    """Two builds give the same data."""
    a, b = governance_sample(sample_pmo()), governance_sample(sample_pmo())
    assert a.actual_finish == b.actual_finish and a.health == b.health
    assert [r.facts for r in a.audits[0]] == [r.facts for r in b.audits[0]]


def test_consistent_with_the_sample_pmo() -> None:
    """Profiles cover every project, audits every active one, progress is before the status."""
    pmo = sample_pmo()
    g = governance_sample(pmo)
    assert {p.project for p in g.profiles} == {p.id for p in pmo.projects}
    active = {p.id for p in pmo.projects if p.status == "active"}
    assert all({r.project for r in recs} == active for recs in g.audits)
    assert set(g.gates) == active == set(g.health)
    for a, f in g.actual_finish.items():
        assert g.actual_start[a] <= f <= g.status_offset
    assert all(s <= g.status_offset for s in g.actual_start.values())
    assert g.status_offset == pmo.calendar.offset_of(g.start, pmo.status_date) + 1


def test_status_audit_records_real_dcma_results() -> None:
    """dcma_checks_failed at the status date is the project's DCMA failure count."""
    pmo = sample_pmo()
    g = governance_sample(pmo)
    for rec in g.audits[-1]:
        a = dcma_assessment(
            pmo.network,
            project=rec.project,
            status_date=g.status_offset,
            actual_start=g.actual_start,
            actual_finish=g.actual_finish,
            baseline_finish=g.baseline_finish,
        )
        assert rec.facts["dcma_checks_failed"] == len(a.failed)


def test_sample_runs_through_every_tool() -> None:
    """Audits, gates and the walkthrough section run on the sample."""
    pmo = sample_pmo()
    g = governance_sample(pmo)
    res = audit(g.audits[-1], as_of=g.audit_dates[-1])
    assert 0 < res.rate < 1
    outcomes = {
        evaluate_gate(g.methodologies[pmo.project(pid).methodology].gate(name), ev).outcome.value
        for pid, (name, ev) in g.gates.items()
    }
    assert outcomes == {"Go", "Kill", "Hold", "Recycle"}
    lines = walk.section(pmo)
    assert "governance" in SECTIONS
    assert any(line.startswith("DCMA 14-point") for line in lines)
    assert any(line.startswith("Maturity (P3M3-style): overall level 1") for line in lines)
