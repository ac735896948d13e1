"""Every portfolio entry point refuses what its docs forbid, naming it: unknown ids in
mapping arguments, duplicates, empty ids, None/complex/datetime64 numbers, non-bool flags."""

from __future__ import annotations

import numpy as np
import pytest

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import (
    BenefitLine,
    Candidate,
    Criterion,
    Group,
    PairwiseMatrix,
    aggregate_priorities,
    ahp_priorities,
    build_model,
    irr,
    npv,
    select,
    track_benefits,
    wsjf,
)

NON_REAL = {
    "complex": [1 + 2j, 3],
    "None": [None, 3],
    "datetime64": np.array(["2026-01-01", "2026-01-02"], dtype="datetime64[D]"),
}


def _cands() -> list[Candidate]:
    return [Candidate("A", 10, [6, 1], demands={"dev": [1, 2]}), Candidate("B", 9, [5, 0])]


class TestUnknownIds:
    def test_capacity_for_a_skill_nobody_demands(self) -> None:
        """capacity={'Dev': ...} (a typo of 'dev') left 'dev' unconstrained silently."""
        with pytest.raises(UnknownReferenceError, match="'Dev'"):
            build_model(_cands(), budgets=[10, 10], capacity={"Dev": [1, 1]})

    @pytest.mark.parametrize(
        "rule",
        [
            {"must": ["ZZZ"]},
            {"must_not": ["ZZZ"]},
            {"requires": [("A", "ZZZ")]},
            {"excludes": [("ZZZ", "B")]},
            {"groups": [Group("g", ["A", "ZZZ"])]},
        ],
    )
    def test_rules_naming_unknown_candidates(self, rule: dict[str, object]) -> None:
        """Every rule naming a candidate that does not exist is refused, naming it."""
        with pytest.raises(UnknownReferenceError, match="'ZZZ'"):
            select(_cands(), budgets=[10, 10], **rule)  # type: ignore[arg-type]


class TestIds:
    @pytest.mark.parametrize("bad", ["", "  ", None, 1.0, True])
    def test_bad_candidate_id(self, bad: object) -> None:
        """Empty, blank, None, float and bool candidate ids are refused."""
        with pytest.raises(ValidationError, match="id of a candidate"):
            Candidate(bad, 1, 1)  # type: ignore[arg-type]

    def test_bad_skill_id(self) -> None:
        """An empty skill name in demands is refused."""
        with pytest.raises(ValidationError, match="skill"):
            Candidate("A", 1, 1, demands={"": [1]})

    def test_duplicate_group_member(self) -> None:
        """A group naming a candidate twice is refused."""
        with pytest.raises(DuplicateError, match="'A'"):
            Group("g", ["A", "A"])

    @pytest.mark.parametrize("bad", ["", None])
    def test_bad_matrix_labels(self, bad: object) -> None:
        """Empty or None AHP labels are refused."""
        with pytest.raises(ValidationError, match="labels"):
            PairwiseMatrix.from_array([[1, 2], [0.5, 1]], ["a", bad])  # type: ignore[list-item]

    def test_empty_criterion_name(self) -> None:
        """A criterion needs a name."""
        with pytest.raises(ValidationError, match="'name'"):
            Criterion("", 1.0)


