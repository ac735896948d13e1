"""Statusing: progress, data date and the P6 / MS Project modes (issue 16, item 1).

Hand cases follow the tools' documentation (sources in docs/scheduling.md, "Statusing"):
P6's Schedule Options "When scheduling progressed activities use" (Retained Logic, Progress
Override, Actual Dates) on the three-activity example used by Oracle's trainers (A1 -> A2 ->
A3, A2 started before A1), and MS Project's "split in-progress tasks" / "move the incomplete
parts of started tasks after the status date".
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit.calendar import WorkCalendar
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.scheduling import (
    Activity,
    ActivityProgress,
    Constraint,
    Dependency,
    Network,
    Progress,
    schedule,
)
from pmokit.scheduling import schedule as _schedule
from tests._hypothesis import examples
from tests._requires import requires_pandas
from tests.scheduling._nets import networks

MODES = ("retained_logic", "progress_override", "actual_dates", "ms_project")
MON = dt.date(2026, 11, 23)
FIVE = WorkCalendar()  # Mon-Fri, one 8-hour shift


@pytest.fixture(params=["days", "clock"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs a hand case on the day engine and again on clock time (one 8-hour shift from
    a Monday, the same offsets): ``schedule`` in this module becomes
    ``schedule(..., start=MON, calendar=FIVE, clock=True)`` where no start is given."""
    if request.param == "clock":
        def clocked(net: Network, **kw: Any) -> Any:
            if "start" not in kw:
                kw.update(start=MON, calendar=FIVE)
            return _schedule(net, clock=True, **kw)

        monkeypatch.setattr(sys.modules[__name__], "schedule", clocked)
    return str(request.param)


def abc() -> Network:
    """P6 trainers' example: A1 -> A2 -> A3, 5 days each."""
    acts = [Activity("A1", 5), Activity("A2", 5), Activity("A3", 5)]
    return Network(acts, [Dependency("A1", "A2"), Dependency("A2", "A3")])


def out_of_sequence(mode: str) -> tuple[list[float], ...]:
    """A2 started on day 0 before A1 (not started); 3 days remain; data date 2."""
    p = Progress([ActivityProgress("A2", actual_start=0, remaining_duration=3)])
    s = schedule(abc(), actuals=p, data_date=2, statusing=mode)  # type: ignore[arg-type]
    return (s.early_start.tolist(), s.early_finish.tolist(), s.late_finish.tolist(),
            s.total_float.tolist())


@pytest.mark.usefixtures("engine")
class TestP6Modes:
    def test_retained_logic(self) -> None:
        """Retained logic: A2's remaining work waits for A1 (A1 from the data date 2 to 7,
        A2's remaining 3 days 7-10), A3 10-15; all critical."""
        es, ef, lf, tf = out_of_sequence("retained_logic")
        assert es == [2.0, 0.0, 10.0]  # A2 keeps its actual start
        assert ef == [7.0, 10.0, 15.0]
        assert lf == [7.0, 10.0, 15.0]
        assert tf == [0.0, 0.0, 0.0]

    def test_progress_override(self) -> None:
        """Progress override: A1 no longer holds A2; A2's remaining runs from the data
        date (2-5), A3 5-10; A1 is open-ended (late finish = project finish 10: float 3)."""
        _, ef, lf, tf = out_of_sequence("progress_override")
        assert ef == [7.0, 5.0, 10.0]
        assert lf == [10.0, 5.0, 10.0]
        assert tf == [3.0, 0.0, 0.0]

    def test_actual_dates(self) -> None:
        """Actual dates: forward as progress override; the predecessor's late finish is
        the out-of-sequence successor's actual start (0), so A1 has float 0 - 7 = -7."""
        _, ef, lf, tf = out_of_sequence("actual_dates")
        assert ef == [7.0, 5.0, 10.0]
        assert lf == [0.0, 5.0, 10.0]
        assert tf == [-7.0, 0.0, 0.0]

    @pytest.mark.parametrize("mode", MODES)
    def test_out_of_sequence_reported(self, mode: str) -> None:
        """A2 started while A1 had not finished: the link A1 -> A2 is listed."""
        p = Progress([ActivityProgress("A2", actual_start=0, remaining_duration=3)])
        s = schedule(abc(), actuals=p, data_date=2, statusing=mode)  # type: ignore[arg-type]
        assert s.out_of_sequence == (("A1", "A2"),)
        assert s.settings["statusing"] == mode

    def test_in_sequence_progress_is_not_listed(self) -> None:
        """A1 finished on day 5, A2 started on day 5: nothing out of sequence."""
        p = Progress([ActivityProgress("A1", actual_start=0, actual_finish=5),
                      ActivityProgress("A2", actual_start=5, remaining_duration=2)])
        s = schedule(abc(), actuals=p, data_date=7)
        assert s.out_of_sequence == ()
        assert s.early_finish.tolist() == [5.0, 9.0, 14.0]

    @pytest.mark.parametrize("mode", ["retained_logic", "progress_override", "actual_dates"])
    def test_start_link_out_of_started_work_holds_its_late_start(self, mode: str) -> None:
        """P6 keeps an SS link out of a started activity in the backward pass: A (10
        days) started on day 0 with 5 days left at data date 5; B (SS from A) must finish
        by day 6 (FNLT), so starts by day 3, and A's remaining work must start by day 3
        too: late finish 8, float -2 (P6's export of ``bench_real_schedules.py``: 25
        started activities with an SS successor show its late start as their remaining
        late start). MS Project's statusing keeps the link only forward."""
        net = Network([Activity("A", 10), Activity("B", 3, constraint=Constraint("FNLT", 6))],
                      [Dependency("A", "B", "SS")])
        p = Progress([ActivityProgress("A", actual_start=0, remaining_duration=5)])
        s = schedule(net, actuals=p, data_date=5, statusing=mode)  # type: ignore[arg-type]
        assert s.remaining_late_start.tolist() == [3.0, 3.0]
        assert s.late_finish.tolist() == [8.0, 6.0]
        assert s.total_float.tolist() == [-2.0, -2.0]
        ms = schedule(net, actuals=p, data_date=5, statusing="ms_project")
        assert ms["A"]["late_finish"] == 10.0

    def test_finish_to_finish_out_of_sequence(self) -> None:
        """An FF successor that finished before its predecessor is out of sequence."""
        net = Network([Activity("A", 5), Activity("B", 2)], [Dependency("A", "B", "FF")])
        p = Progress([ActivityProgress("B", actual_start=0, actual_finish=2)])
        assert schedule(net, actuals=p, data_date=3).out_of_sequence == (("A", "B"),)


