"""Tests of pmokit.portfolio AHP: matrices, priorities, consistency, revisions, Harker, groups."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio import (
    RANDOM_INDEX,
    PairwiseMatrix,
    aggregate_priorities,
    ahp_hierarchy,
    ahp_priorities,
    random_index,
)
from tests._hypothesis import examples
from tests._requires import requires_ahpy

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
DRINKS_W = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]

SCALE = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def _ahpy_compare(m: np.ndarray, labels: list[str], random_index: str = "saaty") -> object:
    comps = {
        (labels[i], labels[j]): float(m[i, j])
        for i, j in itertools.combinations(range(len(labels)), 2)
    }
    import ahpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ahpy.Compare("x", comps, precision=10, random_index=random_index)


class TestPublishedExamples:
    def test_saaty_2008_drinks(self) -> None:
        """Drinks: published priorities (3 decimals) and CR 0.022 (Saaty 2005 RI table)."""
        r = ahp_priorities(PairwiseMatrix.from_array(DRINKS_A, DRINKS))
        assert_allclose(r.priorities, DRINKS_W, atol=5e-4)
        assert r.cr == pytest.approx(0.022, abs=5e-4)
        assert r.random_index_table == "saaty2005" and r.ri == 1.35

    def test_saaty_1977_light_intensity(self) -> None:
        """Saaty's chairs-and-light example (1977/1980): eigenvector .61 .24 .10 .05 (published to
        two decimals, truncated), lambda max 4.39, CI .13, CR .14 with the 1980 table."""
        a = [[1, 5, 6, 7], [1 / 5, 1, 4, 6], [1 / 6, 1 / 4, 1, 4], [1 / 7, 1 / 6, 1 / 4, 1]]
        r = ahp_priorities(PairwiseMatrix.from_array(a), random_index_table="saaty1980")
        assert_allclose(r.priorities, [0.61, 0.24, 0.10, 0.05], atol=1e-2)
        assert r.lambda_max == pytest.approx(4.39, abs=5e-3)
        assert r.ci == pytest.approx(0.13, abs=5e-3)
        assert r.cr == pytest.approx(0.14, abs=5e-3)
        assert r.ri == 0.90 and r.cr == pytest.approx(r.ci / 0.90)

    def test_saaty_2005_cities_hierarchy(self) -> None:
        """Saaty (2005) best city: Bethesda .229, Boston .275, Pittsburgh .385, Santa Fe .111."""
        crit = {
            ("Culture", "Housing"): 3,
            ("Culture", "Transportation"): 5,
            ("Family", "Culture"): 5,
            ("Family", "Housing"): 7,
            ("Family", "Transportation"): 7,
            ("Housing", "Transportation"): 3,
            ("Jobs", "Culture"): 2,
            ("Jobs", "Housing"): 4,
            ("Jobs", "Transportation"): 7,
            ("Family", "Jobs"): 1,
        }
        culture = {
            ("Bethesda", "Pittsburgh"): 1,
            ("Boston", "Bethesda"): 2,
            ("Boston", "Pittsburgh"): 2.5,
            ("Boston", "Santa Fe"): 1,
            ("Santa Fe", "Bethesda"): 2,
            ("Santa Fe", "Pittsburgh"): 2.5,
        }
        family = {
            ("Bethesda", "Boston"): 2,
            ("Bethesda", "Santa Fe"): 4,
            ("Boston", "Santa Fe"): 2,
            ("Pittsburgh", "Bethesda"): 3,
            ("Pittsburgh", "Boston"): 8,
            ("Pittsburgh", "Santa Fe"): 9,
        }
        housing = {
            ("Bethesda", "Boston"): 5,
            ("Bethesda", "Santa Fe"): 2.5,
            ("Pittsburgh", "Bethesda"): 2,
            ("Pittsburgh", "Boston"): 9,
            ("Pittsburgh", "Santa Fe"): 7,
            ("Santa Fe", "Boston"): 4,
        }
        jobs = {
            ("Bethesda", "Pittsburgh"): 3,
            ("Bethesda", "Santa Fe"): 4,
            ("Boston", "Bethesda"): 2,
            ("Boston", "Pittsburgh"): 6,
            ("Boston", "Santa Fe"): 8,
            ("Pittsburgh", "Santa Fe"): 1,
        }
        transport = {
            ("Bethesda", "Boston"): 1.5,
            ("Bethesda", "Santa Fe"): 4,
            ("Boston", "Santa Fe"): 2.5,
            ("Pittsburgh", "Bethesda"): 2,
            ("Pittsburgh", "Boston"): 3.5,
            ("Pittsburgh", "Santa Fe"): 9,
        }
        pm = PairwiseMatrix.from_judgements
        h = ahp_hierarchy(
            "Goal",
            {
                "Goal": pm(crit),
                "Culture": pm(culture),
                "Family": pm(family),
                "Housing": pm(housing),
                "Jobs": pm(jobs),
                "Transportation": pm(transport),
            },
        )
        got = h.leaf_weights
        want = {"Bethesda": 0.229, "Boston": 0.275, "Pittsburgh": 0.385, "Santa Fe": 0.111}
        for k, v in want.items():
            assert got[k] == pytest.approx(v, abs=5e-4)
        assert sum(got.values()) == pytest.approx(1.0)
        assert h.global_weights["Family"] == pytest.approx(h.nodes["Goal"]["Family"])

    def test_random_index_tables(self) -> None:
        """RI tables as published: Saaty 1980 n=3..5 .58 .90 1.12; Saaty 2005 .52 .89 1.11."""
        assert RANDOM_INDEX["saaty1980"][2:5] == (0.58, 0.90, 1.12)
        assert RANDOM_INDEX["saaty2005"][2:5] == (0.52, 0.89, 1.11)
        assert random_index(10, "saaty1980") == 1.49


def _reciprocal(draw_vals: list[float], n: int) -> np.ndarray:
    a = np.ones((n, n))
    it = iter(draw_vals)
    for i, j in itertools.combinations(range(n), 2):
        v = next(it)
        a[i, j], a[j, i] = v, 1 / v
    return a


@st.composite
def saaty_matrices(draw: st.DrawFn) -> np.ndarray:
    n = draw(st.integers(3, 9))
    vals = draw(
        st.lists(st.sampled_from(SCALE), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
    )
    return _reciprocal(vals, n)


# A strongly inconsistent 6x6 Saaty-scale matrix (lambda_max 16.1, |lambda_2| 12.1) on
# which ahpy 2.4.6 returns NaN weights: its power method squares the matrix without
# rescaling, and at precision=10 the entries pass 1.8e308 (8th squaring) before two
# successive vectors agree to 10 decimals (the 7th differ by 1.8e-10); inf / inf = NaN.
AHPY_OVERFLOW = _reciprocal(
    [9, 1 / 8, 1 / 8, 8, 1 / 9, 9, 1, 1, 9, 1 / 8, 1 / 8, 9, 8, 8, 8], 6
)


def _power_iteration(a: np.ndarray) -> tuple[float, np.ndarray]:
    """Principal eigenpair by the power method, rescaled every step (independent of pmokit)."""
    w = np.full(a.shape[0], 1.0 / a.shape[0])
    for _ in range(100_000):
        nxt = a @ w
        nxt /= nxt.sum()
        if np.max(np.abs(nxt - w)) <= 1e-15:
            break
        w = nxt
    return float((a @ nxt).sum() / nxt.sum()), nxt


class TestPrincipalEigenvector:
    @settings(max_examples=examples(40), deadline=None)
    @given(saaty_matrices())
    @example(AHPY_OVERFLOW)
    def test_inconsistent_matrices(self, a: np.ndarray) -> None:
        """Random (mostly inconsistent) Saaty-scale matrices: priorities, lambda_max and CR
        equal a rescaled power iteration and Saaty's formula (no peer needed)."""
        labels = [chr(97 + i) for i in range(a.shape[0])]
        ours = ahp_priorities(PairwiseMatrix.from_array(a, labels))
        lam, w = _power_iteration(a)
        assert_allclose(ours.priorities, w, atol=1e-9)
        assert ours.lambda_max == pytest.approx(lam, rel=1e-9)
        n = a.shape[0]
        assert ours.cr == pytest.approx((lam - n) / (n - 1) / random_index(n), abs=1e-9)

    @settings(max_examples=examples(25), deadline=None)
    @given(st.lists(st.floats(0.1, 10), min_size=3, max_size=9))
    def test_consistent_matrices(self, w: list[float]) -> None:
        """Consistent matrices a_ij = w_i/w_j: priorities w/sum(w), CR 0, both methods."""
        wv = np.array(w)
        a = wv[:, None] / wv[None, :]
        labels = [chr(97 + i) for i in range(len(w))]
        for method in ("eigenvector", "geometric"):
            ours = ahp_priorities(PairwiseMatrix.from_array(a, labels), method=method)  # type: ignore[arg-type]
            assert_allclose(ours.priorities, wv / wv.sum(), atol=1e-9)
            assert ours.cr == pytest.approx(0.0, abs=1e-9) and ours.revisions == ()


