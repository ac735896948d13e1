"""leave_one_out / k_fold with executor=: the same answer locally, on a process pool
and on a Dask LocalCluster; a worker's pmokit error comes back as itself."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from numpy.testing import assert_array_equal

from pmokit.errors import ValidationError
from pmokit.estimation import ParametricEstimator, k_fold, leave_one_out
from tests._requires import requires_dask


class RefitOnly:
    """ParametricEstimator without its vectorised loo_predict, so every project is
    refitted (the path that goes to the executor)."""

    def fit(self, features: npt.ArrayLike, actuals: npt.ArrayLike) -> Any:
        return ParametricEstimator().fit(features, actuals)


def _data() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    rng = np.random.default_rng(4)
    size = rng.uniform(10, 500, 40)
    effort = 2.5 * size**0.9 * rng.lognormal(0, 0.3, 40)
    return size, effort


@pytest.fixture(scope="module")
def pool() -> Any:
    with ProcessPoolExecutor(2) as ex:
        yield ex


@pytest.fixture(scope="module")
def dask_executor() -> Any:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client.get_executor()


def _same(a: Any, b: Any) -> None:
    assert_array_equal(a.predictions, b.predictions)
    assert_array_equal(a.folds, b.folds)
    assert a.accuracy == b.accuracy


class TestLeaveOneOut:
    def test_refits_equal_vectorised(self) -> None:
        """The refit path (chunked) equals the estimator's exact loo_predict."""
        size, effort = _data()
        a = leave_one_out(RefitOnly(), size, effort, chunk_size=7)
        b = leave_one_out(ParametricEstimator(), size, effort)
        np.testing.assert_allclose(a.predictions, b.predictions, rtol=1e-9)

    @pytest.mark.parametrize("chunk", [None, 1, 13])
    def test_process_pool_equals_local(self, pool: Any, chunk: int | None) -> None:
        """Two worker processes give the local predictions bit for bit."""
        size, effort = _data()
        _same(leave_one_out(RefitOnly(), size, effort),
              leave_one_out(RefitOnly(), size, effort, executor=pool, chunk_size=chunk))

    @requires_dask
    def test_dask_equals_local(self, dask_executor: Any) -> None:
        """A LocalCluster of 2 worker processes gives the local predictions bit for bit."""
        size, effort = _data()
        _same(leave_one_out(RefitOnly(), size, effort),
              leave_one_out(RefitOnly(), size, effort, executor=dask_executor))

    def test_worker_error_comes_back(self, pool: Any) -> None:
        """The estimator's ValidationError in a worker (a size that is the same for
        every project) reaches the caller as that ValidationError."""
        with pytest.raises(ValidationError, match="same for every project"):
            leave_one_out(RefitOnly(), [5.0] * 6, [1.0, 2, 3, 4, 5, 6], executor=pool)

    def test_bad_executor_and_chunk(self) -> None:
        """A non-Executor and a chunk size below 1 are refused."""
        size, effort = _data()
        with pytest.raises(ValidationError, match="'executor' must be"):
            leave_one_out(RefitOnly(), size, effort, executor=2)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'chunk_size' must be an int >= 1"):
            leave_one_out(RefitOnly(), size, effort, chunk_size=0)


class TestKFold:
    @pytest.mark.parametrize("chunk", [None, 3])
    def test_process_pool_equals_local(self, pool: Any, chunk: int | None) -> None:
        """Folds on two worker processes give the local result bit for bit."""
        size, effort = _data()
        _same(k_fold(RefitOnly(), size, effort, k=5, rng=2),
              k_fold(RefitOnly(), size, effort, k=5, rng=2, executor=pool, chunk_size=chunk))

    @requires_dask
    def test_dask_equals_local(self, dask_executor: Any) -> None:
        """The same on a Dask LocalCluster."""
        size, effort = _data()
        _same(k_fold(RefitOnly(), size, effort, k=5, rng=2),
              k_fold(RefitOnly(), size, effort, k=5, rng=2, executor=dask_executor))

    def test_bad_chunk(self) -> None:
        """A chunk size below 1 is refused before the shuffle."""
        size, effort = _data()
        with pytest.raises(ValidationError, match="'chunk_size' must be an int >= 1"):
            k_fold(RefitOnly(), size, effort, chunk_size=-1)
