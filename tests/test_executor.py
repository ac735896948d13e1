"""Tests of the executor plumbing (pmokit._executor): validation, chunking, errors."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from pmokit._executor import Shared, check_chunk_size, check_executor, chunk_ranges, run_chunks
from pmokit.errors import UnknownReferenceError, ValidationError
from tests._requires import requires_dask


def _square_or_fail(x: int) -> int:
    if x == 3:
        raise UnknownReferenceError("item 3 is unknown (got 3)", [3])
    return x * x


def _total(work: tuple[Shared[np.ndarray], int]) -> float:
    shared, i = work
    return float(shared.get()[i])


class TestCheckExecutor:
    def test_none_and_executors_pass(self) -> None:
        """None and any concurrent.futures.Executor are accepted as they are."""
        assert check_executor(None) is None
        with ThreadPoolExecutor(1) as ex:
            assert check_executor(ex) is ex

    @pytest.mark.parametrize("bad", ["pool", 2, object()])
    def test_not_an_executor(self, bad: object) -> None:
        """Anything else is refused, naming what was received."""
        with pytest.raises(ValidationError, match=r"'executor' must be a concurrent\.futures"):
            check_executor(bad)

    def test_dask_client_hint(self) -> None:
        """An object with get_executor (a Dask Client) gets the hint to call it."""

        class Client:
            def get_executor(self) -> None: ...

        with pytest.raises(ValidationError, match=r"client.get_executor\(\)"):
            check_executor(Client())


class TestCheckChunkSize:
    def test_valid(self) -> None:
        """None and ints >= 1 pass (numpy ints too)."""
        assert check_chunk_size(None) is None
        assert check_chunk_size(np.int64(3)) == 3

    @pytest.mark.parametrize("bad", [0, -1])
    def test_below_one(self, bad: int) -> None:
        """A chunk size below 1 is refused with the value."""
        with pytest.raises(ValidationError, match=rf"'chunk_size' must be an int >= 1.*got {bad}"):
            check_chunk_size(bad)

    @pytest.mark.parametrize("bad", [1.5, True, "2"])
    def test_not_an_int(self, bad: object) -> None:
        """Floats, bools and strings are refused by type."""
        with pytest.raises(ValidationError, match="'chunk_size' must be an int"):
            check_chunk_size(bad)


def test_chunk_ranges_cover_in_order() -> None:
    """Ranges cover 0..count once, in order, each at most size long."""
    r = chunk_ranges(10, 3)
    assert r == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert chunk_ranges(0, 3) == []


class TestRunChunks:
    def test_results_in_chunk_order(self) -> None:
        """Results come back in chunk order, locally and on a process pool."""
        with ProcessPoolExecutor(2) as ex:
            assert list(run_chunks(_square_or_fail, [5, 1, 2], ex)) == [25, 1, 4]
        assert list(run_chunks(_square_or_fail, [5, 1, 2], None)) == [25, 1, 4]

    def test_worker_pmokit_error_comes_back_as_itself(self) -> None:
        """A pmokit error raised in a worker process reaches the caller as that error,
        message and items kept."""
        with ProcessPoolExecutor(2) as ex, pytest.raises(UnknownReferenceError) as info:
            list(run_chunks(_square_or_fail, [1, 2, 3, 4], ex))
        assert "item 3 is unknown" in str(info.value)
        assert isinstance(info.value, KeyError)

    @requires_dask
    def test_worker_pmokit_error_on_dask(self) -> None:
        """The same through a Dask LocalCluster's executor."""
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \
                Client(cluster) as client, pytest.raises(UnknownReferenceError):
            list(run_chunks(_square_or_fail, [1, 2, 3], client.get_executor()))


class TestShared:
    def test_local_get_is_the_value(self) -> None:
        """In the calling process the value is not copied."""
        value = np.arange(3.0)
        assert Shared(value).get() is value

    def test_pickles_once_and_round_trips(self) -> None:
        """The pickle is made once per handle; unpickling the same handle twice in one
        process gives the same cached value."""
        shared = Shared(np.arange(5.0))
        blob = shared.blob()
        assert shared.blob() is blob
        a = pickle.loads(pickle.dumps(shared))
        b = pickle.loads(pickle.dumps(shared))
        assert a.get() is b.get()
        np.testing.assert_array_equal(a.get(), np.arange(5.0))

    def test_on_a_process_pool(self) -> None:
        """Chunks on worker processes read the shared value."""
        shared = Shared(np.arange(6.0) * 2)
        with ProcessPoolExecutor(2) as ex:
            out = list(run_chunks(_total, [(shared, i) for i in range(6)], ex))
        assert out == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
