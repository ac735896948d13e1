"""Tests of pmokit._worktime: clock-time working calendars and working-time arithmetic."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import threading

import attrs
import numpy as np
import pytest
from dateutil.rrule import MO, YEARLY, rrule
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit._worktime import (
    DurationUnits,
    ExceptionPeriod,
    ParsedDuration,
    WorkingTime,
    calendar_working_time,
    convert_calendar_shifts,
    default_shifts,
    parse_duration,
    percent_lag_minutes,
)
from pmokit.errors import ValidationError
from tests._hypothesis import examples

M = "datetime64[m]"
MONDAY = dt.date(2026, 11, 23)


def at(text: str) -> np.ndarray:
    return np.array([text], dtype=M)


# ---------------------------------------------------------------------------- the oracle
WINDOW_DAYS = 35  # the oracle's minute grid: 5 weeks from MONDAY


def oracle_shifts(wt: WorkingTime, day: dt.date) -> tuple[tuple[int, int], ...]:
    """One day's shifts, from the definition: exception, else holiday, else the weekday."""
    for p in wt.exceptions:
        if p.first <= day <= p.last:
            return p.shifts
    if day in wt.holidays:
        return ()
    return wt.week[day.weekday()]


def minute_grid(wt: WorkingTime) -> np.ndarray:
    """True for each worked minute of the window, built minute by minute."""
    grid = np.zeros(WINDOW_DAYS * 1440, dtype=bool)
    for k in range(WINDOW_DAYS):
        for a, b in oracle_shifts(wt, MONDAY + dt.timedelta(days=k)):
            for minute in range(a, b):
                grid[k * 1440 + minute] = True
    return grid


def instant(offset: int) -> np.datetime64:
    return np.datetime64(MONDAY, "m") + np.timedelta64(offset, "m")


def oracle_inverse(cum: np.ndarray, w: int, side: str) -> int:
    """The instants with W == w form an interval; start takes its last, finish its first."""
    hits = np.flatnonzero(cum == w)
    return int(hits[-1] if side == "start" else hits[0])


shift_minutes = st.integers(0, 24 * 4).map(lambda q: q * 15)


@st.composite
def day_shifts(draw: st.DrawFn) -> tuple[tuple[int, int], ...]:
    bounds = sorted(set(draw(st.lists(shift_minutes, max_size=6))))
    if len(bounds) % 2:
        bounds = bounds[:-1]
    return tuple((bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2))


@st.composite
def working_times(draw: st.DrawFn) -> WorkingTime:
    week = [draw(day_shifts()) for _ in range(7)]
    starts = sorted(set(draw(st.lists(st.integers(0, WINDOW_DAYS - 1), max_size=3))))
    exceptions = []
    for i, s in enumerate(starts):
        limit = starts[i + 1] - 1 if i + 1 < len(starts) else WINDOW_DAYS - 1
        e = draw(st.integers(s, limit))
        exceptions.append(
            (MONDAY + dt.timedelta(days=s), MONDAY + dt.timedelta(days=e), draw(day_shifts()))
        )
    holidays = [
        MONDAY + dt.timedelta(days=k)
        for k in draw(st.lists(st.integers(0, WINDOW_DAYS - 1), max_size=5))
    ]
    if not any(week) and not any(e[2] for e in exceptions):
        week[0] = ((480, 1020),)
    return WorkingTime(week=week, exceptions=exceptions, holidays=holidays)


