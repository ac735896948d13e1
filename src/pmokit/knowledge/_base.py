"""The in-memory knowledge base: history, lessons, statistics, similarity, reference classes."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeAlias

import attrs
import numpy as np

from pmokit._results import SAME_VALUES, PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray, Id
from pmokit._validation import Problems, check_choice, check_flag, check_id, check_known
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.estimation import MIN_REFERENCE_CLASS_SIZE, ReferenceClass
from pmokit.knowledge._records import (
    _FIELD_NAMES,
    MEASURES,
    Lesson,
    PostProjectReview,
    ProjectRecord,
    Scalar,
    _id_problem,
    _record_ids,
)

__all__ = [
    "FeatureMatrix",
    "KnowledgeBase",
    "LessonThemes",
    "OverrunStatistics",
    "SimilarProject",
    "SimilarProjects",
]


_DEFAULT_CATEGORICAL = ("project_type", "domain", "methodology")
_DEFAULT_NUMERIC = ("team_size", "planned_cost", "planned_duration", "planned_effort")


@display()
@attrs.frozen
class OverrunStatistics:
    """``actual / planned`` ratios summarised by group.

    Attributes
    ----------
    measure
        ``"cost"``, ``"duration"``, ``"effort"`` or ``"benefits"``.
    by
        The grouping key.
    groups
        Group values, sorted.
    n
        Projects with both values, per group.
    mean_ratio, median_ratio, p80_ratio
        Mean, median and 80th percentile of ``actual / planned`` per group.
    share_over
        Share of the group's projects with ratio above 1 (overrun; for benefits,
        above plan).
    n_skipped
        Records left out because the planned or actual value is unknown.
    """

    measure: str
    by: str
    groups: tuple[Hashable, ...]
    n: tuple[int, ...]
    mean_ratio: tuple[float, ...]
    median_ratio: tuple[float, ...]
    p80_ratio: tuple[float, ...]
    share_over: tuple[float, ...]
    n_skipped: int

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per group."""
        return [
            {
                "group": g,
                "n": n,
                "mean_ratio": a,
                "median_ratio": m,
                "p80_ratio": p,
                "share_over": s,
            }
            for g, n, a, m, p, s in zip(
                self.groups,
                self.n,
                self.mean_ratio,
                self.median_ratio,
                self.p80_ratio,
                self.share_over,
                strict=True,
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="group")


@display()
@attrs.frozen
class LessonThemes:
    """Recurring lesson themes by frequency and impact.

    Attributes
    ----------
    by
        ``"category"`` or ``"tag"``.
    themes
        Theme names, most frequent first (ties: larger total impact first, then name).
    count
        Lessons per theme.
    total_impact, mean_impact
        Sum and mean of the lessons' impact per theme.
    projects
        Distinct linked projects per theme.
    """

    by: str
    themes: tuple[str, ...]
    count: tuple[int, ...]
    total_impact: tuple[float, ...]
    mean_impact: tuple[float, ...]
    projects: tuple[int, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per theme."""
        return [
            {"theme": t, "count": c, "total_impact": ti, "mean_impact": mi, "projects": p}
            for t, c, ti, mi, p in zip(
                self.themes,
                self.count,
                self.total_impact,
                self.mean_impact,
                self.projects,
                strict=True,
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="theme")


@attrs.frozen
class SimilarProject:
    """One similar project with the explanation of its similarity.

    Attributes
    ----------
    record_id
        Id of the similar project.
    similarity
        ``1 - distance``, in [0, 1] (1 = identical on every compared feature).
    distance
        Gower distance: weighted mean of the per-feature distances.
    contributions
        ``(feature, distance in [0, 1])`` for each feature compared, largest first:
        what makes the project differ.
    matched
        Features on which the two projects are identical.
    """

    record_id: Id
    similarity: float
    distance: float
    contributions: tuple[tuple[str, float], ...]
    matched: tuple[str, ...]

    @property
    def explanation(self) -> str:
        """One sentence: what matches and what differs most."""
        same = ", ".join(self.matched) if self.matched else "nothing"
        differ = [f"{f} ({d:.2f})" for f, d in self.contributions if d > 0][:3]
        diff = ", ".join(differ) if differ else "nothing"
        return f"same {same}; differs in {diff}"


@display()
@attrs.frozen
class SimilarProjects:
    """The ``k`` projects most similar to a target.

    Attributes
    ----------
    target_id
        Id of the target record.
    features
        Features compared.
    matches
        The similar projects, most similar first.
    """

    target_id: Id
    features: tuple[str, ...]
    matches: tuple[SimilarProject, ...]

    @property
    def ids(self) -> tuple[Id, ...]:
        """Ids of the matches, most similar first."""
        return tuple(m.record_id for m in self.matches)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per match: ``record_id``, ``similarity``, ``distance``, ``explanation``."""
        return [
            {
                "record_id": m.record_id,
                "similarity": m.similarity,
                "distance": m.distance,
                "explanation": m.explanation,
            }
            for m in self.matches
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="record_id")


@display()
@attrs.frozen
class FeatureMatrix(PicklesReadOnly):
    """Numeric features and a target of records, ready for the estimators.

    Attributes
    ----------
    ids
        Record ids, aligned with the rows.
    features
        Feature names, aligned with the columns.
    x
        Feature values, shape ``(n, d)`` (read-only).
    y
        Target values (read-only).
    skipped
        Ids of records left out because a value was missing or not numeric.
    """

    ids: tuple[Id, ...]
    features: tuple[str, ...]
    x: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    y: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    skipped: tuple[Id, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per used record: ``id``, one key per feature and ``target``."""
        rows: list[dict[str, Any]] = []
        for rid, xs, y in zip(self.ids, self.x.tolist(), self.y.tolist(), strict=True):
            row: dict[str, Any] = {"id": rid}
            row.update(zip(self.features, xs, strict=True))
            row["target"] = y
            rows.append(row)
        return rows

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


Criterion: TypeAlias = Scalar | _dt.date | Collection[Any] | Callable[[Any], object] | None
"""A query criterion: a value matched by equality, a collection matched by membership, or
a function of the value returning a truth value."""


def _matches(value: Any, criterion: Criterion) -> bool:
    if callable(criterion):
        return bool(criterion(value))
    if isinstance(criterion, Collection) and not isinstance(criterion, str):
        return value in criterion
    return bool(value == criterion)


class KnowledgeBase:
    """In-memory store of project records, lessons learned and post-project reviews.

    Unlike the frozen inputs and results of pmokit, a knowledge base grows: ``add``
    validates the new items as a batch (all are added or none) and appends them.

    Parameters
    ----------
    records, lessons, reviews
        Initial content.

    Raises
    ------
    DuplicateError
        If an id is used twice.
    UnknownReferenceError
        If a lesson or review refers to a record that is not in the base.

    Examples
    --------
    >>> kb = KnowledgeBase([
    ...     ProjectRecord("P1", project_type="IT", planned_cost=100, actual_cost=140),
    ...     ProjectRecord("P2", project_type="IT", planned_cost=200, actual_cost=210),
    ...     ProjectRecord("P3", project_type="build", planned_cost=50, actual_cost=55),
    ... ])
    >>> [r.id for r in kb.query(project_type="IT")]
    ['P1', 'P2']
    >>> stats = kb.overrun_statistics("cost")
    >>> stats.groups, stats.median_ratio
    (('IT', 'build'), (1.225, 1.1))
    """

    def __init__(
        self,
        records: Iterable[ProjectRecord] = (),
        lessons: Iterable[Lesson] = (),
        reviews: Iterable[PostProjectReview] = (),
    ) -> None:
        self._records: dict[Id, ProjectRecord] = {}
        self._lessons: dict[Id, Lesson] = {}
        self._reviews: list[PostProjectReview] = []
        self.add(
            *_sequence(records, "records"),
            *_sequence(lessons, "lessons"),
            *_sequence(reviews, "reviews"),
        )

    @classmethod
    def from_frame(cls, projects: Any, **columns: Any) -> KnowledgeBase:
        """A knowledge base of the project records of a table.

        The columns and keywords of :meth:`ProjectRecord.from_frame`; a list of dicts
        works too (``from_records``).

        Examples
        --------
        >>> kb = KnowledgeBase.from_frame({"id": ["P1", "P2"], "planned_cost": [100, 200],
        ...                                "actual_cost": [140, 210]})
        >>> kb.overrun_statistics("cost").median_ratio
        (1.225,)
        """
        return cls(ProjectRecord.from_frame(projects, **columns))

    @classmethod
    def from_records(cls, projects: Iterable[Mapping[str, Any]], **columns: Any) -> KnowledgeBase:
        """A knowledge base of project records given as dicts; see :meth:`from_frame`.

        Examples
        --------
        >>> len(KnowledgeBase.from_records([{"id": "P1"}]).records)
        1
        """
        return cls(ProjectRecord.from_records(projects, **columns))

    # -- content -----------------------------------------------------------------
    def add(self, *items: ProjectRecord | Lesson | PostProjectReview) -> None:
        """Add records, lessons and reviews (validated together; all or nothing).

        Raises
        ------
        ValidationError
            If an item is of another type.
        DuplicateError
            If a record or lesson id is already used (in the base or the batch).
        UnknownReferenceError
            If a lesson or review refers to an unknown record.
        """
        new_records: dict[Id, ProjectRecord] = {}
        new_lessons: dict[Id, Lesson] = {}
        new_reviews: list[PostProjectReview] = []
        dupes: list[Id] = []
        bad: list[str] = []
        for item in items:
            if isinstance(item, ProjectRecord):
                if item.id in self._records or item.id in new_records:
                    dupes.append(item.id)
                new_records[item.id] = item
            elif isinstance(item, PostProjectReview):
                new_reviews.append(item)
            elif isinstance(item, Lesson):
                if item.id in self._lessons or item.id in new_lessons:
                    dupes.append(item.id)
                new_lessons[item.id] = item
            else:
                bad.append(
                    "items added to a knowledge base must be ProjectRecord, Lesson or "
                    f"PostProjectReview (got {item!r:.60} that is a {type(item).__name__})"
                )
        if bad:
            raise ValidationError(bad)
        # Lessons of reviews are linked to the reviewed record.
        for review in new_reviews:
            for lesson in review.lessons:
                linked = lesson
                if review.record_id not in lesson.records:
                    linked = attrs.evolve(lesson, records=(*lesson.records, review.record_id))
                if lesson.id in self._lessons or lesson.id in new_lessons:
                    dupes.append(lesson.id)
                new_lessons[lesson.id] = linked
        if dupes:
            uniq = list(dict.fromkeys(dupes))
            raise DuplicateError(
                [f"id {d!r} is used more than once in the knowledge base" for d in uniq], uniq
            )
        known = self._records.keys() | new_records.keys()
        unknown: list[Id] = []
        messages: list[str] = []
        for lesson in new_lessons.values():
            for rid in lesson.records:
                if rid not in known:
                    unknown.append(rid)
                    messages.append(f"lesson {lesson.id!r} refers to unknown record {rid!r}")
        for review in new_reviews:
            if review.record_id not in known:
                unknown.append(review.record_id)
                messages.append(f"a review refers to unknown record {review.record_id!r}")
        if messages:
            raise UnknownReferenceError(messages, unknown)
        self._records.update(new_records)
        self._lessons.update(new_lessons)
        self._reviews.extend(new_reviews)

    @property
    def records(self) -> tuple[ProjectRecord, ...]:
        """All records, in the order added."""
        return tuple(self._records.values())

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        """All lessons, in the order added."""
        return tuple(self._lessons.values())

    @property
    def reviews(self) -> tuple[PostProjectReview, ...]:
        """All reviews, in the order added."""
        return tuple(self._reviews)

    def __len__(self) -> int:
        return len(self._records)

    def __eq__(self, other: object) -> bool:
        """Same records, lessons and reviews, in the same order."""
        if not isinstance(other, KnowledgeBase):
            return NotImplemented
        return (self.records, self.lessons, self.reviews) == (
            other.records,
            other.lessons,
            other.reviews,
        )

    __hash__ = None  # type: ignore[assignment]  # it grows: not hashable

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    def record(self, record_id: Id) -> ProjectRecord:
        """The record with id ``record_id`` (a string or an integer, matched by label).

        Raises
        ------
        ValidationError
            If ``record_id`` cannot be an id (``None``, a blank string, a float, a bool).
        UnknownReferenceError
            If there is no such record.

        Examples
        --------
        >>> kb = KnowledgeBase([ProjectRecord(101, planned_cost=10.0, actual_cost=12.0)])
        >>> kb.record(101).ratio("cost")
        1.2
        """
        if (m := _id_problem(record_id, "'record_id'")) is not None:
            raise ValidationError(m)
        try:
            return self._records[record_id]
        except KeyError:
            raise UnknownReferenceError(
                f"no project record with id {record_id!r} in the knowledge base", [record_id]
            ) from None

    def to_records(self, kind: Literal["records", "lessons"] = "records") -> list[dict[str, Any]]:
        """Flat dicts of every record (with ratios) or every lesson, for other tools.

        Raises
        ------
        ValidationError
            If ``kind`` is not ``"records"`` or ``"lessons"``.

        Examples
        --------
        >>> kb = KnowledgeBase([ProjectRecord("P1", planned_cost=10.0, actual_cost=12.0)])
        >>> kb.to_records()[0]["cost_ratio"]
        1.2
        """
        check_choice(kind, "kind", ("records", "lessons"))
        items: Iterable[ProjectRecord | Lesson] = (
            self._records.values() if kind == "records" else self._lessons.values()
        )
        return [row for item in items for row in item.to_records()]

    def to_frame(self, kind: Literal["records", "lessons"] = "records") -> Any:
        """The records (or lessons) as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(kind), index="id")

    # -- queries -----------------------------------------------------------------
    def _known_keys(self, pool: Iterable[ProjectRecord] | None = None) -> set[str]:
        keys = set(_FIELD_NAMES)
        for r in self._records.values() if pool is None else pool:
            keys.update(r.attributes)
            keys.update(r.size)
        return keys

    def _check_names(
        self, names: Iterable[str], what: str, pool: Sequence[ProjectRecord] | None = None
    ) -> None:
        """Raise naming every name no record (of ``pool``) has: a typo would match nothing."""
        known = self._known_keys(pool)
        bad = [n for n in names if not isinstance(n, str) or n not in known]
        if bad:
            listed = ", ".join(sorted(known))
            raise UnknownReferenceError(
                [
                    f"{what} {n!r} is not a field, attribute or size measure of any record; "
                    f"known: {listed}"
                    for n in bad
                ],
                bad,
            )

    def query(
        self,
        predicate: Callable[[ProjectRecord], bool] | None = None,
        *,
        tags: Iterable[str] = (),
        any_tags: Iterable[str] = (),
        **criteria: Criterion,
    ) -> tuple[ProjectRecord, ...]:
        """Records matching every criterion.

        Parameters
        ----------
        predicate
            Optional function of a record returning True to keep it.
        tags
            Keep records carrying all these tags.
        any_tags
            Keep records carrying at least one of these tags.
        **criteria
            ``name=value`` on a field, attribute or size measure (looked up by
            :meth:`ProjectRecord.value`). The value is matched by equality, by
            membership when it is a collection (``domain={"retail", "bank"}``), or is
            called when it is a function (``team_size=lambda v: v and v > 5``).

        Returns
        -------
        tuple of ProjectRecord
            In the order added.

        Raises
        ------
        UnknownReferenceError
            If a criterion names something no record has (a typo), listing the
            known names (also a ``ValidationError`` and a ``KeyError``).
        """
        unknown = [k for k in criteria if k not in self._known_keys()]
        if unknown:
            known = ", ".join(sorted(self._known_keys()))
            raise UnknownReferenceError(
                [
                    f"query criterion {k!r} is not a field, attribute or size measure of any "
                    f"record; known: {known}"
                    for k in unknown
                ],
                unknown,
            )
        if predicate is not None and not callable(predicate):
            raise ValidationError(
                f"'predicate' must be a function of a record (got {predicate!r:.60})"
            )
        all_tags = set(_tag_list(tags, "tags"))
        some_tags = set(_tag_list(any_tags, "any_tags"))
        out = []
        for r in self._records.values():
            if all_tags and not all_tags.issubset(r.tags):
                continue
            if some_tags and not some_tags.intersection(r.tags):
                continue
            if not all(_matches(r.value(k), c) for k, c in criteria.items()):
                continue
            if predicate is not None and not predicate(r):
                continue
            out.append(r)
        return tuple(out)

    def lessons_for(
        self,
        *,
        category: str | Collection[str] | None = None,
        tags: Iterable[str] = (),
        records: Iterable[Id] | Id = (),
    ) -> tuple[Lesson, ...]:
        """Lessons of a category, carrying all ``tags``, linked to any of ``records`` (record
        ids; one id alone is one record).

        Raises
        ------
        UnknownReferenceError
            If ``records`` names a record that is not in the base (a typo would match
            nothing).

        Examples
        --------
        >>> kb = KnowledgeBase([ProjectRecord("P1")], [Lesson("L1", "supplier", records=["P1"])])
        >>> [x.id for x in kb.lessons_for(category="supplier")]
        ['L1']
        """
        want = set(_tag_list(tags, "tags"))
        rec_ids = _record_ids(records)
        check_known(rec_ids, self._records, "records", "record")
        recs = set(rec_ids)
        out = []
        for lesson in self._lessons.values():
            if category is not None and not _matches(lesson.category, category):
                continue
            if want and not want.issubset(lesson.tags):
                continue
            if recs and not recs.intersection(lesson.records):
                continue
            out.append(lesson)
        return tuple(out)

    # -- statistics --------------------------------------------------------------
    def overrun_statistics(
        self,
        measure: Literal["cost", "duration", "effort", "benefits"] = "cost",
        *,
        by: str = "project_type",
        records: Sequence[ProjectRecord] | None = None,
    ) -> OverrunStatistics:
        """``actual / planned`` ratios by group (``by`` is any field, attribute or measure).

        Raises
        ------
        ValidationError
            If ``measure`` is unknown, ``records`` holds something else than records, or
            ``by`` names something no record has (a typo would put every record in one
            group).
        """
        check_choice(measure, "measure", MEASURES)
        pool = self.records if records is None else _records_of(records, "records")
        if pool:
            self._check_names([by], "'by'", pool)
        groups: dict[Any, list[float]] = {}
        skipped = 0
        for r in pool:
            ratio = r.ratio(measure)
            if ratio is None:
                skipped += 1
                continue
            groups.setdefault(r.value(by), []).append(ratio)
        keys = sorted(groups, key=lambda g: (g is None, str(g)))
        arrs = [np.asarray(groups[g]) for g in keys]
        return OverrunStatistics(
            measure=measure,
            by=by,
            groups=tuple(keys),
            n=tuple(int(a.size) for a in arrs),
            mean_ratio=tuple(float(a.mean()) for a in arrs),
            median_ratio=tuple(float(np.median(a)) for a in arrs),
            p80_ratio=tuple(float(np.quantile(a, 0.8)) for a in arrs),
            share_over=tuple(float(np.mean(a > 1.0)) for a in arrs),
            n_skipped=skipped,
        )

    def lesson_themes(self, by: Literal["category", "tag"] = "category") -> LessonThemes:
        """Recurring lesson themes, most frequent first, with their impact.

        Raises
        ------
        ValidationError
            If ``by`` is not ``"category"`` or ``"tag"``.

        Examples
        --------
        >>> kb = KnowledgeBase([], [Lesson("L1", "scope", impact=3), Lesson("L2", "scope"),
        ...                         Lesson("L3", "supplier", impact=5)])
        >>> t = kb.lesson_themes()
        >>> t.themes, t.count, t.total_impact
        (('scope', 'supplier'), (2, 1), (4.0, 5.0))
        """
        check_choice(by, "by", ("category", "tag"))
        acc: dict[str, list[Lesson]] = {}
        for lesson in self._lessons.values():
            keys = (lesson.category,) if by == "category" else lesson.tags
            for key in keys:
                acc.setdefault(key, []).append(lesson)
        rows = []
        for theme, items in acc.items():
            total = math.fsum(x.impact for x in items)
            projects = len({rid for x in items for rid in x.records})
            rows.append((theme, len(items), total, total / len(items), projects))
        rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
        return LessonThemes(
            by=by,
            themes=tuple(r[0] for r in rows),
            count=tuple(r[1] for r in rows),
            total_impact=tuple(r[2] for r in rows),
            mean_impact=tuple(r[3] for r in rows),
            projects=tuple(r[4] for r in rows),
        )

    # -- similarity --------------------------------------------------------------
    def similar_projects(
        self,
        record: ProjectRecord | Id,
        k: int = 5,
        *,
        categorical: Sequence[str] | None = None,
        numeric: Sequence[str] | None = None,
        use_tags: bool = True,
        weights: Mapping[str, float] | None = None,
        candidates: Sequence[ProjectRecord] | None = None,
    ) -> SimilarProjects:
        """The ``k`` most similar records, with the similarity explained feature by feature.

        Gower's distance: a categorical feature differs by 0 (same) or 1; a numeric
        feature by ``|a - b| / range`` (range over the candidates and the target; size
        measures and numeric attributes are compared on a log scale so that 100 vs 200
        counts like 1,000 vs 2,000); tags by the Jaccard distance of the two tag sets. A
        feature missing on either side is left out of that pair's mean.

        Parameters
        ----------
        record
            The target: a record (need not be in the base) or the id of one.
        k
            Number of matches, ``>= 1``.
        categorical
            Categorical features (default ``project_type``, ``domain``, ``methodology``).
        numeric
            Numeric features (default: the target's size measures, ``team_size`` and the
            planned cost, duration and effort).
        use_tags
            Compare tags too.
        weights
            Weight per feature name (default 1; ``"tags"`` for tags).
        candidates
            Records to search (default: the whole base, without the target).

        Returns
        -------
        SimilarProjects

        Raises
        ------
        ValidationError
            If ``k`` is not a whole number ``>= 1``, a weight is negative, ``use_tags`` is
            not a bool, or ``candidates`` holds something else than records.
        UnknownReferenceError
            If ``record`` is an unknown id, or a feature named in ``categorical``,
            ``numeric`` or ``weights`` is not a field, attribute or size measure of the
            target or any candidate (nor ``"tags"`` for a weight).

        References
        ----------
        Gower, J. C. (1971). A general coefficient of similarity and some of its
        properties. Biometrics 27(4): 857-871.
        """
        if isinstance(record, ProjectRecord):
            target = record
        elif check_id(record, "record") is None:
            target = self.record(record)
        else:
            raise ValidationError(
                f"'record' must be a ProjectRecord or a record id (got {record!r:.60})"
            )
        problems = Problems()
        problems.check_number(k, "k", minimum=1)
        if not problems and not float(k).is_integer():
            problems.add(f"'k' must be a whole number >= 1 (got {k!r})")
        if weights is not None and not isinstance(weights, Mapping):
            raise ValidationError(
                f"'weights' must map feature names to weights (got {weights!r:.60})"
            )
        check_flag(use_tags, "use_tags")
        wts = dict(weights or {})
        for name, w in wts.items():
            problems.check_number(w, f"weight of feature {name!r}", minimum=0.0)
        problems.raise_if_any()
        source = self.records if candidates is None else _records_of(candidates, "candidates")
        pool = [r for r in source if r.id != target.id]
        for label, given in (("categorical", categorical), ("numeric", numeric)):
            if isinstance(given, str):
                raise ValidationError(
                    f"'{label}' must be a sequence of feature names (got the string {given!r}; "
                    f"use [{given!r}])"
                )
        cat = tuple(_DEFAULT_CATEGORICAL if categorical is None else categorical)
        num = tuple((*target.size.keys(), *_DEFAULT_NUMERIC) if numeric is None else numeric)
        self._check_names([*(categorical or ()), *(numeric or ())], "feature", [*pool, target])
        featureable = {*self._known_keys([*pool, target]), "tags"}
        check_known(wts, featureable, "weights", "feature")
        n = len(pool)
        feats: list[str] = []
        dists: list[FloatArray] = []
        for name in cat:
            tv = target.value(name)
            if tv in (None, ""):
                continue
            raw = [r.value(name) for r in pool]
            d = np.array([np.nan if v in (None, "") else float(v != tv) for v in raw])
            feats.append(name)
            dists.append(d)
        for name in num:
            tv = target.value(name)
            if not _is_num(tv):
                continue
            vals: FloatArray = np.array(
                [float(v) if _is_num(v) else np.nan for v in (r.value(name) for r in pool)]
            )
            log_scale = name in target.size or name in target.attributes
            tvf = float(tv)
            if log_scale:
                vals = np.log1p(np.where(vals >= 0, vals, np.nan))
                tvf = math.log1p(tvf) if tvf >= 0 else math.nan
            if math.isnan(tvf):
                continue
            both = np.append(vals[~np.isnan(vals)], tvf)
            span = float(both.max() - both.min()) if both.size else 0.0
            d = np.abs(vals - tvf) / span if span > 0 else np.where(np.isnan(vals), np.nan, 0.0)
            feats.append(name)
            dists.append(d)
        if use_tags and target.tags:
            tset = set(target.tags)
            d = np.array([1.0 - len(tset & set(r.tags)) / len(tset | set(r.tags)) for r in pool])
            feats.append("tags")
            dists.append(d)
        if not feats or n == 0:
            return SimilarProjects(target.id, tuple(feats), ())
        mat = np.vstack(dists)  # features x candidates
        fw = np.array([float(wts.get(f, 1.0)) for f in feats])[:, None]
        present = ~np.isnan(mat)
        wsum = (fw * present).sum(axis=0)
        num_d = np.where(present, mat, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = (fw * num_d).sum(axis=0) / wsum
        total: FloatArray = np.where(wsum > 0, ratio, 1.0)
        order = np.lexsort((np.arange(n), total))[: int(k)]
        matches = []
        for j in order:
            contrib = [(feats[i], float(mat[i, j])) for i in range(len(feats)) if present[i, j]]
            contrib.sort(key=lambda c: (-c[1], c[0]))
            same = tuple(f for f, d in contrib if d == 0.0)
            matches.append(
                SimilarProject(
                    record_id=pool[j].id,
                    similarity=1.0 - float(total[j]),
                    distance=float(total[j]),
                    contributions=tuple(contrib),
                    matched=same,
                )
            )
        return SimilarProjects(target.id, tuple(feats), tuple(matches))

    # -- estimation bridges ------------------------------------------------------
    def reference_class(
        self,
        measure: Literal["cost", "duration", "effort", "benefits"] = "cost",
        predicate: Callable[[ProjectRecord], bool] | None = None,
        *,
        min_size: int = MIN_REFERENCE_CLASS_SIZE,
        name: str | None = None,
        tags: Iterable[str] = (),
        **criteria: Criterion,
    ) -> ReferenceClass:
        """The ``actual / planned`` ratios of matching records as a reference class.

        Parameters
        ----------
        measure
            ``"cost"``, ``"duration"``, ``"effort"`` or ``"benefits"``.
        predicate, tags, **criteria
            Which records belong to the class (as in :meth:`query`).
        min_size
            Fewest projects accepted (default
            :data:`~pmokit.estimation.MIN_REFERENCE_CLASS_SIZE`).
        name
            Name of the class (default: built from the criteria).

        Returns
        -------
        ReferenceClass

        Raises
        ------
        ValidationError
            If fewer than ``min_size`` matching records have both values, a matching
            record has an actual of 0 (named), or a criterion is unknown.

        Examples
        --------
        >>> kb = KnowledgeBase([ProjectRecord(f"P{i}", project_type="IT", planned_cost=100,
        ...                                   actual_cost=100 + 10 * i) for i in range(6)])
        >>> rc = kb.reference_class("cost", project_type="IT")
        >>> rc.size, rc.quantile(0.5)
        (6, 1.25)
        """
        check_choice(measure, "measure", MEASURES)
        by_name: dict[str, Any] = dict(criteria)
        chosen = self.query(predicate, tags=tags, **by_name)
        pairs = [(x.id, x.ratio(measure)) for x in chosen]
        zero = [rid for rid, r in pairs if r is not None and r <= 0.0]
        if zero:
            raise ValidationError(
                [
                    f"record {rid!r} has an actual {measure} of 0: an actual/planned ratio of 0 "
                    "cannot enter a reference class (leave the record out or correct it)"
                    for rid in zero
                ]
            )
        ratios = [r for _, r in pairs if r is not None]
        label = name
        if label is None:
            parts = [f"{k}={_describe(v)}" for k, v in criteria.items() if not callable(v)]
            parts += [f"tags={sorted(tags)!r}"] if tags else []
            label = f"{measure} ratio of " + (", ".join(parts) if parts else "all records")
        return ReferenceClass(
            ratios,
            name=label,
            source=f"knowledge base: {len(ratios)} of {len(chosen)} matching records",
            min_size=min_size,
        )

    def feature_matrix(
        self,
        features: Sequence[str],
        target: str = "actual_effort",
        *,
        records: Sequence[ProjectRecord] | None = None,
    ) -> FeatureMatrix:
        """Numeric features and target of the records, for the estimators.

        Records missing a feature or the target (or with a non-numeric one) are
        skipped and listed in ``skipped``.

        Raises
        ------
        ValidationError
            If ``features`` is empty or a string, or a feature or the target is not a
            field, attribute or size measure of any record (a typo).

        Examples
        --------
        >>> kb = KnowledgeBase([ProjectRecord("A", size={"fp": 100}, actual_effort=900.0),
        ...                     ProjectRecord("B", size={"fp": 50})])
        >>> fm = kb.feature_matrix(["fp"])
        >>> fm.ids, fm.x.tolist(), fm.y.tolist(), fm.skipped
        (('A',), [[100.0]], [900.0], ('B',))
        """
        if isinstance(features, str):
            raise ValidationError(
                f"'features' must be a sequence of feature names (got the string {features!r}; "
                f"use [{features!r}])"
            )
        names = tuple(features)
        if not names:
            raise ValidationError("'features' must name at least one feature (got none)")
        pool = self.records if records is None else _records_of(records, "records")
        if pool:
            self._check_names(names, "feature", pool)
            self._check_names([target], "target", pool)
        ids: list[Id] = []
        rows: list[list[float]] = []
        ys: list[float] = []
        skipped: list[Id] = []
        for r in pool:
            vals = [r.value(f) for f in names]
            t = r.value(target)
            if all(_is_num(v) for v in vals) and _is_num(t):
                ids.append(r.id)
                rows.append([float(v) for v in vals])
                ys.append(float(t))
            else:
                skipped.append(r.id)
        x = np.array(rows, dtype=np.float64).reshape(len(rows), len(names))
        y = np.array(ys, dtype=np.float64)
        x.setflags(write=False)
        y.setflags(write=False)
        return FeatureMatrix(tuple(ids), names, x, y, tuple(skipped))


def _tag_list(value: Iterable[str] | str, name: str) -> tuple[str, ...]:
    """Tags: one string is one item, not its letters."""
    if isinstance(value, str):
        return (value,)
    items = _sequence(value, name)
    bad = [x for x in items if not isinstance(x, str)]
    if bad:
        raise ValidationError(f"'{name}' must hold strings (got {bad[0]!r:.60})")
    return items


def _sequence(value: Any, name: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"'{name}' must be a sequence (got {value!r:.60} that is a {type(value).__name__})"
        )
    return tuple(value)


def _records_of(value: Any, name: str) -> tuple[ProjectRecord, ...]:
    items = _sequence(value, name)
    bad = [
        f"'{name}' must hold ProjectRecord objects (got {x!r:.60} that is a {type(x).__name__})"
        for x in items
        if not isinstance(x, ProjectRecord)
    ]
    if bad:
        raise ValidationError(bad[:20])
    return items


def _describe(value: Any) -> str:
    """Deterministic text of a criterion (sets sorted: their order varies between runs)."""
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(repr(v) for v in value)) + "}"
    return repr(value)


def _is_num(v: Any) -> bool:
    return (
        isinstance(v, int | float | np.floating | np.integer)
        and not isinstance(v, bool)
        and math.isfinite(float(v))
    )
