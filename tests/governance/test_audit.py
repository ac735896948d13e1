"""Tests of declarative compliance audits, the portfolio summary and the trend."""

from __future__ import annotations

import datetime as dt
import math
import pickle
import warnings
from collections.abc import Callable

import numpy as np
import pytest

from pmokit import governance as G
from pmokit.errors import DuplicateError, PmokitError, UnknownReferenceError, ValidationError
from pmokit.governance import (
    SEVERITY_WEIGHTS,
    STANDARD_FIELDS,
    AuditRecord,
    ComplianceRule,
    DeliverableStatus,
    RuleSet,
    audit,
    compliance_summary,
    compliance_trend,
)
from tests._requires import _have
from tests.governance._helpers import BAD, _any, round_trips

DAY = dt.date(2026, 3, 31)
RULES = RuleSet(
    [
        ComplianceRule(
            "BC",
            "deliverable_approved",
            "Business case",
            severity="critical",
            remediation="approve it",
        ),
        ComplianceRule("PLAN", "deliverable_present", "Project plan", severity="high"),
        ComplianceRule("BASE", "is_true", "baseline_set", severity="high"),
        ComplianceRule("RISK", "within_days", "risk_register_reviewed_on", days=30),
        ComplianceRule("CPI", "threshold", "cpi", op=">=", value=0.9, severity="high"),
        ComplianceRule(
            "DCMA",
            "threshold",
            "dcma_checks_failed",
            op="<=",
            value=2,
            severity="low",
            tiers=("major",),
        ),
    ]
)


def good(pid: str, **facts: object) -> AuditRecord:
    base: dict[str, object] = {
        "baseline_set": True,
        "risk_register_reviewed_on": DAY - dt.timedelta(days=30),
        "cpi": 0.9,
        "dcma_checks_failed": 2,
    }
    base.update(facts)
    return AuditRecord(
        pid, base, {"Business case": True, "Project plan": DeliverableStatus(True, False)}, "major"
    )


class TestRules:
    def test_compliant_project_at_every_boundary(self) -> None:
        """30 days old, cpi exactly 0.9 and 2 failed DCMA checks all pass."""
        res = audit([good("P")], RULES, as_of=DAY)
        assert res.findings == ()
        assert res.status.tolist() == [[1, 1, 1, 1, 1, 1]]

    def test_each_rule_fails_just_past_its_boundary(self) -> None:
        """31 days, cpi 0.899, 3 failed checks, baseline unset, deliverables absent: all fail."""
        rec = AuditRecord(
            "P",
            {
                "baseline_set": False,
                "risk_register_reviewed_on": DAY - dt.timedelta(days=31),
                "cpi": 0.899,
                "dcma_checks_failed": 3,
            },
            {"Business case": DeliverableStatus(present=True, approved=False)},
            "major",
        )
        res = audit([rec], RULES, as_of=DAY)
        by_rule = {f.rule: f for f in res.findings}
        assert set(by_rule) == {"BC", "PLAN", "BASE", "RISK", "CPI", "DCMA"}
        assert by_rule["BC"].evidence == "deliverable 'Business case' is present but not approved"
        assert by_rule["BC"].remediation == "approve it"
        assert by_rule["PLAN"].evidence == "deliverable 'Project plan' is missing"
        assert "31 days before the audit (at most 30 allowed)" in by_rule["RISK"].evidence
        assert by_rule["CPI"].evidence == "cpi is 0.899, required >= 0.9"
        assert by_rule["CPI"].severity == "high"

    def test_missing_fact_is_a_finding(self) -> None:
        """No value recorded fails the rule with that evidence."""
        res = audit([good("P", cpi=None)], RULES, as_of=DAY)
        assert [(f.rule, f.evidence) for f in res.findings] == [
            ("CPI", "no value recorded for 'cpi'")
        ]

    def test_tier_limited_rule_not_applicable(self) -> None:
        """A rule limited to major projects is not applied to a light one (-1)."""
        rec = AuditRecord("P", good("P").facts, good("P").deliverables, tier="light")
        res = audit([rec], RULES, as_of=DAY)
        assert res.status[0, 5] == -1

    def test_from_records_and_standard(self) -> None:
        """Rules load from plain dicts; the standard set audits a record."""
        rs = RuleSet.from_records([{"id": "X", "check": "is_true", "target": "baseline_set"}])
        assert rs.rules[0].describe() == "is true: baseline_set"
        res = audit([AuditRecord("P")], as_of=DAY)
        assert len(res.findings) == 8  # 10 rules, 2 limited to tiers; the rest lack evidence

    def test_records_and_frame(self) -> None:
        """Findings export as records and a frame."""
        res = audit([good("P", cpi=0.5)], RULES, as_of=DAY)
        assert res.to_records()[0]["rule"] == "CPI"
        if not _have("pandas"):  # the records are checked; the frame needs pandas
            pytest.skip("pandas not installed: the frame part needs the pandas extra")
        assert res.to_frame().shape == (1, 6)
        assert res.findings_for("P")[0].rule == "CPI"


