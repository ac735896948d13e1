"""Tests of schedules with per-activity calendars (MS Project task calendars)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling import Activity, Constraint, Dependency, Network, Schedule, schedule
from tests._hypothesis import examples
from tests.scheduling._nets import networks

MON = dt.date(2026, 11, 23)
FIVE = WorkCalendar()
SEVEN = WorkCalendar(weekdays=(0, 1, 2, 3, 4, 5, 6))
FOUR = WorkCalendar(weekdays=(0, 1, 2, 3), holidays=(dt.date(2026, 12, 1),))
POOL = (None, FIVE, SEVEN, FOUR)


@st.composite
def calendar_networks(draw: st.DrawFn) -> Network:
    """Random networks (whole days, every link type, leads and lags) with calendars."""
    n = draw(st.integers(1, 12))
    durs = draw(st.lists(st.integers(0, 6), min_size=n, max_size=n))
    cals = draw(st.lists(st.sampled_from(POOL), min_size=n, max_size=n))
    acts = [Activity(f"T{i}", d, calendar=c) for i, (d, c) in enumerate(zip(durs, cals,
                                                                           strict=True))]
    deps, seen = [], set()
    for a, b, t, lag in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                                st.sampled_from(["FS", "SS", "FF", "SF"]),
                                                st.integers(-3, 4)), max_size=2 * n)):
        a, b = min(a, b), max(a, b)
        if a != b and (a, b, t) not in seen:
            seen.add((a, b, t))
            deps.append(Dependency(f"T{a}", f"T{b}", t, lag=lag))
    return Network(acts, deps)


def _end_milestones(s) -> set[int]:
    """Milestones at the close of a day (issue 15, MS Project and P6: Friday 17:00 after a
    task that ends on Friday). A milestone dated D sits at the start of D or at its close
    (D + 1); on its own calendar these are one working day apart, and a driving link pins
    which one: the one whose working position equals the link's source position plus lag
    (checked with the public calendar API on the dates, predecessors first)."""
    net = s.network
    c = net.compiled
    acts = net.activities
    ref = MON - dt.timedelta(days=30)
    day = dt.timedelta(days=1)
    start = [s.early_start_date[i].astype(dt.date) for i in range(c.n)]
    finish = [s.early_finish_date[i].astype(dt.date) + day if acts[i].duration > 0
              else start[i] for i in range(c.n)]
    end: set[int] = set()
    for j in c.order.tolist():
        if acts[j].duration != 0:
            continue
        cal = acts[j].calendar or FIVE
        at_close = cal.working_days_between(ref, start[j] + day)
        for k in c.pred_link[c.pred_ptr[j] : c.pred_ptr[j + 1]].tolist():
            p = int(c.link_pred[k])
            src = finish[p] if int(c.link_type[k]) in (0, 2) else start[p]
            if s.link_slack[k] <= 1e-9 and (
                cal.working_days_between(ref, src) + float(c.link_lag[k]) == at_close
            ):
                end.add(j)
                start[j] = finish[j] = start[j] + day
                break
    return end


def _instants(s, late: bool) -> tuple[list[dt.date], list[dt.date]]:
    """Start and finish instants as day boundaries (whole-day data); a milestone at the
    close of a day sits at the end of its date (changed with issue 15)."""
    sd = s.late_start_date if late else s.early_start_date
    fd = s.late_finish_date if late else s.early_finish_date
    ends = _end_milestones(s)
    starts, fins = [], []
    for i, a in enumerate(s.network.activities):
        st_ = sd[i].astype(dt.date)
        if a.duration == 0 and i in ends:
            st_ = st_ + dt.timedelta(days=1)
        starts.append(st_)
        fins.append(fd[i].astype(dt.date) + dt.timedelta(days=1) if a.duration > 0 else st_)
    return starts, fins


class TestInvariants:
    """Links and durations hold on each activity's own calendar."""

    @settings(max_examples=examples(120), deadline=None)
    @given(calendar_networks())
    def test_links_durations_floats(self, net: Network) -> None:
        """Durations count the own calendar, lags the successor's; floats >= 0; checked
        with the public calendar API on the dates."""
        s = schedule(net, start=MON, calendar=FIVE)
        ref = MON - dt.timedelta(days=30)
        idx = net.compiled.index
        for late in (False, True):
            starts, fins = _instants(s, late)
            for i, a in enumerate(net.activities):
                cal = a.calendar or FIVE
                if a.duration > 0:
                    assert cal.is_working_day(starts[i])
                    assert cal.working_days_between(starts[i], fins[i]) == a.duration
            for d in net.dependencies:
                p, q = idx[d.predecessor], idx[d.successor]
                cal = net.activities[q].calendar or FIVE
                src = starts[p] if d.type.value[0] == "S" else fins[p]
                tgt = starts[q] if d.type.value[1] == "S" else fins[q]
                w_src = cal.working_days_between(ref, src)
                w_tgt = cal.working_days_between(ref, tgt)
                assert w_src + d.lag <= w_tgt, (d, late)
        assert (s.total_float >= 0).all()
        assert (s.free_float >= 0).all()
        assert (s.early_start >= 0).all()

    def test_milestone_before_a_successor_on_another_calendar(self) -> None:
        """T1(4) sets the finish (Thursday 26 close); T2(0, Monday-Thursday) -FS-> T3(0,
        five-day): T3's late date is Friday 27 (that 00:00), so T2's is Friday 27 too, not
        the next start of its own calendar (Monday 30, after T3: found by Hypothesis)."""
        net = Network([Activity("T1", 4), Activity("T2", 0, calendar=FOUR), Activity("T3", 0)],
                      [Dependency("T2", "T3")])
        s = schedule(net, start=MON, calendar=FIVE)
        fri = dt.date(2026, 11, 27)
        assert s.late_start_date.tolist() == [MON, fri, fri]
        assert s.late_finish_date[1] == fri
        assert s.total_float.tolist() == [0.0, 4.0, 4.0]
        # through a chain of milestones on that calendar too
        chain = Network([Activity("T1", 4), Activity("M", 0, calendar=FOUR),
                         Activity("T2", 0, calendar=FOUR), Activity("T3", 0)],
                        [Dependency("M", "T2"), Dependency("T2", "T3")])
        s = schedule(chain, start=MON, calendar=FIVE)
        assert s.late_start_date.tolist() == [MON, fri, fri, fri]

    @settings(max_examples=examples(40), deadline=None)
    @given(calendar_networks())
    def test_same_calendar_everywhere_equals_fast_path(self, net: Network) -> None:
        """When every activity has the schedule's calendar, the result equals the
        single-calendar path."""
        own = Network([Activity(a.id, a.duration, calendar=FOUR) for a in net.activities],
                      net.dependencies)
        plain = Network([Activity(a.id, a.duration) for a in net.activities],
                        net.dependencies)
        other = WorkCalendar(weekdays=(0, 1, 2, 3), holidays=(dt.date(2026, 12, 1),))
        a = schedule(own, start=MON, calendar=other)  # a different object: own path
        b = schedule(plain, start=MON, calendar=FOUR)
        assert_array_equal(a.early_start, b.early_start)
        assert_array_equal(a.late_start, b.late_start)
        assert_array_equal(a.total_float, b.total_float)
        assert_array_equal(a.early_finish_date, b.early_finish_date)


    @settings(max_examples=examples(40), deadline=None)
    @given(calendar_networks())
    def test_clock_hours_do_not_change_day_schedules(self, net: Network) -> None:
        """The day-based schedule counts working days: a calendar's shifts (a split day, a
        short worked exception day) leave offsets, floats and dates as without them."""
        hours = WorkCalendar(weekdays=(0, 1, 2, 3), holidays=(dt.date(2026, 12, 1),),
                             exceptions=(dt.date(2026, 11, 28),),
                             shifts=["09:00-12:00", "13:00-18:00"],
                             exception_shifts={dt.date(2026, 11, 28): ["10:00-12:00"]})
        plain = WorkCalendar(weekdays=(0, 1, 2, 3), holidays=(dt.date(2026, 12, 1),),
                             exceptions=(dt.date(2026, 11, 28),))
        a = schedule(Network([Activity(x.id, x.duration, calendar=hours)
                              for x in net.activities], net.dependencies),
                     start=MON, calendar=FIVE)
        b = schedule(Network([Activity(x.id, x.duration, calendar=plain)
                              for x in net.activities], net.dependencies),
                     start=MON, calendar=FIVE)
        for name in ("early_start", "early_finish", "late_start", "late_finish",
                     "total_float", "free_float", "early_start_date", "early_finish_date",
                     "late_start_date", "late_finish_date"):
            assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)

