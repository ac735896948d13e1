"""Skills and training: skill matrix, proficiency gaps against role profiles, training needs."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import PicklesReadOnly, Record, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, check_ids, check_known
from pmokit.capacity._allocate import Allocation
from pmokit.capacity._inputs import ARRAY_EQ, Keyed, Person
from pmokit.capacity._records import Records
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError

__all__ = [
    "RoleProfile",
    "SkillGap",
    "SkillMatrix",
    "TrainingNeed",
    "proficiency_gaps",
    "skill_matrix",
    "training_needs",
]



@display()
@attrs.frozen
class SkillMatrix(PicklesReadOnly):
    """Proficiency of every person in every skill.

    Attributes
    ----------
    people
        Row labels (person ids).
    skills
        Column labels.
    levels
        ``people x skills`` proficiency levels, 0 where a skill is not held (read-only).
    """

    people: tuple[Hashable, ...]
    skills: tuple[str, ...]
    levels: FloatArray = attrs.field(eq=ARRAY_EQ, hash=False)

    @property
    def holders(self) -> npt.NDArray[np.int64]:
        """Number of people holding each skill."""
        return (self.levels > 0).sum(axis=0).astype(np.int64)  # type: ignore[no-any-return]

    def level(self, person: Hashable, skill: str) -> float:
        """Proficiency of ``person`` in ``skill`` (0 if not held).

        Raises
        ------
        UnknownReferenceError
            If the person or the skill is not in the matrix (also a ``KeyError``).
        """
        if person not in self.people:
            check_known([person], self.people, "person", "person")
        if skill not in self.skills:
            check_known([skill], self.skills, "skill", "skill")
        return float(self.levels[self.people.index(person), self.skills.index(skill)])

    def to_records(self) -> list[Record]:
        """One record per person: ``person`` and one column per skill."""
        return [
            {"person": pid, **{s: float(v) for s, v in zip(self.skills, row, strict=True)}}
            for pid, row in zip(self.people, self.levels, strict=True)
        ]

    def to_frame(self) -> Any:
        """People x skills as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="person")


def skill_matrix(people: Sequence[Person], *, skills: Iterable[str] | None = None) -> SkillMatrix:
    """The people x skills matrix of proficiency levels.

    Parameters
    ----------
    people
        The people.
    skills
        Column order; ``None`` for every skill held, in first-met order. A skill held by
        someone but missing here is an error.

    Returns
    -------
    SkillMatrix

    Raises
    ------
    UnknownReferenceError
        If a person holds a skill outside ``skills``.

    Examples
    --------
    >>> m = skill_matrix([Person("ana", {"sql": 3}), Person("bob", {"sql": 1, "python": 4})])
    >>> m.skills, m.levels.tolist(), m.holders.tolist()
    (('sql', 'python'), [[3.0, 0.0], [1.0, 4.0]], [2, 1])
    """
    people = list(people)
    for i, person in enumerate(people):
        if not isinstance(person, Person):
            raise ValidationError(f"people[{i}] must be a Person (got {type(person).__name__})")
    check_ids([person.id for person in people], "ids of 'people'")
    held = tuple(dict.fromkeys(s for person in people for s, _ in person.skills))
    if isinstance(skills, str):  # a single string is one skill, not its letters
        skills = (skills,)
    if skills is None:
        cols = held
    else:
        given = tuple(skills)
        bad = [f"'skills' must hold non-empty skill names (got {s!r})"
               for s in given if not isinstance(s, str) or not s.strip()]
        if bad:
            raise ValidationError(bad)
        cols = check_ids(given, "skills")  # type: ignore[assignment]
    col = {s: i for i, s in enumerate(cols)}
    missing = [(person.id, s) for person in people for s, _ in person.skills if s not in col]
    if missing:
        raise UnknownReferenceError(
            [f"skill {s!r} of person {pid!r} must be one of 'skills'" for pid, s in missing],
            [s for _, s in missing],
        )
    levels = np.zeros((len(people), len(cols)))
    for i, person in enumerate(people):
        for s, lv in person.skills:
            levels[i, col[s]] = lv
    levels.setflags(write=False)
    return SkillMatrix(people=tuple(p.id for p in people), skills=cols, levels=levels)


