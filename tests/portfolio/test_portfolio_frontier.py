"""Tests of pmokit.portfolio.efficient_frontier."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.errors import ValidationError
from pmokit.portfolio import Candidate, efficient_frontier, select


def _cands(values: list[int], costs: list[int]) -> list[Candidate]:
    return [Candidate(f"P{i}", v, c) for i, (v, c) in enumerate(zip(values, costs, strict=True))]


class TestFrontier:
    @settings(max_examples=40, deadline=None)
    @given(
        st.lists(st.tuples(st.integers(0, 30), st.integers(0, 20)), min_size=1, max_size=9),
        st.integers(2, 12),
    )
    def test_monotone_and_optimal(self, items: list[tuple[int, int]], k: int) -> None:
        """Value never decreases with the budget and each point equals a fresh select()."""
        cands = _cands([v for v, _ in items], [c for _, c in items])
        f = efficient_frontier(cands, k, gap=0.0)
        assert np.all(np.diff(f.values) >= -1e-9)
        assert np.all(np.diff(f.budgets) >= 0)
        assert np.all(f.costs <= f.budgets + 1e-9)
        for b, v in zip(f.budgets, f.values, strict=True):
            assert v == pytest.approx(select(cands, budgets=b, gap=0.0).total_value)

    def test_entered_left_and_reuse(self) -> None:
        """Entering/leaving sets between points and a reused point (no new solve)."""
        cands = _cands([10, 9, 7], [6, 5, 4])
        f = efficient_frontier(cands, [4, 10, 15, 20])
        assert f.chosen == (("P2",), ("P0", "P2"), ("P0", "P1", "P2"), ("P0", "P1", "P2"))
        assert f.entered[1] == ("P0",) and f.left[1] == ()
        assert f.status[2] == "reused" and f.solves == 3
        g = efficient_frontier(cands, [5, 6])
        assert g.chosen == (("P1",), ("P0",)) and g.entered[1] == ("P0",) and g.left[1] == ("P1",)

    def test_with_must_infeasible_low_budgets(self) -> None:
        """Levels below the cost of forced projects are infeasible with value 0."""
        cands = _cands([10, 9, 7], [6, 5, 4])
        f = efficient_frontier(cands, [3, 6, 20], must=["P0"])
        assert f.status[0] == "infeasible" and f.chosen[0] == ()
        assert f.values[1] == 10 and f.values[2] == 26

    def test_period_budgets_held(self) -> None:
        """Per-period budgets stay in force at every level."""
        cands = [Candidate("A", 10, [5, 0]), Candidate("B", 8, [0, 5]), Candidate("C", 6, [4, 0])]
        f = efficient_frontier(cands, [100], period_budgets=[5, 5])
        assert f.chosen[0] == ("A", "B")

    def test_records(self) -> None:
        """to_records has one row per level."""
        f = efficient_frontier(_cands([1, 2], [1, 1]), 3)
        assert len(f.to_records()) == 3 and f.to_records()[0]["budget"] == 0.0

    def test_bad_levels(self) -> None:
        """Negative levels or zero points are rejected."""
        with pytest.raises(ValidationError, match="'budgets'"):
            efficient_frontier(_cands([1], [1]), [-1, 2])
        with pytest.raises(ValidationError, match=">= 1"):
            efficient_frontier(_cands([1], [1]), 0)


class TestFrontierLarger:
    def test_gap_path_monotone_and_feasible(self) -> None:
        """120 candidates over 4 periods with period budgets, gap 1 %: monotone, within levels."""
        rng = np.random.default_rng(11)
        cands = [
            Candidate(f"P{i}", float(rng.integers(10, 100)), rng.integers(0, 30, 4).astype(float))
            for i in range(120)
        ]
        pb = np.full(4, 600.0)
        f = efficient_frontier(cands, 12, period_budgets=pb, requires=[("P0", "P1")], gap=1e-2)
        assert np.all(np.diff(f.values) >= -1e-9)
        assert np.all(f.costs <= f.budgets + 1e-6)
        costs = np.array([c.costs for c in cands])
        for chosen in f.chosen:
            x = np.array([c.id in chosen for c in cands], dtype=float)
            assert np.all(x @ costs <= pb + 1e-6)
            assert x[0] <= x[1]
        frame = f.to_frame()
        assert list(frame.columns)[:3] == ["budget", "value", "cost"] and len(frame) == 12