class TestExamples:
    """Documented behaviour."""

    def test_weekend_crew_and_lag_on_successor_calendar(self) -> None:
        """A 7-day-calendar task follows a Mon-Fri task on the Saturday; the 1-day lag to a
        Mon-Fri task counts Mon-Fri days (MS Project: the successor's calendar)."""
        net = Network(
            [Activity("A", 5), Activity("B", 2, calendar=SEVEN), Activity("C", 1)],
            [Dependency("A", "B"), Dependency("B", "C", lag=1)],
        )
        s = schedule(net, start=MON, calendar=FIVE)
        assert s["B"]["early_start_date"] == dt.date(2026, 11, 28)
        assert s["B"]["early_finish_date"] == dt.date(2026, 11, 29)
        assert s["C"]["early_start_date"] == dt.date(2026, 12, 1)
        assert s.project_duration == 7
        assert s.critical == ("A", "B", "C")

    def test_constraints_and_deadline_with_calendars(self) -> None:
        """SNET on a holiday of the activity's calendar moves to its next working day;
        a deadline gives negative float."""
        net = Network([
            Activity("A", 2, calendar=FOUR,
                     constraint=Constraint("SNET", dt.date(2026, 12, 1))),
            Activity("B", 1),
        ], [Dependency("A", "B")])
        s = schedule(net, start=MON, calendar=FIVE, deadline=dt.date(2026, 12, 3))
        assert s["A"]["early_start_date"] == dt.date(2026, 12, 2)  # Tue holiday -> Wed
        assert s["A"]["early_finish_date"] == dt.date(2026, 12, 3)
        assert s["B"]["early_start_date"] == dt.date(2026, 12, 4)
        assert s["B"]["total_float"] == -1 and s["A"]["total_float"] == -1

    def test_needs_start(self) -> None:
        """Own calendars without a start date are reported."""
        net = Network([Activity("A", 3, calendar=SEVEN)])
        with pytest.raises(ValidationError, match="have their own calendar"):
            schedule(net)
        assert np.isfinite(schedule(net, start=MON).project_duration)


