"""WBS roll-ups, summary links, and P6's activity types (level of effort, milestones)."""

from __future__ import annotations

import datetime as dt
import pickle

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit.errors import CycleError, DuplicateError, UnknownReferenceError, ValidationError
from pmokit.scheduling import Activity, Dependency, Network, Wbs, rollup, schedule
from tests._requires import requires_pandas
from tests.scheduling._nets import networks

MONDAY = dt.date(2026, 3, 2)


def _fields(s):
    return (s.early_start, s.early_finish, s.late_start, s.late_finish, s.total_float,
            s.free_float)


# ---------------------------------------------------------------------------- the tree
class TestWbs:
    def test_parents_children_leaves(self):
        wbs = Wbs({"A": "S1", "B": "S1", "C": "S2", "S1": "P", "S2": "P", "P": None})
        assert wbs.summaries == ("S1", "S2", "P")
        assert wbs.children("P") == ("S1", "S2")
        assert wbs.leaves("P") == ("A", "B", "C")
        assert wbs.leaves("A") == ("A",)

    def test_from_codes_takes_the_longest_prefix(self):
        wbs = Wbs.from_codes({"P": "1", "A": "1.1", "B": "1.2", "B1": "1.2.1", "X": "1.3.7"})
        assert dict(wbs.parents) == {"P": None, "A": "P", "B": "P", "B1": "B", "X": "P"}

    def test_from_codes_separator(self):
        assert Wbs.from_codes({"P": "A", "a": "A-1"}, separator="-").parents["a"] == "P"

    def test_from_frame_parents_and_codes(self):
        by_parent = Wbs.from_frame({"id": [1, 2, 10], "parent": [10, 10, None],
                                    "name": [None, None, "Phase"]})
        assert dict(by_parent.parents) == {1: 10, 2: 10, 10: None}
        assert by_parent.names[10] == "Phase"
        by_code = Wbs.from_frame([{"id": "P", "wbs": "1"}, {"id": "A", "wbs": "1.1"}],
                                 code="wbs")
        assert by_code.parents["A"] == "P"

    def test_from_records(self):
        wbs = Wbs.from_records([{"id": "A", "parent": "S"}, {"id": "S", "parent": None}])
        assert wbs.summaries == ("S",)
        with pytest.raises(ValidationError, match="must be a list of dicts"):
            Wbs.from_records({"id": ["A"], "parent": [None]})

    def test_from_frame_bad_rows_are_named(self):
        with pytest.raises(ValidationError, match=r"wbs row 1, column 'id': the id is missing"):
            Wbs.from_frame({"id": ["A", None], "parent": [None, "A"]})
        with pytest.raises(ValidationError, match="no required column 'parent'"):
            Wbs.from_frame({"id": ["A"]})

    @requires_pandas
    def test_from_frame_dataframe(self):
        import pandas as pd

        df = pd.DataFrame({"id": ["A", "S"], "parent": ["S", None]})
        assert Wbs.from_frame(df).summaries == ("S",)

    def test_parent_cycle_is_named(self):
        with pytest.raises(CycleError, match=r"WBS hierarchy .* the cycle B -> C -> B"):
            Wbs({"A": "B", "B": "C", "C": "B"})

    def test_self_parent(self):
        with pytest.raises(CycleError, match=r"WBS hierarchy .* the cycle S -> S"):
            Wbs({"S": "S"})

    def test_unknown_parent_is_named(self):
        with pytest.raises(UnknownReferenceError,
                           match="WBS node 'A' names the unknown parent 'Z'"):
            Wbs({"A": "Z", "B": None})

    def test_bad_node_id(self):
        with pytest.raises(ValidationError, match="WBS node"):
            Wbs({"": None})

    def test_not_a_mapping(self):
        with pytest.raises(ValidationError, match="mapping of node id"):
            Wbs([("A", None)])  # type: ignore[arg-type]

    def test_duplicate_code(self):
        with pytest.raises(DuplicateError, match=r"'1\.1' is given to both 'A' and 'B'"):
            Wbs.from_codes({"A": "1.1", "B": "1.1"})

    def test_blank_code(self):
        with pytest.raises(ValidationError, match="WBS code of node 'A' must be non-blank"):
            Wbs.from_codes({"A": " "})

    def test_unknown_node_lookup(self):
        with pytest.raises(UnknownReferenceError, match="no node 'Q'"):
            Wbs({"A": None}).leaves("Q")

    def test_unknown_named_node(self):
        with pytest.raises(UnknownReferenceError, match="unknown nodes"):
            Wbs({"A": None}, names={"Q": "q"})

    def test_pickles(self):
        wbs = Wbs({"A": "S", "S": None}, names={"S": "Summary"})
        assert pickle.loads(pickle.dumps(wbs)) == wbs


