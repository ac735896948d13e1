"""Tests of the skill matrix, proficiency gaps and training needs."""

from __future__ import annotations

import pytest

from pmokit.capacity import (
    Demand,
    Person,
    RoleProfile,
    allocate,
    proficiency_gaps,
    skill_matrix,
    training_needs,
)
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from tests._requires import requires_pandas


def team() -> list[Person]:
    return [
        Person("ana", {"sql": 4, "python": 2}, max_utilisation=1.0),
        Person("bob", {"python": 5}, max_utilisation=1.0),
        Person("cy", {"excel": 3}, max_utilisation=1.0),
    ]


class TestSkillMatrix:
    """People x skills levels."""

    def test_matrix(self) -> None:
        """Levels, holders and records."""
        m = skill_matrix(team())
        assert m.skills == ("sql", "python", "excel")
        assert m.levels.tolist() == [[4, 2, 0], [0, 5, 0], [0, 0, 3]]
        assert m.holders.tolist() == [1, 2, 1]
        assert m.level("ana", "python") == 2.0
        assert m.to_records()[0] == {"person": "ana", "sql": 4.0, "python": 2.0, "excel": 0.0}

    @requires_pandas
    def test_to_frame(self) -> None:
        """People x skills as a table indexed by person."""
        assert skill_matrix(team()).to_frame().loc["bob", "python"] == 5.0

    def test_explicit_columns(self) -> None:
        """An explicit catalogue sets the columns; unknown held skills are refused."""
        m = skill_matrix(team(), skills=["excel", "sql", "python", "rust"])
        assert m.levels[:, 3].tolist() == [0, 0, 0]
        with pytest.raises(UnknownReferenceError, match="skill 'excel' of person 'cy'"):
            skill_matrix(team(), skills=["sql", "python"])
        with pytest.raises(ValidationError, match=r"people\[0\] must be a Person"):
            skill_matrix(["ana"])  # type: ignore[list-item]

    def test_one_string_is_one_skill(self) -> None:
        """skills="python" is one column (it was split into letters before)."""
        m = skill_matrix([team()[1]], skills="python")
        assert m.skills == ("python",)
        assert m.levels.tolist() == [[5.0]]


class TestGapsAndNeeds:
    """Gaps against role profiles, ranked training needs."""

    def profiles(self) -> list[RoleProfile]:
        return [RoleProfile("dev", {"python": 4, "sql": 2}), RoleProfile("analyst", {"sql": 3})]

    def test_gaps(self) -> None:
        """Each shortfall once, largest first."""
        gaps = proficiency_gaps(
            team(), self.profiles(), {"ana": "dev", "cy": "analyst", "bob": "dev"}
        )
        got = [(g.person, g.skill, g.required, g.current, g.gap) for g in gaps]
        assert got == [
            ("cy", "sql", 3.0, 0.0, 3.0),
            ("ana", "python", 4.0, 2.0, 2.0),
            ("bob", "sql", 2.0, 0.0, 2.0),
        ]

    def test_needs_ranked_by_shadow_price(self) -> None:
        """sql has unmet demand (price 120), python none; sql ranks first though its gap is 5."""
        people = team()
        a = allocate(
            people,
            [Demand("p", "sql", [50.0], value=120.0), Demand("p", "python", [30.0], value=200.0)],
            periods=1,
        )
        assert a.shadow_price[a.skills.index("sql"), 0] == pytest.approx(120.0)
        gaps = proficiency_gaps(
            people, self.profiles(), {"ana": "dev", "cy": "analyst", "bob": "dev"}
        )
        needs = training_needs(gaps, a)
        assert [n.skill for n in needs] == ["sql", "python"]
        assert needs[0].people == ("cy", "bob")
        assert needs[0].total_gap == 5.0
        assert needs[0].unmet_hours == pytest.approx(10.0)
        assert gaps.to_records()[0]["person"] == "cy"
        assert isinstance(gaps, tuple)

    @requires_pandas
    def test_needs_to_frame(self) -> None:
        """Training needs as a table, in rank order."""
        people = team()
        a = allocate(
            people,
            [Demand("p", "sql", [50.0], value=120.0), Demand("p", "python", [30.0], value=200.0)],
            periods=1,
        )
        gaps = proficiency_gaps(
            people, self.profiles(), {"ana": "dev", "cy": "analyst", "bob": "dev"}
        )
        frame = training_needs(gaps, a).to_frame()
        assert list(frame["skill"]) == ["sql", "python"]

    def test_skill_outside_catalogue_ranks_last(self) -> None:
        """A gap skill nobody demands has shadow value 0."""
        people = team()
        a = allocate(people, [Demand("p", "excel", [50.0], value=10.0)], periods=1)
        gaps = proficiency_gaps(people, [RoleProfile("x", {"rust": 1, "excel": 4})], {"cy": "x"})
        needs = training_needs(gaps, a)
        assert [(n.skill, n.shadow_value) for n in needs] == [("excel", 10.0), ("rust", 0.0)]

    def test_errors(self) -> None:
        """Unknown people and roles, duplicate profiles, bad levels and inputs."""
        with pytest.raises(UnknownReferenceError) as e:
            proficiency_gaps(team(), self.profiles(), {"zed": "dev", "ana": "boss"})
        assert set(e.value.unknown) == {"zed", "boss"}
        with pytest.raises(DuplicateError, match="role profile 'dev'"):
            proficiency_gaps(team(), [*self.profiles(), RoleProfile("dev", {})], {})
        with pytest.raises(ValidationError, match="level of 'sql' in role 'x'"):
            RoleProfile("x", {"sql": 0})
        with pytest.raises(ValidationError, match="'allocation' must be an Allocation"):
            training_needs([], "a")  # type: ignore[arg-type]
        a = allocate(team(), [], periods=1)
        with pytest.raises(ValidationError, match=r"gaps\[0\] must be a SkillGap"):
            training_needs(["g"], a)  # type: ignore[list-item]