class TestAgainstMinuteOracle:
    """Every operation equals a minute-by-minute count on random calendars."""

    @settings(max_examples=examples(60))
    @given(wt=working_times(), data=st.data())
    def test_arithmetic(self, wt: WorkingTime, data: st.DataObject) -> None:
        """working_minutes, add/subtract on both sides, next_start, previous_finish, is_working."""
        grid = minute_grid(wt)
        cum = np.concatenate(([0], np.cumsum(grid)))  # cum[t] = W(t) - W(window start)
        total = int(cum[-1])
        n = 12
        pos = np.array(data.draw(st.lists(st.integers(0, grid.size), min_size=n, max_size=n)))
        pos2 = np.array(data.draw(st.lists(st.integers(0, grid.size), min_size=n, max_size=n)))
        t, t2 = instant(0) + pos.astype("timedelta64[m]"), instant(0) + pos2
        assert_array_equal(wt.working_minutes(t, t2), cum[pos2] - cum[pos])
        assert_array_equal(wt.is_working(t[pos < grid.size]), grid[pos[pos < grid.size]])
        # targets strictly inside the window's working time, so the oracle can invert them
        if total < 2:
            return
        targets = np.array(
            data.draw(st.lists(st.integers(1, total - 1), min_size=n, max_size=n))
        )
        d = targets - cum[pos]
        for side in ("start", "finish"):
            got = wt.add(t, d, side=side)
            want = [instant(oracle_inverse(cum, int(w), side)) for w in targets]
            assert_array_equal(got, np.array(want, dtype=M))
            # round trip: the working minutes from t to the result are d
            assert_array_equal(wt.working_minutes(t, got), d)
            if side == "finish" and (cum[pos] == 0).any() and int(wt.working_minutes(
                instant(0) - np.timedelta64(365 * 300, "D"), instant(0)
            )[()]) == 0:
                # nothing is worked before t anywhere: a finish "0 minutes after t" does not
                # exist, and both calls say so instead of returning a wrong instant
                with pytest.raises(ValidationError, match="ran out of working time"):
                    wt.add(t, 0, side=side)
            else:
                assert_array_equal(wt.subtract(got, d, side=side), wt.add(t, 0, side=side))
        # results land in working time: a start begins a worked minute, a finish ends one
        starts = (wt.add(t, d, side="start") - instant(0)).astype(np.int64)
        finishes = (wt.add(t, d, side="finish") - instant(0)).astype(np.int64)
        assert grid[starts].all()
        assert grid[finishes - 1].all()
        inside = (cum[pos] > 0) & (cum[pos] < total)
        if inside.any():
            ns = (wt.next_start(t[inside]) - instant(0)).astype(np.int64)
            pf = (wt.previous_finish(t[inside]) - instant(0)).astype(np.int64)
            for p, s, f in zip(pos[inside], ns, pf, strict=True):
                worked_after = np.flatnonzero(grid[p:])
                assert s == p + worked_after[0]
                worked_before = np.flatnonzero(grid[:p])
                assert f == worked_before[-1] + 1  # Monday 08:00 itself -> Friday 17:00

    def test_only_exceptions_worked(self) -> None:
        """Working time only in one exception: its first start and last finish exist."""
        wt = WorkingTime(
            week=[()] * 7,
            exceptions=[(dt.date(2026, 11, 23), dt.date(2026, 11, 23), ["00:00-00:15"])],
        )
        mon = np.datetime64("2026-11-23T00:00", "m")
        assert wt.next_start(np.datetime64("2026-11-22T23:00", "m")) == mon
        assert wt.subtract(mon + np.timedelta64(1, "m"), 1, side="start") == mon
        assert wt.previous_finish(mon + np.timedelta64(15, "m")) == mon + np.timedelta64(15, "m")
        with pytest.raises(ValidationError, match="ran out of working time"):
            wt.subtract(mon + np.timedelta64(1, "m"), 1, side="finish")

    @settings(max_examples=examples(30))
    @given(wt=working_times())
    def test_day_minutes(self, wt: WorkingTime) -> None:
        """A day's length is the sum of its shifts."""
        days = np.arange(MONDAY, MONDAY + dt.timedelta(days=WINDOW_DAYS), dtype="datetime64[D]")
        want = [
            sum(b - a for a, b in oracle_shifts(wt, d.astype(dt.date))) for d in days
        ]
        assert_array_equal(wt.day_minutes(days), want)


