"""Tests of the critical path method: passes, floats, constraints, deadline, dates."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from pmokit.calendar import WorkCalendar
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import Activity, Constraint, Dependency, Network, schedule
from pmokit.scheduling._cpm import backward_pass, choose_method, forward_pass
from tests._hypothesis import examples
from tests.scheduling._nets import event_graph_longest, networks, random_arrays

TOL = 1e-9


def _links_hold(s, early: bool) -> None:
    c = s.network.compiled
    start = s.early_start if early else s.late_start
    slack = start[c.link_succ] - start[c.link_pred] - c.link_offset()
    assert (slack >= -TOL).all()


class TestTextbook:
    """Networks with published answers."""

    def test_studylib_example_1(self) -> None:
        """'Example 1' (studylib.net/doc/8378728): ES/EF/LS/LF and slack as published.

        A 6; B 2 (A); C 2 (A); D 3 (B); F 2 (C); E 4 (D, F); G 1 (E). Published: critical path
        A-B-D-E-G of 16 hours; C and F have slack 1 (LS 7 and 9).
        """
        acts = [Activity(a, d) for a, d in
                [("A", 6), ("B", 2), ("C", 2), ("D", 3), ("F", 2), ("E", 4), ("G", 1)]]
        links = [("A", "B"), ("A", "C"), ("B", "D"), ("C", "F"), ("D", "E"), ("F", "E"),
                 ("E", "G")]
        s = schedule(Network(acts, [Dependency(p, q) for p, q in links]))
        published = {  # id: (ES, EF, LS, LF, slack)
            "A": (0, 6, 0, 6, 0), "B": (6, 8, 6, 8, 0), "D": (8, 11, 8, 11, 0),
            "E": (11, 15, 11, 15, 0), "G": (15, 16, 15, 16, 0), "C": (6, 8, 7, 9, 1),
            "F": (8, 10, 9, 11, 1),
        }
        for aid, (es, ef, ls, lf, tf) in published.items():
            row = s[aid]
            got = (row["early_start"], row["early_finish"], row["late_start"],
                   row["late_finish"], row["total_float"])
            assert_allclose(got, (es, ef, ls, lf, tf), err_msg=aid)
        assert s.project_duration == 16
        assert s.critical_paths() == (("A", "B", "D", "E", "G"),)

    def test_pitt_or_notes_cpm3(self) -> None:
        """Rajgopal, University of Pittsburgh OR notes (sites.pitt.edu/~jrclass/or/webnotes/
        cpm3.html): an activity-on-arrow network of 53 days, critical 1-2, 2-3, 3-5, 5-6, 6-7.

        Arcs become activities; the dummy 3-4 is a zero-duration activity. Published event
        times ES = 0, 4, 12, 12, 21, 33, 53 and LC = 0, 4, 12, 18, 21, 33, 53 give each
        arc's ES (event i) and LF (event j).
        """
        arcs = {"1-2": 4, "2-3": 8, "2-4": 7, "2-5": 6, "3-4": 0, "3-5": 9, "4-6": 15,
                "5-6": 12, "6-7": 20}
        acts = [Activity(a, d) for a, d in arcs.items()]
        deps = [Dependency(a, b) for a in arcs for b in arcs
                if a.split("-")[1] == b.split("-")[0]]
        s = schedule(Network(acts, deps))
        es_ev = {1: 0, 2: 4, 3: 12, 4: 12, 5: 21, 6: 33, 7: 53}
        lc_ev = {1: 0, 2: 4, 3: 12, 4: 18, 5: 21, 6: 33, 7: 53}
        for a in arcs:
            i, j = map(int, a.split("-"))
            assert s[a]["early_start"] == es_ev[i]
            assert s[a]["late_finish"] == lc_ev[j]
        assert s.project_duration == 53
        assert set(s.critical) == {"1-2", "2-3", "3-5", "5-6", "6-7"}


class TestInvariants:
    """Hypothesis on random networks with every link type, leads, lags and milestones."""

    @settings(max_examples=examples(150), deadline=None)
    @given(networks())
    def test_links_hold_and_floats_ordered(self, net: Network) -> None:
        """Every link holds for early and late dates; total float >= free float >= 0."""
        s = schedule(net)
        _links_hold(s, early=True)
        _links_hold(s, early=False)
        assert (s.free_float >= -TOL).all()
        assert (s.total_float >= s.free_float - TOL).all()
        assert (s.early_start >= -TOL).all()
        assert (s.late_finish <= s.project_duration + TOL).all()
        assert len(s.critical) >= 1

    @settings(max_examples=examples(150), deadline=None)
    @given(networks())
    def test_equals_event_graph_longest_path(self, net: Network) -> None:
        """Project duration and early dates equal the start/finish event graph's longest
        paths, computed independently with networkx."""
        es, ef, duration = event_graph_longest(net)
        s = schedule(net)
        assert_allclose(s.project_duration, duration, atol=TOL)
        assert_allclose(s.early_start, [es[a] for a in s.ids], atol=TOL)
        assert_allclose(s.early_finish, [ef[a] for a in s.ids], atol=TOL)

    @settings(max_examples=examples(60), deadline=None)
    @given(networks())
    def test_engines_agree(self, net: Network) -> None:
        """The level-vectorised and Dijkstra engines give identical dates."""
        a = schedule(net, method="levels")
        b = schedule(net, method="dijkstra")
        assert_array_equal(a.early_start, b.early_start)
        assert_array_equal(a.late_start, b.late_start)


def _reference_passes(c, off: np.ndarray, lower: np.ndarray, upper: np.ndarray):
    """Plain Python passes over the links in a topological order (floats added in the
    order ``t_pred + offset`` / ``t_succ - offset``)."""
    n = c.n
    preds: list[list[int]] = [[] for _ in range(n)]
    succs: list[list[int]] = [[] for _ in range(n)]
    for k, (p, q) in enumerate(zip(c.link_pred.tolist(), c.link_succ.tolist(), strict=True)):
        preds[q].append(k)
        succs[p].append(k)
    o = off.tolist()
    es = lower.tolist()
    for j in c.order.tolist():
        for k in preds[j]:
            es[j] = max(es[j], es[int(c.link_pred[k])] + o[k])
    ls = upper.tolist()
    for i in reversed(c.order.tolist()):
        for k in succs[i]:
            ls[i] = min(ls[i], ls[int(c.link_succ[k])] - o[k])
    return np.array(es), np.array(ls)


class TestLevelEngineExact:
    """The level engine (two narrow levels per block) is bit for bit a plain loop."""

    @settings(max_examples=examples(80), deadline=None)
    @given(networks(max_n=30), st.sampled_from([0.1, 1 / 3, 0.7]), st.data())
    def test_bit_for_bit_on_decimals(self, net: Network, scale: float,
                                     data: st.DataObject) -> None:
        """Durations, lags and bounds in tenths, thirds, ...: identical floats."""
        c = Network.from_arrays(
            net.ids, net.compiled.duration * scale, net.compiled.link_pred,
            net.compiled.link_succ, net.compiled.link_type, net.compiled.link_lag * scale,
                link_by="position"
        ).compiled
        off = c.link_offset()
        lower = np.array(data.draw(st.lists(st.integers(0, 9), min_size=c.n,
                                            max_size=c.n))) * scale
        es_ref, _ = _reference_passes(c, off, lower, np.zeros(c.n))
        es = forward_pass(c, off, lower, method="levels")
        assert_array_equal(es, es_ref)
        upper = (es + c.duration).max() - c.duration - lower
        _, ls_ref = _reference_passes(c, off, lower, upper)
        assert_array_equal(backward_pass(c, off, upper, method="levels"), ls_ref)

    def test_deep_network(self) -> None:
        """A deep random network (two-level blocks throughout) in tenths of a day."""
        rng = np.random.default_rng(3)
        ids, dur, pred, succ, types, lag = random_arrays(3000, rng, window=6)
        c = Network.from_arrays(ids, dur * 0.1, pred, succ, types, lag * 0.1,
            link_by="position").compiled
        off = c.link_offset()
        lower = np.zeros(c.n)
        es = forward_pass(c, off, lower, method="levels")
        upper = np.full(c.n, (es + c.duration).max()) - c.duration
        es_ref, ls_ref = _reference_passes(c, off, lower, upper)
        assert_array_equal(es, es_ref)
        assert_array_equal(backward_pass(c, off, upper, method="levels"), ls_ref)


class TestEngines:
    """The two pass engines on larger random networks, wide and deep."""

    @pytest.mark.parametrize("window", [None, 20])
    def test_agree_on_large_random_networks(self, window: int | None) -> None:
        """Both engines agree exactly on 5,000 activities (integer data)."""
        rng = np.random.default_rng(7)
        net = Network.from_arrays(*random_arrays(5000, rng, window), link_by="position")
        c = net.compiled
        off = c.link_offset()
        lo = np.zeros(c.n)
        es1 = forward_pass(c, off, lo, method="levels")
        es2 = forward_pass(c, off, lo, method="dijkstra")
        assert_array_equal(es1, es2)
        up = np.full(c.n, (es1 + c.duration).max()) - c.duration
        assert_array_equal(
            backward_pass(c, off, up, method="levels"),
            backward_pass(c, off, up, method="dijkstra"),
        )

    def test_auto_choice_depends_on_shape(self) -> None:
        """Deep networks use Dijkstra, wide ones the level engine."""
        rng = np.random.default_rng(1)
        wide = Network.from_arrays(*random_arrays(5000, rng), link_by="position")
        chain = Network.from_arrays(
            [f"C{i}" for i in range(5000)], np.ones(5000), np.arange(4999), np.arange(1, 5000),
                link_by="position"
        )
        assert choose_method(wide.compiled) == "levels"
        assert choose_method(chain.compiled) == "dijkstra"
        assert schedule(chain).project_duration == 5000

    def test_dijkstra_exact_on_decimal_data(self) -> None:
        """Regression: on a deep network with durations and lags in tenths and thirds of a
        day the Dijkstra engine used to be off by up to 3e-6 days and marked about half of
        the critical activities differently; scaled to integers it agrees with the level
        engine to rounding and on the critical set."""
        rng = np.random.default_rng(5)
        ids, dur, pred, succ, types, lag = random_arrays(3000, rng, window=4)
        for scale in (0.1, 1 / 3):
            net = Network.from_arrays(ids, dur * scale, pred, succ, types, lag * scale,
                link_by="position")
            assert choose_method(net.compiled) == "dijkstra"
            a = schedule(net, method="levels")
            b = schedule(net)
            assert_allclose(b.early_start, a.early_start, atol=1e-9, rtol=0)
            assert_allclose(b.late_start, a.late_start, atol=1e-9, rtol=0)
            assert b.critical == a.critical

    def test_dijkstra_falls_back_to_levels(self) -> None:
        """Data that do not scale to integers (arbitrary floats, infinite offsets as the
        DCMA check uses) are passed to the level engine, bit for bit."""
        rng = np.random.default_rng(6)
        ids, dur, pred, succ, types, lag = random_arrays(3000, rng, window=4)
        net = Network.from_arrays(ids, dur * rng.random(3000), pred, succ, types, lag,
            link_by="position")
        c = net.compiled
        off = c.link_offset()
        lo = np.zeros(c.n)
        assert_array_equal(forward_pass(c, off, lo, method="dijkstra"),
                           forward_pass(c, off, lo, method="levels"))
        off_inf = off.copy()
        off_inf[::7] = -np.inf
        es = forward_pass(c, off_inf, lo, method="dijkstra")
        assert_array_equal(es, forward_pass(c, off_inf, lo, method="levels"))
        up = np.full(c.n, np.inf)
        up[-1] = 1e4
        assert_array_equal(backward_pass(c, off_inf, up, method="dijkstra"),
                           backward_pass(c, off_inf, up, method="levels"))

    def test_bad_method(self) -> None:
        """An unknown method names the choices."""
        net = Network([Activity("A", 1)])
        with pytest.raises(ValidationError, match="'method' must be one of"):
            schedule(net, method="fast")  # type: ignore[arg-type]


def _pair(link: str, lag: float, d_a: float = 5, d_b: float = 3) -> Network:
    return Network([Activity("A", d_a), Activity("B", d_b)],
                   [Dependency("A", "B", link, lag=lag)])


class TestLinkTypes:
    """Each link type with lags and leads (MS Project semantics)."""

    def test_sf_with_positive_lag(self) -> None:
        """SF +2: B finishes no earlier than 2 days after A starts; B would start at -1,
        so it starts at the project start, and A's late dates are bounded by B."""
        s = schedule(_pair("SF", 2))
        assert s["B"]["early_start"] == 0 and s["B"]["early_finish"] == 3
        s = schedule(_pair("SF", 6))
        assert s["B"]["early_finish"] == 6 and s["B"]["early_start"] == 3
        assert s.project_duration == 6
        assert s["A"]["late_start"] == 0  # A's start drives B's finish

    def test_ff_with_lead(self) -> None:
        """FF -2: B finishes no earlier than 2 days before A finishes."""
        s = schedule(_pair("FF", -2))
        assert s["B"]["early_finish"] == 3 and s["B"]["early_start"] == 0
        s = schedule(_pair("FF", -2, d_b=1))
        assert s["B"]["early_finish"] == 3 and s["B"]["early_start"] == 2

    def test_fs_lead_and_ss_lag(self) -> None:
        """FS -2 overlaps by two days; SS +1 starts one day after."""
        assert schedule(_pair("FS", -2))["B"]["early_start"] == 3
        assert schedule(_pair("SS", 1))["B"]["early_start"] == 1