def _requirements(
    value: Mapping[str, float] | Iterable[tuple[str, float]],
) -> tuple[tuple[str, float], ...]:
    if isinstance(value, Mapping):
        return tuple((k, v) for k, v in value.items())
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError(
            f"'requirements' must map skill names to levels (got {value!r:.60})"
        )
    items = tuple(value)
    for item in items:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise ValidationError(
                f"'requirements' must map skill names to levels (got the item {item!r:.60})"
            )
    return items


@attrs.frozen
class RoleProfile:
    """The skills a role needs, with the proficiency level required in each.

    Parameters
    ----------
    role
        Name of the role.
    requirements
        Skill -> required level (> 0).

    Examples
    --------
    >>> RoleProfile("data engineer", {"python": 3, "sql": 4}).requirements
    (('python', 3), ('sql', 4))
    """

    role: str
    requirements: tuple[tuple[str, float], ...] = attrs.field(converter=_requirements)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not isinstance(self.role, str) or not self.role.strip():
            p.add(f"'role' of a role profile must be a non-empty string (got {self.role!r})")
        seen: set[str] = set()
        for skill, _ in self.requirements:
            if not isinstance(skill, str) or not skill.strip():
                p.add(
                    f"skill names of role {self.role!r} must be non-empty strings "
                    f"(got {skill!r})"
                )
            elif skill in seen:
                p.add(f"skill {skill!r} of role {self.role!r} must be listed once (got it twice)")
            else:
                seen.add(skill)
        for skill, level in self.requirements:
            p.check_number(
                level, f"level of {skill!r} in role {self.role!r}", minimum=0.0, strict_minimum=True
            )
        p.raise_if_any()


@attrs.frozen
class SkillGap:
    """A person below the level their role requires in one skill.

    Attributes
    ----------
    person, role, skill
        Who, in which role, for which skill.
    required, current
        Required and current proficiency level.
    gap
        ``required - current`` (> 0).
    """

    person: Hashable
    role: str
    skill: str
    required: float
    current: float
    gap: float


def proficiency_gaps(
    people: Sequence[Person],
    profiles: Sequence[RoleProfile],
    roles: Keyed[str],
) -> Records[SkillGap]:
    """Every skill in which a person falls short of their role profile.

    Parameters
    ----------
    people
        The people.
    profiles
        The role profiles.
    roles
        Person id -> role name; people not listed have no profile and no gaps.

    Returns
    -------
    Records of SkillGap
        Largest gap first (ties by person and skill order); a tuple with ``to_records()``
        and ``to_frame()``.

    Raises
    ------
    UnknownReferenceError
        If ``roles`` names an unknown person or role.
    DuplicateError
        If two profiles share a role name.

    Examples
    --------
    >>> gaps = proficiency_gaps([Person("ana", {"sql": 2})],
    ...                         [RoleProfile("analyst", {"sql": 4, "python": 2})],
    ...                         {"ana": "analyst"})
    >>> [(g.skill, g.gap) for g in gaps]
    [('sql', 2.0), ('python', 2.0)]
    """
    people = list(people)
    profiles = list(profiles)
    for i, person in enumerate(people):
        if not isinstance(person, Person):
            raise ValidationError(f"people[{i}] must be a Person (got {type(person).__name__})")
    for i, pr in enumerate(profiles):
        if not isinstance(pr, RoleProfile):
            raise ValidationError(
                f"profiles[{i}] must be a RoleProfile (got {type(pr).__name__})"
            )
    if not isinstance(roles, Mapping):
        raise ValidationError(f"'roles' must map person ids to role names (got {roles!r:.60})")
    by_role: dict[str, RoleProfile] = {}
    dups = []
    for pr in profiles:
        if pr.role in by_role:
            dups.append(pr.role)
        by_role[pr.role] = pr
    if dups:
        raise DuplicateError(
            [f"role profile {r!r} must be defined once (got it twice)" for r in dups], dups
        )
    check_ids([p.id for p in people], "ids of 'people'")
    ids = {p.id: p for p in people}
    problems: list[str] = []
    unknown: list[Hashable] = []
    for pid, role in roles.items():
        if not isinstance(role, str):
            problems.append(f"role of person {pid!r} must be a role name (got {role!r:.60})")
            continue
        if pid not in ids:
            unknown.append(pid)
            problems.append(f"'roles' names person {pid!r}, who is not in 'people'")
        if role not in by_role:
            unknown.append(role)
            problems.append(f"role {role!r} of person {pid!r} must have a RoleProfile")
    if problems and not unknown:
        raise ValidationError(problems)
    if problems:
        raise UnknownReferenceError(problems, unknown)
    gaps: list[tuple[float, int, int, SkillGap]] = []
    order = {p.id: i for i, p in enumerate(people)}
    for pid, role in roles.items():
        person = ids[pid]
        for k, (skill, required) in enumerate(by_role[role].requirements):
            current = person.level(skill)
            if current < required:
                g = SkillGap(
                    person=pid,
                    role=role,
                    skill=skill,
                    required=float(required),
                    current=current,
                    gap=float(required) - current,
                )
                gaps.append((-g.gap, order[pid], k, g))
    gaps.sort(key=lambda x: x[:3])
    return Records(g for *_, g in gaps)


