"""simulate(executor=...): the same result bit for bit locally, on a process pool and
on a Dask LocalCluster, whatever chunk_size and max_memory; compact pickles."""

from __future__ import annotations

import os
import pickle
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from pmokit.errors import ValidationError
from pmokit.scheduling import (
    Activity,
    BetaPert,
    CorrelationMatrix,
    Dependency,
    Empirical,
    LogNormal,
    Network,
    Normal,
    RiskEvent,
    Triangular,
    Uniform,
    _risk,
    simulate,
)
from pmokit.scheduling._sampling import BatchSampler
from tests._requires import requires_dask


def _network(n: int = 120, seed: int = 0) -> Network:
    rng = np.random.default_rng(seed)
    acts = [Activity(f"A{i}", float(rng.integers(1, 10))) for i in range(n)]
    acts.append(Activity("M", 0))
    deps = [Dependency(f"A{p}", f"A{i}")
            for i in range(1, n) for p in set(rng.integers(max(0, i - 10), i, 2).tolist())]
    deps.append(Dependency(f"A{n // 2}", "M"))
    return Network(acts, deps)


def _uncertainty(n: int = 120, direct_beta: bool = False) -> dict[str, Any]:
    """Every distribution class; with ``direct_beta`` half the activities are BetaPerts
    of distinct shapes (more than 32, lam 14), which the sampler draws directly."""
    kinds = [
        lambda i: Triangular(1, 3 + i % 4, 12),
        lambda i: BetaPert(1, 4, 9 + i % 7),
        lambda i: Uniform(2, 6),
        lambda i: Normal(5, 1),
        lambda i: LogNormal(5, 2),
        lambda i: Empirical([3.0, 4.0, 7.0]),
    ]
    out = {f"A{i}": kinds[i % len(kinds)](i) for i in range(n)}
    if direct_beta:
        out.update({f"A{i}": BetaPert(1, 4, 9 + i / 7, lam=14) for i in range(0, n, 2)})
    return out


def _kwargs() -> dict[str, Any]:
    return {
        "iterations": 3000,
        "rng": 5,
        "risks": [RiskEvent("R1", 0.4, Triangular(1.1, 1.2, 1.6), ["A3", "A50"]),
                  RiskEvent("R2", 0.2, Uniform(1, 3), ["A100"], mode="additive")],
        "correlation": CorrelationMatrix(("A1", "A2"), [[1.0, 0.6], [0.6, 1.0]]),
    }


@pytest.fixture
def small_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """Units of a few hundred iterations, so a test-sized run has several chunks (the
    units are cut in the calling process and sent to the workers)."""
    monkeypatch.setattr(_risk, "_UNIT_CELLS", 121 * 250)
    monkeypatch.setattr(_risk, "_MAX_STREAM", 100)


@pytest.fixture(scope="module")
def pool() -> Any:
    with ProcessPoolExecutor(2) as ex:
        yield ex


def _same(a: Any, b: Any) -> None:
    """Every field equal bit for bit (NaN equal to NaN)."""
    assert a == b
    for name in ("finish", "criticality", "cruciality", "sensitivity", "duration_mean",
                 "duration_std", "milestone_finish", "finish_without_risk"):
        assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