# ----------------------------------------------------------------------------- roll-up
def _plan():
    net = Network(
        [Activity("A", 3), Activity("B", 2), Activity("C", 4), Activity("D", 1)],
        [Dependency("A", "B"), Dependency("A", "C", "SS"), Dependency("B", "D"),
         Dependency("C", "D")],
    )
    wbs = Wbs({"A": "S1", "B": "S1", "C": "S2", "D": "S2", "S1": "P", "S2": "P", "P": None})
    return net, wbs


class TestRollup:
    def test_hand_case(self):
        # MS Project: a summary starts with its earliest subtask and finishes with its
        # latest; late dates alike; the summary's float is its most critical child's.
        net, wbs = _plan()
        s = schedule(net)  # A 0-3, B 3-5 (LS 3), C 0-4 (LS 1), D 5-6
        r = rollup(s, wbs)
        assert r.ids == ("S1", "S2", "P")
        assert r["S1"]["early_start"] == 0.0 and r["S1"]["early_finish"] == 5.0
        assert r["S2"]["early_start"] == 0.0 and r["S2"]["early_finish"] == 6.0
        assert r["S2"]["late_start"] == 1.0 and r["S2"]["late_finish"] == 6.0
        assert r["S2"]["total_float"] == 0.0  # D is critical
        assert r.critical.tolist() == [True, True, True]
        assert r.duration.tolist() == [5.0, 6.0, 6.0]
        assert r.percent_complete is None

    def test_dates_roll_up(self):
        net, wbs = _plan()
        r = rollup(schedule(net, start=MONDAY), wbs)
        assert r["S1"]["early_start_date"] == MONDAY
        assert r["P"]["early_finish_date"] == dt.date(2026, 3, 9)  # D on Monday (day 5)

    def test_duration_weighted_percent_complete(self):
        # MS Project: summary % complete = sum of actual durations / sum of durations
        net, wbs = _plan()
        r = rollup(schedule(net), wbs, percent_complete={"A": 100, "B": 50})
        assert r["S1"]["percent_complete"] == pytest.approx((3 * 100 + 2 * 50) / 5)
        assert r["P"]["percent_complete"] == pytest.approx(400 / 10)

    def test_work_weighted_percent_complete(self):
        net, wbs = _plan()
        r = rollup(schedule(net), wbs, percent_complete={"A": 100},
                   weights={"A": 8, "B": 24, "C": 0, "D": 0})
        assert r["S1"]["percent_complete"] == pytest.approx(25.0)
        assert r["S2"]["percent_complete"] == 0.0  # weights 0: the plain mean

    def test_zero_weights_use_the_mean(self):
        net = Network([Activity("m1", 0), Activity("m2", 0)])
        r = rollup(schedule(net), Wbs({"m1": "S", "m2": "S", "S": None}),
                   percent_complete={"m1": 100})
        assert r["S"]["percent_complete"] == 50.0

    def test_percent_out_of_range(self):
        net, wbs = _plan()
        with pytest.raises(ValidationError, match="percent complete of activity 'A'"):
            rollup(schedule(net), wbs, percent_complete={"A": 150})

    def test_negative_weight(self):
        net, wbs = _plan()
        with pytest.raises(ValidationError, match="weight of activity 'B'"):
            rollup(schedule(net), wbs, percent_complete={"A": 1}, weights={"B": -1})

    def test_unknown_activity_in_percent(self):
        net, wbs = _plan()
        with pytest.raises(UnknownReferenceError, match=r"'percent_complete' names unknown"):
            rollup(schedule(net), wbs, percent_complete={"Z": 1})

    def test_leaf_not_an_activity(self):
        net, _ = _plan()
        with pytest.raises(UnknownReferenceError, match="WBS leaf 'Z' is not an activity"):
            rollup(schedule(net), Wbs({"A": "S", "Z": "S", "S": None}))

    def test_summary_that_is_an_activity(self):
        net, _ = _plan()
        with pytest.raises(ValidationError, match="WBS summary 'A' is also an activity"):
            rollup(schedule(net), Wbs({"B": "A", "A": None}))

    def test_unknown_summary_lookup(self):
        net, wbs = _plan()
        r = rollup(schedule(net), wbs)
        with pytest.raises(UnknownReferenceError, match="unknown WBS summary 'A'"):
            r["A"]
        assert r.get("A") is None and "S1" in r and list(r) == ["S1", "S2", "P"]

    def test_pickles_read_only(self):
        net, wbs = _plan()
        r = rollup(schedule(net, start=MONDAY), wbs, percent_complete={"A": 10})
        back = pickle.loads(pickle.dumps(r))
        assert back == r and not back.early_start.flags.writeable
        assert not back.dates["early_start_date"].flags.writeable
        assert r != rollup(schedule(net), wbs)
        assert "WbsRollup" in repr(r)

    @requires_pandas
    def test_frame(self):
        net, wbs = _plan()
        frame = rollup(schedule(net), wbs).to_frame()
        assert frame.loc["S2", "early_finish"] == 6.0

    @given(networks(max_n=15), st.data())
    def test_summary_spans_cover_children(self, net, data):
        ids = list(net.ids)
        groups = data.draw(st.lists(st.integers(0, 2), min_size=len(ids), max_size=len(ids)))
        parents = {a: f"S{g}" for a, g in zip(ids, groups, strict=True)}
        parents.update({f"S{g}": "TOP" for g in set(groups)})
        parents["TOP"] = None
        wbs = Wbs(parents)
        s = schedule(net)
        r = rollup(s, wbs)
        for a, g in zip(ids, groups, strict=True):
            row, leaf = r[f"S{g}"], s[a]
            assert row["early_start"] <= leaf["early_start"]
            assert row["early_finish"] >= leaf["early_finish"]
            assert row["late_start"] <= leaf["late_start"]
            assert row["late_finish"] >= leaf["late_finish"]
            assert row["total_float"] <= leaf["total_float"]
        top = r["TOP"]
        assert top["early_start"] == float(s.early_start.min())
        assert top["early_finish"] == float(s.early_finish.max())
        assert top["total_float"] == float(s.total_float.min())