@pytest.mark.usefixtures("engine")
class TestMsProjectRules:
    def test_completed_part_keeps_its_place(self) -> None:
        """MS Project: a 10-day task 80% complete since day 0 has its completed part on
        days 0-8; at status date 5 its remaining 2 days follow the completed part (8-10).
        P6 places the remaining duration at the data date (5-7)."""
        net = Network([Activity("T", 10)])
        p = Progress([ActivityProgress("T", actual_start=0, percent_complete=80)])
        ms = schedule(net, actuals=p, data_date=5, statusing="ms_project")
        p6 = schedule(net, actuals=p, data_date=5)
        assert ms.early_finish.tolist() == pytest.approx([10.0])
        assert p6.early_finish.tolist() == pytest.approx([7.0])
        assert ms.remaining_duration.tolist() == pytest.approx([2.0])

    def test_incomplete_parts_move_after_the_status_date(self) -> None:
        """A task started on day 0 with nothing done: at status date 3 its incomplete part
        (all 5 days) moves after the status date (3-8); its successor follows."""
        net = Network([Activity("T", 5), Activity("U", 2)], [Dependency("T", "U")])
        p = Progress([ActivityProgress("T", actual_start=0, percent_complete=0)])
        s = schedule(net, actuals=p, data_date=3, statusing="ms_project")
        assert s.early_start.tolist() == [0.0, 8.0]
        assert s.early_finish.tolist() == [8.0, 10.0]

    def test_completed_successors_ignored_in_backward_pass(self) -> None:
        """A -> B with B completed out of sequence: B does not bound A's late dates, which
        run back from the project finish."""
        net = Network([Activity("A", 5), Activity("B", 2), Activity("C", 8)],
                      [Dependency("A", "B")])
        p = Progress([ActivityProgress("B", actual_start=0, actual_finish=2),
                      ActivityProgress("C", actual_start=0, remaining_duration=6)])
        s = schedule(net, actuals=p, data_date=2, statusing="ms_project")
        assert s["A"]["late_finish"] == 8.0  # the project finish (C: 2 + 6)
        assert s["A"]["total_float"] == 1.0


