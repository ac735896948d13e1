"""simulate(progress=): callback, early stop and the tqdm bar (issue 17)."""

from __future__ import annotations

import pytest
from numpy.testing import assert_array_equal

from pmokit.errors import ValidationError
from pmokit.progress import ProgressInfo
from pmokit.scheduling import Activity, BetaPert, Dependency, Network, simulate
from tests._requires import requires_tqdm


def _net() -> tuple[Network, dict[str, BetaPert]]:
    acts = [Activity(f"T{i}", 3.0) for i in range(30)]
    deps = [Dependency(f"T{i}", f"T{i + 3}") for i in range(27)]
    return Network(acts, deps), {f"T{i}": BetaPert(2, 3, 7) for i in range(30)}


N = 20_000


class TestProgress:
    """Reporting never changes the numbers; a stop keeps the streams done."""

    def test_reports_without_changing_the_numbers(self) -> None:
        """done grows to N in several reports; the result is bit for bit the plain one."""
        net, unc = _net()
        seen: list[ProgressInfo] = []
        plain = simulate(net, unc, iterations=N, rng=5)
        res = simulate(net, unc, iterations=N, rng=5, progress=seen.append)
        assert_array_equal(res.finish, plain.finish)
        assert_array_equal(res.criticality, plain.criticality)
        assert_array_equal(res.cruciality, plain.cruciality)
        done = [i.done for i in seen]
        assert len(done) >= 3 and done == sorted(done) and done[-1] == N
        assert seen[-1].best == pytest.approx(plain.mean)

    def test_early_stop_keeps_the_first_streams(self) -> None:
        """Stopping after the first report: fewer iterations, the same first draws as the
        full run, and indices computed on them."""
        net, unc = _net()
        plain = simulate(net, unc, iterations=N, rng=5)
        seen: list[ProgressInfo] = []

        def stop(info: ProgressInfo) -> bool:
            seen.append(info)
            return True

        res = simulate(net, unc, iterations=N, rng=5, progress=stop)
        assert res.iterations == seen[0].done < N
        assert_array_equal(res.finish, plain.finish[: res.iterations])
        assert res.criticality.min() >= 0.0 and res.criticality.max() <= 1.0

    def test_stop_iteration(self) -> None:
        """Raising StopIteration stops as returning True does."""
        net, unc = _net()

        def stop(info: ProgressInfo) -> None:
            raise StopIteration

        assert simulate(net, unc, iterations=N, rng=5, progress=stop).iterations < N

    @requires_tqdm
    def test_bar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True draws a bar counting iterations."""
        net, unc = _net()
        simulate(net, unc, iterations=N, rng=5, progress=True)
        err = capsys.readouterr().err
        assert "simulate" in err and f"{N}/{N}" in err

    def test_bad_progress(self) -> None:
        """A progress that is not a bool or callable is refused by name."""
        net, unc = _net()
        with pytest.raises(ValidationError, match="'progress' must be"):
            simulate(net, unc, iterations=100, progress=3)  # type: ignore[arg-type]
