"""Tests of mentor matching (assignment on a compatibility score)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.capacity import Person, RoleProfile, match_mentors, proficiency_gaps
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from tests._hypothesis import examples
from tests._requires import requires_pandas


def setup() -> tuple[list[Person], list]:  # type: ignore[type-arg]
    people = [
        Person("ana", {"sql": 5, "python": 4}, team="data"),
        Person("bob", {"python": 5}, team="apps"),
        Person("cy", {"sql": 1}, team="apps"),
        Person("dee", {"python": 1}, team="data"),
    ]
    gaps = proficiency_gaps(
        people, [RoleProfile("dev", {"sql": 3, "python": 3})], {"cy": "dev", "dee": "dev"}
    )
    return people, list(gaps)


class TestMatchMentors:
    """Best pairs by total compatibility."""

    def test_by_hand(self) -> None:
        """dee-ana (5) + cy-bob (3) = 8 beats cy-ana (5) + dee-bob (2) = 7."""
        people, gaps = setup()
        m = match_mentors(people, gaps)
        assert [(p.mentee, p.mentor, p.score, p.skills) for p in m.pairs] == [
            ("dee", "ana", 5.0, ("sql", "python")),
            ("cy", "bob", 3.0, ("python",)),
        ]
        assert m.total_score == 8.0
        assert m.unmatched == ()

    @requires_pandas
    def test_to_frame(self) -> None:
        """One row per pair."""
        people, gaps = setup()
        assert len(match_mentors(people, gaps).to_frame()) == 2

    def test_capacity_and_weights(self) -> None:
        """With two mentees allowed ana takes both; weights and team bonus change scores."""
        people, gaps = setup()
        m = match_mentors(people, gaps, max_mentees=2)
        assert {(p.mentee, p.mentor) for p in m.pairs} == {("cy", "ana"), ("dee", "ana")}
        m = match_mentors(people, gaps, skill_weights={"sql": 10.0}, same_team_bonus=1.0)
        # cy-ana: 10*2 + 3 = 23; dee-ana: 10*3 + 2 + 1 (same team) = 33; bob teaches python only
        assert [(p.mentee, p.mentor, p.score) for p in m.pairs] == [
            ("dee", "ana", 33.0),
            ("cy", "bob", 4.0),
        ]

    def test_no_mentor(self) -> None:
        """A mentee nobody can teach is unmatched; nobody mentors themselves."""
        people = [Person("a", {"rust": 5})]
        gaps = proficiency_gaps(people, [RoleProfile("r", {"rust": 9})], {"a": "r"})
        m = match_mentors(people, gaps, min_mentor_level=1)
        assert m.pairs == () and m.unmatched == ("a",)
        assert match_mentors(people, []).pairs == ()

    @settings(max_examples=examples(40), deadline=None)
    @given(st.data())
    def test_optimal_against_brute_force(self, data: st.DataObject) -> None:
        """The total score equals the best over every one-to-one assignment."""
        skills = ["a", "b", "c"]
        n = data.draw(st.integers(2, 5))
        people = [
            Person(
                f"p{i}",
                {
                    s: data.draw(st.integers(1, 5))
                    for s in data.draw(
                        st.lists(st.sampled_from(skills), min_size=1, max_size=3, unique=True)
                    )
                },
            )
            for i in range(n)
        ]
        roles = {f"p{i}": "r" for i in range(n) if data.draw(st.booleans())}
        profile = RoleProfile("r", {s: data.draw(st.integers(1, 5)) for s in skills})
        gaps = proficiency_gaps(people, [profile], roles)
        m = match_mentors(people, gaps, min_mentor_level=3)
        mentees = list(dict.fromkeys(g.person for g in gaps))
        ids = [p.id for p in people]

        def score(mentee: str, mentor: str) -> float:
            if mentee == mentor:
                return 0.0
            lv = dict(next(p for p in people if p.id == mentor).skills)
            return sum(
                g.gap
                for g in gaps
                if g.person == mentee and lv.get(g.skill, 0) >= max(g.required, 3)
            )

        best = 0.0
        for perm in itertools.permutations(ids, len(mentees)) if len(mentees) <= len(ids) else []:
            best = max(best, sum(score(a, b) for a, b in zip(mentees, perm, strict=True)))
        assert m.total_score == pytest.approx(best)
        assert len({p.mentor for p in m.pairs}) == len(m.pairs)

    def test_errors(self) -> None:
        """Unknown gap people and bad options are named."""
        people, gaps = setup()
        with pytest.raises(UnknownReferenceError, match="'cy'"):
            match_mentors(people[:2], gaps)
        with pytest.raises(ValidationError) as e:
            match_mentors(
                people,
                gaps,
                min_mentor_level=-1,
                max_mentees=0,
                same_team_bonus=-1,
                skill_weights={"sql": -2},
            )
        assert len(e.value.problems) == 4

    def test_gaps_must_be_skill_gaps(self) -> None:
        """Items that are not SkillGaps are named (AttributeError before)."""
        people, gaps = setup()
        with pytest.raises(ValidationError, match=r"gaps\[1\] must be a SkillGap \(got int\)"):
            match_mentors(people, [gaps[0], 1])  # type: ignore[list-item]


class TestMentoringReferences:
    """Unknown skills in the weights and repeated people are named."""

    def test_unknown_skill_weight(self) -> None:
        """skill_weights={'nosuch': 1} was silently ignored."""
        people, gaps = setup()
        with pytest.raises(UnknownReferenceError, match=r"'skill_weights'.*'nosuch'"):
            match_mentors(people, gaps, skill_weights={"nosuch": 1.0, "sql": 2.0})

    def test_duplicate_people(self) -> None:
        """Two people with one id: the second silently replaced the first."""
        people, gaps = setup()
        with pytest.raises(DuplicateError, match="'ana'"):
            match_mentors([*people, Person("ana", {"sql": 5})], gaps)
