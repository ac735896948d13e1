"""Level-of-effort activities in simulate (module ``_risk_loe``)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from pmokit.errors import CycleError, ValidationError
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    RiskEvent,
    Triangular,
    simulate,
)
from tests._hypothesis import examples
from tests.scheduling._nets import networks


def _nets() -> tuple[Network, Network]:
    # L spans from A's start (SS) to B's finish (FF); it would push B with its 9 days
    acts = [Activity("A", 3), Activity("B", 2), Activity("C", 4)]
    deps = [Dependency("A", "B"), Dependency("A", "C", "SS")]
    with_loe = Network([*acts, Activity("L", 9, kind="loe")],
                       [*deps, Dependency("A", "L", "SS"), Dependency("L", "B", "FF")])
    return with_loe, Network(acts, deps)


U = {"A": Triangular(2, 3, 6), "B": Triangular(1, 2, 4)}


class TestSpans:
    def test_loe_follows_each_sample_and_drives_nothing(self) -> None:
        """The others' numbers are those of the network without L, bit for bit; L's
        finish in each iteration is B's sampled finish and its duration the span from A's
        start (day 0)."""
        net, plain = _nets()
        r = simulate(net, U, iterations=3000, rng=1, milestones=["L", "B"])
        q = simulate(plain, U, iterations=3000, rng=1, milestones=["B"])
        assert r.ids == ("A", "B", "C", "L")
        assert_array_equal(r.finish, q.finish)
        for name in ("criticality", "cruciality", "sensitivity", "duration_mean",
                     "duration_std"):
            assert_array_equal(getattr(r, name)[:3], getattr(q, name))
        assert r.milestone_ids == ("L", "B")
        assert_array_equal(r.milestone_finish[0], q.milestone_finish[0])
        assert r.duration_mean[3] == pytest.approx(q.milestone_finish[0].mean())
        assert r.duration_std[3] == pytest.approx(q.milestone_finish[0].std(ddof=1))
        assert r.duration_std[3] > 0  # it varies with the samples, not its declared 9 days
        assert (r.criticality[3], r.cruciality[3], r.sensitivity[3]) == (0.0, 0.0, 0.0)
        assert r.deterministic_finish == q.deterministic_finish == 5.0

    def test_loe_is_no_default_milestone(self) -> None:
        """A zero-duration LOE is not recorded unless asked for."""
        net = Network([Activity("A", 3), Activity("M", 0), Activity("L", 0, kind="loe")],
                      [Dependency("A", "M"), Dependency("A", "L", "SS"),
                       Dependency("L", "M", "FF")])
        r = simulate(net, {"A": Triangular(2, 3, 6)}, iterations=200, rng=2)
        assert r.milestone_ids == ("M",)

    @settings(max_examples=examples(30), deadline=None)
    @given(networks(max_n=8), st.data())
    def test_others_equal_the_network_without_it(self, net: Network, data: st.DataObject
                                                 ) -> None:
        """Random networks with an LOE hung SS from one activity and FF to another: the
        finish distribution and the other activities' indices equal those without it,
        and the LOE's finish never precedes its start."""
        acts = net.activities
        i = data.draw(st.integers(0, len(acts) - 1))
        j = data.draw(st.integers(0, len(acts) - 1))
        try:
            with_loe = Network([*acts, Activity("L", 40, kind="loe")],
                               [*net.dependencies, Dependency(acts[i].id, "L", "SS"),
                                Dependency("L", acts[j].id, "FF")])
        except CycleError:
            return
        u = {a.id: Triangular(a.duration, a.duration + 1, a.duration + 3) for a in acts}
        r = simulate(with_loe, u, iterations=300, rng=5, milestones=["L"])
        q = simulate(net, u, iterations=300, rng=5, milestones=[])
        assert_array_equal(r.finish, q.finish)
        assert_array_equal(r.criticality[:-1], q.criticality)
        assert_array_equal(r.duration_mean[:-1], q.duration_mean)
        assert (r.milestone_finish[0] >= -1e-12).all()
        assert np.isfinite(r.duration_mean[-1]) and r.duration_mean[-1] >= 0


class TestRefusals:
    def test_loe_named_where_a_duration_is_drawn(self) -> None:
        """uncertainty, risks and progress on an LOE are refused with the reason."""
        net, _ = _nets()
        with pytest.raises(ValidationError, match="'uncertainty' names level-of-effort "
                                                  "activity 'L': its duration follows"):
            simulate(net, {"L": Triangular(1, 2, 3)}, iterations=10, rng=1)
        risk = RiskEvent("R", 0.5, Triangular(1.1, 1.2, 1.5), ("L",))
        with pytest.raises(ValidationError, match="risk 'R' is mapped onto level-of-effort"):
            simulate(net, U, iterations=10, rng=1, risks=[risk])
        with pytest.raises(ValidationError, match="'costs' names level-of-effort"):
            simulate(net, U, iterations=10, rng=1, costs={"L": 100.0})
        with pytest.raises(ValidationError, match="with progress yet"):
            simulate(net, U, iterations=10, rng=1, data_date=1)

    def test_loe_on_its_own_calendar_is_refused(self) -> None:
        """simulate counts every span on the project calendar; an LOE on its own calendar
        would be measured on another calendar (as a task on its own calendar, refused)."""
        from pmokit.calendar import WorkCalendar

        net, _ = _nets()
        own = Network([*net.activities[:3],
                       Activity("L", 9, kind="loe", calendar=WorkCalendar(weekdays=range(4)))],
                      net.dependencies)
        with pytest.raises(ValidationError, match="level-of-effort activity 'L' has its own "
                                                  "calendar, which simulate does not model"):
            simulate(own, U, iterations=10, rng=1)