# ----------------------------------------------------------------------- summary links
class TestSummaryLinks:
    def test_link_into_a_summary_drives_every_leaf(self):
        wbs = Wbs({"a": "S", "b": "S", "S": None})
        net = wbs.expand_links([Activity("x", 2), Activity("a", 1), Activity("b", 3)],
                               [Dependency("x", "S", lag=1)])
        s = schedule(net)
        assert s["a"]["early_start"] == 3.0 and s["b"]["early_start"] == 3.0

    def test_finish_link_out_of_a_summary_waits_for_its_last_leaf(self):
        wbs = Wbs({"a": "S", "b": "S", "S": None})
        net = wbs.expand_links([Activity("a", 1), Activity("b", 3), Activity("y", 1)],
                               [Dependency("S", "y")])
        assert schedule(net)["y"]["early_start"] == 3.0

    def test_start_link_out_of_a_summary_follows_its_earliest_leaf(self):
        # MS Project (as MPXJ's MicrosoftScheduler reproduces it): SS from a summary
        # means from its start, the earliest start of its leaves
        wbs = Wbs({"a": "S", "b": "S", "S": None})
        net = wbs.expand_links(
            [Activity("g", 4), Activity("a", 1), Activity("b", 3), Activity("y", 1)],
            [Dependency("g", "a"), Dependency("S", "y", "SS", lag=1)])
        assert [(d.predecessor, d.successor) for d in net.dependencies] == [
            ("g", "a"), ("b", "y")]
        assert schedule(net)["y"]["early_start"] == 1.0

    def test_summary_to_summary(self):
        wbs = Wbs({"a": "S", "b": "S", "c": "T", "d": "T", "S": None, "T": None})
        net = wbs.expand_links([Activity(x, 1) for x in "abcd"], [Dependency("S", "T")])
        assert len(net.dependencies) == 4

    def test_duplicates_keep_the_binding_lag(self):
        wbs = Wbs({"a": "S", "S": None})
        net = wbs.expand_links([Activity("x", 1), Activity("a", 1)],
                               [Dependency("x", "a", lag=2), Dependency("x", "S", lag=5)])
        assert [d.lag for d in net.dependencies] == [5.0]

    def test_no_summary_link_is_the_same_network(self):
        net, wbs = _plan()
        assert wbs.expand_links(net.activities, net.dependencies) == net

    def test_link_to_own_subtask_is_refused(self):
        wbs = Wbs({"a": "S", "S": None})
        with pytest.raises(ValidationError, match=r"link S -> a .* joins a summary and a node"):
            wbs.expand_links([Activity("a", 1)], [Dependency("S", "a")])