@requires_ahpy
class TestAgreementWithAhpy:
    @settings(max_examples=examples(40), deadline=None)
    @given(saaty_matrices())
    @example(AHPY_OVERFLOW)
    def test_inconsistent_matrices(self, a: np.ndarray) -> None:
        """Random (mostly inconsistent) Saaty-scale matrices: same CR as ahpy always, and the
        same priorities wherever ahpy's are finite (see AHPY_OVERFLOW for where they are not;
        pmokit is checked on every matrix by TestPrincipalEigenvector)."""
        labels = [chr(97 + i) for i in range(a.shape[0])]
        ours = ahp_priorities(PairwiseMatrix.from_array(a, labels))
        theirs = _ahpy_compare(a, labels)
        assert ours.cr == pytest.approx(theirs.consistency_ratio, abs=1e-7)
        their_w = np.array([theirs.local_weights[x] for x in labels], dtype=float)
        if np.all(np.isfinite(their_w)):
            assert_allclose(their_w, ours.priorities, atol=1e-7)
        else:  # ahpy's overflow: pmokit's vector is still the rescaled power iteration's
            assert_allclose(ours.priorities, _power_iteration(a)[1], atol=1e-9)

    def test_ahpy_overflow_matrix_is_the_peers_bug(self) -> None:
        """On AHPY_OVERFLOW ahpy's weights are NaN while pmokit's satisfy A w = lambda w."""
        labels = [chr(97 + i) for i in range(6)]
        theirs = _ahpy_compare(AHPY_OVERFLOW, labels)
        assert np.all(np.isnan([theirs.local_weights[x] for x in labels]))
        ours = ahp_priorities(PairwiseMatrix.from_array(AHPY_OVERFLOW, labels))
        residual = AHPY_OVERFLOW @ ours.priorities - ours.lambda_max * ours.priorities
        assert np.max(np.abs(residual)) <= 1e-12 * ours.lambda_max

    @settings(max_examples=examples(25), deadline=None)
    @given(st.lists(st.floats(0.1, 10), min_size=3, max_size=9))
    def test_consistent_matrices(self, w: list[float]) -> None:
        """Consistent matrices a_ij = w_i/w_j: ahpy gives w/sum(w) too."""
        wv = np.array(w)
        a = wv[:, None] / wv[None, :]
        labels = [chr(97 + i) for i in range(len(w))]
        theirs = _ahpy_compare(a, labels)
        assert_allclose([theirs.local_weights[x] for x in labels], wv / wv.sum(), atol=1e-7)

    def test_donegan_dodd_table_matches_ahpy(self) -> None:
        """With the Donegan & Dodd table the CR equals ahpy's default 'dd'."""
        ours = ahp_priorities(
            PairwiseMatrix.from_array(DRINKS_A, DRINKS), random_index_table="donegan_dodd1991"
        )
        theirs = _ahpy_compare(np.array(DRINKS_A), DRINKS, "dd")
        assert ours.cr == pytest.approx(theirs.consistency_ratio, abs=1e-7)


