"""Tests of the capacity sample data and walkthrough section."""

from __future__ import annotations

import numpy as np
import pytest

from pmokit._walkthrough import SECTIONS
from pmokit._walkthrough import capacity as walkthrough
from pmokit.capacity import allocate
from pmokit.datasets import capacity_sample, sample_pmo


class TestCapacitySample:
    """The sample is deterministic and consistent with the schedule."""

    def test_deterministic_and_consistent(self) -> None:
        """Two builds give the same numbers; demand hours equal the schedule's."""
        a = capacity_sample(sample_pmo())
        b = capacity_sample(sample_pmo())
        assert len(a.people) == 25
        assert all(
            np.array_equal(x.hours, y.hours) and x.project == y.project
            for x, y in zip(a.demands, b.demands, strict=True)
        )
        # every active activity with demands contributes units x duration x 7.5 h if it
        # finishes inside the horizon (51 weeks ~ 250 working days > project duration)
        expected = sum(
            u * act.duration * 7.5
            for act in a.schedule.network.activities
            for u in act.demands.values()
        )
        total = sum(float(d.hours.sum()) for d in a.demands)
        assert total == pytest.approx(expected, rel=1e-9)
        assert set(a.roles) == {p.id for p in a.people}

    def test_allocation_on_the_sample(self) -> None:
        """The sample allocates optimally and within every cap."""
        cs = capacity_sample(sample_pmo())
        al = allocate(
            cs.people,
            cs.demands,
            periods=cs.periods.starts,
            hours_per_period=cs.periods.hours_per_period,
        )
        assert al.status == "optimal"
        assert np.all(al.allocated <= al.capacity + 1e-6)
        assert al.bottlenecks

    def test_walkthrough_section(self) -> None:
        """The walkthrough section is registered and returns lines."""
        assert "capacity" in SECTIONS
        lines = walkthrough.section(sample_pmo())
        assert any("Bottleneck skills" in line for line in lines)
        assert all(isinstance(line, str) for line in lines)


class TestWalkthroughAgrees:
    """The capacity section agrees with itself and names the function behind each figure."""

    def test_hires_add_up(self) -> None:
        """'Hires ... (31 FTE)' listed four hires summing to 23: every hire is listed now,
        and the total is recommend_hires()'s total_fte."""
        import re

        from pmokit.capacity import recommend_hires

        cs = capacity_sample(sample_pmo())
        plan = recommend_hires(
            list(cs.people),
            list(cs.demands),
            periods=cs.periods.starts,
            hours_per_period=cs.periods.hours_per_period,
            target_coverage=0.8,
        )
        line = walkthrough.hires_line(plan)
        listed = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?) FTE \w+ from", line)]
        total = float(re.search(r"(\d+(?:\.\d+)?) FTE in all", line).group(1))  # type: ignore[union-attr]
        assert len(listed) == len(plan.hires)
        assert sum(listed) == pytest.approx(total) == pytest.approx(plan.total_fte)
        assert line in walkthrough.section(sample_pmo())

    def test_each_figure_names_its_function(self) -> None:
        """Every headline line starts with the function (or result field) it comes from."""
        import re

        lines = walkthrough.section(sample_pmo())
        heads = [line for line in lines if not line.startswith("  ")]
        assert heads
        for line in heads:
            assert re.match(r"^([a-z_]+\(\)|[A-Z]\w*\.\w+)", line), line