# ---------------------------------------------------------------------- activity types
def _loe_net(kind="loe", extra=()):
    return Network(
        [Activity("A", 3), Activity("B", 2), Activity("C", 4), Activity("L", 9, kind=kind)],
        [Dependency("A", "B"), Dependency("A", "C", "SS"), Dependency("A", "L", "SS"),
         Dependency("L", "B", "FF"), *extra],
    )


class TestLevelOfEffort:
    def test_hammock_spans_from_its_start_predecessor_to_its_finish_successor(self):
        # P6 / P3 hammock: SS from the first activity, FF to the last
        s = schedule(_loe_net())
        assert (s["L"]["early_start"], s["L"]["early_finish"]) == (0.0, 5.0)
        assert (s["L"]["late_start"], s["L"]["late_finish"]) == (0.0, 5.0)
        assert s.project_duration == 5.0

    def test_loe_does_not_drive_its_successors(self):
        # as a task (duration 9) L would push B's finish to 9
        assert schedule(_loe_net("task"))["B"]["early_finish"] == 9.0
        assert schedule(_loe_net())["B"]["early_finish"] == 5.0

    def test_lags_and_several_links(self):
        extra = (Dependency("C", "L", "FF", lag=2),)
        net = Network(
            [Activity("A", 3), Activity("B", 2), Activity("C", 4), Activity("L", 1, kind="loe")],
            [Dependency("A", "B"), Dependency("A", "L", "SS", lag=1),
             Dependency("L", "B", "FF"), *extra],
        )
        s = schedule(net)  # finish candidates: B's 5, C's 4 + 2 = 6; start A's 0 + 1
        assert (s["L"]["early_start"], s["L"]["early_finish"]) == (1.0, 6.0)

    def test_loe_is_on_no_driving_path(self):
        s = schedule(_loe_net())
        assert s.driving_predecessors("B") == ("A",)
        # L's total float is 0 (it spans the critical path), but no path runs through it
        assert s.critical_paths() == (("A", "B"), ("L",))
        assert not s.has_own_calendars
        assert np.isinf(s.link_slack[2:]).all() and s.link_slack[:2].tolist() == [0.0, 0.0]
        # P6's longest path starts from what finishes last: an LOE that spans to the end
        # is flagged as such (T. Boyle, 2017), but it drives nothing upstream of itself
        longest = schedule(_loe_net(), critical="longest_path")
        assert longest.critical == ("A", "B", "L")

    def test_start_links_only_finish_at_the_start(self):
        net = Network([Activity("A", 3), Activity("L", 2, kind="loe")],
                      [Dependency("A", "L")])
        s = schedule(net)
        assert (s["L"]["early_start"], s["L"]["early_finish"]) == (3.0, 3.0)
        assert s["L"]["late_finish"] == 3.0  # the project finish

    def test_dates(self):
        s = schedule(_loe_net(), start=MONDAY)
        assert s["L"]["early_start_date"] == MONDAY
        assert s["L"]["early_finish_date"] == dt.date(2026, 3, 6)

    def test_own_calendars_and_settings_pass_through(self):
        from pmokit.calendar import WorkCalendar

        seven = WorkCalendar(weekdays=range(7))
        net = Network(
            [Activity("A", 5), Activity("B", 2, calendar=seven), Activity("L", 1, kind="loe")],
            [Dependency("A", "B"), Dependency("A", "L", "SS"), Dependency("L", "B", "FF")],
        )
        s = schedule(net, start=MONDAY, leveling_delay=None, alap="p6")
        assert s["B"]["early_finish_date"] == dt.date(2026, 3, 8)  # Saturday and Sunday
        assert s["L"]["early_start_date"] == MONDAY
        assert s.settings["alap"] == "p6"
        assert np.isinf(s.link_slack[1:]).all()  # links of an LOE drive nothing
        plain = Network([Activity("A", 5), Activity("L", 1, kind="loe")],
                        [Dependency("A", "L", "SS")])
        # a delay of 0 on an LOE delays nothing (accepted); another one is refused
        # (test_leveling_delay_of_a_level_of_effort_is_refused_misc5)
        delayed = schedule(plain, leveling_delay={"A": 1, "L": 0})
        assert delayed["A"]["early_start"] == 1.0 and delayed["L"]["early_start"] == 1.0

    def test_loe_without_links_is_named(self):
        net = Network([Activity("A", 1), Activity("L", 1, kind="loe")])
        with pytest.raises(ValidationError, match="level-of-effort activity 'L' has no links"):
            schedule(net)

    def test_bad_kind(self):
        with pytest.raises(ValidationError, match="'kind' of activity 'A' must be one of"):
            Activity("A", 1, kind="hammock")  # type: ignore[arg-type]

    def test_milestone_kind_needs_zero_duration(self):
        with pytest.raises(ValidationError,
                           match="'M' is a start_milestone so its 'duration' must be 0"):
            Activity("M", 1, kind="start_milestone")

    def test_kinds_from_a_table(self):
        net = Network.from_frame({"id": ["A", "L", "M"], "duration": [3, 0, 0],
                                  "kind": ["task", "loe", "finish_milestone"],
                                  "predecessors": ["", "A SS", "A"]})
        assert net.kinds == {1: "loe", 2: "finish_milestone"}
        with pytest.raises(ValidationError, match=r"tasks record 1, column 'kind': 'kind' of "
                                                  r"activity 'L' must be one of"):
            Network.from_records([{"id": "A", "duration": 1},
                                  {"id": "L", "duration": 1, "kind": "hammock"}])

    def test_kinds_survive_networkx(self):
        assert Network.from_networkx(_loe_net().to_networkx()).kinds == {3: "loe"}

    def test_kinds_survive_pickle_and_rebuild(self):
        net = _loe_net()
        back = pickle.loads(pickle.dumps(net))
        assert back.kinds == {3: "loe"}
        assert back.activities[3].kind == "loe"
        assert schedule(back) == schedule(net)

    @given(networks(max_n=15), st.data())
    def test_loe_never_changes_other_activities(self, net, data):
        ids = list(net.ids)
        linked = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
        types = data.draw(st.lists(st.sampled_from(("FS", "SS", "FF", "SF")),
                                   min_size=len(linked), max_size=len(linked)))
        deps = list(net.dependencies)
        half = len(linked) // 2
        for k, (a, t) in enumerate(zip(linked, types, strict=True)):
            deps.append(Dependency(a, "LOE", t) if k >= half else Dependency("LOE", a, t))
        try:
            with_loe = Network([*net.activities, Activity("LOE", 3, kind="loe")], deps)
        except CycleError:  # a successor of the LOE that leads back to a predecessor
            assume(False)
        before, after = schedule(net), schedule(with_loe)
        n = len(ids)
        for x, y in zip(_fields(before), _fields(after), strict=True):
            assert_array_equal(x, y[:n])
        assert after.project_duration == before.project_duration
        loe = after["LOE"]
        assert loe["early_finish"] >= loe["early_start"]
        assert loe["late_finish"] >= loe["late_start"]