class TestBadRules:
    def test_rule_naming_unknown_field(self) -> None:
        """A rule on an undeclared field raises, naming the rule and the field."""
        with pytest.raises(ValidationError, match="rule 'R1' names unknown field 'cpii'"):
            RuleSet([ComplianceRule("R1", "threshold", "cpii", op=">=", value=1)])

    def test_custom_fields_can_be_declared(self) -> None:
        """Declaring a field makes it usable."""
        rs = RuleSet(
            [ComplianceRule("R1", "threshold", "nps", op=">=", value=30)], fields={"nps": "number"}
        )
        res = audit([AuditRecord("P", {"nps": 25})], rs, as_of=DAY)
        assert res.findings[0].evidence == "nps is 25, required >= 30"

    def test_several_bad_rules_reported_together(self) -> None:
        """Bad check, kind mismatch, missing op/value/days and bad severity are all listed."""
        with pytest.raises(ValidationError) as e:
            RuleSet(
                [
                    ComplianceRule("A", "exists", "x"),
                    ComplianceRule("B", "within_days", "cpi", days=3),
                    ComplianceRule("C", "threshold", "cpi"),
                    ComplianceRule("D", "within_days", "status_report_on"),
                    ComplianceRule("E", "is_true", "baseline_set", severity="urgent"),
                ]
            )
        text = str(e.value)
        assert "check of rule 'A'" in text
        assert "rule 'B' uses check 'within_days', which needs a date field" in text
        assert "op of rule 'C'" in text and "value of rule 'C'" in text
        assert "days of rule 'D'" in text
        assert "severity of rule 'E'" in text

    def test_duplicate_rule_ids(self) -> None:
        """Rule ids must be unique."""
        r = ComplianceRule("X", "is_true", "baseline_set")
        with pytest.raises(DuplicateError, match="rule id 'X'"):
            RuleSet([r, r])

    def test_from_records_unknown_key(self) -> None:
        """Unknown or missing keys in rule dicts are named."""
        with pytest.raises(ValidationError, match="unknown key\\(s\\) 'treshold'"):
            RuleSet.from_records(
                [{"id": "X", "check": "is_true", "target": "baseline_set", "treshold": 1}]
            )
        with pytest.raises(ValidationError, match="misses required key\\(s\\) 'target'"):
            RuleSet.from_records([{"id": "X", "check": "is_true"}])

    def test_bad_facts_and_duplicate_projects(self) -> None:
        """Wrong fact kinds, future dates and duplicate projects are rejected."""
        with pytest.raises(ValidationError) as e:
            audit(
                [
                    AuditRecord(
                        "P",
                        {
                            "cpi": "0.9",
                            "baseline_set": 1,
                            "status_report_on": DAY + dt.timedelta(days=1),
                        },
                    )
                ],
                RULES,
                as_of=DAY,
            )
        assert len(e.value.problems) == 3
        assert "fact 'cpi' of project 'P' must be a number" in str(e.value)
        with pytest.raises(ValidationError, match="deliverable 'Plan' of project 'P' must be"):
            audit([AuditRecord("P", deliverables={"Plan": "yes"})], RULES, as_of=DAY)
        with pytest.raises(DuplicateError, match="project 'P'"):
            audit([good("P"), good("P")], RULES, as_of=DAY)