class TestConstraints:
    """Date constraints and the deadline give bounds and negative float, never errors."""

    def _net(self, **con: Constraint) -> Network:
        return Network(
            [Activity("A", 4), Activity("B", 3, constraint=con.get("B")),
             Activity("C", 2, constraint=con.get("C"))],
            [Dependency("A", "B"), Dependency("B", "C")],
        )

    def test_snet_and_fnet_raise_early_dates(self) -> None:
        """SNET 6 moves B to 6; FNET 12 moves C's finish to 12."""
        s = schedule(self._net(B=Constraint("SNET", 6)))
        assert s["B"]["early_start"] == 6 and s.project_duration == 11
        s = schedule(self._net(C=Constraint("FNET", 12)))
        assert s["C"]["early_finish"] == 12

    def test_snlt_in_conflict_gives_negative_float(self) -> None:
        """SNLT 2 cannot be met (A takes 4): B keeps its logic date and has float -2,
        and so has its driving predecessor A."""
        s = schedule(self._net(B=Constraint("SNLT", 2)))
        assert s["B"]["early_start"] == 4
        assert s["B"]["total_float"] == -2 and s["A"]["total_float"] == -2
        assert s["C"]["total_float"] == 0
        _links_hold(s, early=True)

    def test_fnlt_and_mfo(self) -> None:
        """FNLT 8 on C: late finish 8, float -1. MFO 12: early and late finish 12."""
        s = schedule(self._net(C=Constraint("FNLT", 8)))
        assert s["C"]["late_finish"] == 8 and s["C"]["total_float"] == -1
        s = schedule(self._net(C=Constraint("MFO", 12)))
        assert s["C"]["early_finish"] == 12 and s["C"]["late_finish"] == 12
        assert s["C"]["total_float"] == 0 and s["B"]["total_float"] == 3

    def test_mso(self) -> None:
        """MSO 5 pins B at 5 (early and late)."""
        s = schedule(self._net(B=Constraint("MSO", 5)))
        assert s["B"]["early_start"] == 5 and s["B"]["late_start"] == 5

    def test_alap(self) -> None:
        """An ALAP activity sits at its late dates; successors follow from there."""
        net = Network(
            [Activity("A", 10), Activity("B", 2, constraint=Constraint("ALAP")),
             Activity("C", 1), Activity("D", 1)],
            [Dependency("A", "D"), Dependency("B", "C"), Dependency("C", "D")],
        )
        s = schedule(net)
        assert s["B"]["early_start"] == 7 and s["C"]["early_start"] == 9
        assert s["B"]["total_float"] == 0 and s.project_duration == 11
        _links_hold(s, early=True)

    def test_asap_is_default(self) -> None:
        """ASAP changes nothing."""
        a = schedule(self._net())
        b = schedule(self._net(B=Constraint("ASAP")))
        assert_array_equal(a.early_start, b.early_start)

    def test_negative_float_from_deadline(self) -> None:
        """Deadline 7 on a 9-day project: every critical activity has float -2; a later
        deadline adds no float (MS Project deadline semantics)."""
        net = self._net()
        s = schedule(net, deadline=7)
        assert_allclose(s.total_float, [-2, -2, -2])
        assert s.critical == ("A", "B", "C")
        assert_allclose(schedule(net, deadline=20).total_float, [0, 0, 0])

    def test_date_constraint_needs_start(self) -> None:
        """A date constraint without 'start' names the activity."""
        net = self._net(B=Constraint("SNET", dt.date(2026, 1, 5)))
        with pytest.raises(ValidationError, match="constraint of activity 'B' is a date"):
            schedule(net)

    def test_bad_constraint_values(self) -> None:
        """Unknown kinds and missing dates are rejected with the item named."""
        with pytest.raises(ValidationError, match="'kind' of a constraint must be one of"):
            Constraint("SOON", 1)
        with pytest.raises(ValidationError, match="'at' of a SNET constraint"):
            Constraint("SNET")
        with pytest.raises(ValidationError, match="'at' of a MFO constraint"):
            Constraint("MFO", float("nan"))

    def test_bad_start_and_calendar(self) -> None:
        """A start that is not a date and a calendar that is not a WorkCalendar are named."""
        net = self._net()
        with pytest.raises(ValidationError, match=r"'start' must be a datetime\.date"):
            schedule(net, start="2026-01-05")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'calendar' must be a WorkCalendar"):
            schedule(net, start=dt.date(2026, 1, 5), calendar="uk")  # type: ignore[arg-type]

    def test_bad_deadline(self) -> None:
        """A non-finite deadline or a date deadline without start is rejected."""
        net = self._net()
        with pytest.raises(ValidationError, match="'deadline' must be a finite number"):
            schedule(net, deadline=float("inf"))
        with pytest.raises(ValidationError, match="'deadline' is a date"):
            schedule(net, deadline=dt.date(2026, 1, 1))


