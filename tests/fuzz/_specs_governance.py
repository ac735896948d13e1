"""Fuzz specs: pmokit.governance."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from hypothesis import strategies as st

from pmokit.datasets import governance_sample, sample_pmo
from pmokit.governance import (
    ComplianceRule,
    Condition,
    Gate,
    GateCriterion,
    Indicator,
    Phase,
    ProjectProfile,
    Question,
    TierRule,
    audit,
)
from tests.fuzz._framework import (
    Array,
    Choice,
    Custom,
    Date,
    Exempt,
    Flag,
    Id,
    Ids,
    Keyed,
    Number,
    Spec,
    built,
)
from tests.strategies import dates, networks

G = "pmokit.governance."


def _result(made_by: str) -> Exempt:
    return Exempt(f"result class: built by {made_by}, fuzzed through it")


@cache
def _gs() -> Any:
    return governance_sample(sample_pmo())


def _sample(fn: Any) -> st.SearchStrategy[dict[str, Any]]:
    return st.integers(0, 10**6).map(lambda k: fn(_gs(), k))


def _audit_kw(g: Any, k: int) -> dict[str, Any]:
    i = k % len(g.audits)
    return {"records": list(g.audits[i]), "as_of": g.audit_dates[i]}


def _gate_kw(g: Any, k: int) -> dict[str, Any]:
    pids = sorted(g.gates)
    pid = pids[k % len(pids)]
    gate_name, evidence = g.gates[pid]
    pmo = sample_pmo()
    meth = g.methodologies[pmo.project(pid).methodology]
    return {"gate": meth.gate(gate_name), "evidence": evidence}


def _tailor_kw(g: Any, k: int) -> dict[str, Any]:
    prof = g.profiles[k % len(g.profiles)]
    pmo = sample_pmo()
    return {"methodology": g.methodologies[pmo.project(prof.project).methodology],
            "profile": prof}


@st.composite
def _dcma(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(min_size=2, loe=True))
    kw: dict[str, Any] = {"network_or_schedule": net}
    if draw(st.booleans()):
        kw["status_date"] = float(draw(st.integers(0, 20)))
        done = net.ids[0]
        kw["actual_start"] = {done: 0.0}
        if draw(st.booleans()):
            kw["actual_finish"] = {done: float(net.activities[0].duration)}
    if draw(st.booleans()):
        kw["baseline_finish"] = {i: float(draw(st.integers(0, 30))) for i in net.ids[:2]}
    if draw(st.booleans()):
        kw["baseline_duration"] = {net.ids[-1]: float(draw(st.integers(0, 30)))}
    return kw


@st.composite
def _health(draw: st.DrawFn) -> dict[str, Any]:
    g = _gs()
    pids = sorted(g.health)[: draw(st.integers(1, 4))]
    return {"data": {p: dict(g.health[p]) for p in pids}, "n_weakest": draw(st.integers(1, 3))}


@st.composite
def _maturity(draw: st.DrawFn) -> dict[str, Any]:
    return {"answers": dict(_gs().maturity_answers),
            "missing": draw(st.sampled_from(["error", "lowest"]))}


@st.composite
def _trend(draw: st.DrawFn) -> dict[str, Any]:
    g = _gs()
    n = draw(st.integers(1, len(g.audits)))
    return {"results": [audit(list(r), as_of=d) for r, d in zip(g.audits[:n], g.audit_dates[:n],
                                                                  strict=True)],
            "tolerance": draw(st.sampled_from([0.0, 0.01, 0.1]))}


@st.composite
def _summary(draw: st.DrawFn) -> dict[str, Any]:
    return {"result": built(audit, **_audit_kw(_gs(), draw(st.integers(0, 10))))}


@st.composite
def _profile(draw: st.DrawFn) -> dict[str, Any]:
    return {"project": "P1", "budget": float(draw(st.integers(0, 10**7))),
            "duration_months": float(draw(st.integers(1, 48))),
            "risk": float(draw(st.integers(1, 5))),
            "strategic_importance": float(draw(st.integers(1, 5)))}


@st.composite
def _assign(draw: st.DrawFn) -> dict[str, Any]:
    g = _gs()
    return {"profiles": list(g.profiles[: draw(st.integers(1, len(g.profiles)))])}


def _bad_items(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    cur = list(current)
    return draw(st.sampled_from([("duplicate item", [*cur, cur[0]]), ("None item", [*cur, None])]))


def _in_methodology(**parts: Any) -> Any:
    from pmokit.governance import Methodology

    return lambda obj: Methodology("m", **{k: [obj] if v is None else v for k, v in
                                           parts.items()})


def _phase_holding(d: Any) -> Any:
    from pmokit.governance import Methodology, Phase

    return Methodology("m", phases=[Phase("design", deliverables=[d])])


def _policy_holding(rule: Any) -> Any:
    from pmokit.governance import TailoringPolicy

    return TailoringPolicy(("light", "major"), rules=[rule])


def _health_holding(ind: Any) -> Any:
    from pmokit.governance import HealthModel

    return HealthModel([ind])


def _questionnaire_holding(q: Any) -> Any:
    from pmokit.governance import Questionnaire

    return Questionnaire([q])


def _policy_holding_condition(c: Any) -> Any:
    return _policy_holding(TierRule("major", [c]))


def _ruleset_holding(r: Any) -> Any:
    from pmokit.governance import RuleSet

    return RuleSet([r])


SPECS: dict[str, Spec | Exempt] = {
    G + "audit": Spec(_sample(_audit_kw), {"as_of": Date(), "records": Custom(_bad_items)},
                      examples=60),
    G + "compliance_summary": Spec(_summary(), {}, examples=30),
    G + "compliance_trend": Spec(_trend(), {"tolerance": Number(minimum=0.0)}, examples=30),
    G + "evaluate_gate": Spec(_sample(_gate_kw), {}, examples=40),
    G + "tailor": Spec(_sample(_tailor_kw), {}, examples=40),
    G + "assign_tiers": Spec(_assign(), {"profiles": Custom(_bad_items)}, examples=40),
    G + "health_check": Spec(
        _health(), {"data": Keyed(known=False), "n_weakest": Number(minimum=0, integer=True)},
        examples=60,
    ),
    G + "assess_maturity": Spec(
        _maturity(), {"answers": Keyed(value=Number(minimum=0.0, maximum=4.0)),
                      "missing": Choice()}, examples=60,
    ),
    G + "dcma_assessment": Spec(
        _dcma(),
        {"status_date": Number(minimum=0.0, none_ok=True),
         "actual_start": Keyed(value=Number(minimum=0.0)),
         "actual_finish": Keyed(value=Number(minimum=0.0)),
         "baseline_finish": Keyed(value=Number(minimum=0.0)),
         # None values are refused too: an activity with none yet is left out
         "baseline_duration": Keyed(value=Number(minimum=0.0))},
        examples=80,
    ),
    G + "ProjectProfile": Spec(
        _profile(), {"project": Id(), "budget": Number(minimum=0.0),
                     # >= 0 as budget: only compared with tier thresholds (documented)
                     "duration_months": Number(minimum=0.0),
                     "risk": Number(minimum=0.0), "strategic_importance": Number(minimum=0.0)},
        examples=80,
    ),
    G + "Condition": Spec(
        st.fixed_dictionaries({"field": st.sampled_from(["budget", "duration_months"]),
                               "op": st.sampled_from([">=", "<", "=="]),
                               "value": st.integers(0, 100).map(float)}),
        {"field": Choice(), "op": Choice(), "value": Number()}, examples=50,
        via=_policy_holding_condition,
    ),
    G + "TierRule": Spec(
        st.just({"tier": "major", "when": [Condition("budget", ">=", 1e6)]}),
        {"tier": Id()}, examples=30,
        via=_policy_holding,
    ),
    G + "GateCriterion": Spec(
        st.fixed_dictionaries({"name": st.just("fit"), "kind": st.sampled_from(["must",
                                                                                "should"]),
                               "weight": st.integers(1, 5).map(float)}),
        {"name": Id(), "kind": Choice(), "weight": Number(minimum=0.0, strict=True)},
        examples=50,
        # weight > 0 holds for a should-meet criterion; a must-meet one ignores its weight,
        # which need only be a finite number >= 0 (documented on GateCriterion)
        allows=lambda call, m: m == ("weight", "at strict minimum") and call["kind"] == "must",
    ),
    G + "Gate": Spec(
        st.fixed_dictionaries({"name": st.just("G1"), "after_phase": st.just("design"),
                               "criteria": st.just([GateCriterion("fit", "should")]),
                               "go_score": st.sampled_from([0.5, 0.6]),
                               "kill_score": st.sampled_from([0.2, 0.4])}),
        {"name": Id(), "go_score": Number(minimum=0.0, maximum=1.0, fraction=True),
         "kill_score": Number(minimum=0.0, maximum=1.0, fraction=True),
         "scale_max": Number(minimum=0.0, strict=True)},
        examples=60,
        via=_in_methodology(phases=[Phase("design")], gates=None),
    ),
    G + "Indicator": Spec(
        st.fixed_dictionaries({"name": st.just("spi"), "dimension": st.just("schedule"),
                               "green": st.just(1.0), "red": st.sampled_from([0.8, 0.5]),
                               "weight": st.integers(1, 3).map(float)}),
        {"name": Id(), "dimension": Id(), "green": Number(), "red": Number(),
         "weight": Number(minimum=0.0, strict=True)},
        examples=60,
        via=_health_holding,
    ),
    G + "HealthModel": Spec(
        st.fixed_dictionaries({"indicators": st.just([Indicator("spi", "schedule", 1.0, 0.8),
                                                      Indicator("cpi", "cost", 1.0, 0.8)]),
                               "green_from": st.sampled_from([75.0, 80.0]),
                               "amber_from": st.sampled_from([50.0, 40.0])}),
        {"green_from": Number(minimum=0.0, maximum=100.0),
         "amber_from": Number(minimum=0.0, maximum=100.0),
         "dimension_weights": Keyed(value=Number(minimum=0.0, strict=True))},
        examples=60,
    ),
    G + "Question": Spec(
        st.fixed_dictionaries({"id": st.just("q1"), "perspective": st.just("risk management"),
                               "level": st.integers(2, 5), "text": st.just("registers kept")}),
        {"id": Id(), "level": Number(minimum=2, maximum=5, integer=True),
         "weight": Number(minimum=0.0, strict=True)},
        examples=60,
        via=_questionnaire_holding,
    ),
    G + "Questionnaire": Spec(
        st.fixed_dictionaries({"questions": st.just([Question("q1", "risk management", 2,
                                                              "kept")]),
                               "achieved": st.sampled_from([0.5, 0.75, 1.0])}),
        {"achieved": Number(minimum=0.0, strict=True, maximum=1.0, fraction=True),
         "scale": Array()},
        examples=50,
    ),
    G + "ComplianceRule": Spec(
        st.fixed_dictionaries({"id": st.just("R1"), "check": st.just("threshold"),
                               "target": st.just("cpi"), "op": st.just(">="),
                               "value": st.sampled_from([0.9, 1.0]),
                               "severity": st.sampled_from(["low", "high"])}),
        {"id": Id(), "value": Number(), "severity": Choice(), "check": Choice()},
        examples=60,
        via=_ruleset_holding,
    ),
    G + "RuleSet": Spec(
        st.just({"rules": [ComplianceRule("R1", "threshold", "cpi", op=">=", value=0.9)]}),
        {"rules": Custom(_bad_items)}, examples=30,
    ),
    G + "TailoringPolicy": Spec(
        st.just({"tiers": ("light", "major"),
                 "rules": [TierRule("major", [Condition("budget", ">=", 1e6)])]}),
        {"tiers": Ids(), "overrides": Keyed(known=False, example="major")}, examples=40,
    ),
    G + "GateEvidence": Spec(
        st.fixed_dictionaries({"answers": st.just({"fit": 7.0}),
                               "resources_available": st.booleans()}),
        {"resources_available": Flag(), "answers": Keyed(known=False, example=1.0)},
        examples=50,
    ),
    G + "AuditRecord": Spec(
        st.fixed_dictionaries({"project": st.just("P1"), "facts": st.just({"cpi": 0.95}),
                               "deliverables": st.just({"charter": True})}),
        {"project": Id(), "facts": Keyed(known=False), "deliverables": Keyed(known=False,
                                                                             example=True)},
        examples=50,
    ),
    G + "DeliverableStatus": Spec(
        st.fixed_dictionaries({"present": st.booleans(), "approved": st.booleans()}),
        {"present": Flag(), "approved": Flag()}, examples=30,
    ),
    G + "Deliverable": Spec(
        st.just({"name": "charter"}), {"name": Id(), "approvals": Ids()}, examples=30,
        via=_phase_holding,
    ),
    G + "DeliverableTemplate": Spec(
        st.just({"name": "charter", "fields": ("scope",)}), {"name": Id(), "fields": Ids()},
        examples=30,
        via=_in_methodology(templates=None),
    ),
    G + "Phase": Spec(
        st.just({"name": "design", "iteration_days": None}),
        {"name": Id(), "iteration_days": Number(minimum=0.0, strict=True, none_ok=True)},
        examples=30,
        via=_in_methodology(phases=None),
    ),
    G + "Role": Spec(st.just({"name": "sponsor"}), {"name": Id()}, examples=30,
                     via=_in_methodology(roles=None)),
    G + "Methodology": Spec(
        st.just({"name": "m", "approach": "predictive"}), {"name": Id(), "approach": Choice()},
        examples=30,
    ),
    G + "GateOutcome": Exempt("an enum"),
    G + "AuditResult": _result("audit"),
    G + "ComplianceSummary": _result("compliance_summary"),
    G + "ComplianceTrend": _result("compliance_trend"),
    G + "DcmaAssessment": _result("dcma_assessment"),
    G + "DcmaCheck": _result("dcma_assessment"),
    G + "DcmaThresholds": Spec(
        st.just({}), {"logic": Number(minimum=0.0, maximum=1.0, fraction=True),
                      "high_float_days": Number(minimum=0.0)}, examples=40,
    ),
    G + "Finding": _result("audit"),
    G + "GateDecision": _result("evaluate_gate"),
    G + "HealthReport": _result("health_check"),
    G + "Improvement": _result("assess_maturity"),
    G + "MaturityResult": _result("assess_maturity"),
    G + "TailoredMethodology": _result("tailor"),
}

_unused = (dt, Gate, ProjectProfile, dates)
