"""Tests of demand derived from a schedule."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.capacity import Person, allocate, demand_from_schedule, planning_periods
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import Activity, Dependency, Network, schedule
from tests._hypothesis import examples


def network() -> Network:
    return Network(
        [
            Activity("design", 3, demands={"analysis": 1}, project="apollo"),
            Activity("build", 6, demands={"python": 2, "crane": 1}, project="apollo"),
            Activity("test", 2, demands={"python": 0.5}),
            Activity("slack", 1, demands={"analysis": 1}, project="zeus"),
        ],
        [Dependency("design", "build"), Dependency("build", "test")],
    )


class TestDemandFromSchedule:
    """Hours per project, skill and period."""

    def test_by_hand(self) -> None:
        """design 0-3, build 3-9, test 9-11 (no project), zeus 'slack' 0-1; weeks of 5 days."""
        ds = demand_from_schedule(
            schedule(network()), 3, hours_per_day=8.0, skills=["analysis", "python"]
        )
        got = {(d.project, d.skill): d.hours.tolist() for d in ds}
        assert got == {
            ("apollo", "analysis"): [24.0, 0.0, 0.0],
            # 2 people x 8 h: days 3-5 in week 1 (2 days), 5-9 in week 2 (4 days)
            ("apollo", "python"): [32.0, 64.0, 0.0],
            # 0.5 x 8 h: day 9-10 in week 2, day 10-11 in week 3
            ("unassigned", "python"): [0.0, 4.0, 4.0],
            ("zeus", "analysis"): [8.0, 0.0, 0.0],
        }

    def test_late_dates_and_values(self) -> None:
        """Late dates move zeus's free activity to the end; values and levels are attached."""
        ds = demand_from_schedule(
            schedule(network()),
            3,
            dates="late",
            hours_per_day=8.0,
            skills=["analysis"],
            values={"zeus": 50.0},
            min_proficiency={"analysis": 2},
        )
        zeus = next(d for d in ds if d.project == "zeus")
        assert zeus.hours.tolist() == [0.0, 0.0, 8.0]  # late finish 11, late start 10
        assert zeus.value == 50.0 and zeus.min_proficiency == 2.0
        apollo = next(d for d in ds if d.project == "apollo")
        assert apollo.value == 1.0

    def test_planning_periods_on_a_calendar(self) -> None:
        """Periods from the schedule's calendar: a holiday week holds fewer working days."""
        cal = WorkCalendar(holidays=[dt.date(2026, 1, 7)], hours_per_day=7.0)
        net = Network([Activity("a", 10, demands={"sql": 1}, project="p")], [])
        s = schedule(net, start=dt.date(2026, 1, 5), calendar=cal)
        pp = planning_periods(cal, dt.date(2026, 1, 5), dt.date(2026, 1, 26))
        (d,) = demand_from_schedule(s, pp)
        # week 1 has 4 working days (Wed 7th off), week 2 has 5, the last day falls in week 3
        assert d.hours.tolist() == [28.0, 35.0, 7.0]
        a = allocate(
            [Person("x", ["sql"])], [d], periods=pp.starts, hours_per_period=pp.hours_per_period
        )
        assert a.periods[0] == dt.date(2026, 1, 5)

    @settings(max_examples=examples(40), deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 12), st.floats(0.25, 3)), min_size=1, max_size=6))
    def test_hours_are_conserved(self, acts: list[tuple[int, float]]) -> None:
        """Within a long enough horizon the hours sum to units x duration x hours per day."""
        net = Network(
            [Activity(f"a{i}", d, demands={"x": u}, project="p") for i, (d, u) in enumerate(acts)],
            [Dependency(f"a{i}", f"a{i + 1}") for i in range(len(acts) - 1)],
        )
        s = schedule(net)
        n = math.ceil(s.project_duration / 5) + 1
        (d,) = demand_from_schedule(s, n, hours_per_day=7.5)
        assert d.hours.sum() == pytest.approx(sum(dd * u * 7.5 for dd, u in acts))
        assert np.all(d.hours <= 5 * 7.5 * sum(u for _, u in acts) + 1e-9)

    def test_one_string_is_one_skill(self) -> None:
        """skills="python" keeps the python demand (its letters matched nothing before)."""
        ds = demand_from_schedule(schedule(network()), 3, hours_per_day=8.0, skills="python")
        assert {(d.project, d.skill) for d in ds} == {
            ("apollo", "python"),
            ("unassigned", "python"),
        }

    def test_no_skills(self) -> None:
        """A network without skill demands gives no demand."""
        assert demand_from_schedule(schedule(Network([Activity("a", 1)], [])), 2) == ()

    def test_errors(self) -> None:
        """Bad schedule, periods and options are named."""
        with pytest.raises(
            ValidationError, match=r"'schedule' must be a pmokit\.scheduling\.Schedule"
        ):
            demand_from_schedule("s", 2)
        s = schedule(network())
        with pytest.raises(ValidationError) as e:
            demand_from_schedule(s, 0, dates="mid", hours_per_day=30, values=-1, min_proficiency=-1)
        assert len(e.value.problems) == 5
        pp = planning_periods(WorkCalendar(), dt.date(2026, 1, 5), dt.date(2026, 1, 26))
        with pytest.raises(ValidationError, match="need a schedule with a start date"):
            demand_from_schedule(s, pp)