MON = dt.date(2026, 11, 23)  # a Monday


class TestDates:
    """Dates on a working calendar."""

    def test_dates_on_weekdays(self) -> None:
        """A 5-day task from Monday ends Friday; its FS successor starts next Monday."""
        net = Network([Activity("A", 5), Activity("B", 2)], [Dependency("A", "B")])
        s = schedule(net, start=MON, calendar=WorkCalendar())
        r = s["B"]
        assert s["A"]["early_finish_date"] == dt.date(2026, 11, 27)
        assert r["early_start_date"] == dt.date(2026, 11, 30)
        assert r["early_finish_date"] == dt.date(2026, 12, 1)
        assert s.finish_date == dt.date(2026, 12, 1)
        assert s.early_start_date is not None and s.early_start_date.dtype.kind == "M"

    def test_start_on_weekend_rolls_forward(self) -> None:
        """A start on Saturday means offset 0 is the next Monday."""
        s = schedule(Network([Activity("A", 1)]), start=dt.date(2026, 11, 21))
        assert s.start == MON and s["A"]["early_finish_date"] == MON

    def test_milestone_on_non_working_day(self) -> None:
        """A milestone after a task ending Friday is dated on the Friday, at its close
        (changed API, issue 15: MS Project and P6 show Friday 17:00; it was dated Monday);
        an MSO milestone on a Saturday moves to the Monday (a start)."""
        net = Network(
            [Activity("A", 5), Activity("M", 0),
             Activity("K", 0, constraint=Constraint("MSO", dt.date(2026, 11, 28)))],
            [Dependency("A", "M")],
        )
        s = schedule(net, start=MON, calendar=WorkCalendar())
        assert s["M"]["early_start_date"] == s["M"]["early_finish_date"] == dt.date(2026, 11, 27)
        assert s["K"]["early_start"] == 5
        assert s["K"]["early_start_date"] == dt.date(2026, 11, 30)

    def test_snet_on_holiday(self) -> None:
        """SNET on a bank holiday (Good Friday 3 Apr 2026): the activity starts on the next
        working day, Tuesday 7 Apr (Easter Monday is a holiday too)."""
        uk = WorkCalendar.uk_england_and_wales()
        net = Network([Activity("A", 2, constraint=Constraint("SNET", dt.date(2026, 4, 3)))])
        s = schedule(net, start=dt.date(2026, 3, 30), calendar=uk)
        assert s["A"]["early_start_date"] == dt.date(2026, 4, 7)
        assert s["A"]["early_finish_date"] == dt.date(2026, 4, 8)
        assert s["A"]["early_start"] == 4

    def test_finish_constraint_on_holiday(self) -> None:
        """FNLT on a Saturday means the end of Friday: a 7-day task from Monday has -2."""
        net = Network([Activity("A", 7, constraint=Constraint("FNLT", dt.date(2026, 11, 28)))])
        s = schedule(net, start=MON)
        assert s["A"]["late_finish"] == 5 and s["A"]["total_float"] == -2

    def test_deadline_date(self) -> None:
        """A deadline date is the end of that day."""
        net = Network([Activity("A", 5)])
        s = schedule(net, start=MON, deadline=dt.date(2026, 11, 26))
        assert s["A"]["total_float"] == -1

    def test_dates_beyond_year_9999(self) -> None:
        """Regression: a lag or deadline that runs past the dates a calendar can hold
        raised OverflowError; now a ValidationError that says so."""
        net = Network([Activity("A", 1), Activity("B", 1)], [Dependency("A", "B", lag=1e9)])
        with pytest.raises(ValidationError, match="beyond the dates a calendar can hold"):
            schedule(net, start=MON)
        assert schedule(net).project_duration == 1e9 + 2  # offsets alone are fine
        with pytest.raises(ValidationError, match="beyond the dates a calendar can hold"):
            schedule(Network([Activity("A", 1)]), start=MON, deadline=-1e9)

    def test_own_calendar_honoured(self) -> None:
        """A per-activity calendar is honoured, never silently ignored."""
        other = WorkCalendar(weekdays=(0, 1, 2))
        net = Network([Activity("A", 4, calendar=other)])
        s = schedule(net, start=MON, calendar=WorkCalendar())
        assert s["A"]["early_finish_date"] == dt.date(2026, 11, 30)  # Mon-Wed, then Mon
        assert s.has_own_calendars
        assert schedule(net, start=MON, calendar=other).project_duration == 4

    def test_records_and_frame(self) -> None:
        """to_records has one row per activity with dates; to_frame is indexed by id."""
        net = Network([Activity("A", 5), Activity("B", 2)], [Dependency("A", "B")])
        s = schedule(net, start=MON)
        recs = s.to_records()
        assert [r["id"] for r in recs] == ["A", "B"]
        assert recs[1]["early_start_date"] == dt.date(2026, 11, 30)
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        frame = s.to_frame()
        assert frame.loc["B", "early_start"] == 5


