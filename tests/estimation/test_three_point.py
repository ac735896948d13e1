"""Tests of pmokit.estimation._three_point: beta-PERT, triangular and sums."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import integrate, stats

from pmokit.errors import ValidationError
from pmokit.estimation import (
    Estimate,
    pert,
    pert_array,
    sum_estimates,
    triangular,
    triangular_array,
)
from tests._hypothesis import examples
from tests.estimation._helpers import _any

finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


@st.composite
def three_points(draw: st.DrawFn) -> tuple[float, float, float]:
    a = draw(finite)
    width = draw(st.floats(1e-3, 1e4))
    t = draw(st.floats(0.0, 1.0))
    return a, a + t * width, a + width


class TestPert:
    def test_published_mean_and_exact_variance(self) -> None:
        """Mean (a+4m+b)/6 and exact variance (mu-a)(b-mu)/7 for lam=4."""
        a, m, b = 3.0, 7.0, 20.0
        e = pert(a, m, b)
        mu = (a + 4 * m + b) / 6
        assert_allclose(e.mean, mu)
        assert_allclose(e.variance, (mu - a) * (b - mu) / 7)

    def test_variance_is_not_the_classic_shortcut_even_when_symmetric(self) -> None:
        """Symmetric: exact (b-a)²/28, not ((b-a)/6)² = (b-a)²/36."""
        e = pert(0.0, 5.0, 10.0)
        assert_allclose(e.variance, 100 / 28)
        assert not math.isclose(e.variance, (10 / 6) ** 2)
        assert_allclose(pert(0.0, 5.0, 10.0, variance="classic").variance, (10 / 6) ** 2)

    @settings(max_examples=examples(60), deadline=None)
    @given(three_points(), st.floats(0.5, 10.0))
    def test_moments_match_scipy_beta(self, pts: tuple[float, float, float], lam: float) -> None:
        """Mean and variance equal those of the underlying scipy beta distribution."""
        a, m, b = pts
        e = pert(a, m, b, lam=lam)
        dist = stats.beta(e.alpha, e.beta, loc=a, scale=b - a)
        assert_allclose(e.mean, dist.mean(), rtol=1e-9, atol=1e-9 * (b - a + 1))
        assert_allclose(e.variance, dist.var(), rtol=1e-7, atol=1e-12 * (b - a + 1) ** 2)
        assert a - 1e-9 <= e.mean <= b + 1e-9

    def test_variance_by_numerical_integration(self) -> None:
        """Variance equals the integral of (x - mu)² times the pdf (independent check)."""
        e = pert(2.0, 4.0, 12.0)
        pdf = stats.beta(e.alpha, e.beta, loc=2.0, scale=10.0).pdf
        var, _ = integrate.quad(lambda x: (x - e.mean) ** 2 * pdf(x), 2.0, 12.0)
        assert_allclose(e.variance, var, rtol=1e-8)

    def test_percentiles_and_cdf_are_inverse(self) -> None:
        """cdf(percentile(p)) == p, and percentiles increase."""
        e = pert(10, 12, 30)
        ps = np.array([0.05, 0.5, 0.8, 0.95])
        q = e.quantile(ps)
        assert np.all(np.diff(q) > 0)
        assert_allclose(e.cdf(q), ps, atol=1e-10)

    def test_degenerate_point_estimate(self) -> None:
        """low == mode == high gives zero variance and the point everywhere."""
        e = pert(5, 5, 5)
        assert e.mean == 5.0 and e.variance == 0.0
        assert e.quantile(0.9) == 5.0
        assert np.all(e.sample(3, rng=0) == 5.0)

    def test_sample_mean_close_to_mean(self) -> None:
        """Seeded samples reproduce and their mean approaches the exact mean."""
        e = pert(1, 3, 10)
        s1 = e.sample(50_000, rng=3)
        s2 = e.sample(50_000, rng=3)
        assert np.array_equal(s1, s2)
        assert abs(s1.mean() - e.mean) < 4 * e.std / math.sqrt(50_000)
        assert not s1.flags.writeable

    def test_to_records_and_frame(self) -> None:
        """Records hold the fields and the default percentiles."""
        e = pert(1, 2, 4)
        (row,) = e.to_records()
        assert row["mean"] == e.mean and "p80" in row
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        frame = e.to_frame()
        assert list(frame["p50"]) == [row["p50"]]

    def test_low_above_mode_is_rejected(self) -> None:
        """low > mode names both values."""
        with pytest.raises(ValidationError, match=r"'low' of the estimate must be <= 'mode'"):
            pert(5, 4, 10)

    def test_mode_above_high_is_rejected(self) -> None:
        """mode > high names the estimate."""
        with pytest.raises(ValidationError, match=r"'mode' of task 'A' must be <= 'high'"):
            pert(1, 11, 10, name="task 'A'")

    def test_nan_is_rejected(self) -> None:
        """NaN points are named."""
        with pytest.raises(ValidationError, match=r"mode of the estimate.*finite"):
            pert(1, float("nan"), 3)

    def test_several_problems_together(self) -> None:
        """A NaN and a bad lam are reported in one exception."""
        with pytest.raises(ValidationError) as info:
            pert(float("nan"), 2, 3, lam=0)
        assert len(info.value.problems) == 2

    def test_bad_variance_method(self) -> None:
        """An unknown variance method is rejected."""
        with pytest.raises(ValidationError, match="'variance' must be one of"):
            pert(1, 2, 3, variance="approx")  # type: ignore[arg-type]

    def test_bad_probability(self) -> None:
        """Percentiles outside [0, 1] are rejected."""
        with pytest.raises(ValidationError, match=r"'q' must hold probabilities"):
            pert(1, 2, 3).quantile(1.5)


class TestTriangular:
    @settings(max_examples=examples(60), deadline=None)
    @given(three_points())
    def test_moments_match_scipy(self, pts: tuple[float, float, float]) -> None:
        """Mean and variance equal scipy.stats.triang's."""
        a, m, b = pts
        t = triangular(a, m, b)
        dist = stats.triang((m - a) / (b - a), loc=a, scale=b - a)
        assert_allclose(t.mean, dist.mean(), rtol=1e-9, atol=1e-9 * (b - a + 1))
        assert_allclose(t.variance, dist.var(), rtol=1e-7, atol=1e-9 * (b - a + 1) ** 2)

    def test_textbook_values(self) -> None:
        """Mean (a+m+b)/3 and variance formula on a hand example."""
        t = triangular(2, 4, 12)
        assert t.mean == 6.0
        assert_allclose(t.variance, (4 + 16 + 144 - 8 - 24 - 48) / 18)
        assert_allclose(t.quantile(0.5), stats.triang(0.2, loc=2, scale=10).ppf(0.5))

    def test_bad_order(self) -> None:
        """low > mode raises."""
        with pytest.raises(ValidationError, match="'low'"):
            triangular(3, 2, 1)