class TestWithAnalysis:
    """slip_impact and driving links on calendar schedules."""

    def test_slip_and_driving(self) -> None:
        """slip_impact recomputes in full; driving links count the successor's calendar."""
        from pmokit.scheduling import slip_impact

        net = Network(
            [Activity("A", 5), Activity("B", 2, calendar=SEVEN), Activity("C", 1),
             Activity("D", 1)],
            [Dependency("A", "B"), Dependency("B", "C", lag=1), Dependency("A", "D")],
        )
        s = schedule(net, start=MON, calendar=FIVE)
        assert s.driving_predecessors("C") == ("B",)
        assert s.critical_paths() == (("A", "B", "C"),)
        imp = slip_impact(s, {"A": 1})
        # A ends Monday instead of Friday: B loses the weekend and works Tue-Wed, so C
        # (lag 1) moves from Tue 1 Dec to Fri 4 Dec: 3 project working days
        assert imp.shift("C") == 3 and imp.visited == 4
        assert imp.early_finish_date is not None

    def test_deadline_far_before_the_finish(self) -> None:
        """Regression: late dates more than ~2 weeks before the start (a deadline far
        before the early finish) fell off the day grid and raised 'leaves the supported
        range of dates'; now they give negative float, as on one calendar."""
        net = Network([Activity("A", 4, calendar=SEVEN), Activity("B", 30)],
                      [Dependency("A", "B")])
        s = schedule(net, start=MON, calendar=FIVE, deadline=4)
        one = schedule(Network([Activity("A", 4), Activity("B", 30)], [Dependency("A", "B")]),
                       start=MON, calendar=FIVE, deadline=4)
        assert s["B"]["total_float"] == one["B"]["total_float"] == -30
        assert s["A"]["total_float"] < -30  # counted on A's seven-day calendar
        assert s["A"]["late_start_date"] < MON

    @settings(max_examples=examples(40), deadline=None)
    @given(networks(max_n=8), st.data())
    def test_slip_equals_recompute(self, net: Network, data: st.DataObject) -> None:
        """Regression: slip_impact on own calendars took early finishes and the project
        duration as start + duration in project offsets; now they are the recompute's."""
        import attrs

        from pmokit.scheduling import slip_impact

        acts = [attrs.evolve(a, calendar=data.draw(st.sampled_from([None, SEVEN, FOUR])))
                for a in net.activities]
        cnet = Network(acts, net.dependencies)
        deadline = data.draw(st.none() | st.integers(0, 30))
        s = schedule(cnet, start=MON, calendar=FIVE, deadline=deadline)
        delays = {a: data.draw(st.integers(1, 6)) / 2
                  for a in data.draw(st.lists(st.sampled_from(cnet.ids), min_size=1,
                                              max_size=2, unique=True))}
        imp = slip_impact(s, delays)
        longer = [attrs.evolve(a, duration=a.duration + delays.get(a.id, 0.0)) for a in acts]
        full = schedule(Network(longer, cnet.dependencies), start=MON, calendar=FIVE,
                        deadline=deadline)
        es, ef = s.early_start.copy(), s.early_finish.copy()
        idx = [s.index_of(a) for a in imp.ids]
        es[idx], ef[idx] = imp.early_start, imp.early_finish
        assert_array_equal(es, full.early_start)
        assert_array_equal(ef, full.early_finish)
        assert imp.project_duration == full.project_duration

    def test_dates_beyond_year_9999(self) -> None:
        """Regression: own calendars and a lag past year 9999 raised OverflowError."""
        net = Network([Activity("A", 1, calendar=SEVEN), Activity("B", 1)],
                      [Dependency("A", "B", lag=1e9)])
        with pytest.raises(ValidationError, match="leaves the supported range of dates"):
            schedule(net, start=MON, calendar=FIVE)

    def test_far_constraint_grows_the_day_grid(self) -> None:
        """A constraint far beyond the durations still gets exact dates."""
        net = Network([Activity("A", 1, calendar=SEVEN, constraint=Constraint("SNET", 3000)),
                       Activity("B", 1)], [Dependency("A", "B")])
        s = schedule(net, start=MON, calendar=FIVE)
        assert s["A"]["early_start_date"] == FIVE.add_working_days(MON, 3000)
        assert s["B"]["early_start"] == 3001