# ---------------------------------------------------------------------------- hand cases
class TestHandCases:
    """Dates worked out by hand, including issue 15's 16:00 finish."""

    split = WorkingTime()  # Mon-Fri 08:00-12:00 and 13:00-17:00
    early = WorkingTime.standard("08:00-16:00")

    def test_issue_16_00_finish(self) -> None:
        """Eight hours from Monday 08:00: 16:00 on 8-16, 17:00 on 8-12 + 13-17."""
        start = at("2026-11-23T08:00")
        assert self.early.add(start, 480)[0] == np.datetime64("2026-11-23T16:00")
        assert self.split.add(start, 480)[0] == np.datetime64("2026-11-23T17:00")
        # and 16:00 is seven working hours into the split day, six into ... eight on 8-16
        sixteen = at("2026-11-23T16:00")
        assert self.split.working_minutes(start, sixteen)[0] == 7 * 60
        assert self.early.working_minutes(start, sixteen)[0] == 8 * 60

    def test_finish_friday_17_start_monday_08(self) -> None:
        """A 5-day task from Monday 08:00 ends Friday 17:00; its successor starts Monday 08:00."""
        start = at("2026-11-23T08:00")
        finish = self.split.add(start, 5 * 480, side="finish")
        assert finish[0] == np.datetime64("2026-11-27T17:00")
        assert self.split.next_start(finish)[0] == np.datetime64("2026-11-30T08:00")
        assert self.split.add(start, 5 * 480, side="start")[0] == np.datetime64(
            "2026-11-30T08:00"
        )
        # backwards: a late start 5 days before Monday 08:00 is Monday 08:00 the week before
        assert self.split.subtract(at("2026-11-30T08:00"), 5 * 480)[0] == start[0]
        assert self.split.previous_finish(at("2026-11-28T10:00"))[0] == np.datetime64(
            "2026-11-27T17:00"
        )

    def test_lunch_break(self) -> None:
        """Four hours from 08:00 finish at 12:00 and the next task starts at 13:00."""
        start = at("2026-11-23T08:00")
        assert self.split.add(start, 240, side="finish")[0] == np.datetime64("2026-11-23T12:00")
        assert self.split.add(start, 240, side="start")[0] == np.datetime64("2026-11-23T13:00")
        assert self.split.add(start, 241)[0] == np.datetime64("2026-11-23T13:01")

    def test_exception_holiday_and_rule(self) -> None:
        """A holiday rule, a holiday, and a worked Saturday with its own hours."""
        rule = rrule(YEARLY, bymonth=11, byweekday=MO(-1), dtstart=dt.datetime(2000, 1, 1))
        wt = WorkingTime(
            holidays=[dt.date(2026, 11, 24)],
            holiday_rules=[rule],  # last Monday of November: 30 Nov 2026
            exceptions=[(dt.date(2026, 11, 28), ["09:00-11:00"])],
        )
        days = np.arange("2026-11-23", "2026-12-02", dtype="datetime64[D]")
        assert wt.day_minutes(days).tolist() == [480, 0, 480, 480, 480, 120, 0, 0, 480]
        assert wt.add(at("2026-11-27T16:00"), 120)[0] == np.datetime64("2026-11-28T10:00")
        assert wt.add(at("2026-11-27T16:00"), 180)[0] == np.datetime64("2026-11-28T11:00")
        got = wt.add(at("2026-11-27T16:00"), 180, side="start")
        assert got[0] == np.datetime64("2026-12-01T08:00")

    def test_exception_range_off(self) -> None:
        """A shutdown from Wednesday to the next Tuesday."""
        wt = WorkingTime(exceptions=[ExceptionPeriod(dt.date(2026, 11, 25), dt.date(2026, 12, 1))])
        got = wt.add(at("2026-11-24T17:00"), 1, side="finish")
        assert got[0] == np.datetime64("2026-12-02T08:01")

    def test_24_hour_calendar_merges_days(self) -> None:
        """On a 24/7 calendar working time equals elapsed time."""
        wt = WorkingTime(week=[["00:00-24:00"]] * 7)
        t = at("2026-11-27T23:30")
        assert wt.add(t, 60)[0] == np.datetime64("2026-11-28T00:30")
        assert wt.add(t, 30, side="finish")[0] == wt.add(t, 30, side="start")[0]

    def test_elapsed(self) -> None:
        """Elapsed minutes ignore the calendar, per element."""
        t = np.array(["2026-11-27T16:00"] * 2, dtype=M)
        got = self.split.add(t, [3 * 1440, 3 * 480], elapsed=[True, False])
        assert got.tolist() == [dt.datetime(2026, 11, 30, 16), dt.datetime(2026, 12, 2, 16)]

    def test_far_and_backward_growth(self) -> None:
        """The table grows lazily in both directions, far from the first instants."""
        wt = WorkingTime.standard("08:00-16:00")
        start = at("2026-11-23T08:00")
        wt.add(start, 0)
        year = 52 * 5 * 480 * 40  # 40 years of working time
        far = wt.add(start, year)
        assert far[0] == np.datetime64("2066-10-01T16:00")  # 2080 weeks later, a Friday
        assert wt.working_minutes(start, far)[0] == year
        assert wt.subtract(far, year)[0] == start[0]
        assert wt.subtract(start, year)[0] == np.datetime64(
            "1987-01-12T08:00"
        )

    def test_datetimes_and_dates_accepted(self) -> None:
        """Python datetimes and dates are instants too."""
        got = self.split.working_minutes(
            [dt.datetime(2026, 11, 23, 8)], [dt.date(2026, 11, 24)]
        )
        assert got.tolist() == [480]

    def test_empty(self) -> None:
        """Empty arrays give empty results."""
        empty = np.array([], dtype=M)
        assert self.split.add(empty, 5).shape == (0,)
        assert self.split.working_minutes(empty, empty).shape == (0,)

    def test_ran_out_of_working_time(self) -> None:
        """A calendar whose only working time is one exception cannot go beyond it."""
        wt = WorkingTime(week=[()] * 7, exceptions=[(dt.date(2026, 11, 23), ["08:00-09:00"])])
        assert wt.add(at("2026-11-23T08:00"), 30)[0] == np.datetime64("2026-11-23T08:30")
        with pytest.raises(ValidationError, match="ran out of working time"):
            wt.add(at("2026-11-23T08:00"), 120)


# ---------------------------------------------------------------------------- validation
class TestValidation:
    """Each bad input names the item."""

    def test_shift_ends_before_it_starts(self) -> None:
        """A shift 17:00-08:00 on Tuesday."""
        with pytest.raises(ValidationError, match="'week' Tue shift 1 ends before it starts"):
            WorkingTime(week={1: ["17:00-08:00"]})

    def test_overlapping_shifts(self) -> None:
        """08:00-12:00 and 11:00-13:00 overlap on Monday."""
        with pytest.raises(ValidationError, match="Mon has overlapping shifts 08:00-12:00"):
            WorkingTime(week={0: ["08:00-12:00", "11:00-13:00"]})

    def test_outside_the_day(self) -> None:
        """25:00 and -10 minutes are outside the day."""
        with pytest.raises(ValidationError, match=r"Wed shift 1 end must lie within 00:00-24:00"):
            WorkingTime(week={2: ["08:00-25:00"]})
        with pytest.raises(ValidationError, match="within 00:00-24:00"):
            WorkingTime(week={2: [(-10, 60)]})

    def test_bad_time_text_and_type(self) -> None:
        """A time that is not HH:MM, and a float bound."""
        with pytest.raises(ValidationError, match="must be a time 'HH:MM'"):
            WorkingTime(week={0: [("8am", "12:00")]})
        with pytest.raises(ValidationError, match="minutes after midnight"):
            WorkingTime(week={0: [(8.0, 12.0)]})

    def test_all_problems_reported(self) -> None:
        """Two bad weekdays give one error listing both."""
        with pytest.raises(ValidationError) as err:
            WorkingTime(week={0: ["12:00-08:00"], 4: ["08:00-12:00", "09:00-10:00"]})
        assert len(err.value.problems) == 2

    def test_no_working_time(self) -> None:
        """A calendar without any shift."""
        with pytest.raises(ValidationError, match="no shifts on any weekday"):
            WorkingTime(week=[()] * 7)

    def test_week_shape(self) -> None:
        """Six days, a bad weekday key."""
        with pytest.raises(ValidationError, match="7 entries"):
            WorkingTime(week=[()] * 6)
        with pytest.raises(ValidationError, match="weekday numbers"):
            WorkingTime(week={7: ["08:00-12:00"]})

    def test_exceptions(self) -> None:
        """Overlapping periods, a period ending before it starts, a bad exception shift."""
        with pytest.raises(ValidationError, match="overlap"):
            WorkingTime(exceptions=[
                (dt.date(2026, 1, 1), dt.date(2026, 1, 5), ()),
                (dt.date(2026, 1, 5), ()),
            ])
        with pytest.raises(ValidationError, match="ends before it starts"):
            ExceptionPeriod(dt.date(2026, 1, 5), dt.date(2026, 1, 1))
        with pytest.raises(ValidationError, match="exception 2026-01-05 shift 1 ends before"):
            ExceptionPeriod(dt.date(2026, 1, 5), shifts=["10:00-09:00"])
        with pytest.raises(ValidationError, match=r"exceptions\[0\]"):
            WorkingTime(exceptions=["2026-01-01"])

    def test_instants_and_minutes(self) -> None:
        """Strings, NaT, booleans, NaN and an unknown side are refused."""
        wt = WorkingTime()
        with pytest.raises(ValidationError, match="'instants' must hold datetimes"):
            wt.add(["2026-11-23"], 1)
        with pytest.raises(ValidationError, match="NaT"):
            wt.add(np.array(["NaT"], dtype=M), 1)
        with pytest.raises(ValidationError, match="numbers of minutes"):
            wt.add(at("2026-11-23T08:00"), True)
        with pytest.raises(ValidationError, match="finite"):
            wt.add(at("2026-11-23T08:00"), np.nan)
        with pytest.raises(ValidationError, match="'side'"):
            wt.add(at("2026-11-23T08:00"), 1, side="end")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="between 1700 and 2300"):
            wt.add(np.array(["2400-01-01T00:00"], dtype=M), 1)


