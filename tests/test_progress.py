"""Tests of pmokit.progress and pmokit._progress: what a progress= callback receives."""

from __future__ import annotations

from pmokit._progress import Progress
from pmokit.progress import ProgressInfo


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
