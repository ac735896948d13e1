"""efficient_frontier(executor=...): the same frontier bit for bit locally, on a process
pool and on a Dask LocalCluster, whatever the workers; chunks fixed by the level count;
a worker's pmokit error comes back as itself."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

from pmokit.errors import SolverError, ValidationError
from pmokit.portfolio import Candidate, efficient_frontier
from pmokit.portfolio import _frontier as frontier_module
from tests._requires import requires_dask


def _instance(n: int = 60, seed: int = 3) -> dict[str, Any]:
    """Candidates over 3 periods with a skill, period budgets, a dependency and an
    exclusion: a model whose levels need real solves."""
    rng = np.random.default_rng(seed)
    cands = [
        Candidate(f"P{i}", float(rng.integers(10, 100)),
                  rng.integers(0, 30, 3).astype(float),
                  demands={"dev": rng.uniform(0, 2, 3).round(2)})
        for i in range(n)
    ]
    return {
        "candidates": cands,
        "budgets": np.full(3, 300.0),
        "capacity": {"dev": 12.0},
        "requires": [("P0", "P1")],
        "excludes": [("P2", "P3")],
    }


def _phased() -> dict[str, Any]:
    """Candidates whose start the frontier chooses at each level."""
    rng = np.random.default_rng(8)
    cands = [
        Candidate(f"P{i}", float(rng.integers(10, 60)), rng.integers(1, 20, 2).astype(float),
                  earliest_start=0, latest_start=int(rng.integers(0, 3)), discount_rate=0.05)
        for i in range(12)
    ]
    return {"candidates": cands, "budgets": np.full(5, 40.0)}


@pytest.fixture(scope="module")
def pool() -> Any:
    with ProcessPoolExecutor(2) as ex:
        yield ex


class TestSameEverywhere:
    @pytest.mark.parametrize("chunk", [None, 1, 3])
    def test_process_pool_equals_local(self, pool: Any, chunk: int | None) -> None:
        """Two worker processes give the local frontier bit for bit (values, selections,
        statuses, solves, reused), whatever chunk_size."""
        inst = _instance()
        local = efficient_frontier(**inst, total_budgets=20, chunk_size=chunk)
        remote = efficient_frontier(**inst, total_budgets=20, chunk_size=chunk, executor=pool)
        assert remote == local
        assert remote.solves == local.solves and remote.chosen == local.chosen

    def test_workers_do_not_matter(self) -> None:
        """1 or 3 threads, or none: the same frontier (chunks depend on the levels only)."""
        inst = _instance()
        local = efficient_frontier(**inst, total_budgets=30)
        for workers in (1, 3):
            with ThreadPoolExecutor(workers) as ex:
                assert efficient_frontier(**inst, total_budgets=30, executor=ex) == local

    def test_phased_frontier_on_a_pool(self, pool: Any) -> None:
        """The phased frontier (start periods chosen per level) too."""
        inst = _phased()
        local = efficient_frontier(**inst, total_budgets=10, chunk_size=2)
        remote = efficient_frontier(**inst, total_budgets=10, chunk_size=2, executor=pool)
        assert remote == local
        assert np.any(remote.starts > 0)  # some start is delayed: the phased model ran

    def test_chunks_are_fixed_by_the_level_count(self) -> None:
        """The default chunking depends on the number of levels alone: at least 8 levels
        a chunk, at most 16 chunks."""
        assert [frontier_module._chunk_levels(k) for k in (1, 8, 50, 128, 200)] == [
            8, 8, 8, 8, 13]

    def test_chunks_reuse_only_inside_themselves(self) -> None:
        """A chunk's top level is solved even when the level above fits (reuse stays
        inside a chunk), so chunk_size=1 solves every feasible level and the values stay
        those of the one-chunk run."""
        inst = _instance()
        one = efficient_frontier(**inst, total_budgets=12, chunk_size=12)
        each = efficient_frontier(**inst, total_budgets=12, chunk_size=1)
        assert one.reused.any() and not each.reused.any()
        assert each.solves == 12 > one.solves
        np.testing.assert_allclose(each.values, one.values, rtol=2e-4)

    def test_progress_per_chunk_and_stop(self, pool: Any) -> None:
        """With an executor progress is reported after each chunk; a stop leaves the
        chunks not reached 'not_solved' and the reached ones as in the full run."""
        inst = _instance()
        full = efficient_frontier(**inst, total_budgets=12, chunk_size=4)
        seen: list[Any] = []
        f = efficient_frontier(**inst, total_budgets=12, chunk_size=4, executor=pool,
                               progress=seen.append)
        assert f == full and [i.done for i in seen] == [0, 4, 8, 12]
        g = efficient_frontier(**inst, total_budgets=12, chunk_size=4, executor=pool,
                               progress=lambda info: info.done >= 4)
        assert g.status[:8] == ("not_solved",) * 8
        assert g.status[8:] == full.status[8:] and g.chosen[8:] == full.chosen[8:]


def _failing_solve(*args: Any, **kwargs: Any) -> tuple[int, None, float]:
    return 4, None, float("nan")


class TestErrors:
    def test_worker_error_comes_back(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """HiGHS failing on a worker's level reaches the caller as SolverError."""
        monkeypatch.setattr(frontier_module, "_solve", _failing_solve)
        # forked after the patch, the workers run the failing solver
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(2, mp_context=ctx) as ex, \
                pytest.raises(SolverError, match="HiGHS failed on the frontier level"):
            efficient_frontier(**_instance(), total_budgets=4, executor=ex)

    def test_solver_failure_locally(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The same without an executor (it was taken for infeasibility before)."""
        monkeypatch.setattr(frontier_module, "_solve", _failing_solve)
        with pytest.raises(SolverError, match="milp status 4"):
            efficient_frontier(**_instance(), total_budgets=4)

    def test_not_an_executor(self) -> None:
        """A non-Executor is refused before any solve, naming what was given."""
        with pytest.raises(ValidationError, match="'executor' must be a concurrent"):
            efficient_frontier(**_instance(), total_budgets=4,
                               executor="processes")  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [0, -2, 1.5])
    def test_chunk_size_below_one(self, bad: Any) -> None:
        """chunk_size must be an int >= 1."""
        with pytest.raises(ValidationError, match="'chunk_size' must be an int >= 1"):
            efficient_frontier(**_instance(), total_budgets=4, chunk_size=bad)


class TestPickles:
    def test_job_round_trips(self) -> None:
        """The job a worker receives (compiled model, objective, levels) round-trips and
        its chunk gives the selections of the local run."""
        from pmokit._executor import Shared
        from pmokit.portfolio import build_model

        inst = _instance()
        local = efficient_frontier(**inst, total_budgets=6, chunk_size=6)
        model = build_model(inst["candidates"], budgets=inst["budgets"],
                            capacity=inst["capacity"], requires=inst["requires"],
                            excludes=inst["excludes"])
        job = frontier_module._Job(model, -model.value, model.total_cost,
                                   local.total_budgets, 1e-4, None)
        copy = pickle.loads(pickle.dumps(Shared(job)))
        x, status, reused, solves = frontier_module._frontier_chunk((copy, 0, 6))
        assert tuple(status) == local.status and solves == local.solves
        np.testing.assert_array_equal(reused, local.reused)
        np.testing.assert_array_equal(x @ model.value, local.values)


# ------------------------------------------------------------------------------ Dask
@requires_dask
class TestDask:
    def test_local_cluster_equals_local(self) -> None:
        """A LocalCluster of 2 worker processes gives the local frontier bit for bit."""
        import distributed

        inst = _instance()
        local = efficient_frontier(**inst, total_budgets=16, chunk_size=4)
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as client:
            remote = efficient_frontier(**inst, total_budgets=16, chunk_size=4,
                                        executor=client.get_executor())
        assert remote == local
