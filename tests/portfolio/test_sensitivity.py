"""Tests of ranking sensitivity to the weights (ranking_sensitivity)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.portfolio import Criterion, ranking_sensitivity, score, topsis
from tests._hypothesis import examples


class TestSensitivity:
    def test_intervals_by_hand(self) -> None:
        """Top-1 interval of 'value' is [0.5, 1]: A (t) overtakes B (1 - t) at t = .5."""
        crit = [Criterion("value", 0.6), Criterion("fit", 0.4)]
        r = score(["A", "B", "C"], [[10, 0], [0, 10], [4, 4]], crit)
        s = ranking_sensitivity(r, k=1, rng=1)
        assert_allclose([s.top_low[0], s.top_high[0]], [0.5, 1.0])
        # ranking A > B = C ... B and C tie at 0.4 now: the ranking changes right away
        assert s.rank_low[0] == pytest.approx(0.6) and s.rank_high[0] == pytest.approx(0.6)

    @settings(max_examples=examples(30), deadline=None)
    @given(
        st.lists(st.lists(st.floats(0, 10), min_size=3, max_size=3), min_size=3, max_size=8),
        st.floats(0.05, 0.9),
        st.floats(0.05, 0.9),
    )
    def test_ranking_constant_inside_interval(
        self, rows: list[list[float]], a: float, b: float
    ) -> None:
        """Inside each criterion's interval the ranking is the same; top set the same in its own."""
        w = np.array([a, b, 1.0]) / (a + b + 1.0)
        crit = [
            Criterion("c0", float(w[0])),
            Criterion("c1", float(w[1])),
            Criterion("c2", float(1 - w[0] - w[1])),
        ]
        ids = [f"x{i}" for i in range(len(rows))]
        r = score(ids, rows, crit)
        s = ranking_sensitivity(r, k=2, iterations=10, rng=0)
        z, w0 = np.asarray(r.normalised), np.asarray(r.weights)
        base_top = set(np.argsort(-(z @ w0), kind="stable")[:2].tolist())
        for j in range(3):
            for lo, hi, what in (
                (s.rank_low[j], s.rank_high[j], "rank"),
                (s.top_low[j], s.top_high[j], "top"),
            ):
                assert lo <= w0[j] + 1e-9 <= hi + 2e-9
                for t in np.linspace(lo, hi, 7)[1:-1]:
                    wt = w0 * (1 - t) / (1 - w0[j]) if w0[j] < 1 else w0.copy()
                    wt[j] = t
                    sc = z @ wt
                    if what == "rank":
                        if len(set(np.round(z @ w0, 9))) == len(ids):
                            np.testing.assert_array_equal(
                                np.argsort(-sc, kind="stable"), np.argsort(-(z @ w0), kind="stable")
                            )
                    else:
                        sc_sorted = np.sort(sc)[::-1]
                        if sc_sorted[1] - sc_sorted[2] > 1e-9:
                            assert set(np.argsort(-sc, kind="stable")[:2].tolist()) == base_top

    def test_monte_carlo_seeded(self) -> None:
        """The same seed gives the same probabilities; a dominant alternative is always top."""
        crit = [Criterion("a", 0.5), Criterion("b", 0.5)]
        r = score(["A", "B", "C"], [[10, 10], [5, 6], [6, 5]], crit)
        s1 = ranking_sensitivity(r, k=1, rng=7)
        s2 = ranking_sensitivity(r, k=1, rng=7)
        assert_allclose(s1.top_probability, s2.top_probability)
        assert s1.top_probability[0] == 1.0 and s1.mean_rank[0] == 1.0
        assert s1.top_probability.sum() == pytest.approx(1.0)

    def test_errors(self) -> None:
        """k out of range, a non-weighted-sum ranking and bad spread are rejected."""
        crit = [Criterion("a", 0.5), Criterion("b", 0.5, direction="cost")]
        r = score(["A", "B"], [[1, 2], [2, 1]], crit)
        with pytest.raises(ValidationError, match="'k'"):
            ranking_sensitivity(r, k=3)
        with pytest.raises(ValidationError, match="weighted-sum"):
            ranking_sensitivity(topsis(["A", "B"], [[1, 2], [2, 1]], crit))
        with pytest.raises(ValidationError, match="'spread'"):
            ranking_sensitivity(r, k=1, spread=2.0)


class TestSensitivityVocabulary:
    def _ranking(self):  # type: ignore[no-untyped-def]
        crit = [Criterion("value", 0.6), Criterion("fit", 0.4)]
        return score(["A", "B", "C"], [[10, 0], [0, 10], [4, 4]], crit)

    def test_iterations_is_the_sample_count(self) -> None:
        """The sample count is 'iterations', as in every Monte Carlo function."""
        s = ranking_sensitivity(self._ranking(), k=1, iterations=50, rng=3)
        assert s.iterations == 50

    def test_n_samples_still_works_with_a_warning(self) -> None:
        """n_samples= gives the same numbers as iterations=, with a warning naming it."""
        with pytest.warns(DeprecationWarning, match="'iterations'"):
            old = ranking_sensitivity(self._ranking(), k=1, n_samples=50, rng=3)
        new = ranking_sensitivity(self._ranking(), k=1, iterations=50, rng=3)
        assert_allclose(old.top_probability, new.top_probability)
        with pytest.warns(DeprecationWarning, match="iterations"):
            assert old.n_samples == 50

    def test_too_many_iterations_refused_before_allocating(self) -> None:
        """A sample count whose arrays cannot fit is refused with the limit stated."""
        with pytest.raises(ValidationError, match="bytes"):
            ranking_sensitivity(self._ranking(), k=1, iterations=10**12)
