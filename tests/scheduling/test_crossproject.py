"""Tests of the project-level view of a cross-project schedule (cross_project)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.scheduling import (
    Activity,
    Dependency,
    Network,
    cross_project,
    schedule,
)


def _portfolio() -> Network:
    return Network(
        [Activity("P1-A", 5, project="P1"), Activity("P1-B", 2, project="P1"),
         Activity("P2-A", 3, project="P2"), Activity("P2-B", 4, project="P2"),
         Activity("P3-A", 1, project="P3"), Activity("X", 1)],
        [Dependency("P1-A", "P1-B"), Dependency("P2-A", "P2-B"),
         Dependency("P1-A", "P2-B"), Dependency("P2-A", "P3-A", lag=4),
         Dependency("P2-B", "X")],
    )


class TestCrossProject:
    """Project-level view."""

    def test_links_blockers_chains(self) -> None:
        """P1 holds P2 up (driving link), P2 feeds P3 with slack; chains cross projects."""
        v = cross_project(schedule(_portfolio()))
        assert v.projects == ("P1", "P2", "P3")
        assert [(lk.predecessor, lk.successor, lk.links, lk.driving) for lk in v.links] == [
            ("P1", "P2", 1, 1), ("P2", "P3", 1, 1)]
        assert v.blockers("P2") == ("P1",) and v.blocked_by("P1") == ("P2",)
        assert v.upstream("P3") == ("P1", "P2") and v.downstream("P1") == ("P2", "P3")
        assert v.chains == (("P1", "P2"), ("P2", "P3"))
        assert v.driving_chain("P2") == ("P1-A", "P2-B")
        assert_allclose(v.finish, [7, 9, 8])
        assert_allclose(v.total_float, [0, 0, 2])
        g = v.graph()
        assert g.edges["P1", "P2"]["driving"] == 1
        assert [r["project"] for r in v.to_records()] == ["P1", "P2", "P3"]
        pytest.importorskip("pandas")  # the frame needs the pandas extra
        assert v.to_frame().loc["P2", "blockers"] == "P1"

    def test_no_projects_and_unknown(self) -> None:
        """A network without projects, an unknown project, a wrong argument."""
        with pytest.raises(ValidationError, match="none of the 1 activities has one"):
            cross_project(schedule(Network([Activity("A", 1)])))
        v = cross_project(schedule(_portfolio()))
        with pytest.raises(UnknownReferenceError, match="no project 'P9'"):
            v.blockers("P9")
        with pytest.raises(ValidationError, match="must be a Schedule"):
            cross_project(_portfolio())  # type: ignore[arg-type]

    def test_sample_portfolio(self) -> None:
        """The sample PMO's cross-project links show up at project level."""
        from pmokit.datasets import sample_pmo

        pmo = sample_pmo()
        v = cross_project(schedule(pmo.network))
        pairs = {(lk.predecessor, lk.successor) for lk in v.links}
        assert ("P08", "P07") in pairs and ("P11", "P01") in pairs
        assert np.all(v.finish >= v.start)
