"""Tests of RAG rules, project status and portfolio roll-up."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit import monitoring as mon
from pmokit.errors import DuplicateError, PmokitError, ValidationError
from pmokit.monitoring import (
    DEFAULT_RAG_RULES,
    ProbabilityImpactMatrix,
    RagRule,
    RagStatus,
    Risk,
    assess_risks,
    earned_value,
    evm_signals,
    float_erosion_signals,
    portfolio_rag,
    rag_status,
)
from tests._hypothesis import examples
from tests.monitoring._helpers import BAD

M = ProbabilityImpactMatrix.five_by_five(cost_edges=(10, 50, 100, 250),
                                         schedule_edges=(5, 10, 20, 40))


class TestRagRule:
    """Thresholds in both directions."""

    def test_below(self) -> None:
        """Low is bad: boundaries belong to the better band."""
        r = RagRule("cpi", amber=0.95, red=0.90)
        assert [r.evaluate(v) for v in (1.0, 0.95, 0.94, 0.90, 0.89)] == [
            "green", "green", "amber", "amber", "red"]
        assert r.evaluate(math.nan) == "green"

    def test_above(self) -> None:
        """High is bad."""
        r = RagRule("tcpi_bac", amber=1.05, red=1.10, direction="above")
        assert [r.evaluate(v) for v in (1.0, 1.05, 1.07, 1.11, math.inf)] == [
            "green", "green", "amber", "red", "red"]

    def test_bad_rules(self) -> None:
        """Wrong order, direction and non-finite thresholds are refused."""
        with pytest.raises(ValidationError, match="'red' of rule 'cpi' must be <= 'amber'"):
            RagRule("cpi", amber=0.9, red=0.95)
        with pytest.raises(ValidationError, match="must be >= 'amber' when high is bad"):
            RagRule("t", amber=1.1, red=1.0, direction="above")
        with pytest.raises(ValidationError, match="'direction' of rule 'x'"):
            RagRule("x", 1, 0, direction="sideways")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'amber of rule 'x'' must be a finite"):
            RagRule("x", math.nan, 0)


class TestRagStatus:
    """Status per project with reasons."""

    def test_from_earned_value(self) -> None:
        """Default rules on an EarnedValue: CPI 0.81, SPI(t) 0.7, TCPI 1.36 are red."""
        r = earned_value([100, 200, 300, 400], [80, 150, 210], [90, 180, 260])
        s = rag_status(r, project="Alpha")
        assert s.status == "red"
        assert len(s.reasons) == 3 and s.reasons[0].startswith("CPI 0.81 is below 0.9 (red)")
        assert set(s.measures) == {"cpi", "spi_t", "tcpi_bac"}

    def test_green_project(self) -> None:
        """A project on plan and on budget is green with no reasons."""
        s = rag_status(earned_value([100, 200], [100], [100]))
        assert (s.status, s.reasons) == ("green", ())
        assert s.to_records() == [{"project": "", "status": "green", "reason": ""}]

    def test_signals_and_risks_count(self) -> None:
        """A red signal or a red risk makes an otherwise green project red."""
        ok = {"cpi": 1.0, "spi_t": 1.0}
        sig = float_erosion_signals([{"A": 2.0}, {"A": -1.0}], project="Alpha")
        s = rag_status(ok, project="Alpha", signals=sig)
        assert s.status == "red" and "negative_float on A" in s.reasons[0]
        other = rag_status(ok, project="Beta", signals=sig)  # another project's signal
        assert other.status == "green"
        risks = assess_risks([Risk("R1", 0.9, 300), Risk("R2", 0.2, 1)], M)
        s = rag_status(ok, project="Alpha", risks=risks)
        assert s.status == "red" and s.reasons == ("1 red risk(s): R1",)

    def test_custom_rules_and_missing(self) -> None:
        """Rules on any measure; a missing measure is ignored or an error."""
        rules = [RagRule("health", amber=70, red=50)]
        assert rag_status({"health": 60}, rules).status == "amber"
        assert rag_status({}, rules).status == "green"
        with pytest.raises(ValidationError, match="measure 'health' of rule 0 is not in"):
            rag_status({}, rules, missing="error")

    def test_evm_signals_and_rules_together(self) -> None:
        """Signals from evm_signals add reasons (CPI instability is amber)."""
        r = earned_value([100, 200, 300, 400, 500], [100, 200, 300], [100, 210, 375])
        s = rag_status(r, [], project="P", signals=evm_signals(r, project="P"))
        assert any("cpi_unstable" in x for x in s.reasons)

    def test_bad_input(self) -> None:
        """Bad metrics, rules, risks and signals are named."""
        with pytest.raises(ValidationError, match="metric 'cpi' must be a number"):
            rag_status({"cpi": "low"})  # type: ignore[dict-item]
        with pytest.raises(ValidationError, match="rule 0 must be a RagRule"):
            rag_status({}, ["cpi < 1"])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'metrics' must be an EarnedValue"):
            rag_status(0.9)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'risks' must be a RiskAssessment"):
            rag_status({}, risks=[])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'signals' must hold Signal objects"):
            rag_status({}, signals=["late"])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="'missing' must be one of"):
            rag_status({}, missing="warn")  # type: ignore[arg-type]

    def test_default_rules(self) -> None:
        """The defaults watch CPI, SPI(t) and TCPI."""
        assert [r.measure for r in DEFAULT_RAG_RULES] == ["cpi", "spi_t", "tcpi_bac"]


class TestPortfolioRag:
    """Worst-of and weighted roll-ups."""

    SS = (RagStatus("A", "green", ()), RagStatus("B", "red", ("x",)),
          RagStatus("C", "amber", ("y",)), RagStatus("D", "green", ()))

    def test_worst(self) -> None:
        """Worst-of: one red project makes the portfolio red; projects worst first."""
        p = portfolio_rag(self.SS)
        assert p.status == "red" and p.score == 2.0
        assert [s.project for s in p.projects] == ["B", "C", "A", "D"]
        assert p.counts == {"green": 2, "amber": 1, "red": 1}
        assert portfolio_rag([]).status == "green"

    def test_weighted(self) -> None:
        """Weighted mean of 0/1/2 banded at 0.5 and 1.5."""
        eq = portfolio_rag(self.SS, method="weighted")
        assert eq.score == 0.75 and eq.status == "amber"
        heavy = portfolio_rag(self.SS, method="weighted",
                              weights={"A": 1, "B": 10, "C": 1, "D": 0})
        assert heavy.score == pytest.approx(21 / 12) and heavy.status == "red"
        light = portfolio_rag(self.SS, method="weighted",
                              weights={"A": 10, "B": 1, "C": 1, "D": 10})
        assert light.status == "green"
        assert [r["project"] for r in light.to_records()] == ["B", "C", "A", "D"]

    def test_bad_input(self) -> None:
        """Missing weights, zero weights, duplicates and bad bands are refused."""
        with pytest.raises(ValidationError, match="weight for project 'D'"):
            portfolio_rag(self.SS, method="weighted", weights={"A": 1, "B": 1, "C": 1})
        with pytest.raises(ValidationError, match="must not all be zero"):
            portfolio_rag(self.SS, method="weighted", weights=dict.fromkeys("ABCD", 0))
        with pytest.raises(ValidationError, match="'weight of project 'A'' must be >= 0"):
            portfolio_rag(self.SS, method="weighted", weights={"A": -1, "B": 1, "C": 1, "D": 1})
        with pytest.raises(DuplicateError):
            portfolio_rag([RagStatus("A", "green", ()), RagStatus("A", "red", ())])
        with pytest.raises(ValidationError, match="'amber_from' must not exceed 'red_from'"):
            portfolio_rag(self.SS, amber_from=1.8, red_from=1.0)
        with pytest.raises(ValidationError, match="'method' must be one of"):
            portfolio_rag(self.SS, method="mean")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="item 0 of 'statuses' must be a RagStatus"):
            portfolio_rag(["red"])  # type: ignore[list-item]


class TestRagInvariants:
    """Hypothesis: RAG is monotone and the weighted roll-up never beats worst-of."""

    @settings(max_examples=examples(100), deadline=None)
    @given(st.floats(0, 2), st.floats(0, 2), st.floats(0, 2))
    def test_lower_cpi_never_better(self, a: float, b: float, c: float) -> None:
        """Lowering CPI never improves a project's status."""
        order = {"green": 0, "amber": 1, "red": 2}
        hi, lo = max(a, b), min(a, b)
        s_hi = rag_status({"cpi": hi, "spi_t": c})
        s_lo = rag_status({"cpi": lo, "spi_t": c})
        assert order[s_lo.status] >= order[s_hi.status]

    @settings(max_examples=examples(100), deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["green", "amber", "red"]), st.floats(0.1, 100)),
                    min_size=1, max_size=12))
    def test_weighted_not_worse_than_worst(self, items: list[tuple[str, float]]) -> None:
        """The weighted band is never worse than the worst project's; the score is in [0, 2]."""
        order = {"green": 0, "amber": 1, "red": 2}
        ss = [RagStatus(f"P{k}", band, ()) for k, (band, _) in enumerate(items)]  # type: ignore[arg-type]
        weights = {f"P{k}": w for k, (_, w) in enumerate(items)}
        worst = portfolio_rag(ss)
        weighted = portfolio_rag(ss, method="weighted", weights=weights)
        assert 0 <= weighted.score <= 2
        assert order[weighted.status] <= order[worst.status]
        assert sum(worst.counts.values()) == len(items)