class TestUnknownKeys:
    """Mapping and list arguments that name nothing in the schedule are typos."""

    @staticmethod
    def _schedule() -> object:
        from pmokit.scheduling import Activity, Network, schedule

        net = Network([Activity("d", 5, demands={"analysis": 1}, project="apollo")], [])
        return schedule(net)

    def test_unknown_skill(self) -> None:
        """skills=['ZZZ'] silently dropped every demand; it is named now."""
        with pytest.raises(UnknownReferenceError, match="'ZZZ'") as e:
            demand_from_schedule(self._schedule(), 1, skills=["ZZZ", "analysis"])
        assert list(e.value.unknown) == ["ZZZ"]

    def test_unknown_project_value(self) -> None:
        """A value for a project with no activity was ignored."""
        with pytest.raises(UnknownReferenceError, match=r"'values'.*'zeus'"):
            demand_from_schedule(self._schedule(), 1, values={"apollo": 2.0, "zeus": 3.0})

    def test_unknown_min_proficiency_skill(self) -> None:
        """A minimum for a skill no activity demands was ignored."""
        with pytest.raises(UnknownReferenceError, match=r"'min_proficiency'.*'pyhton'"):
            demand_from_schedule(self._schedule(), 1, min_proficiency={"pyhton": 3})

    def test_bad_mapping_values_and_default_project(self) -> None:
        """Values per project are checked like a single value; the default project is an id."""
        with pytest.raises(ValidationError, match=r"values\['apollo'\]"):
            demand_from_schedule(self._schedule(), 1, values={"apollo": -1.0})
        with pytest.raises(ValidationError, match="default_project"):
            demand_from_schedule(self._schedule(), 1, default_project="")


def test_period_days_none_is_named() -> None:
    """period_days=None raised float()'s TypeError without the argument's name."""
    net = Network([Activity("d", 5, demands={"analysis": 1}, project="apollo")], [])
    with pytest.raises(ValidationError, match="'period_days' must be a real number"):
        demand_from_schedule(schedule(net), 2, period_days=None)  # type: ignore[arg-type]


def test_repeated_skill_is_named() -> None:
    """skills=['analysis', 'analysis'] was accepted silently."""
    from pmokit.errors import DuplicateError

    net = Network([Activity("d", 5, demands={"analysis": 1}, project="apollo")], [])
    with pytest.raises(DuplicateError, match="'analysis'"):
        demand_from_schedule(schedule(net), 1, skills=["analysis", "analysis"])
