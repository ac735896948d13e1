"""Error paths of pmokit.governance that had no test (found by a coverage run in review):
each raises a ValidationError (or a child) naming the item."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.governance import (
    AuditRecord,
    ComplianceRule,
    Condition,
    Gate,
    GateEvidence,
    HealthModel,
    Indicator,
    Methodology,
    Phase,
    ProjectProfile,
    Question,
    Questionnaire,
    RuleSet,
    TailoringPolicy,
    TierRule,
    assess_maturity,
    assign_tiers,
    audit,
    compliance_summary,
    compliance_trend,
    dcma_assessment,
    evaluate_gate,
    health_check,
    tailor,
)
from pmokit.scheduling import Activity, Network


def _any(value: object) -> Any:
    """The value, typed Any: these tests pass wrong types on purpose."""
    return value


DAY = dt.date(2026, 3, 31)
MODEL = HealthModel([Indicator("spi", "schedule", 1.0, 0.8)])
SMALL_Q = Questionnaire([Question("a", "risk management", 2, "t")])

CASES: list[tuple[str, Callable[[], object], str]] = [
    # audit
    (
        "field kind",
        lambda: RuleSet([], fields={"colour": "paint"}),
        r"kind of field 'colour' must be one of 'bool', 'number', 'date', 'text' \(got 'paint'\)",
    ),
    ("rule object", lambda: RuleSet(_any([5])), r"rules must be ComplianceRule objects \(got 5\)"),
    ("rules type", lambda: audit([], _any("x"), as_of=DAY), r"'rules' must be a RuleSet"),
    ("record type", lambda: audit(_any([5]), as_of=DAY), r"record 0 must be an AuditRecord"),
    ("summary type", lambda: compliance_summary(_any(5)), r"'result' must be an AuditResult"),
    ("trend item", lambda: compliance_trend(_any([5])), r"result 0 must be an AuditResult"),
    # dcma
    (
        "dcma mapping",
        lambda: dcma_assessment(Network([Activity("A", 1)]), actual_start=_any([("A", 0)])),
        r"'actual_start' must map activity ids to times \(got list\)",
    ),
    # gates
    ("criterion object", lambda: Gate("G", "A", _any([5])), r"must be GateCriterion objects"),
    (
        "resources flag",
        lambda: evaluate_gate(Gate("G", "A"), GateEvidence(resources_available=_any("no"))),
        r"'resources_available' must be True or False \(got 'no'\)",
    ),
    # health
    ("model type", lambda: health_check({}, _any("x")), r"'model' must be a HealthModel"),
    (
        "data row",
        lambda: health_check({"P": _any(5)}, MODEL),
        r"data of project 'P' must be a mapping of indicator values \(got 5\)",
    ),
    # maturity
    ("scale length", lambda: Questionnaire([], scale=(0, 2, 4)), r"'scale' must be \(lowest,"),
    ("question object", lambda: Questionnaire(_any([5])), r"questions must be Question objects"),
    (
        "unknown perspective lookup",
        lambda: assess_maturity({"a": 4}, SMALL_Q).level_of("risk"),
        r"unknown perspective 'risk'",
    ),
    (
        "questionnaire type",
        lambda: assess_maturity({}, _any("x")),
        r"'questionnaire' must be a Questionnaire",
    ),
    (
        "missing mode",
        lambda: assess_maturity({"a": 4}, SMALL_Q, missing=_any("zero")),
        r"'missing' must be one of 'error', 'lowest' \(got 'zero'\)",
    ),
    # methodology
    (
        "deliverable object",
        lambda: Methodology("m", phases=[Phase("A", _any([5]))]),
        r"deliverables of phase 'A' must be Deliverable objects \(got 5\)",
    ),
    # tailoring
    ("no tiers", lambda: TailoringPolicy(()), r"must name at least one tier"),
    ("rule object", lambda: TailoringPolicy(("a",), _any([5])), r"rule 1 must be a TierRule"),
    (
        "condition object",
        lambda: TailoringPolicy(("a",), [TierRule("a", _any([5]))]),
        r"condition 1 of rule 1 \(tier 'a'\) must be a Condition",
    ),
    (
        "policy type (assign)",
        lambda: assign_tiers([], _any("x")),
        r"'policy' must be a TailoringPolicy",
    ),
    (
        "policy type (tailor)",
        lambda: tailor(Methodology.waterfall(), ProjectProfile("P", 1.0, 1.0), _any("x")),
        r"'policy' must be a TailoringPolicy",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), CASES, ids=[c[0] for c in CASES])
def test_error_path(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()


def test_unknown_tier_rank() -> None:
    """rank() of a tier the policy does not have lists the known tiers."""
    policy = TailoringPolicy(("light", "major"), [TierRule("major", [Condition("risk", ">=", 4)])])
    with pytest.raises(UnknownReferenceError, match="unknown tier 'huge'; expected one of"):
        policy.rank("huge")
    assert policy.rank("major") == 1


def test_audit_record_is_usable_after_the_error_paths() -> None:
    """Sanity: a valid record and rule audit cleanly (the cases above fail for their reason)."""
    rules = RuleSet([ComplianceRule("EV", "threshold", "cpi", op=">=", value=0.9)])
    res = audit([AuditRecord("P", facts={"cpi": 0.95})], rules, as_of=DAY)
    assert res.findings == ()