class TestAHPResultMapping:
    def test_mapping_conventions(self) -> None:
        """in, iteration over labels, len and .get; unknown labels raise UnknownReferenceError."""
        r = ahp_priorities(PairwiseMatrix.from_array(DRINKS_A, DRINKS))
        assert "tea" in r and "gin" not in r and list(r) == DRINKS and len(r) == 7
        assert r.get("gin") is None and r.get("tea") == pytest.approx(r.priorities[2])
        with pytest.raises(UnknownReferenceError, match="'gin'") as info:
            r["gin"]
        assert isinstance(info.value, KeyError) and "tuple.index" not in str(info.value)

    def test_group_priorities_mapping(self) -> None:
        """Aggregated priorities are a label mapping too."""
        a = ahp_priorities(PairwiseMatrix.from_judgements({("x", "y"): 3}))
        g = aggregate_priorities([a, a])
        assert list(g) == ["x", "y"] and g["x"] == pytest.approx(0.75) and "z" not in g
        with pytest.raises(UnknownReferenceError, match="'z'"):
            g["z"]


class TestRevisions:
    def test_most_inconsistent_judgement_is_the_perturbed_one(self) -> None:
        """Perturb one judgement of a consistent matrix: it is reported first, revision helps."""
        w = np.array([8.0, 4.0, 2.0, 1.0])
        a = w[:, None] / w[None, :]
        a[0, 3], a[3, 0] = 1 / 8, 8.0
        r = ahp_priorities(PairwiseMatrix.from_array(a, list("abcd")))
        assert not r.consistent
        first = r.revisions[0]
        assert (first.row, first.column) == ("a", "d")
        assert first.current == pytest.approx(1 / 8)
        assert first.suggested > first.current and first.cr_after < r.cr

    def test_applying_revisions_reaches_consistency(self) -> None:
        """Applying the first suggested revision repeatedly makes the matrix consistent."""
        w = np.array([8.0, 4.0, 2.0, 1.0, 3.0])
        a = w[:, None] / w[None, :]
        a[0, 3], a[3, 0] = 1 / 8, 8.0
        m = PairwiseMatrix.from_array(a, list("abcde"))
        r = ahp_priorities(m)
        crs = [r.cr]
        for _ in range(10):
            if r.consistent:
                break
            rev = r.revisions[0]
            m = m.with_judgement(rev.row, rev.column, rev.suggested)
            r = ahp_priorities(m)
            crs.append(r.cr)
        assert r.consistent
        assert crs[-1] < crs[0]

    def test_threshold(self) -> None:
        """Saaty's thresholds: .05 for n=3, .08 for n=4, .10 above."""
        for n, thr in ((3, 0.05), (4, 0.08), (5, 0.10)):
            assert ahp_priorities(PairwiseMatrix.from_array(np.ones((n, n)))).threshold == thr