# ---------------------------------------------------------------------------- durations
class TestDurations:
    """MS Project style durations and lags."""

    def test_units(self) -> None:
        """Minutes, hours, days, weeks, months at the default 8 h/day, 5 d/week, 20 d/month."""
        assert parse_duration("30m") == ParsedDuration(30.0)
        assert parse_duration("4h") == ParsedDuration(240.0)
        assert parse_duration("2d") == ParsedDuration(960.0)
        assert parse_duration("1.5w") == ParsedDuration(1.5 * 5 * 480)
        assert parse_duration("1mo") == ParsedDuration(20 * 480.0)
        assert parse_duration("2 days") == ParsedDuration(960.0)
        assert parse_duration("3") == ParsedDuration(3 * 480.0)
        assert parse_duration("5d?") == ParsedDuration(5 * 480.0)
        assert parse_duration("-1d") == ParsedDuration(-480.0)

    def test_hours_per_day_setting(self) -> None:
        """A day of duration is the setting, not the calendar's length."""
        units = DurationUnits(hours_per_day=7.5, days_per_week=4)
        assert parse_duration("2d", units).minutes == 900.0
        assert parse_duration("1w", units).minutes == 4 * 450.0

    def test_elapsed(self) -> None:
        """Elapsed units are 24/7."""
        assert parse_duration("3ed") == ParsedDuration(3 * 1440.0, elapsed=True)
        assert parse_duration("2eh") == ParsedDuration(120.0, elapsed=True)
        assert parse_duration("1ew") == ParsedDuration(7 * 1440.0, elapsed=True)
        assert parse_duration("1emo").minutes == 30 * 1440.0
        assert parse_duration("15em") == ParsedDuration(15.0, elapsed=True)

    def test_percent(self) -> None:
        """A percent lag keeps its percentage."""
        assert parse_duration("50%") == ParsedDuration(0.0, percent=50.0)

    def test_unknown_unit(self) -> None:
        """An unknown unit and text that is no duration."""
        with pytest.raises(ValidationError, match="unknown unit 'x'"):
            parse_duration("2x")
        with pytest.raises(ValidationError, match="must be a number and a unit"):
            parse_duration("two days")
        with pytest.raises(ValidationError, match="must be a string"):
            parse_duration(2)  # type: ignore[arg-type]

    def test_bad_units_setting(self) -> None:
        """Hours per day above 24 is a probable slip to minutes."""
        with pytest.raises(ValidationError, match="is it minutes"):
            DurationUnits(hours_per_day=480)
        with pytest.raises(ValidationError, match="'days_per_week' must be a number > 0"):
            DurationUnits(days_per_week=0)

    def test_percent_lag_minutes(self) -> None:
        """Percent of the predecessor's duration; a milestone predecessor is refused by link."""
        got = percent_lag_minutes([50.0, np.nan, 25.0], [960.0, 0.0, 480.0])
        assert got.tolist() == [480.0, 0.0, 120.0]
        with pytest.raises(ValidationError, match=r"lag of 'M -> B' .* needs a predecessor"):
            percent_lag_minutes([50.0], [0.0], links=["M -> B"])


