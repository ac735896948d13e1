"""progress= on resource_constrained_schedule: callback, early stop and the tqdm bar."""

from __future__ import annotations

import itertools
import sys

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from pmokit._progress import Progress
from pmokit.errors import MissingDependencyError, ValidationError
from pmokit.progress import ProgressInfo
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    Resource,
    resource_constrained_schedule,
)
from tests._requires import requires_tqdm


def _net() -> tuple[Network, list[Resource]]:
    rng = np.random.default_rng(9)
    acts = [
        Activity(f"A{i}", float(rng.integers(1, 9)),
                 demands={"r": int(rng.integers(1, 4)), "s": int(rng.integers(0, 3))})
        for i in range(40)
    ]
    deps = [Dependency(f"A{i}", f"A{j}") for i in range(40) for j in range(i + 5, 40, 11)]
    return Network(acts, deps), [Resource("r", 4), Resource("s", 3)]


METHODS = [("ga", False), ("sampling", False), ("sampling", True)]


class TestCallback:
    """A callback sees the search advance and may stop it."""

    @pytest.mark.parametrize(("method", "improve"), METHODS)
    def test_reports_without_changing_the_schedule(self, method: str, improve: bool) -> None:
        """Reporting leaves the schedules bit for bit; done grows to the budget, best only falls
        and ends at the makespan returned."""
        net, res = _net()
        seen: list[ProgressInfo] = []
        plain = resource_constrained_schedule(
            net, res, method=method, improve=improve, schedules=600, rng=3  # type: ignore[arg-type]
        )
        rs = resource_constrained_schedule(
            net, res, method=method, improve=improve, schedules=600, rng=3,  # type: ignore[arg-type]
            progress=seen.append,
        )
        assert plain.stopped == rs.stopped == "budget"
        assert_array_equal(rs.start, plain.start)
        assert rs.schedules == plain.schedules
        done = [i.done for i in seen]
        best = [i.best for i in seen]
        assert len(seen) >= 3
        assert done == sorted(done) and done[-1] <= 600
        assert all(i.total == 600 for i in seen)
        assert all(a >= b for a, b in itertools.pairwise(best))  # type: ignore[operator]
        assert best[-1] == rs.makespan
        assert all(i.elapsed >= 0 for i in seen)

    @pytest.mark.parametrize(("method", "improve"), METHODS)
    def test_true_stops_early(self, method: str, improve: bool) -> None:
        """Returning True stops the search: stopped == 'callback', fewer schedules than the
        budget, and the best schedule so far (the one the callback last saw)."""
        net, res = _net()
        calls: list[ProgressInfo] = []

        def stop_at_third(info: ProgressInfo) -> bool:
            calls.append(info)
            return len(calls) == 3

        rs = resource_constrained_schedule(
            net, res, method=method, improve=improve, schedules=50000, rng=3,  # type: ignore[arg-type]
            progress=stop_at_third,
        )
        assert rs.stopped == "callback"
        assert len(calls) == 3
        assert rs.schedules == calls[-1].done < 50000
        assert rs.makespan == calls[-1].best
        assert rs.makespan >= rs.lower_bound

    def test_stop_iteration_stops_early(self) -> None:
        """Raising StopIteration stops the search as returning True does (scipy's way)."""
        net, res = _net()

        def stop(info: ProgressInfo) -> None:
            if info.done >= 200:
                raise StopIteration

        rs = resource_constrained_schedule(net, res, schedules=50000, rng=3, progress=stop)
        assert rs.stopped == "callback" and 200 <= rs.schedules < 1000

    def test_other_return_values_do_not_stop(self) -> None:
        """Only True stops: a callback returning a truthy non-bool (e.g. a list length) does
        not end the run by accident."""
        net, res = _net()
        rs = resource_constrained_schedule(net, res, schedules=300, rng=3, progress=lambda i: 1)
        assert rs.stopped == "budget" and rs.schedules == 300

    @pytest.mark.parametrize("method", ["serial", "parallel"])
    def test_single_pass_reports_once(self, method: str) -> None:
        """A single pass reports one unit of one, with its makespan."""
        net, res = _net()
        seen: list[ProgressInfo] = []
        rs = resource_constrained_schedule(net, res, method=method, progress=seen.append)  # type: ignore[arg-type]
        assert [(i.done, i.total) for i in seen] == [(1, 1)]
        assert seen[0].best == rs.makespan and seen[0].fraction == 1.0


class TestTqdm:
    """progress=True draws a tqdm bar."""

    @requires_tqdm
    def test_bar_is_drawn(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The bar goes to stderr, counts schedules and leaves the result unchanged."""
        net, res = _net()
        plain = resource_constrained_schedule(net, res, schedules=400, rng=5)
        rs = resource_constrained_schedule(net, res, schedules=400, rng=5, progress=True)
        err = capsys.readouterr().err
        assert "RCPSP" in err and "400/400" in err and "schedule" in err
        assert_array_equal(rs.start, plain.start)

    def test_missing_tqdm(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without tqdm, progress=True says which extra to install."""
        monkeypatch.setitem(sys.modules, "tqdm", None)
        monkeypatch.setitem(sys.modules, "tqdm.auto", None)
        net, res = _net()
        with pytest.raises(MissingDependencyError, match=r"pmokit\[progress\]"):
            resource_constrained_schedule(net, res, schedules=10, progress=True)


class TestErrors:
    """A progress that is neither a bool nor a callable is refused by name."""

    def test_not_callable(self) -> None:
        """A string is refused, naming the argument and the type received."""
        net, res = _net()
        with pytest.raises(ValidationError, match=r"'progress' must be .*got 'yes' that is a str"):
            resource_constrained_schedule(net, res, progress="yes")  # type: ignore[arg-type]


class TestProgress:
    """The reporter itself."""

    def test_inactive_costs_nothing(self) -> None:
        """No progress: update never stops and nothing is called."""
        bar = Progress(None, 10)
        assert not bar.active and bar.update(5) is False

    def test_fraction(self) -> None:
        """fraction is done over total, capped at 1."""
        assert ProgressInfo(5, 10, 0.0).fraction == 0.5
        assert ProgressInfo(15, 10, 0.0).fraction == 1.0
        assert ProgressInfo(0, 0, 0.0).fraction == 1.0

    def test_stays_stopped(self) -> None:
        """Once asked to stop, every later update says stop without calling again."""
        calls: list[int] = []
        bar = Progress(lambda i: calls.append(i.done) or True, 10)
        assert bar.update(1) and bar.update(2)
        assert calls == [1]