@pytest.mark.usefixtures("engine")
class TestRules:
    @pytest.mark.parametrize("mode", MODES)
    def test_finished_work_keeps_its_actuals_and_is_not_critical(self, mode: str) -> None:
        p = Progress([ActivityProgress("A1", actual_start=1, actual_finish=4)])
        s = schedule(abc(), actuals=p, data_date=6, statusing=mode)  # type: ignore[arg-type]
        row = s["A1"]
        assert (row["early_start"], row["early_finish"]) == (1.0, 4.0)
        assert (row["late_start"], row["late_finish"], row["total_float"]) == (1.0, 4.0, 0.0)
        assert "A1" not in s.critical and row["critical"] is False
        assert s["A2"]["early_start"] == 6.0  # no remaining work before the data date
        assert s.remaining_duration.tolist() == [0.0, 5.0, 5.0]

    def test_float_is_measured_from_the_data_date(self) -> None:
        """Two parallel tasks, data date 4: the short one floats on its remaining work."""
        net = Network([Activity("L", 10), Activity("S", 3)])
        p = Progress([ActivityProgress("L", actual_start=0, remaining_duration=6)])
        s = schedule(net, actuals=p, data_date=4)
        assert s.project_duration == 10.0
        assert s.total_float.tolist() == [0.0, 3.0]  # S: 4-7, late 7-10

    def test_leveling_delay_moves_no_started_work(self) -> None:
        """A leveling delay on finished or started work is ignored (it has started); on
        work not started it still applies."""
        p = Progress([ActivityProgress("A1", actual_start=0, actual_finish=5),
                      ActivityProgress("A2", actual_start=5, remaining_duration=2)])
        s = schedule(abc(), actuals=p, data_date=6,
                     leveling_delay={"A1": 3, "A2": 3, "A3": 1})
        assert s.early_start.tolist() == [0.0, 5.0, 9.0]
        assert s.early_finish.tolist() == [5.0, 8.0, 14.0]

    def test_data_date_alone_holds_unstarted_work(self) -> None:
        s = schedule(abc(), data_date=3)
        assert s.early_start.tolist() == [3.0, 8.0, 13.0]
        assert s.statused and s.data_date == 3.0 and s.actuals is None

    def test_remaining_duration_wins_over_percent(self) -> None:
        p = Progress([ActivityProgress("A1", actual_start=0, remaining_duration=1,
                                       percent_complete=20)])
        assert schedule(abc(), actuals=p, data_date=2).early_finish[0] == 3.0

    def test_physical_percent_moves_no_date(self) -> None:
        p1 = Progress([ActivityProgress("A1", actual_start=0, physical_percent_complete=90)])
        p0 = Progress([ActivityProgress("A1", actual_start=0)])
        a = schedule(abc(), actuals=p1, data_date=2)
        b = schedule(abc(), actuals=p0, data_date=2)
        assert_array_equal(a.early_finish, b.early_finish)

    def test_start_to_start_from_started_work_binds_from_the_actual_start(self) -> None:
        """SS+2 from a task started on day 1: the successor may start on day 3 (the data
        date 0.5 is earlier), whatever its remaining work."""
        net = Network([Activity("A", 5), Activity("B", 1)], [Dependency("A", "B", "SS", lag=2)])
        p = Progress([ActivityProgress("A", actual_start=0.25, remaining_duration=4)])
        s = schedule(net, actuals=p, data_date=0.5)
        assert s["B"]["early_start"] == 2.25

    def test_dates(self) -> None:
        """Actual dates and the data date as dates: start of day, end of day."""
        cal = WorkCalendar()
        mon = dt.date(2026, 1, 5)
        p = Progress([ActivityProgress("A1", actual_start=mon, actual_finish=dt.date(2026, 1, 7)),
                      ActivityProgress("A2", actual_start=dt.date(2026, 1, 8),
                                       remaining_duration=2)])
        s = schedule(abc(), start=mon, calendar=cal, actuals=p, data_date=dt.date(2026, 1, 9))
        assert s.early_finish.tolist() == [3.0, 7.0, 12.0]
        assert s.data_date == 5.0
        assert s["A2"]["early_finish_date"] == dt.date(2026, 1, 13)