# ---------------------------------------------------------------------------- sharing
class TestSharing:
    """Thread safety, pickling, equality."""

    def test_threads(self) -> None:
        """Eight threads growing one shared calendar get the results of a private one each."""
        shared = WorkingTime(holidays=[dt.date(2027, 1, 1)])
        rng = np.random.default_rng(15)
        jobs = []
        for k in range(8):
            base = np.datetime64("2026-01-05T08:00") + np.timedelta64(int(k * 3000 * 1440), "m")
            t = base + rng.integers(0, 400 * 1440, 2000).astype("timedelta64[m]")
            d = rng.integers(-200_000, 200_000, 2000)
            jobs.append((t, d))
        want = [WorkingTime(holidays=[dt.date(2027, 1, 1)]).add(t, d) for t, d in jobs]
        got: list[np.ndarray | None] = [None] * 8
        barrier = threading.Barrier(8)

        def run(i: int) -> None:
            barrier.wait()
            t, d = jobs[i]
            got[i] = shared.add(t, d)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        for g, w in zip(got, want, strict=True):
            assert_array_equal(g, w)

    def test_published_table_is_read_only(self) -> None:
        """Growing publishes a new table; the old one's arrays are never written."""
        wt = WorkingTime()
        wt.add(at("2026-11-23T08:00"), 1)
        old = wt._cache.table
        assert old is not None and not old.starts.flags.writeable
        before = old.starts.copy()
        wt.add(at("2026-11-23T08:00"), 10**7)
        assert wt._cache.table is not old
        assert_array_equal(old.starts, before)

    def test_pickle_and_copy(self) -> None:
        """Pickle and deepcopy give an equal calendar with the same results."""
        rule = rrule(YEARLY, bymonth=5, byweekday=MO(-1), dtstart=dt.datetime(2000, 1, 1))
        wt = WorkingTime(
            week={0: ["08:00-12:00", "13:00-17:00"], 5: ["09:00-11:00"]},
            exceptions=[(dt.date(2026, 12, 24), dt.date(2026, 12, 31), ())],
            holidays=[dt.date(2026, 12, 1)],
            holiday_rules=[rule],
        )
        t = at("2026-11-23T08:00")
        first = wt.add(t, 10_000)
        back = pickle.loads(pickle.dumps(wt))
        assert back == wt and hash(back) == hash(wt)
        assert back._cache.table is None
        assert_array_equal(back.add(t, 10_000), first)
        assert copy.deepcopy(wt) == wt
        assert WorkingTime() != wt

    def test_input_forms(self) -> None:
        """Strings, pairs of strings, times and minutes describe the same shifts."""
        forms = [
            ["08:00-12:00", "13:00-17:00"],
            [("08:00", "12:00"), ("13:00", "17:00")],
            [(dt.time(8), dt.time(12)), (dt.time(13), dt.time(17))],
            [(480, 720), (780, 1020)],
        ]
        cals = [WorkingTime.standard(f) for f in forms]
        assert all(c == cals[0] for c in cals)
        assert cals[0] == WorkingTime()
        night = WorkingTime.standard([(dt.time(22), dt.time(0))])
        assert night.week[0] == ((1320, 1440),)


# ---------------------------------------------------------------------------- WorkCalendar glue
class TestCalendarGlue:
    """The clock-time view of a WorkCalendar's fields."""

    @settings(max_examples=examples(40))
    @given(
        weekdays=st.sets(st.integers(0, 6), min_size=1),
        holidays=st.lists(st.integers(0, 60), max_size=6),
        exceptions=st.lists(st.integers(0, 60), max_size=4),
    )
    def test_worked_days_match_the_day_grid(
        self, weekdays: set[int], holidays: list[int], exceptions: list[int]
    ) -> None:
        """A day has working minutes exactly when WorkCalendar says it is a working day."""
        from pmokit.calendar import WorkCalendar

        hol = [MONDAY + dt.timedelta(days=k) for k in holidays]
        exc = [MONDAY + dt.timedelta(days=k) for k in exceptions]
        cal = WorkCalendar(weekdays=weekdays, holidays=hol, exceptions=exc, hours_per_day=7.5)
        wt = calendar_working_time(
            cal.weekdays, cal.holidays, cal.holiday_rules, cal.exceptions, None, 7.5
        )
        end = MONDAY + dt.timedelta(days=61)
        days = np.arange(MONDAY, end, dtype="datetime64[D]")
        minutes = wt.day_minutes(days)
        assert_array_equal(minutes > 0, cal.working_mask(MONDAY, end))
        assert set(minutes.tolist()) <= {0, 450}

    def test_exception_day_shifts(self) -> None:
        """A worked Saturday gets the usual shifts; a worked holiday keeps its weekday's."""
        week = convert_calendar_shifts({0: ["07:00-15:00"], 1: ["08:00-12:00", "13:00-17:00"]},
                                       (0, 1))
        assert week is not None
        wt = calendar_working_time(
            (0, 1), [dt.date(2026, 11, 24)], (), [dt.date(2026, 11, 24), dt.date(2026, 11, 28)],
            week, 8.0,
        )
        assert wt.exceptions[0].shifts == ((480, 720), (780, 1020))
        assert wt.exceptions[1].shifts == ((420, 900),)

    def test_convert_calendar_shifts(self) -> None:
        """One day's shifts apply to every working weekday; None stays None; the normalised
        form converts to itself, and seven single shifts are one day's shifts."""
        assert convert_calendar_shifts(None, (0, 1)) is None
        week = convert_calendar_shifts(["08:00-12:00", "13:00-17:00"], (0, 2))
        assert week == (((480, 720), (780, 1020)), (), ((480, 720), (780, 1020)), (), (), (), ())
        assert convert_calendar_shifts(week, (0, 2)) == week
        seven = tuple((60 * k, 60 * k + 30) for k in range(7))
        assert convert_calendar_shifts(seven, (3,)) == ((),) * 3 + (seven,) + ((),) * 3

    def test_convert_calendar_shifts_errors(self) -> None:
        """Shifts on a day off, a working weekday without shifts, no shifts, bad keys."""
        with pytest.raises(ValidationError, match="Sat, which is not in 'weekdays'"):
            convert_calendar_shifts({0: ["08:00-16:00"], 5: ["08:00-12:00"]}, (0,))
        with pytest.raises(ValidationError, match="no shifts for Tue, a working weekday"):
            convert_calendar_shifts({0: ["08:00-16:00"]}, (0, 1))
        with pytest.raises(ValidationError, match="at least one shift"):
            convert_calendar_shifts([], (0,))
        with pytest.raises(ValidationError, match="weekday numbers"):
            convert_calendar_shifts({"Mon": ["08:00-16:00"]}, (0,))
        with pytest.raises(ValidationError, match="'shifts' shift 1 ends before it starts"):
            convert_calendar_shifts(["17:00-08:00"], (0,))

    def test_default_shifts(self) -> None:
        """A day-based calendar's day starts at 08:00, earlier when it would pass midnight."""
        assert default_shifts(8) == ((480, 960),)
        assert default_shifts(20) == ((240, 1440),)


