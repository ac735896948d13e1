"""Issue 14 for pmokit.governance: mapping conventions, forbidden inputs refused by name,
flags that take only bools, and inputs and results that pickle, deep-copy and round-trip
equal with read-only contents."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.governance import (
    SEVERITY_WEIGHTS,
    STANDARD_FIELDS,
    AuditRecord,
    ComplianceRule,
    DeliverableStatus,
    HealthModel,
    Indicator,
    Methodology,
    ProjectProfile,
    Question,
    Questionnaire,
    RuleSet,
    TailoringPolicy,
    assess_maturity,
    assign_tiers,
    audit,
    compliance_summary,
    compliance_trend,
    health_check,
    tailor,
)

MODEL = HealthModel([Indicator("spi", "schedule", 1.0, 0.8), Indicator("cpi", "cost", 1.0, 0.8)])
QUESTIONS = Questionnaire(
    [Question("a2", "risk management", 2, "registers kept"),
     Question("b2", "finance management", 2, "budgets")],
    perspectives=("risk management", "finance management"),
)
RULES = RuleSet([ComplianceRule("B", "is_true", "baseline_set", severity="high"),
                 ComplianceRule("C", "threshold", "cpi", op=">=", value=0.9)])


def round_trips(obj: object) -> None:
    """pickle (every protocol) and deepcopy give an equal object."""
    for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(obj, proto)) == obj, proto
    assert copy.deepcopy(obj) == obj


class TestHealth:
    """health_check and HealthReport."""

    def test_report_is_a_mapping_by_project(self) -> None:
        """`in`, iteration, `len`, `.get`; an unknown project is an UnknownReferenceError."""
        r = health_check({"P1": {"spi": 0.9}, "P2": {"cpi": 0.85}}, MODEL)
        assert list(r) == ["P1", "P2"] and len(r) == 2 and "P1" in r and "P9" not in r
        assert r.get("P9") is None and r.get("P1")["score"] == r["P1"]["score"]
        with pytest.raises(UnknownReferenceError):
            r["P9"]

    def test_report_round_trips_equal_read_only(self) -> None:
        """A report with a Grey (nan) project pickles equal; its arrays stay read-only."""
        r = health_check({"P1": {"spi": 0.9}, "P2": {}}, MODEL)
        round_trips(r)
        back = pickle.loads(pickle.dumps(r, 4))
        assert not back.scores.flags.writeable and not back.dimension_scores.flags.writeable
        round_trips(MODEL)

    def test_empty_ids_refused(self) -> None:
        """An empty project id or indicator name is refused by name."""
        with pytest.raises(ValidationError, match="project id in 'data'"):
            health_check({"": {"spi": 0.9}}, MODEL)
        with pytest.raises(ValidationError, match="name of indicator"):
            HealthModel([Indicator("", "schedule", 1.0, 0.8)])

    def test_default_weights_read_only(self) -> None:
        """The default dimension weights cannot be edited after the model is built."""
        with pytest.raises(TypeError):
            MODEL.dimension_weights["cost"] = 5.0  # type: ignore[index]


class TestMaturity:
    """assess_maturity and MaturityResult."""

    def test_result_is_a_mapping_by_perspective(self) -> None:
        """The result maps perspective -> record; unknown perspectives raise."""
        r = assess_maturity({"a2": 4, "b2": 1}, QUESTIONS)
        assert list(r) == ["risk management", "finance management"] and len(r) == 2
        assert r["risk management"]["level"] == r.level_of("risk management") == 2
        assert r.get("nope") is None and "nope" not in r
        with pytest.raises(UnknownReferenceError):
            r["nope"]

    def test_result_round_trips_equal(self) -> None:
        """The result (with nan level scores) pickles and deep-copies equal."""
        r = assess_maturity({"a2": 4, "b2": 1}, QUESTIONS)
        round_trips(r)
        assert not pickle.loads(pickle.dumps(r, 4)).levels.flags.writeable

    def test_empty_question_id_refused(self) -> None:
        """An empty question id was accepted."""
        with pytest.raises(ValidationError, match="question id"):
            Questionnaire([Question("", "risk management", 2, "x")],
                          perspectives=("risk management",))


class TestTailoring:
    """assign_tiers, tailor and the policy."""

    def test_tiers_are_a_read_only_mapping(self) -> None:
        """An unknown project raises UnknownReferenceError; the mapping cannot be edited."""
        tiers = assign_tiers([ProjectProfile("P1", 8e6, 12)])
        assert tiers["P1"][0] == "major" and "P2" not in tiers and tiers.get("P2") is None
        with pytest.raises(UnknownReferenceError, match="unknown id 'P2'"):
            tiers["P2"]
        with pytest.raises(TypeError):
            tiers["P2"] = ("light", ())  # type: ignore[index]

    def test_empty_ids_refused(self) -> None:
        """An empty project id or tier name is refused by name."""
        with pytest.raises(ValidationError, match="project of a profile"):
            ProjectProfile("", 1e5, 3)
        with pytest.raises(ValidationError, match=r"tiers\[1\]"):
            TailoringPolicy(tiers=("light", ""))

    def test_round_trip(self) -> None:
        """Policy, profile and tailored methodology pickle and deep-copy equal (an invariant
        that held before issue 14 too; it guards the FrozenDict overrides)."""
        t = tailor(Methodology.waterfall(), ProjectProfile("P2", budget=1e5, duration_months=3))
        for obj in (TailoringPolicy.standard(), ProjectProfile("P2", 1e5, 3), t):
            round_trips(obj)


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
            audit([rec], RULES, as_of=dt.date(2026, 3, 1))

    def test_empty_ids_refused(self) -> None:
        """Empty project ids and fact names are refused by name."""
        with pytest.raises(ValidationError, match="project of an audit record"):
            AuditRecord("", {})
        with pytest.raises(ValidationError, match="fact name of project 'P1'"):
            AuditRecord("P1", {"": True})

    def test_summary_is_read_only_and_keyed(self) -> None:
        """Per-project rates are read-only mappings; an unknown project is named."""
        res = audit([AuditRecord("P1", {"baseline_set": True, "cpi": 0.8})], RULES,
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
        a1 = audit([rec1], RULES, as_of=dt.date(2026, 1, 1))
        a2 = audit([rec2], RULES, as_of=dt.date(2026, 1, 31))
        for obj in (rec1, rec2, RULES, a1, compliance_summary(a1), compliance_trend([a1, a2])):
            round_trips(obj)
        with pytest.raises(TypeError):
            rec1.facts["cpi"] = 1.0  # type: ignore[index]
        assert not pickle.loads(pickle.dumps(a1, 4)).status.flags.writeable


class TestMethodology:
    """Methodology.check_deliverable and names."""

    def test_unknown_filled_field_refused(self) -> None:
        """A misspelt field was ignored and its real field reported missing."""
        m = Methodology.waterfall()
        with pytest.raises(UnknownReferenceError, match="'filled' names the unknown field"):
            m.check_deliverable("Business case", {"benfits": "..."})

    def test_methodology_round_trips(self) -> None:
        """The standard methodologies pickle and deep-copy equal (an invariant that held
        before issue 14 too; it guards the renamed GateCriterion inside the gates)."""
        for m in (Methodology.waterfall(), Methodology.agile(), Methodology.hybrid()):
            round_trips(m)


def test_peers_are_marked_per_test_not_skipped() -> None:
    """The monitoring and governance tests mark the tests that need pandas or a peer
    (tests/_requires.py) instead of calling pytest.importorskip, so the core tests run
    without the extras and a module never vanishes whole."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [
        f"{path.relative_to(root)}:{k}"
        for sub in ("monitoring", "governance")
        for path in sorted((root / sub).glob("test_*.py"))
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "importorskip(" in line and "offenders" not in line
    ]
    assert not offenders, offenders
