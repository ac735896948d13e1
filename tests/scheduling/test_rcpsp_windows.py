"""Time windows of resource-constrained scheduling (module ``_rcpsp_windows``): release
times from date constraints and the data date, deadlines, and level-of-effort spans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from pmokit import _compiled
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.scheduling import (
    Activity,
    Constraint,
    Dependency,
    Network,
    Resource,
    resource_constrained_schedule,
    schedule,
)
from pmokit.scheduling._rcpsp_windows import time_windows, with_windows
from pmokit.scheduling._resources import compile_resources
from pmokit.scheduling._sgs import (
    backward_problem,
    biased_lists,
    fbi,
    makespans,
    priority_values,
    serial_sgs,
)
from tests._hypothesis import examples
from tests.scheduling._nets import check_feasible
from tests.scheduling.test_rcpsp import brute_serial, problems

METHODS = ("ga", "sampling", "serial", "parallel")


@st.composite
def released(draw: st.DrawFn) -> tuple[Network, list[Resource]]:
    """Random RCPSP networks where some activities get an SNET or FNET release."""
    net, res = draw(problems(max_n=10))
    acts = []
    for a in net.activities:
        kind = draw(st.sampled_from([None, None, "SNET", "FNET"]))
        if kind is None:
            acts.append(a)
        else:
            at = draw(st.integers(0, 12)) / 2
            acts.append(Activity(a.id, a.duration, demands=dict(a.demands),
                                 constraint=Constraint(kind, at)))
    return Network(acts, net.dependencies), res


def _release(net: Network) -> np.ndarray:
    out = np.zeros(net.compiled.n)
    for i, con in net.constraints.items():
        d = net.activities[i].duration
        out[i] = max(0.0, float(con.at) - (d if con.kind.value == "FNET" else 0.0))
    return out


class TestReleaseTimes:
    """Release times hold exactly in every scheme; the fast and numpy paths agree."""

    def test_release_delays_the_start_and_the_best_order_follows(self) -> None:
        """A(2) and B(2, SNET 1) share a crew of 2 that fits one: A first, B at 2 (B first
        at 1 would finish at 5; starting B before day 1 is forbidden)."""
        net = Network([Activity("A", 2, demands={"crew": 2}),
                       Activity("B", 2, demands={"crew": 2}, constraint=Constraint("SNET", 1))])
        for method in METHODS:
            rs = resource_constrained_schedule(net, [Resource("crew", 2)], method=method,
                                               rng=0)  # type: ignore[arg-type]
            assert rs.start.tolist() == [0.0, 2.0], method
            assert rs.makespan == 4.0
            assert rs.release.tolist() == [0.0, 1.0]
        alone = Network([Activity("B", 2, constraint=Constraint("SNET", 3))])
        rs = resource_constrained_schedule(alone, [])
        assert rs.start.tolist() == [3.0]
        assert rs.critical_path_bound == 5.0  # the bound counts the release
        assert rs.delay.tolist() == [0.0]  # held by its release, not by a resource

    def test_fnet_releases_the_start_by_the_duration(self) -> None:
        """FNET 5 on a 2-day activity: it may not start before day 3."""
        net = Network([Activity("A", 2, constraint=Constraint("FNET", 5))])
        rs = resource_constrained_schedule(net, [], method="serial")
        assert rs.start.tolist() == [3.0]

    @settings(max_examples=examples(40), deadline=None)
    @given(released(), st.sampled_from(METHODS), st.booleans())
    def test_every_method_honours_releases(
        self, prob: tuple[Network, list[Resource]], method: str, improve: bool
    ) -> None:
        """Links, capacity and every release hold, for every method."""
        net, res = prob
        rs = resource_constrained_schedule(net, res, method=method,  # type: ignore[arg-type]
                                           improve=improve, schedules=60, rng=2)
        check_feasible(net, rs, res)
        assert (rs.start >= _release(net) - 1e-9).all()
        assert_allclose(rs.release, _release(net))
        assert rs.makespan >= rs.lower_bound - 1e-9

    @settings(max_examples=examples(40), deadline=None)
    @given(released(), st.integers(0, 2**32 - 1))
    def test_kernel_equals_numpy_and_plain_loop(
        self, prob: tuple[Network, list[Resource]], seed: int
    ) -> None:
        """With release times, the numba kernel and the numpy path decode the same
        starts bit for bit (serial scheme and forward-backward improvement), and a
        slot-by-slot loop agrees."""
        net, res = prob
        cr = compile_resources(net, res)
        w = time_windows(net, net.compiled.duration, cr.time_scale)
        p = with_windows(cr.arrays, w, net, cr.time_scale)
        v = priority_values(p, "lft")
        lists = biased_lists(p, v, 5, np.random.default_rng(seed))
        s1 = serial_sgs(p, lists)
        f1 = fbi(p, backward_problem(p), s1)
        with _compiled.disabled():
            s2 = serial_sgs(p, lists)
            f2 = fbi(p, backward_problem(p), s2)
        assert_array_equal(s1, s2)
        assert_array_equal(f1[0], f2[0])
        assert_array_equal(f1[1], f2[1])
        n = net.compiled.n
        assert (s1[:, :n] >= w.release_slots).all()
        for row in range(2):
            assert s1[row].tolist() == brute_serial(p, lists[row].tolist())

    @pytest.mark.parametrize("method", ["ga", "sampling"])
    def test_searches_equal_numpy(self, method: str) -> None:
        """A whole search with releases and deadlines, compiled or not: the same schedule."""
        rng = np.random.default_rng(3)
        acts = [Activity(f"A{i}", float(rng.integers(1, 5)), demands={"r": int(rng.integers(1, 3))},
                         constraint=Constraint("SNET", float(rng.integers(0, 6)))
                         if i % 4 == 1 else
                         Constraint("FNLT", 40.0) if i % 4 == 2 else None)
                for i in range(16)]
        deps = [Dependency(f"A{i}", f"A{j}") for i in range(16) for j in range(i + 3, 16, 5)]
        net, res = Network(acts, deps), [Resource("r", 3)]
        kw: dict[str, Any] = {"method": method, "schedules": 300, "rng": 4, "improve": True}
        a = resource_constrained_schedule(net, res, **kw)
        with _compiled.disabled():
            b = resource_constrained_schedule(net, res, **kw)
        assert_array_equal(a.start, b.start)
        assert (a.schedules, a.stopped) == (b.schedules, b.stopped)

    def test_no_constraint_leaves_the_problem_as_it_was(self) -> None:
        """Without windows the engine gets the very same arrays (bench numbers unchanged)."""
        net, res = Network([Activity("A", 2, demands={"r": 1})]), [Resource("r", 1)]
        cr = compile_resources(net, res)
        w = time_windows(net, net.compiled.duration, cr.time_scale)
        assert with_windows(cr.arrays, w, net, cr.time_scale) is cr.arrays
        rs = resource_constrained_schedule(net, res)
        assert rs.release.tolist() == [0.0] and rs.deadline.tolist() == [np.inf]
        assert rs.late == ()


class TestDataDateAndDates:
    def test_data_date_releases_every_activity(self) -> None:
        """No work starts before the data date (an offset, or the end of a date)."""
        net = Network([Activity("A", 2, demands={"r": 1}), Activity("B", 1, demands={"r": 1})])
        rs = resource_constrained_schedule(net, [Resource("r", 1)], data_date=3,
                                           method="serial")
        assert sorted(rs.start.tolist()) == [3.0, 5.0]
        monday = dt.date(2026, 11, 23)
        rs = resource_constrained_schedule(net, [Resource("r", 1)], start=monday,
                                           data_date=dt.date(2026, 11, 24), method="serial")
        assert sorted(rs.start.tolist()) == [2.0, 4.0]  # Wednesday on

    def test_date_constraints_on_the_calendar(self) -> None:
        """An SNET date becomes the working days from the start on the calendar."""
        monday = dt.date(2026, 11, 23)
        net = Network([Activity("A", 1, constraint=Constraint("SNET", dt.date(2026, 11, 30)))])
        rs = resource_constrained_schedule(net, [], start=monday)
        assert rs.start.tolist() == [5.0]
        seven = WorkCalendar(weekdays=range(7))
        rs = resource_constrained_schedule(net, [], start=monday, calendar=seven)
        assert rs.start.tolist() == [7.0]

    def test_dates_need_a_start(self) -> None:
        """A date constraint or a date data date without 'start' is named."""
        net = Network([Activity("A", 1, constraint=Constraint("SNET", dt.date(2026, 11, 30)))])
        with pytest.raises(ValidationError, match="constraint of activity 'A' is a date"):
            resource_constrained_schedule(net, [])
        plain = Network([Activity("A", 1)])
        with pytest.raises(ValidationError, match="'data_date' is a date"):
            resource_constrained_schedule(plain, [], data_date=dt.date(2026, 11, 30))
        with pytest.raises(ValidationError, match="'data_date' must be"):
            resource_constrained_schedule(plain, [], data_date=-1)
        with pytest.raises(ValidationError, match="'calendar' needs 'start'"):
            resource_constrained_schedule(plain, [], calendar=WorkCalendar())
        with pytest.raises(ValidationError, match="'calendar' must be a WorkCalendar"):
            resource_constrained_schedule(plain, [], start=dt.date(2026, 11, 23),
                                          calendar="5d")  # type: ignore[arg-type]


class TestDeadlines:
    """Deadlines steer the search, are reported when missed, and never break capacity."""

    def net(self, both: bool = False) -> Network:
        # X and Y need the whole crew for 3 days; Y must finish by day 3
        y_con = Constraint("FNLT", 3)
        return Network([
            Activity("X", 3, demands={"crew": 2}, constraint=y_con if both else None),
            Activity("Y", 3, demands={"crew": 2}, constraint=y_con),
        ])

    @pytest.mark.parametrize("method", METHODS)
    def test_a_reachable_deadline_is_met(self, method: str) -> None:
        """Without the deadline X (given first) goes first; with it Y does."""
        rs = resource_constrained_schedule(self.net(), [Resource("crew", 2)],
                                           method=method, rng=1)  # type: ignore[arg-type]
        assert rs.start.tolist() == [3.0, 0.0]
        assert rs.late == () and rs.lateness.tolist() == [0.0, 0.0]
        assert rs.deadline.tolist() == [np.inf, 3.0]

    @pytest.mark.parametrize("method", METHODS)
    def test_a_deadline_the_resources_cannot_meet_is_reported(self, method: str) -> None:
        """Both must finish by day 3 but only one fits: one is late by 3 days, named on
        the result; capacity still holds."""
        net = self.net(both=True)
        rs = resource_constrained_schedule(net, [Resource("crew", 2)], method=method,
                                           rng=1)  # type: ignore[arg-type]
        check_feasible(net, rs, [Resource("crew", 2)])
        assert len(rs.late) == 1
        assert sorted(rs.lateness.tolist()) == [0.0, 3.0]
        assert rs.makespan == 6.0
        assert "late" in repr(rs)

    @pytest.mark.parametrize("method", ["ga", "sampling"])
    def test_progress_reports_the_makespan(self, method: str) -> None:
        """With a missed deadline, ``best`` is still a makespan [working days], not the
        search's internal objective."""
        seen: list[float] = []
        rs = resource_constrained_schedule(
            self.net(both=True), [Resource("crew", 2)], method=method,  # type: ignore[arg-type]
            schedules=50, rng=1, progress=lambda info: seen.append(info.best))
        assert rs.late and seen
        assert seen[-1] == rs.makespan == 6.0
        assert all(b == 6.0 for b in seen)

    @settings(max_examples=examples(30), deadline=None)
    @given(problems(max_n=10), st.data())
    def test_the_search_is_never_later_than_one_lft_pass(
        self, prob: tuple[Network, list[Resource]], data: st.DataObject
    ) -> None:
        """Random FNLT deadlines that unlimited resources could meet: every method gives a
        feasible schedule whose lateness is what the result reports, and the GA is never
        later in total than one LFT pass (its first list), nor longer at equal lateness."""
        net, res = prob
        ef = schedule(net).early_finish
        acts = []
        for i, a in enumerate(net.activities):
            slack = data.draw(st.sampled_from([None, 0, 1, 3]))
            con = None if slack is None else Constraint("FNLT", float(np.ceil(ef[i])) + slack)
            acts.append(Activity(a.id, a.duration, demands=dict(a.demands), constraint=con))
        net = Network(acts, net.dependencies)
        one = resource_constrained_schedule(net, res, method="serial")
        ga = resource_constrained_schedule(net, res, schedules=80, rng=3)
        for rs in (one, ga):
            check_feasible(net, rs, res)
            want = np.where(np.isfinite(rs.deadline),
                            np.maximum(rs.finish - rs.deadline, 0.0), 0.0)
            assert_allclose(rs.lateness, want)
            assert rs.late == tuple(a for a, x in zip(rs.ids, want, strict=True) if x > 1e-9)
        total_one, total_ga = one.lateness.sum(), ga.lateness.sum()
        assert total_ga <= total_one + 1e-9
        if total_ga == total_one:
            assert ga.makespan <= one.makespan

    def test_thread_pool_equals_local(self) -> None:
        """Windows travel with the problem to an executor: the same schedule."""
        import concurrent.futures

        net = self.net(both=True)
        kw: dict[str, Any] = {"schedules": 60, "searches": 3, "rng": 2}
        here = resource_constrained_schedule(net, [Resource("crew", 2)], **kw)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            there = resource_constrained_schedule(net, [Resource("crew", 2)], executor=pool,
                                                  **kw)
        assert_array_equal(here.start, there.start)
        assert here.late == there.late

    def test_lateness_ranks_before_makespan(self) -> None:
        """The search objective: a schedule less late wins over a shorter one."""
        net = Network([Activity("A", 2), Activity("B", 1, constraint=Constraint("FNLT", 1))])
        cr = compile_resources(net, [])
        w = time_windows(net, net.compiled.duration, cr.time_scale)
        p = with_windows(cr.arrays, w, net, cr.time_scale)
        short_late = np.array([[0, 1]])  # makespan 2, B late by 1
        long_on_time = np.array([[5, 0]])  # makespan 7, nothing late
        assert makespans(p, long_on_time)[0] < makespans(p, short_late)[0]
        assert makespans(cr.arrays, short_late)[0] == 2  # without deadlines: the makespan

    def test_deadline_kinds(self) -> None:
        """SNLT bounds the finish by its date plus the duration; MSO and MFO give both
        ends of the window."""
        net = Network([
            Activity("S", 2, constraint=Constraint("SNLT", 4)),
            Activity("M", 2, constraint=Constraint("MSO", 3)),
            Activity("F", 2, constraint=Constraint("MFO", 6)),
        ])
        rs = resource_constrained_schedule(net, [])
        assert rs.deadline.tolist() == [6.0, 5.0, 6.0]
        assert rs.release.tolist() == [0.0, 3.0, 4.0]
        assert rs.start.tolist() == [0.0, 3.0, 4.0]

    def test_a_deadline_unlimited_resources_cannot_meet_is_reported(self) -> None:
        """Was refused (InfeasibleInputError); P6 and MS Project level a late project and
        show the conflict, so the schedule comes back with its lateness: A(3) -> C(2,
        FNLT 4) finishes C at 5, one day late; A(3) -> M(1, MSO 2) starts M at 3 (logic
        wins over the mandatory start, as in ``schedule``), finishing 1 day after 3."""
        net = Network([Activity("A", 3), Activity("C", 2, constraint=Constraint("FNLT", 4))],
                      [Dependency("A", "C")])
        rs = resource_constrained_schedule(net, [])
        assert rs.start.tolist() == [0.0, 3.0] and rs.finish.tolist() == [3.0, 5.0]
        assert rs.late == ("C",) and rs.lateness.tolist() == [0.0, 1.0]
        # the same conflict as P6's negative float in the resource-free schedule
        assert schedule(net).total_float.tolist() == [-1.0, -1.0]
        pinned = Network([Activity("A", 3),
                          Activity("M", 1, constraint=Constraint("MSO", 2))],
                         [Dependency("A", "M")])
        rs = resource_constrained_schedule(pinned, [])
        assert rs.start.tolist() == [0.0, 3.0] and rs.late == ("M",)
        assert rs.lateness.tolist() == [0.0, 1.0]

    def test_unavoidable_lateness_then_the_least_late_levelling(self) -> None:
        """With a crew of 1: X(2) -> Y(2, FNLT 3) cannot meet its deadline (Y ends at 4 at
        the earliest) and Z(2, FNLT 2) competes for the crew. Placing Z first (0-2) makes
        Y end at 6 (late 3, total 3); placing X, Y first makes Y end at 4 and Z at 6
        (late 1 + 4 = 5); the search keeps the least late in total: Z first."""
        net = Network([Activity("X", 2, demands={"crew": 1}),
                       Activity("Y", 2, demands={"crew": 1},
                                constraint=Constraint("FNLT", 3)),
                       Activity("Z", 2, demands={"crew": 1},
                                constraint=Constraint("FNLT", 2))],
                      [Dependency("X", "Y")])
        rs = resource_constrained_schedule(net, [Resource("crew", 1)], schedules=50, rng=0)
        assert rs.start.tolist() == [2.0, 4.0, 0.0]
        assert rs.late == ("Y",) and rs.lateness.tolist() == [0.0, 3.0, 0.0]

    @settings(max_examples=examples(40), deadline=None)
    @given(problems(max_n=8), st.data())
    def test_without_resources_lateness_is_the_cpm_lateness(
        self, prob: tuple[Network, list[Resource]], data: st.DataObject
    ) -> None:
        """Any FNLT deadlines, met or not: without resources the schedule is the early
        schedule of ``schedule`` and the lateness its early finish past each deadline."""
        net, _ = prob
        acts = []
        for a in net.activities:
            at = data.draw(st.sampled_from([None, 0, 1, 2, 4, 8]))
            con = None if at is None else Constraint("FNLT", float(at))
            acts.append(Activity(a.id, a.duration, constraint=con))
        net = Network(acts, net.dependencies)
        rs = resource_constrained_schedule(net, [], method="serial")
        s = schedule(net)
        assert_allclose(rs.start, s.early_start)
        want = np.where(np.isfinite(rs.deadline),
                        np.maximum(s.early_finish - rs.deadline, 0.0), 0.0)
        assert_allclose(rs.lateness, want)


