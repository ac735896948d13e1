"""Tests of pmokit.estimation._parametric: power-law fit and prediction intervals."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from pmokit.errors import ValidationError
from pmokit.estimation import (
    ParametricEstimator,
    fit_power_law,
)
from tests.estimation._helpers import _any


def _data(n: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    size = rng.uniform(5, 2000, n)
    effort = 2.5 * size**1.1 * rng.lognormal(0, 0.25, n)
    return size, effort


class TestFitPowerLaw:
    def test_exact_power_law_is_recovered(self) -> None:
        """Noise-free data give a and b exactly."""
        size = np.array([1.0, 10.0, 50.0, 200.0])
        m = fit_power_law(size, 3.0 * size**1.2)
        assert_allclose([m.a, m.b], [3.0, 1.2])
        assert_allclose(m.r_squared, 1.0)

    def test_matches_scipy_linregress(self) -> None:
        """Coefficients equal an independent log-log regression (scipy.stats.linregress)."""
        size, effort = _data()
        m = fit_power_law(size, effort)
        ref = stats.linregress(np.log(size), np.log(effort))
        assert_allclose([np.log(m.a), m.b], [ref.intercept, ref.slope], rtol=1e-10)
        assert_allclose(m.r_squared, ref.rvalue**2, rtol=1e-10)

    def test_prediction_interval_textbook_formula(self) -> None:
        """Simple regression PI: t * s * sqrt(1 + 1/n + (x0 - xbar)^2 / Sxx), exponentiated."""
        size, effort = _data(25, 3)
        m = fit_power_law(size, effort)
        lx, ly = np.log(size), np.log(effort)
        n = lx.size
        b, a = np.polyfit(lx, ly, 1)
        s = np.sqrt(((ly - (a + b * lx)) ** 2).sum() / (n - 2))
        x0 = np.log(300.0)
        half = (
            stats.t.ppf(0.95, n - 2)
            * s
            * np.sqrt(1 + 1 / n + (x0 - lx.mean()) ** 2 / ((lx - lx.mean()) ** 2).sum())
        )
        lo, hi = m.prediction_interval([300.0], level=0.9)
        assert_allclose([lo[0], hi[0]], np.exp([a + b * x0 - half, a + b * x0 + half]))
        median = m.predict([300.0])[0]
        assert lo[0] < median < hi[0]
        assert_allclose(m.predict([300.0], kind="mean")[0], median * np.exp(m.sigma**2 / 2))

    def test_interval_coverage_on_simulated_projects(self) -> None:
        """About 90% of new lognormal outcomes fall inside the 90% interval (seeded)."""
        rng = np.random.default_rng(7)
        size = rng.uniform(5, 2000, 60)
        effort = 2.5 * size**1.1 * rng.lognormal(0, 0.3, 60)
        m = fit_power_law(size, effort)
        new = rng.uniform(5, 2000, 4000)
        outcome = 2.5 * new**1.1 * rng.lognormal(0, 0.3, 4000)
        lo, hi = m.prediction_interval(new, level=0.9)
        cover = np.mean((outcome >= lo) & (outcome <= hi))
        assert 0.85 < cover < 0.95

    def test_drivers_cocomo_style(self) -> None:
        """Multiplicative drivers are recovered as exponents (effort multipliers ~ 1)."""
        rng = np.random.default_rng(2)
        size = rng.uniform(2, 300, 50)
        em = rng.choice([0.7, 0.85, 1.0, 1.15, 1.4], size=(50, 2))
        effort = 2.8 * size**1.05 * em[:, 0] * em[:, 1] ** 2
        m = fit_power_law(size, effort, drivers=em, driver_names=["rely", "cplx"])
        assert_allclose([m.a, m.b], [2.8, 1.05])
        assert_allclose(m.driver_exponents, [1.0, 2.0], atol=1e-9)
        assert [r["term"] for r in m.to_records()] == ["a", "b", "rely", "cplx"]
        assert_allclose(m.predict([10.0], [[1.0, 1.4]]), 2.8 * 10**1.05 * 1.4**2)

    def test_negative_size(self) -> None:
        """Negative and zero sizes are named by index."""
        with pytest.raises(ValidationError) as info:
            fit_power_law([10.0, -1.0, 0.0, 5.0], [1.0, 2.0, 3.0, 4.0])
        assert "index 1 must be > 0 (got -1.0)" in str(info.value)
        assert "index 2 must be > 0 (got 0.0)" in str(info.value)

    def test_non_positive_actual(self) -> None:
        """Actuals must be > 0 (log)."""
        with pytest.raises(ValidationError, match="'actuals' must be > 0"):
            fit_power_law([1.0, 2.0, 3.0], [1.0, -2.0, 3.0])

    def test_nan_size(self) -> None:
        """NaN size."""
        with pytest.raises(ValidationError, match="'size' must hold finite"):
            fit_power_law([1.0, float("nan"), 3.0], [1.0, 2.0, 3.0])

    def test_too_few_projects(self) -> None:
        """More projects than coefficients are needed."""
        with pytest.raises(ValidationError, match="needs more than 2 projects"):
            fit_power_law([1.0, 2.0], [1.0, 2.0])

    def test_bad_driver(self) -> None:
        """Non-positive drivers named with their driver and project."""
        with pytest.raises(ValidationError, match=r"'drivers' 'rely' of project at index 1"):
            fit_power_law(
                [1.0, 2, 3, 4],
                [1.0, 2, 3, 4],
                drivers=[[1.0], [0.0], [1], [1]],
                driver_names=["rely"],
            )

    def test_predict_needs_drivers(self) -> None:
        """Model with drivers refuses a prediction without them."""
        m = fit_power_law([1.0, 2, 3, 4, 5], [1.0, 2, 3, 4, 6], drivers=[[1.0], [2], [1], [2], [1]])
        with pytest.raises(ValidationError, match="'drivers' must be given"):
            m.predict([2.0])

    def test_bad_level(self) -> None:
        """Interval level must be in (0, 1)."""
        m = fit_power_law(*_data())
        with pytest.raises(ValidationError, match="'level'"):
            m.prediction_interval([10.0], level=1.0)


class TestParametricEstimator:
    def test_hat_matrix_loo_equals_refits_with_drivers(self) -> None:
        """The closed-form LOO equals refitting without each project."""
        rng = np.random.default_rng(4)
        x = np.column_stack([rng.uniform(5, 500, 20), rng.uniform(0.5, 2, 20)])
        y = 2 * x[:, 0] ** 0.9 * x[:, 1] * rng.lognormal(0, 0.2, 20)
        est = ParametricEstimator(size_column=0, driver_columns=(1,))
        fast = est.loo_predict(x, y)
        slow = [
            est.fit(np.delete(x, i, 0), np.delete(y, i)).predict(x[i : i + 1])[0] for i in range(20)
        ]
        assert_allclose(fast, slow, rtol=1e-9)

    def test_bad_column(self) -> None:
        """Columns outside the features are named."""
        with pytest.raises(ValidationError, match="column 3 must be in"):
            ParametricEstimator(size_column=3).fit([[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0])


class TestUndefinedExponents:
    """Issue 14: a constant size returned b=1.71 with R^2 ~ 0; now refused by name."""

    def test_constant_size_refused(self) -> None:
        """Every project of one size: the exponent b is undefined."""
        with pytest.raises(ValidationError, match="'size' is the same for every project"):
            fit_power_law([5.0, 5.0, 5.0, 5.0], [1.0, 2.0, 3.0, 4.0])

    def test_constant_driver_refused(self) -> None:
        """A driver that never varies is named."""
        with pytest.raises(ValidationError, match="driver 'team'' is the same"):
            fit_power_law([1.0, 2, 4, 8, 16], [2.0, 3, 5, 9, 17], drivers=[[2.0]] * 5,
                          driver_names=["team"])

    def test_collinear_driver_refused(self) -> None:
        """A driver equal to the size squared is collinear with it."""
        s = np.array([1.0, 2, 4, 8, 16])
        with pytest.raises(ValidationError, match="collinear"):
            fit_power_law(s, [2.0, 3, 5, 9, 17], drivers=(s**2)[:, None])


MODEL = fit_power_law([1.0, 2.0, 4.0, 8.0], [2.0, 3.9, 8.1, 16.0])


MODEL_D = fit_power_law(
    [1.0, 2, 4, 8, 16], [2.0, 4, 8, 16, 33], drivers=[[1.0], [2], [1], [2], [1]]
)


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    ("drivers on plain model", lambda: MODEL.predict([2.0], [[1.0]]), r"'drivers' must be None"),
    (
        "driver count",
        lambda: MODEL_D.predict([2.0], [[1.0, 2.0]]),
        r"'drivers' must have 1 columns \(got 2\)",
    ),
    (
        "driver names",
        lambda: fit_power_law(
            [1.0, 2, 3, 4],
            [1.0, 2, 3, 4],
            drivers=[[1.0, 1], [2, 1], [1, 2], [2, 2]],
            driver_names=["a"],
        ),
        r"'driver_names' must name each of the 2 drivers \(got 1\)",
    ),
    ("predict kind", lambda: MODEL.predict([2.0], kind="mode"), r"'kind' must be one of"),
    ("predict size", lambda: MODEL.predict([0.0]), r"'size' of project at index 0 must be > 0"),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_message(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "ragged drivers",
        lambda: fit_power_law([1.0, 2, 4, 8], [2.0, 4, 8, 16], drivers=[[1.0], [2, 3], [1], [2]]),
        r"'drivers' must be an array of numbers",
    ),
    (
        "size text",
        lambda: fit_power_law([1.0, 2, 4], [2.0, 4, 9]).predict(_any("a")),
        r"'size' must be an array of numbers",
    ),
    (
        "predictor too few columns",
        lambda: (
            ParametricEstimator(size_column=1)
            .fit([[1.0, 1], [2, 2], [4, 4]], [1.0, 2, 3])
            .predict([[1.0]])
        ),
        r"column 1 must be in \[0, 0\]",
    ),
    (
        "column not int",
        lambda: ParametricEstimator(size_column=_any("a")).fit([[1.0], [2], [4]], [1.0, 2, 3]),
        r"column 'a' must be an integer column index",
    ),
    (
        "driver rows",
        lambda: fit_power_law([1.0, 2, 4, 8], [2.0, 4, 8, 16], drivers=np.ones((3, 1))),
        r"'drivers' must have shape \(4, 1\) \(got \(3, 1\)\)",
    ),
    (
        "size 2-D",
        lambda: fit_power_law([1.0, 2, 4], [2.0, 4, 9]).predict(np.ones((2, 2))),
        r"'size' must be a number or a 1-D array \(got shape \(2, 2\)\)",
    ),
    (
        "parametric LOO too few",
        lambda: ParametricEstimator().loo_predict([[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0]),
        r"leave-one-out of 2 coefficients needs more than 3 projects \(got 3\)",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError naming the item (not TypeError/IndexError)."""
    with pytest.raises(ValidationError, match=message):
        call()


def test_fitted_factor_beyond_float_range_refused_fuzz4() -> None:
    """Sizes 653..675 with actuals 1..653 fit a = exp(1204): math.exp raised a raw
    OverflowError; the fit is refused naming 'a' and the fix."""
    with pytest.raises(ValidationError, match=r"the fitted factor 'a' = exp\(1203\.9\d*\) is "
                                              "beyond the range of a float"):
        fit_power_law([675.0, 653.0, 653.0], [1.0, 653.0, 319.0])