class TestErrors:
    def err(self, *recs: ActivityProgress, data_date: object = 10, **kw: object) -> str:
        with pytest.raises(ValidationError) as e:
            schedule(abc(), actuals=Progress(recs), data_date=data_date, **kw)  # type: ignore[arg-type]
        return str(e.value)

    def test_finish_before_start(self) -> None:
        msg = self.err(ActivityProgress("A2", actual_start=4, actual_finish=3))
        assert "actual finish of activity 'A2' (3) must not precede its actual start (4)" in msg

    def test_actual_date_after_data_date(self) -> None:
        msg = self.err(ActivityProgress("A1", actual_start=11))
        assert "actual start of activity 'A1' (11) is after the data date (10)" in msg
        msg = self.err(ActivityProgress("A1", actual_start=1, actual_finish=12))
        assert "actual finish of activity 'A1' (12) is after the data date (10)" in msg

    @pytest.mark.parametrize("pc", [-1, 100.5, float("nan"), "50"])
    def test_percent_outside_0_100(self, pc: object) -> None:
        msg = self.err(ActivityProgress("A3", actual_start=0, percent_complete=pc))  # type: ignore[arg-type]
        assert "percent complete of activity 'A3' must" in msg and "[0, 100]" in msg

    def test_physical_percent_outside_0_100(self) -> None:
        msg = self.err(ActivityProgress("A3", actual_start=0, physical_percent_complete=101))
        assert "physical percent complete of activity 'A3' must be in [0, 100]" in msg

    def test_remaining_duration_on_finished_activity(self) -> None:
        msg = self.err(ActivityProgress("A1", actual_start=0, actual_finish=5,
                                        remaining_duration=2))
        assert "activity 'A1' has finished (actual finish 5), so it cannot have a " \
               "remaining duration (got 2)" in msg
        # zero remaining on finished work is what the tools store: accepted
        schedule(abc(), actuals=Progress([ActivityProgress("A1", actual_start=0,
                                                            actual_finish=5,
                                                            remaining_duration=0)]),
                 data_date=10)

    def test_negative_remaining_duration(self) -> None:
        msg = self.err(ActivityProgress("A1", actual_start=0, remaining_duration=-1))
        assert "remaining duration of activity 'A1' must be a finite number >= 0" in msg

    def test_finish_without_start(self) -> None:
        assert "activity 'A1' has an actual finish but no actual start" in self.err(
            ActivityProgress("A1", actual_finish=3))

    def test_percent_without_start(self) -> None:
        assert "activity 'A1' is 40% complete but has no actual start" in self.err(
            ActivityProgress("A1", percent_complete=40))

    def test_all_problems_at_once(self) -> None:
        msg = self.err(ActivityProgress("A1", actual_start=4, actual_finish=3),
                       ActivityProgress("A2", actual_start=0, percent_complete=120))
        assert "'A1'" in msg and "'A2'" in msg

    def test_dates_need_start(self) -> None:
        msg = self.err(ActivityProgress("A1", actual_start=dt.date(2026, 1, 5)))
        assert "actual start of activity 'A1' is a date (2026-01-05), so the schedule needs " \
               "'start'" in msg
        assert "'data_date' is a date" in self.err(data_date=dt.date(2026, 1, 5))

    def test_bad_times(self) -> None:
        assert "actual start of activity 'A1' must be a finite offset" in self.err(
            ActivityProgress("A1", actual_start="monday"))  # type: ignore[arg-type]
        assert "'data_date' must be a finite offset" in self.err(data_date=float("inf"))

    def test_bad_mode(self) -> None:
        assert "'statusing' must be one of" in self.err(statusing="retained")
        with pytest.raises(ValidationError, match="'statusing' must be one of"):
            schedule(abc(), statusing="retained")  # type: ignore[arg-type]

    def test_unknown_activity(self) -> None:
        with pytest.raises(UnknownReferenceError, match="progress names activity 'Z'"):
            schedule(abc(), actuals=Progress([ActivityProgress("Z", actual_start=0)]),
                     data_date=1)

    def test_progress_type(self) -> None:
        with pytest.raises(ValidationError, match="'progress' must be a Progress"):
            schedule(abc(), actuals={"A1": 0}, data_date=1)  # type: ignore[arg-type]

    def test_bad_records(self) -> None:
        with pytest.raises(DuplicateError, match="activity 'A' has more than one"):
            Progress([ActivityProgress("A"), ActivityProgress("A")])
        with pytest.raises(ValidationError, match="must hold ActivityProgress records"):
            Progress([{"id": "A"}])  # type: ignore[list-item]
        with pytest.raises(ValidationError, match="must be an iterable of ActivityProgress"):
            Progress(3)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="non-empty id"):
            Progress([ActivityProgress("")])



