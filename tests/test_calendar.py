"""Tests of pmokit.calendar."""

from __future__ import annotations

import datetime as dt
import math
from typing import ClassVar

import numpy as np
import pytest
from dateutil import rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar, bucket, period_starts
from pmokit.errors import ValidationError
from tests._hypothesis import examples

from .strategies import calendars, dates

D = dt.date
UK = WorkCalendar.uk_england_and_wales()


class TestUK2026:
    """Worked examples: the bank holidays of England and Wales in 2026 (gov.uk)."""

    HOLIDAYS_2026: ClassVar[list[dt.date]] = [
        D(2026, 1, 1),  # New Year's Day
        D(2026, 4, 3),  # Good Friday
        D(2026, 4, 6),  # Easter Monday
        D(2026, 5, 4),  # early May bank holiday
        D(2026, 5, 25),  # spring bank holiday
        D(2026, 8, 31),  # summer bank holiday
        D(2026, 12, 25),  # Christmas Day
        D(2026, 12, 28),  # Boxing Day (substitute day)
    ]

    def test_holiday_list(self) -> None:
        """The rules give exactly the published 2026 list."""
        assert list(UK.holidays_between(D(2026, 1, 1), D(2026, 12, 31))) == self.HOLIDAYS_2026

    @pytest.mark.parametrize("day", HOLIDAYS_2026)
    def test_holidays_not_working(self, day: dt.date) -> None:
        """Each bank holiday is not a working day."""
        assert not UK.is_working_day(day)

    def test_boxing_day_on_saturday(self) -> None:
        """26 Dec 2026 is a Saturday; the substitute is Monday 28, and Tuesday 29 is worked."""
        assert D(2026, 12, 26).weekday() == 5
        assert not UK.is_working_day(D(2026, 12, 28))
        assert UK.is_working_day(D(2026, 12, 29))

    def test_substitute_days_other_years(self) -> None:
        """Christmas on a Saturday (2021): 27 and 28 Dec off; New Year on Saturday (2022): 3 Jan."""
        assert UK.holidays_between(D(2021, 12, 20), D(2022, 1, 5)) == (
            D(2021, 12, 27),
            D(2021, 12, 28),
            D(2022, 1, 3),
        )

    def test_working_days_in_2026(self) -> None:
        """261 weekdays less 8 bank holidays = 253 working days."""
        assert UK.working_days_between(D(2026, 1, 1), D(2027, 1, 1)) == 253

    def test_easter_offsets(self) -> None:
        """Thursday 2 April + 1 working day skips Good Friday and Easter Monday."""
        assert UK.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
        assert UK.add_working_days(D(2026, 4, 7), -1) == D(2026, 4, 2)

    def test_monthly_counts(self) -> None:
        """Working days per month of 2026, counted by hand from the holiday list."""
        pc = UK.working_days_per_period(D(2026, 1, 1), D(2027, 1, 1), "M")
        assert pc.counts.tolist() == [21, 20, 22, 20, 19, 22, 23, 20, 22, 22, 21, 21]
        np.testing.assert_allclose(pc.hours, pc.counts * 7.5)


class TestConventions:
    """The documented offset conventions."""

    def test_one_day_task(self) -> None:
        """A 1-day task starting Monday finishes Monday."""
        cal = WorkCalendar()
        assert cal.finish_date(D(2026, 11, 23), 1) == D(2026, 11, 23)
        assert cal.finish_date(D(2026, 11, 23), 5) == D(2026, 11, 27)
        assert cal.finish_date(D(2026, 11, 23), 5.5) == D(2026, 11, 30)

    def test_fractional_and_negative(self) -> None:
        """Fractional offsets floor; negative offsets move back."""
        cal = WorkCalendar()
        assert cal.add_working_days(D(2026, 11, 23), 0.5) == D(2026, 11, 23)
        assert cal.add_working_days(D(2026, 11, 23), 1.5) == D(2026, 11, 24)
        assert cal.add_working_days(D(2026, 11, 23), -0.5) == D(2026, 11, 20)
        assert cal.add_working_days(D(2026, 11, 28), 0) == D(2026, 11, 30)  # rolled forward

    def test_exception_beats_holiday_and_weekend(self) -> None:
        """An exception day is worked even on a Saturday or a holiday."""
        cal = WorkCalendar(holidays=[D(2026, 12, 1)], exceptions=[D(2026, 12, 1), D(2026, 11, 28)])
        assert cal.is_working_day(D(2026, 12, 1))
        assert cal.is_working_day(D(2026, 11, 28))
        assert cal.add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 28)

    def test_vectorised_dates_match_scalar(self) -> None:
        """dates_at gives the same dates as date_at."""
        offsets = np.array([0, 0.5, 1, 7.25, 30, 250])
        vec = UK.dates_at(D(2026, 3, 30), offsets)
        scalar = [np.datetime64(UK.date_at(D(2026, 3, 30), o)) for o in offsets]
        assert vec.tolist() == [s.astype(dt.date) for s in scalar]

    def test_only_exception_days(self) -> None:
        """A calendar with no weekdays but exception days works within those days."""
        cal = WorkCalendar(weekdays=(), exceptions=[D(2026, 1, 3), D(2026, 1, 10)])
        assert cal.add_working_days(D(2026, 1, 1), 1) == D(2026, 1, 10)
        with pytest.raises(ValidationError, match="too few exception days"):
            cal.add_working_days(D(2026, 1, 1), 5)


