"""Supply and demand: :class:`Person` and :class:`Demand`.

A person holds skills at proficiency levels and has an availability in hours per period;
a demand asks for hours of one skill for one project in each period. Both are frozen
attrs classes; each checks its own fields when built (all problems reported together),
and :func:`pmokit.capacity.allocate` checks how they fit together (periods, skills).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import SAME_VALUES, PicklesReadOnly
from pmokit._tables import Table
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    check_flag,
    check_id,
    check_plausible,
    number_kind_problem,
)
from pmokit.errors import ValidationError

__all__ = ["ARRAY_EQ", "FTE_BOUND", "Demand", "Keyed", "Person", "SkillsLike"]

FTE_BOUND = 1.5
"""The plausible upper bound of one person's ``fte`` [FTE].

A larger value is most likely a percent given for a fraction (``fte=80`` for 0.8) and
is refused unless ``check_units=False`` (for a person record that stands for a group)."""

V = TypeVar("V")
Keyed: TypeAlias = Mapping[str, V] | Mapping[int, V] | Mapping[Hashable, V]
"""A mapping from ids (strings, integers or other hashable labels) to ``V``."""

SkillsLike: TypeAlias = (
    Mapping[str, float] | Iterable[str] | Iterable[tuple[str, float]] | str
)
"""What :class:`Person` accepts as skills: skill -> level, skill names, or (skill, level)
pairs."""


def _to_skills(value: SkillsLike) -> tuple[tuple[str, float], ...]:
    """Turn ``{"python": 3, "sql": 2}`` or ``["python", "sql"]`` into ((skill, level), ...)."""
    items: list[Any]
    if isinstance(value, Mapping):
        items = list(value.items())
    elif isinstance(value, str):
        items = [(value, 1.0)]
    elif isinstance(value, Iterable):
        items = []
        for item in value:
            if isinstance(item, tuple) and len(item) == 2:
                items.append(item)
            else:
                items.append((item, 1.0))
    else:
        raise ValidationError(
            "'skills' must be a mapping skill -> proficiency level or an iterable of skill "
            f"names (got {value!r} that is a {type(value).__name__})"
        )
    out: list[tuple[str, float]] = []
    for skill, level in items:
        lvl = level
        if isinstance(level, numbers.Real) and not isinstance(level, bool | np.bool_):
            lvl = float(level)
        out.append((skill, lvl))
    return tuple(out)


def _hours_array(value: Any, name: str) -> FloatArray:
    """``value`` as a read-only float64 copy; non-numbers (None, complex, datetime64,
    strings, bools) are refused by name."""
    problem = number_kind_problem(value, name)
    if problem is not None:
        raise ValidationError(
            problem.replace("an array of numbers", "an array of hours per period", 1)
        )
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'{name}' must be an array of hours per period (got {value!r})"
        ) from None
    arr.setflags(write=False)
    return arr


def _to_optional_array(value: npt.ArrayLike | None) -> FloatArray | None:
    if value is None:
        return None
    return _hours_array(value, "availability")


def _to_array(value: npt.ArrayLike) -> FloatArray:
    return _hours_array(value, "hours")


ARRAY_EQ: Any = SAME_VALUES
"""``attrs.field(eq=ARRAY_EQ, hash=False)``: a field holding an array, compared by
value (NaN equal to NaN) and left out of the hash (the shared
:data:`pmokit._results.SAME_VALUES`)."""


def _check_array(problems: Problems, arr: FloatArray, name: str) -> None:
    if arr.ndim != 1:
        problems.add(
            f"{name} must be a 1-dimensional array of hours per period (got shape {arr.shape})"
        )
        return
    bad = np.flatnonzero(~np.isfinite(arr) | (arr < 0))
    if bad.size:
        shown = ", ".join(f"period {int(i)}: {float(arr[i])!r}" for i in bad[:5])
        more = f" and {bad.size - 5} more" if bad.size > 5 else ""
        problems.add(f"{name} must hold finite hours >= 0 (got {shown}{more})")


def _check_id(problems: Problems, value: Any, name: str) -> None:
    """The id rule of pmokit (no None, empty string, float or bool; hashable)."""
    try:
        hash(value)
    except TypeError:
        problems.add(
            f"{name} must be hashable, such as a string or a number "
            f"(got {value!r} that is a {type(value).__name__})"
        )
        return
    message = check_id(value, name)
    if message is not None:
        problems.add(message)


def _check_skill_name(problems: Problems, value: Any, name: str) -> bool:
    if not isinstance(value, str) or not value.strip():
        problems.add(f"{name} must be a non-empty string (got {value!r})")
        return False
    return True


@attrs.frozen
class Person(PicklesReadOnly):
    """One person of the supply: skills, size and availability.

    Parameters
    ----------
    id
        Unique id of the person (a non-empty string or an integer).
    skills
        Skill -> proficiency level (any positive scale, for example 1-5), or an iterable
        of skill names (level 1.0 each).
    fte
        Size of the contract [FTE], > 0; full time is 1.0. Values above
        :data:`FTE_BOUND` (1.5) are refused as a probable percent (``fte=80`` for 0.8)
        unless ``check_units=False``.
    cost_rate
        Cost of one allocated hour [currency per hour], >= 0.
    availability
        Hours available in each period [hours], after leave and holidays; ``None`` means
        ``fte x hours_per_period`` of the allocation. Must lie in [0, fte x hours] per period.
    max_utilisation
        Share of the availability that may be allocated, in (0, 1] (a fraction, not a
        percent: 0.85, not 85); the rest is slack for meetings, support and recovery
        (0.85 by default).
    team
        Optional team (or line manager) name, used by team overload signals.
    check_units
        ``False`` to accept an ``fte`` above :data:`FTE_BOUND` (a record that stands for
        several people); not part of equality.

    Raises
    ------
    ValidationError
        If a field is out of range; every bad field is named.

    Examples
    --------
    >>> p = Person("ana", {"python": 4, "sql": 2}, fte=0.8, cost_rate=60.0)
    >>> p.skills
    (('python', 4.0), ('sql', 2.0))
    >>> p.level("sql"), p.level("java")
    (2.0, 0.0)
    >>> Person("bob", ["sql"], fte=80)
    Traceback (most recent call last):
    ...
    pmokit.errors.ValidationError: 'fte of person 'bob'' is 80, above the plausible bound 1.5: ...
    """

    id: Hashable
    skills: tuple[tuple[str, float], ...] = attrs.field(converter=_to_skills)
    fte: float = attrs.field(default=1.0, kw_only=True)
    cost_rate: float = attrs.field(default=0.0, kw_only=True)
    availability: FloatArray | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_array, eq=ARRAY_EQ, hash=False
    )
    max_utilisation: float = attrs.field(default=0.85, kw_only=True)
    team: Hashable | None = attrs.field(default=None, kw_only=True)
    check_units: bool = attrs.field(default=True, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        who = f"person {self.id!r}"
        _check_id(p, self.id, f"id of {who}")
        if self.team is not None:
            _check_id(p, self.team, f"team of {who}")
        try:
            check_flag(self.check_units, "check_units")
        except ValidationError as exc:
            p.extend(exc.problems)
        p.check_number(self.fte, f"fte of {who}", minimum=0.0, strict_minimum=True)
        if is_finite_number(self.fte) and self.check_units is not False:
            slip = check_plausible(
                self.fte,
                f"fte of {who}",
                bound=FTE_BOUND,
                hint=f"did you give a percent? fte is a fraction of full time "
                f"(1.0 = full time, so {self.fte!r} % is {float(self.fte) / 100!r})",
            )
            if slip is not None:
                p.add(slip)
        p.check_number(self.cost_rate, f"cost_rate of {who}", minimum=0.0)
        _check_share(p, self.max_utilisation, f"max_utilisation of {who}")
        seen: set[str] = set()
        for skill, level in self.skills:
            if not _check_skill_name(p, skill, f"skill names of {who}"):
                continue
            if skill in seen:
                p.add(f"skill {skill!r} of {who} must be listed once (got it twice)")
            seen.add(skill)
            p.check_number(
                level, f"proficiency of {who} in {skill!r}", minimum=0.0, strict_minimum=True
            )
        if self.availability is not None:
            _check_array(p, self.availability, f"availability of {who}")
        p.raise_if_any()

    @classmethod
    def from_frame(
        cls,
        people: Table,
        skills: Table | None = None,
        availability: Table | None = None,
        *,
        id: str = "id",
        fte: str = "fte",
        cost_rate: str = "cost_rate",
        max_utilisation: str = "max_utilisation",
        team: str = "team",
        periods: Sequence[Any] | None = None,
        check_units: bool = True,
    ) -> tuple[Person, ...]:
        """People from a table, a wide skill matrix and a wide availability table.

        Parameters
        ----------
        people
            A pandas DataFrame, a mapping of column name to values, or a list of dicts,
            one row per person. Required column ``id`` (or a labelled DataFrame index,
            such as ``df.set_index("id")``); optional ``fte`` [FTE],
            ``cost_rate`` [currency per hour], ``max_utilisation`` (a fraction) and
            ``team``; a blank cell keeps the default. Each keyword renames its column.
        skills
            A wide skill matrix: one row per person, named by the ``id`` column (or a
            labelled DataFrame index), one column per skill holding the proficiency
            level; NaN, blank or 0 means "no skill". People absent from it have none.
        availability
            A wide table of hours per period [hours]: one row per person (as ``skills``),
            one column per period; people absent from it keep ``availability=None``.
        periods
            The period column labels of ``availability``, in order (default: every
            column but the id, in the table's order).
        check_units
            Passed to every :class:`Person`.

        Returns
        -------
        tuple of Person
            In the row order of ``people``.

        Raises
        ------
        ValidationError
            Naming the row and column: a missing ``id`` column, a level or number that is
            not a number, a negative level, a bad field of a person.
        UnknownReferenceError
            A row of ``skills`` or ``availability`` naming no person (all listed).
        DuplicateError
            An id given twice, with both rows.

        Notes
        -----
        Rows are matched by label, never by position; ids follow the one id rule
        (:func:`pmokit._validation.check_id`): integers stay integers, ``3.0`` from a
        numeric column with gaps becomes ``3``. pandas is optional.

        Examples
        --------
        >>> people = [{"id": 1, "fte": 1.0}, {"id": 2, "fte": 0.5, "team": "data"}]
        >>> skills = {"id": [2, 1], "python": [3, 0], "sql": [None, 2]}
        >>> ana, bob = Person.from_frame(people, skills)
        >>> ana.skills, bob.skills, bob.team
        ((('sql', 2.0),), (('python', 3.0),), 'data')
        """
        from pmokit.capacity._frames import people_from_frame

        return people_from_frame(
            people, skills, availability, id=id, fte=fte, cost_rate=cost_rate,
            max_utilisation=max_utilisation, team=team, periods=periods,
            check_units=check_units,
        )

    @classmethod
    def from_records(
        cls,
        people: Iterable[Mapping[str, Any]],
        skills: Iterable[Mapping[str, Any]] | None = None,
        availability: Iterable[Mapping[str, Any]] | None = None,
        **columns: Any,
    ) -> tuple[Person, ...]:
        """People from records (dicts); the same columns and rules as :meth:`from_frame`.

        Examples
        --------
        >>> [p.id for p in Person.from_records([{"id": "ana"}, {"id": "bob"}])]
        ['ana', 'bob']
        """
        from pmokit._tables import refuse_columns_of_records
        from pmokit.capacity._frames import people_from_frame

        refuse_columns_of_records(people, "people")
        return people_from_frame(
            list(people), None if skills is None else list(skills),
            None if availability is None else list(availability), **columns,
        )

    def level(self, skill: str) -> float:
        """Proficiency level in ``skill``, 0.0 if the person does not have it."""
        for name, level in self.skills:
            if name == skill:
                return level
        return 0.0


def _check_share(problems: Problems, value: Any, name: str) -> None:
    """A share in (0, 1]; a value in (1, 100] is named as a probable percent."""
    before = len(problems)
    problems.check_number(value, name, minimum=0.0, strict_minimum=True, maximum=1.0)
    if len(problems) > before and is_finite_number(value) and 1.0 < float(value) <= 100.0:
        problems.items[-1] += (
            f": did you give a percent? it is a fraction of the availability, so "
            f"{value!r} % is {float(value) / 100!r}"
        )


@attrs.frozen
class Demand(PicklesReadOnly):
    """Hours of one skill that one project needs in each period.

    Parameters
    ----------
    project
        The project asking for the hours (a non-empty string or an integer).
    skill
        The skill needed.
    hours
        Hours needed in each period [hours], one value per period of the allocation.
    min_proficiency
        Lowest proficiency level accepted; people below it are not allocated (default 0:
        anyone holding the skill).
    value
        Value of covering one hour [currency per hour], > 0; an hour left unmet costs
        this much in the objective, so it sets the priority between demands.

    Raises
    ------
    ValidationError
        If a field is out of range; every bad field is named.

    Examples
    --------
    >>> d = Demand("apollo", "python", [10, 20, 0], value=150.0)
    >>> d.hours.sum()
    np.float64(30.0)
    """

    project: Hashable
    skill: str
    hours: FloatArray = attrs.field(converter=_to_array, eq=ARRAY_EQ, hash=False)
    min_proficiency: float = attrs.field(default=0.0, kw_only=True)
    value: float = attrs.field(default=1.0, kw_only=True)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        what = f"demand ({self.project!r}, {self.skill!r})"
        _check_id(p, self.project, f"project of {what}")
        _check_skill_name(p, self.skill, f"'skill' of {what}")
        _check_array(p, self.hours, f"hours of {what}")
        p.check_number(self.min_proficiency, f"min_proficiency of {what}", minimum=0.0)
        p.check_number(self.value, f"value of {what}", minimum=0.0, strict_minimum=True)
        p.raise_if_any()

    @classmethod
    def from_frame(
        cls,
        demands: Table,
        *,
        project: str = "project",
        skill: str = "skill",
        periods: Sequence[Any] | None = None,
        min_proficiency: str = "min_proficiency",
        value: str = "value",
    ) -> tuple[Demand, ...]:
        """Demands from a table: one row per (project, skill), one column per period.

        Parameters
        ----------
        demands
            A pandas DataFrame, a mapping of column name to values, or a list of dicts.
            Required columns ``project`` and ``skill``; optional ``min_proficiency`` and
            ``value`` [currency per hour]; every other column is a period holding the
            hours needed [hours] (a blank cell is 0 hours). Each keyword renames its
            column.
        periods
            The period column labels, in order (default: every other column, in the
            table's order); a label absent from the table is an error.

        Returns
        -------
        tuple of Demand
            In row order.

        Raises
        ------
        ValidationError
            Naming the row and column: a missing required column or period column, hours
            that are not a number or are negative, a missing project or skill.
        DuplicateError
            The same (project, skill) on two rows, with both rows.

        Examples
        --------
        >>> rows = [{"project": 7, "skill": "python", "2026-01": 10, "2026-02": None}]
        >>> d, = Demand.from_frame(rows)
        >>> d.project, d.hours.tolist()
        (7, [10.0, 0.0])
        """
        from pmokit.capacity._frames import demands_from_frame

        return demands_from_frame(
            demands, project=project, skill=skill, periods=periods,
            min_proficiency=min_proficiency, value=value,
        )

    @classmethod
    def from_records(
        cls, demands: Iterable[Mapping[str, Any]], **columns: Any
    ) -> tuple[Demand, ...]:
        """Demands from records (dicts); the same columns and rules as :meth:`from_frame`.

        Examples
        --------
        >>> len(Demand.from_records([{"project": "a", "skill": "sql", "p1": 4}]))
        1
        """
        from pmokit._tables import refuse_columns_of_records
        from pmokit.capacity._frames import demands_from_frame

        refuse_columns_of_records(demands, "demands")
        return demands_from_frame(list(demands), **columns)


def is_finite_number(x: Any) -> bool:
    """True for a real, finite, non-bool number."""
    return (
        isinstance(x, numbers.Real)
        and not isinstance(x, bool | np.bool_)
        and math.isfinite(float(x))
    )
