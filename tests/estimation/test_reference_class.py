"""Tests of pmokit.estimation._reference_class: quantiles, uplift curves, forecasts."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.estimation import (
    MIN_REFERENCE_CLASS_SIZE,
    ReferenceClass,
    ReferenceClassEstimator,
    reference_class_forecast,
)
from tests._hypothesis import examples
from tests.estimation._helpers import _any

# A hand-made class of 10 projects: actual / estimate.
HAND = [1.30, 0.95, 1.10, 1.00, 1.45, 1.20, 0.90, 1.05, 2.00, 1.15]
# Sorted: 0.90 0.95 1.00 1.05 1.10 1.15 1.20 1.30 1.45 2.00


class TestReferenceClass:
    def test_hand_made_quantiles(self) -> None:
        """Quantiles by hand (linear interpolation at p * (n - 1))."""
        rc = ReferenceClass(HAND, name="hand")
        # P50: position 4.5 -> (1.10 + 1.15) / 2
        assert_allclose(rc.quantile(0.5), 1.125)
        # P80: position 7.2 -> 1.30 + 0.2 * (1.45 - 1.30)
        assert_allclose(rc.quantile(0.8), 1.33)
        # P90: position 8.1 -> 1.45 + 0.1 * 0.55
        assert_allclose(rc.quantile(0.9), 1.505)
        assert_allclose(rc.quantile([0.0, 1.0]), [0.90, 2.00])

    def test_hand_made_uplift_curve(self) -> None:
        """Uplift at acceptable overrun x is the (1 - x) quantile minus one."""
        rc = ReferenceClass(HAND)
        curve = rc.uplift_curve([0.5, 0.2, 0.1])
        assert_allclose(curve.uplift, [0.125, 0.33, 0.505])
        assert_allclose(rc.uplift(0.8), 0.33)
        rows = curve.to_records()
        assert rows[1]["certainty"] == pytest.approx(0.8)

    def test_overrun_probability_matches_count(self) -> None:
        """Empirical chance of overrun at a 20% uplift: 1.30, 1.45, 2.00 exceed 1.2."""
        rc = ReferenceClass(HAND)
        assert rc.overrun_probability(0.2) == pytest.approx(0.3)
        assert rc.overrun_probability(0.0) == pytest.approx(0.7)

    def test_optimism_bias_is_mean_overrun(self) -> None:
        """optimism_bias = mean ratio - 1."""
        rc = ReferenceClass(HAND)
        assert_allclose(rc.optimism_bias, np.mean(HAND) - 1)

    @settings(max_examples=examples(50), deadline=None)
    @given(
        st.lists(st.floats(0.05, 20.0), min_size=5, max_size=60),
        st.lists(st.floats(0.0, 1.0), min_size=1, max_size=10),
    )
    def test_quantiles_match_numpy(self, ratios: list[float], ps: list[float]) -> None:
        """The fast sorted-array interpolation equals numpy.quantile."""
        rc = ReferenceClass(ratios)
        assert_allclose(rc.quantile(ps), np.quantile(ratios, ps), rtol=1e-12)

    @settings(max_examples=examples(30), deadline=None)
    @given(st.lists(st.floats(0.05, 20.0), min_size=5, max_size=60))
    def test_uplift_curve_is_monotone(self, ratios: list[float]) -> None:
        """Lower acceptable overrun never needs a smaller uplift."""
        curve = ReferenceClass(ratios).uplift_curve(np.linspace(0.9, 0.0, 10))
        assert np.all(np.diff(curve.uplift) >= -1e-12)

    def test_other_quantile_method(self) -> None:
        """A numpy quantile method is passed through."""
        rc = ReferenceClass(HAND, method="lower")
        assert rc.quantile(0.8) == np.quantile(HAND, 0.8, method="lower")

    def test_ratios_are_sorted_and_read_only(self) -> None:
        """Stored sorted, read-only; to_records ranks them."""
        rc = ReferenceClass(HAND)
        assert np.all(np.diff(rc.ratios) >= 0)
        assert not rc.ratios.flags.writeable
        assert rc.to_records()[0] == {"rank": 1, "ratio": 0.9, "cumulative_share": 0.1}
        assert rc.size == 10

    def test_too_small_class(self) -> None:
        """A class below the documented minimum is rejected with the numbers."""
        with pytest.raises(ValidationError, match=r"at least 5 ratios \(got 3\)"):
            ReferenceClass([1.0, 1.1, 1.2], name="tiny")
        assert MIN_REFERENCE_CLASS_SIZE == 5
        assert ReferenceClass([1.0, 1.1, 1.2], min_size=3).size == 3

    def test_nan_and_negative_ratios(self) -> None:
        """NaN, inf and non-positive ratios are listed by index."""
        with pytest.raises(ValidationError) as info:
            ReferenceClass([1.0, float("nan"), -0.5, 1.2, 0.0, float("inf")])
        msg = str(info.value)
        for frag in ("index 1 got nan", "index 2 got -0.5", "index 4 got 0.0", "index 5 got inf"):
            assert frag in msg

    def test_two_dimensional_ratios(self) -> None:
        """Ratios must be one-dimensional."""
        with pytest.raises(ValidationError, match="one-dimensional"):
            ReferenceClass([[1.0, 1.1]] * 5)

    def test_non_numeric_ratios(self) -> None:
        """Strings are rejected."""
        with pytest.raises(ValidationError, match="must be numbers"):
            ReferenceClass(["a"] * 5)  # type: ignore[list-item]

    def test_bad_probability(self) -> None:
        """Probabilities outside [0, 1] are rejected."""
        with pytest.raises(ValidationError, match=r"'p' must be probabilities"):
            ReferenceClass(HAND).quantile(-0.1)

    def test_bad_method(self) -> None:
        """Unknown quantile method."""
        with pytest.raises(ValidationError, match="'method' must be one of"):
            ReferenceClass(HAND, method="nearest-ish")  # type: ignore[arg-type]


class TestReferenceClassForecast:
    def test_p50_p80_p90(self) -> None:
        """Forecasts are the estimate times the class quantiles."""
        rc = ReferenceClass(HAND, name="hand")
        f = reference_class_forecast(200.0, rc)
        assert_allclose([f.p50, f.p80, f.p90], [225.0, 266.0, 301.0])
        assert_allclose(f.forecasts, [225.0, 266.0, 301.0])
        assert_allclose(f.uplifts, [0.125, 0.33, 0.505])
        assert_allclose(f.mean_forecast, 200.0 * np.mean(HAND))
        assert f.class_name == "hand" and f.class_size == 10
        assert [r["certainty"] for r in f.to_records()] == [0.5, 0.8, 0.9]

    def test_custom_certainties(self) -> None:
        """Other certainty levels are reported; P50/P80/P90 stay available."""
        f = reference_class_forecast(100.0, ReferenceClass(HAND), quantiles=[0.7])
        assert_allclose(f.forecasts, [100.0 * np.quantile(HAND, 0.7)])
        assert_allclose(f.p80, 133.0)

    def test_bad_estimate(self) -> None:
        """Non-positive and NaN estimates are rejected."""
        rc = ReferenceClass(HAND)
        with pytest.raises(ValidationError, match="'estimate' must be > 0"):
            reference_class_forecast(0.0, rc)
        with pytest.raises(ValidationError, match="'estimate' must be a finite number"):
            reference_class_forecast(float("nan"), rc)

    def test_bad_class(self) -> None:
        """A list instead of a ReferenceClass is named."""
        with pytest.raises(ValidationError, match="'reference_class' must be a ReferenceClass"):
            reference_class_forecast(1.0, [1.0, 2.0])  # type: ignore[arg-type]

    def test_bad_certainty(self) -> None:
        """Certainty above 1 is rejected."""
        with pytest.raises(ValidationError, match="'quantiles' must be probabilities"):
            reference_class_forecast(1.0, ReferenceClass(HAND), quantiles=[1.2])

    @pytest.mark.parametrize("where", ["forecast", "quantile"])
    def test_complex_quantiles_refused_by_name(self, where: str) -> None:
        """Complex quantiles lost their imaginary part with a ComplexWarning (fuzz4)."""
        q = np.array([0.5 + 1j, 0.8 + 1j])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValidationError, match="must be an array of numbers "
                                                      r"\(got complex numbers\)"):
                if where == "forecast":
                    reference_class_forecast(1.0, ReferenceClass(HAND), quantiles=q)
                else:
                    ReferenceClass(HAND).quantile(q)


class TestReferenceClassEstimator:
    @pytest.mark.parametrize("p", [0.0, 0.3, 0.5, 0.8, 1.0])
    @pytest.mark.parametrize("n", [2, 3, 6, 11])
    def test_vectorised_loo_equals_refits(self, p: float, n: int) -> None:
        """Exact LOO of the P-quantile uplift equals refitting without each project."""
        from pmokit.estimation import ReferenceClassEstimator

        rng = np.random.default_rng(n)
        est_values = rng.uniform(10, 100, n)
        actual = est_values * rng.choice([0.9, 1.0, 1.2, 1.5], n)  # ties in the ratios
        x = est_values.reshape(-1, 1)
        model = ReferenceClassEstimator(p=p)
        slow = [
            model.fit(np.delete(x, i, 0), np.delete(actual, i)).predict(x[i : i + 1])[0]
            for i in range(n)
        ]
        assert_allclose(model.loo_predict(x, actual), slow, rtol=1e-12)

    def test_bad_estimates_and_p(self) -> None:
        """Non-positive original estimates and p outside [0, 1] are rejected."""
        from pmokit.estimation import ReferenceClassEstimator

        with pytest.raises(ValidationError, match="original estimates must be > 0"):
            ReferenceClassEstimator().fit([[1.0], [0.0]], [1.0, 2.0])
        with pytest.raises(ValidationError, match=r"'p' must be <= 1\.0"):
            ReferenceClassEstimator(p=1.5)


class TestIssue14Probabilities:
    """Issue 14: probabilities given as percents or as bools are named."""

    def test_percent_for_probability_hinted(self) -> None:
        """quantiles=[80] says it looks like a percent."""
        with pytest.raises(ValidationError, match=r"did you give percents\? 80.0 % is 0.8"):
            reference_class_forecast(1.0, ReferenceClass(HAND), quantiles=[80])

    def test_bool_is_not_a_probability(self) -> None:
        """quantile(True) returned the maximum ratio."""
        with pytest.raises(ValidationError, match="got booleans"):
            ReferenceClass(HAND).quantile(True)


ERRORS_HAND = [0.9, 1.0, 1.1, 1.2, 1.5]


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "uplift below -1",
        lambda: ReferenceClass(ERRORS_HAND).overrun_probability(-1.0),
        r"'uplift' must be > -1",
    ),
    ("min_size 0", lambda: ReferenceClass(ERRORS_HAND, min_size=0), r"'min_size' must be >= 1"),
    (  # fuzz4: 2.5 was truncated to 2
        "min_size 2.5",
        lambda: ReferenceClass(ERRORS_HAND, min_size=_any(2.5)),
        r"'min_size' must be an integer \(got 2\.5",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_message(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "estimate_column 0.5",
        lambda: ReferenceClassEstimator(estimate_column=_any(0.5)).fit([[1.0], [2.0]], [1.0, 2.0]),
        r"'estimate_column' must be in \[0, 0\] \(got 0\.5\)",
    ),
    (
        "reference class LOO of one",
        lambda: ReferenceClassEstimator().loo_predict([[1.0]], [1.0]),
        r"leave-one-out needs at least 2 projects \(got 1\)",
    ),
    (
        "class quantile text",
        lambda: ReferenceClass([1.0, 1.1, 1.2, 1.3, 1.4]).quantile(_any("a")),
        r"'p' must be probabilities in \[0, 1\] \(got 'a'\)",
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

    def test_reference_class_ratios_are_real(self) -> None:
        """Complex or string ratios are refused, not read as numbers."""
        import numpy as np

        from pmokit.errors import ValidationError
        from pmokit.estimation import ReferenceClass

        with pytest.raises(ValidationError, match="'ratios' must be an array of numbers"):
            ReferenceClass(np.array([1.1, 1.2, 1.3, 1.4, 1.5]) + 1j)
        with pytest.raises(ValidationError, match="'ratios' must be an array of numbers"):
            ReferenceClass([1.1, 1.2, "1.3", 1.4, 1.5])
