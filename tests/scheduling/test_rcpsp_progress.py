"""Resource-constrained scheduling of statused networks (module ``_rcpsp_progress``)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from pmokit.errors import InfeasibleInputError, ValidationError
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    Resource,
    resource_constrained_schedule,
    schedule,
)
from tests._hypothesis import examples
from tests.scheduling import test_rcpsp_windows as windows
from tests.scheduling.test_rcpsp import problems


class TestProgress:
    """Statused networks: started work keeps its statused dates, the rest is scheduled
    from the data date under the capacity it leaves (module ``_rcpsp_progress``)."""

    def net(self) -> Network:
        return Network([Activity("A", 4, demands={"crew": 2}),
                        Activity("B", 3, demands={"crew": 1}),
                        Activity("C", 2, demands={"crew": 2}),
                        Activity("D", 2, demands={"crew": 2})],
                       [Dependency("A", "C")])

    def progress(self) -> Any:
        from pmokit.scheduling._status import ActivityProgress, Progress

        return Progress([ActivityProgress("A", actual_start=0, remaining_duration=2),
                         ActivityProgress("B", actual_start=0, actual_finish=2)])

    def test_started_work_holds_its_crew_first(self) -> None:
        """A has 2 days left from the data date (2) with 2 of the 3 crew: D (2 crew) waits
        for it although nothing links them; C follows A; B keeps its actual dates."""
        rs = resource_constrained_schedule(self.net(), [Resource("crew", 3)], data_date=2,
                                           actuals=self.progress(), method="serial")
        assert rs.start.tolist() == [0.0, 0.0, 4.0, 6.0]
        assert rs.finish.tolist() == [4.0, 2.0, 6.0, 8.0]
        assert rs.delay.tolist() == [0.0, 0.0, 0.0, 4.0]  # from the data date
        assert rs.pushed_by[3] == ("crew",)
        assert rs.usage.tolist() == [[0.0, 0.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]]
        assert rs.makespan == 8.0
        check_feasible_after(rs, 2.0)

    @settings(max_examples=examples(25), deadline=None)
    @given(problems(max_n=8), st.data())
    def test_ample_resources_give_the_statused_cpm(
        self, prob: tuple[Network, list[Resource]], data: st.DataObject
    ) -> None:
        """With capacity for everything, the dates are the statused schedule's early
        dates (progress override, data date 3, some activities started or finished)."""
        from pmokit.scheduling._status import ActivityProgress, Progress

        net, res = prob
        recs = []
        for a in net.activities:
            state = data.draw(st.sampled_from(["none", "none", "started", "finished"]))
            if state == "started" and a.duration > 1:
                recs.append(ActivityProgress(a.id, actual_start=0,
                                             remaining_duration=a.duration - 1))
            elif state == "finished" and a.duration <= 3:
                recs.append(ActivityProgress(a.id, actual_start=0, actual_finish=a.duration))
        prog = Progress(recs)
        big = [Resource(r.id, 1000) for r in res]
        try:
            s = schedule(net, actuals=prog, data_date=3, statusing="progress_override")
        except ValidationError:  # progress the statusing refuses (e.g. finish after 3)
            return
        rs = resource_constrained_schedule(net, big, actuals=prog, data_date=3,
                                           statusing="progress_override", method="serial")
        assert_allclose(rs.start, s.early_start)
        assert_allclose(rs.finish, s.early_finish)

    def test_release_between_whole_days(self) -> None:
        """A(1.5) started at 0 with 0.5 days left at data date 3 finishes at 3.5; its
        successor M (a milestone, whole-day durations only in the work not started) starts
        at 3.5 as in schedule(), not at 4 (found by Hypothesis: the slot grid came from the
        durations of the work not started alone, which rounded the release time up)."""
        from pmokit.scheduling._status import ActivityProgress, Progress

        net = Network([Activity("A", 1.5, demands={"crew": 1}), Activity("M", 0),
                       Activity("B", 2, demands={"crew": 1})],
                      [Dependency("A", "M"), Dependency("M", "B")])
        prog = Progress([ActivityProgress("A", actual_start=0, remaining_duration=0.5)])
        s = schedule(net, actuals=prog, data_date=3, statusing="progress_override")
        rs = resource_constrained_schedule(net, [Resource("crew", 5)], actuals=prog,
                                           data_date=3, statusing="progress_override",
                                           method="serial")
        assert s.early_start.tolist() == [0.0, 3.5, 3.5]
        assert_allclose(rs.start, s.early_start)
        assert_allclose(rs.finish, s.early_finish)

    def test_refusals(self) -> None:
        """Out-of-sequence progress under retained logic, and remaining work beyond its
        capacity, are refused by name."""
        from pmokit.scheduling._status import ActivityProgress, Progress

        out_of_seq = Progress([ActivityProgress("C", actual_start=1, remaining_duration=1)])
        with pytest.raises(ValidationError, match="'C' is in progress but its predecessor "
                                                  "'A' has not started"):
            resource_constrained_schedule(self.net(), [Resource("crew", 3)], data_date=2,
                                          actuals=out_of_seq)
        ok = resource_constrained_schedule(self.net(), [Resource("crew", 3)], data_date=2,
                                           actuals=out_of_seq, statusing="progress_override")
        assert ok.start[2] == 1.0
        both = Progress([ActivityProgress("A", actual_start=0, remaining_duration=2),
                         ActivityProgress("D", actual_start=0, remaining_duration=2)])
        with pytest.raises(InfeasibleInputError, match="remaining work of activity 'D'"):
            resource_constrained_schedule(self.net(), [Resource("crew", 3)], data_date=2,
                                          actuals=both)


def check_feasible_after(rs: Any, data_date: float) -> None:
    """Usage within capacity in every period from the data date."""
    k = int(data_date / rs.period)
    assert (rs.usage[:, k:] <= rs.capacity[:, k:] + 1e-9).all()


def test_loe_progress_is_not_used() -> None:
    """Progress given for an LOE is left out: its dates follow its span."""
    from pmokit.scheduling._status import ActivityProgress, Progress

    net = windows.TestLevelOfEffort().net()
    prog = Progress([ActivityProgress("A", actual_start=0, remaining_duration=1),
                     ActivityProgress("L", actual_start=0, remaining_duration=9)])
    rs = resource_constrained_schedule(net, [Resource("crew", 3)], actuals=prog, data_date=2,
                                       method="serial")
    assert rs.start.tolist() == [0.0, 3.0, 3.0, 0.0]
    assert rs.finish.tolist() == [3.0, 5.0, 5.0, 5.0]
