"""Tests of group AHP (aggregate_judgements, aggregate_priorities)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.portfolio import (
    PairwiseMatrix,
    aggregate_judgements,
    aggregate_priorities,
    ahp_priorities,
)

# Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
# Sciences 1(1): relative consumption of drinks in the US.
DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]


DRINKS_A = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


class TestGroup:
    def test_aij_geometric_mean(self) -> None:
        """AIJ is the element-wise weighted geometric mean and stays reciprocal."""
        a = PairwiseMatrix.from_array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
        b = PairwiseMatrix.from_array([[1, 8, 1], [1 / 8, 1, 1 / 2], [1, 2, 1]])
        g = aggregate_judgements([a, b], [0.25, 0.75])
        assert_allclose(g.values, np.array(a.values) ** 0.25 * np.array(b.values) ** 0.75)
        assert_allclose(g.values * g.values.T, np.ones((3, 3)))

    def test_aij_of_identical_is_identity(self) -> None:
        """Aggregating copies of one matrix gives that matrix."""
        a = PairwiseMatrix.from_array(DRINKS_A, DRINKS)
        assert_allclose(aggregate_judgements([a, a, a]).values, a.values)

    def test_aij_missing_for_some(self) -> None:
        """A judgement missing for one member is the other members' mean."""
        a = PairwiseMatrix.from_judgements({("x", "y"): 4, ("y", "z"): 2, ("x", "z"): 2})
        b = PairwiseMatrix.from_judgements({("x", "y"): 1, ("y", "z"): 2}, labels=["x", "y", "z"])
        g = aggregate_judgements([a, b])
        assert g.values[0, 2] == pytest.approx(2.0) and g.values[0, 1] == pytest.approx(2.0)

    def test_aip(self) -> None:
        """AIP geometric: normalised weighted geometric mean of the priority vectors."""
        r1 = ahp_priorities(PairwiseMatrix.from_array(DRINKS_A, DRINKS))
        w2 = np.linspace(1, 2, 7)
        r2 = ahp_priorities(PairwiseMatrix.from_array(w2[:, None] / w2[None, :], DRINKS))
        g = aggregate_priorities([r1, r2], [0.6, 0.4])
        expect = r1.priorities**0.6 * r2.priorities**0.4
        assert_allclose(g.priorities, expect / expect.sum())
        ga = aggregate_priorities([r1, r2], [0.6, 0.4], method="arithmetic")
        assert_allclose(ga.priorities, 0.6 * r1.priorities + 0.4 * r2.priorities)

    def test_weights_must_sum_to_one(self) -> None:
        """Member weights not summing to 1 are rejected."""
        a = PairwiseMatrix.from_judgements({("x", "y"): 2})
        with pytest.raises(ValidationError, match="must sum to 1"):
            aggregate_judgements([a, a], [1, 1])

    def test_labels_must_match(self) -> None:
        """Matrices on different labels are rejected."""
        a = PairwiseMatrix.from_judgements({("x", "y"): 2})
        b = PairwiseMatrix.from_judgements({("x", "z"): 2})
        with pytest.raises(ValidationError, match="labels"):
            aggregate_judgements([a, b])
        with pytest.raises(ValidationError, match="labels"):
            aggregate_priorities([ahp_priorities(a), ahp_priorities(b)])


class TestNonRealNumbers:




    def test_member_weights(self) -> None:
        """Group member weights refuse complex numbers."""
        r = ahp_priorities(PairwiseMatrix.from_judgements({("x", "y"): 3}))
        with pytest.raises(ValidationError, match="'weights'"):
            aggregate_priorities([r, r], [0.5 + 0j, 0.5])  # type: ignore[list-item]