class TestMilestones:
    def _net(self, kind):
        return Network([Activity("A", 5), Activity("M", 0, kind=kind), Activity("B", 1)],
                       [Dependency("A", "M"), Dependency("M", "B")])

    def test_finish_milestone_at_the_end_of_the_working_day(self):
        # P6: a finish milestone closes Friday's work; a start milestone opens Monday's
        s = schedule(self._net("finish_milestone"), start=MONDAY)
        assert s["M"]["early_start_date"] == dt.date(2026, 3, 6)
        assert s["M"]["late_finish_date"] == dt.date(2026, 3, 6)

    def test_start_milestone_at_the_start_of_the_next_working_day(self):
        s = schedule(self._net("start_milestone"), start=MONDAY)
        assert s["M"]["early_start_date"] == dt.date(2026, 3, 9)
        assert s["M"]["early_finish_date"] == dt.date(2026, 3, 9)

    def test_kinds_keep_the_offsets(self):
        plain = schedule(self._net("task"), start=MONDAY)
        for kind in ("start_milestone", "finish_milestone"):
            s = schedule(self._net(kind), start=MONDAY)
            for x, y in zip(_fields(plain), _fields(s), strict=True):
                assert_array_equal(x, y)
        assert schedule(self._net("task"), start=MONDAY)["M"]["early_start_date"] == dt.date(
            2026, 3, 6)