class TestSumEstimates:
    def test_normal_sum_is_exact_in_moments(self) -> None:
        """The mean and variance of the total are the sums."""
        items = [pert(1, 2, 6), pert(2, 2, 3), triangular(0, 1, 5)]
        total = sum_estimates(items)
        assert_allclose(total.mean, sum(e.mean for e in items))
        assert_allclose(total.variance, sum(e.variance for e in items))
        assert_allclose(
            total.values, stats.norm(total.mean, total.std).ppf(total.quantiles)
        )

    def test_monte_carlo_matches_moments_and_is_seeded(self) -> None:
        """Simulated totals reproduce with a seed and agree with the exact moments."""
        items = [pert(1, 2, 30), pert(2, 5, 6)]
        a = sum_estimates(items, method="monte_carlo", iterations=40_000, rng=11)
        b = sum_estimates(items, method="monte_carlo", iterations=40_000, rng=11)
        assert np.array_equal(a.values, b.values)
        exact = sum_estimates(items)
        assert abs(a.mean - exact.mean) < 4 * exact.std / math.sqrt(40_000)
        assert_allclose(a.variance, exact.variance, rtol=0.05)
        assert a.samples is not None and a.samples.size == 40_000
        assert_allclose(a.quantile(0.8), np.quantile(a.samples, 0.8))

    def test_skewed_total_differs_from_normal(self) -> None:
        """One very skewed item: simulated P90 differs from the normal P90 (why MC exists)."""
        items = [pert(0, 0, 100)]
        mc = sum_estimates(items, method="monte_carlo", iterations=50_000, rng=2, quantiles=[0.5])
        normal = sum_estimates(items, quantiles=[0.5])
        assert mc.values[0] < normal.values[0] - 1.0

    def test_records(self) -> None:
        """One record per probability."""
        rows = sum_estimates([pert(1, 2, 3)]).to_records()
        assert [r["probability"] for r in rows] == [0.1, 0.5, 0.8, 0.9]

    def test_empty_is_rejected(self) -> None:
        """No estimates raises."""
        with pytest.raises(ValidationError, match="at least one Estimate"):
            sum_estimates([])

    def test_wrong_type_is_rejected(self) -> None:
        """Non-Estimate items are named by index."""
        with pytest.raises(ValidationError, match=r"'estimates\[1\]' must be an Estimate"):
            sum_estimates([pert(1, 2, 3), 5.0])  # type: ignore[list-item]

    def test_bad_method(self) -> None:
        """Unknown method raises."""
        with pytest.raises(ValidationError, match="'method' must be one of"):
            sum_estimates([pert(1, 2, 3)], method="exact")  # type: ignore[arg-type]

    def test_estimate_is_frozen(self) -> None:
        """Estimates are immutable."""
        e = pert(1, 2, 3)
        assert isinstance(e, Estimate)
        with pytest.raises(AttributeError):
            e.mean = 3.0  # type: ignore[misc]


