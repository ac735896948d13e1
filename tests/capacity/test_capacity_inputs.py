"""Error paths of the inputs and of the entry points not covered elsewhere."""

from __future__ import annotations

import pytest

from pmokit.capacity import (
    Demand,
    Person,
    RoleProfile,
    Scenario,
    allocate,
    compare_scenarios,
    match_mentors,
    proficiency_gaps,
)
from pmokit.errors import ValidationError


class TestPersonErrors:
    """Bad person fields are named."""

    def test_skill_listed_twice(self) -> None:
        """A skill given twice (as pairs) is refused."""
        with pytest.raises(ValidationError, match="skill 'x' of person 'a' must be listed once"):
            Person("a", [("x", 1), ("x", 2)])

    def test_availability_not_numbers(self) -> None:
        """Availability that is not numeric is named."""
        with pytest.raises(ValidationError, match="'availability' must be an array of hours"):
            Person("a", ["x"], availability=["lots"])

    def test_availability_two_dimensional(self) -> None:
        """Availability must be one value per period."""
        with pytest.raises(ValidationError, match="1-dimensional"):
            Person("a", ["x"], availability=[[1.0, 2.0]])

    def test_level_is_looked_up(self) -> None:
        """Skill names alone get level 1; level() is 0 for a missing skill."""
        p = Person("a", ["x", "y"])
        assert p.skills == (("x", 1.0), ("y", 1.0))
        assert p.level("z") == 0.0
        assert Person("b", "x").skills == (("x", 1.0),)


class TestDemandErrors:
    """Bad demand fields are named."""

    def test_hours_not_numbers(self) -> None:
        """Hours that are not numeric are named."""
        with pytest.raises(ValidationError, match="'hours' must be an array of hours"):
            Demand("p", "x", ["many"])

    def test_empty_skill_and_nan_hours(self) -> None:
        """An empty skill name and NaN hours are reported together."""
        with pytest.raises(ValidationError) as e:
            Demand("p", "", [float("nan")])
        assert len(e.value.problems) == 2


class TestEntryPointTypes:
    """Items of the wrong type are named by position."""

    def test_not_a_demand(self) -> None:
        """demands[i] must be a Demand."""
        with pytest.raises(ValidationError, match=r"demands\[1\] must be a Demand"):
            allocate([Person("a", ["x"])], [Demand("p", "x", [1.0]), "d"], periods=1)  # type: ignore[list-item]

    def test_hours_per_period_not_numbers(self) -> None:
        """hours_per_period must be numeric."""
        with pytest.raises(ValidationError, match="'hours_per_period' must be a number"):
            allocate(
                [Person("a", ["x"])], [Demand("p", "x", [1.0])], periods=1, hours_per_period="x"
            )  # type: ignore[arg-type]

    def test_scenario_items(self) -> None:
        """Scenarios and added people of the wrong type are named."""
        people, demands = [Person("a", ["x"])], [Demand("p", "x", [1.0])]
        with pytest.raises(ValidationError, match=r"scenarios\[0\] must be a Scenario"):
            compare_scenarios(people, demands, ["s"], periods=1)  # type: ignore[list-item]
        with pytest.raises(
            ValidationError, match=r"add_people\[0\] of scenario 's' must be a Person"
        ):
            compare_scenarios(people, demands, [Scenario("s", add_people=["b"])], periods=1)

    def test_mentor_people(self) -> None:
        """match_mentors names people of the wrong type."""
        people = [Person("a", {"x": 1})]
        gaps = proficiency_gaps(people, [RoleProfile("r", {"x": 3})], {"a": "r"})
        with pytest.raises(ValidationError, match=r"people\[1\] must be a Person"):
            match_mentors([*people, "b"], gaps)  # type: ignore[list-item]
