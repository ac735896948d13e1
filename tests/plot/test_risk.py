"""Tests of pmokit.plot's risk charts (finish_distribution, tornado) on the Agg backend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from pmokit import plot
from pmokit.errors import ValidationError
from pmokit.scheduling import (
    BetaPert,
    schedule,
    simulate,
)
from tests._requires import requires_matplotlib
from tests.plot._helpers import _lines, _net, _risk


@pytest.fixture
def agg() -> Iterator[Any]:
    """The Agg backend; every figure closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


@requires_matplotlib
class TestRisk:
    """finish_distribution and tornado."""

    def test_histogram_cdf_and_p_lines(self, agg: Any) -> None:
        """bins bars holding every iteration; P-lines at the result's percentiles; CDF 0-1."""
        res = _risk()
        ax = plot.finish_distribution(res, bins=25, percentiles=(50, 80))
        assert len(ax.patches) == 25
        assert sum(p.get_height() for p in ax.patches) == res.iterations
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        assert lines["P80 = " + f"{res.percentile(80):.1f} d"].get_xdata()[0] == res.percentile(80)
        assert lines["plan"].get_xdata()[0] == res.deterministic_finish
        twin = ax.figure.axes[-1]
        (cdf,) = twin.get_lines()
        assert cdf.get_label() == "CDF" and twin.get_ylim() == (0.0, 1.0)
        assert cdf.get_ydata()[-1] == 1.0

    def test_dates_in_labels(self, agg: Any) -> None:
        """With a start date the P-lines carry their dates."""
        from pmokit.calendar import WorkCalendar

        net = _net()
        res = simulate(net, {"A": BetaPert(2, 3, 6)}, iterations=500, rng=1,
                       start=dt.date(2026, 1, 5), calendar=WorkCalendar())
        ax = plot.finish_distribution(res, percentiles=[80], cdf=False)
        assert any(f"({res.percentile_date(80):%d %b %Y})" in s for s in _lines(ax))
        assert len(ax.figure.axes) == 1

    def test_deadline_line(self, agg: Any) -> None:
        """A simulation with a deadline shows it with the chance of meeting it."""
        res = simulate(_net(), {"A": BetaPert(2, 3, 6)}, iterations=500, rng=1, deadline=9.0)
        ax = plot.finish_distribution(res, cdf=False)
        (line,) = [ln for ln in ax.get_lines() if ln.get_label().startswith("deadline")]
        assert line.get_xdata()[0] == 9.0
        assert f"{res.deadline_probability:.0%} on time" in line.get_label()

    def test_bad_percentile(self, agg: Any) -> None:
        """Quantiles given for percentiles are refused (unit slip)."""
        with pytest.raises(ValidationError, match="0-100"):
            plot.finish_distribution(_risk(), percentiles=[0.8])
        with pytest.raises(ValidationError, match="'bins'"):
            plot.finish_distribution(_risk(), bins=0)

    @pytest.mark.parametrize("measure", ["criticality", "cruciality", "sensitivity"])
    def test_tornado_activities(self, agg: Any, measure: str) -> None:
        """Bars sorted by |value|, largest on top, labelled by id."""
        res = _risk(risks=False)
        ax = plot.tornado(res, measure=measure, top=3)  # type: ignore[arg-type]
        (bars,) = ax.containers
        widths = [p.get_width() for p in bars]
        assert len(widths) == 3
        assert [abs(w) for w in widths] == sorted((abs(w) for w in widths), reverse=True)
        values = dict(zip(res.ids, getattr(res, measure), strict=True))
        names = [t.get_text() for t in ax.get_yticklabels()]
        assert widths == [values[n] for n in names]

    def test_tornado_risks(self, agg: Any) -> None:
        """risk_contribution draws one bar per risk with the result's numbers."""
        res = _risk()
        ax = plot.tornado(res, measure="risk_contribution", percentile=80)
        (bars,) = ax.containers
        contrib = dict(zip(res.risk_ids, res.risk_contribution(80), strict=True))
        names = [t.get_text() for t in ax.get_yticklabels()]
        assert sorted(names) == ["R1", "R2"]
        assert [p.get_width() for p in bars] == [contrib[n] for n in names]

    def test_tornado_errors(self, agg: Any) -> None:
        """Unknown measure, no risks, bad top."""
        with pytest.raises(ValidationError, match="'measure' must be one of"):
            plot.tornado(_risk(), measure="float")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="needs a simulation with risks"):
            plot.tornado(_risk(risks=False), measure="risk_contribution")
        with pytest.raises(ValidationError, match="'top'"):
            plot.tornado(_risk(), top=0)
        with pytest.raises(ValidationError, match="'result' must be a RiskResult"):
            plot.tornado(schedule(_net()))