class TestIssue14:
    """Issue 14: forbidden inputs refused by name; the roll-up is a mapping; frozen results."""

    SS = (RagStatus("A", "green", ()), RagStatus("B", "red", ("CPI 0.8",)),
          RagStatus("C", "amber", ["SPI(t) 0.93"]))

    def test_portfolio_is_a_mapping_by_project(self) -> None:
        """`in`, iteration (worst first), `len`, `.get`; unknown raises UnknownReferenceError."""
        from pmokit.errors import UnknownReferenceError

        pr = portfolio_rag(self.SS)
        assert list(pr) == ["B", "C", "A"] and len(pr) == 3 and "C" in pr and "Z" not in pr
        assert pr["C"].status == "amber" and pr.get("Z") is None
        with pytest.raises(UnknownReferenceError, match="unknown project 'Z'"):
            pr["Z"]

    def test_unknown_weight_refused(self) -> None:
        """A weight for a project that has no status was ignored."""
        from pmokit.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError, match="'weights' names the unknown project"):
            portfolio_rag(self.SS, method="weighted", weights={"A": 1, "B": 1, "C": 1, "ZZZ": 1})

    def test_status_is_checked_when_built(self) -> None:
        """A hand-made status with an unknown band or a non-string project is refused."""
        with pytest.raises(ValidationError, match="'status' of project 'A' must be 'green'"):
            RagStatus("A", "purple", ())  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'project' of a RAG status must be a string"):
            RagStatus(None, "red", ())  # type: ignore[arg-type]

    def test_rule_refuses_non_numbers(self) -> None:
        """`evaluate(None)` raised a TypeError; an empty measure named nothing."""
        with pytest.raises(ValidationError, match="must be a real number"):
            RagRule("cpi", 0.95, 0.9).evaluate(None)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must be a real number"):
            RagRule("cpi", 0.95, 0.9).evaluate(1 + 0j)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'measure' of a RAG rule"):
            RagRule("", 0.95, 0.9)
        with pytest.raises(ValidationError, match="'rules' must be a sequence of RagRule"):
            rag_status({"cpi": 0.5}, RagRule("cpi", 0.95, 0.9))  # type: ignore[arg-type]

    def test_round_trip_equal_and_read_only(self) -> None:
        """Statuses and roll-ups pickle and deep-copy equal; measures and counts are read-only."""
        import copy
        import pickle

        s = rag_status({"cpi": 0.93, "spi_t": 1.02}, project="Alpha")
        pr = portfolio_rag([*self.SS, s])
        for obj in (s, pr, DEFAULT_RAG_RULES[0]):
            assert pickle.loads(pickle.dumps(obj)) == obj and copy.deepcopy(obj) == obj
        with pytest.raises(TypeError):
            s.measures["cpi"] = 1.0  # type: ignore[index]
        with pytest.raises(TypeError):
            pr.counts["red"] = 0  # type: ignore[index]




MISUSE_CALLS: dict[str, Callable[[object], object]] = {
    "rag_status": lambda x: mon.rag_status(x),
    "rag_rules": lambda x: mon.rag_status({"cpi": 0.9}, x),
    "rag_proj": lambda x: mon.rag_status({"cpi": 0.9}, project=x),
    "rag_sig": lambda x: mon.rag_status({"cpi": 0.9}, signals=x),
    "rag_risks": lambda x: mon.rag_status({"cpi": 0.9}, risks=x),
    "prag": lambda x: mon.portfolio_rag(x),
    "prag_w": lambda x: mon.portfolio_rag(
        [mon.RagStatus("A","red",())], method="weighted", weights=x
    ),
    "ragrule": lambda x: mon.RagRule(x, 0.9, 0.8),
    "ragrule_a": lambda x: mon.RagRule("cpi", x, 0.8),
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
