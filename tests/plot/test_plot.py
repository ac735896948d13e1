"""pmokit.plot: each function draws the expected artists on the Agg backend."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from pmokit import plot
from pmokit.capacity import Demand, Person, allocate, heatmap
from pmokit.errors import MissingDependencyError, UnknownReferenceError, ValidationError
from pmokit.monitoring import earned_value
from pmokit.portfolio import Candidate, PairwiseMatrix, ahp_priorities, efficient_frontier
from pmokit.scheduling import (
    Activity,
    BetaPert,
    Dependency,
    Network,
    Resource,
    RiskEvent,
    Triangular,
    level,
    resource_constrained_schedule,
    schedule,
    simulate,
)
from tests._requires import requires_matplotlib


@pytest.fixture
def agg() -> Iterator[Any]:
    """The Agg backend; every figure closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def _net() -> Network:
    return Network(
        [Activity("A", 3, demands={"crew": 2}), Activity("B", 2, demands={"crew": 2}),
         Activity("C", 4, demands={"crew": 1}), Activity("D", 1, demands={"crew": 1})],
        [Dependency("A", "C"), Dependency("B", "D"), Dependency("C", "D")],
    )


def _labels(ax: Any) -> list[str]:
    return [c.get_label() for c in ax.containers]


def _lines(ax: Any) -> list[str]:
    return [line.get_label() for line in ax.get_lines()]


def _risk(risks: bool = True) -> Any:
    net = _net()
    unc = {"A": BetaPert(2, 3, 6), "B": Triangular(1, 2, 5), "C": BetaPert(3, 4, 9)}
    ev = [RiskEvent("R1", 0.4, Triangular(1.1, 1.2, 1.5), ["C"]),
          RiskEvent("R2", 0.2, Triangular(1.0, 1.1, 1.3), ["B"])] if risks else []
    return simulate(net, unc, iterations=2000, rng=7, risks=ev)


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


@requires_matplotlib
class TestPortfolio:
    """efficient_frontier and ahp_priorities."""

    def test_frontier(self, agg: Any) -> None:
        """One point per level, at the frontier's budgets and values."""
        cands = [Candidate("a", 10, 5), Candidate("b", 7, 3), Candidate("c", 4, 2)]
        fr = efficient_frontier(cands, [2, 5, 8, 10])
        ax = plot.efficient_frontier(fr)
        (line,) = [ln for ln in ax.get_lines() if ln.get_label() == "best value"]
        np.testing.assert_array_equal(line.get_xdata(), fr.total_budgets)
        np.testing.assert_array_equal(line.get_ydata(), fr.values)
        assert any(t.get_text().startswith("+") for t in ax.texts)
        with pytest.raises(ValidationError, match="'frontier' must be a Frontier"):
            plot.efficient_frontier(cands)

    def test_ahp(self, agg: Any) -> None:
        """Bars sorted by priority, the CR in the title."""
        m = PairwiseMatrix.from_judgements({("cost", "risk"): 3, ("cost", "fit"): 5,
                                            ("risk", "fit"): 2})
        r = ahp_priorities(m)
        ax = plot.ahp_priorities(r)
        (bars,) = ax.containers
        heights = [p.get_height() for p in bars]
        assert heights == sorted(r.priorities.tolist(), reverse=True)
        names = [t.get_text() for t in ax.get_xticklabels()]
        weights = dict(zip(r.labels, r.priorities.tolist(), strict=True))
        assert names[0] == "cost" and heights == [weights[n] for n in names]
        assert f"CR = {r.cr:.3f}" in ax.get_title() and "consistent" in ax.get_title()
        with pytest.raises(ValidationError, match="AHPResult"):
            plot.ahp_priorities(m)


@requires_matplotlib
class TestCapacity:
    """capacity_heatmap: one image, skills down and periods across."""

    def test_load(self, agg: Any) -> None:
        """The image holds the load; tick labels are the skills and periods."""
        people = [Person("ana", ["sql"], max_utilisation=1.0),
                  Person("bo", ["py"], max_utilisation=1.0)]
        a = allocate(people, [Demand("p", "sql", [20.0, 60.0]), Demand("p", "py", [10, 0])],
                     periods=2)
        h = heatmap(a, people)
        ax = plot.capacity_heatmap(h)
        (img,) = ax.images
        np.testing.assert_allclose(np.ma.filled(img.get_array(), np.nan), h.load)
        assert [t.get_text() for t in ax.get_yticklabels()] == [str(s) for s in h.skills]
        assert len(ax.get_xticklabels()) == 2
        assert len(ax.texts) == h.load.size
        ax2 = plot.capacity_heatmap(h, measure="gap_fte", annotate=False)
        assert not ax2.texts
        with pytest.raises(ValidationError, match="'measure' must be one of"):
            plot.capacity_heatmap(h, measure="hours")  # type: ignore[arg-type]


@requires_matplotlib
class TestBurnUp:
    """burn_up: done, scope and the cone."""

    def test_lines_and_cone(self, agg: Any) -> None:
        """The done and scope lines hold the result's numbers; one band for the cone."""
        from pmokit.agile import burn_up

        b = burn_up([2, 3, 0, 4, 3], [20, 20, 22, 22, 25], horizon=3, rng=1)
        ax = plot.burn_up(b)
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        np.testing.assert_array_equal(lines["done"].get_ydata(), b.done)
        np.testing.assert_array_equal(lines["scope"].get_ydata(), b.scope)
        assert {f"P{p:g}" for p in b.cone_percentiles} <= set(lines)
        assert len(ax.collections) == 1
        assert ax.collections[0].get_label() == "P15-P85"
        with pytest.raises(ValidationError, match="'result' must be a BurnUp"):
            plot.burn_up(b.finish)  # type: ignore[arg-type]


class TestWithoutMatplotlib:
    """The module imports without matplotlib; a call says which extra to install."""

    def test_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every function raises MissingDependencyError naming pmokit[plot]."""
        for name in list(sys.modules):
            if name == "matplotlib" or name.startswith("matplotlib."):
                monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        s = schedule(_net())
        with pytest.raises(MissingDependencyError, match=r"pip install 'pmokit\[plot\]'"):
            plot.gantt(s)


def test_import_is_lazy() -> None:
    """Importing pmokit.plot (and pmokit) loads neither matplotlib nor tqdm."""
    import subprocess

    code = ("import sys, pmokit, pmokit.plot, pmokit.scheduling; "
            "print(sorted(m for m in ('matplotlib', 'tqdm') if m in sys.modules))")
    src = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": src}, check=True)
    assert out.stdout.strip() == "[]"