# ---------------------------------------------------------------------------- WorkCalendar
class TestWorkCalendarClockTime:
    """WorkCalendar(shifts=...) and its clock-time methods."""

    def test_issue_16_00_finish(self) -> None:
        """Issue 15: one day from Monday 08:00 is 16:00 on 8-16 and 17:00 on 8-12 + 13-17."""
        from pmokit.calendar import WorkCalendar

        early = WorkCalendar(shifts=["08:00-16:00"])
        split = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"])
        start = at("2026-11-23T08:00")
        assert early.add_working_minutes(start, 480)[0] == np.datetime64("2026-11-23T16:00")
        assert split.add_working_minutes(start, 480)[0] == np.datetime64("2026-11-23T17:00")
        sixteen = at("2026-11-23T16:00")
        assert early.working_minutes_between(start, sixteen).tolist() == [480]
        assert split.working_minutes_between(start, sixteen).tolist() == [420]

    def test_default_is_day_based_hours_from_eight(self) -> None:
        """Without shifts a working day is one shift of hours_per_day from 08:00."""
        from pmokit.calendar import WorkCalendar

        cal = WorkCalendar(hours_per_day=7.5)
        assert cal.shifts is None
        friday = at("2026-11-27T09:00")
        assert cal.previous_working_finish(friday + np.timedelta64(1440, "m"))[0] == (
            np.datetime64("2026-11-27T15:30")
        )
        assert cal.next_working_start(friday + np.timedelta64(1440, "m"))[0] == (
            np.datetime64("2026-11-30T08:00")
        )
        days = np.arange("2026-11-23", "2026-11-30", dtype="datetime64[D]")
        assert cal.working_minutes_per_day(days).tolist() == [450] * 5 + [0, 0]
        assert cal.is_working_time(at("2026-11-23T15:29")).tolist() == [True]
        assert cal.is_working_time(at("2026-11-23T15:30")).tolist() == [False]

    @settings(max_examples=examples(40))
    @given(
        weekdays=st.sets(st.integers(0, 6), min_size=1),
        holidays=st.lists(st.integers(0, 90), max_size=8),
        exceptions=st.lists(st.integers(0, 90), max_size=4),
        first=st.integers(0, 30),
        n=st.lists(st.integers(1, 40), min_size=5, max_size=5),
        shifts=day_shifts(),
    )
    @example(  # a 24-hour Monday: its finish is the instant Tuesday 00:00, dated Monday
        weekdays={0}, holidays=[], exceptions=[], first=0, n=[1, 2, 1, 1, 1],
        shifts=((0, 1440),),
    )
    def test_dates_agree_with_the_day_api(
        self, weekdays: set[int], holidays: list[int], exceptions: list[int], first: int,
        n: list[int], shifts: tuple[tuple[int, int], ...],
    ) -> None:
        """n whole days of clock time end on finish_date and the next start is on
        add_working_days, on any weekdays, holidays, exceptions and shifts."""
        from pmokit.calendar import WorkCalendar

        if not shifts:
            shifts = ((480, 1020),)
        cal = WorkCalendar(
            weekdays=weekdays,
            holidays=[MONDAY + dt.timedelta(days=k) for k in holidays],
            exceptions=[MONDAY + dt.timedelta(days=k) for k in exceptions],
            shifts=shifts,
        )
        day = cal.add_working_days(MONDAY + dt.timedelta(days=first), 0)
        length = sum(b - a for a, b in shifts)
        start = cal.next_working_start(np.array([np.datetime64(day, "m")] * 5))
        assert (start.astype("datetime64[D]") == np.datetime64(day)).all()
        minutes = np.array(n) * length
        finish = cal.add_working_minutes(start, minutes, side="finish")
        nxt = cal.add_working_minutes(start, minutes, side="start")
        finish_dates = cal.finish_instant_dates(finish)
        for k, f, s in zip(n, finish_dates, nxt, strict=True):
            assert f.astype(dt.date) == cal.finish_date(day, k)
            assert s.astype(dt.datetime).date() == cal.add_working_days(day, k)

    def test_finish_at_midnight_is_dated_the_day_that_ends(self) -> None:
        """A finish at 24:00 is the instant 00:00 of the next day and is dated the day that
        ends there, as finish_date; starts keep their own day; other finishes their own day."""
        from pmokit.calendar import WorkCalendar

        monday_only = WorkCalendar(weekdays=[0], shifts=["00:00-24:00"])
        start = at("2026-11-23T00:00")
        finish = monday_only.add_working_minutes(start, [1440, 2 * 1440])
        assert_array_equal(finish, np.array(["2026-11-24T00:00", "2026-12-01T00:00"],
                                            dtype="datetime64[m]"))
        assert monday_only.finish_instant_dates(finish).astype(dt.date).tolist() == [
            monday_only.finish_date(MONDAY, 1), monday_only.finish_date(MONDAY, 2)
        ] == [dt.date(2026, 11, 23), dt.date(2026, 11, 30)]
        # adjacent 24-hour days are one merged interval: Tuesday 00:00 ends Monday's work
        around = WorkCalendar(weekdays=[0, 1, 2], shifts=["00:00-24:00"])
        finish = around.add_working_minutes(start, [1440, 2 * 1440, 3 * 1440])
        assert around.finish_instant_dates(finish).astype(dt.date).tolist() == [
            around.finish_date(MONDAY, k) for k in (1, 2, 3)
        ] == [MONDAY, MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)]
        nxt = around.add_working_minutes(start, [1440, 3 * 1440], side="start")
        assert nxt.astype("datetime64[D]").astype(dt.date).tolist() == [
            around.add_working_days(MONDAY, 1), around.add_working_days(MONDAY, 3)
        ] == [MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=7)]
        # a late shift ending at 24:00, and an ordinary 17:00 finish
        late = WorkCalendar(shifts=["20:00-24:00"])
        assert late.finish_instant_dates(late.add_working_minutes(at("2026-11-27T20:00"), 240)
                                         ).astype(dt.date).tolist() == [dt.date(2026, 11, 27)]
        split = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"])
        friday = split.add_working_minutes(at("2026-11-23T08:00"), 5 * 480)
        assert split.finish_instant_dates(friday).astype(dt.date).tolist() == [
            dt.date(2026, 11, 27)
        ]

    def test_shift_errors_name_the_weekday(self) -> None:
        """Bad shifts, and shifts that do not match the working weekdays."""
        from pmokit.calendar import WorkCalendar

        with pytest.raises(ValidationError, match="'shifts' shift 1 ends before it starts"):
            WorkCalendar(shifts=["17:00-08:00"])
        with pytest.raises(ValidationError, match="overlapping shifts"):
            WorkCalendar(shifts=["08:00-12:00", "11:00-13:00"])
        with pytest.raises(ValidationError, match="Sun, which is not in 'weekdays'"):
            WorkCalendar(shifts={d: ["08:00-16:00"] for d in (0, 1, 2, 3, 4, 6)})

    def test_equality_pickle_threads(self) -> None:
        """Shifts take part in ==; pickle keeps them; 8 threads share one calendar."""
        from pmokit.calendar import WorkCalendar

        a = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"], holidays=[dt.date(2026, 12, 25)])
        assert a == WorkCalendar(shifts=[(480, 720), (780, 1020)], holidays=[dt.date(2026, 12, 25)])
        assert a != WorkCalendar(shifts=["08:00-16:00"], holidays=[dt.date(2026, 12, 25)])
        assert a != WorkCalendar(holidays=[dt.date(2026, 12, 25)])
        t = at("2026-11-23T08:00")
        first = a.add_working_minutes(t, 100_000)
        back = pickle.loads(pickle.dumps(a))
        assert back == a and back.shifts == a.shifts
        assert copy.deepcopy(a) == a
        assert attrs.evolve(a, name="site").shifts == a.shifts
        assert_array_equal(back.add_working_minutes(t, 100_000), first)
        shared = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"])
        rng = np.random.default_rng(3)
        jobs = [
            (t + rng.integers(0, 4000 * 1440, 500).astype("timedelta64[m]"),
             rng.integers(0, 300_000, 500))
            for _ in range(8)
        ]
        want = [
            WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"]).add_working_minutes(ti, d)
            for ti, d in jobs
        ]
        got: list[np.ndarray | None] = [None] * 8
        barrier = threading.Barrier(8)

        def run(i: int) -> None:
            barrier.wait()
            got[i] = shared.add_working_minutes(*jobs[i])

        threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        for g, w in zip(got, want, strict=True):
            assert_array_equal(g, w)

    def test_exception_shifts(self) -> None:
        """A worked Saturday and a short Christmas Eve with their own hours."""
        from pmokit.calendar import WorkCalendar

        cal = WorkCalendar(
            shifts=["08:00-12:00", "13:00-17:00"],
            exceptions=[dt.date(2026, 11, 28)],
            exception_shifts={dt.date(2026, 11, 28): ["09:00-11:00"],
                              dt.date(2026, 12, 24): ["08:00-12:00"]},
        )
        days = np.array(["2026-11-27", "2026-11-28", "2026-11-29", "2026-12-24"],
                        dtype="datetime64[D]")
        assert cal.working_minutes_per_day(days).tolist() == [480, 120, 0, 240]
        assert cal.add_working_minutes(at("2026-11-27T16:00"), 120)[0] == np.datetime64(
            "2026-11-28T10:00"
        )
        assert cal != attrs.evolve(cal, exception_shifts={})
        back = pickle.loads(pickle.dumps(cal))
        assert back == cal and back.exception_shifts == cal.exception_shifts
        assert attrs.evolve(cal, name="x").exception_shifts == cal.exception_shifts

    def test_exception_shifts_errors(self) -> None:
        """Hours on a day off, a day without shifts, a bad shift, a date that is no date."""
        from pmokit.calendar import WorkCalendar

        with pytest.raises(ValidationError, match="2026-11-28, which is not a working day"):
            WorkCalendar(exception_shifts={dt.date(2026, 11, 28): ["09:00-11:00"]})
        with pytest.raises(ValidationError, match="2026-11-27 has no shifts; a day off"):
            WorkCalendar(exception_shifts={dt.date(2026, 11, 27): []})
        with pytest.raises(ValidationError, match="'exception_shifts' 2026-11-27 shift 1 ends"):
            WorkCalendar(exception_shifts={dt.date(2026, 11, 27): ["12:00-09:00"]})
        with pytest.raises(ValidationError, match=r"\[0\] date' must be a datetime\.date"):
            WorkCalendar(exception_shifts={"2026-11-27": ["09:00-11:00"]})
        with pytest.raises(ValidationError, match=r"'exception_shifts\[0\]' must be a"):
            WorkCalendar(exception_shifts=[dt.date(2026, 11, 27)])