class TestIssue15Milestones:
    """Issue 15 item 3: the milestone and finish-date repro cases, with the dates stated
    there (MS Project and P6 agree on them)."""

    def test_milestone_never_moves_its_successors(self) -> None:
        """A(5) -> M(0) -> B(2, seven) from Mon 23 Nov 2026 on a five-day calendar: M at
        Friday 27 (end of day), B on Sat 28 - Sun 29, as A -> B without M (M was dated
        Monday 30 and B ran 30 Nov - 1 Dec)."""
        with_m = Network([Activity("A", 5), Activity("M", 0), Activity("B", 2, calendar=SEVEN)],
                         [Dependency("A", "M"), Dependency("M", "B")])
        without = Network([Activity("A", 5), Activity("B", 2, calendar=SEVEN)],
                          [Dependency("A", "B")])
        s = schedule(with_m, start=MON, calendar=FIVE)
        t = schedule(without, start=MON, calendar=FIVE)
        assert s["M"]["early_start_date"] == s["M"]["early_finish_date"] == dt.date(2026, 11, 27)
        assert s["B"]["early_start_date"] == dt.date(2026, 11, 28)
        assert s["B"]["early_finish_date"] == dt.date(2026, 11, 29)
        for col in ("early_start_date", "early_finish_date", "late_start_date",
                    "late_finish_date", "total_float"):
            assert s["B"][col] == t["B"][col] and s["A"][col] == t["A"][col], col

    def test_finish_date_is_latest_over_calendars(self) -> None:
        """A(5) -> B(2, seven): the project finish date is Sunday 29 November (it said the
        27th: the project calendar's offset)."""
        net = Network([Activity("A", 5), Activity("B", 2, calendar=SEVEN)],
                      [Dependency("A", "B")])
        s = schedule(net, start=MON, calendar=FIVE)
        assert s.finish_date == dt.date(2026, 11, 29)
        assert s.finish_date == max(s.early_finish_date).astype(dt.date)

    def test_backward_pass_through_a_milestone(self) -> None:
        """A(3) -> M(0) -> B(2, seven), with Z(7, seven) setting the finish on Sunday 29:
        M's late finish is Friday 27 (end of day) and A's total float is 2 (it was 1)."""
        net = Network([Activity("A", 3), Activity("M", 0), Activity("B", 2, calendar=SEVEN),
                       Activity("Z", 7, calendar=SEVEN)],
                      [Dependency("A", "M"), Dependency("M", "B")])
        s = schedule(net, start=MON, calendar=FIVE)
        assert s["Z"]["early_finish_date"] == dt.date(2026, 11, 29)
        assert s["M"]["late_finish_date"] == dt.date(2026, 11, 27)
        assert s["A"]["late_finish_date"] == dt.date(2026, 11, 27)
        assert s["A"]["total_float"] == 2
        assert s["M"]["total_float"] == 2

    def test_single_calendar_milestone_at_friday_close(self) -> None:
        """On one calendar a milestone after a Friday finish is dated Friday too, and the
        project finish date equals a final milestone's date."""
        net = Network([Activity("A", 5), Activity("M", 0)], [Dependency("A", "M")])
        s = schedule(net, start=MON, calendar=FIVE)
        assert s["M"]["early_start_date"] == s.finish_date == dt.date(2026, 11, 27)
        assert s["M"]["late_finish_date"] == dt.date(2026, 11, 27)
        first = Network([Activity("K", 0), Activity("A", 5)], [Dependency("K", "A")])
        assert schedule(first, start=MON, calendar=FIVE)["K"]["early_start_date"] == MON