class TestAnalysis:
    """Critical paths, near-critical activities, driving predecessors."""

    def _net(self) -> Network:
        return Network(
            [Activity("A", 2), Activity("B", 3), Activity("C", 3), Activity("D", 1),
             Activity("E", 1)],
            [Dependency("A", "B"), Dependency("A", "C"), Dependency("B", "D"),
             Dependency("C", "D"), Dependency("A", "E"), Dependency("E", "D")],
        )

    def test_critical_paths_bounded(self) -> None:
        """Two equal chains are both found; max_paths bounds the count."""
        s = schedule(self._net())
        assert s.critical_paths() == (("A", "B", "D"), ("A", "C", "D"))
        assert s.critical_paths(max_paths=1) == (("A", "B", "D"),)
        with pytest.raises(ValidationError, match="'max_paths' must be an int >= 1"):
            s.critical_paths(0)

    def test_many_parallel_chains_are_not_enumerated(self) -> None:
        """A ladder with 2**40 critical chains returns quickly with max_paths chains."""
        acts, deps = [Activity("S", 1)], []
        prev = ["S"]
        for k in range(40):
            cur = [f"X{k}", f"Y{k}"]
            acts += [Activity(a, 1) for a in cur]
            deps += [Dependency(p, q) for p in prev for q in cur]
            prev = cur
        s = schedule(Network(acts, deps))
        assert len(s.critical_paths(max_paths=5)) == 5

    def test_near_critical(self) -> None:
        """E has float 2: near-critical at threshold 2, not at 1."""
        s = schedule(self._net())
        assert s.near_critical(2) == ("E",)
        assert s.near_critical(1) == ()
        assert s.near_critical(0, include_critical=True) == ("A", "B", "C", "D")
        with pytest.raises(ValidationError, match="'threshold' must be a finite"):
            s.near_critical(float("nan"))
        with pytest.raises(ValidationError, match="'threshold' must be a real number"):
            s.near_critical("2")  # type: ignore[arg-type]

    def test_driving_predecessors(self) -> None:
        """D is driven by B and C, not E."""
        s = schedule(self._net())
        assert s.driving_predecessors("D") == ("B", "C")
        assert s.driving_predecessors("A") == ()
        assert s.driving_predecessors() == {"B": ("A",), "C": ("A",), "E": ("A",),
                                            "D": ("B", "C")}
        assert s.driving_links.sum() == 5
        with pytest.raises(UnknownReferenceError, match="no activity with id 'Z'"):
            s.driving_predecessors("Z")
        with pytest.raises(UnknownReferenceError):
            s["Z"]


