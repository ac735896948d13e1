"""leave_one_out / k_fold (progress=): callback, early stop and the tqdm bar (issue 17)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from pmokit.errors import ValidationError
from pmokit.estimation import BaselineEstimator, ParametricEstimator, k_fold, leave_one_out
from pmokit.progress import ProgressInfo
from tests._requires import requires_tqdm

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
