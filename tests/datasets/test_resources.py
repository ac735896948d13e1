"""Tests of the sample PMO's skill pools (sample_resources)."""

from __future__ import annotations

import pytest

from pmokit.scheduling import (
    resource_constrained_schedule,
    schedule,
)
from tests.scheduling._nets import check_feasible


class TestSamplePMO:
    """The sample PMO's network scheduled with its skill pools."""

    def test_sample_resources_schedule(self) -> None:
        """Feasible, above both bounds, and the pools are the competent head counts."""
        from pmokit.datasets import sample_pmo, sample_resources

        pmo = sample_pmo()
        res = list(sample_resources(pmo))
        frontend = next(r for r in res if r.id == "frontend")
        assert frontend.capacity == sum(
            1 for p in pmo.people if p.skills.get("frontend", 0) >= 3
        )
        rs = resource_constrained_schedule(pmo.network, res, schedules=200, rng=4)
        check_feasible(pmo.network, rs, res)
        assert rs.makespan >= max(rs.critical_path_bound, rs.resource_bound)
        assert rs.critical_path_bound == pytest.approx(schedule(pmo.network).project_duration)
