"""Tests of burn_up."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest

from pmokit.agile import burn_up, when_done
from pmokit.errors import ValidationError
from tests._requires import requires_pandas


class TestBurnUp:
    """Done, scope and forecast cone per period."""

    def test_lines(self) -> None:
        """Done is the running sum; the cone starts at the last done value and is ordered."""
        b = burn_up([2, 3, 0, 4, 3], [20, 20, 22, 22, 25], horizon=4, rng=1)
        assert b.done[:5].tolist() == [2, 5, 5, 9, 12] and np.isnan(b.done[5:]).all()
        assert b.remaining == 13
        assert (b.cone[:, 4] == 12).all() and np.isnan(b.cone[:, :4]).all()
        assert (np.diff(b.cone[:, 5:], axis=0) >= 0).all()
        assert (np.diff(b.cone[:, 4:], axis=1) >= 0).all()
        assert b.scope[5:].tolist() == [25.0] * 4

    def test_cone_bounds(self) -> None:
        """After k periods the cone lies between k min and k max throughputs."""
        b = burn_up([2, 3, 0, 4, 3], 40, horizon=6, rng=1)
        k = np.arange(1, 7)
        assert (b.cone[:, 5:] >= 12 + 0 * k).all() and (b.cone[:, 5:] <= 12 + 4 * k).all()

    def test_finish_matches_when_done(self) -> None:
        """The finish forecast is when_done of the remaining scope on the same history."""
        b = burn_up([2, 3, 0, 4, 3], [20, 20, 22, 22, 25], horizon=0, rng=5, iterations=4000)
        f = when_done([2, 3, 0, 4, 3], 13, rng=5, iterations=4000)
        assert np.array_equal(b.finish.periods, f.periods)

    def test_discovery_scope(self) -> None:
        """Scope grows by the mean discovery per forecast period."""
        b = burn_up([2, 3, 4], 20, horizon=3, discovery=1.0, rng=1)
        assert b.scope[3:].tolist() == [21.0, 22.0, 23.0]

    def test_dates_and_records(self) -> None:
        """Dates are period ends; records have one row per period; pickles equal."""
        b = burn_up([2, 3, 0, 4, 3], 25, horizon=2, rng=1, start=dt.date(2026, 6, 1))
        assert b.dates is not None
        assert b.dates[0] == np.datetime64("2026-06-05")
        assert b.finish.start == dt.date(2026, 7, 6)
        rec = b.to_records()
        assert len(rec) == 7 and rec[5]["done"] is None and rec[0]["p15"] is None
        assert pickle.loads(pickle.dumps(b)) == b

    @requires_pandas
    def test_frame(self) -> None:
        """to_frame is indexed by period."""
        assert burn_up([1, 2], 5, horizon=1, rng=1).to_frame().index.name == "period"

    def test_errors(self) -> None:
        """Scope of another length, below done, bad horizon."""
        with pytest.raises(ValidationError, match="each of the 3 periods"):
            burn_up([1, 2, 3], [10, 10])
        with pytest.raises(ValidationError, match="at least the items done"):
            burn_up([5, 5], [10, 8])
        with pytest.raises(ValidationError, match="'horizon'"):
            burn_up([1, 2], 10, horizon=-1)
        with pytest.raises(ValidationError, match="'done' is an empty history"):
            burn_up([], 10)


@pytest.mark.parametrize("period", ["W", "2W"])
def test_start_near_the_last_date_refused_fuzz4(period: str) -> None:
    """A start near date.max overflowed (raw OverflowError): refused naming 'start'."""
    with pytest.raises(ValidationError, match="'start' 9999-12-30 leaves no room for 9 periods"):
        burn_up([0, 8, 2, 3, 6], 33, horizon=4, iterations=3, rng=1,
                start=dt.date(9999, 12, 30), period=period)