@attrs.frozen
class TrainingNeed:
    """A skill to train, ranked by what one more hour of it is worth.

    Attributes
    ----------
    skill
        The skill.
    shadow_value
        The skill's shadow price summed over the periods [currency per hour per period]:
        the objective decrease if one more proficient hour were available in every period.
    unmet_hours
        The skill's unmet demand [hours].
    people
        People with a gap in the skill, largest gap first.
    total_gap
        Sum of their level gaps.
    """

    skill: str
    shadow_value: float
    unmet_hours: float
    people: tuple[Hashable, ...]
    total_gap: float


def training_needs(gaps: Sequence[SkillGap], allocation: Allocation) -> Records[TrainingNeed]:
    """Training needs from proficiency gaps, ranked by the shadow price of the skill.

    Parameters
    ----------
    gaps
        From :func:`proficiency_gaps`.
    allocation
        An allocation whose shadow prices rank the skills; skills outside its catalogue
        get a shadow value of 0.

    Returns
    -------
    Records of TrainingNeed
        Highest shadow value first, then most unmet hours, then largest total gap.

    Examples
    --------
    >>> from pmokit.capacity import Demand, allocate
    >>> people = [Person("ana", {"sql": 2}, max_utilisation=1.0),
    ...           Person("bob", {"python": 1}, max_utilisation=1.0)]
    >>> a = allocate(people, [Demand("p", "python", [50.0], value=80.0),
    ...                       Demand("p", "sql", [10.0], value=60.0)], periods=1)
    >>> gaps = proficiency_gaps(people, [RoleProfile("dev", {"python": 3, "sql": 3})],
    ...                         {"ana": "dev", "bob": "dev"})
    >>> [(n.skill, n.shadow_value, n.people) for n in training_needs(gaps, a)]
    [('python', 80.0, ('ana', 'bob')), ('sql', 0.0, ('bob', 'ana'))]
    """
    if not isinstance(allocation, Allocation):
        raise ValidationError(
            f"'allocation' must be an Allocation (got {type(allocation).__name__})"
        )
    gaps = list(gaps)
    for i, g in enumerate(gaps):
        if not isinstance(g, SkillGap):
            raise ValidationError(f"gaps[{i}] must be a SkillGap (got {type(g).__name__})")
    col = {s: i for i, s in enumerate(allocation.skills)}
    value = allocation.shadow_price.sum(axis=1)
    unmet = allocation.skill_unmet.sum(axis=1)
    grouped: dict[str, list[SkillGap]] = {}
    for g in gaps:
        grouped.setdefault(g.skill, []).append(g)
    needs = []
    for skill, items in grouped.items():
        items.sort(key=lambda g: -g.gap)
        s = col.get(skill)
        needs.append(
            TrainingNeed(
                skill=skill,
                shadow_value=float(value[s]) if s is not None else 0.0,
                unmet_hours=float(unmet[s]) if s is not None else 0.0,
                people=tuple(dict.fromkeys(g.person for g in items)),
                total_gap=float(sum(g.gap for g in items)),
            )
        )
    needs.sort(key=lambda n: (-n.shadow_value, -n.unmet_hours, -n.total_gap, n.skill))
    return Records(needs)
