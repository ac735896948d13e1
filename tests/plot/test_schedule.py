"""Tests of pmokit.plot's schedule charts (gantt, resource_load) on the Agg backend."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pmokit import plot
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    Resource,
    level,
    resource_constrained_schedule,
    schedule,
)
from tests._requires import requires_matplotlib
from tests.plot._helpers import _labels, _lines, _net


@pytest.fixture
def agg() -> Iterator[Any]:
    """The Agg backend; every figure closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


@requires_matplotlib
class TestGantt:
    """gantt draws one bar per activity, split critical / non-critical, float and baseline."""

    def test_bars(self, agg: Any) -> None:
        """A, C, D are critical (3 bars), B is not (1 bar) and has 5 days of float (7 - 2)."""
        s = schedule(_net())
        ax = plot.gantt(s)
        by = {c.get_label(): c for c in ax.containers}
        assert set(by) == {"critical", "non-critical", "total float"}
        assert len(by["critical"]) == 3 and len(by["non-critical"]) == 1
        (fl,) = by["total float"].patches
        assert fl.get_x() == pytest.approx(2.0) and fl.get_width() == pytest.approx(5.0)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C", "D"]
        crit_x = sorted(p.get_x() for p in by["critical"].patches)
        assert crit_x == pytest.approx([0.0, 3.0, 7.0])
        assert ax.get_ylim() == (3.5, -0.5)  # first activity on top

    def test_milestones_marked(self, agg: Any) -> None:
        """A zero-duration activity gets a diamond at its date on its row."""
        net = Network([Activity("A", 3), Activity("M", 0)], [Dependency("A", "M")])
        ax = plot.gantt(schedule(net))
        (m,) = [ln for ln in ax.get_lines() if ln.get_label() == "milestone"]
        assert m.get_marker() == "D"
        assert list(m.get_xdata()) == [3.0] and list(m.get_ydata()) == [1.0]

    def test_baseline_matched_by_label(self, agg: Any) -> None:
        """Baseline bars follow ids, not positions: a baseline given in another order lands
        on the right rows, and activities absent from it get no bar."""
        s = schedule(_net())
        ax = plot.gantt(s, baseline={"C": (1.0, 5.0), "A": (0.0, 1.0)})
        (base,) = [c for c in ax.containers if c.get_label() == "baseline"]
        rows = sorted((round(p.get_y() + p.get_height() / 2 - 0.3), p.get_x(), p.get_width())
                      for p in base.patches)
        assert rows == [(0, 0.0, 1.0), (2, 1.0, 4.0)]

    def test_baseline_schedule_and_unknown(self, agg: Any) -> None:
        """A schedule works as a baseline; an unknown baseline id is named."""
        s = schedule(_net())
        ax = plot.gantt(s, baseline=s, show_float=False)
        assert "total float" not in _labels(ax)
        with pytest.raises(UnknownReferenceError, match="'Z'"):
            plot.gantt(s, baseline={"Z": (0, 1)})

    def test_resource_schedule_and_given_axes(self, agg: Any) -> None:
        """A ResourceSchedule draws its start/finish on the Axes given; no float."""
        rs = resource_constrained_schedule(_net(), [Resource("crew", 3)], rng=1)
        _fig, given = agg.subplots()
        ax = plot.gantt(rs, ax=given)
        assert ax is given
        assert _labels(ax) == ["non-critical"] and len(ax.containers[0]) == 4

    def test_wrong_input(self, agg: Any) -> None:
        """A non-schedule or a non-Axes is refused by name."""
        with pytest.raises(ValidationError, match="'schedule' must be a Schedule"):
            plot.gantt([1, 2])
        with pytest.raises(ValidationError, match="'ax' must be a matplotlib Axes"):
            plot.gantt(schedule(_net()), ax="left")


@requires_matplotlib
class TestResourceLoad:
    """resource_load: a bar per period, the capacity as a step line."""

    def test_usage_and_capacity(self, agg: Any) -> None:
        """Bars equal the usage row; the capacity line sits at the capacity."""
        rs = resource_constrained_schedule(_net(), [Resource("crew", 3)], rng=1)
        ax = plot.resource_load(rs, "crew")
        (bars,) = ax.containers
        assert [p.get_height() for p in bars] == rs.usage[0].tolist()
        (cap,) = [ln for ln in ax.get_lines() if ln.get_label() == "capacity"]
        assert set(cap.get_ydata()) == {3.0}
        assert max(p.get_height() for p in bars) <= 3.0

    def test_levelled_and_default_resource(self, agg: Any) -> None:
        """A levelled schedule shows usage before levelling; None picks the busiest."""
        lv = level(_net(), [Resource("crew", 3)])
        ax = plot.resource_load(lv)
        assert "before levelling" in _lines(ax)
        assert ax.get_ylabel().startswith("crew")

    def test_errors(self, agg: Any) -> None:
        """Unknown resource and wrong type are named."""
        rs = resource_constrained_schedule(_net(), [Resource("crew", 3)], rng=1)
        with pytest.raises(UnknownReferenceError, match="'cranes'"):
            plot.resource_load(rs, "cranes")
        with pytest.raises(ValidationError, match="'schedule' must be a ResourceSchedule"):
            plot.resource_load(schedule(_net()))