class TestNonRealNumbers:
    @pytest.mark.parametrize("kind", sorted(NON_REAL))
    def test_candidate_costs_and_demands(self, kind: str) -> None:
        """Costs and demands refuse complex, None and datetime64 by name."""
        with pytest.raises(ValidationError, match="'costs'"):
            Candidate("A", 1, NON_REAL[kind])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="demand for 'dev'"):
            Candidate("A", 1, [1, 1], demands={"dev": NON_REAL[kind]})  # type: ignore[dict-item]

    @pytest.mark.parametrize("kind", sorted(NON_REAL))
    def test_budgets(self, kind: str) -> None:
        """Budgets refuse complex (its imaginary part was dropped), None and datetime64."""
        with pytest.raises(ValidationError, match="'budgets'"):
            build_model(_cands(), budgets=NON_REAL[kind])  # type: ignore[arg-type]

    @pytest.mark.parametrize("kind", sorted(NON_REAL))
    def test_flows_and_benefits(self, kind: str) -> None:
        """Cash flows, WSJF components and benefit profiles refuse non-real numbers."""
        with pytest.raises(ValidationError, match="'cash_flows'"):
            npv(0.1, NON_REAL[kind])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'cash_flows'"):
            irr(NON_REAL[kind])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'business_value'"):
            wsjf(
                ["A", "B"],
                business_value=NON_REAL[kind],  # type: ignore[arg-type]
                time_criticality=[1, 1],
                risk_reduction=[1, 1],
                job_size=[1, 1],
            )
        with pytest.raises(ValidationError, match="benefit profile"):
            BenefitLine("A", NON_REAL[kind], [1])  # type: ignore[arg-type]

    @pytest.mark.parametrize("rate", [1 + 0j, None, np.datetime64("2026-01-01")])
    def test_rates(self, rate: object) -> None:
        """A complex, None or datetime rate is refused naming 'rate'."""
        with pytest.raises(ValidationError, match="'rate'"):
            npv(rate, [1, 2])  # type: ignore[arg-type]

    def test_member_weights(self) -> None:
        """Group member weights refuse complex numbers."""
        r = ahp_priorities(PairwiseMatrix.from_judgements({("x", "y"): 3}))
        with pytest.raises(ValidationError, match="'weights'"):
            aggregate_priorities([r, r], [0.5 + 0j, 0.5])  # type: ignore[list-item]


class TestFlagsAndCounts:
    @pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
    def test_n_revisions(self, bad: object) -> None:
        """n_revisions takes an integer >= 0 only."""
        m = PairwiseMatrix.from_judgements({("a", "b"): 3, ("b", "c"): 3, ("a", "c"): 1})
        with pytest.raises(ValidationError, match="'n_revisions'"):
            ahp_priorities(m, n_revisions=bad)  # type: ignore[arg-type]

    def test_track_benefits_duplicates(self) -> None:
        """Two benefit lines with one id are refused."""
        line = BenefitLine("A", [1, 2], [1])
        with pytest.raises(DuplicateError):
            track_benefits([line, line], as_of=1)


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""

    @pytest.mark.parametrize("bad", ["", "  ", True, float("nan"), 1.5])
    def test_candidate_category_is_an_id(self, bad: object) -> None:
        """A category is an id (None: no category)."""
        with pytest.raises(ValidationError, match="category of candidate 'A'"):
            Candidate("A", 1.0, [1.0], category=bad)

    @pytest.mark.parametrize("bad", ["", None, ["x"]])
    def test_balance_category_is_an_id(self, bad: object) -> None:
        """A balance rule names a category id."""
        from pmokit.portfolio import Balance

        with pytest.raises(ValidationError, match="category of a balance rule"):
            Balance(bad, max_share=0.5)

    def test_benefit_id(self) -> None:
        """A benefit's id follows the id rule."""
        with pytest.raises(ValidationError, match="id of a benefit"):
            BenefitLine("", [1.0], [])

    @pytest.mark.parametrize("bad", [[[1, None], [None, 1]], [[1 + 1j, 2], [0.5, 1]]])
    def test_pairwise_values_are_real(self, bad: object) -> None:
        """None and complex judgements are refused (nan marks a missing one)."""
        with pytest.raises(ValidationError, match="'values' must be an array of numbers"):
            PairwiseMatrix(["a", "b"], bad)

    def test_must_not_repeated(self) -> None:
        """A candidate named twice in must_not is refused."""
        with pytest.raises(ValidationError, match="'must_not' names candidates more than once"):
            build_model(_cands(), budgets=[10, 10], must_not=["A", "A"])
