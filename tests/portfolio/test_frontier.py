"""Tests of pmokit.portfolio.efficient_frontier."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit.errors import ValidationError
from pmokit.portfolio import Candidate, efficient_frontier, select
from pmokit.progress import ProgressInfo
from tests._requires import requires_pandas, requires_tqdm


def _cands(values: list[int], costs: list[int]) -> list[Candidate]:
    return [Candidate(f"P{i}", v, c) for i, (v, c) in enumerate(zip(values, costs, strict=True))]


class TestFrontier:
    @settings(max_examples=40, deadline=None)
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