class TestProperties:
    """Hypothesis properties over random calendars."""

    @settings(max_examples=examples(150), deadline=None)
    @given(cal=calendars(), day=dates, n=st.floats(-400, 400, allow_nan=False))
    def test_round_trip(self, cal: WorkCalendar, day: dt.date, n: float) -> None:
        """Adding then counting working days round-trips from a working day."""
        start = cal.add_working_days(day, 0)
        end = cal.add_working_days(start, n)
        assert cal.working_days_between(start, end) == math.floor(n)

    @settings(max_examples=examples(150), deadline=None)
    @given(cal=calendars(), day=dates, n=st.floats(-400, 400, allow_nan=False))
    def test_lands_on_working_day(self, cal: WorkCalendar, day: dt.date, n: float) -> None:
        """Results always land on working days."""
        assert cal.is_working_day(cal.add_working_days(day, n))
        assert cal.is_working_day(cal.finish_date(day, abs(n)))

    @settings(max_examples=examples(100), deadline=None)
    @given(cal=calendars(), day=dates)
    def test_holidays_never_working(self, cal: WorkCalendar, day: dt.date) -> None:
        """Holidays are never working days unless listed as exceptions."""
        for h in cal.holidays_between(day, day + dt.timedelta(days=400)):
            assert cal.is_working_day(h) == (h in cal.exceptions)
        for h in cal.holidays:
            assert cal.is_working_day(h) == (h in cal.exceptions)

    @settings(max_examples=examples(100), deadline=None)
    @given(cal=calendars(), a=dates, days=st.integers(1, 800))
    def test_period_counts_sum(self, cal: WorkCalendar, a: dt.date, days: int) -> None:
        """Weekly and monthly counts add up to the count over the whole range."""
        b = a + dt.timedelta(days=days)
        total = cal.working_days_between(a, b)
        for freq in ("D", "W", "M"):
            assert int(cal.working_days_per_period(a, b, freq).counts.sum()) == total  # type: ignore[arg-type]


class TestPeriods:
    """Period starts and bucketing."""

    def test_weeks_start_monday(self) -> None:
        """Weekly periods start on Mondays after the clipped first one."""
        s = period_starts(D(2026, 11, 26), D(2026, 12, 31), "W")
        assert all(x.astype(dt.date).weekday() == 0 for x in s[1:])

    def test_bucket(self) -> None:
        """Dates fall in the period that holds them; before the first gives -1."""
        s = period_starts(D(2026, 1, 1), D(2026, 4, 1), "M")
        got = bucket([D(2025, 12, 31), D(2026, 1, 1), D(2026, 2, 28), D(2026, 3, 1)], s)
        assert got.tolist() == [-1, 0, 1, 2]


