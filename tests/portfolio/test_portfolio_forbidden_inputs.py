"""Every portfolio entry point refuses what its docs forbid, naming it: unknown ids in
mapping arguments, duplicates, empty ids, None/complex/datetime64 numbers, non-bool flags."""

from __future__ import annotations

import pytest

from pmokit.errors import ValidationError
from pmokit.portfolio import (
    BenefitLine,
    Candidate,
    PairwiseMatrix,
    build_model,
)


def _cands() -> list[Candidate]:
    return [Candidate("A", 10, [6, 1], demands={"dev": [1, 2]}), Candidate("B", 9, [5, 0])]










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
