"""Tests of TOPSIS ranking (topsis)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.portfolio import Criterion, topsis
from tests._hypothesis import examples


class TestTopsis:
    def test_hand_computed(self) -> None:
        """Two criteria, by hand: closeness .3874, .6126, .5."""
        crit = [Criterion("value", 0.5), Criterion("cost", 0.5, direction="cost")]
        r = topsis(["A", "B", "C"], [[3, 4], [4, 3], [1, 1]], crit)
        v = 0.5 / np.sqrt(26)
        d_plus_a = np.hypot(v * (4 - 3), v * (4 - 1))
        d_minus_a = v * (3 - 1)
        assert r.scores[0] == pytest.approx(d_minus_a / (d_plus_a + d_minus_a))
        assert_allclose(r.scores, [0.3874, 0.6126, 0.5], atol=5e-5)

    def test_ideal_solution_published(self) -> None:
        """Weighted normalised ideal of a published example (cost, benefit, cost, benefit)."""
        x = [[15, 6, 25000, 7], [12, 7, 35000, 7], [10, 9, 55000, 8]]
        dirs = ["cost", "benefit", "cost", "benefit"]
        crit = [
            Criterion(f"c{j}", w, direction=d)  # type: ignore[arg-type]
            for j, (w, d) in enumerate(zip([0.3, 0.05, 0.6, 0.05], dirs, strict=True))
        ]
        r = topsis(["A1", "A2", "A3"], x, crit)
        v = r.contributions
        ideal = [v[:, 0].min(), v[:, 1].max(), v[:, 2].min(), v[:, 3].max()]
        assert_allclose(ideal, [0.13852713, 0.03492677, 0.21483446, 0.03142697], atol=1e-8)
        assert r.top(1) == ("A1",)

    @settings(max_examples=examples(40), deadline=None)
    @given(st.lists(st.lists(st.floats(1, 100), min_size=2, max_size=2), min_size=2, max_size=10))
    def test_closeness_bounds_and_scale_invariance(self, rows: list[list[float]]) -> None:
        """Closeness in [0, 1] and unchanged when a criterion is rescaled."""
        crit = [Criterion("a", 0.7), Criterion("b", 0.3, direction="cost")]
        ids = [f"x{i}" for i in range(len(rows))]
        r = topsis(ids, rows, crit)
        assert np.all((r.scores >= 0) & (r.scores <= 1))
        x = np.array(rows)
        x[:, 0] *= 1000
        assert_allclose(topsis(ids, x, crit).scores, r.scores, atol=1e-12)

    def test_zero_column(self) -> None:
        """An all-zero criterion is rejected."""
        with pytest.raises(ValidationError, match="non-zero"):
            topsis(["A", "B"], [[0, 1], [0, 2]], [Criterion("a", 0.5), Criterion("b", 0.5)])