class TestSameEverywhere:
    @pytest.mark.usefixtures("small_units")
    @pytest.mark.parametrize("direct_beta", [False, True])
    def test_process_pool_equals_local(self, pool: Any, direct_beta: bool) -> None:
        """Two worker processes give the local result bit for bit, with risks, a
        copula, milestones and every distribution class (also BetaPerts drawn directly,
        whose grades are replayed), whatever chunk_size."""
        net, unc = _network(), _uncertainty(direct_beta=direct_beta)
        local = simulate(net, unc, **_kwargs())
        kw = _kwargs()
        model = _risk._compile(net, unc, kw["risks"], kw["correlation"], [])
        assert model.keepable is not direct_beta  # direct draws: grades replayed
        assert len(_risk._units(_risk._stream_sizes(3000, 8 * 121), 121)) > 5
        for chunk in (None, 1, 700):
            _same(local, simulate(net, unc, executor=pool, chunk_size=chunk, **_kwargs()))

    @pytest.mark.usefixtures("small_units")
    def test_thread_pool_equals_local(self) -> None:
        """Threads share the compiled model (no pickling): the same result."""
        from concurrent.futures import ThreadPoolExecutor

        net, unc = _network(), _uncertainty()
        with ThreadPoolExecutor(3) as ex:
            _same(simulate(net, unc, **_kwargs()),
                  simulate(net, unc, executor=ex, **_kwargs()))

    @pytest.mark.usefixtures("small_units")
    def test_max_memory_and_chunk_size_change_nothing(self) -> None:
        """Locally too, neither max_memory nor chunk_size changes a number."""
        net, unc = _network(), _uncertainty()
        a = simulate(net, unc, **_kwargs())
        b = simulate(net, unc, max_memory=40_000, chunk_size=1, **_kwargs())
        _same(a, attrs_evolve_chunk(b, a.chunk_size))

    @pytest.mark.usefixtures("small_units")
    def test_cruciality_replayed_on_workers(self, pool: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
        """When the grades are not kept, their replay runs chunk by chunk (on the
        workers) and gives the local numbers, close to the kept-grade path."""
        net, unc = _network(), _uncertainty()
        kept = simulate(net, unc, **_kwargs())
        monkeypatch.setattr(_risk, "_KEEP_BYTES", 0)
        local = simulate(net, unc, **_kwargs())
        _same(local, simulate(net, unc, executor=pool, **_kwargs()))
        assert_allclose(local.cruciality, kept.cruciality, rtol=1e-7, atol=1e-12)

    def test_units_change_only_the_last_bits_of_sums(self,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
        """Cut in units or not, the iterations are the same numbers (streams are keyed
        by index); only the duration moments are summed in another order."""
        net, unc = _network(), _uncertainty()
        monkeypatch.setattr(_risk, "_MAX_STREAM", 100)
        whole = simulate(net, unc, **_kwargs())
        monkeypatch.setattr(_risk, "_UNIT_CELLS", 121 * 250)
        cut = simulate(net, unc, **_kwargs())
        for name in ("finish", "criticality", "milestone_finish", "finish_without_risk"):
            assert_array_equal(getattr(whole, name), getattr(cut, name), err_msg=name)
        assert_allclose(cut.duration_mean, whole.duration_mean, rtol=1e-13)
        assert_allclose(cut.duration_std, whole.duration_std, rtol=1e-9)


def attrs_evolve_chunk(res: Any, chunk: int) -> Any:
    """``res`` with another reported chunk_size (the only field max_memory sets)."""
    import attrs

    return attrs.evolve(res, chunk_size=chunk)


class TestErrors:
    def test_executor_not_an_executor(self) -> None:
        """A non-Executor is refused before any work, naming what was given."""
        with pytest.raises(ValidationError, match="'executor' must be a concurrent"):
            simulate(_network(5), {}, iterations=10, executor="processes")  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [0, -3, 2.5])
    def test_chunk_size_below_one(self, bad: Any) -> None:
        """chunk_size must be an int >= 1."""
        with pytest.raises(ValidationError, match="'chunk_size' must be an int >= 1"):
            simulate(_network(5), {}, iterations=10, chunk_size=bad)


class TestPickles:
    def test_sampler_pickles_as_arrays(self) -> None:
        """A sampler travels as one parameter array per class, not an object per
        activity, and draws the same numbers after the round trip."""
        unc = _uncertainty(600)
        dists = list(unc.values())
        s = BatchSampler(dists)
        blob = pickle.dumps(s)
        assert len(blob) < 600 * 60  # 3-4 floats per packed member, Empirical as objects
        t = pickle.loads(blob)
        gen = lambda: np.random.Generator(np.random.SFC64(3))  # noqa: E731
        assert_array_equal(s.draw(gen(), 50), t.draw(gen(), 50))
        assert t._dists == s._dists  # rebuilt distributions compare equal

    def test_job_pickles(self) -> None:
        """The compiled job of a call (model, plans, samplers, copula) round-trips and
        its chunks compute the same partials."""
        net, unc = _network(), _uncertainty()
        kw = _kwargs()
        model = _risk._compile(net, unc, kw["risks"], kw["correlation"], ["M"])
        job = _risk._Job(model, 11, (500, 500), True, 1e-9, 1000, True)
        copy = pickle.loads(pickle.dumps(job))
        a, b = _risk._run_unit(job, 0, 2), _risk._run_unit(copy, 0, 2)
        for name in ("finish", "ms_finish", "without", "crit", "sum_d", "sum_d2", "kept"):
            assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


# ------------------------------------------------------------------------------ Dask
@pytest.fixture(scope="module")
def dask_client() -> Any:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


@requires_dask
class TestDask:
    @pytest.mark.usefixtures("small_units")
    def test_local_cluster_equals_local(self, dask_client: Any) -> None:
        """A LocalCluster of 2 worker processes gives the local result bit for bit."""
        net, unc = _network(), _uncertainty()
        local = simulate(net, unc, **_kwargs())
        remote = simulate(net, unc, executor=dask_client.get_executor(), **_kwargs())
        _same(local, remote)

    @pytest.mark.usefixtures("small_units")
    def test_killed_worker_is_retried_with_the_same_answer(
        self, dask_client: Any, tmp_path: Path
    ) -> None:
        """A worker process killed in the middle of a chunk is replaced by Dask, which
        reruns the chunk elsewhere: the same answer bit for bit."""
        net, unc = _network(), _uncertainty()
        local = simulate(net, unc, **_kwargs())
        marker = str(tmp_path / "killed")

        def kill_once(fn: Any, *args: Any) -> Any:
            if not os.path.exists(marker):  # the first chunk to run kills its worker
                Path(marker).touch()
                os._exit(1)
            return fn(*args)

        class KillingExecutor(Executor):
            def __init__(self, inner: Executor) -> None:
                self.inner = inner

            def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
                return self.inner.submit(kill_once, fn, *args, **kwargs)

        remote = simulate(net, unc, executor=KillingExecutor(dask_client.get_executor()),
                          **_kwargs())
        assert os.path.exists(marker)  # a worker was killed
        _same(local, remote)


class TestWorkerMemory:
    @pytest.mark.parametrize("max_memory", [4 * 2**20, 32 * 2**20])
    def test_peak_of_a_chunk(self, max_memory: int) -> None:
        """A worker running a chunk allocates at most max_memory of working arrays plus
        the durations of one stream (the documented bound) and the chunk's results:
        one batch's durations are freed before the next batch draws its own."""
        import tracemalloc

        from pmokit._executor import Shared

        n = 2000
        net = _network(n - 1)
        unc = {a.id: Triangular(1, a.duration + 1, 2 * a.duration + 3)
               for a in net.activities}
        model = _risk._compile(net, unc, (), None, [])
        sizes = _risk._stream_sizes(6000, 8 * n)
        assert len(sizes) == 3
        per_iter = 8 * (6 * n + 2 * n + 4 * n + 8)  # at least simulate's estimate
        job = _risk._Job(model, 1, tuple(sizes), True, 1e-9,
                         max(16, max_memory // per_iter), False)
        stream = 8 * n * max(sizes)
        results = 8 * sum(sizes) + 3 * 8 * n
        # compile the kernels of the extra 'fast' first (numba's compiler allocates
        # once per process: no working array of the chunk)
        _risk._simulate_chunk((Shared(job), ((0, 1),)))
        tracemalloc.start()
        try:
            _risk._simulate_chunk((Shared(job), ((0, 3),)))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak <= max_memory + stream + results + 2**20


class TestWithCostsAndProgress:
    @pytest.mark.usefixtures("small_units")
    def test_costs_on_a_process_pool(self, pool: Any) -> None:
        """Cost uncertainty (JCL) travels with the chunks: the same costs bit for bit."""
        from pmokit.monitoring import CostUncertainty, RiskCost

        net, unc = _network(), _uncertainty()
        costs = CostUncertainty(fixed={"A1": Triangular(100, 150, 300)}, rates={"A7": 20.0},
                                risks=[RiskCost("R", 0.2, Triangular(10, 50, 90))])
        local = simulate(net, unc, costs=costs, **_kwargs())
        remote = simulate(net, unc, costs=costs, executor=pool, **_kwargs())
        _same(local, remote)
        assert local.cost is not None and remote.cost is not None
        assert_array_equal(local.cost, remote.cost)

    @pytest.mark.usefixtures("small_units")
    @pytest.mark.parametrize("on_pool", [False, True])
    def test_progress_and_stop(self, pool: Any, on_pool: bool) -> None:
        """Reports never change the numbers; a stop keeps the first streams, as in the
        full run, here (per batch) and on a pool (per task)."""
        net, unc = _network(), _uncertainty()
        ex = pool if on_pool else None
        plain = simulate(net, unc, **_kwargs())
        seen: list[Any] = []
        reported = simulate(net, unc, progress=seen.append, executor=ex, **_kwargs())
        _same(plain, attrs_evolve_chunk(reported, plain.chunk_size))  # batches differ
        assert seen[-1].done == 3000 and len(seen) >= 3

        def stop(info: Any) -> bool:
            return bool(info.done >= 1000)

        res = simulate(net, unc, progress=stop, executor=ex, **_kwargs())
        assert 1000 <= res.iterations < 3000
        assert_array_equal(res.finish, plain.finish[: res.iterations])
        assert_array_equal(res.finish_without_risk,
                           plain.finish_without_risk[:, : res.iterations])