class TestSkillReferences:
    """Repeated people and skills, unknown lookups and empty names."""

    def test_duplicate_people_in_the_matrix(self) -> None:
        """Two rows with one id were both kept."""
        with pytest.raises(DuplicateError, match="'ana'"):
            skill_matrix([Person("ana", {"sql": 1}), Person("ana", {"sql": 3})])

    def test_duplicate_declared_columns(self) -> None:
        """skills=['sql', 'sql'] was silently deduplicated."""
        with pytest.raises(DuplicateError, match="'sql'"):
            skill_matrix([Person("ana", {"sql": 1})], skills=["sql", "sql"])

    def test_duplicate_people_in_gaps(self) -> None:
        """The second 'ana' silently replaced the first."""
        people = [Person("ana", {"sql": 1}), Person("ana", {"sql": 5})]
        with pytest.raises(DuplicateError, match="'ana'"):
            proficiency_gaps(people, [RoleProfile("dev", {"sql": 3})], {"ana": "dev"})

    def test_unknown_lookup_in_the_matrix(self) -> None:
        """level() of an unknown person leaked tuple.index's ValueError."""
        m = skill_matrix([Person("ana", {"sql": 1})])
        with pytest.raises(UnknownReferenceError, match="'zed'"):
            m.level("zed", "sql")
        with pytest.raises(KeyError):
            m.level("ana", "cobol")

    def test_role_profile_names(self) -> None:
        """An empty role, a blank skill or a skill given twice is refused."""
        with pytest.raises(ValidationError, match="'role' of a role profile"):
            RoleProfile("", {"sql": 3})
        with pytest.raises(ValidationError, match="skill names of role 'dev'"):
            RoleProfile("dev", {" ": 3})
        with pytest.raises(ValidationError, match="skill 'sql' of role 'dev' must be listed once"):
            RoleProfile("dev", [("sql", 3), ("sql", 4)])

    def test_role_that_is_not_a_name(self) -> None:
        """A role given as something other than a string is named."""
        with pytest.raises(ValidationError, match="role of person 'ana' must be a role name"):
            proficiency_gaps([Person("ana", {"sql": 1})], [RoleProfile("dev", {"sql": 3})],
                             {"ana": ["dev"]})  # type: ignore[dict-item]
