"""Resource levelling: hand-checked smoothing and the invariants it promises."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import ValidationError
from pmokit.scheduling import (
    Activity,
    Constraint,
    Dependency,
    LevelledSchedule,
    Network,
    Resource,
    level,
    resource_constrained_schedule,
    schedule,
)
from tests._hypothesis import examples
from tests.scheduling.test_rcpsp import problems


def links_hold(net: Network, start: dict[str, float]) -> bool:
    """Every link of every type, with its lag."""
    dur = {a.id: a.duration for a in net.activities}
    for d in net.dependencies:
        p, s = d.predecessor, d.successor
        ref_p = start[p] + (dur[p] if d.type.value[0] == "F" else 0.0)
        ref_s = start[s] + (dur[s] if d.type.value[1] == "F" else 0.0)
        if ref_s < ref_p + d.lag - 1e-9:
            return False
    return all(v >= -1e-9 for v in start.values())


class TestHandChecked:
    """Small cases worked out by hand."""

    def test_two_parallel_jobs_spread_over_float(self) -> None:
        """X and Y (2 devs each) both at day 0 give a peak of 4; one moves into the float."""
        net = Network([Activity("X", 2, demands={"dev": 2}),
                       Activity("Y", 2, demands={"dev": 2}), Activity("Z", 4)])
        lv = level(net, [Resource("dev", 4)])
        assert_allclose(lv.usage_before, [[4, 4, 0, 0]])
        assert_allclose(lv.usage, [[2, 2, 2, 2]])
        assert lv.squares_before == 32.0 and lv.squares == 16.0
        assert lv.moved == ("X",) and lv.shift.tolist() == [2.0, 0.0, 0.0]
        assert lv.to_records()[0] == {"id": "X", "start": 2.0, "finish": 4.0, "shift": 2.0}
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        assert list(lv.to_frame().columns) == ["start", "finish", "shift"]

    def test_links_limit_the_window(self) -> None:
        """B -> C (FS): C can slide but B cannot pass C; the finish stays at 6."""
        net = Network(
            [Activity("A", 6, demands={"dev": 1}), Activity("B", 2, demands={"dev": 1}),
             Activity("C", 2, demands={"dev": 1}), Activity("D", 2, demands={"dev": 1})],
            [Dependency("B", "C")],
        )
        lv = level(net, [Resource("dev", 5)])
        # early: A+B+D = 3 on days 0-1, A+C = 2 on days 2-3, A = 1 on 4-5 -> smooth 2,2,2
        assert_allclose(lv.usage, [[2, 2, 2, 2, 2, 2]])
        assert lv.makespan == 6.0
        start = dict(zip(lv.ids, lv.start.tolist(), strict=True))
        assert start["C"] >= start["B"] + 2

    def test_peak_objective(self) -> None:
        """Minimising the peak also gets 2 here."""
        net = Network([Activity("X", 2, demands={"dev": 2}),
                       Activity("Y", 2, demands={"dev": 2}), Activity("Z", 4)])
        lv = level(schedule(net), [Resource("dev", 4)], objective="peak")
        assert lv.peak_before.tolist() == [4.0] and lv.peak.tolist() == [2.0]

    def test_peak_objective_trades_squares_for_peaks(self) -> None:
        """With "peak", lowering R0's peak may raise the squares (documented): the sum of
        peaks falls 7 -> 6 and the squares rise 28 -> 30; "squares" keeps the 28."""
        net = Network([
            Activity("X", 1, demands={"R0": 1, "R1": 1}),
            Activity("Y", 2, demands={"R1": 2, "R2": 2}, constraint=Constraint("SNET", 1.0)),
            Activity("Z", 2, demands={"R0": 1, "R2": 1}),
        ])
        res = [Resource("R0", 2), Resource("R1", 2), Resource("R2", 3)]
        lv = level(net, res, objective="peak")
        # by hand: X, Z at 0 and Y at 1 give R0 2,1,0; R1 1,2,2; R2 1,3,2 (squares 5+9+14);
        # Z at 1 gives R0 1,1,1; R2 0,3,3 (squares 3+9+18); X cannot move (R1 would be 3)
        assert_allclose(lv.usage_before, [[2, 1, 0], [1, 2, 2], [1, 3, 2]])
        assert_allclose(lv.usage, [[1, 1, 1], [1, 2, 2], [0, 3, 3]])
        assert lv.moved == ("Z",)
        assert lv.peak_before.tolist() == [2.0, 2.0, 3.0] and lv.peak.tolist() == [1.0, 2.0, 3.0]
        assert lv.squares_before == 28.0 and lv.squares == 30.0
        sq = level(net, res, objective="squares")
        assert sq.moved == () and sq.squares == 28.0 and sq.peak.tolist() == [2.0, 2.0, 3.0]

    def test_deadline_allows_a_later_finish(self) -> None:
        """Without keep_finish and with a deadline of 4 days, two 2-day jobs go in series."""
        net = Network([Activity("X", 2, demands={"dev": 2}), Activity("Y", 2,
                                                                       demands={"dev": 2})])
        kept = level(net, [Resource("dev", 4)])
        assert kept.peak.tolist() == [4.0] and kept.makespan == 2.0
        late = level(net, [Resource("dev", 4)], keep_finish=False, deadline=4)
        assert late.peak.tolist() == [2.0] and late.makespan == 4.0 and late.deadline == 4.0


class TestDateConstraints:
    """Levelling keeps date constraints (found by the review of issue 5: an SNET activity
    was moved before its date)."""

    def test_snet_and_fnlt_bound_the_moves(self) -> None:
        """Y may not start before day 2 (SNET) and V must finish by day 3 (FNLT)."""
        import datetime as dt

        from pmokit.calendar import WorkCalendar
        from pmokit.scheduling import Constraint

        acts = [
            Activity("Y", 2, demands={"dev": 2}, constraint=Constraint("SNET", 2.0)),
            Activity("W", 2, demands={"dev": 2}, constraint=Constraint("SNET", 2.0)),
            Activity("Z", 8),
        ]
        net = Network(acts)
        for src in (net, schedule(net)):
            lv = level(src, [Resource("dev", 4)])
            assert lv.start.min() >= 0 and lv.start[:2].min() >= 2.0
            assert lv.peak.tolist() == [2.0]
        fn = Network([Activity("X", 2, demands={"dev": 2}),
                      Activity("V", 2, demands={"dev": 2}, constraint=Constraint("FNLT", 3.0)),
                      Activity("Z", 8)])
        lv = level(fn, [Resource("dev", 4)])
        assert lv.finish[1] <= 3.0 and lv.peak.tolist() == [2.0]
        # a date constraint, through a Schedule with a start and calendar
        monday = dt.date(2026, 1, 5)
        dated = Network([
            Activity("Y", 2, demands={"dev": 2},
                     constraint=Constraint("SNET", dt.date(2026, 1, 7))),
            Activity("W", 2, demands={"dev": 2},
                     constraint=Constraint("SNET", dt.date(2026, 1, 7))),
            Activity("Z", 8),
        ])
        sch = schedule(dated, start=monday, calendar=WorkCalendar())
        lv = level(sch, [Resource("dev", 4)])
        assert lv.start[:2].min() >= 2.0 and lv.peak.tolist() == [2.0]


def trade_off() -> tuple[Network, list[Resource]]:
    """The Hypothesis example where ``"peak"`` raised the squares from 28 to 30.

    Serial RCPSP starts A4 and A9 at 0 and A5 at 1 (milestones at 0); moving A9 to day 1
    lowers R0's peak from 2 to 1 and fills R2's day 2 (R2: 1, 3, 2 -> 0, 3, 3).
    """
    dem = {4: {"R0": 1, "R1": 1}, 5: {"R1": 2, "R2": 2}, 9: {"R0": 1, "R2": 1}}
    dur = {4: 1.0, 5: 2.0, 9: 2.0}
    acts = [Activity(f"A{i}", dur.get(i, 0.0),
                     demands=dem.get(i, {"R0": 0, "R1": 0, "R2": 0})) for i in range(11)]
    return Network(acts), [Resource("R0", 2), Resource("R1", 2), Resource("R2", 3)]


class TestInvariants:
    """Never moves the finish, never raises a peak, keeps links and capacity; the
    objective never worsens: squares for "squares", (sum of peaks, squares) in
    lexicographic order for "peak"."""

    # 40 examples in the default profile, 400 with PMOKIT_HYPOTHESIS=thorough (a fixed
    # max_examples=40 ignored the profile, so the thorough hunt never ran here)
    @settings(max_examples=examples(40))
    @given(problems(), st.sampled_from(["squares", "peak"]), st.booleans())
    @example(trade_off(), "peak", True)  # the squares rose 28 -> 30 while the peaks fell
    def test_invariants(self, prob: tuple[Network, list[Resource]], objective: str,
                        from_rcpsp: bool) -> None:
        """Finish, peaks, links, capacity and the objective all behave."""
        net, res = prob
        src = (
            resource_constrained_schedule(net, res, method="serial") if from_rcpsp else net
        )
        lv = level(src, res, objective=objective)  # type: ignore[arg-type]
        assert isinstance(lv, LevelledSchedule)
        before_finish = src.makespan if from_rcpsp else schedule(net).project_duration  # type: ignore[union-attr]
        assert lv.makespan <= before_finish + 1e-9
        assert (lv.peak <= lv.peak_before + 1e-9).all()
        if objective == "squares":
            assert lv.squares <= lv.squares_before + 1e-9
        else:  # the documented order: the sum of peaks first, the squares on a tie
            peaks, peaks_before = float(lv.peak.sum()), float(lv.peak_before.sum())
            assert peaks <= peaks_before + 1e-9
            assert peaks < peaks_before - 1e-9 or lv.squares <= lv.squares_before + 1e-9
        assert links_hold(net, dict(zip(lv.ids, lv.start.tolist(), strict=True)))
        if from_rcpsp:  # a resource-feasible schedule stays feasible
            for k, r in enumerate(res):
                for t in range(lv.usage.shape[1]):
                    day = int(t * lv.period + 1e-9)
                    assert lv.usage[k, t] <= r.capacity_at(day) + 1e-9


class TestErrors:
    """Bad options are named."""

    def test_options(self) -> None:
        """Objective, passes and a missing deadline reported together."""
        net = Network([Activity("X", 2)])
        with pytest.raises(ValidationError) as exc:
            level(net, [], keep_finish=False, objective="flat", max_passes=0)  # type: ignore[arg-type]
        assert len(exc.value.problems) == 3

    def test_deadline_too_early(self) -> None:
        """A deadline before the current finish is refused."""
        net = Network([Activity("X", 5)])
        with pytest.raises(ValidationError, match="must not be before"):
            level(net, [], keep_finish=False, deadline=3)

    def test_numpy_integer_passes(self) -> None:
        """max_passes may be any integer type (np.int64 was refused)."""
        import numpy as np

        lv = level(Network([Activity("X", 2)]), [], max_passes=np.int64(3))  # type: ignore[arg-type]
        assert lv.passes == 1

    def test_bad_source(self) -> None:
        """The source must be a network or a schedule."""
        with pytest.raises(ValidationError, match="'source' must be"):
            level([1, 2], [])  # type: ignore[arg-type]


class TestIssue14:
    """Issue 14: flags take only bools; the result is a mapping and pickles equal."""

    @staticmethod
    def net() -> tuple[Network, list[Resource]]:
        acts = [Activity("A", 2, demands={"r": 1}), Activity("B", 1, demands={"r": 1}),
                Activity("C", 4)]
        return Network(acts, [Dependency("A", "C")]), [Resource("r", 2)]

    @pytest.mark.parametrize("bad", ["no", 0, None])
    def test_keep_finish_takes_only_bools(self, bad: object) -> None:
        """``keep_finish='no'`` was read as True."""
        net, res = self.net()
        with pytest.raises(ValidationError, match="'keep_finish' must be True or False"):
            level(net, res, keep_finish=bad)  # type: ignore[arg-type]

    def test_mapping_and_pickle(self) -> None:
        """Rows by id, unknown ids refused as KeyError, pickle and deepcopy equal."""
        import copy
        import pickle

        net, res = self.net()
        lv = level(net, res)
        assert list(lv) == ["A", "B", "C"] and lv["C"]["finish"] == lv.finish[2]
        assert "Z" not in lv and lv.get("Z") is None
        with pytest.raises(KeyError):
            lv["Z"]
        for clone in (pickle.loads(pickle.dumps(lv, protocol=4)), copy.deepcopy(lv)):
            assert clone == lv and not clone.usage.flags.writeable


class TestLevelOfEffort:
    """An LOE is never moved and bounds nothing: the rest is levelled, the LOE spans it."""

    def net(self, **loe: object) -> Network:
        # L spans from Y's start (SS) to X's finish (FF)
        return Network(
            [Activity("X", 2, demands={"dev": 2}), Activity("Y", 2, demands={"dev": 2}),
             Activity("Z", 4), Activity("L", 1, kind="loe", **loe)],  # type: ignore[arg-type]
            [Dependency("Y", "L", "SS"), Dependency("L", "X", "FF")],
        )

    def test_loe_follows_the_levelled_dates(self) -> None:
        """X moves to day 2 (as without L); L then spans Y's start to X's new finish."""
        lv = level(self.net(), [Resource("dev", 4)])
        assert lv.ids == ("X", "Y", "Z", "L")
        assert lv.start.tolist() == [2.0, 0.0, 0.0, 0.0]
        assert lv.finish.tolist() == [4.0, 2.0, 4.0, 4.0]
        assert lv.shift.tolist() == [2.0, 0.0, 0.0, 0.0]
        assert lv.usage.tolist() == [[2.0, 2.0, 2.0, 2.0]]

    @pytest.mark.parametrize("kind", ["network", "schedule", "resource_schedule"])
    def test_same_moves_as_without_the_loe(self, kind: str) -> None:
        """The other activities level exactly as in the network without the LOE."""
        net = self.net()
        plain = Network(net.activities[:3])
        res = [Resource("dev", 4)]

        def src(n: Network) -> object:
            if kind == "schedule":
                return schedule(n)
            if kind == "resource_schedule":
                return resource_constrained_schedule(n, res, method="serial")
            return n

        a = level(src(net), res)  # type: ignore[arg-type]
        b = level(src(plain), res)  # type: ignore[arg-type]
        assert_allclose(a.start[:3], b.start)
        assert (a.peak.tolist(), a.squares) == (b.peak.tolist(), b.squares)

    def test_loe_with_demands_is_refused_naming_it(self) -> None:
        """Its usage would follow a span that leveling decides: refused with the reason."""
        with pytest.raises(ValidationError, match="level: level-of-effort activity 'L' "
                                                  "demands resources"):
            level(self.net(demands={"dev": 1}), [Resource("dev", 4)])


class TestResourceScheduleWindows:
    """A resource-constrained source's windows (constraints, data date) bound the moves."""

    def test_data_date_and_date_constraints_hold(self) -> None:
        """X would smooth the profile as well at day 0 as at day 4, but the data date (2)
        forbids day 0; Z's date constraint needs no 'start' here (the source converted
        it)."""
        import datetime as dt

        net = Network([
            Activity("X", 2, demands={"dev": 2}),
            Activity("W", 2, demands={"dev": 2}),
            Activity("Z", 6, constraint=Constraint("SNET", dt.date(2026, 11, 25))),
        ])
        rs = resource_constrained_schedule(net, [Resource("dev", 4)], method="serial",
                                           start=dt.date(2026, 11, 23), data_date=2)
        assert rs.start.tolist() == [2.0, 2.0, 2.0]
        lv = level(rs, [Resource("dev", 4)])
        assert lv.start.tolist() == [4.0, 2.0, 2.0]
        assert lv.makespan == rs.makespan == 8.0

    def test_data_date_alone(self) -> None:
        """The same with an offset constraint: only the data date keeps X from day 0."""
        net = Network([
            Activity("X", 2, demands={"dev": 2}),
            Activity("W", 2, demands={"dev": 2}),
            Activity("Z", 6, constraint=Constraint("SNET", 2.0)),
        ])
        rs = resource_constrained_schedule(net, [Resource("dev", 4)], method="serial",
                                           data_date=2)
        assert level(rs, [Resource("dev", 4)]).start.tolist() == [4.0, 2.0, 2.0]
