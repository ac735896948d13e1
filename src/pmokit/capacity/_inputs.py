"""Supply and demand: :class:`Person` and :class:`Demand`.

A person holds skills at proficiency levels and has an availability in hours per period;
a demand asks for hours of one skill for one project in each period. Both are frozen
attrs classes; each checks its own fields when built (all problems reported together),
and :func:`pmokit.capacity.allocate` checks how they fit together (periods, skills).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from pmokit._typing import FloatArray
from pmokit._validation import Problems
from pmokit.errors import ValidationError

__all__ = ["Demand", "Person"]



def _to_skills(value: Any) -> tuple[tuple[str, float], ...]:
    """Turn ``{"python": 3, "sql": 2}`` or ``["python", "sql"]`` into ((skill, level), ...)."""
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
        if isinstance(level, numbers.Real) and not isinstance(level, bool):
            lvl = float(level)
        out.append((skill, lvl))
    return tuple(out)


def _to_optional_array(value: Any) -> FloatArray | None:
    if value is None:
        return None
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'availability' must be an array of hours per period (got {value!r})"
        ) from None
    arr.setflags(write=False)
    return arr


def _to_array(value: Any) -> FloatArray:
    try:
        arr = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'hours' must be an array of hours per period (got {value!r})"
        ) from None
    arr.setflags(write=False)
    return arr


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


def _check_hashable(problems: Problems, value: Any, name: str) -> None:
    """Ids are dictionary keys: an unhashable one (a list, a dict) is reported."""
    try:
        hash(value)
    except TypeError:
        problems.add(
            f"{name} must be hashable, such as a string or a number "
            f"(got {value!r} that is a {type(value).__name__})"
        )


@attrs.frozen(eq=False)
class Person:
    """One person of the supply: skills, size and availability.

    Parameters
    ----------
    id
        Unique id of the person.
    skills
        Skill -> proficiency level (any positive scale, for example 1-5), or an iterable
        of skill names (level 1.0 each).
    fte
        Size of the contract [FTE], > 0; full time is 1.0.
    cost_rate
        Cost of one allocated hour [currency per hour], >= 0.
    availability
        Hours available in each period [hours], after leave and holidays; ``None`` means
        ``fte x hours_per_period`` of the allocation. Must lie in [0, fte x hours] per period.
    max_utilisation
        Share of the availability that may be allocated, in (0, 1]; the rest is slack
        for meetings, support and recovery (0.85 by default).
    team
        Optional team (or line manager) name, used by team overload signals.

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
    """

    id: Hashable
    skills: tuple[tuple[str, float], ...] = attrs.field(converter=_to_skills)
    fte: float = attrs.field(default=1.0, kw_only=True)
    cost_rate: float = attrs.field(default=0.0, kw_only=True)
    availability: FloatArray | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_array
    )
    max_utilisation: float = attrs.field(default=0.85, kw_only=True)
    team: Hashable | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        who = f"person {self.id!r}"
        _check_hashable(p, self.id, f"id of {who}")
        if self.team is not None:
            _check_hashable(p, self.team, f"team of {who}")
        p.check_number(self.fte, f"fte of {who}", minimum=0.0, strict_minimum=True)
        p.check_number(self.cost_rate, f"cost_rate of {who}", minimum=0.0)
        p.check_number(
            self.max_utilisation,
            f"max_utilisation of {who}",
            minimum=0.0,
            strict_minimum=True,
            maximum=1.0,
        )
        seen: set[str] = set()
        for skill, level in self.skills:
            if not isinstance(skill, str) or not skill:
                p.add(f"skill names of {who} must be non-empty strings (got {skill!r})")
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

    def level(self, skill: str) -> float:
        """Proficiency level in ``skill``, 0.0 if the person does not have it."""
        for name, level in self.skills:
            if name == skill:
                return level
        return 0.0


@attrs.frozen(eq=False)
class Demand:
    """Hours of one skill that one project needs in each period.

    Parameters
    ----------
    project
        The project asking for the hours.
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
    hours: FloatArray = attrs.field(converter=_to_array)
    min_proficiency: float = attrs.field(default=0.0, kw_only=True)
    value: float = attrs.field(default=1.0, kw_only=True)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        what = f"demand ({self.project!r}, {self.skill!r})"
        _check_hashable(p, self.project, f"project of {what}")
        if not isinstance(self.skill, str) or not self.skill:
            p.add(f"'skill' of {what} must be a non-empty string (got {self.skill!r})")
        _check_array(p, self.hours, f"hours of {what}")
        p.check_number(self.min_proficiency, f"min_proficiency of {what}", minimum=0.0)
        p.check_number(self.value, f"value of {what}", minimum=0.0, strict_minimum=True)
        p.raise_if_any()


def is_finite_number(x: Any) -> bool:
    """True for a real, finite, non-bool number."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(float(x))