class TestVocabulary:
    """Issue 14: numpy's percentile (0-100) and quantile (0-1), iterations, and no silent
    change of an old call."""

    def test_estimate_percentile_takes_percents(self) -> None:
        """percentile(80) is quantile(0.8); percentile(0.8) (the old call) is refused."""
        e = pert(2, 4, 12)
        assert e.percentile(80) == e.quantile(0.8)
        assert_allclose(e.percentile([10, 90]), e.quantile([0.1, 0.9]))
        with pytest.raises(ValidationError, match=r"did you mean quantile\(0.8\)"):
            e.percentile(0.8)
        assert e.percentile(0.8, check_units=False) == e.quantile(0.008)

    def test_total_and_array_percentile_take_percents(self) -> None:
        """TotalEstimate and EstimateArray follow the same rule."""
        total = sum_estimates([pert(1, 2, 4), pert(2, 3, 9)])
        assert total.percentile(80) == total.quantile(0.8)
        with pytest.raises(ValidationError, match=r"did you mean quantile"):
            total.percentile(0.8)
        arr = pert_array([1, 2], [2, 3], [4, 9])
        assert_allclose(arr.percentile(80), arr.quantile(0.8))
        with pytest.raises(ValidationError, match=r"did you mean quantile"):
            arr.percentile(0.8)

    def test_quantile_hints_percentile(self) -> None:
        """quantile(80) names percentile."""
        with pytest.raises(ValidationError, match=r"did you mean percentile\(80.0\)"):
            pert(1, 2, 3).quantile(80)

    def test_renamed_arguments_warn_and_agree(self) -> None:
        """probabilities= -> quantiles=, n= -> iterations=, sample(n=) -> size=."""
        items = [pert(1, 2, 4), triangular(2, 3, 9)]
        new = sum_estimates(items, method="monte_carlo", quantiles=[0.5], iterations=500, rng=3)
        with pytest.warns(DeprecationWarning, match="use 'quantiles' instead"), pytest.warns(
            DeprecationWarning, match="use 'iterations' instead"
        ):
            old = sum_estimates(items, method="monte_carlo", probabilities=[0.5], n=500, rng=3)
        assert old == new
        with pytest.warns(DeprecationWarning, match="use 'size' instead"):
            assert_allclose(pert(1, 2, 4).sample(n=5, rng=1), pert(1, 2, 4).sample(5, rng=1))
        with pytest.warns(DeprecationWarning, match="TotalEstimate.quantiles"):
            assert_allclose(new.probabilities, new.quantiles)
        with pytest.warns(DeprecationWarning, match="TotalEstimate.values"):
            assert_allclose(new.percentiles, new.values)

    def test_default_percentiles_renamed(self) -> None:
        """DEFAULT_PERCENTILES held probabilities: it is DEFAULT_QUANTILES now."""
        import pmokit.estimation as est

        assert est.DEFAULT_QUANTILES == (0.1, 0.5, 0.8, 0.9)
        with pytest.warns(DeprecationWarning, match="DEFAULT_QUANTILES"):
            assert est.DEFAULT_PERCENTILES == est.DEFAULT_QUANTILES

    def test_normal_total_refuses_quantiles_0_and_1(self) -> None:
        """sum_estimates(probabilities=[0, 1]) gave -inf and inf; the simulation gives the
        smallest and largest totals."""
        items = [pert(1, 2, 4), pert(2, 3, 9)]
        with pytest.raises(ValidationError, match="strictly between 0 and 1"):
            sum_estimates(items, quantiles=[0, 1])
        with pytest.raises(ValidationError, match="strictly between 0 and 1"):
            sum_estimates(items).quantile(1.0)
        mc = sum_estimates(items, method="monte_carlo", quantiles=[0, 1], iterations=200, rng=1)
        assert np.all(np.isfinite(mc.values))
        assert mc.samples is not None
        assert mc.values.tolist() == [mc.samples.min(), mc.samples.max()]
        fixed = sum_estimates([pert(2, 2, 2)], quantiles=[0, 1])  # zero width: finite
        assert fixed.values.tolist() == [2.0, 2.0]

    def test_huge_sizes_refused_before_allocating(self) -> None:
        """sample(10**10) and 10**10 simulated totals state the limit."""
        with pytest.raises(ValidationError, match="above the limit of"):
            pert(1, 2, 3).sample(10**10, rng=1)
        with pytest.raises(ValidationError, match="above the limit of"):
            sum_estimates([pert(1, 2, 3)], method="monte_carlo", iterations=10**10)
        with pytest.raises(ValidationError, match="above the limit of"):
            pert_array([1, 2], [2, 3], [4, 9]).sample(10**10)

    def test_results_pickle_and_deepcopy(self) -> None:
        """Estimates and totals round-trip equal (NaN fields included), arrays read-only."""
        import copy
        import pickle

        objs = [pert(1, 2, 5), triangular(1, 2, 5), pert_array([1, 2], [2, 3], [5, 6]),
                sum_estimates([pert(1, 2, 5)], method="monte_carlo", iterations=50, rng=1)]
        for obj in objs:
            for back in (pickle.loads(pickle.dumps(obj)), copy.deepcopy(obj)):
                assert back == obj
                for value in vars(back).values() if hasattr(back, "__dict__") else ():
                    assert not getattr(value, "flags", None) or not value.flags.writeable
        arr = pickle.loads(pickle.dumps(objs[2]))
        assert not arr.low.flags.writeable and not arr.alpha.flags.writeable
        tot = pickle.loads(pickle.dumps(objs[3]))
        assert not tot.values.flags.writeable and not tot.samples.flags.writeable


