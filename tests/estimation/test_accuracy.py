"""Tests of pmokit.estimation._accuracy: error statistics, SA, LOO and k-fold."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from pmokit.errors import ValidationError
from pmokit.estimation import (
    Accuracy,
    AnalogyEstimator,
    BaselineEstimator,
    ParametricEstimator,
    accuracy,
    k_fold,
    leave_one_out,
    random_guess_mar,
)
from pmokit.progress import ProgressInfo
from tests._hypothesis import examples
from tests._requires import requires_tqdm
from tests.estimation._helpers import _any


class TestAccuracy:
    def test_hand_example(self) -> None:
        """MAR, MdAR, MMRE, MdMRE, PRED(25) and SA by hand."""
        y = [10.0, 20.0, 40.0, 80.0]
        p = [12.0, 18.0, 40.0, 100.0]
        acc = accuracy(y, p)
        # residuals 2, 2, 0, 20; relative 0.2, 0.1, 0, 0.25
        assert acc.mar == 6.0 and acc.mdar == 2.0
        assert_allclose(acc.mmre, (0.2 + 0.1 + 0.0 + 0.25) / 4)
        assert_allclose(acc.mdmre, 0.15)
        assert acc.pred25 == 1.0
        # pairwise |y_i - y_j|: 10 30 70 20 60 40 = 230, both orders / 12
        assert_allclose(acc.mar_random, 460 / 12)
        assert_allclose(acc.sa, 1 - 6.0 / (460 / 12))
        assert acc.effect_size > 0 and acc.effect == "large"

    @settings(max_examples=examples(40), deadline=None)
    @given(st.lists(st.floats(0.1, 1e4), min_size=2, max_size=40))
    def test_exact_random_guess_mar_equals_brute_force(self, ys: list[float]) -> None:
        """The O(n log n) formula equals the mean over all ordered pairs i != j."""
        n = len(ys)
        brute = sum(abs(a - b) for a, b in itertools.permutations(ys, 2)) / (n * (n - 1))
        assert_allclose(random_guess_mar(ys), brute, rtol=1e-9, atol=1e-9)

    def test_simulated_random_guessing_agrees_with_exact(self) -> None:
        """Perfect predictions: SA = 1; MAR_P0 exact lies near the simulated runs."""
        rng = np.random.default_rng(5)
        y = rng.lognormal(3, 1, 200)
        acc = accuracy(y, y, iterations=2000, rng=1)
        assert acc.sa == 1.0 and acc.mar == 0.0
        assert acc.effect_size == pytest.approx(acc.mar_random / acc.mar_random_std)
        assert acc.mar_random_std > 0

    def test_random_guessing_has_sa_near_zero(self) -> None:
        """A prediction that is itself a random guess scores SA ~ 0, negligible effect."""
        rng = np.random.default_rng(9)
        y = rng.lognormal(3, 1, 400)
        guess = y[(np.arange(400) + rng.integers(1, 400, 400)) % 400]
        acc = accuracy(y, guess, rng=2)
        assert abs(acc.sa) < 0.15
        assert acc.effect in ("negligible", "small", "medium", "large")
        assert abs(acc.effect_size) < 4

    def test_same_seed_same_statistics(self) -> None:
        """The simulated spread is seeded."""
        y, p = [1.0, 2, 3, 4, 5], [1.1, 2, 2.5, 4, 6]
        assert accuracy(y, p, rng=3) == accuracy(y, p, rng=3)

    def test_records(self) -> None:
        """to_records returns one dict of the fields."""
        (row,) = accuracy([1.0, 2.0, 3.0], [1.0, 2.0, 3.5]).to_records()
        assert set(row) >= {"mar", "mdar", "mmre", "mdmre", "pred25", "sa", "effect_size"}

    def test_non_positive_actual(self) -> None:
        """Actuals must be > 0 (relative errors)."""
        with pytest.raises(ValidationError, match=r"'actuals' must be > 0.*index 1 got 0.0"):
            accuracy([1.0, 0.0, 3.0], [1.0, 2.0, 3.0])

    def test_length_mismatch(self) -> None:
        """Predictions must align with actuals."""
        with pytest.raises(ValidationError, match="'predictions' must have length 3"):
            accuracy([1.0, 2.0, 3.0], [1.0, 2.0])

    def test_nan_prediction(self) -> None:
        """NaN predictions are named."""
        with pytest.raises(ValidationError, match="'predictions' must hold finite"):
            accuracy([1.0, 2.0], [1.0, float("nan")])

    def test_too_few(self) -> None:
        """At least two projects."""
        with pytest.raises(ValidationError, match="at least 2"):
            accuracy([1.0], [1.0])
        with pytest.raises(ValidationError, match="at least 2"):
            random_guess_mar([1.0])


class TestBaseline:
    @pytest.mark.parametrize("statistic", ["median", "mean"])
    @pytest.mark.parametrize("n", [2, 3, 4, 7, 10])
    def test_vectorised_loo_equals_refitting(self, statistic: str, n: int) -> None:
        """loo_predict equals n refits (with ties in the data)."""
        rng = np.random.default_rng(n)
        y = rng.integers(1, 6, n).astype(float)
        x = np.zeros((n, 1))
        est = BaselineEstimator(statistic)  # type: ignore[arg-type]
        fast = est.loo_predict(x, y)
        slow = [
            est.fit(np.delete(x, i, 0), np.delete(y, i)).predict(x[i : i + 1])[0] for i in range(n)
        ]
        assert_allclose(fast, slow)

    def test_bad_statistic(self) -> None:
        """Unknown statistic."""
        with pytest.raises(ValidationError, match="'statistic' must be one of"):
            BaselineEstimator("mode")  # type: ignore[arg-type]


class _RefitOnly:
    """An estimator without loo_predict, to exercise the generic path."""

    def fit(self, features: np.ndarray, actuals: np.ndarray) -> object:
        return ParametricEstimator().fit(features, actuals)


class TestCrossValidation:
    def test_generic_loo_equals_fast_loo(self) -> None:
        """Refitting n times gives the hat-matrix LOO of the parametric estimator."""
        rng = np.random.default_rng(0)
        size = rng.uniform(10, 1000, 30)
        effort = 3 * size**0.9 * rng.lognormal(0, 0.3, 30)
        fast = leave_one_out(ParametricEstimator(), size, effort)
        slow = leave_one_out(_RefitOnly(), size, effort)  # type: ignore[arg-type]
        assert_allclose(fast.predictions, slow.predictions, rtol=1e-9)
        assert_allclose(fast.accuracy.mar, slow.accuracy.mar, rtol=1e-9)
        assert fast.accuracy.mar_random_std == slow.accuracy.mar_random_std
        assert fast.method == "leave_one_out" and fast.n_folds == 30
        assert len(fast.to_records()) == 30

    def test_k_fold_partitions_and_predicts_out_of_fold(self) -> None:
        """Every project is in exactly one fold, folds are balanced, seeded."""
        rng = np.random.default_rng(1)
        size = rng.uniform(10, 1000, 23)
        effort = 2 * size * rng.lognormal(0, 0.2, 23)
        cv = k_fold(ParametricEstimator(), size, effort, k=5, rng=4)
        counts = np.bincount(cv.folds)
        assert counts.sum() == 23 and counts.max() - counts.min() <= 1
        again = k_fold(ParametricEstimator(), size, effort, k=5, rng=4)
        assert np.array_equal(cv.predictions, again.predictions)
        # fold 0 predictions equal a model fitted on the other folds
        test = cv.folds == 0
        model = ParametricEstimator().fit(size[~test].reshape(-1, 1), effort[~test])
        assert_allclose(cv.predictions[test], model.predict(size[test].reshape(-1, 1)))

    def test_bad_k(self) -> None:
        """k outside [2, n]."""
        with pytest.raises(ValidationError, match=r"'k' must be <= 3\.0"):
            k_fold(BaselineEstimator(), [[1.0]] * 3, [1.0, 2.0, 3.0], k=4)

    def test_bad_estimator(self) -> None:
        """Objects without fit are rejected."""
        with pytest.raises(ValidationError, match="'estimator' must have a fit"):
            leave_one_out(object(), [[1.0]] * 3, [1.0, 2.0, 3.0])  # type: ignore[arg-type]

    def test_features_rows_mismatch(self) -> None:
        """One feature row per actual."""
        with pytest.raises(ValidationError, match="one row per actual: 3 rows"):
            leave_one_out(BaselineEstimator(), [[1.0]] * 2, [1.0, 2.0, 3.0])

    def test_nan_feature(self) -> None:
        """NaN in features is named."""
        with pytest.raises(ValidationError, match="'features' must hold finite numbers"):
            leave_one_out(BaselineEstimator(), [[1.0], [float("nan")]], [1.0, 2.0])


class TestIterationsAndUndefined:
    """Issue 14: iterations for the random-guessing runs; the documented NaN."""

    def test_n_runs_renamed(self) -> None:
        """n_runs still works, with a warning naming iterations, and gives the same."""
        y, p = [10.0, 20.0, 40.0], [12.0, 18.0, 41.0]
        with pytest.warns(DeprecationWarning, match="use 'iterations' instead"):
            old = accuracy(y, p, n_runs=200, rng=1)
        assert old == accuracy(y, p, iterations=200, rng=1)

    def test_equal_actuals_give_documented_nan(self) -> None:
        """All actuals equal: random guessing is perfect, SA and the effect size are NaN
        (documented on Accuracy) and the effect is 'undefined'."""
        acc = accuracy([3.0, 3.0, 3.0], [3.0, 3.0, 3.0])
        assert np.isnan(acc.sa) and np.isnan(acc.effect_size)
        assert acc.effect == "undefined"
        assert "NaN when" in (Accuracy.__doc__ or "")

    def test_huge_iterations_refused(self) -> None:
        """10**10 runs state the limit before allocating."""
        with pytest.raises(ValidationError, match="above the limit of"):
            accuracy([1.0, 2.0], [1.0, 2.0], iterations=10**10)


ERROR_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "3-D features",
        lambda: leave_one_out(ParametricEstimator(), np.ones((2, 2, 2)), [1.0, 2.0]),
        r"'features' must be a 2-dimensional array",
    ),
    (
        "iterations 1",
        lambda: accuracy([1.0, 2.0], [1.0, 2.0], iterations=1),
        r"'iterations' must be >= 2",
    ),
    (
        "one project LOO",
        lambda: leave_one_out(ParametricEstimator(), [[1.0]], [1.0]),
        r"at least 2 projects",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_error_message(label: str, call: Callable[[], object], message: str) -> None:
    """Each bad input raises ValidationError with a message naming the item."""
    with pytest.raises(ValidationError, match=message):
        call()




EDGE_CASES: list[tuple[str, Callable[[], object], str]] = [
    (
        "baseline LOO of one",
        lambda: BaselineEstimator().loo_predict([[1.0]], [1.0]),
        r"leave-one-out needs at least 2 projects \(got 1\)",
    ),
    (
        "iterations 2.5",
        lambda: accuracy([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], iterations=_any(2.5)),
        r"'iterations' must be a whole number >= 2",
    ),
    (
        "k_fold k 2.5",
        lambda: k_fold(AnalogyEstimator(k=1), [[1.0]] * 6, [1.0, 2, 3, 4, 5, 6], k=_any(2.5)),
        r"'k' must be a whole number",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), EDGE_CASES, ids=[c[0] for c in EDGE_CASES])
def test_bad_input_raises_validation_error(
    label: str, call: Callable[[], object], message: str
) -> None:
    """Each bad input raises ValidationError naming the item (not TypeError/IndexError)."""
    with pytest.raises(ValidationError, match=message):
        call()


SIZE = [10.0, 20.0, 40.0, 80.0, 160.0, 320.0, 640.0, 30.0]


EFFORT = [5.2, 9.8, 21.0, 39.0, 82.0, 170.0, 300.0, 16.0]


class Refit:
    """ParametricEstimator without its exact loo_predict: leave_one_out refits n times."""

    def fit(self, features: Any, actuals: Any) -> Any:
        return ParametricEstimator().fit(features, actuals)


class TestLeaveOneOut:
    """One report per refit; a stop keeps the projects predicted."""

    def test_reports_without_changing_the_result(self) -> None:
        """done counts 0..n; the predictions are those of the plain run."""
        seen: list[ProgressInfo] = []
        plain = leave_one_out(Refit(), SIZE, EFFORT)
        cv = leave_one_out(Refit(), SIZE, EFFORT, progress=seen.append)
        assert_array_equal(cv.predictions, plain.predictions)
        assert [i.done for i in seen] == list(range(len(SIZE) + 1))

    def test_early_stop(self) -> None:
        """Stopping before the fifth refit evaluates the first four projects."""
        plain = leave_one_out(Refit(), SIZE, EFFORT)
        cv = leave_one_out(Refit(), SIZE, EFFORT, progress=lambda i: i.done >= 4)
        assert cv.n_folds == 4 and cv.actuals.tolist() == EFFORT[:4]
        assert_array_equal(cv.predictions, plain.predictions[:4])

    def test_too_early(self) -> None:
        """A stop before two predictions says so."""
        with pytest.raises(ValidationError, match="at least 2 are needed"):
            leave_one_out(Refit(), SIZE, EFFORT, progress=lambda i: True)

    def test_fast_path_reports_once(self) -> None:
        """An estimator with an exact loo_predict reports once, at the end."""
        seen: list[ProgressInfo] = []
        leave_one_out(ParametricEstimator(), SIZE, EFFORT, progress=seen.append)
        assert [(i.done, i.total) for i in seen] == [(len(SIZE), len(SIZE))]


class TestKFold:
    """One report per fold; a stop keeps the folds done."""

    def test_reports_and_stop(self) -> None:
        """done counts folds; stopping after two folds keeps their projects."""
        seen: list[ProgressInfo] = []
        plain = k_fold(BaselineEstimator(), [[1.0]] * 8, EFFORT, k=4, rng=1)
        cv = k_fold(BaselineEstimator(), [[1.0]] * 8, EFFORT, k=4, rng=1,
                    progress=seen.append)
        assert [i.done for i in seen] == [0, 1, 2, 3, 4]
        assert_array_equal(cv.predictions, plain.predictions)
        part = k_fold(BaselineEstimator(), [[1.0]] * 8, EFFORT, k=4, rng=1,
                      progress=lambda i: i.done >= 2)
        keep = plain.folds < 2
        assert part.n_folds == 2 and set(part.folds.tolist()) == {0, 1}
        assert_array_equal(part.predictions, plain.predictions[keep])
        assert_array_equal(part.actuals, np.asarray(EFFORT)[keep])

    @requires_tqdm
    def test_bar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True draws a bar counting folds."""
        k_fold(BaselineEstimator(), [[1.0]] * 8, EFFORT, k=4, rng=1, progress=True)
        err = capsys.readouterr().err
        assert "k-fold" in err and "4/4" in err

    def test_bad_progress(self) -> None:
        """A progress that is not a bool or callable is refused by name."""
        with pytest.raises(ValidationError, match="'progress' must be"):
            k_fold(BaselineEstimator(), [[1.0]] * 8, EFFORT, k=4, progress="x")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'progress' must be"):
            leave_one_out(Refit(), SIZE, EFFORT, progress="x")  # type: ignore[arg-type]