class TestConstraintInvariants:
    """Random constraints: links still hold, the bounds hold, conflicts give float < 0."""

    @settings(max_examples=examples(120), deadline=None)
    @given(networks(max_n=15), st.data())
    def test_links_and_bounds(self, net: Network, data: st.DataObject) -> None:
        """Every link holds on early and late dates; each constraint's bound holds on the
        side it acts on."""
        import attrs

        kinds = ["ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
        acts = []
        for a in net.activities:
            if data.draw(st.booleans()):
                kind = data.draw(st.sampled_from(kinds))
                at = data.draw(st.integers(0, 30)) / 2
                a = attrs.evolve(a, constraint=Constraint(kind, at))
            acts.append(a)
        cnet = Network(acts, net.dependencies)
        deadline = data.draw(st.none() | st.integers(0, 40))
        s = schedule(cnet, deadline=deadline)
        _links_hold(s, early=True)
        _links_hold(s, early=False)
        for i, a in enumerate(cnet.activities):
            con = a.constraint
            if con is None:
                continue
            at = float(con.at) if con.at is not None else 0.0  # type: ignore[arg-type]
            k = con.kind.value
            if k in ("SNET", "MSO"):
                assert s.early_start[i] >= at - TOL
            if k in ("FNET", "MFO"):
                assert s.early_finish[i] >= at - TOL
            if k in ("SNLT", "MSO"):
                assert s.late_start[i] <= at + TOL
            if k in ("FNLT", "MFO"):
                assert s.late_finish[i] <= at + TOL
            if k == "ALAP" and s.total_float[i] >= 0:
                assert s.early_start[i] == s.late_start[i]
        if deadline is not None:
            assert (s.late_finish <= deadline + TOL).all()


def _brute_force_chains(s) -> set[tuple]:
    """Every chain start -> end of the critical driving-link graph, by networkx,
    recomputed from the schedule's arrays (an independent implementation)."""
    import networkx as nx

    c = s.network.compiled
    crit = s.total_float <= TOL
    slack = s.early_start[c.link_succ] - s.early_start[c.link_pred] - c.link_offset()
    g = nx.DiGraph()
    g.add_nodes_from(np.flatnonzero(crit).tolist())
    for k in range(c.m):
        p, q = int(c.link_pred[k]), int(c.link_succ[k])
        if crit[p] and crit[q] and slack[k] <= TOL:
            g.add_edge(p, q)
    sources = [v for v in g if g.in_degree(v) == 0]
    sinks = [v for v in g if g.out_degree(v) == 0]
    out = set()
    for a in sources:
        if a in sinks:
            out.add((s.ids[a],))
        for b in sinks:
            for path in nx.all_simple_paths(g, a, b):
                out.add(tuple(s.ids[i] for i in path))
    return out


class TestIssue14:
    """Issue 14: mapping conventions, frozen results, fast critical chains, flags."""

    def test_schedule_is_a_mapping(self) -> None:
        """``s["99"]`` raises UnknownReferenceError (a KeyError; it was a ValueError),
        and ``in``, ``list``, ``len`` and ``.get`` work (``"8" in s`` failed)."""
        net = Network([Activity(str(i), 1) for i in range(10)],
                      [Dependency(str(i), str(i + 1)) for i in range(9)])
        s = schedule(net)
        with pytest.raises(UnknownReferenceError, match="'99'"):
            s["99"]
        with pytest.raises(KeyError):
            s["99"]
        assert "8" in s and "99" not in s and [] not in s
        assert list(s) == [str(i) for i in range(10)] and len(s) == 10
        assert s.get("99") is None and s.get("99", 0) == 0
        assert s.get("8")["early_start"] == 8.0 and list(s.keys()) == list(s)
        with pytest.raises(UnknownReferenceError):
            s.driving_predecessors("99")

    def test_integer_ids(self) -> None:
        """Integer ids throughout: schedule, rows and lookups."""
        net = Network([Activity(1, 2), Activity(2, 3)], [Dependency(1, 2)])
        s = schedule(net)
        assert s[2]["early_start"] == 2.0 and s.critical == (1, 2)
        assert s.critical_paths() == ((1, 2),)
        assert "1" not in s

    def test_results_frozen_and_pickle(self) -> None:
        """Arrays are read-only; pickle (protocols 2 to 5) and deepcopy round-trip equal
        with read-only arrays kept read-only (protocol 4 made them writable)."""
        import copy
        import pickle

        plain = Network([Activity("A", 3), Activity("B", 2)], [Dependency("A", "B", lag=1)])
        net = Network([Activity("A", 3), Activity("B", 2, calendar=WorkCalendar())],
                      [Dependency("A", "B", lag=1)])
        for s in (schedule(plain), schedule(net, start=dt.date(2026, 11, 23)),
                  schedule(net, start=dt.date(2026, 11, 23),
                           calendar=WorkCalendar(weekdays=range(7)))):
            clones = [pickle.loads(pickle.dumps(s, protocol=p)) for p in (2, 3, 4, 5)]
            for clone in [*clones, copy.deepcopy(s)]:
                assert clone == s and clone is not s
                for name in ("early_start", "late_finish", "total_float", "free_float"):
                    arr = getattr(clone, name)
                    assert not arr.flags.writeable, name
                    with pytest.raises(ValueError):
                        arr[0] = 99.0
                assert clone["B"] == s["B"]
        assert schedule(plain) == schedule(plain)
        assert schedule(plain) != schedule(plain, deadline=2)

    def test_include_critical_takes_only_bools(self) -> None:
        """Flags accept only bools: ``include_critical='no'`` was read as True."""
        s = schedule(Network([Activity("A", 1)]))
        with pytest.raises(ValidationError, match="'include_critical' must be True or False"):
            s.near_critical(1, include_critical="no")  # type: ignore[arg-type]

    def test_critical_paths_long_chain(self) -> None:
        """A 100k-activity chain: one chain of 100k ids (took 25 s: the path was copied at
        every step; now linear)."""
        n = 100_000
        net = Network.from_arrays(np.arange(n), np.ones(n), np.arange(n - 1),
                                  np.arange(1, n))
        paths = schedule(net).critical_paths(10)
        assert len(paths) == 1 and paths[0] == tuple(range(n))

    @given(networks(max_n=9))
    @settings(max_examples=examples(60))
    def test_critical_paths_brute_force(self, net: Network) -> None:
        """All chains equal a networkx enumeration; a limit gives the first ones, in the
        same depth-first order."""
        s = schedule(net)
        every = s.critical_paths(10**6)
        assert len(set(every)) == len(every)
        assert set(every) == _brute_force_chains(s)
        for k in (1, 2, 3):
            assert s.critical_paths(k) == every[:k]

    @given(networks(max_n=12))
    @settings(max_examples=examples(60))
    def test_no_nan_or_inf_in_results(self, net: Network) -> None:
        """Results carry no undocumented NaN or inf: every array of a schedule (with and
        without dates and a deadline) and of a slip impact is finite, every date set."""
        from pmokit.scheduling import slip_impact

        for s in (schedule(net), schedule(net, start=dt.date(2026, 11, 23), deadline=3)):
            for name in ("early_start", "early_finish", "late_start", "late_finish",
                         "total_float", "free_float", "link_slack"):
                assert np.isfinite(getattr(s, name)).all(), name
            assert np.isfinite(s.project_duration)
            if s.early_start_date is not None:
                for name in ("early_start_date", "early_finish_date", "late_start_date",
                             "late_finish_date"):
                    assert not np.isnat(getattr(s, name)).any(), name
            imp = slip_impact(s, {s.ids[0]: 2.5})
            for arr in (imp.start_shift, imp.finish_shift, imp.early_start, imp.early_finish):
                assert np.isfinite(arr).all()


class TestToolSettings:
    """Issue 15 item 4: the MS Project and P6 scheduling options, each on a small case
    from the tools' documentation (sources in docs/scheduling.md, "Settings")."""

    @staticmethod
    def _alap_net() -> Network:
        # A(10) -> D; B(2, ALAP) -> C(1) -> D(1); E(1) after B finishes the project early
        return Network(
            [Activity("A", 10), Activity("B", 2, constraint=Constraint("ALAP")),
             Activity("C", 1), Activity("D", 1)],
            [Dependency("A", "D"), Dependency("B", "C"), Dependency("C", "D")],
        )

    def test_alap_p6_moves_only_the_activity(self) -> None:
        """P6: "sets the activity's early dates as late as possible without affecting
        successor activities": B uses its free float (0 here: C follows at once), so
        nothing moves; MS Project's rule moves B and C to their late dates."""
        net = self._alap_net()
        p6 = schedule(net, alap="p6")
        ms = schedule(net, alap="ms_project")
        assert p6["B"]["early_start"] == 0 and p6["C"]["early_start"] == 2
        assert ms["B"]["early_start"] == 7 and ms["C"]["early_start"] == 9
        assert_array_equal(p6.late_start, ms.late_start)

    def test_alap_p6_consumes_free_float(self) -> None:
        """B(2, ALAP) -> C(1) with an SS link and lag 6 from A: B is free to slip until
        C's early start; C keeps its early date (held by A)."""
        net = Network(
            [Activity("A", 10), Activity("B", 2, constraint=Constraint("ALAP")),
             Activity("C", 1), Activity("D", 1)],
            [Dependency("A", "C", "SS", lag=6), Dependency("B", "C"), Dependency("A", "D"),
             Dependency("C", "D")],
        )
        s = schedule(net, alap="p6")
        # C starts at 6 (A + 6), so B's free float is 4 and B runs 4-6
        assert s["C"]["early_start"] == 6 and s["B"]["early_start"] == 4
        assert s["B"]["free_float"] == 0 and s["B"]["total_float"] == s["C"]["total_float"]
        ms = schedule(net)  # MS Project: B at its late start 7, C pushed to 9
        assert ms["B"]["early_start"] == 7 and ms["C"]["early_start"] == 9
        _links_hold(s, early=True)

    def test_alap_p6_chain_and_open_end(self) -> None:
        """A chain of ALAP activities settles from the last one back; an ALAP activity
        without successors moves to the project finish."""
        alap = Constraint("ALAP")
        net = Network(
            [Activity("A", 10), Activity("B", 2, constraint=alap),
             Activity("C", 1, constraint=alap), Activity("E", 3, constraint=alap)],
            [Dependency("B", "C")],
        )
        s = schedule(net, alap="p6")
        assert s["C"]["early_start"] == 9 and s["B"]["early_start"] == 7
        assert s["E"]["early_start"] == 7 and s.project_duration == 10
        assert s["A"]["early_start"] == 0

    def test_alap_p6_successors_keep_early_dates(self) -> None:
        """On random networks with ALAP activities, P6's rule never moves an
        activity other than the ALAP ones, and every link still holds."""
        rng = np.random.default_rng(7)
        for _ in range(30):
            n = 25
            pred = rng.integers(0, n - 1, size=40)
            succ = pred + 1 + rng.integers(0, 5, size=40)
            ok = succ < n
            acts = [Activity(k, float(rng.integers(0, 6)),
                             constraint=Constraint("ALAP") if rng.random() < 0.3 else None)
                    for k in range(n)]
            deps = list({(int(a), int(b)) for a, b in zip(pred[ok], succ[ok], strict=True)})
            net = Network(acts, [Dependency(a, b) for a, b in deps])
            plain = Network([Activity(a.id, a.duration) for a in acts],
                            [Dependency(a, b) for a, b in deps])
            s, base = schedule(net, alap="p6"), schedule(plain)
            moved = np.flatnonzero(s.early_start != base.early_start)
            assert all(acts[i].constraint is not None for i in moved.tolist())
            assert bool(np.all(s.early_start >= base.early_start))
            assert s.project_duration == base.project_duration
            _links_hold(s, early=True)

    def test_must_finish_by_sets_late_dates(self) -> None:
        """P6 "Must Finish By": late dates from the date, so float is the slack to it;
        MS Project's deadline adds no float."""
        net = Network(
            [Activity("A", 10), Activity("B", 2), Activity("C", 1), Activity("D", 1)],
            [Dependency("A", "D"), Dependency("B", "C"), Dependency("C", "D")],
        )
        base = schedule(net)
        s = schedule(net, must_finish_by=14)
        assert base.project_duration == 11
        assert_allclose(s.total_float, base.total_float + 3)
        assert_allclose(schedule(net, deadline=14).total_float, base.total_float)
        late = schedule(net, must_finish_by=9)
        assert_allclose(late.total_float, base.total_float - 2)
        assert_allclose(schedule(net, must_finish_by=14, deadline=12).total_float,
                        base.total_float + 1)

    def test_must_finish_by_date(self) -> None:
        """A date means the end of that working day."""
        net = Network([Activity("A", 5)], [])
        s = schedule(net, start=dt.date(2026, 11, 23), must_finish_by=dt.date(2026, 12, 1))
        assert s["A"]["total_float"] == 2  # Fri 27 -> Tue 1 Dec: Mon and Tue

    def test_longest_path(self) -> None:
        """P6 "Longest Path": the driving chain into the project finish, even when a
        must-finish-by date gives every activity float."""
        net = Network(
            [Activity("A", 3), Activity("B", 5), Activity("C", 1), Activity("D", 2)],
            [Dependency("A", "C"), Dependency("B", "C")],
        )
        s = schedule(net, must_finish_by=10, critical="longest_path")
        assert s.critical == ("B", "C")
        assert schedule(net, must_finish_by=10).critical == ()
        assert [r["critical"] for r in s.to_records()] == [False, True, True, False]
        assert s.critical_paths() == (("B", "C"),)

    def test_critical_float_threshold(self) -> None:
        """MS Project "Tasks are critical if slack is less than or equal to" 2 days."""
        net = Network(
            [Activity("A", 3), Activity("B", 5), Activity("C", 1), Activity("D", 2)],
            [Dependency("A", "C"), Dependency("B", "C")],
        )
        s = schedule(net, critical_float=2)
        assert s.critical == ("A", "B", "C")
        assert s["A"]["critical"] and not s["D"]["critical"]

    @settings(max_examples=examples(40))
    @given(net=networks())
    def test_defaults_bit_for_bit(self, net: Network) -> None:
        """Every setting at its default schedules exactly as without it."""
        a = schedule(net)
        b = schedule(net, alap="ms_project", critical="total_float", critical_float=0.0,
                     must_finish_by=None, honor_constraints=False)
        for name in ("early_start", "early_finish", "late_start", "late_finish",
                     "total_float", "free_float"):
            assert_array_equal(getattr(a, name), getattr(b, name))
        assert a.critical == b.critical

    def test_bad_settings(self) -> None:
        net = self._alap_net()
        with pytest.raises(ValidationError, match="'alap' must be 'ms_project' or 'p6'"):
            schedule(net, alap="P6")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'critical' must be"):
            schedule(net, critical="float")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="critical_float"):
            schedule(net, critical_float=float("nan"))
        with pytest.raises(ValidationError, match="must_finish_by"):
            schedule(net, must_finish_by="2026-12-01")  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'must_finish_by' is a date"):
            schedule(net, must_finish_by=dt.date(2026, 12, 1))

    def test_alap_p6_own_calendars(self) -> None:
        """From Monday 23 November 2026: A(5) -> D(1); A -SS 3-> C(1) -> D; B(2, ALAP,
        seven-day calendar) -> C. C can start Thursday 26, so P6 moves B to Tuesday 24 -
        Wednesday 25 and C stays; MS Project puts B at its late dates (Wednesday 25 -
        Thursday 26) and pushes C to Friday 27."""
        seven = WorkCalendar(weekdays=range(7))
        net = Network(
            [Activity("A", 5), Activity("B", 2, calendar=seven, constraint=Constraint("ALAP")),
             Activity("C", 1), Activity("D", 1)],
            [Dependency("A", "D"), Dependency("A", "C", "SS", lag=3), Dependency("B", "C"),
             Dependency("C", "D")],
        )
        start = dt.date(2026, 11, 23)
        p6 = schedule(net, start=start, alap="p6")
        ms = schedule(net, start=start)
        day = dt.date
        assert (p6["B"]["early_start_date"], p6["B"]["early_finish_date"]) == (
            day(2026, 11, 24), day(2026, 11, 25))
        assert p6["C"]["early_start_date"] == day(2026, 11, 26)
        assert (ms["B"]["early_start_date"], ms["C"]["early_start_date"]) == (
            day(2026, 11, 25), day(2026, 11, 27))
        assert p6["B"]["free_float"] == 0
        assert p6.settings == {"alap": "p6"}

    def test_alap_p6_engines_agree(self) -> None:
        """P6's ALAP: the per-activity-calendar engine (forced with distinct but equal
        calendars) gives the array engine's offsets on random networks."""
        rng = np.random.default_rng(3)
        start = dt.date(2026, 11, 23)
        for _ in range(30):
            n = 12
            pred = rng.integers(0, n - 1, size=18)
            succ = pred + 1 + rng.integers(0, 4, size=18)
            ok = succ < n
            pairs = sorted({(int(a), int(b)) for a, b in zip(pred[ok], succ[ok], strict=True)})
            deps = [Dependency(a, b, str(rng.choice(["FS", "SS", "FF", "SF"])),
                               lag=float(rng.integers(-1, 3))) for a, b in pairs]
            durs = [float(rng.integers(1, 5)) for _ in range(n)]
            alap = [Constraint("ALAP") if rng.random() < 0.4 else None for _ in range(n)]
            plain = Network([Activity(k, durs[k], constraint=alap[k]) for k in range(n)], deps)
            own = Network([Activity(k, durs[k], constraint=alap[k], calendar=WorkCalendar())
                           for k in range(n)], deps)
            a = schedule(plain, start=start, alap="p6")
            b = schedule(own, start=start, alap="p6")
            assert_allclose(b.early_start, a.early_start, atol=1e-9)
            assert_allclose(b.total_float, a.total_float, atol=1e-9)

    def test_alap_p6_own_calendars_random(self) -> None:
        """Random networks on two calendars: P6's ALAP moves only ALAP activities, never
        earlier, keeps every link (link slack >= 0) and the project finish."""
        rng = np.random.default_rng(11)
        cals = [None, WorkCalendar(weekdays=range(7)), WorkCalendar(weekdays=(0, 1, 2, 3))]
        for _ in range(25):
            n = 15
            pred = rng.integers(0, n - 1, size=25)
            succ = pred + 1 + rng.integers(0, 4, size=25)
            ok = succ < n
            links = sorted({(int(a), int(b), str(rng.choice(["FS", "SS", "FF", "SF"])))
                            for a, b in zip(pred[ok], succ[ok], strict=True)})
            links = list({(a, b): (a, b, t) for a, b, t in links}.values())
            kw = [{"calendar": cals[int(rng.integers(0, 3))]} for _ in range(n)]
            durs = [float(rng.integers(0, 5)) for _ in range(n)]
            flags = [bool(rng.random() < 0.3) for _ in range(n)]
            deps = [Dependency(a, b, t, lag=float(rng.integers(-1, 3))) for a, b, t in links]
            acts = [Activity(k, durs[k], constraint=Constraint("ALAP") if flags[k] else None,
                             **kw[k]) for k in range(n)]
            plain = [Activity(k, durs[k], **kw[k]) for k in range(n)]
            start = dt.date(2026, 11, 23)
            s = schedule(Network(acts, deps), start=start, alap="p6")
            base = schedule(Network(plain, deps), start=start)
            moved = np.flatnonzero(np.abs(s.early_start - base.early_start) > 1e-9)
            assert all(flags[i] for i in moved.tolist())
            assert bool(np.all(s.early_start >= base.early_start - 1e-9))
            assert s.finish_date == base.finish_date
            assert bool(np.all(s.link_slack >= -1e-9))

    def test_must_finish_by_own_calendars(self) -> None:
        """A(5) -> B(2, seven-day calendar) from Monday 23 November 2026 finishes on
        Sunday 29; must finish by Wednesday 2 December: B has 3 days (its calendar),
        A 1 day (Monday 30: B could start on Tuesday 1)."""
        seven = WorkCalendar(weekdays=range(7))
        net = Network([Activity("A", 5), Activity("B", 2, calendar=seven)],
                      [Dependency("A", "B")])
        start = dt.date(2026, 11, 23)
        s = schedule(net, start=start, must_finish_by=dt.date(2026, 12, 2))
        assert s.total_float.tolist() == [1.0, 3.0]
        assert s["B"]["late_finish_date"] == dt.date(2026, 12, 2)
        assert s.settings == {"must_finish_by": s.settings["must_finish_by"]}
        base = schedule(net, start=start)
        assert base.total_float.tolist() == [0.0, 0.0]
        assert schedule(net, start=start, deadline=dt.date(2026, 12, 2)).total_float.tolist() \
            == [0.0, 0.0]