@given(networks(max_n=15))
def test_a_plan_without_wbs_or_types_schedules_as_before(net):
    # the kind field at its default changes nothing: the same network rebuilt through
    # Activity(kind="task") schedules bit for bit as the original
    again = Network([Activity(a.id, a.duration, kind="task") for a in net.activities],
                    net.dependencies)
    assert again.kinds == {}
    for x, y in zip(_fields(schedule(net)), _fields(schedule(again)), strict=True):
        assert_array_equal(x, y)
    assert np.isfinite(schedule(again).early_start).all()


class TestConsumersSpanLevelOfEffort:
    """The other consumers span LOEs as schedule() does (they refused them until issue
    15/16's windows15 branch; each has its own tests beside its module)."""

    def test_each_consumer(self):
        from pmokit.scheduling import (
            Resource,
            Triangular,
            level,
            resource_constrained_schedule,
            simulate,
            slip_impact,
        )

        net = _loe_net()
        s = schedule(net)
        span = (s["L"]["early_start"], s["L"]["early_finish"])
        r = simulate(net, {"A": Triangular(3, 3, 3)}, iterations=10, rng=1, milestones=["L"])
        assert r.milestone_finish[0].tolist() == [span[1]] * 10
        assert slip_impact(s, {"A": 1}).shift("L") == 1.0
        lv = level(net, [Resource("r", 1)])
        assert (lv["L"]["start"], lv["L"]["finish"]) == span
        rs = resource_constrained_schedule(net, [Resource("r", 1)])
        assert (rs["L"]["start"], rs["L"]["finish"]) == span


@pytest.mark.parametrize("bad", [None, "3", -1, float("nan")])
def test_leveling_delay_of_a_level_of_effort_is_checked_fuzz4(bad: object) -> None:
    """A leveling delay on an LOE was dropped unchecked (None, "3", -1 accepted); it is
    checked as a task's is. (A valid one was then dropped; since misc5 it is refused:
    test_leveling_delay_of_a_level_of_effort_is_refused_misc5.)"""
    net = Network([Activity("A", 2), Activity("B", 3), Activity("L0", 1, kind="loe")],
                  [Dependency("A", "L0", "SS"), Dependency("L0", "B", "FF")])
    with pytest.raises(ValidationError, match="leveling_delay of activity 'L0'"):
        schedule(net, leveling_delay={"L0": bad})  # type: ignore[dict-item]
    assert schedule(net, leveling_delay={"L0": 0.0}) == schedule(net)


# ------------------------------------------------- what an LOE cannot take (misc5)
def _spanned(**loe: object) -> Network:
    """A (2 d) -> B (3 d); L0 spans A's start to B's finish (SS in, FF out)."""
    return Network([Activity("A", 2), Activity("B", 3), Activity("L0", 1, kind="loe", **loe)],
                   [Dependency("A", "B"), Dependency("A", "L0", "SS"),
                    Dependency("L0", "B", "FF")])


def _same(a: object, b: object) -> None:
    """Two schedules with the same dates and floats, bit for bit."""
    for x, y in zip(_fields(a), _fields(b), strict=True):
        assert_array_equal(x, y)


_ENGINES = {
    "working days": {},
    "working days, own calendars": {"start": MONDAY, "own_calendar": True},
    "clock time": {"start": MONDAY, "clock": True},
}


def _engine(name: str, **loe: object) -> tuple[Network, dict[str, object]]:
    """The network and the keywords that run ``schedule`` on the engine ``name``."""
    from pmokit.calendar import WorkCalendar

    kw = dict(_ENGINES[name])
    if kw.pop("own_calendar", False):  # the per-activity calendar engine
        seven = WorkCalendar(weekdays=range(7))
        net = _spanned(**loe)
        acts = [a if a.id != "B" else Activity("B", 3, calendar=seven)
                for a in net.activities]
        return Network(acts, net.dependencies), kw
    return _spanned(**loe), kw