class TestHarker:
    @settings(max_examples=examples(30), deadline=None)
    @given(st.lists(st.floats(0.2, 5), min_size=4, max_size=7), st.data())
    def test_consistent_with_missing_entries_recovers_weights(
        self, w: list[float], data: st.DataObject
    ) -> None:
        """A consistent matrix with judgements removed (spanning tree kept): exact weights, CR 0."""
        wv = np.array(w)
        n = wv.size
        a = wv[:, None] / wv[None, :]
        pairs = list(itertools.combinations(range(n), 2))
        tree = {(i - 1, i) for i in range(1, n)}
        drop = data.draw(
            st.lists(st.sampled_from([p for p in pairs if p not in tree]), unique=True)
        )
        for i, j in drop:
            a[i, j] = a[j, i] = np.nan
        r = ahp_priorities(PairwiseMatrix.from_array(a))
        assert r.incomplete == bool(drop)
        assert_allclose(r.priorities, wv / wv.sum(), atol=1e-9)
        assert r.cr == pytest.approx(0.0, abs=1e-9)

    def test_harker_completion_is_consistent_with_its_priorities(self) -> None:
        """Filling missing a_ij with w_i/w_j gives a matrix whose eigenvector is Harker's w."""
        comps = {("a", "b"): 1, ("a", "c"): 5, ("a", "d"): 2, ("b", "c"): 3, ("b", "d"): 4}
        m = PairwiseMatrix.from_judgements(comps)
        r = ahp_priorities(m)
        w = r.priorities
        full = m.with_judgement("c", "d", float(w[2] / w[3]))
        assert_allclose(ahp_priorities(full).priorities, w, atol=1e-9)
        assert m.missing == (("c", "d"),)

    def test_disconnected_rejected(self) -> None:
        """Judgements that leave two groups unconnected are rejected."""
        m = PairwiseMatrix.from_judgements({("a", "b"): 2, ("c", "d"): 3})
        with pytest.raises(ValidationError, match="connect all items"):
            ahp_priorities(m)