class TestOwnCalendars:
    def test_statused_through_the_calendar_engine(self) -> None:
        """Activities on their own calendars: finished work keeps its actuals, started work
        starts at its actual start, unstarted work waits for the data date (Mon 5 Jan
        2026 start; data date Wed 7 Jan = offset 3)."""
        six = WorkCalendar(weekdays=(0, 1, 2, 3, 4, 5))
        net = Network([Activity("A", 2), Activity("B", 4, calendar=six), Activity("C", 2)],
                      [Dependency("A", "B"), Dependency("B", "C")])
        p = Progress([ActivityProgress("A", actual_start=0, actual_finish=2),
                      ActivityProgress("B", actual_start=2, remaining_duration=3)])
        s = schedule(net, start=dt.date(2026, 1, 5), actuals=p, data_date=dt.date(2026, 1, 7))
        assert s.statused and s.settings["statusing"] == "retained_logic"
        assert (s["A"]["early_start"], s["A"]["early_finish"]) == (0.0, 2.0)
        assert s["A"]["early_finish_date"] == dt.date(2026, 1, 6)
        assert s["B"]["early_start"] == 2.0
        assert s["B"]["early_start_date"] == dt.date(2026, 1, 7)
        # B's 3 remaining days on Mon-Sat from Thu 8 Jan: Thu, Fri, Sat -> C from Mon 12
        assert s["B"]["early_finish_date"] == dt.date(2026, 1, 10)
        assert s["C"]["early_start_date"] == dt.date(2026, 1, 12)
        assert s.critical == ("B", "C")

    def test_total_float_counts_the_own_calendar(self) -> None:
        """B (six-day calendar) started Monday 23 November with 2 days left at data date
        Tuesday 24 close; Z(8, Monday-Friday) waits for the data date and ends Friday 4
        December. B finishes Thursday 26; to Friday 4 its calendar works 7 days (Friday,
        Saturday, Monday-Friday), so its total float is 7, as its free float and as on
        clock time. The project calendar counts 6 days there, which the day engine gave
        (a total float below the free float)."""
        six = WorkCalendar(weekdays=(0, 1, 2, 3, 4, 5))
        net = Network([Activity("B", 4, calendar=six), Activity("Z", 8)])
        p = Progress([ActivityProgress("B", actual_start=0, remaining_duration=2)])
        s = schedule(net, start=MON, actuals=p, data_date=2)
        assert s.total_float.tolist() == [7.0, 0.0]
        assert s.free_float.tolist() == [7.0, 0.0]
        clk = schedule(net, start=MON, actuals=p, data_date=2, clock=True)
        assert_array_equal(clk.total_float, s.total_float)


class TestProgressRecords:
    def test_lookup(self) -> None:
        p = Progress([ActivityProgress("A", actual_start=0)])
        assert list(p) == ["A"] and p["A"].started and not p["A"].finished
        with pytest.raises(UnknownReferenceError):
            p["B"]

    def test_from_records(self) -> None:
        p = Progress.from_records([
            {"id": "A1", "actual_start": 0, "actual_finish": 5},
            {"id": "A2", "actual_start": 5, "remaining_duration": float("nan"),
             "percent_complete": 40},
        ])
        assert p["A1"] == ActivityProgress("A1", actual_start=0, actual_finish=5)
        assert p["A2"].remaining_duration is None and p["A2"].percent_complete == 40.0

    @requires_pandas
    def test_from_frame(self) -> None:
        import pandas as pd

        df = pd.DataFrame({
            "actual_start": [pd.Timestamp("2026-01-05"), pd.NaT],
            "actual_finish": [pd.Timestamp("2026-01-06"), pd.NaT],
            "percent_complete": [100.0, np.nan],
        }, index=pd.Index(["A1", "A2"], name="id"))
        p = Progress.from_frame(df)
        assert p["A1"].actual_start == dt.date(2026, 1, 5)
        assert p["A2"] == ActivityProgress("A2")


# ---------------------------------------------------------------------- invariants
def _same(a: object, b: object) -> None:
    for name in ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float"):
        assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    assert a.critical == b.critical  # type: ignore[attr-defined]


@given(networks(max_n=15), st.sampled_from(MODES))
def test_no_progress_schedules_as_before(net: Network, mode: str) -> None:
    """Empty progress and no data date: exactly the plain schedule."""
    _same(schedule(net, actuals=Progress(()), statusing=mode), schedule(net))  # type: ignore[arg-type]


@given(networks(max_n=15), st.sampled_from(MODES), st.floats(-50, 0))
def test_data_date_on_or_before_the_start_changes_nothing(
    net: Network, mode: str, dd: float
) -> None:
    plain = schedule(net)
    # leads can place work before offset 0; a data date before all of it changes nothing
    dd = min(dd, float(plain.early_start.min()))
    _same(schedule(net, data_date=dd, statusing=mode), plain)  # type: ignore[arg-type]


