"""Tests of AHP hierarchies (ahp_hierarchy)."""

from __future__ import annotations

import pytest

from pmokit.errors import CycleError, ValidationError
from pmokit.portfolio import (
    PairwiseMatrix,
    ahp_hierarchy,
)


class TestHierarchyErrors:
    def test_goal_missing(self) -> None:
        """The goal must have a matrix."""
        with pytest.raises(ValidationError, match="goal"):
            ahp_hierarchy("g", {})

    def test_cycle(self) -> None:
        """A node that is its own ancestor is a CycleError."""
        m1 = PairwiseMatrix.from_judgements({("a", "b"): 2})
        m2 = PairwiseMatrix.from_judgements({("g", "c"): 2})
        with pytest.raises(CycleError):
            ahp_hierarchy("g", {"g": m1, "a": m2})

    def test_unreachable(self) -> None:
        """A node with a matrix that no parent mentions is reported."""
        m1 = PairwiseMatrix.from_judgements({("a", "b"): 2})
        with pytest.raises(ValidationError, match="not reachable"):
            ahp_hierarchy("g", {"g": m1, "zzz": m1})


class TestHierarchyLevels:
    def test_three_levels_multiply(self) -> None:
        """Goal -> criteria -> sub-criteria -> alternatives: global weights are path products."""
        pm = PairwiseMatrix.from_judgements
        h = ahp_hierarchy(
            "goal",
            {
                "goal": pm({("value", "risk"): 3}),
                "value": pm({("npv", "fit"): 1}),
                "npv": pm({("A", "B"): 4}),
                "fit": pm({("A", "B"): 1 / 4}),
                "risk": pm({("A", "B"): 1}),
            },
        )
        assert h.global_weights["value"] == pytest.approx(0.75)
        assert h.global_weights["npv"] == pytest.approx(0.375)
        a = 0.375 * 0.8 + 0.375 * 0.2 + 0.25 * 0.5
        assert h.leaf_weights["A"] == pytest.approx(a)
        assert h.leaf_weights["B"] == pytest.approx(1 - a)
        assert h.leaves == ("A", "B") and h.inconsistent == ()
        assert [r["leaf"] for r in h.to_records()] == ["A", "B"]
