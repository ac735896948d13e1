"""efficient_frontier(progress=): callback, early stop and the tqdm bar (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from pmokit.errors import ValidationError
from pmokit.portfolio import Candidate, efficient_frontier
from pmokit.progress import ProgressInfo
from tests._requires import requires_tqdm


def _cands() -> list[Candidate]:
    rng = np.random.default_rng(4)
    return [Candidate(f"P{i}", float(rng.integers(1, 20)), float(rng.integers(1, 10)))
            for i in range(12)]


LEVELS = [5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 40.0]


class TestProgress:
    """Reporting and stopping."""

    def test_reports_without_changing_the_frontier(self) -> None:
        """done counts levels 0..k, best is the top level's value; the frontier is the same."""
        seen: list[ProgressInfo] = []
        plain = efficient_frontier(_cands(), LEVELS)
        f = efficient_frontier(_cands(), LEVELS, progress=seen.append)
        assert_array_equal(f.values, plain.values)
        assert f.status == plain.status and f.solves == plain.solves
        assert [i.done for i in seen] == list(range(len(LEVELS) + 1))
        assert all(i.total == len(LEVELS) for i in seen)
        assert seen[0].best is None and seen[-1].best == plain.values[-1]

    def test_early_stop(self) -> None:
        """Returning True before the third level leaves the lower levels 'not_solved' and the
        two solved ones as in a full run."""
        plain = efficient_frontier(_cands(), LEVELS)
        f = efficient_frontier(_cands(), LEVELS, progress=lambda info: info.done >= 2)
        k = len(LEVELS)
        assert f.status[: k - 2] == ("not_solved",) * (k - 2)
        assert f.status[k - 2 :] == plain.status[k - 2 :]
        assert_array_equal(f.values[k - 2 :], plain.values[k - 2 :])
        assert f.solves <= 2

    def test_stop_iteration(self) -> None:
        """StopIteration at the first call: nothing solved, every level 'not_solved'."""

        def stop(info: ProgressInfo) -> None:
            raise StopIteration

        f = efficient_frontier(_cands(), LEVELS, progress=stop)
        assert set(f.status) == {"not_solved"} and f.solves == 0

    @requires_tqdm
    def test_bar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True draws a bar counting levels."""
        efficient_frontier(_cands(), LEVELS, progress=True)
        err = capsys.readouterr().err
        assert "frontier" in err and f"{len(LEVELS)}/{len(LEVELS)}" in err

    def test_bad_progress(self) -> None:
        """A progress that is not a bool or callable is refused by name."""
        with pytest.raises(ValidationError, match="'progress' must be"):
            efficient_frontier(_cands(), LEVELS, progress=1)  # type: ignore[arg-type]