class TestSummaryAndTrend:
    def test_summary_hand_computed(self) -> None:
        """P1 fails CPI (high, weight 3) of 6 rules with total weight 5+3+3+2+3+1=17."""
        res = audit([good("P1", cpi=0.8), good("P2")], RULES, as_of=DAY)
        s = compliance_summary(res)
        assert s.rate == pytest.approx(11 / 12)
        assert s.project_rates["P1"] == pytest.approx(5 / 6)
        assert s.project_scores["P1"] == pytest.approx(14 / 17)
        assert s.rule_pass_rates["CPI"] == 0.5
        assert s.severity_counts == {"low": 0, "medium": 0, "high": 1, "critical": 0}
        assert s.worst_projects == ("P1", "P2")
        if not _have("pandas"):  # the records are checked; the frame needs pandas
            pytest.skip("pandas not installed: the frame part needs the pandas extra")
        assert s.to_frame().shape == (2, 2)

    def test_trend_slope_and_findings_diff(self) -> None:
        """Rates 0.5, 0.75, 1.0 at 0, 30, 60 days: slope 0.25 per 30 days, improving."""
        rules = RuleSet(
            [
                ComplianceRule("B", "is_true", "baseline_set"),
                ComplianceRule("C", "threshold", "cpi", op=">=", value=0.9),
            ]
        )
        d0 = dt.date(2026, 1, 1)
        facts = [
            [{"baseline_set": False, "cpi": 1.0}, {"baseline_set": True, "cpi": 0.5}],
            [{"baseline_set": True, "cpi": 1.0}, {"baseline_set": True, "cpi": 0.5}],
            [{"baseline_set": True, "cpi": 1.0}, {"baseline_set": True, "cpi": 1.0}],
        ]
        results = [
            audit(
                [AuditRecord("A", f[0]), AuditRecord("B", f[1])],
                rules,
                as_of=d0 + dt.timedelta(days=30 * k),
            )
            for k, f in enumerate(facts)
        ]
        t = compliance_trend(results)
        np.testing.assert_allclose(t.rates, [0.5, 0.75, 1.0])
        assert t.slope_per_30_days == pytest.approx(0.25)
        assert t.direction == "improving"
        assert t.resolved_findings == ((("A", "B"),), (("B", "C"),))
        assert t.new_findings == ((), ())
        assert t.finding_counts.tolist() == [2, 1, 0]
        if not _have("pandas"):  # the records are checked; the frame needs pandas
            pytest.skip("pandas not installed: the frame part needs the pandas extra")
        assert t.to_frame().shape == (3, 4)
        rev = compliance_trend(
            [
                audit([AuditRecord("A", f[0])], rules, as_of=d0 + dt.timedelta(days=30 * k))
                for k, f in enumerate(reversed(facts))
            ]
        )
        assert rev.direction == "worsening"  # A: 1.0, 1.0, 0.5 -> slope -0.25
        assert rev.slope_per_30_days == pytest.approx(-0.25)

    def test_trend_single_and_order(self) -> None:
        """One audit gives a nan slope; dates out of order are rejected."""
        r = audit([good("P")], RULES, as_of=DAY)
        t = compliance_trend([r])
        assert math.isnan(t.slope_per_30_days) and t.direction == "stable"
        with pytest.raises(ValidationError, match=r"audit 1 .* must be after audit 0"):
            compliance_trend([r, r])
        with pytest.raises(ValidationError, match="at least one"):
            compliance_trend([])