@pytest.mark.parametrize("engine", sorted(_ENGINES))
def test_leveling_delay_of_a_level_of_effort_is_refused_misc5(engine: str) -> None:
    """A valid leveling delay on an LOE was dropped silently (its span came out as without
    it); it is refused by name as an expected finish is, on every engine. A delay of 0
    delays nothing and is accepted; a task's delay still moves the LOE's span."""
    net, kw = _engine(engine)
    with pytest.raises(ValidationError,
                       match=r"leveling_delay of activity 'L0' \(2\): it is a level-of-effort "
                             r"activity, whose dates come from the activities it spans"):
        schedule(net, leveling_delay={"A": 1.0, "L0": 2.0}, **kw)  # type: ignore[arg-type]
    plain = schedule(net, **kw)  # type: ignore[arg-type]
    _same(schedule(net, leveling_delay={"L0": 0}, **kw), plain)  # type: ignore[arg-type]
    moved = schedule(net, leveling_delay={"A": 1.0, "L0": 0.0}, **kw)  # type: ignore[arg-type]
    assert moved["L0"]["early_start"] == moved["A"]["early_start"] == 1.0


@pytest.mark.parametrize("engine", sorted(_ENGINES))
@pytest.mark.parametrize("constraint", [("SNET", 4.0), ("FNLT", 9.0), ("MSO", 1.0),
                                        ("ALAP", None)])
def test_constraint_of_a_level_of_effort_is_refused_misc5(
    engine: str, constraint: tuple[str, float | None]
) -> None:
    """A constraint on an LOE was dropped silently by schedule (and simulate): an SNET 4
    left its start at 0. P6 assigns no constraint to an LOE (its links set its dates);
    ``level`` and ``resource_constrained_schedule`` refused a dated one already. ASAP,
    the default, is no constraint and is accepted."""
    from pmokit.scheduling import Constraint

    kind, at = constraint
    net, kw = _engine(engine, constraint=Constraint(kind, at))
    with pytest.raises(ValidationError,
                       match=rf"^level-of-effort activity 'L0' has a {kind} "
                             r"constraint; an LOE's dates come from its links only"):
        schedule(net, **kw)  # type: ignore[arg-type]
    asap, _ = _engine(engine, constraint=Constraint("ASAP"))
    _same(schedule(asap, **kw), schedule(_engine(engine)[0], **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["SNET", "ALAP"])
def test_constraint_of_a_level_of_effort_refused_by_the_other_engines_misc5(kind: str) -> None:
    """simulate dropped an LOE's constraint silently; level and
    resource_constrained_schedule dropped an ALAP one (they refused dated ones)."""
    from pmokit.scheduling import (
        Constraint,
        Resource,
        Triangular,
        level,
        resource_constrained_schedule,
        simulate,
    )

    net = _spanned(constraint=Constraint(kind, 4.0 if kind == "SNET" else None))
    with pytest.raises(ValidationError, match=rf"simulate: level-of-effort activity 'L0' has "
                                              rf"a {kind} constraint"):
        simulate(net, {"A": Triangular(1, 2, 3)}, iterations=10, rng=1)
    with pytest.raises(ValidationError, match=rf"'L0' has a {kind} constraint"):
        level(net, [Resource("r", 1)])
    with pytest.raises(ValidationError, match=rf"'L0' has a {kind} constraint"):
        resource_constrained_schedule(net, [Resource("r", 1)])


def test_assignments_of_a_level_of_effort_are_refused_by_name_misc5() -> None:
    """Assignments naming an LOE were refused as an *unknown* activity (the message listed
    the known ones without it); they are refused as an LOE's."""
    from pmokit.calendar import WorkCalendar

    net = _spanned()
    with pytest.raises(ValidationError,
                       match=r"assignments of activity 'L0': it is a level-of-effort "
                             r"activity") as info:
        schedule(net, start=MONDAY, clock=True, assignments={"L0": [(WorkCalendar(), 1.0)]})
    assert not isinstance(info.value, UnknownReferenceError)


def test_everything_a_level_of_effort_cannot_take_in_one_error_misc5() -> None:
    """Each refusal is collected: an expected finish, a leveling delay and a constraint
    on LOEs come back together, each named."""
    from pmokit.scheduling import Constraint

    net = Network([*_spanned().activities,
                   Activity("L1", 0, kind="loe", constraint=Constraint("SNET", 2.0))],
                  [*_spanned().dependencies, Dependency("A", "L1", "SS")])
    with pytest.raises(ValidationError) as info:
        schedule(net, expected_finish={"L0": 3.0}, leveling_delay={"L0": 1.0})
    text = str(info.value)
    for part in ("expected_finish of activity 'L0'", "leveling_delay of activity 'L0' (1)",
                 "'L1' has a SNET constraint"):
        assert part in text