class TestErrors:
    """Bad input raises ValidationError naming the argument."""

    def test_not_a_date(self) -> None:
        """A string is not a date."""
        with pytest.raises(ValidationError, match=r"'day' must be a datetime\.date"):
            UK.add_working_days("2026-01-01", 1)  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
    def test_nan_or_infinite_days(self, bad: float) -> None:
        """NaN or infinite day counts are rejected."""
        with pytest.raises(ValidationError, match="'n' must be a finite number"):
            UK.add_working_days(D(2026, 1, 1), bad)
        with pytest.raises(ValidationError, match="'duration' must be a finite"):
            UK.finish_date(D(2026, 1, 1), bad)

    def test_no_working_day(self) -> None:
        """An empty weekday set with no exceptions is rejected."""
        with pytest.raises(ValidationError, match="at least one working day"):
            WorkCalendar(weekdays=())

    def test_bad_weekday(self) -> None:
        """Weekday numbers outside 0..6 are rejected."""
        with pytest.raises(ValidationError, match="'weekdays' must hold weekday numbers"):
            WorkCalendar(weekdays=(0, 7))

    def test_rule_not_recurrence(self) -> None:
        """A holiday rule that is not an rrule is rejected, with its position."""
        with pytest.raises(ValidationError, match=r"'holiday_rules\[1\]' must be a dateutil"):
            WorkCalendar(
                holiday_rules=(rrule.rrule(rrule.YEARLY, dtstart=dt.datetime(2020, 1, 1)), "xmas")
            )

    def test_holiday_not_a_date(self) -> None:
        """Every holiday that is not a date is named."""
        with pytest.raises(ValidationError) as info:
            WorkCalendar(holidays=[D(2026, 1, 1), "2026-12-25", 3])
        assert len(info.value.problems) == 2
        assert "'holidays[1]'" in str(info.value)

    def test_hours_per_day(self) -> None:
        """Hours per day must be in (0, 24]."""
        with pytest.raises(ValidationError, match="'hours_per_day'"):
            WorkCalendar(hours_per_day=0)

    def test_negative_duration(self) -> None:
        """A negative task duration is rejected."""
        with pytest.raises(ValidationError, match="'duration' must be >= 0"):
            UK.finish_date(D(2026, 1, 1), -1)

    def test_bad_freq_and_range(self) -> None:
        """Unknown period frequency and empty range are rejected."""
        with pytest.raises(ValidationError, match="'freq'"):
            period_starts(D(2026, 1, 1), D(2026, 2, 1), "Y")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'end' must be after 'start'"):
            period_starts(D(2026, 1, 1), D(2026, 1, 1), "W")


PLAIN = WorkCalendar(holidays=[D(2026, 12, 25)])
"""No recurrence rules: dateutil expands a yearly rule from its dtstart, which to year 9999
takes seconds."""


