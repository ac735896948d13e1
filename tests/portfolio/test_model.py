"""Tests of the portfolio model: candidates, groups, balance and build_model."""

from __future__ import annotations

import pytest

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import (
    Candidate,
    Group,
    build_model,
)
from tests.portfolio._helpers import NON_REAL


def _cands() -> list[Candidate]:
    return [Candidate("A", 10, [6, 1], demands={"dev": [1, 2]}), Candidate("B", 9, [5, 0])]


class TestUnknownIds:
    def test_capacity_for_a_skill_nobody_demands(self) -> None:
        """capacity={'Dev': ...} (a typo of 'dev') left 'dev' unconstrained silently."""
        with pytest.raises(UnknownReferenceError, match="'Dev'"):
            build_model(_cands(), budgets=[10, 10], capacity={"Dev": [1, 1]})


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