class TestLogicYields:
    """P6's Mandatory Start/Finish and MS Project's "Tasks will always honor their
    constraint dates": the constraint wins, negative float shows the conflict."""

    @staticmethod
    def _net(con: Constraint) -> Network:
        return Network([Activity("A", 5), Activity("B", 3, constraint=con), Activity("C", 2)],
                       [Dependency("A", "B"), Dependency("B", "C")])

    def test_mandatory_start(self) -> None:
        """A(5) -> B(3, Mandatory Start 3) -> C(2): B starts at 3 although A finishes at
        5; A carries float -2; C follows B. "Start On" (logic wins) moves B to 5."""
        s = schedule(self._net(Constraint("MSO", 3, mandatory=True)))
        assert (s["B"]["early_start"], s["B"]["late_start"]) == (3, 3)
        assert s["C"]["early_start"] == 6 and s.project_duration == 8
        assert_allclose(s.total_float, [-2, 0, 0])
        logic = schedule(self._net(Constraint("MSO", 3)))
        assert logic["B"]["early_start"] == 5 and logic["B"]["total_float"] == -2

    def test_mandatory_finish_ignores_successors(self) -> None:
        """Mandatory Finish 12 on B: late finish 12 even though a FNLT 9 on C needs
        B done by 7; C shows the conflict (float -5 on C, B keeps 0)."""
        net = Network(
            [Activity("A", 5), Activity("B", 3, constraint=Constraint("MFO", 12,
                                                                       mandatory=True)),
             Activity("C", 2, constraint=Constraint("FNLT", 9))],
            [Dependency("A", "B"), Dependency("B", "C")],
        )
        s = schedule(net)
        assert (s["B"]["early_finish"], s["B"]["late_finish"]) == (12, 12)
        assert s["B"]["total_float"] == 0
        assert s["C"]["early_start"] == 12 and s["C"]["total_float"] == -5
        assert s["A"]["total_float"] == 4

    def test_honor_constraint_dates(self) -> None:
        """MS Project, honor on: SNLT 3 holds B at 3 although A finishes at 5, and A
        shows -2; off (default), logic wins and B starts at 5 with float -2."""
        net = self._net(Constraint("SNLT", 3))
        s = schedule(net, honor_constraints=True)
        assert s["B"]["early_start"] == 3 and s["C"]["early_start"] == 6
        assert_allclose(s.total_float, [-2, 0, 0])
        off = schedule(net)
        assert off["B"]["early_start"] == 5 and off["B"]["total_float"] == -2
        # an SNLT that logic meets is not moved
        easy = schedule(self._net(Constraint("SNLT", 7)), honor_constraints=True)
        assert easy["B"]["early_start"] == 5

    def test_cut_frees_downstream(self) -> None:
        """Two capped activities in a chain: capping the first lets the second follow
        logic again (it is not left pinned at its own bound)."""
        net = Network(
            [Activity("A", 5), Activity("B", 3, constraint=Constraint("SNLT", 1)),
             Activity("C", 2, constraint=Constraint("SNLT", 7))],
            [Dependency("A", "B"), Dependency("B", "C")],
        )
        s = schedule(net, honor_constraints=True)
        assert s["B"]["early_start"] == 1 and s["C"]["early_start"] == 4

    @settings(max_examples=examples(40))
    @given(net=networks())
    def test_honor_without_upper_constraints_changes_nothing(self, net: Network) -> None:
        """With no SNLT/FNLT/MSO/MFO, honor_constraints schedules bit for bit as off."""
        a, b = schedule(net), schedule(net, honor_constraints=True)
        assert_array_equal(a.early_start, b.early_start)
        assert_array_equal(a.late_start, b.late_start)

    def test_bad_input(self) -> None:
        with pytest.raises(ValidationError, match="MSO and MFO constraints only"):
            Constraint("SNLT", 3, mandatory=True)
        with pytest.raises(ValidationError, match="'mandatory' of a constraint must be"):
            Constraint("MSO", 3, mandatory=1)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="'honor_constraints' must be True or"):
            schedule(self._net(Constraint("SNLT", 3)), honor_constraints="yes")  # type: ignore[arg-type]

    def test_calendar_path_agrees(self) -> None:
        """The per-activity-calendar engine (forced with a distinct but equal calendar on
        each activity) gives the same offsets as the array engine, on random networks with
        every constraint kind, honored or mandatory."""
        rng = np.random.default_rng(5)
        kinds = ["SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
        start = dt.date(2026, 11, 23)
        for trial in range(30):
            n = 12
            pred = rng.integers(0, n - 1, size=18)
            succ = pred + 1 + rng.integers(0, 4, size=18)
            ok = succ < n
            pairs = sorted({(int(a), int(b)) for a, b in zip(pred[ok], succ[ok], strict=True)})
            deps = [Dependency(a, b, str(rng.choice(["FS", "SS", "FF", "SF"])),
                               lag=float(rng.integers(-1, 3))) for a, b in pairs]
            cons: list[Constraint | None] = []
            for _ in range(n):
                if rng.random() < 0.35:
                    k = str(rng.choice(kinds))
                    cons.append(Constraint(k, float(rng.integers(0, 12)),
                                           mandatory=k in ("MSO", "MFO") and rng.random() < 0.5))
                else:
                    cons.append(None)
            durs = [float(rng.integers(1, 5)) for _ in range(n)]
            honor = bool(trial % 2)
            plain = Network([Activity(k, durs[k], constraint=cons[k]) for k in range(n)], deps)
            own = Network([Activity(k, durs[k], constraint=cons[k], calendar=WorkCalendar())
                           for k in range(n)], deps)
            a = schedule(plain, start=start, honor_constraints=honor)
            b = schedule(own, start=start, honor_constraints=honor)
            assert b.has_own_calendars
            assert_allclose(b.early_start, a.early_start, atol=1e-9)
            assert_allclose(b.late_start, a.late_start, atol=1e-9)
            assert_allclose(b.total_float, a.total_float, atol=1e-9)


class TestLevelingDelay:
    """MS Project's "Leveling Delay": a fixed delay after the early start."""

    def test_delay_moves_activity_and_successors(self) -> None:
        """A(3) -> B(2) -> C(1), D(10): a 2-day leveling delay on B starts it at 5
        (early start 3 + 2), C follows at 7; floats shrink by 2 on B's chain."""
        net = Network([Activity("A", 3), Activity("B", 2), Activity("C", 1),
                       Activity("D", 10)], [Dependency("A", "B"), Dependency("B", "C")])
        base = schedule(net)
        s = schedule(net, leveling_delay={"B": 2})
        assert s["B"]["early_start"] == 5 and s["C"]["early_start"] == 7
        assert_allclose(s.total_float, base.total_float - [2, 2, 2, 0])
        assert s.settings["leveling_delay"] == {"B": 2}
        # on an activity without predecessors it counts from the project start
        assert schedule(net, leveling_delay={"A": 1})["A"]["early_start"] == 1
        assert_array_equal(schedule(net, leveling_delay={}).early_start, base.early_start)
        assert schedule(net, leveling_delay={"B": 0}).settings == {}

    def test_bad_leveling_delay(self) -> None:
        net = Network([Activity("A", 3)], [])
        with pytest.raises(UnknownReferenceError, match="'Z'"):
            schedule(net, leveling_delay={"Z": 1})
        with pytest.raises(ValidationError, match="leveling_delay of activity 'A'"):
            schedule(net, leveling_delay={"A": -1})
        with pytest.raises(ValidationError, match="'leveling_delay' must be a mapping"):
            schedule(net, leveling_delay=[1])  # type: ignore[arg-type]

    def test_own_calendars(self) -> None:
        """From Monday 23 November 2026 on Monday-Friday: A(3) -> B(2, seven-day) -> C(1,
        seven-day). Without delay B runs Thursday 26 - Friday 27 and C on Saturday 28; a
        leveling delay of 1 day on B (its own calendar) moves B to Friday 27 - Saturday 28
        and C to Sunday 29; B's and A's floats shrink by one day."""
        five, seven = WorkCalendar(), WorkCalendar(weekdays=range(7))
        net = Network([Activity("A", 3), Activity("B", 2, calendar=seven),
                       Activity("C", 1, calendar=seven)],
                      [Dependency("A", "B"), Dependency("B", "C")])
        mon = dt.date(2026, 11, 23)
        base = schedule(net, start=mon, calendar=five, must_finish_by=dt.date(2026, 12, 4))
        s = schedule(net, start=mon, calendar=five, must_finish_by=dt.date(2026, 12, 4),
                     leveling_delay={"B": 1})
        assert base["B"]["early_start_date"] == dt.date(2026, 11, 26)
        assert s["B"]["early_start_date"] == dt.date(2026, 11, 27)
        assert s["B"]["early_finish_date"] == dt.date(2026, 11, 28)
        assert s["C"]["early_start_date"] == dt.date(2026, 11, 29)
        assert_allclose(s.total_float, base.total_float - [1, 1, 1])
        assert s.settings["leveling_delay"] == {"B": 1}

    @settings(max_examples=examples(40), deadline=None)
    @given(networks(max_n=10), st.data())
    def test_own_calendars_equal_one_calendar(self, net: Network, data: st.DataObject) -> None:
        """Activities on their own copy of the project calendar (the per-activity engine)
        get the same dates and floats as the one-calendar engine, leveling delays and both
        ALAP rules included."""
        ids = list(net.ids)
        delays = {a: float(data.draw(st.integers(0, 3))) for a in
                  data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))}
        mon = dt.date(2026, 11, 23)
        alap = data.draw(st.sampled_from(["ms_project", "p6"]))
        late = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))
        net = Network([attrs.evolve(a, constraint=Constraint("ALAP")) if a.id in late else a
                       for a in net.activities], net.dependencies)
        one = schedule(net, start=mon, leveling_delay=delays, alap=alap)
        own = Network([attrs.evolve(a, calendar=WorkCalendar()) for a in net.activities],
                      net.dependencies)
        two = schedule(own, start=mon, leveling_delay=delays, alap=alap)
        assert two.has_own_calendars
        assert_allclose(two.early_start, one.early_start, atol=1e-9)
        assert_allclose(two.late_start, one.late_start, atol=1e-9)
        assert_allclose(two.total_float, one.total_float, atol=1e-9)
        assert_allclose(two.free_float, one.free_float, atol=1e-9)