class TestIssue14:
    """Issue 14: threads, pickling, equality, date range, sorted period starts, names."""

    def test_shared_calendar_under_threads(self) -> None:
        """A shared calendar whose day grid grows, read by 4 threads while 4 others grow it:
        no KeyError 'cum' / IndexError and no wrong count (the grid was cleared and refilled
        in place; on the old code this run raised a few dozen errors in ~1.5M reads)."""
        import sys
        import threading

        base = D(2026, 1, 5)
        a, b = base, base + dt.timedelta(days=30)
        expect = WorkCalendar().working_days_between(a, b)
        bad: list[object] = []
        reads = [0]
        old = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)  # switch threads often: the race shows in seconds
        try:
            for _ in range(8):
                cal = WorkCalendar()
                done = threading.Event()

                def read(cal: WorkCalendar = cal, done: threading.Event = done) -> None:
                    while not done.is_set():
                        try:
                            got = cal.working_days_between(a, b)
                            reads[0] += 1
                            if got != expect:
                                bad.append(("wrong", got))
                        except Exception as e:
                            bad.append((type(e).__name__, str(e)))

                def grow(t: int, cal: WorkCalendar = cal) -> None:
                    for k in range(1, 150):
                        d = dt.timedelta(days=366 * k + 17 * t)
                        try:
                            cal.is_working_day(base + d if t % 2 else base - d)
                        except Exception as e:
                            bad.append((type(e).__name__, str(e)))

                readers = [threading.Thread(target=read) for _ in range(4)]
                growers = [threading.Thread(target=grow, args=(t,)) for t in range(4)]
                for t in readers + growers:
                    t.start()
                for t in growers:
                    t.join()
                done.set()
                for t in readers:
                    t.join()
        finally:
            sys.setswitchinterval(old)
        assert reads[0] > 0
        assert bad == []

    def test_pickle_deepcopy_equal(self) -> None:
        """An unpickled (or deep-copied) calendar is == its original (it was not), hashes
        the same and gives the same days; rules compare by their parameters."""
        import copy
        import pickle

        UK.is_working_day(D(2026, 1, 1))  # a cached grid is not part of the state
        for clone in (pickle.loads(pickle.dumps(UK)), pickle.loads(pickle.dumps(UK, 4)),
                      copy.deepcopy(UK)):
            assert clone == UK and hash(clone) == hash(UK)
            assert clone.holidays_between(D(2026, 1, 1), D(2026, 12, 31)) == \
                UK.holidays_between(D(2026, 1, 1), D(2026, 12, 31))
        assert WorkCalendar.uk_england_and_wales() == UK
        assert WorkCalendar() != UK
        assert WorkCalendar(holidays=[D(2026, 1, 1)]) != WorkCalendar()
        assert WorkCalendar(name="x") != WorkCalendar()

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (lambda: PLAIN.add_working_days(dt.date.max, 5), "'n'"),
            (lambda: PLAIN.add_working_days(dt.date.min, -3), "'n'"),
            (lambda: PLAIN.add_working_days(D(2026, 1, 1), 1e300), "'n'"),
            (lambda: PLAIN.finish_date(dt.date.max, 3), "'duration'"),
            (lambda: PLAIN.dates_at(dt.date.max, [1]), "'offsets'"),
            (lambda: PLAIN.date_at(dt.date.max, 1), "'offset'"),
            (lambda: PLAIN.finish_dates(dt.date.max, [3.0]), "'finishes'"),
        ],
    )
    def test_dates_out_of_range(self, call, name: str) -> None:  # type: ignore[no-untyped-def]
        """Arithmetic near date.max/date.min raised OverflowError or ValueError('year 10001
        is out of range'); now a ValidationError naming the argument and the range."""
        with pytest.raises(ValidationError, match=rf"{name}.*0001-01-01 to 9999-12-31"):
            call()

    def test_dates_at_the_edges(self) -> None:
        """Dates at the edges of the range work (they raised 'year 10001/0 is out of
        range')."""
        assert WorkCalendar().is_working_day(dt.date.max)  # a Friday
        assert WorkCalendar().is_working_day(dt.date.min)  # a Monday
        assert WorkCalendar().add_working_days(dt.date.max, 0) == dt.date.max
        assert WorkCalendar().working_days_between(dt.date.min, dt.date.max) == int(
            np.busday_count(np.datetime64(dt.date.min), np.datetime64(dt.date.max))
        )
        mask = WorkCalendar().working_mask(dt.date.max - dt.timedelta(days=3), dt.date.max)
        assert mask.tolist() == [True, True, True]

    def test_bucket_refuses_unsorted_starts(self) -> None:
        """Unsorted (or repeated) period starts were accepted and gave wrong buckets."""
        s = np.array(["2026-03-01", "2026-01-01", "2026-02-01"], dtype="datetime64[D]")
        with pytest.raises(ValidationError, match=r"strictly increasing.*starts\[1\]"):
            bucket([D(2026, 1, 15)], s)
        s = np.array(["2026-01-01", "2026-01-01"], dtype="datetime64[D]")
        with pytest.raises(ValidationError, match="strictly increasing"):
            bucket([D(2026, 1, 15)], s)

    def test_origin_renamed_start(self) -> None:
        """``start`` names the project start; ``origin`` still works, with a warning."""
        assert UK.date_at(start=D(2026, 4, 2), offset=1) == D(2026, 4, 7)
        with pytest.warns(DeprecationWarning, match="'origin' is deprecated.*'start'"):
            assert UK.date_at(origin=D(2026, 4, 2), offset=1) == D(2026, 4, 7)
        with pytest.warns(DeprecationWarning, match="'origin'"):
            assert UK.offset_of(origin=D(2026, 4, 2), day=D(2026, 4, 7)) == 1
        with pytest.warns(DeprecationWarning, match="'origin'"):
            UK.dates_at(origin=D(2026, 4, 2), offsets=[1])
        with pytest.warns(DeprecationWarning, match="'origin'"):
            UK.finish_dates(origin=D(2026, 4, 2), finishes=[1])

    @pytest.mark.parametrize("bad", [[1j], np.array(["2026-01-01"], dtype="datetime64[D]"),
                                     [None], ["1"]])
    def test_offsets_refuse_non_numbers(self, bad: object) -> None:
        """Complex, datetime64, None and strings are refused as offsets, by name."""
        with pytest.raises(ValidationError, match="'offsets'"):
            UK.dates_at(D(2026, 1, 1), bad)  # type: ignore[arg-type]
