"""Regression tests for edge cases found in review: silently wrong results (a string split
into characters, duplicate profiles merged, datetime facts crashing) and bad inputs that
raised TypeError/AttributeError/ZeroDivisionError instead of a ValidationError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from pmokit.errors import DuplicateError, ValidationError
from pmokit.governance import (
    AuditRecord,
    ComplianceRule,
    Gate,
    GateCriterion,
    GateEvidence,
    GateOutcome,
    HealthModel,
    Indicator,
    ProjectProfile,
    Question,
    Questionnaire,
    RuleSet,
    assess_maturity,
    assign_tiers,
    audit,
    dcma_assessment,
    evaluate_gate,
    health_check,
)
from pmokit.scheduling import Activity, Dependency, Network


def _any(value: object) -> Any:
    """The value, typed Any: these tests pass wrong types on purpose."""
    return value


def test_one_missing_deliverable_given_as_a_string() -> None:
    """'Business case' is one deliverable, not 13 one-letter deliverables."""
    gate = Gate("G", "A", [GateCriterion("fit", "must")])
    evidence = GateEvidence({"fit": True}, missing_deliverables=_any("Business case"))
    decision = evaluate_gate(gate, evidence)
    assert decision.outcome is GateOutcome.RECYCLE
    assert decision.reasons == ("required deliverable 'Business case' is missing",)


def test_datetime_facts_are_compared_as_dates() -> None:
    """A datetime review date raised TypeError (datetime vs date); now its day counts."""
    rules = RuleSet([ComplianceRule("R1", "within_days", "risk_register_reviewed_on", days=30)])
    as_of = dt.date(2026, 3, 31)

    def findings(reviewed: dt.datetime) -> int:
        rec = AuditRecord("P", facts={"risk_register_reviewed_on": reviewed})
        return len(audit([rec], rules, as_of=as_of).findings)

    assert findings(dt.datetime(2026, 3, 1, 17, 30)) == 0  # 30 days: within
    assert findings(dt.datetime(2026, 2, 28, 9, 0)) == 1  # 31 days: too old
    with pytest.raises(ValidationError, match="must not be after the audit date"):
        findings(dt.datetime(2026, 4, 1, 8, 0))


def test_duplicate_profiles_are_rejected() -> None:
    """Two profiles of one project were merged silently (the second replaced the first)."""
    profiles = [ProjectProfile("P", 8e6, 12), ProjectProfile("P", 1e5, 3)]
    with pytest.raises(DuplicateError, match="project 'P' has more than one profile"):
        assign_tiers(profiles)


def test_duplicate_perspectives_are_rejected() -> None:
    """A repeated perspective gave a second, always-empty row at level 1."""
    with pytest.raises(ValidationError, match="perspective 'x' appears more than once"):
        Questionnaire([Question("a", "x", 2, "t")], perspectives=("x", "x"))
    q = Questionnaire([Question("a", "x", 2, "t")], perspectives=("x",))
    assert assess_maturity({"a": 4}, q).levels.tolist() == [2]


NET = Network([Activity("A", 5), Activity("B", 5)], [Dependency("A", "B")])
CASES: list[tuple[str, Callable[[], object], str]] = [
    ("gate criteria None", lambda: Gate("G", "A", criteria=_any(None)), r"a sequence of items"),
    ("evidence answers int", lambda: GateEvidence(answers=_any(5)), r"a mapping was expected"),
    ("questions None", lambda: Questionnaire(_any(None)), r"a sequence of items"),
    ("scale int", lambda: Questionnaire([], scale=_any(5)), r"a sequence of items"),
    (
        "level_of list",
        lambda: assess_maturity({}, Questionnaire([])).level_of(_any(["x"])),
        r"'perspective' must be a string",
    ),
    ("model of strings", lambda: HealthModel(_any(["x"])), r"must be Indicator objects"),
    ("weights text", lambda: HealthModel([], _any("ab")), r"a mapping was expected"),
    (
        "score green == red",
        lambda: Indicator("s", "schedule", 1.0, 1.0).score(1.0),
        r"must have green != red",
    ),
    (
        "score text",
        lambda: Indicator("s", "schedule", 1.0, 0.0).score(_any("x")),
        r"'value of indicator 's'' must be a real number",
    ),
    (
        "report lookup list",
        lambda: health_check({"P": {"spi": 1.0}})[_any(["P"])],
        r"'project' must be a project id",
    ),
    ("audit None", lambda: audit(_any(None), as_of=dt.date(2026, 1, 1)), r"a sequence of items"),
    ("facts list", lambda: AuditRecord("P", facts=_any([1])), r"a mapping was expected"),
    (
        "rule tiers int",
        lambda: ComplianceRule("R", "threshold", "cpi", op=">=", value=1.0, tiers=_any(5)),
        r"a sequence of items",
    ),
    ("profiles None", lambda: assign_tiers(_any(None)), r"a sequence of items"),
    (
        "dcma exclude int",
        lambda: dcma_assessment(NET, exclude=_any(5)),
        r"'exclude' must be a collection of activity ids",
    ),
    (
        "dcma exclude text",
        lambda: dcma_assessment(NET, exclude=_any("A")),
        r"use \['A'\] for one id",
    ),
    (
        "dcma critical list",
        lambda: dcma_assessment(NET, critical_activity=_any(["A"])),
        r"'critical_activity' must be an activity id",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError (not TypeError, AttributeError, ...)."""
    with pytest.raises(ValidationError, match=message):
        call()