class TestTotalFloatAs:
    """P6's "Compute total float as" start float, finish float or the smallest of both."""

    def test_start_finish_smallest(self) -> None:
        """A(3) -> C(1), B(5) -> C: A's start float LS - ES = 2 - 0 and finish float
        LF - EF = 5 - 3 are both 2 (no progress: the remaining duration is the duration),
        so every rule gives [2, 0, 0]; only a non-default rule is a setting."""
        net = Network([Activity("A", 3), Activity("B", 5), Activity("C", 1)],
                      [Dependency("A", "C"), Dependency("B", "C")])
        for rule in ("start", "finish", "smallest"):
            s = schedule(net, total_float=rule)  # type: ignore[arg-type]
            assert s.total_float.tolist() == [2.0, 0.0, 0.0]
            assert s.settings == ({} if rule == "start" else {"total_float": rule})
        own = Network([Activity("A", 3, calendar=WorkCalendar(weekdays=range(7))),
                       Activity("B", 5)], [])
        s = schedule(own, start=dt.date(2026, 11, 23), total_float="finish")
        assert s.settings == {"total_float": "finish"}

    def test_bad_rule(self) -> None:
        net = Network([Activity("A", 3)], [])
        with pytest.raises(ValidationError, match="'total_float' must be 'start', 'finish'"):
            schedule(net, total_float="late")  # type: ignore[arg-type]