class TestLevelOfEffort:
    """An LOE takes no resource-driven position: it spans what it links to."""

    def net(self, **loe: Any) -> Network:
        return Network(
            [Activity("A", 3, demands={"crew": 2}), Activity("B", 2, demands={"crew": 2}),
             Activity("C", 2, demands={"crew": 1}), Activity("L", 9, kind="loe", **loe)],
            [Dependency("A", "C"), Dependency("A", "L", "SS"), Dependency("L", "B", "FF")],
        )

    def test_loe_spans_the_resource_constrained_dates(self) -> None:
        """B is pushed by the crew to day 3; L spans from A's start to B's finish."""
        net = self.net()
        rs = resource_constrained_schedule(net, [Resource("crew", 3)], method="serial")
        assert rs.ids == ("A", "B", "C", "L")
        assert rs.start.tolist() == [0.0, 3.0, 3.0, 0.0]
        assert rs.finish.tolist() == [3.0, 5.0, 5.0, 5.0]
        assert rs.delay.tolist() == [0.0, 3.0, 0.0, 0.0]
        assert rs.pushed_by[3] == () and rs["L"]["finish"] == 5.0
        assert rs.makespan == 5.0

    def test_with_ample_resources_it_is_the_cpm_span(self) -> None:
        """With capacity for everything, L's span is the one schedule() gives."""
        net = self.net()
        rs = resource_constrained_schedule(net, [Resource("crew", 10)])
        s = schedule(net)
        assert_allclose(rs.start, s.early_start)
        assert_allclose(rs.finish, s.early_finish)

    def test_refused_with_demands_a_constraint_or_no_links(self) -> None:
        """Each refusal names the activity and the reason."""
        with pytest.raises(ValidationError, match="activity 'L' demands resources"):
            resource_constrained_schedule(self.net(demands={"crew": 1}), [Resource("crew", 3)])
        with pytest.raises(ValidationError, match="'L' has a SNET constraint"):
            resource_constrained_schedule(self.net(constraint=Constraint("SNET", 1)),
                                          [Resource("crew", 3)])
        lonely = Network([Activity("A", 1), Activity("L", 1, kind="loe")])
        with pytest.raises(ValidationError, match="'L' has no links"):
            resource_constrained_schedule(lonely, [])

