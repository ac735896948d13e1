"""Tests of pmokit.plot.s_curve on the Agg backend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from pmokit import plot
from pmokit.errors import ValidationError
from pmokit.monitoring import earned_value
from tests._requires import requires_matplotlib
from tests.plot._helpers import _lines


@pytest.fixture
def agg() -> Iterator[Any]:
    """The Agg backend; every figure closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


@requires_matplotlib
class TestSCurve:
    """s_curve draws PV, EV, AC, forecasts, BAC and EAC."""

    def test_lines(self, agg: Any) -> None:
        """Every curve, and EAC = BAC / CPI from the result."""
        ev = earned_value([10, 30, 60, 100], [8, 20], [10, 25])
        ax = plot.s_curve(ev)
        labels = _lines(ax)
        assert labels[:5] == ["PV", "EV", "AC", "EV forecast", "AC forecast"]
        assert f"EAC = {ev.eac:,.0f}" in labels and "BAC = 100" in labels
        (pv,) = [ln for ln in ax.get_lines() if ln.get_label() == "PV"]
        np.testing.assert_array_equal(pv.get_ydata(), ev.s_curve.planned)

    def test_dated_ticks(self, agg: Any) -> None:
        """With a calendar and start, ticks carry the period-end dates."""
        from pmokit.calendar import WorkCalendar

        ev = earned_value([10, 30, 60, 100], [8, 20], [10, 25], calendar=WorkCalendar(),
                          start=dt.date(2026, 1, 5))
        ax = plot.s_curve(ev)
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels[0] == f"{ev.s_curve.date[0]:%d %b %Y}" and "2026" in labels[-1]
        assert ax.get_xlabel() == "period end"

    def test_scurve_only(self, agg: Any) -> None:
        """An SCurve alone has no EAC line; forecast=False drops the dashed lines."""
        ev = earned_value([10, 30, 60, 100], [8, 20], [10, 25])
        ax = plot.s_curve(ev.s_curve, forecast=False)
        assert _lines(ax) == ["PV", "EV", "AC"]
        with pytest.raises(ValidationError, match="EarnedValue or an SCurve"):
            plot.s_curve([1, 2, 3])
