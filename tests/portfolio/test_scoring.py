"""Tests of weighted scoring, WSJF, TOPSIS and ranking sensitivity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import (
    Criterion,
    score,
)
from tests._hypothesis import examples
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

    @settings(max_examples=examples(50), deadline=None)
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


class TestIds:




    def test_empty_criterion_name(self) -> None:
        """A criterion needs a name."""
        with pytest.raises(ValidationError, match="'name'"):
            Criterion("", 1.0)
