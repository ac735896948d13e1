"""Error paths of the inputs and of the entry points not covered elsewhere."""

from __future__ import annotations

import numpy as np
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


class TestUnitSlips:
    """Probable percents given for fractions are refused, with a way to mean it."""

    def test_fte_as_a_percent(self) -> None:
        """fte=80 (for 0.8) is refused above the bound 1.5; it was accepted."""
        with pytest.raises(ValidationError, match=r"fte of person 'a'.*above the plausible "
                           r"bound 1\.5: did you give a percent\?.*0\.8"):
            Person("a", ["x"], fte=80)

    def test_fte_bound_is_inclusive_and_can_be_lifted(self) -> None:
        """1.5 is accepted; check_units=False accepts a record standing for a group."""
        from pmokit.capacity import FTE_BOUND

        assert FTE_BOUND == 1.5
        assert Person("a", ["x"], fte=1.5).fte == 1.5
        assert Person("a", ["x"], fte=80, check_units=False).fte == 80

    def test_check_units_takes_only_bools(self) -> None:
        """A truthy string does not switch the guard off."""
        with pytest.raises(ValidationError, match="'check_units' must be True or False"):
            Person("a", ["x"], fte=80, check_units="no")  # type: ignore[arg-type]

    def test_max_utilisation_as_a_percent(self) -> None:
        """max_utilisation=85 says it is a probable percent, like fte does."""
        with pytest.raises(ValidationError, match=r"max_utilisation of person 'a''? must be "
                           r"<= 1\.0 \(got 85\): did you give a percent\?.*0\.85"):
            Person("a", ["x"], max_utilisation=85)

    def test_availability_fte_as_a_percent(self) -> None:
        """availability(fte=80) is refused the same way (check_units=False to mean it)."""
        import datetime as dt

        from pmokit.calendar import WorkCalendar
        from pmokit.capacity import availability

        cal = WorkCalendar(hours_per_day=8.0)
        start, end = dt.date(2026, 3, 2), dt.date(2026, 3, 9)
        with pytest.raises(ValidationError, match="did you give a percent"):
            availability(cal, start, end, fte=80)
        assert availability(cal, start, end, fte=2, check_units=False).tolist() == [80.0]


class TestIdsAndNumbers:
    """Empty ids and values that are not real numbers are refused by name."""

    @pytest.mark.parametrize("bad", ["", "  ", None, 1.5, True])
    def test_bad_person_id(self, bad: object) -> None:
        """An empty, blank, None, float or bool id is refused (empty ids were accepted)."""
        with pytest.raises(ValidationError, match="id of person"):
            Person(bad, ["x"])  # type: ignore[arg-type]

    def test_empty_project_skill_and_team(self) -> None:
        """Empty project ids, blank skills and empty teams are named."""
        with pytest.raises(ValidationError, match="project of demand"):
            Demand("", "x", [1.0])
        with pytest.raises(ValidationError, match="'skill' of demand"):
            Demand("p", "  ", [1.0])
        with pytest.raises(ValidationError, match="team of person 'a'"):
            Person("a", ["x"], team="")
        with pytest.raises(ValidationError, match="skill names of person 'a'"):
            Person("a", {" ": 2})

    @pytest.mark.parametrize(
        ("hours", "kind"),
        [
            (np.array([5.0 + 1.0j]), "complex numbers"),
            (np.array(["2026-01-05"], dtype="datetime64[D]"), "datetime64 values"),
            ([None, 2.0], "None"),
        ],
    )
    def test_hours_must_be_real_numbers(self, hours: object, kind: str) -> None:
        """Complex hours lost their imaginary part and dates became day counts."""
        with pytest.raises(ValidationError, match=f"'hours' must be an array of hours.*{kind}"):
            Demand("p", "x", hours)
        with pytest.raises(ValidationError, match=f"'availability' must be an array.*{kind}"):
            Person("a", ["x"], availability=hours)

    @pytest.mark.parametrize("bad", [None, 1 + 2j, np.datetime64("2026-01-05")])
    def test_scalar_fields_must_be_real(self, bad: object) -> None:
        """None, complex and datetime64 are not numbers for fte, cost or value."""
        with pytest.raises(ValidationError, match="must be a real number"):
            Person("a", ["x"], fte=bad)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="must be a real number"):
            Demand("p", "x", [1.0], value=bad)  # type: ignore[arg-type]
