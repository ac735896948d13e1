"""Tests of pmokit.portfolio.efficient_frontier."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit.errors import SolverError, ValidationError
from pmokit.portfolio import Candidate, efficient_frontier, select
from pmokit.portfolio import _frontier as frontier_module
from pmokit.progress import ProgressInfo
from tests._hypothesis import examples
from tests._requires import requires_dask, requires_pandas, requires_tqdm


def _cands(values: list[int], costs: list[int]) -> list[Candidate]:
    return [Candidate(f"P{i}", v, c) for i, (v, c) in enumerate(zip(values, costs, strict=True))]


class TestFrontier:
    @settings(max_examples=examples(40), deadline=None)
    @given(
        st.lists(st.tuples(st.integers(0, 30), st.integers(0, 20)), min_size=1, max_size=9),
        st.integers(2, 12),
    )
    def test_monotone_and_optimal(self, items: list[tuple[int, int]], k: int) -> None:
        """Value never decreases with the budget and each point equals a fresh select()."""
        cands = _cands([v for v, _ in items], [c for _, c in items])
        f = efficient_frontier(cands, k, gap=0.0)
        assert np.all(np.diff(f.values) >= -1e-9)
        assert np.all(np.diff(f.total_budgets) >= 0)
        assert np.all(f.costs <= f.total_budgets + 1e-9)
        for b, v in zip(f.total_budgets, f.values, strict=True):
            assert v == pytest.approx(select(cands, budgets=b, gap=0.0).total_value)

    def test_entered_left_and_reuse(self) -> None:
        """Entering/leaving sets between points and a reused point (no new solve)."""
        cands = _cands([10, 9, 7], [6, 5, 4])
        f = efficient_frontier(cands, [4, 10, 15, 20])
        assert f.chosen == (("P2",), ("P0", "P2"), ("P0", "P1", "P2"), ("P0", "P1", "P2"))
        assert f.entered[1] == ("P0",) and f.left[1] == ()
        assert f.reused.tolist() == [False, False, True, False] and f.solves == 3
        assert f.status == ("optimal",) * 4
        g = efficient_frontier(cands, [5, 6])
        assert g.chosen == (("P1",), ("P0",)) and g.entered[1] == ("P0",) and g.left[1] == ("P1",)

    def test_with_must_infeasible_low_budgets(self) -> None:
        """Levels below the cost of forced projects are infeasible with value 0."""
        cands = _cands([10, 9, 7], [6, 5, 4])
        f = efficient_frontier(cands, [3, 6, 20], must=["P0"])
        assert f.status[0] == "infeasible" and f.chosen[0] == ()
        assert f.values[1] == 10 and f.values[2] == 26

    def test_period_budgets_held(self) -> None:
        """Per-period budgets stay in force at every level."""
        cands = [Candidate("A", 10, [5, 0]), Candidate("B", 8, [0, 5]), Candidate("C", 6, [4, 0])]
        f = efficient_frontier(cands, [100], budgets=[5, 5])
        assert f.chosen[0] == ("A", "B")

    def test_records(self) -> None:
        """to_records has one row per level."""
        f = efficient_frontier(_cands([1, 2], [1, 1]), 3)
        assert len(f.to_records()) == 3 and f.to_records()[0]["total_budget"] == 0.0

    def test_bad_levels(self) -> None:
        """Negative levels or zero points are rejected."""
        with pytest.raises(ValidationError, match="'total_budgets'"):
            efficient_frontier(_cands([1], [1]), [-1, 2])
        with pytest.raises(ValidationError, match=">= 1"):
            efficient_frontier(_cands([1], [1]), 0)


class TestFrontierVocabulary:
    def test_budgets_means_per_period_with_total_budgets(self) -> None:
        """budgets= is per period as in select(); the levels are total_budgets=."""
        cands = [Candidate("A", 10, [5, 0]), Candidate("B", 8, [0, 5]), Candidate("C", 6, [4, 0])]
        f = efficient_frontier(cands, total_budgets=[100], budgets=[5, 5])
        assert f.chosen[0] == ("A", "B")
        assert f.chosen == (select(cands, budgets=[5, 5], total_budget=100).chosen,)

    def test_old_budgets_keyword_warns_and_keeps_its_meaning(self) -> None:
        """budgets= without total_budgets= still means the levels, with a warning naming
        total_budgets."""
        cands = _cands([10, 9, 7], [6, 5, 4])
        with pytest.warns(DeprecationWarning, match="total_budgets"):
            old = efficient_frontier(cands, budgets=[4, 10, 15])
        assert old.chosen == efficient_frontier(cands, total_budgets=[4, 10, 15]).chosen

    def test_period_budgets_is_deprecated(self) -> None:
        """period_budgets= works with a warning naming budgets."""
        cands = [Candidate("A", 10, [5, 0]), Candidate("B", 8, [0, 5]), Candidate("C", 6, [4, 0])]
        with pytest.warns(DeprecationWarning, match="'budgets'"):
            f = efficient_frontier(cands, [100], period_budgets=[5, 5])
        assert f.chosen[0] == ("A", "B")

    def test_both_names_rejected(self) -> None:
        """budgets= and period_budgets= together are refused."""
        cands = [Candidate("A", 10, [5, 0])]
        with pytest.raises(ValidationError, match="period_budgets"):
            efficient_frontier(cands, [100], budgets=[5, 5], period_budgets=[5, 5])

    def test_result_budgets_attribute_deprecated(self) -> None:
        """Frontier.budgets still gives the levels, with a warning naming total_budgets."""
        f = efficient_frontier(_cands([1, 2], [1, 1]), [1, 2])
        with pytest.warns(DeprecationWarning, match="total_budgets"):
            assert f.budgets.tolist() == [1.0, 2.0]

    @pytest.mark.parametrize("limit", [0, -1.0, float("nan")])
    def test_time_limit_zero_rejected_as_select_does(self, limit: float) -> None:
        """time_limit=0 is refused (it used to mark every level infeasible with value 0)."""
        cands = _cands([10, 9, 7], [6, 5, 4])
        with pytest.raises(ValidationError, match="'time_limit'"):
            select(cands, budgets=10, time_limit=limit)
        with pytest.raises(ValidationError, match="'time_limit'"):
            efficient_frontier(cands, [4, 10], time_limit=limit)

    def test_statuses_are_solver_statuses(self) -> None:
        """Every level's status is one of the shared SolverStatus words."""
        from typing import get_args

        from pmokit._typing import SolverStatus

        f = efficient_frontier(_cands([10, 9, 7], [6, 5, 4]), [3, 6, 20], must=["P0"])
        assert set(f.status) <= set(get_args(SolverStatus))
        assert f.status[0] == "infeasible"