@st.composite
def items(draw: st.DrawFn) -> tuple[list[float], list[float], list[float]]:
    n = draw(st.integers(1, 12))
    lows, modes, highs = [], [], []
    for _ in range(n):
        a = draw(st.floats(-100, 100))
        w = draw(st.sampled_from([0.0, draw(st.floats(0.01, 100))]))
        t = draw(st.floats(0, 1))
        lows.append(a)
        modes.append(a + t * w)
        highs.append(a + w)
    return lows, modes, highs


class TestPertArray:
    @settings(max_examples=examples(40), deadline=None)
    @given(items(), st.floats(0.5, 8.0))
    def test_equals_scalar_pert(
        self, pts: tuple[list[float], list[float], list[float]], lam: float
    ) -> None:
        """Each item's mean, variance and P80 equal the scalar pert()."""
        lows, modes, highs = pts
        arr = pert_array(lows, modes, highs, lam=lam)
        singles = [pert(a, m, b, lam=lam) for a, m, b in zip(lows, modes, highs, strict=True)]
        assert_allclose(arr.mean, [s.mean for s in singles], rtol=1e-12, atol=1e-12)
        assert_allclose(arr.variance, [s.variance for s in singles], rtol=1e-9, atol=1e-9)
        assert_allclose(
            arr.quantile(0.8), [s.quantile(0.8) for s in singles], rtol=1e-9, atol=1e-9
        )

    @settings(max_examples=examples(40), deadline=None)
    @given(items())
    def test_triangular_equals_scalar(
        self, pts: tuple[list[float], list[float], list[float]]
    ) -> None:
        """Each item's moments and median equal the scalar triangular()."""
        lows, modes, highs = pts
        arr = triangular_array(lows, modes, highs)
        singles = [triangular(a, m, b) for a, m, b in zip(lows, modes, highs, strict=True)]
        assert_allclose(arr.mean, [s.mean for s in singles], rtol=1e-12, atol=1e-12)
        assert_allclose(arr.variance, [s.variance for s in singles], rtol=1e-9, atol=1e-9)
        assert_allclose(
            arr.quantile(0.5), [s.quantile(0.5) for s in singles], rtol=1e-9, atol=1e-9
        )

    def test_total_equals_sum_estimates(self) -> None:
        """The normal total equals sum_estimates over the scalar items."""
        lows, modes, highs = [1, 2, 5, 0], [2, 2, 9, 1], [6, 3, 20, 1]
        arr = pert_array(lows, modes, highs)
        ref = sum_estimates([pert(*t) for t in zip(lows, modes, highs, strict=True)])
        tot = arr.total()
        assert_allclose([tot.mean, tot.variance], [ref.mean, ref.variance])
        assert_allclose(tot.values, ref.values)

    @pytest.mark.parametrize("maker", [pert_array, triangular_array])
    def test_monte_carlo_total(self, maker: object) -> None:
        """Simulated totals match the exact moments, seeded, with degenerate items."""
        lows, modes, highs = np.array([1.0, 2, 5, 4]), np.array([2.0, 2, 9, 4]), [6, 3, 20, 4]
        arr = maker(lows, modes, highs)  # type: ignore[operator]
        mc = arr.total(method="monte_carlo", iterations=60_000, rng=5)
        again = arr.total(method="monte_carlo", iterations=60_000, rng=5)
        assert np.array_equal(mc.values, again.values)
        exact = arr.total()
        assert abs(mc.mean - exact.mean) < 4 * exact.std / np.sqrt(60_000)
        assert_allclose(mc.variance, exact.variance, rtol=0.03)
        draws = arr.sample(1000, rng=1)
        assert draws.shape == (1000, 4) and np.all(draws[:, 3] == 4.0)
        assert np.all((draws >= lows) & (draws <= np.asarray(highs)))

    def test_records_with_ids(self) -> None:
        """Records carry the ids."""
        arr = pert_array([1, 2], [2, 3], [3, 4], ids=["A", "B"])
        assert [r["id"] for r in arr.to_records()] == ["A", "B"]
        assert len(arr) == 2
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        assert list(arr.to_frame().index) == ["A", "B"]

    def test_classic_variance(self) -> None:
        """The shortcut only when asked."""
        arr = pert_array([0], [5], [10], variance="classic")
        assert_allclose(arr.variance, [(10 / 6) ** 2])

    def test_bad_items_named_together(self) -> None:
        """low > mode and mode > high of several items in one error, by id."""
        with pytest.raises(ValidationError) as info:
            pert_array([5, 1, 0], [4, 3, 1], [6, 2, 2], ids=["A", "B", "C"])
        msg = str(info.value)
        assert "'low' of item A must be <= 'mode'" in msg
        assert "'mode' of item B must be <= 'high'" in msg
        assert len(info.value.problems) == 2

    def test_nan_named(self) -> None:
        """NaN points named by id."""
        with pytest.raises(ValidationError, match="'mode' must hold finite numbers, but at B"):
            pert_array([1, 1], [2, float("nan")], [3, 3], ids=["A", "B"])

    def test_length_mismatch(self) -> None:
        """Arrays and ids must align."""
        with pytest.raises(ValidationError, match="'high' must have length 2"):
            pert_array([1, 1], [2, 2], [3])
        with pytest.raises(ValidationError, match="'ids' must name each of the 2 items"):
            triangular_array([1, 1], [2, 2], [3, 3], ids=["A"])

    def test_bad_lam(self) -> None:
        """lam must be > 0."""
        with pytest.raises(ValidationError, match="'lam' must be > 0"):
            pert_array([1], [2], [3], lam=0)