# ---------------------------------------------------------------------------- MPXJ, a trusted tool
class TestAgainstMPXJ:
    """The same calendar in MPXJ (MS Project's calendar rules as MPXJ implements them)."""

    def test_dates_work_and_next_start(self) -> None:
        """getDate, getWork and getNextWorkStart agree on 300 random instants; and
        getPreviousWorkFinish on those outside working time (inside, MPXJ returns the end of
        the previous period, where previous_finish returns the instant itself)."""
        pytest.importorskip("jpype", reason="jpype1 not installed (mpxj extra)")
        from pmokit.errors import MissingDependencyError
        from pmokit.interop.mpxj import start_jvm

        try:
            start_jvm()
        except MissingDependencyError as exc:
            pytest.skip(str(exc))
        from java.time import LocalDate, LocalDateTime, LocalTime
        from org.mpxj import Duration, LocalTimeRange, ProjectFile, TimeUnit

        cal = ProjectFile().addDefaultBaseCalendar()  # Mon-Fri 08:00-12:00, 13:00-17:00
        cal.addCalendarException(LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 25))
        sat = cal.addCalendarException(LocalDate.of(2026, 11, 28), LocalDate.of(2026, 11, 28))
        sat.add(LocalTimeRange(LocalTime.of(9, 0), LocalTime.of(11, 0)))
        short = cal.addCalendarException(LocalDate.of(2026, 12, 14), LocalDate.of(2026, 12, 18))
        short.add(LocalTimeRange(LocalTime.of(7, 0), LocalTime.of(11, 30)))
        wt = WorkingTime(
            holidays=[dt.date(2026, 12, 25)],
            exceptions=[
                (dt.date(2026, 11, 28), ["09:00-11:00"]),
                (dt.date(2026, 12, 14), dt.date(2026, 12, 18), ["07:00-11:30"]),
            ],
        )

        def java(t: np.datetime64) -> object:
            p = t.astype(dt.datetime)
            return LocalDateTime.of(p.year, p.month, p.day, p.hour, p.minute)

        def numpy(x: object) -> np.datetime64:
            return np.datetime64(str(x.toString()), "m")  # type: ignore[attr-defined]

        rng = np.random.default_rng(15)
        t = np.datetime64("2026-11-20T00:00") + rng.integers(0, 40 * 1440, 300).astype(
            "timedelta64[m]"
        )
        d = rng.integers(1, 15 * 480, 300)
        later = t + np.timedelta64(3 * 1440, "m")
        one = np.timedelta64(1, "m")
        gap = ~wt.is_working(t) & ~wt.is_working(t - one)
        want_add = [
            numpy(cal.getDate(java(a), Duration.getInstance(int(b), TimeUnit.MINUTES)))
            for a, b in zip(t, d, strict=True)
        ]
        want_next = [numpy(cal.getNextWorkStart(java(a))) for a in t]
        want_prev = [numpy(cal.getPreviousWorkFinish(java(a))) for a in t[gap]]
        want_work = [
            float(cal.getWork(java(a), java(b), TimeUnit.MINUTES).getDuration())
            for a, b in zip(t, later, strict=True)
        ]
        assert_array_equal(wt.add(t, d), np.array(want_add, dtype=M))
        assert_array_equal(wt.next_start(t), np.array(want_next, dtype=M))
        assert_array_equal(wt.previous_finish(t[gap]), np.array(want_prev, dtype=M))
        assert_array_equal(wt.working_minutes(t, later), want_work)
        assert gap.sum() > 50


def test_elapsed_refuses_non_bools_fuzz2() -> None:
    """Found by the fuzz test: elapsed="no" was taken as True (a truthy string)."""
    from pmokit.calendar import WorkCalendar
    from pmokit.errors import ValidationError

    cal = WorkCalendar(shifts=["08:00-12:00", "13:00-17:00"])
    monday = np.array(["2026-11-23T08:00"], dtype="datetime64[m]")
    for bad in ("no", 1, [0, 1]):
        with pytest.raises(ValidationError, match="'elapsed' must be a bool"):
            cal.add_working_minutes(monday, 60, elapsed=bad)
    assert cal.add_working_minutes(monday, 60, elapsed=np.array([True]))[0] == np.datetime64(
        "2026-11-23T09:00")