@given(networks(max_n=15), st.sampled_from(MODES), st.data())
def test_completed_work_never_moves(net: Network, mode: str, data: st.DataObject) -> None:
    """Finished activities keep their actual dates whatever the rest of the network, the
    mode or the data date; nothing unfinished starts its remaining work before it."""
    ids = list(net.ids)
    done = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
    recs = []
    for aid in done:
        s0 = data.draw(st.integers(0, 20))
        recs.append(ActivityProgress(aid, actual_start=s0,
                                     actual_finish=s0 + data.draw(st.integers(0, 10))))
    dd = 30 + data.draw(st.integers(0, 5))
    s = schedule(net, actuals=Progress(recs), data_date=dd, statusing=mode)  # type: ignore[arg-type]
    for r in recs:
        row = s[r.id]
        assert (row["early_start"], row["early_finish"]) == (r.actual_start, r.actual_finish)
        assert (row["late_start"], row["late_finish"]) == (r.actual_start, r.actual_finish)
    rest = [i for i, a in enumerate(ids) if a not in set(done)]
    assert (s.early_start[rest] >= dd).all()


# ---------------------------------------------------------------------- consumers
class TestSimulate:
    def net(self) -> Network:
        return Network([Activity("A", 5), Activity("B", 4), Activity("C", 3)],
                       [Dependency("A", "C"), Dependency("B", "C")])

    def test_samples_only_remaining_work(self) -> None:
        """A finished (day 6), B started with 2 of 4 days left, data date 6: the finish is
        6 + B's remaining + C, so its mean is 6 + E[Triangular(3, 4, 9)] / 2 +
        E[Triangular(2, 3, 5)] = 6 + 8/3 + 10/3 = 12; A's uncertainty plays no part."""
        from pmokit.scheduling import Triangular, simulate

        unc = {"A": Triangular(4, 5, 8), "B": Triangular(3, 4, 9), "C": Triangular(2, 3, 5)}
        p = Progress([ActivityProgress("A", actual_start=0, actual_finish=6),
                      ActivityProgress("B", actual_start=0, remaining_duration=2)])
        r = simulate(self.net(), unc, iterations=20_000, rng=3, actuals=p, data_date=6)
        assert r.mean == pytest.approx(12.0, abs=0.03)
        plain = schedule(self.net(), actuals=p, data_date=6)
        assert r.deterministic_finish == plain.project_duration
        assert r.percentile(0.01, check_units=False) >= 6 + 1.5 + 2 - 1e-9  # support of the rest
        unc2 = {**unc, "A": Triangular(1, 20, 90)}
        r2 = simulate(self.net(), unc2, iterations=2000, rng=3, actuals=p, data_date=6)
        r3 = simulate(self.net(), unc, iterations=2000, rng=3, actuals=p, data_date=6)
        assert r2.mean == r3.mean

    def test_finished_work_is_never_critical(self) -> None:
        from pmokit.scheduling import Triangular, simulate

        p = Progress([ActivityProgress("A", actual_start=0, actual_finish=6)])
        r = simulate(self.net(), {"B": Triangular(3, 4, 9)}, iterations=200, rng=2,
                     actuals=p, data_date=6)
        assert r.criticality.tolist() == [0.0, 1.0, 1.0]

    def test_risks_on_finished_work_are_dropped(self) -> None:
        from pmokit.scheduling import RiskEvent, Triangular, simulate

        p = Progress([ActivityProgress("A", actual_start=0, actual_finish=6)])
        risk = RiskEvent("R", 1.0, Triangular(2, 2.5, 3), ["A"])
        r = simulate(self.net(), {}, iterations=100, rng=1, risks=[risk], actuals=p,
                     data_date=6)
        assert r.mean == 13.0  # B 6-10, C 10-13; the risk on finished A moves nothing

    def test_bad_actuals(self) -> None:
        from pmokit.scheduling import simulate

        with pytest.raises(ValidationError, match=r"actual start of activity 'A' .* after"):
            simulate(self.net(), {}, iterations=10,
                     actuals=Progress([ActivityProgress("A", actual_start=9)]), data_date=6)


class TestSlipImpact:
    def plan(self) -> object:
        net = Network([Activity("A1", 5), Activity("A2", 5), Activity("A3", 5),
                       Activity("X", 2)], [Dependency("A1", "A2"), Dependency("A2", "A3")])
        p = Progress([ActivityProgress("A1", actual_start=0, actual_finish=5),
                      ActivityProgress("A2", actual_start=5, remaining_duration=3)])
        return schedule(net, actuals=p, data_date=7)

    def test_remaining_work_slips(self) -> None:
        """A2's remaining 3 days take 2 more: A2 and A3 finish 2 days later; X (after the
        data date, no links) does not move."""
        from pmokit.scheduling import slip_impact

        im = slip_impact(self.plan(), {"A2": 2})  # type: ignore[arg-type]
        assert im.ids == ("A2", "A3")
        assert im.finish_shift.tolist() == [2.0, 2.0] and im.project_delay == 2.0
        assert im.start_shift.tolist() == [0.0, 2.0]  # A2 keeps its actual start

    def test_start_slip_of_unstarted_work(self) -> None:
        from pmokit.scheduling import slip_impact

        im = slip_impact(self.plan(), {"X": 9}, mode="start")  # type: ignore[arg-type]
        assert im.ids == ("X",) and im.start_shift.tolist() == [9.0]
        assert im.project_delay == 3.0  # X: 16-18 after 15

    def test_finished_or_started_work_cannot_slip(self) -> None:
        from pmokit.scheduling import slip_impact

        with pytest.raises(ValidationError, match=r"\['A1'\] have finished"):
            slip_impact(self.plan(), {"A1": 1})  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"\['A2'\] have started"):
            slip_impact(self.plan(), {"A2": 1}, mode="start")  # type: ignore[arg-type]