def test_monte_carlo_same_stream_as_scalar_items() -> None:
    """With the same seed the vectorised total draws exactly what sum_estimates draws."""
    lows, modes, highs = [1.0, 2, 5, 4], [2.0, 2, 9, 4], [6.0, 3, 20, 4]
    arr = pert_array(lows, modes, highs).total(method="monte_carlo", iterations=2000, rng=9)
    ref = sum_estimates(
        [pert(*t) for t in zip(lows, modes, highs, strict=True)],
        method="monte_carlo",
        iterations=2000,
        rng=9,
    )
    assert arr.samples is not None and ref.samples is not None
    assert_allclose(arr.samples, ref.samples, rtol=1e-12)


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "mc n below 2",
        lambda: sum_estimates([pert(1, 2, 3)], method="monte_carlo", iterations=1),
        r"'iterations' must be >= 2",
    ),
    ("sample n below 1", lambda: pert(1, 2, 3).sample(0), r"'size' must be >= 1"),
    ("bad rng", lambda: pert(1, 2, 3).sample(3, rng="seed"), r"'rng' must be a numpy"),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_message(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("pert overflow", lambda: pert(0, 1e308, 1.5e308), r"span too wide a range"),
    ("triangular overflow", lambda: triangular(-1e308, 0, 1e308), r"span too wide a range"),
    ("cdf NaN", lambda: pert(1, 2, 3).cdf(float("nan")), r"'x' must not hold NaN"),
    ("cdf text", lambda: pert(1, 2, 3).cdf(_any("x")), r"'x' must be a number"),
    ("sample 2.5", lambda: pert(1, 2, 3).sample(_any(2.5)), r"'size' must be a whole number >= 1"),
    (
        "mc n 3.7",
        lambda: sum_estimates([pert(1, 2, 3)], method="monte_carlo", iterations=_any(3.7)),
        r"'iterations' must be a whole number >= 2",
    ),
    ("sum None", lambda: sum_estimates(_any(None)), r"'estimates' must be a sequence of Estimate"),
    (
        "total percentile array",
        lambda: sum_estimates([pert(1, 2, 3)]).quantile(_any([0.1, 0.2])),
        r"'q' must be one probability",
    ),
    (
        "quantile text",
        lambda: pert(1, 2, 3).quantile(_any("a")),
        r"'q' must be a probability in \[0, 1\] \(got 'a'\)",
    ),
    (
        "array variance method",
        lambda: pert_array([1.0], [2.0], [3.0], variance=_any("approx")),
        r"'variance' must be one of 'exact', 'classic' \(got 'approx'\)",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError naming the item (not TypeError/IndexError)."""
    with pytest.raises(ValidationError, match=message):
        call()


class TestFuzzFindings:
    """Inputs the fuzz test (tests/fuzz) found accepted or escaping (issue 14)."""

    def test_pert_array_ids(self) -> None:
        """Item ids follow the id rule (empty and repeated ids refused)."""
        from pmokit.errors import DuplicateError, ValidationError
        from pmokit.estimation import pert_array

        with pytest.raises(ValidationError, match="non-empty id"):
            pert_array([1, 2], [2, 3], [4, 5], ids=["A", ""])
        with pytest.raises(DuplicateError):
            pert_array([1, 2], [2, 3], [4, 5], ids=["A", "A"])