class TestFromMethodology:
    def test_rules_follow_tailored_methodology(self) -> None:
        """A light project's tailored waterfall gives rules only for its required deliverables."""
        from pmokit.governance import Methodology, ProjectProfile, tailor

        t = tailor(Methodology.waterfall(), ProjectProfile("P", 1e5, 3))
        rs = RuleSet.from_methodology(t.methodology, through_phase="Initiation")
        targets = [r.target for r in rs.rules]
        assert targets == ["Project mandate", "Business case", "Project plan", "Risk register"]
        assert {r.check for r in rs.rules} == {"deliverable_approved"}
        rec = AuditRecord(
            "P",
            deliverables={
                "Project mandate": True,
                "Business case": True,
                "Project plan": DeliverableStatus(True, False),
            },
        )
        res = audit([rec], rs, as_of=DAY)
        assert [(f.rule, f.evidence) for f in res.findings] == [
            ("DEL-2-Project plan", "deliverable 'Project plan' is present but not approved"),
            ("DEL-2-Risk register", "deliverable 'Risk register' is missing"),
        ]

    def test_deliverable_without_approval_needs_presence_only(self) -> None:
        """A deliverable without approving roles gives a presence rule."""
        from pmokit.governance import Deliverable, Methodology, Phase, Role

        m = Methodology(
            "M",
            phases=[Phase("A", [Deliverable("Notes"), Deliverable("Plan", approvals=("PM",))])],
            roles=[Role("PM")],
        )
        rs = RuleSet.from_methodology(m, severity="low")
        assert [(r.id, r.check, r.severity) for r in rs.rules] == [
            ("DEL-1-Notes", "deliverable_present", "low"),
            ("DEL-1-Plan", "deliverable_approved", "low"),
        ]
        with pytest.raises(ValidationError, match="'methodology' must be a Methodology"):
            RuleSet.from_methodology("waterfall")  # type: ignore[arg-type]




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("audit None", lambda: audit(_any(None), as_of=dt.date(2026, 1, 1)), r"a sequence of items"),
    ("facts list", lambda: AuditRecord("P", facts=_any([1])), r"a mapping was expected"),
    (
        "rule tiers int",
        lambda: ComplianceRule("R", "threshold", "cpi", op=">=", value=1.0, tiers=_any(5)),
        r"a sequence of items",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError (not TypeError, AttributeError, ...)."""
    with pytest.raises(ValidationError, match=message):
        call()


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
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
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_path(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "audit": lambda x: G.audit(x, as_of=dt.date(2026,1,1)),
    "audit_rec": lambda x: G.audit([G.AuditRecord("P", x)], as_of=dt.date(2026,1,1)),
    "audit_asof": lambda x: G.audit([], as_of=x),
    "rec_deliv": lambda x: G.audit([G.AuditRecord("P", deliverables=x)], as_of=dt.date(2026,1,1)),
    "rule": lambda x: G.RuleSet([G.ComplianceRule("R", x, "cpi")]),
    "rule_v": lambda x: G.RuleSet([G.ComplianceRule("R", "threshold", "cpi", op=">=", value=x)]),
    "csum": lambda x: G.compliance_summary(x),
    "ctrend": lambda x: G.compliance_trend(x),
    "ctrend_tol": lambda x: G.compliance_trend([], tolerance=x),
    "deliv_status": lambda x: G.DeliverableStatus(x),
}


@pytest.mark.parametrize("name", sorted(MISUSE_CALLS))
def test_forbidden_input_raises_a_pmokit_error(name: str) -> None:
    """Every bad value either works or raises a PmokitError (a ValidationError child)."""
    escapes = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in BAD:
            try:
                MISUSE_CALLS[name](value)
            except PmokitError:
                continue
            except Exception as exc:
                escapes.append(f"{value!r:.40}: {type(exc).__name__}: {exc}"[:160])
    assert not escapes, escapes


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


def test_audit_record_is_usable_after_the_error_paths() -> None:
    """Sanity: a valid record and rule audit cleanly (the cases above fail for their reason)."""
    rules = RuleSet([ComplianceRule("EV", "threshold", "cpi", op=">=", value=0.9)])
    res = audit([AuditRecord("P", facts={"cpi": 0.95})], rules, as_of=DAY)
    assert res.findings == ()


ISSUE14_RULES = RuleSet([ComplianceRule("B", "is_true", "baseline_set", severity="high"),
                 ComplianceRule("C", "threshold", "cpi", op=">=", value=0.9)])


class TestAudit:
    """audit, compliance_summary and compliance_trend."""

    @pytest.mark.parametrize("flag", ["no", 0, 1, None])
    def test_deliverable_flags_take_only_bools(self, flag: object) -> None:
        """`DeliverableStatus(present='no')` read as present."""
        with pytest.raises(ValidationError, match="'present' must be True or False"):
            DeliverableStatus(present=flag)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'approved' must be True or False"):
            DeliverableStatus(approved=flag)  # type: ignore[arg-type]

    def test_unknown_fact_refused(self) -> None:
        """A misspelt fact ('cpii') was silently ignored, so its rule saw no value."""
        rec = AuditRecord("P1", {"baseline_set": True, "cpii": 0.5})
        with pytest.raises(UnknownReferenceError, match="fact 'cpii' of project 'P1'"):
            audit([rec], ISSUE14_RULES, as_of=dt.date(2026, 3, 1))

    def test_empty_ids_refused(self) -> None:
        """Empty project ids and fact names are refused by name."""
        with pytest.raises(ValidationError, match="project of an audit record"):
            AuditRecord("", {})
        with pytest.raises(ValidationError, match="fact name of project 'P1'"):
            AuditRecord("P1", {"": True})

    def test_summary_is_read_only_and_keyed(self) -> None:
        """Per-project rates are read-only mappings; an unknown project is named."""
        res = audit([AuditRecord("P1", {"baseline_set": True, "cpi": 0.8})], ISSUE14_RULES,
                    as_of=dt.date(2026, 3, 1))
        s = compliance_summary(res)
        with pytest.raises(UnknownReferenceError, match="unknown id 'P9'"):
            s.project_rates["P9"]
        with pytest.raises(TypeError):
            s.severity_counts["high"] = 0  # type: ignore[index]

    def test_constants_cannot_be_edited(self) -> None:
        """The module's tables are shared: one caller's edit would change them for all."""
        with pytest.raises(TypeError):
            STANDARD_FIELDS["x"] = "bool"  # type: ignore[index]
        with pytest.raises(TypeError):
            SEVERITY_WEIGHTS["low"] = 9.0  # type: ignore[index]

    def test_results_round_trip_equal(self) -> None:
        """Records, results, summaries and trends pickle and deep-copy equal."""
        rec1 = AuditRecord("P1", {"baseline_set": False, "cpi": 0.8})
        rec2 = AuditRecord("P1", {"baseline_set": True, "cpi": 0.95},
                           deliverables={"Business case": True})
        a1 = audit([rec1], ISSUE14_RULES, as_of=dt.date(2026, 1, 1))
        a2 = audit([rec2], ISSUE14_RULES, as_of=dt.date(2026, 1, 31))
        for obj in (
            rec1, rec2, ISSUE14_RULES, a1, compliance_summary(a1), compliance_trend([a1, a2])
        ):
            round_trips(obj)
        with pytest.raises(TypeError):
            rec1.facts["cpi"] = 1.0  # type: ignore[index]
        assert not pickle.loads(pickle.dumps(a1, 4)).status.flags.writeable


def test_container_checks_of_parts() -> None:
    """Rules, questions, indicators and overrides with a non-id name are named, not a bare
    TypeError from hashing (fuzz findings, issue 14)."""
    with pytest.raises(PmokitError, match="id of a compliance rule"):
        G.RuleSet([G.ComplianceRule("", "threshold", "cpi", op=">=", value=0.9)])
    with pytest.raises(PmokitError, match="id of a compliance rule"):
        G.RuleSet([G.ComplianceRule(["R"], "threshold", "cpi", op=">=", value=0.9)])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="question id"):
        G.Questionnaire([G.Question(["q"], "risk management", 2, "kept")])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="dimension of indicator"):
        G.HealthModel([G.Indicator("spi", ["s"], 1.0, 0.8)])  # type: ignore[arg-type]
    with pytest.raises(PmokitError, match="control named in 'overrides'"):
        G.TailoringPolicy(("light", "major"), overrides={"": "major"})