class TestFrontierLarger:
    def test_gap_path_monotone_and_feasible(self) -> None:
        """120 candidates over 4 periods with period budgets, gap 1 %: monotone, within levels."""
        rng = np.random.default_rng(11)
        cands = [
            Candidate(f"P{i}", float(rng.integers(10, 100)), rng.integers(0, 30, 4).astype(float))
            for i in range(120)
        ]
        pb = np.full(4, 600.0)
        f = efficient_frontier(cands, 12, budgets=pb, requires=[("P0", "P1")], gap=1e-2)
        assert np.all(np.diff(f.values) >= -1e-9)
        assert np.all(f.costs <= f.total_budgets + 1e-6)
        costs = np.array([c.costs for c in cands])
        for chosen in f.chosen:
            x = np.array([c.id in chosen for c in cands], dtype=float)
            assert np.all(x @ costs <= pb + 1e-6)
            assert x[0] <= x[1]
        assert len(f.to_records()) == 12

    @requires_pandas
    def test_to_frame(self) -> None:
        """The frame has one row per level, total budget first."""
        f = efficient_frontier(_cands([1, 2, 3], [1, 1, 2]), 12)
        frame = f.to_frame()
        assert list(frame.columns)[:3] == ["total_budget", "value", "cost"] and len(frame) == 12


def _PROGRESS_cands() -> list[Candidate]:
    rng = np.random.default_rng(4)
    return [Candidate(f"P{i}", float(rng.integers(1, 20)), float(rng.integers(1, 10)))
            for i in range(12)]


LEVELS = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0]


