"""Historical project records, lessons learned and post-project reviews."""

from __future__ import annotations

import datetime as _dt
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from pmokit._results import FrozenDict, display
from pmokit._typing import Id
from pmokit._validation import Problems, check_flag, check_id
from pmokit.errors import ValidationError

__all__ = [
    "MEASURES",
    "Baseline",
    "Lesson",
    "PostProjectReview",
    "ProjectRecord",
]

Measure = Literal["cost", "duration", "effort", "benefits"]
MEASURES: tuple[str, ...] = ("cost", "duration", "effort", "benefits")
"""Measures with a planned and an actual value on a :class:`ProjectRecord`."""

Scalar = str | int | float | bool


def _freeze_numbers(value: Mapping[str, float] | None) -> FrozenDict:
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        raise ValidationError(f"'size' must be a mapping of measure name to number (got {value!r})")
    return FrozenDict(value)


def _freeze_attributes(value: Mapping[str, Scalar] | None) -> FrozenDict:
    if value is None:
        return FrozenDict()
    if not isinstance(value, Mapping):
        raise ValidationError(f"'attributes' must be a mapping of name to value (got {value!r})")
    return FrozenDict(value)


def _tags(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """Tags as a tuple of non-empty strings; a repeat is dropped (a set of labels),
    keeping the first-met order."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, Iterable):
        raise ValidationError(
            f"tags must be a string or a sequence of strings "
            f"(got {value!r:.60} that is a {type(value).__name__})"
        )
    items = tuple(value)
    bad = [t for t in items if not isinstance(t, str) or not t.strip()]
    if bad:
        raise ValidationError(
            f"tags must be non-empty strings (got {bad[0]!r:.60} that is a "
            f"{type(bad[0]).__name__})"
        )
    return tuple(dict.fromkeys(items))


def _id_problem(value: object, what: str) -> str | None:
    """A message if ``value`` breaks the one id rule (:func:`~pmokit._validation.check_id`:
    a non-blank string or an integer, never None, a float or a bool), else ``None``."""
    if check_id(value, what) is None:
        return None
    return (
        f"{what} must be a non-empty string or an integer id (got {value!r:.60} that is a "
        f"{type(value).__name__})"
    )


def _record_ids(value: Iterable[Id] | Id | None) -> tuple[Id, ...]:
    """Record ids as a tuple (the one id rule: strings and integers, matched by label); a
    single id (a string or an integer) is one id; a repeat is dropped, keeping the order."""
    if value is None:
        return ()
    # one id alone (a string, an integer) is one record; check_id names a bad one
    items: tuple[Any, ...] = (
        tuple(value)
        if isinstance(value, Iterable) and not isinstance(value, str)
        else (value,)
    )
    bad = [m for v in items if (m := _id_problem(v, "record ids")) is not None]
    if bad:
        raise ValidationError(bad)
    return tuple(dict.fromkeys(items))


def _items(value: Any) -> tuple[Any, ...]:
    """A tuple of the items; a single item or a non-iterable is named, not iterated."""
    if value is None:
        return ()
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"expected a sequence of items (got {value!r:.60} that is a {type(value).__name__})"
        )
    return tuple(value)


def _opt_number(problems: Problems, value: Any, name: str, *, positive: bool = False) -> None:
    if value is None:
        return
    problems.check_number(value, name, minimum=0.0, strict_minimum=positive)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


@attrs.frozen
class Baseline:
    """One approved baseline of a project (the original plan or a re-baseline).

    Attributes
    ----------
    label
        Name of the baseline (``"original"``, ``"rebaseline 1"``).
    date
        When it was approved.
    cost, duration, effort
        Planned cost [currency], duration [working days] and effort [hours] in it,
        ``> 0`` when given.

    Raises
    ------
    ValidationError
        If the label is empty, the date is not a date or a value is not a number ``> 0``.
    """

    label: str
    date: _dt.date | None = None
    cost: float | None = None
    duration: float | None = None
    effort: float | None = None

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not isinstance(self.label, str) or not self.label.strip():
            p.add(f"'label' of a baseline must be a non-empty string (got {self.label!r})")
        if self.date is not None and not isinstance(self.date, _dt.date):
            p.add(f"'date' of baseline {self.label!r} must be a datetime.date (got {self.date!r})")
        for name in ("cost", "duration", "effort"):
            _opt_number(p, getattr(self, name), f"{name} of baseline {self.label!r}", positive=True)
        p.raise_if_any()


def _baselines(value: Iterable[Baseline]) -> tuple[Baseline, ...]:
    return _items(value)


@display()
@attrs.frozen
class ProjectRecord:
    """A completed (or running) project in the PMO's history.

    Parameters
    ----------
    id
        Unique id of the project: a non-blank string or an integer (the id rule of every
        pmokit domain; ``1`` and ``np.int64(1)`` are the same id).
    project_type, domain, methodology
        Categorical attributes used to build reference classes (``"IT"``,
        ``"finance"``, ``"agile"``).
    size
        Size measures by name (``{"function_points": 350, "kloc": 12}``), ``>= 0``.
    attributes
        Any other attributes by name (``{"client": "retail", "risk": "high"}``);
        values are strings, numbers or booleans.
    team_size
        Average team size [FTE], ``> 0``.
    start, finish
        Actual start and finish dates (``finish >= start``).
    planned_cost, actual_cost
        Baseline and actual cost [currency].
    planned_duration, actual_duration
        Baseline and actual duration [working days].
    planned_effort, actual_effort
        Baseline and actual effort [hours].
    planned_benefits, realised_benefits
        Benefits planned in the business case and realised [currency].
    baselines
        The approved baselines in order (original first).
    tags
        Free labels.

    Planned values must be ``> 0`` and actual values ``>= 0`` when given; ``None``
    means unknown.

    Raises
    ------
    ValidationError
        Naming the record and every bad field.

    Examples
    --------
    >>> r = ProjectRecord("P1", project_type="IT", planned_cost=100.0, actual_cost=130.0,
    ...                   size={"function_points": 250})
    >>> r.ratio("cost")
    1.3
    >>> r.value("function_points")
    250
    """

    id: Id
    project_type: str = ""
    domain: str = ""
    methodology: str = ""
    size: Mapping[str, float] = attrs.field(
        factory=FrozenDict, converter=_freeze_numbers, hash=False
    )
    attributes: Mapping[str, Scalar] = attrs.field(
        factory=FrozenDict, converter=_freeze_attributes, hash=False
    )
    team_size: float | None = None
    start: _dt.date | None = None
    finish: _dt.date | None = None
    planned_cost: float | None = None
    actual_cost: float | None = None
    planned_duration: float | None = None
    actual_duration: float | None = None
    planned_effort: float | None = None
    actual_effort: float | None = None
    planned_benefits: float | None = None
    realised_benefits: float | None = None
    baselines: tuple[Baseline, ...] = attrs.field(default=(), converter=_baselines)
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (m := _id_problem(self.id, "'id' of a project record")) is not None:
            p.add(m)
        who = f"project {self.id!r}"
        for key in (*self.size, *self.attributes):
            if not isinstance(key, str) or not key.strip():
                p.add(f"size and attribute names of {who} must be non-empty strings (got {key!r})")
        for name in ("project_type", "domain", "methodology"):
            v = getattr(self, name)
            if not isinstance(v, str):
                p.add(f"'{name}' of {who} must be a string (got {v!r})")
        for key, v in self.size.items():
            p.check_number(v, f"size {key!r} of {who}", minimum=0.0)
        for key, v in self.attributes.items():
            if not isinstance(v, str | int | float | bool):
                p.add(
                    f"attribute {key!r} of {who} must be a string, number or bool "
                    f"(got {v!r} that is a {type(v).__name__})"
                )
            elif isinstance(v, float) and not math.isfinite(v):
                p.add(
                    f"attribute {key!r} of {who} must be finite (got {v!r}; use None or "
                    "leave it out)"
                )
        _opt_number(p, self.team_size, f"team_size of {who}", positive=True)
        for m in MEASURES:
            planned, actual = self._pair(m)
            _opt_number(p, planned, f"{self._planned_name(m)} of {who}", positive=True)
            _opt_number(p, actual, f"{self._actual_name(m)} of {who}")
        for name in ("start", "finish"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, _dt.date):
                p.add(f"'{name}' of {who} must be a datetime.date (got {v!r})")
        if (
            isinstance(self.start, _dt.date)
            and isinstance(self.finish, _dt.date)
            and self.finish < self.start
        ):
            p.add(
                f"'finish' of {who} must be on or after 'start' (got {self.finish} < {self.start})"
            )
        for b in self.baselines:
            if not isinstance(b, Baseline):
                p.add(f"'baselines' of {who} must hold Baseline objects (got {b!r})")
        p.raise_if_any()

    @classmethod
    def from_frame(
        cls,
        projects: Any,
        *,
        size: Sequence[str] = (),
        attributes: Sequence[str] = (),
        **columns: str,
    ) -> tuple[ProjectRecord, ...]:
        """Project records from a table, one project per row.

        Parameters
        ----------
        projects
            A pandas DataFrame, a mapping of column name to values, or a list of dicts.
            Required column ``id``; every other field is read from the column of its
            name when present (``project_type``, ``domain``, ``methodology``, ``start``,
            ``finish`` (dates or ISO text), ``team_size`` [FTE], ``planned_cost``,
            ``actual_cost`` [currency], ``planned_duration``, ``actual_duration``
            [working days], ``planned_effort``, ``actual_effort`` [hours],
            ``planned_benefits``, ``realised_benefits`` [currency], ``tags`` (``"a, b"``
            or a list)); a blank cell means unknown. Columns ``size_<name>`` and
            ``attr_<name>`` (what :meth:`to_records` writes) are size measures and
            attributes.
        size, attributes
            More columns to read as size measures or attributes, by their names.
        **columns
            Renames: ``field="column"`` (``id="Project", planned_cost="Budget"``).

        Returns
        -------
        tuple of ProjectRecord
            In row order.

        Raises
        ------
        ValidationError
            Naming the row and column: a missing ``id`` column, a number or date that
            cannot be read, every field a :class:`ProjectRecord` refuses (ids are
            strings here), an unknown keyword.
        UnknownReferenceError
            ``size`` or ``attributes`` naming columns the table does not have.
        DuplicateError
            An id given twice, with both rows.

        Examples
        --------
        >>> rows = [{"Project": "P1", "project_type": "IT", "Budget": 100, "actual_cost": 130,
        ...          "size_fp": 250, "client": "retail"}]
        >>> r, = ProjectRecord.from_frame(rows, attributes=["client"], id="Project",
        ...                               planned_cost="Budget")
        >>> r.ratio("cost"), r.value("fp"), r.value("client")
        (1.3, 250.0, 'retail')
        """
        from pmokit.knowledge._frames import records_from_frame

        return records_from_frame(projects, size=size, attributes=attributes, **columns)

    @classmethod
    def from_records(cls, projects: Iterable[Mapping[str, Any]], **columns: Any) -> tuple[
        ProjectRecord, ...
    ]:
        """Project records from dicts; the same columns and rules as :meth:`from_frame`.

        Examples
        --------
        >>> [r.id for r in ProjectRecord.from_records([{"id": "A"}, {"id": "B"}])]
        ['A', 'B']
        """
        from pmokit._tables import refuse_columns_of_records
        from pmokit.knowledge._frames import records_from_frame

        refuse_columns_of_records(projects, "projects")
        return records_from_frame(list(projects), **columns)

    @staticmethod
    def _planned_name(measure: str) -> str:
        return f"planned_{measure}"

    @staticmethod
    def _actual_name(measure: str) -> str:
        return "realised_benefits" if measure == "benefits" else f"actual_{measure}"

    def _pair(self, measure: str) -> tuple[float | None, float | None]:
        if measure not in MEASURES:
            known = ", ".join(repr(m) for m in MEASURES)
            raise ValidationError(f"'measure' must be one of {known} (got {measure!r})")
        return (
            getattr(self, self._planned_name(measure)),
            getattr(self, self._actual_name(measure)),
        )

    def ratio(self, measure: Measure = "cost") -> float | None:
        """``actual / planned`` for ``measure``, or ``None`` if either is unknown.

        For benefits the ratio is ``realised / planned`` (below 1 is a shortfall).
        """
        planned, actual = self._pair(measure)
        if planned is None or actual is None:
            return None
        return float(actual) / float(planned)

    def value(self, name: str) -> Any:
        """Look up ``name``: a field, then an attribute, then a size measure; else ``None``."""
        if name in _FIELD_NAMES:
            return getattr(self, name)
        if name in self.attributes:
            return self.attributes[name]
        if name in self.size:
            return self.size[name]
        return None

    @property
    def rebaselines(self) -> int:
        """Number of re-baselines (baselines after the original)."""
        return max(0, len(self.baselines) - 1)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict: fields, ``size_<name>``, ``attr_<name>`` and the ratios."""
        row: dict[str, Any] = {}
        for f in attrs.fields(ProjectRecord):
            if f.name in ("size", "attributes", "baselines"):
                continue
            v = getattr(self, f.name)
            row[f.name] = ",".join(v) if f.name == "tags" else v
        for k, v in self.size.items():
            row[f"size_{k}"] = v
        for k, v in self.attributes.items():
            row[f"attr_{k}"] = v
        for m in MEASURES:
            row[f"{m}_ratio"] = self.ratio(m)  # type: ignore[arg-type]
        row["rebaselines"] = self.rebaselines
        return [row]


_FIELD_NAMES = frozenset(
    f.name for f in attrs.fields(ProjectRecord) if f.name not in ("size", "attributes")
)


def _impact(value: float) -> float:
    return float(value) if _is_number(value) else value


@display()
@attrs.frozen
class Lesson:
    """A lesson learned.

    Parameters
    ----------
    id
        Unique id (a non-blank string or an integer).
    category
        Theme of the lesson (``"requirements"``, ``"supplier"``, ``"estimation"``).
    what_happened
        The event or observation.
    impact
        Size of the impact on a scale the PMO chooses (for example 1-5, or
        [currency]), ``>= 0``.
    recommendation
        What to do next time.
    tags
        Free labels.
    records
        Ids of the project records the lesson comes from (strings or integers; one id
        alone is one record).
    positive
        ``True`` for something to repeat, ``False`` (default) for something to avoid.

    Examples
    --------
    >>> Lesson("L1", "requirements", "Scope grew 40% after sign-off", impact=4,
    ...        recommendation="Freeze scope at gate 2", records=["P1"]).impact
    4.0
    """

    id: Id
    category: str
    what_happened: str = ""
    impact: float = attrs.field(default=1.0, converter=_impact)
    recommendation: str = ""
    tags: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    records: tuple[Id, ...] = attrs.field(default=(), converter=_record_ids)
    positive: bool = False

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (m := _id_problem(self.id, "'id' of a lesson")) is not None:
            p.add(m)
        if not isinstance(self.positive, bool | np.bool_):
            try:
                check_flag(self.positive, f"positive of lesson {self.id!r}")
            except ValidationError as exc:
                p.extend(exc.problems)
        if not isinstance(self.category, str) or not self.category.strip():
            p.add(
                f"'category' of lesson {self.id!r} must be a non-empty string "
                f"(got {self.category!r})"
            )
        p.check_number(self.impact, f"impact of lesson {self.id!r}", minimum=0.0)
        p.raise_if_any()

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict of the fields (tags and records joined by commas)."""
        row = attrs.asdict(self)
        row["tags"] = ",".join(self.tags)
        row["records"] = ",".join(str(r) for r in self.records)
        return [row]


def _lessons(value: Iterable[Lesson]) -> tuple[Lesson, ...]:
    return _items(value)


@attrs.frozen
class PostProjectReview:
    """A post-project (closure) review of one record.

    Parameters
    ----------
    record_id
        The reviewed project.
    date
        Date of the review.
    objectives_met
        Whether the objectives were met (``None`` when not assessed).
    summary
        Short summary.
    went_well, went_wrong
        Observations.
    lessons
        Lessons drawn; they are added to the knowledge base with the review and
        linked to the record.
    """

    record_id: Id
    date: _dt.date | None = None
    objectives_met: bool | None = None
    summary: str = ""
    went_well: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    went_wrong: tuple[str, ...] = attrs.field(default=(), converter=_tags)
    lessons: tuple[Lesson, ...] = attrs.field(default=(), converter=_lessons)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (m := _id_problem(self.record_id, "'record_id' of a review")) is not None:
            p.add(m)
        if self.date is not None and not isinstance(self.date, _dt.date):
            p.add(
                f"'date' of the review of {self.record_id!r} must be a datetime.date "
                f"(got {self.date!r})"
            )
        if self.objectives_met is not None and not isinstance(self.objectives_met, bool):
            p.add(
                f"'objectives_met' of the review of {self.record_id!r} must be True, False or "
                f"None (got {self.objectives_met!r})"
            )
        for lesson in self.lessons:
            if not isinstance(lesson, Lesson):
                p.add(
                    f"'lessons' of the review of {self.record_id!r} must hold Lesson objects "
                    f"(got {lesson!r})"
                )
        p.raise_if_any()
