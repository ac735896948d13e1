"""A hybrid portfolio: an agile forecast's finish where a scheduled project's finish stands."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pmokit.agile import as_activity, when_done
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling import Activity, Dependency, Network, cross_project, schedule, simulate

START = dt.date(2026, 7, 6)


@pytest.fixture
def forecast():  # type: ignore[no-untyped-def]
    return when_done([3, 0, 2, 5, 1, 4], (15, 25), iterations=20_000, rng=7, start=START)


def _portfolio(agile: Activity) -> Network:
    """A scheduled project P1 (build, then go-live) waiting for the agile API of P14."""
    acts = [
        agile,
        Activity("P1-BLD", 20, project="P1"),
        Activity("P1-INT", 10, project="P1"),
        Activity("P1-GO", 0, project="P1"),
    ]
    deps = [Dependency("P1-BLD", "P1-INT"), Dependency("P14-API", "P1-INT"),
            Dependency("P1-INT", "P1-GO")]
    return Network(acts, deps)


class TestHybrid:
    """The agile delivery as an activity and as a duration distribution."""

    def test_activity_is_p85_date(self, forecast) -> None:  # type: ignore[no-untyped-def]
        """The activity finishes on the P85 date when scheduled from its start."""
        a = as_activity(forecast, "P14-API", project="P14")
        s = schedule(_portfolio(a), start=START, calendar=WorkCalendar())
        assert s["P14-API"]["early_finish_date"] == forecast.percentile_date(85)

    def test_cross_project_link(self, forecast) -> None:  # type: ignore[no-untyped-def]
        """The agile project holds the scheduled one up in the cross-project view."""
        a = as_activity(forecast, "P14-API", project="P14")
        view = cross_project(schedule(_portfolio(a), start=START, calendar=WorkCalendar()))
        assert view.blockers("P1") == ("P14",)

    def test_simulate_milestone(self, forecast) -> None:  # type: ignore[no-untyped-def]
        """In simulate, the agile finish distribution passes through to the portfolio
        milestone: P1-GO = max(agile, 20) + 10 working days, percentile by percentile."""
        a = as_activity(forecast, "P14-API", project="P14")
        net = _portfolio(a)
        res = simulate(net, {"P14-API": forecast.as_distribution()}, iterations=50_000,
                       rng=3, start=START, calendar=WorkCalendar(), milestones=["P1-GO"],
                       indices=False)
        wd = forecast.working_days()
        for p in (50, 85, 95):
            expect = max(float(np.sort(wd)[int(np.ceil(p / 100 * wd.size)) - 1]), 20.0) + 10
            got = res.milestone_percentile("P1-GO", p)
            assert abs(got - expect) <= 5.0, (p, got, expect)  # one week of 5 working days
        assert res.milestone_percentile("P1-GO", 0) >= 30

    def test_distribution_values(self, forecast) -> None:  # type: ignore[no-untyped-def]
        """The Empirical holds each trial's working days; quantiles match the P-dates."""
        e = forecast.as_distribution()
        cal = WorkCalendar()
        for p in (50, 85):
            days = e.quantile(p / 100)
            assert cal.finish_date(START, days) == forecast.percentile_date(p)

    def test_errors(self) -> None:
        """A forecast without dates, or not a forecast."""
        f = when_done([1, 2], 5, iterations=10, rng=1)
        with pytest.raises(ValidationError, match="start="):
            as_activity(f, "X")
        with pytest.raises(ValidationError, match="WhenDoneForecast"):
            as_activity(3, "X")  # type: ignore[arg-type]
