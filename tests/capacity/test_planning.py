"""Tests of heatmap data, FTE gaps, hiring plans and train-instead-of-hire."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from pmokit.capacity import (
    Demand,
    Person,
    allocate,
    heatmap,
    recommend_hires,
    train_instead_of_hire,
)
from pmokit.errors import ValidationError
from tests._requires import requires_pandas
from tests.capacity._instances import random_instance


def small() -> tuple[list[Person], list[Demand]]:
    people = [
        Person("ana", {"analysis": 3, "sql": 2}, max_utilisation=1.0),
        Person("bob", {"python": 4}, max_utilisation=0.5),
    ]
    demands = [
        Demand("apollo", "analysis", [20.0, 60.0], value=100.0),
        Demand("apollo", "python", [10.0, 50.0], value=150.0),
        Demand("zeus", "sql", [0.0, 0.0]),
    ]
    return people, demands


class TestHeatmap:
    """Supply, demand, load and FTE gaps per skill and period."""

    def test_by_hand(self) -> None:
        """ana gives 40 h to analysis/sql, bob 20 h to python (50 % cap)."""
        people, demands = small()
        a = allocate(people, demands, periods=2)
        h = heatmap(a, people)
        assert h.skills == ("analysis", "sql", "python")
        assert_allclose(h.supply, [[40, 40], [40, 40], [20, 20]])
        assert_allclose(h.demand, [[20, 60], [0, 0], [10, 50]])
        assert_allclose(h.unmet, [[0, 20], [0, 0], [0, 30]])
        assert_allclose(h.load[0], [0.5, 1.5])
        assert_allclose(h.load[1], [0.0, 0.0])
        assert_allclose(h.gap_fte, [[0, 0.5], [0, 0], [0, 0.75]])
        recs = h.to_records()
        assert len(recs) == 6
        assert recs[1]["gap_fte"] == pytest.approx(0.5)

    @requires_pandas
    def test_to_frame(self) -> None:
        """One row per skill and period."""
        people, demands = small()
        assert len(heatmap(allocate(people, demands, periods=2), people).to_frame()) == 6

    def test_load_of_a_skill_nobody_holds(self) -> None:
        """Demand without supply has an undefined load: NaN, as documented (it was inf,
        an undocumented infinity; changed in 0.2), and its whole demand is the gap."""
        people = [Person("a", ["x"])]
        a = allocate(people, [Demand("p", "y", [5.0])], periods=1, skills=["x", "y"])
        h = heatmap(a, people)
        assert np.isnan(h.load[1, 0])
        assert not np.isinf(h.load).any()
        assert h.gap_fte[1, 0] == pytest.approx(5.0 / 40.0)
        assert np.isnan(heatmap(allocate(people, [], periods=1), people).load[0, 0]) is np.False_

    def test_wrong_people(self) -> None:
        """People that are not the allocation's are refused."""
        people, demands = small()
        a = allocate(people, demands, periods=2)
        with pytest.raises(ValidationError, match="'people' must be the people the allocation"):
            heatmap(a, people[::-1])
        with pytest.raises(ValidationError, match="'allocation' must be an Allocation"):
            heatmap("a", people)  # type: ignore[arg-type]


class TestRecommendHires:
    """Hires sized for the peak need from the first period of need."""

    def test_by_hand(self) -> None:
        """Python short by 30 h in week 2 -> 30 / (40 x 0.85) = 0.88 -> 1.0 FTE from week 2."""
        people, demands = small()
        plan = recommend_hires(people, demands, periods=["w1", "w2"], target_coverage=1.0)
        got = {(h.skill, h.fte, h.from_period) for h in plan.hires}
        # analysis short by 20 h -> 20 / 34 = 0.59 -> 1.0 FTE
        assert got == {("python", 1.0, "w2"), ("analysis", 1.0, "w2")}
        assert plan.hires[0].skill == "python"  # higher shadow price first
        assert_allclose(plan.coverage_after[[0, 2]], [1.0, 1.0])
        assert np.isnan(plan.coverage_after[1])
        assert plan.objective_after < plan.objective_before
        assert plan.total_fte == 2.0
        assert plan.hires[1].level == 1.0

    @requires_pandas
    def test_to_frame(self) -> None:
        """One row per hire."""
        people, demands = small()
        plan = recommend_hires(people, demands, periods=["w1", "w2"], target_coverage=1.0)
        assert len(plan.to_frame()) == 2

    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_reaches_target(self, seed: int) -> None:
        """On random portfolios every skill reaches the target after the plan."""
        people, demands = random_instance(seed, n_people=10, n_projects=8)
        plan = recommend_hires(people, demands, periods=5, target_coverage=0.9)
        after = plan.coverage_after[~np.isnan(plan.coverage_after)]
        assert np.all(after >= 0.9 - 1e-9)
        assert all(h.fte % 0.5 == 0 for h in plan.hires)

    def test_no_hire_needed(self) -> None:
        """A fully covered plan recommends nothing."""
        plan = recommend_hires([Person("a", ["x"])], [Demand("p", "x", [10.0])], periods=1)
        assert plan.hires == ()

    def test_bad_options(self) -> None:
        """Options out of range are reported together."""
        with pytest.raises(ValidationError) as e:
            recommend_hires(
                [], [], periods=1, target_coverage=1.5, fte_step=0, max_utilisation=0, max_rounds=0
            )
        assert len(e.value.problems) == 4

    def test_fractional_rounds(self) -> None:
        """max_rounds=2.5 is refused (it was silently truncated to 2)."""
        with pytest.raises(ValidationError, match=r"'max_rounds' must be an integer >= 1 "
                           r"\(got 2.5\)"):
            recommend_hires([], [], periods=1, max_rounds=2.5)  # type: ignore[arg-type]