def test_statused_schedule_pickles_read_only() -> None:
    """A statused schedule pickles and deep-copies with its status, arrays read-only."""
    import copy
    import pickle

    p = Progress([ActivityProgress("A2", actual_start=0, remaining_duration=3)])
    s = schedule(abc(), actuals=p, data_date=2)
    for again in (pickle.loads(pickle.dumps(s)), copy.deepcopy(s)):
        assert again.out_of_sequence == s.out_of_sequence
        assert again.actuals == p and again["A2"] == s["A2"]
        assert not again.remaining_early_start.flags.writeable
        assert not again._status.duration.flags.writeable  # type: ignore[union-attr]
    assert "A2" in p and [] not in p and p["A2"].started


def test_level_of_effort_spans_statused_work() -> None:
    """An LOE (SS from A, FF to B) spans the statused dates: A finished 0-3, B 3-5 after
    the data date 3, so the LOE spans 0-5; the statusing fields cover every activity."""
    net = Network([Activity("A", 3), Activity("B", 2), Activity("L", 0, kind="loe")],
                  [Dependency("A", "B"), Dependency("A", "L", "SS"), Dependency("L", "B", "FF")])
    p = Progress([ActivityProgress("A", actual_start=0, actual_finish=3)])
    s = schedule(net, actuals=p, data_date=3)
    assert (s["L"]["early_start"], s["L"]["early_finish"]) == (0.0, 5.0)
    assert s["B"]["early_start"] == 3.0 and s.actuals == p
    assert "A" not in s.critical and "B" in s.critical
    assert s.remaining_early_start.tolist()[:2] == [0.0, 3.0]
    assert s.out_of_sequence == ()


def test_own_calendar_statusing_keeps_one_slack_per_link() -> None:
    """The calendar engine schedules a rewrite without the cut links: the schedule still
    has one link slack per link of the network (infinite for the cut ones)."""
    six = WorkCalendar(weekdays=(0, 1, 2, 3, 4, 5))
    net = Network([Activity("A", 2), Activity("B", 4, calendar=six), Activity("C", 2)],
                  [Dependency("A", "B"), Dependency("B", "C")])
    p = Progress([ActivityProgress("A", actual_start=0, actual_finish=2)])
    s = schedule(net, start=dt.date(2026, 1, 5), actuals=p, data_date=2)
    assert s.link_slack.shape == (2,)
    assert s.link_slack[0] == np.inf and s.link_slack[1] == 0.0
    assert s.driving_predecessors("C") == ("B",)


# ---------------------------------------------------------------------- clock time


@settings(max_examples=examples(150))
@given(st.sampled_from(MODES), st.data())
def test_clock_time_equals_the_day_engine(mode: str, data: st.DataObject) -> None:
    """One 8-hour shift, durations, actual dates, remaining durations and the data date in
    quarter days (whole minutes): the clock engine's statused schedule is the day
    engine's (offsets, floats, remaining starts, the statusing fields)."""
    _clock_vs_day(mode, data, "start")


@settings(max_examples=examples(80))
@given(st.sampled_from(MODES), st.sampled_from(["finish", "smallest"]), st.data())
def test_finish_and_smallest_float_on_clock_time(mode: str, rule: str,
                                                 data: st.DataObject) -> None:
    """P6's "Compute total float as" finish float or the smallest of start and finish float
    with progress on clock time (refused before) gives the day engine's floats, on the
    same random statused networks."""
    _clock_vs_day(mode, data, rule)


