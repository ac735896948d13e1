"""Shared Hypothesis strategies."""

from __future__ import annotations

import datetime as dt

from dateutil import rrule
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """Random calendars: 1-7 weekdays, up to 30 holidays, a yearly rule, exceptions."""
    weekdays = draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
    holidays = draw(st.lists(dates, max_size=30))
    exceptions = draw(st.lists(dates, max_size=10))
    rules = []
    if draw(st.booleans()):
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, 28))
        rules.append(
            rrule.rrule(
                rrule.YEARLY, dtstart=dt.datetime(1990, 1, 1), bymonth=month, bymonthday=day
            )
        )
    return WorkCalendar(
        weekdays=tuple(weekdays),
        holidays=tuple(holidays),
        holiday_rules=tuple(rules),
        exceptions=tuple(exceptions),
    )