class TestProgress:
    """Reporting and stopping."""

    def test_reports_without_changing_the_frontier(self) -> None:
        """done counts levels 0..k, best is the top level's value; the frontier is the same."""
        seen: list[ProgressInfo] = []
        plain = efficient_frontier(_PROGRESS_cands(), LEVELS)
        f = efficient_frontier(_PROGRESS_cands(), LEVELS, progress=seen.append)
        assert_array_equal(f.values, plain.values)
        assert f.status == plain.status and f.solves == plain.solves
        assert [i.done for i in seen] == list(range(len(LEVELS) + 1))
        assert all(i.total == len(LEVELS) for i in seen)
        assert seen[0].best is None and seen[-1].best == plain.values[-1]

    def test_early_stop(self) -> None:
        """Returning True before the third level leaves the lower levels 'not_solved' and the
        two solved ones as in a full run."""
        plain = efficient_frontier(_PROGRESS_cands(), LEVELS)
        f = efficient_frontier(_PROGRESS_cands(), LEVELS, progress=lambda info: info.done >= 2)
        k = len(LEVELS)
        assert f.status[: k - 2] == ("not_solved",) * (k - 2)
        assert f.status[k - 2 :] == plain.status[k - 2 :]
        assert_array_equal(f.values[k - 2 :], plain.values[k - 2 :])
        assert f.solves <= 2

    def test_stop_iteration(self) -> None:
        """StopIteration at the first call: nothing solved, every level 'not_solved'."""

        def stop(info: ProgressInfo) -> None:
            raise StopIteration

        f = efficient_frontier(_PROGRESS_cands(), LEVELS, progress=stop)
        assert set(f.status) == {"not_solved"} and f.solves == 0

    @requires_tqdm
    def test_bar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True draws a bar counting levels."""
        efficient_frontier(_PROGRESS_cands(), LEVELS, progress=True)
        err = capsys.readouterr().err
        assert "frontier" in err and f"{len(LEVELS)}/{len(LEVELS)}" in err

    def test_bad_progress(self) -> None:
        """A progress that is not a bool or callable is refused by name."""
        with pytest.raises(ValidationError, match="'progress' must be"):
            efficient_frontier(_PROGRESS_cands(), LEVELS, progress=1)  # type: ignore[arg-type]


# ------------------------------------------------------------- executor= (issue 21)

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


class TestExecutorSameEverywhere:
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

    def test_chunks_reuse_inside_themselves_and_the_top_level(self) -> None:
        """A chunk reuses the selections of its own levels and of the largest level
        (solved once, before the chunks), nothing else: with chunk_size=1 a level is
        reused exactly when the largest level's selection fits it, and the values stay
        those of the one-chunk run within the gap."""
        inst = _instance()
        one = efficient_frontier(**inst, total_budgets=12, chunk_size=12)
        each = efficient_frontier(**inst, total_budgets=12, chunk_size=1)
        fits = one.costs[-1] <= one.total_budgets + 1e-9
        fits[-1] = False  # the largest level itself is solved
        assert each.reused.tolist() == fits.tolist()
        assert each.solves == 12 - int(fits.sum()) >= one.solves
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


def _failing_solve(*args: Any, **kwargs: Any) -> tuple[int, None, float, float]:
    return 4, None, float("nan"), float("nan")


class TestExecutorErrors:
    def test_worker_error_comes_back(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """HiGHS failing on a worker's level reaches the caller as SolverError."""
        monkeypatch.setattr(frontier_module, "_certify_level", _failing_solve)
        # forked after the patch, the workers run the failing solver
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(2, mp_context=ctx) as ex, \
                pytest.raises(SolverError, match="HiGHS failed on the frontier level"):
            efficient_frontier(**_instance(), total_budgets=4, executor=ex)

    def test_solver_failure_locally(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The same without an executor (it was taken for infeasibility before)."""
        monkeypatch.setattr(frontier_module, "_certify_level", _failing_solve)
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


class TestExecutorPickles:
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
        x, status, reused, bounds, solves = frontier_module._frontier_chunk((copy, 0, 6, None))
        assert tuple(status) == local.status and solves == local.solves
        assert np.all(bounds >= x @ model.value - 1e-9)
        np.testing.assert_array_equal(reused, local.reused)
        np.testing.assert_array_equal(x @ model.value, local.values)


# ------------------------------------------------------------------------------ Dask
@requires_dask
class TestExecutorDask:
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


# ------------------------------------------------------- certified levels (issue 22)
class TestCertifiedGaps:
    @settings(max_examples=examples(25), deadline=None)
    @given(st.integers(0, 10_000), st.sampled_from([0.0, 1e-3, 5e-2]))
    def test_gap_brackets_the_optimum(self, seed: int, gap: float) -> None:
        """At every level the exact optimum (select, gap 0) lies between the frontier's
        value and value + gap x max(|value|, 1), and an optimal level's gap is <= gap."""
        rng = np.random.default_rng(seed)
        n = int(rng.integers(3, 12))
        cands = [
            Candidate(f"P{i}", float(rng.integers(1, 40)), rng.integers(0, 9, 2).astype(float),
                      demands={"dev": rng.integers(0, 4, 2).astype(float)})
            for i in range(n)
        ]
        rules: dict[str, Any] = {"budgets": [15.0, 15.0], "capacity": {"dev": 6.0},
                                 "requires": [("P0", "P1")], "excludes": [("P1", "P2")]}
        f = efficient_frontier(cands, 6, gap=gap, **rules)
        assert f.gaps.shape == (6,) and not f.gaps.flags.writeable
        for b, v, g, s in zip(f.total_budgets, f.values, f.gaps, f.status, strict=True):
            best = select(cands, total_budget=float(b), gap=0.0, **rules).total_value
            assert v <= best + 1e-9
            assert best <= v + g * max(abs(v), 1.0) + 1e-6
            if s == "optimal":
                assert g <= gap + 1e-12

    def test_easy_levels_need_no_milp(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Levels whose rounded LP optimum is within the gap of the LP bound are
        certified without any MILP (the solver is not even called)."""
        def no_milp(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("a MILP was solved")

        monkeypatch.setattr(frontier_module, "milp", no_milp)
        monkeypatch.setattr(frontier_module, "_milp", no_milp)
        rng = np.random.default_rng(5)
        cands = [Candidate(f"P{i}", float(rng.integers(50, 100)), [1.0, float(i % 2)])
                 for i in range(300)]
        f = efficient_frontier(cands, 10, gap=1e-2, budgets=[np.inf, 100.0])
        assert f.status[1:] == ("optimal",) * 9 and np.all(f.gaps[1:] <= 1e-2)

    def test_cut_back_fits_and_keeps_dependencies(self) -> None:
        """The selection of a larger level cut back to a smaller budget fits it and never
        drops a candidate another selected one requires."""
        from pmokit.portfolio import build_model

        cands = [Candidate("A", 10, 5), Candidate("B", 1, 5), Candidate("C", 9, 4),
                 Candidate("D", 2, 4)]
        model = build_model(cands, budgets=np.inf, requires=[("A", "B")])
        row_upper = np.array(model.row_upper)
        row_upper[0] = 9.0
        x = frontier_module._cut_back(model, -model.value, np.ones(4), row_upper)
        # by value per cost: B (A requires it: skipped), D, then A; C stays
        assert x.tolist() == [0.0, 1.0, 1.0, 0.0]
        assert float(model.total_cost @ x) <= 9.0 and x[0] <= x[1]


class TestTimeLimit:
    def test_time_limit_is_one_budget_per_level(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A level's full MILP gets what its neighbourhood MILP left of ``time_limit``, as
        select does (it got the whole limit again: the hard level of the issue-22 benchmark
        ran about 40 s for ``time_limit=30``)."""
        import types

        clock = iter([100.0] + [107.0] * 10)
        monkeypatch.setattr(
            frontier_module, "time", types.SimpleNamespace(monotonic=lambda: next(clock)),
            raising=False,
        )
        limits: list[tuple[Any, Any]] = []
        real_neighbourhood, real_full = frontier_module._milp, frontier_module.milp

        def neighbourhood(*args: Any, **kwargs: Any) -> Any:
            limits.append(("neighbourhood", kwargs["time_limit"]))
            return real_neighbourhood(*args, **kwargs)

        def full(*args: Any, **kwargs: Any) -> Any:
            limits.append(("full", kwargs["options"].get("time_limit")))
            return real_full(*args, **kwargs)

        monkeypatch.setattr(frontier_module, "_milp", neighbourhood)
        monkeypatch.setattr(frontier_module, "milp", full)
        # a fractional LP optimum and gap 0: no quick path certifies the level
        cands = [Candidate(f"P{i}", v, [w]) for i, (v, w) in
                 enumerate([(10, 6), (9, 5), (7, 4), (5, 3), (4, 3)])]
        f = efficient_frontier(cands, [10.0], gap=0.0, budgets=[10.5], time_limit=10.0)
        assert limits == [("neighbourhood", 10.0), ("full", pytest.approx(3.0))]
        assert f.status == ("optimal",) and f.values[0] == 17.0

    def test_no_time_left_returns_the_incumbent(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """When the neighbourhood MILP used up ``time_limit``, the level keeps its best
        selection as 'feasible' with the gap to the LP bound, without a full MILP."""
        import types

        clock = iter([100.0] + [111.0] * 10)
        monkeypatch.setattr(
            frontier_module, "time", types.SimpleNamespace(monotonic=lambda: next(clock)),
            raising=False,
        )

        def no_full(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError("the full MILP ran after the time limit")

        monkeypatch.setattr(frontier_module, "milp", no_full)
        cands = [Candidate(f"P{i}", v, [w]) for i, (v, w) in
                 enumerate([(10, 6), (9, 5), (7, 4), (5, 3), (4, 3)])]
        f = efficient_frontier(cands, [10.0], gap=0.0, budgets=[10.5], time_limit=10.0)
        assert f.status == ("feasible",) and f.values[0] > 0
        assert f.gaps[0] > 0


def test_absurd_level_count_refused_before_allocating_fuzz4() -> None:
    """total_budgets=10**12 levels died of MemoryError (7 TiB): refused naming the levels."""
    with pytest.raises(ValidationError, match=r"'selections of the 'total_budgets' levels' "
                                              r"would need 16000000000000 bytes"):
        efficient_frontier([Candidate("A", 10, 6), Candidate("B", 9, 5)], 10**12)