class TestExpectedFinish:
    """P6's "Use expected finish dates": an expected finish sets the remaining duration from
    the early start, so the activity finishes then (never a negative duration)."""

    def test_duration_from_early_start(self) -> None:
        """A(3) -> B(4, expected finish 10) -> C(2): B starts at 3 and takes 7 days to
        finish at 10, C runs 10-12; as a date (Friday 4 December 2026, from Monday 23
        November) the same."""
        net = Network([Activity("A", 3), Activity("B", 4), Activity("C", 2)],
                      [Dependency("A", "B"), Dependency("B", "C")])
        s = schedule(net, expected_finish={"B": 10})
        assert s.early_finish.tolist() == [3.0, 10.0, 12.0]
        assert s.network.compiled.duration.tolist() == [3.0, 7.0, 2.0]
        assert s.settings == {"expected_finish": {"B": 10.0}}
        d = schedule(net, start=dt.date(2026, 11, 23),
                     expected_finish={"B": dt.date(2026, 12, 4)})
        assert d["B"]["early_finish_date"] == dt.date(2026, 12, 4)
        assert d.early_finish.tolist() == [3.0, 10.0, 12.0]

    def test_chain_and_early_expected_finish(self) -> None:
        """A(3, expected 5) -> B(4, expected 10): A takes 5, so B starts at 5 and takes 5
        (not 7, as from A's planned finish); an expected finish before the start gives a
        duration of 0 (C(6, expected 1) after A finishes at 5)."""
        net = Network([Activity("A", 3), Activity("B", 4), Activity("C", 6)],
                      [Dependency("A", "B"), Dependency("A", "C")])
        s = schedule(net, expected_finish={"B": 10, "A": 5, "C": 1})
        assert s.early_start.tolist() == [0.0, 5.0, 5.0]
        assert s.early_finish.tolist() == [5.0, 10.0, 5.0]
        assert s.network.compiled.duration.tolist() == [5.0, 5.0, 0.0]

    def test_in_progress_remaining_duration(self) -> None:
        """P6 recomputes the remaining duration of an activity in progress: B started at 3
        with 1 day left at the data date 5; expected at 9, its remaining duration becomes
        4 (from the data date, not from its actual start), so B finishes at 9 and C runs
        9-11, on days and on clock time alike."""
        from pmokit.scheduling import ActivityProgress, Progress

        net = Network([Activity("A", 3), Activity("B", 4), Activity("C", 2)],
                      [Dependency("A", "B"), Dependency("B", "C")])
        progress = Progress([ActivityProgress("A", actual_start=0, actual_finish=3),
                             ActivityProgress("B", actual_start=3, remaining_duration=1)])
        for clock in (False, True):
            s = schedule(net, start=dt.date(2026, 11, 23), actuals=progress, data_date=5,
                         expected_finish={"B": 9}, clock=clock)
            assert s.early_finish.tolist() == [3.0, 9.0, 11.0]
            assert s.actuals is not None and s.actuals["B"].remaining_duration == 4.0

    def test_level_of_effort_is_refused_by_name(self) -> None:
        """A level-of-effort activity takes its dates from its span: named, not 'unknown'."""
        net = Network([Activity("A", 3), Activity("B", 4), Activity("L", 0, kind="loe")],
                      [Dependency("A", "B"), Dependency("A", "L", "SS"),
                       Dependency("B", "L", "FF")])
        assert schedule(net, expected_finish={"B": 9}).early_finish.tolist() == [3.0, 9.0, 9.0]
        with pytest.raises(ValidationError, match="activity 'L': it is a level-of-effort"):
            schedule(net, expected_finish={"B": 9, "L": 4})

    def test_bad_expected_finish(self) -> None:
        net = Network([Activity("A", 3), Activity("B", 4, constraint=Constraint("FNET", 9)),
                       Activity("C", 2), Activity("D", 1, constraint=Constraint("ALAP"))],
                      [Dependency("A", "C", "FF")])
        with pytest.raises(UnknownReferenceError, match="'Z'"):
            schedule(net, expected_finish={"Z": 1})
        with pytest.raises(ValidationError, match="'expected_finish' must be a mapping"):
            schedule(net, expected_finish=[1])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="expected_finish of activity 'A'"):
            schedule(net, expected_finish={"A": float("nan")})
        # None was silently dropped (found by the fuzz specs)
        with pytest.raises(ValidationError,
                           match=r"expected_finish of activity 'A' must be a date.*None"):
            schedule(net, expected_finish={"A": None})  # type: ignore[dict-item]
        with pytest.raises(ValidationError, match="'expected_finish of activity 'A'' is a date"):
            schedule(net, expected_finish={"A": dt.date(2026, 12, 1)})
        with pytest.raises(ValidationError, match=r"activity 'C'.*finish-to-finish"):
            schedule(net, expected_finish={"C": 5})
        with pytest.raises(ValidationError, match="activity 'B': its FNET constraint"):
            schedule(net, expected_finish={"B": 5})
        with pytest.raises(ValidationError, match="activity 'D': its ALAP constraint"):
            schedule(net, expected_finish={"D": 5})
        own = Network([Activity("A", 3, calendar=WorkCalendar(weekdays=range(7)))], [])
        # own calendars: supported on the day engine since left15 (Monday 23 to Friday 27,
        # the project day offset 5 ends on, is 5 days of A's 7-day calendar) but not
        # with progress
        s = schedule(own, start=dt.date(2026, 11, 23), expected_finish={"A": 5})
        assert s.network.compiled.duration.tolist() == [5.0]
        with pytest.raises(ValidationError, match="not supported yet with activities on"):
            schedule(own, start=dt.date(2026, 11, 23), expected_finish={"A": 5}, data_date=0)
