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


class TestSharedSampleIsReadOnly:
    """sample_pmo() is cached: one caller's edit must not change it for the next."""

    def test_project_strategic_fit(self) -> None:
        """strategic_fit was a dict shared by every caller."""
        import pytest

        fit = sample_pmo().projects[0].strategic_fit
        before = dict(fit)
        with pytest.raises(TypeError):
            fit["customer"] = 0.0  # type: ignore[index]
        assert dict(sample_pmo().projects[0].strategic_fit) == before

    def test_person_skills(self) -> None:
        """A person's skills were a dict shared by every caller."""
        import pytest

        skills = sample_pmo().people[0].skills
        with pytest.raises(TypeError):
            skills["cobol"] = 5  # type: ignore[index]
        assert "cobol" not in sample_pmo().people[0].skills

    def test_activity_demands(self) -> None:
        """An activity's demands were a dict: editing one changed every later schedule."""
        import pytest

        act = sample_pmo().network.activities[0]
        with pytest.raises(TypeError):
            act.demands["backend"] = 99  # type: ignore[index]
        assert "backend" not in sample_pmo().network.activities[0].demands

    def test_unknown_project(self) -> None:
        """project('ZZZ') raised a bare KeyError; now UnknownReferenceError (a KeyError)."""
        import pytest

        from pmokit.errors import UnknownReferenceError

        with pytest.raises(UnknownReferenceError, match="'ZZZ'"):
            sample_pmo().project("ZZZ")
        assert sample_pmo().project("P01").name == "Customer portal"


class TestGovernanceSampleStart:
    """The network start is 'start', as every project start in pmokit."""

    def test_start_and_deprecated_origin(self) -> None:
        """origin still works for one release, with a warning naming start."""
        import pytest

        from pmokit.datasets import governance_sample

        g = governance_sample(sample_pmo())
        with pytest.warns(DeprecationWarning, match="GovernanceSample.start"):
            assert g.origin == g.start
        with pytest.raises(TypeError):
            g.tiers["P01"] = "x"  # type: ignore[index]

    def test_capacity_roles_read_only(self) -> None:
        """CapacitySample.roles was a plain dict."""
        import pytest

        from pmokit.datasets import capacity_sample

        roles = capacity_sample(sample_pmo()).roles
        with pytest.raises(TypeError):
            roles["E01"] = "x"  # type: ignore[index]