class TestPairwiseMatrixErrors:
    def test_non_positive(self) -> None:
        """Non-positive entries are rejected naming the pair."""
        with pytest.raises(ValidationError, match=r"\(0, 1\) must be a positive"):
            PairwiseMatrix.from_array([[1, -2], [-0.5, 1]])

    def test_non_reciprocal(self) -> None:
        """a_ij * a_ji != 1 is rejected (not silently fixed)."""
        with pytest.raises(ValidationError, match="must be reciprocal"):
            PairwiseMatrix.from_array([[1, 3], [0.5, 1]])

    def test_one_side_completed(self) -> None:
        """A side given alone (other nan) is completed with the reciprocal."""
        m = PairwiseMatrix.from_array([[1, 4], [np.nan, 1]])
        assert m.values[1, 0] == 0.25

    def test_diagonal(self) -> None:
        """A diagonal other than 1 is rejected."""
        with pytest.raises(ValidationError, match="diagonal"):
            PairwiseMatrix.from_array([[2, 1], [1, 1]])

    def test_not_square(self) -> None:
        """A non-square array is rejected."""
        with pytest.raises(ValidationError, match="square"):
            PairwiseMatrix.from_array([[1, 2, 3], [0.5, 1, 2]])

    def test_duplicate_labels(self) -> None:
        """Duplicate labels are rejected."""
        with pytest.raises(DuplicateError):
            PairwiseMatrix.from_array(np.ones((2, 2)), ["a", "a"])

    def test_unknown_label_in_judgements(self) -> None:
        """Judgements naming items outside 'labels' are rejected."""
        with pytest.raises(UnknownReferenceError, match="'z'"):
            PairwiseMatrix.from_judgements({("a", "z"): 2}, labels=["a", "b"])

    def test_self_comparison_and_zero_reported_together(self) -> None:
        """Several bad judgements are reported in one error."""
        with pytest.raises(ValidationError) as e:
            PairwiseMatrix.from_judgements({("a", "a"): 2, ("a", "b"): 0})
        assert len(e.value.problems) == 2

    def test_bad_method_and_table(self) -> None:
        """Unknown method or RI table is rejected."""
        m = PairwiseMatrix.from_array(np.ones((3, 3)))
        with pytest.raises(ValidationError, match="'method'"):
            ahp_priorities(m, method="mean")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="random_index"):
            ahp_priorities(m, random_index_table="nope")  # type: ignore[arg-type]

    def test_table_too_small(self) -> None:
        """A matrix larger than the table is rejected with the fix."""
        with pytest.raises(ValidationError, match="covers matrices of order 1 to 15"):
            ahp_priorities(PairwiseMatrix.from_array(np.ones((16, 16))))

    def test_not_a_matrix(self) -> None:
        """A raw array passed to ahp_priorities is rejected with the fix."""
        with pytest.raises(ValidationError, match="PairwiseMatrix"):
            ahp_priorities(np.ones((3, 3)))  # type: ignore[arg-type]


class TestIds:



    @pytest.mark.parametrize("bad", ["", None])
    def test_bad_matrix_labels(self, bad: object) -> None:
        """Empty or None AHP labels are refused."""
        with pytest.raises(ValidationError, match="labels"):
            PairwiseMatrix.from_array([[1, 2], [0.5, 1]], ["a", bad])  # type: ignore[list-item]


class TestFlagsAndCounts:
    @pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
    def test_n_revisions(self, bad: object) -> None:
        """n_revisions takes an integer >= 0 only."""
        m = PairwiseMatrix.from_judgements({("a", "b"): 3, ("b", "c"): 3, ("a", "c"): 1})
        with pytest.raises(ValidationError, match="'n_revisions'"):
            ahp_priorities(m, n_revisions=bad)  # type: ignore[arg-type]


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted (issue 14)."""

    @pytest.mark.parametrize("bad", [[[1, None], [None, 1]], [[1 + 1j, 2], [0.5, 1]]])
    def test_pairwise_values_are_real(self, bad: object) -> None:
        """None and complex judgements are refused (nan marks a missing one)."""
        with pytest.raises(ValidationError, match="'values' must be an array of numbers"):
            PairwiseMatrix(["a", "b"], bad)

    @pytest.mark.parametrize("bad", [True, 2.5, None, "3"])
    def test_random_index_order_is_an_integer(self, bad: object) -> None:
        """random_index(True) read True as order 1; 2.5 raised a raw TypeError (fuzz4)."""
        with pytest.raises(ValidationError, match="'n' must be"):
            random_index(bad)  # type: ignore[arg-type]
