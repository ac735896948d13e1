"""Tests of slip_impact: incremental, and equal to a full recompute."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit.errors import CycleError, UnknownReferenceError, ValidationError
from pmokit.scheduling import Activity, Constraint, Dependency, Network, schedule
from pmokit.scheduling._slip import slip_impact
from tests._hypothesis import examples
from tests.scheduling._nets import networks, random_arrays


def _recompute(net: Network, delays: dict[str, float], mode: str) -> tuple[np.ndarray, ...]:
    acts = []
    base = schedule(net, method="levels")
    for a in net.activities:
        if a.id in delays:
            if mode == "duration":
                a = attrs.evolve(a, duration=a.duration + delays[a.id])
            else:
                at = float(base[a.id]["early_start"]) + delays[a.id]
                if a.constraint is not None and a.constraint.kind.value in ("SNET", "MSO"):
                    at = max(at, float(a.constraint.at))  # type: ignore[arg-type]
                a = attrs.evolve(a, constraint=Constraint("SNET", at))
        acts.append(a)
    s = schedule(Network(acts, net.dependencies), method="levels")
    return s.early_start, s.early_finish, np.array(s.project_duration)


def _check(net: Network, delays: dict[str, float], mode: str) -> None:
    s = schedule(net, method="levels")
    imp = slip_impact(s, delays, mode=mode)  # type: ignore[arg-type]
    es, ef, dur = _recompute(net, delays, mode)
    new_es = s.early_start.copy()
    new_ef = s.early_finish.copy()
    idx = [s.index_of(a) for a in imp.ids]
    new_es[idx] = imp.early_start
    new_ef[idx] = imp.early_finish
    assert_array_equal(new_es, es)
    assert_array_equal(new_ef, ef)
    assert imp.project_duration == dur
    # only moved activities are listed
    moved = (es != s.early_start) | (ef != s.early_finish)
    assert set(imp.ids) == {s.ids[i] for i in np.flatnonzero(moved)}
    assert_array_equal(imp.finish_shift, ef[idx] - s.early_finish[idx])


class TestEqualsRecompute:
    """slip_impact equals a full recompute, bit for bit."""

    @settings(max_examples=examples(150), deadline=None)
    @given(networks(), st.data())
    def test_random_networks(self, net: Network, data: st.DataObject) -> None:
        """Random networks with every link type, leads, lags, milestones; both modes."""
        ids = data.draw(st.lists(st.sampled_from(net.ids), min_size=1, max_size=3,
                                 unique=True))
        delays = {a: data.draw(st.integers(0, 12)) / 2 for a in ids}
        mode = data.draw(st.sampled_from(["duration", "start"]))
        _check(net, delays, mode)

    def test_large_network_both_paths(self) -> None:
        """On 20,000 activities: small walks and the switch to a full pass agree with a
        recompute."""
        rng = np.random.default_rng(11)
        net = Network.from_arrays(*random_arrays(20_000, rng), link_by="position")
        s = schedule(net)
        crit = list(s.critical[:1])
        for a in [*crit, "A19000", "A500", "A0"]:
            _check(net, {a: 7.0}, "duration")
        imp = slip_impact(s, {"A0": 50.0}, mode="start")
        assert imp.visited == net.compiled.n  # spread too far: full pass

    def test_with_constraints(self) -> None:
        """Start constraints take part in the recompute."""
        net = Network(
            [Activity("A", 3), Activity("B", 2, constraint=Constraint("SNET", 6)),
             Activity("C", 1)],
            [Dependency("A", "B"), Dependency("B", "C")],
        )
        _check(net, {"A": 2}, "duration")
        _check(net, {"A": 5}, "duration")
        imp = slip_impact(schedule(net), {"A": 2})
        assert imp.ids == ("A",)  # B's constraint absorbs the slip

    def test_alap_recomputes_in_full(self) -> None:
        """With ALAP activities the result still equals a recompute."""
        net = Network(
            [Activity("A", 10), Activity("B", 2, constraint=Constraint("ALAP")),
             Activity("C", 1), Activity("D", 1)],
            [Dependency("A", "D"), Dependency("B", "C"), Dependency("C", "D")],
        )
        imp = slip_impact(schedule(net), {"A": 3})
        full = schedule(Network([attrs.evolve(net["A"], duration=13), *net.activities[1:]],
                                net.dependencies))
        assert imp.shift("B") == full["B"]["early_finish"] - schedule(net)["B"]["early_finish"]
        assert imp.project_duration == full.project_duration


    def test_finish_constraint_with_longer_duration(self) -> None:
        """Regression: an FNET or MFO activity that gets longer starts earlier (its bound
        is the constraint time minus the new duration), as in a recompute."""
        for kind in ("FNET", "MFO"):
            net = Network(
                [Activity("A", 4, constraint=Constraint(kind, 10)), Activity("B", 1)],
                [Dependency("A", "B")],
            )
            _check(net, {"A": 3}, "duration")
            imp = slip_impact(schedule(net), {"A": 3})
            assert imp.ids == ("A",) and imp.start_shift.tolist() == [-3.0]
            assert imp.project_delay == 0

    @settings(max_examples=examples(80), deadline=None)
    @given(networks(max_n=12), st.data())
    def test_random_constraints_and_deadline(self, net: Network, data: st.DataObject) -> None:
        """Random constraints of every kind and a deadline: still equal to a recompute
        (ALAP activities, whose place depends on the deadline, included)."""
        kinds = ["ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
        acts = []
        for a in net.activities:
            if data.draw(st.booleans()):
                kind = data.draw(st.sampled_from(kinds))
                a = attrs.evolve(a, constraint=Constraint(kind, data.draw(st.integers(0, 30)) / 2))
            acts.append(a)
        cnet = Network(acts, net.dependencies)
        deadline = data.draw(st.none() | st.integers(0, 40))
        delays = {a: data.draw(st.integers(0, 8)) / 2
                  for a in data.draw(st.lists(st.sampled_from(cnet.ids), min_size=1,
                                              max_size=3, unique=True))}
        s = schedule(cnet, deadline=deadline)
        imp = slip_impact(s, delays)
        longer = [attrs.evolve(a, duration=a.duration + delays.get(a.id, 0.0)) for a in acts]
        full = schedule(Network(longer, cnet.dependencies), deadline=deadline)
        es = s.early_start.copy()
        es[[s.index_of(a) for a in imp.ids]] = imp.early_start
        assert_array_equal(es, full.early_start)
        assert imp.project_duration == full.project_duration


    def test_dijkstra_baseline_on_decimals(self) -> None:
        """Regression: on a deep network in tenths of a day (Dijkstra engine, exact values
        rounded once) the walk's float sums differ from the baseline by ~1e-12, which used
        to be reported as hundreds of spurious moves; now only real moves are."""
        rng = np.random.default_rng(5)
        ids, dur, pred, succ, types, lag = random_arrays(3000, rng, window=4)
        net = Network.from_arrays(ids, dur * 0.1, pred, succ, types, lag * 0.1, link_by="position")
        s = schedule(net)
        for a in ("A1200", "A2000", "A10"):
            imp = slip_impact(s, {a: 0.5})
            d2 = net.compiled.duration.copy()
            d2[net.compiled.index[a]] += 0.5
            full = schedule(Network.from_arrays(ids, d2, pred, succ, types, lag * 0.1,
                link_by="position"),
                            method="levels")
            moved = (np.abs(full.early_start - s.early_start) > 1e-9) | (
                np.abs(full.early_finish - s.early_finish) > 1e-9)
            assert set(imp.ids) == {ids[i] for i in np.flatnonzero(moved)}
            idx = [s.index_of(x) for x in imp.ids]
            np.testing.assert_allclose(imp.early_start, full.early_start[idx], atol=1e-9)


    @settings(max_examples=examples(80), deadline=None)
    @given(networks(max_n=12), st.data())
    def test_start_mode_keeps_constraints(self, net: Network, data: st.DataObject) -> None:
        """Regression: ``mode="start"`` on networks with ALAP activities replaced a delayed
        activity's own constraint (an FNLT, say) by the SNET bound, which moved late dates
        and so ALAP activities. Reference: a milestone with the SNET bound linked SS to the
        delayed activity, which keeps its constraint."""
        kinds = ["ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
        acts = []
        for a in net.activities:
            if data.draw(st.booleans()):
                kind = data.draw(st.sampled_from(kinds))
                a = attrs.evolve(a, constraint=Constraint(kind, data.draw(st.integers(0, 30)) / 2))
            acts.append(a)
        cnet = Network(acts, net.dependencies)
        deadline = data.draw(st.none() | st.integers(0, 40))
        delays = {a: data.draw(st.integers(1, 8)) / 2
                  for a in data.draw(st.lists(st.sampled_from(cnet.ids), min_size=1,
                                              max_size=3, unique=True))}
        s = schedule(cnet, deadline=deadline)
        imp = slip_impact(s, delays, mode="start")
        marks = [Activity(f"x{a}", 0, constraint=Constraint(
            "SNET", float(s[a]["early_start"]) + v)) for a, v in delays.items()]
        ref = schedule(Network([*acts, *marks], [*cnet.dependencies,
                                                 *(Dependency(f"x{a}", a, "SS") for a in delays)]),
                       deadline=deadline)
        es = s.early_start.copy()
        es[[s.index_of(a) for a in imp.ids]] = imp.early_start
        assert_array_equal(es, ref.early_start[: len(acts)])
        assert imp.project_duration == ref.project_duration


class TestSemantics:
    """What the result says."""

    def _net(self) -> Network:
        return Network(
            [Activity("A", 3), Activity("B", 5), Activity("C", 2), Activity("GO", 0),
             Activity("D", 1)],
            [Dependency("A", "C"), Dependency("B", "C"), Dependency("C", "GO"),
             Dependency("A", "D", "SS")],
        )

    def test_float_absorbs(self) -> None:
        """A slip within free float moves only the activity itself."""
        imp = slip_impact(schedule(self._net()), {"A": 2})
        assert imp.ids == ("A",) and imp.project_delay == 0 and imp.milestones == ()

    def test_duration_vs_start(self) -> None:
        """A longer A does not move its SS successor D; a later start does."""
        s = schedule(self._net())
        assert "D" not in slip_impact(s, {"A": 4}).ids
        imp = slip_impact(s, {"A": 4}, mode="start")
        assert imp.shift("D") == 4 and imp.shift("GO") == 2 and imp.milestones == ("GO",)
        assert imp.shift("B") == 0

    def test_dates_and_records(self) -> None:
        """New finish dates when the schedule has dates; records per moved activity."""
        s = schedule(self._net(), start=dt.date(2026, 11, 23))
        imp = slip_impact(s, {"B": 1})
        recs = imp.to_records()
        assert [r["id"] for r in recs] == ["B", "C", "GO"]
        assert recs[2]["milestone"] and recs[2]["early_finish_date"] == dt.date(2026, 12, 3)
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        assert list(imp.to_frame().index) == ["B", "C", "GO"]

    def test_zero_delay(self) -> None:
        """A zero delay moves nothing."""
        imp = slip_impact(schedule(self._net()), {"B": 0})
        assert imp.ids == () and imp.project_delay == 0

    def test_bad_input(self) -> None:
        """Unknown ids are all listed; bad delays name the activity; bad mode."""
        s = schedule(self._net())
        with pytest.raises(UnknownReferenceError) as info:
            slip_impact(s, {"X": 1, "Y": 2})
        assert info.value.unknown == ("X", "Y")
        with pytest.raises(ValidationError) as info2:
            slip_impact(s, {"A": -1, "B": float("nan")})
        assert len(info2.value.problems) == 2 and "delay of activity 'A'" in str(info2.value)
        with pytest.raises(ValidationError, match="'mode' must be one of"):
            slip_impact(s, {"A": 1}, mode="finish")  # type: ignore[arg-type]


class TestIssue14:
    """Issue 14: slip, cross-project and bottleneck results follow the mapping and pickle
    conventions."""

    @staticmethod
    def sched():  # type: ignore[no-untyped-def]
        acts = [Activity("A", 3, project="P1"), Activity("B", 2, project="P1"),
                Activity("M", 0, project="P2"), Activity("C", 1, project="P2")]
        deps = [Dependency("A", "B"), Dependency("B", "M"), Dependency("M", "C")]
        return schedule(Network(acts, deps), start=dt.date(2026, 11, 23))

    def test_slip_impact_mapping_and_pickle(self) -> None:
        """Moved activities by id; the delays are a read-only copy; pickle is equal."""
        import copy
        import pickle

        delays = {"A": 2.0}
        imp = slip_impact(self.sched(), delays)
        delays["A"] = 9.0
        assert imp.delays["A"] == 2.0
        with pytest.raises(TypeError):
            imp.delays["A"] = 3.0  # type: ignore[index]
        assert list(imp) == ["A", "B", "M", "C"] and imp["M"]["finish_shift"] == 2.0
        assert "A" in imp and len(imp) == 4 and imp.get("Z") is None
        with pytest.raises(UnknownReferenceError):
            imp["Z"]
        for clone in (pickle.loads(pickle.dumps(imp, protocol=4)), copy.deepcopy(imp)):
            assert clone == imp and not clone.finish_shift.flags.writeable

    def test_cross_project_and_bottlenecks_pickle(self) -> None:
        """CrossProjectView and BottleneckRanking pickle and deep-copy equal, read-only."""
        import copy
        import pickle

        from pmokit.scheduling import bottlenecks, cross_project

        s = self.sched()
        for res in (cross_project(s), bottlenecks(s)):
            for clone in (pickle.loads(pickle.dumps(res, protocol=4)), copy.deepcopy(res)):
                assert clone == res
                assert not clone.total_float.flags.writeable
        rank = bottlenecks(s)
        assert list(rank) == list(rank.ids) and rank[rank.ids[0]]["rank"] == 1
        with pytest.raises(UnknownReferenceError):
            rank["Z"]

    def test_cross_project_view_is_a_mapping(self) -> None:
        """Rows by project; an unknown project is an UnknownReferenceError (a KeyError)."""
        from pmokit.scheduling import cross_project

        view = cross_project(self.sched())
        assert list(view) == ["P1", "P2"] and len(view) == 2 and "P2" in view
        assert view["P2"]["blockers"] == "P1" and view.get("P9") is None
        assert view.to_records()[1] == view["P2"]
        with pytest.raises(UnknownReferenceError):
            view["P9"]
        with pytest.raises(UnknownReferenceError):
            view.blockers([])  # type: ignore[arg-type]

    def test_delays_must_be_a_mapping(self) -> None:
        """A list of ids for ``delays`` is refused by name (it iterated the ids)."""
        with pytest.raises(ValidationError, match="'delays' must be a mapping"):
            slip_impact(self.sched(), ["A"])  # type: ignore[arg-type]


def test_slip_impact_refuses_non_default_settings() -> None:
    """slip_impact follows the default rules only: a schedule made with P6's ALAP, a
    must-finish-by date, honored constraints or mandatory constraints is refused by name
    (issue 15 item 4; its answer would silently differ from a full recompute)."""
    net = Network([Activity("A", 3), Activity("B", 2, constraint=Constraint("ALAP"))],
                  [Dependency("A", "B")])
    with pytest.raises(ValidationError, match=r"default settings only.*'alap': 'p6'"):
        slip_impact(schedule(net, alap="p6"), {"A": 1})
    with pytest.raises(ValidationError, match="must_finish_by"):
        slip_impact(schedule(net, must_finish_by=9), {"A": 1})
    hard = Network([Activity("A", 3), Activity("B", 2, constraint=Constraint("MSO", 1,
                                                                           mandatory=True))],
                   [Dependency("A", "B")])
    with pytest.raises(ValidationError, match=r"mandatory constraints: \['B'\]"):
        slip_impact(schedule(hard), {"A": 1})
    assert slip_impact(schedule(net), {"A": 1}).project_delay == 1.0


class TestPercentLags:
    """A percent lag is a share of its predecessor's duration: a slipped duration moves
    it (slip_impact used to refuse such networks)."""

    @settings(max_examples=examples(100), deadline=None)
    @given(networks(), st.data())
    def test_equals_recompute(self, net: Network, data: st.DataObject) -> None:
        """Random networks with some lags made percent lags (leads too): bit for bit a
        full recompute of the network with the slipped durations, both modes."""
        deps = [attrs.evolve(d, lag=float(data.draw(st.integers(-80, 150))),
                             lag_kind="percent") if data.draw(st.booleans()) else d
                for d in net.dependencies]
        net = Network(net.activities, deps)
        ids = data.draw(st.lists(st.sampled_from(net.ids), min_size=1, max_size=3,
                                 unique=True))
        delays = {a: data.draw(st.integers(0, 12)) / 2 for a in ids}
        _check(net, delays, data.draw(st.sampled_from(["duration", "start"])))

    def test_hand_case_and_full_pass(self) -> None:
        """A(4) -SS 50%-> B: A lengthened by 2 starts B at 3 (50% of 6), not 2; on a
        long chain of such links the full pass (past the walk's limit) agrees too."""
        net = Network([Activity("A", 4), Activity("B", 1)],
                      [Dependency("A", "B", "SS", lag=50, lag_kind="percent")])
        imp = slip_impact(schedule(net), {"A": 2})
        assert imp["B"]["early_start"] == 3.0
        n = 6000
        acts = [Activity(f"A{i}", float(1 + i % 7)) for i in range(n)]
        deps = [Dependency(f"A{i}", f"A{i + 1}", "SS", lag=50, lag_kind="percent")
                for i in range(n - 1)]
        chain = Network(acts, deps)
        _check(chain, {"A0": 3.0}, "duration")
        assert slip_impact(schedule(chain), {"A0": 3.0}).visited == n


def _loe_net() -> Network:
    # L spans from A's start (SS) to B's finish (FF); C runs beside B
    return Network(
        [Activity("A", 3), Activity("B", 2), Activity("C", 4), Activity("L", 9, kind="loe")],
        [Dependency("A", "B"), Dependency("A", "C", "SS"), Dependency("A", "L", "SS"),
         Dependency("L", "B", "FF")],
    )


class TestLevelOfEffort:
    """An LOE's span follows the slipped activities; it drives nothing."""

    def test_loe_span_follows_a_slip(self) -> None:
        """A takes 2 days longer: B finishes 2 later, and so does L (its FF successor)."""
        im = slip_impact(schedule(_loe_net()), {"A": 2})
        assert im.ids == ("A", "B", "L")
        assert im.start_shift.tolist() == [0.0, 2.0, 0.0]
        assert im.finish_shift.tolist() == [2.0, 2.0, 2.0]
        assert im.project_delay == 2.0
        assert im.milestones == ()
        moved = slip_impact(schedule(_loe_net()), {"A": 2}, mode="start")
        assert moved.ids == ("A", "B", "C", "L")
        assert moved.start_shift.tolist() == [2.0, 2.0, 2.0, 2.0]

    @settings(max_examples=examples(40), deadline=None)
    @given(networks(max_n=10), st.data())
    def test_others_move_as_without_the_loe(self, net: Network, data: st.DataObject) -> None:
        """Every activity but the LOE shifts exactly as in the network without it, and
        the LOE's new span is the one schedule() gives the slipped network."""
        acts = net.activities
        i = data.draw(st.integers(0, len(acts) - 1))
        j = data.draw(st.integers(0, len(acts) - 1))
        k = data.draw(st.integers(0, len(acts) - 1))
        mode = data.draw(st.sampled_from(["duration", "start"]))
        delays = {acts[k].id: 2.5}
        try:
            with_loe = Network([*acts, Activity("L", 50, kind="loe")],
                               [*net.dependencies, Dependency(acts[i].id, "L", "SS"),
                                Dependency("L", acts[j].id, "FF")])
        except CycleError:  # a link pair that closes a cycle through the LOE
            return
        a = slip_impact(schedule(with_loe), delays, mode=mode)  # type: ignore[arg-type]
        b = slip_impact(schedule(net), delays, mode=mode)  # type: ignore[arg-type]
        others = [x for x in a.ids if x != "L"]
        assert others == list(b.ids)
        for x in others:
            assert a.shift(x) == pytest.approx(b.shift(x))
        assert a.project_duration == pytest.approx(b.project_duration)

    def test_refusals_name_the_activity(self) -> None:
        """A delay on the LOE itself is refused with the reason."""
        with pytest.raises(ValidationError, match="level-of-effort activity 'L': its duration"):
            slip_impact(schedule(_loe_net()), {"L": 1})