class TestDayEnginesAgree:
    """The one-calendar engine and the per-activity calendar engine on the same network
    (every activity on an equal calendar that is a different object, so the second runs)."""

    @staticmethod
    def both(acts: list[Activity], deps: list[Dependency], start: dt.date = MON,
             **kw: object) -> tuple[Schedule, Schedule]:
        own = Network([Activity(a.id, a.duration, constraint=a.constraint, calendar=FOUR)
                       for a in acts], deps)
        other = WorkCalendar(weekdays=(0, 1, 2, 3), holidays=(dt.date(2026, 12, 1),))
        a = schedule(own, start=start, calendar=other, **kw)
        b = schedule(Network(acts, deps), start=start, calendar=FOUR, **kw)
        assert a.has_own_calendars and not b.has_own_calendars  # both engines ran
        return a, b

    @pytest.mark.parametrize("start", [MON, dt.date(2026, 11, 27)])
    def test_fnlt_milestone_at_the_project_start(self, start: dt.date) -> None:
        """A(2) -> M(0, FNLT at offset 0) on a Monday-Thursday calendar: M's late finish is
        the project start, so its late date is the first working day (Monday 23, or
        Monday 30 from Friday 27), as its early date with total float 0 (MS Project: Total
        Slack = Late Finish - Early Finish). The per-activity engine dated it the Friday
        before, a day its calendar does not work."""
        first = np.datetime64(start + dt.timedelta(days=(7 - start.weekday()) % 7), "D")
        a, b = self.both([Activity("A", 2), Activity("M", 0, constraint=Constraint("FNLT", 0)),
                          Activity("Z", 5)], [Dependency("A", "M")], start)
        for s in (a, b):
            assert s.late_finish_date[1] == s.late_start_date[1] == first
            assert s.total_float.tolist() == [-2.0, -2.0, 0.0]
        m = self.both([Activity("M", 0, constraint=Constraint("FNLT", 0))], [], start)
        for s in m:
            assert s.early_start_date[0] == s.late_finish_date[0] == first
            assert s.total_float.tolist() == [0.0]

    def test_alap_with_must_finish_by(self) -> None:
        """A(2) -> B(1, ALAP) -> C(1), Z(5), must finish by 8 (MS Project's ALAP): B goes to
        its late start 6 (from the must-finish-by date), C follows at 7-8, so the project
        finishes at 8 and free floats are measured there: A 4 (to B's start 6), B and C 0,
        Z 3 (MS Project's Free Slack: the delay that moves no successor nor the project
        finish; never negative). The one-calendar engine measured them before ALAP (B -2,
        C -3) and kept the finish at 5."""
        a, b = self.both([Activity("A", 2), Activity("B", 1, constraint=Constraint("ALAP")),
                          Activity("C", 1), Activity("Z", 5)],
                         [Dependency("A", "B"), Dependency("B", "C")], must_finish_by=8)
        for s in (a, b):
            assert s.early_start.tolist() == [0.0, 6.0, 7.0, 0.0]
            assert s.free_float.tolist() == [4.0, 0.0, 0.0, 3.0]
            assert s.total_float.tolist() == [4.0, 0.0, 0.0, 3.0]
            assert s.project_duration == 8.0
            assert s.finish_date == dt.date(2026, 12, 7)

    @pytest.mark.parametrize("kind", ["FNET", "MFO"])
    def test_milestone_held_by_a_finish_constraint(self, kind: str) -> None:
        """A milestone whose finish constraint (at offset 1: the close of Monday 23) holds
        it is dated Monday 23, the day it finishes (MS Project: a Finish No Earlier Than
        date on a milestone is 17:00 of that day), as after a task that finishes on
        Monday. The one-calendar engine dated it Tuesday 24, as a start."""
        a, b = self.both([Activity("M", 0, constraint=Constraint(kind, 1)), Activity("Z", 3)],
                         [])
        for s in (a, b):
            assert s.early_start_date[0] == s.early_finish_date[0] == np.datetime64(MON)
            assert s.early_start[0] == 1.0

    def test_finish_constraint_at_the_project_start(self) -> None:
        """M(0, FNET at offset 0) beside Z(1): the project start holds M as much as its
        constraint does, so M is a start: its late date is Tuesday 24 (the close of Monday
        23, as an unconstrained milestone), not Monday 23 (the one-calendar engine dated
        it as held by its finish; found by Hypothesis)."""
        a, b = self.both([Activity("M", 0, constraint=Constraint("FNET", 0)),
                          Activity("Z", 1)], [])
        tue = np.datetime64("2026-11-24")
        for s in (a, b):
            assert s.early_start_date[0] == np.datetime64(MON)
            assert s.late_start_date[0] == s.late_finish_date[0] == tue

    def test_alap_milestone_at_a_task_finish(self) -> None:
        """A(1) -> M(0, ALAP, MS Project): M goes to its late date, A's finish (Monday 23
        close), and is dated Monday 23 as a milestone driven by a task's finish (the
        per-activity engine dated it Tuesday 24, as a start; found by Hypothesis)."""
        a, b = self.both([Activity("A", 1), Activity("M", 0, constraint=Constraint("ALAP"))],
                         [Dependency("A", "M")])
        for s in (a, b):
            assert s.early_start_date[1] == s.late_start_date[1] == np.datetime64(MON)
            assert s.early_start[1] == 1.0

    @settings(max_examples=examples(60), deadline=None)
    @given(calendar_networks(), st.data())
    def test_constraints_alap_and_must_finish_by(self, net: Network,
                                                 data: st.DataObject) -> None:
        """Random networks with date constraints, MS Project's ALAP and a must-finish-by
        date: both day engines give the same offsets, floats, dates and finish. (P6's ALAP
        on a milestone that ends the project is still dated apart: at the close of the
        day before by the per-activity engine, at the next start by the other.)"""
        kinds = ("SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO", "ALAP")
        acts = []
        for a in net.activities:
            con = None
            if data.draw(st.booleans()):
                k = data.draw(st.sampled_from(kinds))
                con = Constraint(k, None if k == "ALAP" else data.draw(st.integers(0, 12)))
            acts.append(Activity(a.id, a.duration, constraint=con))
        mfb = data.draw(st.one_of(st.none(), st.integers(0, 30)))
        a, b = self.both(acts, list(net.dependencies), must_finish_by=mfb)
        for name in ("early_start", "late_start", "total_float", "free_float",
                     "early_start_date", "early_finish_date", "late_start_date",
                     "late_finish_date"):
            assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
        assert a.project_duration == b.project_duration
