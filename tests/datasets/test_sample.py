"""Tests of the sample PMO."""

from __future__ import annotations

from pmokit.datasets import sample_pmo
from pmokit.scheduling import schedule


def test_shape() -> None:
    """About 12 projects in 3 programmes and about 25 people with skills."""
    pmo = sample_pmo()
    assert len(pmo.programmes) == 3
    assert len(pmo.projects) == 12
    assert len(pmo.people) == 25
    assert {p.programme for p in pmo.projects} == {g.id for g in pmo.programmes}
    assert all(set(p.skills) <= set(pmo.skills) for p in pmo.people)


def test_network_crosses_projects() -> None:
    """The integrated network has cross-project links and schedules."""
    pmo = sample_pmo()
    net = pmo.network
    cross = [d for d in net.dependencies if net[d.predecessor].project != net[d.successor].project]
    assert len(cross) >= 3
    assert schedule(net).project_duration > 0
    demanded = {s for a in net.activities for s in a.demands}
    assert demanded <= set(pmo.skills)


def test_deterministic() -> None:
    """The same object on every call."""
    assert sample_pmo() is sample_pmo()


def test_project_lengths_match_their_plans() -> None:
    """Each active project's own network (cross-project links left out) spans the working
    days from its start to its planned finish, within the rounding of whole-day durations."""
    import datetime as dt

    from pmokit.scheduling import Network

    pmo = sample_pmo()
    net = pmo.network
    for p in pmo.projects:
        if p.status != "active":
            continue
        acts = [a for a in net.activities if a.project == p.id]
        ids = {a.id for a in acts}
        deps = [d for d in net.dependencies if d.predecessor in ids and d.successor in ids]
        own = schedule(Network(acts, deps)).project_duration
        planned = pmo.calendar.working_days_between(
            p.start, p.planned_finish + dt.timedelta(days=1)
        )
        assert abs(own - planned) <= 0.03 * planned + 3, (p.id, own, planned)
