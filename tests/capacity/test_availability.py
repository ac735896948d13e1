"""Tests of availability from a calendar and planning periods."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.capacity import availability, planning_periods
from pmokit.errors import ValidationError
from tests._hypothesis import examples


class TestPlanningPeriods:
    """Periods and hours of one FTE."""

    def test_uk_christmas_weeks(self) -> None:
        """Christmas 2026 (Fri), Boxing Day substitute (Mon 28th), New Year (Fri)."""
        pp = planning_periods(
            WorkCalendar.uk_england_and_wales(), dt.date(2026, 12, 14), dt.date(2027, 1, 4)
        )
        assert pp.starts == (dt.date(2026, 12, 14), dt.date(2026, 12, 21), dt.date(2026, 12, 28))
        assert pp.working_days.tolist() == [5, 4, 3]
        assert pp.hours_per_period.tolist() == [37.5, 30.0, 22.5]
        assert pp.to_records()[1]["hours_per_period"] == 30.0

    def test_months(self) -> None:
        """Monthly periods count the weekdays of each month."""
        pp = planning_periods(WorkCalendar(), dt.date(2026, 1, 1), dt.date(2026, 4, 1), freq="M")
        assert pp.working_days.tolist() == [22, 20, 22]

    def test_bad_calendar(self) -> None:
        """A calendar that is not a WorkCalendar is named."""
        with pytest.raises(ValidationError, match=r"'calendar' must be a pmokit\.calendar"):
            planning_periods("uk", dt.date(2026, 1, 1), dt.date(2026, 2, 1))  # type: ignore[arg-type]


class TestAvailability:
    """Hours per period after holidays and leave."""

    def test_leave_days_and_ranges(self) -> None:
        """A leave range and a single leave day reduce the right weeks."""
        cal = WorkCalendar(hours_per_day=8.0)
        a = availability(
            cal,
            dt.date(2026, 3, 2),
            dt.date(2026, 3, 23),
            leave=[(dt.date(2026, 3, 5), dt.date(2026, 3, 10)), dt.date(2026, 3, 20)],
        )
        # week 1: Thu 5, Fri 6 off -> 3 days; week 2: Mon 9, Tue 10 off -> 3; week 3: Fri off
        assert a.tolist() == [24.0, 24.0, 32.0]
        assert not a.flags.writeable

    def test_weekend_leave_is_free(self) -> None:
        """Leave on a weekend or outside the horizon costs nothing."""
        cal = WorkCalendar(hours_per_day=8.0)
        a = availability(
            cal,
            dt.date(2026, 3, 2),
            dt.date(2026, 3, 9),
            leave=[dt.date(2026, 3, 7), dt.date(2027, 1, 4)],
        )
        assert a.tolist() == [40.0]

    @settings(max_examples=examples(30), deadline=None)
    @given(
        st.dates(dt.date(2025, 1, 1), dt.date(2027, 1, 1)),
        st.integers(1, 120),
        st.sampled_from([0.5, 1.0]),
        st.lists(st.integers(0, 119), max_size=15),
    )
    def test_matches_day_by_day_count(
        self, start: dt.date, days: int, fte: float, leave_offsets: list[int]
    ) -> None:
        """Hours equal a day-by-day count of working, non-leave days times fte x 7.5."""
        cal = WorkCalendar.uk_england_and_wales()
        end = start + dt.timedelta(days=days)
        leave = [start + dt.timedelta(days=k) for k in leave_offsets]
        got = availability(cal, start, end, freq="W", fte=fte, leave=leave)
        pp = planning_periods(cal, start, end)
        expected = np.zeros(len(pp.starts))
        for k in range(days):
            d = start + dt.timedelta(days=k)
            if cal.is_working_day(d) and d not in leave:
                idx = max(i for i, s in enumerate(pp.starts) if s <= d)
                expected[idx] += 7.5 * fte
        np.testing.assert_allclose(got, expected)
        assert np.all(got <= pp.hours_per_period * fte + 1e-9)

    def test_errors_together(self) -> None:
        """A bad fte, a reversed range and a bad leave item are reported together."""
        with pytest.raises(ValidationError) as e:
            availability(
                WorkCalendar(),
                dt.date(2026, 1, 1),
                dt.date(2026, 2, 1),
                fte=0,
                leave=[(dt.date(2026, 1, 10), dt.date(2026, 1, 5)), "2026-01-03", (1, 2, 3)],
            )
        assert len(e.value.problems) == 4


class TestDateRange:
    """Horizons the calendar cannot handle are named, not a bare ValueError."""

    @pytest.mark.parametrize(
        ("start", "end"),
        [(dt.date(1, 1, 2), dt.date(2000, 1, 2)), (dt.date(9999, 12, 1), dt.date.max)],
    )
    def test_near_the_ends_of_the_calendar(self, start: dt.date, end: dt.date) -> None:
        """Dates near date.min or date.max raised "year 0 is out of range"; since the
        calendar covers the whole range of datetime.date (issue 14, sched14) they give
        the working time that numpy's busday_count gives (changed expectation: a
        ValidationError before)."""
        import numpy as np

        from pmokit.calendar import WorkCalendar
        from pmokit.capacity import availability, planning_periods

        cal = WorkCalendar(hours_per_day=8.0)
        days = int(np.busday_count(np.datetime64(start), np.datetime64(end)))
        assert float(availability(cal, start, end, freq="D").sum()) == 8.0 * days
        assert int(planning_periods(cal, start, end).working_days.sum()) == days

    def test_leave_far_outside_the_horizon(self) -> None:
        """A leave range of millennia is clipped to the horizon (it built a day list)."""
        from pmokit.calendar import WorkCalendar
        from pmokit.capacity import availability

        cal = WorkCalendar(hours_per_day=8.0)
        got = availability(cal, dt.date(2026, 3, 2), dt.date(2026, 3, 16),
                           leave=[(dt.date.min, dt.date(2026, 3, 8))])
        assert got.tolist() == [0.0, 40.0]

    def test_leave_that_is_not_a_sequence(self) -> None:
        """leave=None raised 'NoneType' object is not iterable."""
        from pmokit.calendar import WorkCalendar
        from pmokit.capacity import availability
        from pmokit.errors import ValidationError

        with pytest.raises(ValidationError, match="'leave' must be a sequence"):
            availability(WorkCalendar(), dt.date(2026, 3, 2), dt.date(2026, 3, 16), leave=None)  # type: ignore[arg-type]
