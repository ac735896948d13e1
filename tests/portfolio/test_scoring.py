"""Tests of weighted scoring, WSJF, TOPSIS and ranking sensitivity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import Criterion, ranking_sensitivity, score, topsis, wsjf
from tests._requires import requires_pandas


class TestScore:
    def test_minmax_hand_computed(self) -> None:
        """Min-max normalisation with a cost criterion, by hand."""
        crit = [Criterion("value", 0.6), Criterion("risk", 0.4, direction="cost")]
        r = score(["A", "B", "C"], [[10, 3], [8, 1], [4, 2]], crit)
        # value: (10,8,4) -> 1, 4/6, 0 ; risk (cost): (3,1,2) -> 0, 1, 0.5
        assert_allclose(r.normalised, [[1, 0], [4 / 6, 1], [0, 0.5]])
        assert_allclose(r.scores, [0.6, 0.6 * 4 / 6 + 0.4, 0.2])
        assert r.ranks.tolist() == [2, 1, 3]
        assert_allclose(r.contributions.sum(axis=1), r.scores)
        assert r.order() == ("B", "A", "C")
        assert r["B"] == pytest.approx(0.8)

    def test_other_normalisations(self) -> None:
        """vector, max and target normalisations."""
        x = [[3.0, 4.0, 5.0], [4.0, 2.0, 7.0]]
        crit = [
            Criterion("v", 0.2, normalisation="vector"),
            Criterion("m", 0.3, normalisation="max", direction="cost"),
            Criterion("t", 0.5, normalisation="target", target=6.0),
        ]
        r = score(["A", "B"], x, crit)
        assert_allclose(r.normalised[:, 0], [0.6, 0.8])
        assert_allclose(r.normalised[:, 1], [0.5, 1.0])
        assert_allclose(r.normalised[:, 2], [0.0, 0.0])  # both 1 away from the target

    def test_ties_share_rank(self) -> None:
        """Equal scores share the best rank."""
        r = score(["A", "B", "C"], [[1], [1], [0]], [Criterion("v", 1.0)])
        assert r.ranks.tolist() == [1, 1, 3]

    @settings(max_examples=50, deadline=None)
    @given(
        st.lists(st.lists(st.floats(0, 100), min_size=3, max_size=3), min_size=2, max_size=12),
        st.lists(st.floats(0.01, 1), min_size=3, max_size=3),
    )
    def test_dominance_and_bounds(self, rows: list[list[float]], w: list[float]) -> None:
        """Scores lie in [0, 1] with min-max, and a dominating alternative never ranks lower."""
        wv = np.array(w) / sum(w)
        crit = [Criterion(f"c{j}", float(wv[j])) for j in range(3)]
        crit[-1] = Criterion("c2", float(1 - wv[0] - wv[1]))
        ids = [f"a{i}" for i in range(len(rows))]
        r = score(ids, rows, crit)
        assert np.all(r.scores >= -1e-12) and np.all(r.scores <= 1 + 1e-12)
        x = np.array(rows)
        for i in range(len(rows)):
            for k in range(len(rows)):
                if np.all(x[i] >= x[k]):
                    assert r.scores[i] >= r.scores[k] - 1e-12

    def test_to_records(self) -> None:
        """Records carry id, score, rank and one column per criterion."""
        r = score(["A", "B"], [[1, 2], [2, 1]], [Criterion("x", 0.5), Criterion("y", 0.5)])
        rec = r.to_records()[0]
        assert set(rec) == {"id", "score", "rank", "x", "y"}

    @requires_pandas
    def test_to_frame(self) -> None:
        """The frame is indexed by id with score, rank and one column per criterion."""
        r = score(["A", "B"], [[1, 2], [2, 1]], [Criterion("x", 0.5), Criterion("y", 0.5)])
        assert list(r.to_frame().columns) == ["score", "rank", "x", "y"]


CRIT3 = [
    Criterion("value", 0.5),
    Criterion("risk", 0.3, direction="cost"),
    Criterion("fit", 0.2, normalisation="max"),
]
IDS8 = [f"P{i}" for i in range(8)]
VALUES8 = {
    "value": [10, 8, 4, 7, 9, 3, 6, 5],
    "risk": [3, 1, 2, 5, 4, 1, 2, 3],
    "fit": [0.2, 0.9, 0.5, 0.4, 0.7, 0.3, 0.8, 0.6],
}


class TestScoreByName:
    def test_mapping_in_any_order_equals_array(self) -> None:
        """A mapping {criterion: column} is aligned by name: any key order, same ranking."""
        array = np.column_stack([VALUES8[c.name] for c in CRIT3])
        ref = score(IDS8, array, CRIT3)
        for order in (["fit", "value", "risk"], ["risk", "fit", "value"]):
            r = score(IDS8, {k: VALUES8[k] for k in order}, CRIT3)
            assert_allclose(r.scores, ref.scores) and r.top(5) == ref.top(5)

    @requires_pandas
    def test_shuffled_dataframe_columns_same_ranking(self) -> None:
        """A DataFrame's columns are matched by name (by position the top five changed when
        the columns were reordered)."""
        import pandas as pd

        frame = pd.DataFrame(VALUES8, index=IDS8)
        ref = score(IDS8, frame, CRIT3)
        shuffled = frame[["fit", "risk", "value"]]
        r = score(IDS8, shuffled, CRIT3)
        assert r.top(5) == ref.top(5)
        assert_allclose(r.scores, ref.scores)
        by_position = score(IDS8, np.column_stack(list(VALUES8.values())), CRIT3)
        assert_allclose(ref.scores, by_position.scores)

    @requires_pandas
    def test_dataframe_rows_aligned_by_id(self) -> None:
        """A DataFrame indexed by id is aligned with 'alternatives' by label."""
        import pandas as pd

        frame = pd.DataFrame(VALUES8, index=IDS8)
        ref = score(IDS8, frame, CRIT3)
        r = score(IDS8, frame.iloc[::-1], CRIT3)
        assert_allclose(r.scores, ref.scores)

    def test_column_as_id_mapping(self) -> None:
        """A column may itself be {id: value}, aligned by id."""
        cols = {k: dict(zip(reversed(IDS8), reversed(v), strict=True)) for k, v in VALUES8.items()}
        assert_allclose(score(IDS8, cols, CRIT3).scores, score(IDS8, VALUES8, CRIT3).scores)

    def test_missing_and_extra_columns(self) -> None:
        """A criterion without a column, or a column that is no criterion, is named."""
        with pytest.raises(UnknownReferenceError, match="'fit'"):
            score(IDS8, {"value": VALUES8["value"], "risk": VALUES8["risk"]}, CRIT3)
        with pytest.raises(UnknownReferenceError, match="'Fit'"):
            score(IDS8, {**VALUES8, "Fit": VALUES8["fit"]}, CRIT3)

    def test_unknown_id_in_column_mapping(self) -> None:
        """An id in a column mapping that is no alternative is named."""
        cols = {k: dict(zip(IDS8, v, strict=True)) for k, v in VALUES8.items()}
        cols["risk"]["ZZZ"] = 1
        with pytest.raises(UnknownReferenceError, match="'ZZZ'"):
            score(IDS8, cols, CRIT3)

    @pytest.mark.parametrize("bad", ["", None, 1.5, True])
    def test_bad_ids(self, bad: object) -> None:
        """Empty, None, float and bool ids are refused."""
        with pytest.raises(ValidationError):
            score(["A", bad], [[1, 2], [3, 4]], [Criterion("a", 0.5), Criterion("b", 0.5)])  # type: ignore[list-item]

    @pytest.mark.parametrize(
        "values",
        [
            [[1 + 1j, 2], [3, 4]],
            [[None, 2], [3, 4]],
            np.array([["2026-01-01", "2026-01-02"], ["2026-01-03", "2026-01-04"]], "datetime64[D]"),
        ],
    )
    def test_non_real_values_refused(self, values: object) -> None:
        """complex, None and datetime64 values are refused by name."""
        with pytest.raises(ValidationError, match="'values'"):
            score(["A", "B"], values, [Criterion("a", 0.5), Criterion("b", 0.5)])  # type: ignore[arg-type]


class TestRankingMapping:
    def _ranking(self):  # type: ignore[no-untyped-def]
        crit = [Criterion("value", 0.6), Criterion("risk", 0.4, direction="cost")]
        return score(["A", "B", "C"], [[10, 3], [8, 1], [4, 2]], crit)

    def test_mapping_conventions(self) -> None:
        """in, iteration over ids, len, .get and keys, as a read-only mapping of scores."""
        r = self._ranking()
        assert "B" in r and "Z" not in r
        assert list(r) == ["A", "B", "C"] and len(r) == 3
        assert r.get("Z") is None and r.get("B") == pytest.approx(0.8)
        assert dict(zip(r.keys(), (r[k] for k in r), strict=True)) == pytest.approx(
            {"A": 0.6, "B": 0.8, "C": 0.2}
        )

    def test_unknown_id_is_unknown_reference(self) -> None:
        """An unknown id raises UnknownReferenceError (a KeyError), no tuple.index message."""
        r = self._ranking()
        with pytest.raises(UnknownReferenceError, match="'Z'") as info:
            r["Z"]
        assert isinstance(info.value, KeyError) and "tuple.index" not in str(info.value)

    @pytest.mark.parametrize("k", [-1, 1.5, True, "2"])
    def test_top_rejects_bad_k(self, k: object) -> None:
        """top(-1) returned n-1 items; a negative or non-integer k is refused."""
        with pytest.raises(ValidationError, match="'k'"):
            self._ranking().top(k)  # type: ignore[arg-type]

    def test_top_edges(self) -> None:
        """top(0) is empty and top(k > n) gives every id."""
        r = self._ranking()
        assert r.top(0) == () and r.top(10) == ("B", "A", "C")


class TestScoreErrors:
    def test_weights_not_summing_to_one(self) -> None:
        """Weights not summing to 1 are rejected, not renormalised."""
        with pytest.raises(ValidationError, match="must sum to 1"):
            score(["A"], [[1, 2]], [Criterion("x", 0.5), Criterion("y", 0.6)])

    def test_nan_score(self) -> None:
        """A NaN rating is rejected naming the alternative."""
        with pytest.raises(ValidationError, match="alternative 'B'"):
            score(["A", "B"], [[1.0], [float("nan")]], [Criterion("x", 1.0)])

    def test_shape(self) -> None:
        """A matrix of the wrong shape is rejected."""
        with pytest.raises(ValidationError, match="shape"):
            score(["A", "B"], [[1.0, 2.0]], [Criterion("x", 1.0)])

    def test_duplicates(self) -> None:
        """Duplicate alternatives and criteria are rejected."""
        with pytest.raises(DuplicateError):
            score(["A", "A"], [[1.0], [2.0]], [Criterion("x", 1.0)])
        with pytest.raises(DuplicateError):
            score(["A"], [[1.0, 1.0]], [Criterion("x", 0.5), Criterion("x", 0.5)])

    def test_criterion_fields(self) -> None:
        """Negative weight, bad direction and missing target are reported together."""
        with pytest.raises(ValidationError) as e:
            Criterion("x", -1, direction="up", normalisation="target")  # type: ignore[arg-type]
        assert len(e.value.problems) == 3

    def test_max_needs_positive(self) -> None:
        """'max' normalisation rejects non-positive values."""
        with pytest.raises(ValidationError, match="values > 0"):
            score(["A", "B"], [[0.0], [1.0]], [Criterion("x", 1.0, normalisation="max")])


class TestWsjf:
    def test_values(self) -> None:
        """WSJF = (BV + TC + RR/OE) / job size; contributions add up."""
        r = wsjf(
            ["A", "B", "C"],
            business_value=[8, 3, 5],
            time_criticality=[5, 8, 1],
            risk_reduction=[2, 1, 1],
            job_size=[13, 3, 1],
        )
        assert_allclose(r.scores, [15 / 13, 4.0, 7.0])
        assert r.top(3) == ("C", "B", "A")
        assert_allclose(r.contributions.sum(axis=1), r.scores)
        assert r.method == "wsjf"

    def test_errors_reported_together(self) -> None:
        """Negative components and zero size are reported in one error."""
        with pytest.raises(ValidationError) as e:
            wsjf(
                ["A", "B"],
                business_value=[-1, 2],
                time_criticality=[1, float("nan")],
                risk_reduction=[1, 1],
                job_size=[0, 1],
            )
        assert len(e.value.problems) == 3


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

    @settings(max_examples=40, deadline=None)
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


class TestSensitivity:
    def test_intervals_by_hand(self) -> None:
        """Top-1 interval of 'value' is [0.5, 1]: A (t) overtakes B (1 - t) at t = .5."""
        crit = [Criterion("value", 0.6), Criterion("fit", 0.4)]
        r = score(["A", "B", "C"], [[10, 0], [0, 10], [4, 4]], crit)
        s = ranking_sensitivity(r, k=1, rng=1)
        assert_allclose([s.top_low[0], s.top_high[0]], [0.5, 1.0])
        # ranking A > B = C ... B and C tie at 0.4 now: the ranking changes right away
        assert s.rank_low[0] == pytest.approx(0.6) and s.rank_high[0] == pytest.approx(0.6)

    @settings(max_examples=30, deadline=None)
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