def _clock_vs_day(mode: str, data: st.DataObject, rule: str) -> None:
    n = data.draw(st.integers(1, 8))
    ids = [f"a{i}" for i in range(n)]
    q = st.integers(0, 24).map(lambda k: k / 4)
    acts = [Activity(k, data.draw(st.sampled_from([0, 0.5, 1, 2, 3, 5, 0.25]))) for k in ids]
    deps = [Dependency(ids[i], ids[j], data.draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                       lag=data.draw(st.sampled_from([0, 1, 2, -1, 0.5])))
            for i in range(n) for j in range(i + 1, n) if data.draw(st.integers(0, 3)) == 0]
    net = Network(acts, deps)
    dd = data.draw(q)
    recs = []
    for k in ids:
        state = data.draw(st.sampled_from(["none", "none", "started", "finished"]))
        if state == "none":
            continue
        s0 = data.draw(st.integers(0, int(dd * 4))) / 4
        if state == "finished":
            recs.append(ActivityProgress(k, actual_start=s0, actual_finish=data.draw(
                st.integers(int(s0 * 4), int(dd * 4))) / 4))
        else:
            recs.append(ActivityProgress(k, actual_start=s0, remaining_duration=data.draw(q)))
    p = Progress(recs)
    kw: dict[str, object] = {"start": MON, "calendar": FIVE, "actuals": p, "data_date": dd,
                             "statusing": mode, "total_float": rule}
    day = schedule(net, **kw)  # type: ignore[arg-type]
    clk = schedule(net, clock=True, **kw)  # type: ignore[arg-type]
    for name in ("early_start", "early_finish", "late_start", "late_finish", "total_float",
                 "free_float", "remaining_early_start", "remaining_late_start",
                 "remaining_duration"):
        np.testing.assert_allclose(getattr(clk, name), getattr(day, name), atol=1e-9,
                                   err_msg=name)
    assert clk.data_date == day.data_date
    assert clk.out_of_sequence == day.out_of_sequence
    assert clk.critical == day.critical
    assert clk.settings["statusing"] == day.settings["statusing"] == mode


class TestTotalFloatRulesOnClockTime:
    """P6's "Compute total float as" (Start Float = Late Start - Early Start, Finish Float =
    Late Finish - Early Finish, or the smallest; Oracle, P6 EPPM Web Services,
    ScheduleOptions.ComputeTotalFloatType) with progress on clock time."""

    @pytest.mark.parametrize("rule", ["start", "finish", "smallest"])
    def test_progress_override_by_hand(self, rule: str) -> None:
        """A2 started Monday 23 November 08:00 before A1; 3 days remain, data date
        Tuesday 24 close (offset 2). Progress override: A1 runs Wednesday 25 - Tuesday 1
        December (late finish Friday 4 close: 3 days of float either way), A2's remaining
        work Wednesday 25 - Friday 27 (late finish Friday 27: 0), A3 Monday 30 - Friday
        4 (0)."""
        p = Progress([ActivityProgress("A2", actual_start=0, remaining_duration=3)])
        s = _schedule(abc(), start=MON, calendar=FIVE, clock=True, actuals=p, data_date=2,
                      statusing="progress_override", total_float=rule)  # type: ignore[arg-type]
        assert s.total_float.tolist() == [3.0, 0.0, 0.0]
        assert s.total_float_hours.tolist() == [24.0, 0.0, 0.0]
        assert s.late_finish_time.tolist() == [np.datetime64("2026-12-04T16:00"),
                                               np.datetime64("2026-11-27T16:00"),
                                               np.datetime64("2026-12-04T16:00")]
        assert s.early_finish_time[0] == np.datetime64("2026-12-01T16:00")
        assert s.settings.get("total_float") == (None if rule == "start" else rule)

    def test_own_calendar_counts_its_working_time(self) -> None:
        """B on a six-day calendar (Monday-Saturday) started Monday 23 08:00 with 2 days
        left at the data date Tuesday 24 close: its remaining work runs Wednesday 25 -
        Thursday 26. Z(8, Monday-Friday, not started) waits for the data date: Wednesday
        25 - Friday 4 December, the project finish and B's late finish. From Thursday 26
        close to Friday 4 close B's own calendar works Friday, Saturday, Monday to Friday:
        7 days (56 hours), as start, finish and smallest float."""
        six = WorkCalendar(weekdays=(0, 1, 2, 3, 4, 5))
        net = Network([Activity("B", 4, calendar=six), Activity("Z", 8)])
        p = Progress([ActivityProgress("B", actual_start=0, remaining_duration=2)])
        got = {rule: _schedule(net, start=MON, calendar=FIVE, clock=True, actuals=p,
                               data_date=2, total_float=rule)  # type: ignore[arg-type]
               for rule in ("start", "finish", "smallest")}
        for s in got.values():
            assert s.total_float_hours.tolist() == [56.0, 0.0]
            assert s.total_float.tolist() == [7.0, 0.0]
            assert s.early_finish_time[0] == np.datetime64("2026-11-26T16:00")
            assert s.late_finish_time[0] == np.datetime64("2026-12-04T16:00")