class TestTrainInsteadOfHire:
    """People with spare capacity who could learn a short skill."""

    def test_by_hand(self) -> None:
        """cy has 40 spare hours; python is short by 20 h at 90/h; dee has 10 spare hours."""
        people = [
            Person("bob", {"python": 3, "sql": 2}, max_utilisation=1.0),
            Person("cy", {"sql": 3}, max_utilisation=1.0),
            Person("dee", {"excel": 2}, max_utilisation=0.25),
        ]
        a = allocate(people, [Demand("apollo", "python", [60.0], value=90.0)], periods=1)
        opts = train_instead_of_hire(a, people)
        assert [(o.person, o.coverable_hours, o.value) for o in opts] == [
            ("cy", 20.0, 1800.0),
            ("dee", 10.0, 900.0),
        ]
        assert opts[0].similarity == pytest.approx(1.0)
        assert opts[1].similarity == pytest.approx(0.0)
        assert train_instead_of_hire(a, people, top=1)[0].person == "cy"

    @requires_pandas
    def test_to_frame(self) -> None:
        """The options as a table."""
        people = [
            Person("bob", {"python": 3, "sql": 2}, max_utilisation=1.0),
            Person("cy", {"sql": 3}, max_utilisation=1.0),
            Person("dee", {"excel": 2}, max_utilisation=0.25),
        ]
        a = allocate(people, [Demand("apollo", "python", [60.0], value=90.0)], periods=1)
        opts = train_instead_of_hire(a, people)
        assert opts.to_frame()["coverable_hours"].tolist() == [20.0, 10.0]

    def test_below_min_proficiency_is_a_candidate(self) -> None:
        """A holder below the required level is a candidate to upskill."""
        people = [Person("a", {"x": 1}, max_utilisation=1.0)]
        a = allocate(people, [Demand("p", "x", [10.0], min_proficiency=3)], periods=1)
        (opt,) = train_instead_of_hire(a, people)
        assert (opt.current_level, opt.target_level, opt.coverable_hours) == (1.0, 3.0, 10.0)

    def test_bad_top(self) -> None:
        """top must be a positive integer."""
        people = [Person("a", ["x"])]
        a = allocate(people, [Demand("p", "x", [1.0])], periods=1)
        with pytest.raises(ValidationError, match="'top' must be a positive integer"):
            train_instead_of_hire(a, people, top=0)


class TestNamesAndSlips:
    """The capacity heat map's name, and percents given for shares."""

    def test_heatmap_is_deprecated(self) -> None:
        """The old name still works for one release and names the new one."""
        import pmokit.capacity as capacity
        from pmokit.capacity import CapacityHeatMap

        with pytest.warns(DeprecationWarning, match="CapacityHeatMap"):
            old = capacity.Heatmap
        assert old is CapacityHeatMap
        assert "Heatmap" not in capacity.__all__ and "CapacityHeatMap" in capacity.__all__

    def test_heatmap_returns_the_new_type(self) -> None:
        """heatmap() builds a CapacityHeatMap."""
        from pmokit.capacity import CapacityHeatMap

        people, demands = small()
        assert isinstance(heatmap(allocate(people, demands, periods=2), people), CapacityHeatMap)

    def test_shares_given_as_percents(self) -> None:
        """target_coverage=95 and max_utilisation=85 name the probable percent."""
        people, demands = small()
        with pytest.raises(ValidationError) as e:
            recommend_hires(people, demands, periods=2, target_coverage=95, max_utilisation=85)
        text = str(e.value)
        assert "95 % is 0.95" in text and "85 % is 0.85" in text

    def test_fte_step_as_a_percent(self) -> None:
        """fte_step=50 (for half time) is refused unless check_units=False."""
        people, demands = small()
        with pytest.raises(ValidationError, match=r"'fte_step' is 50.*did you give a percent"):
            recommend_hires(people, demands, periods=2, fte_step=50)
        plan = recommend_hires(people, demands, periods=2, fte_step=2, check_units=False)
        assert all(h.fte % 2 == 0 for h in plan.hires)
