"""The one place where constraints and settings become bounds (scheduling/_bounds.py)."""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit._validation import Problems
from pmokit.calendar import WorkCalendar
from pmokit.distributions import Uniform
from pmokit.scheduling import (
    Activity,
    Constraint,
    ConstraintType,
    Dependency,
    Network,
    _bounds,
    schedule,
    simulate,
)
from tests._hypothesis import examples
from tests.scheduling.test_risk import networks

MON = dt.date(2026, 11, 23)


class TestRules:
    def test_every_constraint_type_has_a_rule(self) -> None:
        """Adding a ConstraintType member without its row in RULES fails here: the row is
        the one edit a new type needs."""
        assert set(_bounds.RULES) == set(ConstraintType)

    @pytest.mark.parametrize("kind", ["SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO", "SO", "FO",
                                      "MANUAL"])
    def test_rule_drives_every_engine(self, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every engine reads a constraint's meaning from RULES only: give SNET the row of
        another type and schedule (one calendar and per-activity calendars) and simulate
        all follow it, as they follow that type itself."""
        def net(k: str, own: bool = False) -> Network:
            cal = {"calendar": WorkCalendar(weekdays=range(7))} if own else {}
            return Network([Activity("A", 4), Activity("B", 2, constraint=Constraint(k, 2),
                                                       **cal), Activity("C", 1)],
                           [Dependency("A", "B"), Dependency("B", "C")])

        for own in (False, True):
            want = schedule(net(kind, own), start=MON)
            monkeypatch.setitem(_bounds.RULES, ConstraintType.SNET,
                                _bounds.RULES[ConstraintType(kind)])
            got = schedule(net("SNET", own), start=MON)
            monkeypatch.undo()
            assert_array_equal(got.early_start, want.early_start)
            assert_array_equal(got.late_start, want.late_start)
        monkeypatch.setitem(_bounds.RULES, ConstraintType.SNET,
                            _bounds.RULES[ConstraintType(kind)])
        res = simulate(net("SNET"), {"A": Uniform(4, 4)}, iterations=2, rng=0,
                       milestones=["B"])
        monkeypatch.undo()
        want = schedule(net(kind))
        assert (res.finish == want.project_duration).all()
        assert (res.milestone_finish[0] == want["B"]["early_finish"]).all()

    def test_start_bounds(self) -> None:
        """Hand-computed: SNET 2 -> lower 2; FNLT 5 on a 3-day task -> upper 2; MFO 6 on a
        1-day task -> both 5; a negative SNET is no lower bound below the start."""
        net = Network([Activity("A", 1, constraint=Constraint("SNET", 2)),
                       Activity("B", 3, constraint=Constraint("FNLT", 5)),
                       Activity("C", 1, constraint=Constraint("MFO", 6)),
                       Activity("D", 1, constraint=Constraint("SNET", -3)),
                       Activity("E", 1, constraint=Constraint("ALAP"))])
        lower, upper, alap = _bounds.start_bounds(net, None, None, Problems())
        assert lower.tolist() == [2.0, 0.0, 5.0, 0.0, 0.0]
        assert upper.tolist() == [np.inf, 2.0, 5.0, np.inf, np.inf]
        assert alap.tolist() == [4]

    def test_logic_yields(self) -> None:
        """Mandatory MSO/MFO always win and pin; honored SNLT/FNLT cap but do not pin."""
        net = Network([Activity("A", 1, constraint=Constraint("MSO", 2, mandatory=True)),
                       Activity("B", 1, constraint=Constraint("SNLT", 2)),
                       Activity("C", 1, constraint=Constraint("MFO", 2)),
                       Activity("D", 1, constraint=Constraint("SNET", 2))])
        capped, pinned = _bounds.logic_yields(net, False)
        assert capped.tolist() == [True, False, False, False]
        assert pinned.tolist() == [True, False, False, False]
        capped, pinned = _bounds.logic_yields(net, True)
        assert capped.tolist() == [True, True, True, False]
        assert pinned.tolist() == [True, False, True, False]


class TestSimulateMandatory:
    def chain(self, con: Constraint) -> Network:
        return Network([Activity("A", 5), Activity("B", 3, constraint=con), Activity("C", 2)],
                       [Dependency("A", "B"), Dependency("B", "C")])

    def test_mandatory_start_holds_in_simulate(self) -> None:
        """A(5) -> B(3, Mandatory Start at 3) -> C(2): B starts at 3 although A finishes
        at 5 (P6's Mandatory Start), so C finishes at 8, not 10 as with a plain MSO; A
        (float -2), B and C (float 0) are critical, as in schedule()."""
        net = self.chain(Constraint("MSO", 3, mandatory=True))
        s = schedule(net)
        assert s.project_duration == 8.0
        assert s.total_float.tolist() == [-2.0, 0.0, 0.0]
        res = simulate(net, {"A": Uniform(5, 5)}, iterations=4, rng=0, milestones=["B"])
        assert (res.finish == 8.0).all()
        assert (res.milestone_finish[0] == 6.0).all()
        assert_array_equal(res.criticality, [1.0, 1.0, 1.0])
        plain = simulate(self.chain(Constraint("MSO", 3)), {"A": Uniform(5, 5)},
                         iterations=4, rng=0)
        assert (plain.finish == 10.0).all()

    def test_mandatory_finish_keeps_a_longer_predecessor_last(self) -> None:
        """A(9) -> B(1, Mandatory Finish at 4): B finishes at 4, A is the last to finish
        (9): the project finish is A's, although A has a successor."""
        net = Network([Activity("A", 9), Activity("B", 1,
                                                  constraint=Constraint("MFO", 4, mandatory=True))],
                      [Dependency("A", "B")])
        s = schedule(net)
        assert s.project_duration == 9.0
        res = simulate(net, {"A": Uniform(9, 9)}, iterations=2, rng=0)
        assert (res.finish == 9.0).all()

    @settings(max_examples=examples(60), deadline=None)
    @given(networks(), st.data())
    def test_zero_width_equals_schedule(self, net: Network, data: st.DataObject) -> None:
        """With every duration fixed, simulate gives schedule()'s finish, early finishes
        and critical activities, mandatory constraints among the others."""
        kinds = ("SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO", "SO", "FO", "MANUAL")
        acts = []
        for a in net.activities:
            if data.draw(st.booleans()):
                kind = data.draw(st.sampled_from(kinds))
                mand = kind in ("MSO", "MFO") and data.draw(st.booleans())
                a = attrs.evolve(a, constraint=Constraint(kind, data.draw(st.integers(0, 30)) / 2,
                                                          mandatory=mand))
            acts.append(a)
        net = Network(acts, net.dependencies)
        s = schedule(net)
        unc = {a.id: Uniform(a.duration, a.duration) for a in net.activities}
        res = simulate(net, unc, iterations=3, rng=0, milestones=net.ids)
        assert (res.finish == s.project_duration).all()
        assert_array_equal(res.milestone_finish[:, 0], s.early_finish)
        assert_array_equal(res.criticality, (s.total_float <= 1e-9).astype(float))


class TestP6StartOnFinishOn:
    """P6's Start On / Finish On (Oracle, P6 Web Access Help, "Constraints": the constraint
    "can delay an activity's early start or move forward an activity's late start")."""

    def chain(self, con: Constraint) -> Network:
        return Network([Activity("A", 5), Activity("B", 3, constraint=con), Activity("C", 2)],
                       [Dependency("A", "B"), Dependency("B", "C")])

    def test_start_on_delays_the_early_start(self) -> None:
        """A(5) -> B(3, Start On 7) -> C(2): B starts at 7 (not 5), C at 10; the project
        ends at 12, and B's late start is 7, so A has float 2."""
        s = schedule(self.chain(Constraint("SO", 7)))
        assert s.early_start.tolist() == [0.0, 7.0, 10.0]
        assert s.late_start.tolist() == [2.0, 7.0, 10.0]

    def test_logic_wins_even_when_honoring(self) -> None:
        """Start On 3 with A finishing at 5: B starts at 5 and shows float -2, also under
        MS Project's "honor constraint dates", which holds an MSO at 3 instead."""
        for honor in (False, True):
            s = schedule(self.chain(Constraint("SO", 3)), honor_constraints=honor)
            assert s.early_start.tolist() == [0.0, 5.0, 8.0]
            assert s.total_float.tolist() == [-2.0, -2.0, 0.0]
        assert schedule(self.chain(Constraint("MSO", 3)),
                        honor_constraints=True)["B"]["early_start"] == 3.0

    def test_finish_on_milestone(self) -> None:
        """A(5) -> M(0, Finish On 4) -> C(2): M is at 5 (logic), its late finish 4, so A
        and M have float -1; Finish On 8: M at 8 and C ends at 10."""
        def net(at: float) -> Network:
            return Network([Activity("A", 5), Activity("M", 0, constraint=Constraint("FO", at)),
                            Activity("C", 2)], [Dependency("A", "M"), Dependency("M", "C")])
        s = schedule(net(4))
        assert s.early_start.tolist() == [0.0, 5.0, 5.0]
        assert s.total_float.tolist() == [-1.0, -1.0, 0.0]
        s = schedule(net(8))
        assert s.early_finish.tolist() == [5.0, 8.0, 10.0]
        assert s.late_finish.tolist() == [8.0, 8.0, 10.0]


class TestManualTasks:
    """MS Project's manually scheduled tasks: logic does not move them (MPXJ's
    MicrosoftScheduler, which reproduces MS Project, keeps a manual task's start and
    finish on the forward pass and gives it late dates from its successors)."""

    def net(self, at: float, other: float = 0.0) -> Network:
        acts = [Activity("A", 5), Activity("M", 3, constraint=Constraint("MANUAL", at)),
                Activity("C", 2)]
        deps = [Dependency("A", "M"), Dependency("M", "C")]
        if other:
            acts.append(Activity("D", other))
        return Network(acts, deps)

    def test_predecessor_does_not_move_it(self) -> None:
        """A(5) -> M(3, manual at 2) -> C(2): M stays at 2-5 although A ends at 5, C follows
        at 5-7; A's late finish is M's late start 2, so A has float -3."""
        s = schedule(self.net(2))
        assert s.early_start.tolist() == [0.0, 2.0, 5.0]
        assert s.late_start.tolist() == [-3.0, 2.0, 5.0]
        assert s.total_float.tolist() == [-3.0, 0.0, 0.0]

    def test_it_does_not_start_earlier(self) -> None:
        """Manual at 8 with A ending at 5: M stays at 8 (not 5), C at 11-13; A floats 3."""
        s = schedule(self.net(8))
        assert s.early_start.tolist() == [0.0, 8.0, 11.0]
        assert s.total_float.tolist() == [3.0, 0.0, 0.0]

    def test_late_dates_follow_successors(self) -> None:
        """With D(12) finishing the project at 12, M (manual at 2) gets late start 7 from C's
        late start 10: float 5 (its late date is not pinned to its start)."""
        s = schedule(self.net(2, other=12))
        assert s["M"]["late_start"] == 7.0 and s["M"]["total_float"] == 5.0

    def test_simulate_and_calendar_engine_agree(self) -> None:
        """simulate and the per-activity calendar engine place it as schedule does."""
        net = self.net(2)
        res = simulate(net, {"A": Uniform(5, 5)}, iterations=2, rng=0, milestones=["M"])
        assert (res.finish == 7.0).all() and (res.milestone_finish[0] == 5.0).all()
        own = Network([attrs.evolve(a, calendar=WorkCalendar()) for a in net.activities],
                      net.dependencies)
        s = schedule(own, start=MON)
        assert s.has_own_calendars
        assert s.early_start.tolist() == [0.0, 2.0, 5.0]
        assert s.late_start.tolist() == [-3.0, 2.0, 5.0]

    def test_slip_impact_refuses_it(self) -> None:
        from pmokit.errors import ValidationError
        from pmokit.scheduling import slip_impact

        with pytest.raises(ValidationError, match=r"manual tasks or mandatory constraints: "
                                                  r"\['M'\]"):
            slip_impact(schedule(self.net(2)), {"A": 1})
