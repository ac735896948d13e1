"""Risk register: probability-impact scoring, RAG bands, EMV, ranking, heat map and a
seeded Monte Carlo of the risk events for cost contingency (P50, P80)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._deprecation import renamed_arguments, warn_renamed
from pmokit._random import RngLike, as_generator
from pmokit._results import (
    SAME_VALUES,
    FrozenDict,
    IdMapping,
    PicklesReadOnly,
    Record,
    display,
    records_to_frame,
)
from pmokit._tables import Table
from pmokit._typing import FloatArray, IntArray
from pmokit._validation import (
    Problems,
    as_date,
    as_float_array,
    as_percentiles,
    check_flag,
    check_id,
    number_kind_problem,
)
from pmokit.distributions import _triangular_ppf
from pmokit.errors import DuplicateError, ValidationError

__all__ = [
    "ProbabilityImpactMatrix",
    "Rag",
    "Risk",
    "RiskAssessment",
    "RiskContingency",
    "RiskHeatMap",
    "RiskStatus",
    "assess_risks",
    "risk_contingency",
]

Rag = Literal["green", "amber", "red"]
"""A RAG status."""
RiskStatus = Literal["open", "closed", "occurred"]
"""Life-cycle status of a risk: only open risks are scored and simulated by default."""

_RAG_ORDER: dict[str, int] = {"green": 0, "amber": 1, "red": 2}
_MAX_ITERATIONS = 10**8
"""Largest number of trials of :func:`risk_contingency` (its samples are kept: 800 MB)."""


def _probability_edges(value: Iterable[float]) -> tuple[float, ...]:
    return _edges(value, "probability_edges")


def _cost_edges(value: Iterable[float]) -> tuple[float, ...]:
    return _edges(value, "cost_edges", minimum=0.0)


def _schedule_edges(value: Iterable[float]) -> tuple[float, ...]:
    return _edges(value, "schedule_edges", minimum=0.0)


def _ro(a: npt.ArrayLike, dtype: Any = np.float64) -> Any:
    arr = np.array(a, dtype=dtype)
    arr.setflags(write=False)
    return arr


def _edges(value: Any, name: str, minimum: float | None = None) -> tuple[float, ...]:
    kind = number_kind_problem(value, name) if not isinstance(value, str) else None
    if kind is not None:
        raise ValidationError(kind)
    try:
        edges = tuple(float(x) for x in value)
    except (TypeError, ValueError):
        raise ValidationError(f"'{name}' must be a sequence of numbers (got {value!r})") from None
    if any(not np.isfinite(e) for e in edges):
        raise ValidationError(f"'{name}' must hold finite numbers (got {edges})")
    if minimum is not None and any(e < minimum for e in edges):
        # impacts are >= 0: a negative edge would leave its level empty
        raise ValidationError(f"'{name}' must hold numbers >= {minimum} (got {edges})")
    if any(b <= a for a, b in itertools.pairwise(edges)):
        raise ValidationError(f"'{name}' must be strictly increasing (got {edges})")
    return edges


@attrs.frozen
class ProbabilityImpactMatrix:
    """A probability-impact (P-I) matrix with RAG bands.

    A probability falls in level ``1 + (number of probability_edges below it)``, so
    ``n`` edges make ``n + 1`` levels (a value equal to an edge is in the lower level).
    The impact level is the worse of the cost and schedule levels. The score of a risk is
    ``scores[probability level - 1][impact level - 1]``.

    Parameters
    ----------
    probability_edges
        Upper bounds of the probability levels but the last, in (0, 1).
    cost_edges
        Upper bounds of the cost-impact levels but the last [currency], >= 0 (impacts are
        >= 0: a negative edge would leave its level empty).
    schedule_edges
        Upper bounds of the schedule-impact levels but the last [working days], >= 0; same
        count as ``cost_edges``.
    scores
        Score of each (probability level, impact level) cell; default the product of the
        levels (1 .. 25 on a 5 x 5 matrix).
    amber_from, red_from
        RAG bands: a score >= ``red_from`` is red, >= ``amber_from`` amber, else green.

    Raises
    ------
    ValidationError
        For edges that are not increasing, negative impact edges, probabilities outside
        (0, 1), different numbers
        of cost and schedule levels, a scores table of the wrong shape, or bands with
        ``amber_from > red_from``.

    Examples
    --------
    >>> m = ProbabilityImpactMatrix.five_by_five(
    ...     cost_edges=(10_000, 50_000, 100_000, 250_000), schedule_edges=(5, 10, 20, 40))
    >>> m.level(0.35, 60_000, 3)
    (3, 3)
    >>> m.score(3, 3), m.rag(9)
    (9.0, 'amber')
    """

    probability_edges: tuple[float, ...] = attrs.field(converter=_probability_edges)
    cost_edges: tuple[float, ...] = attrs.field(converter=_cost_edges)
    schedule_edges: tuple[float, ...] = attrs.field(converter=_schedule_edges)
    scores: tuple[tuple[float, ...], ...] | None = None
    amber_from: float = 5.0
    red_from: float = 12.0

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if self.probability_edges and not (
            self.probability_edges[0] > 0 and self.probability_edges[-1] < 1
        ):
            p.add(f"'probability_edges' must lie in (0, 1) (got {self.probability_edges})")
        if len(self.cost_edges) != len(self.schedule_edges):
            p.add(
                "'cost_edges' and 'schedule_edges' must define the same number of impact "
                f"levels (got {len(self.cost_edges) + 1} and {len(self.schedule_edges) + 1})"
            )
        if self.scores is not None:
            shape = (len(self.probability_edges) + 1, len(self.cost_edges) + 1)
            try:
                table = np.array(self.scores, dtype=np.float64)
            except (TypeError, ValueError):
                table = np.zeros(0)
            if table.shape != shape or not np.isfinite(table).all():
                p.add(
                    f"'scores' must be a {shape[0]} x {shape[1]} table of finite numbers "
                    f"(probability levels x impact levels), got shape {table.shape}"
                )
        p.check_number(self.amber_from, "amber_from")
        p.check_number(self.red_from, "red_from")
        if not p and self.amber_from > self.red_from:
            p.add(f"'amber_from' must not exceed 'red_from' (got {self.amber_from} and "
                  f"{self.red_from})")
        p.raise_if_any()

    @classmethod
    def five_by_five(
        cls,
        *,
        cost_edges: Sequence[float],
        schedule_edges: Sequence[float],
        probability_edges: Sequence[float] = (0.1, 0.3, 0.5, 0.7),
        amber_from: float = 5.0,
        red_from: float = 12.0,
    ) -> ProbabilityImpactMatrix:
        """The common 5 x 5 matrix: score = probability level x impact level (1 .. 25).

        Default probability levels: <= 10 %, <= 30 %, <= 50 %, <= 70 %, above. Default bands:
        1-4 green, 5-11 amber, 12-25 red.
        """
        return cls(
            probability_edges=tuple(probability_edges),
            cost_edges=tuple(cost_edges),
            schedule_edges=tuple(schedule_edges),
            amber_from=amber_from,
            red_from=red_from,
        )

    @property
    def shape(self) -> tuple[int, int]:
        """(probability levels, impact levels)."""
        return len(self.probability_edges) + 1, len(self.cost_edges) + 1

    def score_table(self) -> FloatArray:
        """The scores as a (probability levels x impact levels) array."""
        if self.scores is not None:
            return _ro(self.scores)  # type: ignore[no-any-return]
        n_p, n_i = self.shape
        return _ro(np.outer(np.arange(1, n_p + 1), np.arange(1, n_i + 1)))  # type: ignore[no-any-return]

    def levels(
        self, probability: npt.ArrayLike, cost: npt.ArrayLike, schedule: npt.ArrayLike
    ) -> tuple[IntArray, IntArray]:
        """Vectorised probability and impact levels (1-based).

        Raises
        ------
        ValidationError
            Naming the argument for a value that is not a finite number, a probability
            outside [0, 1] or a negative impact (a NaN would otherwise land in the top
            level).
        """
        prob = _level_input(probability, "probability", maximum=1.0)
        cost_ = _level_input(cost, "cost")
        sched = _level_input(schedule, "schedule")
        pl = np.searchsorted(self.probability_edges, prob, "left") + 1
        cl = np.searchsorted(self.cost_edges, cost_, "left") + 1
        sl = np.searchsorted(self.schedule_edges, sched, "left") + 1
        return pl.astype(np.int64), np.maximum(cl, sl).astype(np.int64)

    def level(self, probability: float, cost: float, schedule: float = 0.0) -> tuple[int, int]:
        """Probability level and impact level of one risk (1-based).

        >>> m = ProbabilityImpactMatrix.five_by_five(
        ...     cost_edges=(10, 50, 100, 250), schedule_edges=(5, 10, 20, 40))
        >>> m.level(float("nan"), 1000)
        Traceback (most recent call last):
        ...
        pmokit.errors.ValidationError: 'probability' must be a finite number (got nan)
        """
        p = Problems()
        p.check_number(probability, "probability", minimum=0.0, maximum=1.0)
        p.check_number(cost, "cost", minimum=0.0)
        p.check_number(schedule, "schedule", minimum=0.0)
        p.raise_if_any()
        pl, il = self.levels([probability], [cost], [schedule])
        return int(pl[0]), int(il[0])

    def score(self, probability_level: int, impact_level: int) -> float:
        """Score of a cell (1-based levels).

        Raises
        ------
        ValidationError
            If a level is not an integer between 1 and the number of levels (a 0 or a
            negative level would otherwise index from the end of the table).
        """
        n_p, n_i = self.shape
        p = Problems()
        for value, name, top in (
            (probability_level, "probability_level", n_p),
            (impact_level, "impact_level", n_i),
        ):
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                p.add(f"'{name}' must be an integer level (got {value!r})")
            elif not 1 <= int(value) <= top:
                p.add(f"'{name}' must lie in 1..{top} (got {value})")
        p.raise_if_any()
        return float(self.score_table()[probability_level - 1, impact_level - 1])

    def rag(self, score: float) -> Rag:
        """RAG band of a score.

        Raises
        ------
        ValidationError
            If ``score`` is not a finite number.
        """
        p = Problems()
        p.check_number(score, "score")
        p.raise_if_any()
        if score >= self.red_from:
            return "red"
        if score >= self.amber_from:
            return "amber"
        return "green"


def _level_input(values: npt.ArrayLike, name: str, maximum: float | None = None) -> FloatArray:
    arr = as_float_array(values, name, ndim=None, minimum=0.0)
    if maximum is not None and arr.size and float(arr.max()) > maximum:
        raise ValidationError(f"'{name}' must be <= {maximum} (got {float(arr.max())!r})")
    return arr


@attrs.frozen
class Risk:
    """One entry of a risk register.

    Parameters
    ----------
    id
        Unique identifier.
    probability
        Probability that the risk occurs, in [0, 1].
    cost_impact
        Cost if it occurs (most likely) [currency], >= 0.
    schedule_impact
        Delay if it occurs [working days], >= 0.
    cost_low, cost_high
        Optional range of the cost impact [currency]; with both, the Monte Carlo draws a
        triangular (low, cost_impact, high) cost and the EMV uses its mean.
    owner, response, description
        Free text: the risk owner, the planned response, a description.
    status
        ``"open"`` (default), ``"closed"`` or ``"occurred"``.
    proximity
        Date by which the risk may occur, if known.
    project
        The project the risk belongs to (for portfolio registers); ``""`` (the default)
        for none. Any other value must be an id (a blank string, None, a float or a bool
        is refused).

    Raises
    ------
    ValidationError
        Naming the risk for an empty or unhashable id, a probability outside [0, 1], a
        negative or non-finite impact, a range that does not hold the most likely cost, or
        an unknown status.
    """

    id: str
    probability: float
    cost_impact: float = 0.0
    schedule_impact: float = 0.0
    cost_low: float | None = None
    cost_high: float | None = None
    owner: str = ""
    status: RiskStatus = "open"
    response: str = ""
    proximity: dt.date | None = None
    project: str = ""
    description: str = ""

    def __attrs_post_init__(self) -> None:
        p = Problems()
        who = f"of risk '{self.id}'"
        try:
            hash(self.id)
        except TypeError:
            p.add(f"'id' {who} must be hashable, such as a string "
                  f"(got a {type(self.id).__name__})")
        else:
            id_problem = check_id(self.id, "id of a risk")
            if id_problem is not None:
                p.add(id_problem)
        if self.project != "" and (
            project_problem := check_id(self.project, f"project {who}")
        ) is not None:  # "" means no project
            p.add(project_problem)
        p.check_number(self.probability, f"probability {who}", minimum=0.0, maximum=1.0)
        n = len(p)
        p.check_number(self.cost_impact, f"cost_impact {who}", minimum=0.0)
        cost_ok = len(p) == n
        p.check_number(self.schedule_impact, f"schedule_impact {who}", minimum=0.0)
        if (self.cost_low is None) != (self.cost_high is None):
            p.add(f"'cost_low' and 'cost_high' {who} must be given together")
        elif self.cost_low is not None and self.cost_high is not None:
            n = len(p)
            p.check_number(self.cost_low, f"cost_low {who}", minimum=0.0)
            p.check_number(self.cost_high, f"cost_high {who}", minimum=0.0)
            if cost_ok and len(p) == n and not (
                self.cost_low <= self.cost_impact <= self.cost_high
            ):
                p.add(
                    f"the cost range {who} must hold the most likely cost: cost_low <= "
                    f"cost_impact <= cost_high (got {self.cost_low}, {self.cost_impact}, "
                    f"{self.cost_high})"
                )
        if self.status not in ("open", "closed", "occurred"):
            p.add(f"'status' {who} must be one of 'open', 'closed', 'occurred' "
                  f"(got {self.status!r})")
        if self.proximity is not None:
            try:
                as_date(self.proximity, f"proximity {who}")
            except ValidationError as exc:
                p.extend(exc.problems)
        p.raise_if_any()

    @classmethod
    def from_frame(
        cls,
        register: Table,
        *,
        id: str = "id",
        probability: str = "probability",
        cost_impact: str = "cost_impact",
        schedule_impact: str = "schedule_impact",
        cost_low: str = "cost_low",
        cost_high: str = "cost_high",
        owner: str = "owner",
        status: str = "status",
        response: str = "response",
        proximity: str = "proximity",
        project: str = "project",
        description: str = "description",
    ) -> tuple[Risk, ...]:
        """A risk register from a table, one risk per row.

        Parameters
        ----------
        register
            A pandas DataFrame, a mapping of column name to values, or a list of dicts.
            Required columns ``id`` and ``probability`` (in [0, 1]); optional
            ``cost_impact`` [currency], ``schedule_impact`` [working days], ``cost_low``,
            ``cost_high`` [currency], ``owner``, ``status`` (``open``, ``closed``,
            ``occurred``; any case), ``response``, ``proximity`` (a date, or ISO text
            such as ``"2026-05-31"``), ``project`` and ``description``. A blank cell
            keeps the default. Each keyword renames its column; other columns are
            ignored.

        Returns
        -------
        tuple of Risk
            In row order.

        Raises
        ------
        ValidationError
            Naming the row and column: a missing required column, a number or date that
            cannot be read, and every field a :class:`Risk` refuses.
        DuplicateError
            An id given twice, with both rows.

        Examples
        --------
        >>> reg = [{"id": 1, "probability": 0.3, "cost_impact": 10_000, "status": "Open"},
        ...        {"id": 2, "probability": 0.1, "schedule_impact": 5, "owner": "PMO"}]
        >>> [(r.id, r.emv) for r in Risk.from_frame(reg)]
        [(1, 3000.0), (2, 0.0)]
        """
        from pmokit.monitoring._frames import risks_from_frame

        return risks_from_frame(
            register, id=id, probability=probability, cost_impact=cost_impact,
            schedule_impact=schedule_impact, cost_low=cost_low, cost_high=cost_high,
            owner=owner, status=status, response=response, proximity=proximity,
            project=project, description=description,
        )

    @classmethod
    def from_records(cls, register: Iterable[Mapping[str, Any]], **columns: Any) -> tuple[
        Risk, ...
    ]:
        """A risk register from records (dicts); the same columns as :meth:`from_frame`.

        Examples
        --------
        >>> Risk.from_records([{"id": "R1", "probability": 0.5}])[0].probability
        0.5
        """
        from pmokit._tables import refuse_columns_of_records
        from pmokit.monitoring._frames import risks_from_frame

        refuse_columns_of_records(register, "register")
        return risks_from_frame(list(register), **columns)

    @property
    def expected_cost_impact(self) -> float:
        """Mean cost if the risk occurs: the triangular mean with a range [currency]."""
        if self.cost_low is not None and self.cost_high is not None:
            return (self.cost_low + self.cost_impact + self.cost_high) / 3.0
        return float(self.cost_impact)

    @property
    def emv(self) -> float:
        """Expected monetary value: probability x expected cost impact [currency]."""
        return float(self.probability) * self.expected_cost_impact


@display()
@attrs.frozen
class RiskHeatMap(PicklesReadOnly):
    """Heat-map data of a risk register: risks per cell of the probability-impact matrix.

    Not to be confused with :class:`pmokit.capacity.CapacityHeatMap` (load per skill and
    period).
    ``HeatMap`` is the deprecated name of this class (kept for one release, with a
    DeprecationWarning).

    Attributes
    ----------
    counts
        ``(probability levels, impact levels)`` number of risks per cell; row 0 is
        probability level 1 (draw it at the bottom), column 0 impact level 1.
    scores
        The matrix scores per cell.
    rag
        RAG band per cell (tuple of rows of ``"green" | "amber" | "red"``).
    ids
        Risk ids per cell (tuple of rows of tuples).
    """

    counts: IntArray = attrs.field(eq=SAME_VALUES, hash=False)
    scores: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    rag: tuple[tuple[Rag, ...], ...] = attrs.field()
    ids: tuple[tuple[tuple[str, ...], ...], ...] = attrs.field()

    def to_records(self) -> list[Record]:
        """One dict per cell: levels, score, rag, count and risk ids."""
        n_p, n_i = self.counts.shape
        return [
            {
                "probability_level": a + 1,
                "impact_level": b + 1,
                "score": float(self.scores[a, b]),
                "rag": self.rag[a][b],
                "count": int(self.counts[a, b]),
                "risks": self.ids[a][b],
            }
            for a in range(n_p)
            for b in range(n_i)
        ]

    def to_frame(self) -> Any:
        """The cells as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


@display()
@attrs.frozen
class RiskAssessment(PicklesReadOnly, IdMapping):
    """Scores, RAG bands, EMV and ranks of the risks of a register.

    Arrays are aligned with :attr:`ids` (in register order); :attr:`ranked` lists ids from
    the highest score (ties broken by higher EMV, then by id). A read-only mapping from risk
    id to that risk's record (the dict of :meth:`to_records`): ``a["R1"]``, ``"R1" in a``,
    iteration over the ids, ``len``, ``.get``; an unknown id raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).

    Attributes
    ----------
    ids
        Risk ids assessed (open risks unless ``include_closed``).
    probability_level, impact_level
        1-based levels on the matrix.
    score
        Matrix score.
    rag
        RAG band of each risk.
    emv
        Expected monetary value per risk [currency].
    schedule_exposure
        Probability x schedule impact [working days].
    rank
        1 = highest priority.
    ranked
        Ids in rank order.
    total_emv
        Sum of EMV [currency].
    heat_map
        Counts and ids per matrix cell.
    risks
        The assessed :class:`Risk` entries, aligned with :attr:`ids`.
    """

    ids: tuple[str, ...]
    projects: tuple[str, ...]
    probability_level: IntArray = attrs.field(eq=SAME_VALUES, hash=False)
    impact_level: IntArray = attrs.field(eq=SAME_VALUES, hash=False)
    score: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    rag: tuple[Rag, ...] = attrs.field()
    emv: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    schedule_exposure: FloatArray = attrs.field(eq=SAME_VALUES, hash=False)
    rank: IntArray = attrs.field(eq=SAME_VALUES, hash=False)
    ranked: tuple[str, ...] = attrs.field()
    total_emv: float = attrs.field()
    heat_map: RiskHeatMap = attrs.field()
    risks: tuple[Risk, ...] = ()

    _what = "risk"

    def _row(self, i: int) -> Record:
        return self._record(i)

    def emv_by_project(self) -> dict[str, float]:
        """Total EMV per project [currency], in order of first appearance."""
        out: dict[str, float] = {}
        for proj, value in zip(self.projects, self.emv, strict=True):
            out[proj] = out.get(proj, 0.0) + float(value)
        return out

    @property
    def worst_rag(self) -> Rag:
        """The worst band of any risk (green for an empty register)."""
        if not self.rag:
            return "green"
        return max(self.rag, key=lambda r: _RAG_ORDER[r])

    def to_records(self) -> list[Record]:
        """One dict per risk in rank order."""
        order = np.argsort(self.rank, kind="stable")
        return [self._record(int(k)) for k in order]

    def _record(self, k: int) -> Record:
        return {
            "rank": int(self.rank[k]),
            "id": self.ids[k],
            "project": self.projects[k],
            "probability_level": int(self.probability_level[k]),
            "impact_level": int(self.impact_level[k]),
            "score": float(self.score[k]),
            "rag": self.rag[k],
            "emv": float(self.emv[k]),
            "schedule_exposure": float(self.schedule_exposure[k]),
            **(
                {
                    "owner": self.risks[k].owner,
                    "status": self.risks[k].status,
                    "response": self.risks[k].response,
                    "proximity": self.risks[k].proximity,
                }
                if self.risks
                else {}
            ),
        }

    def to_frame(self) -> Any:
        """The ranked register as a pandas DataFrame indexed by risk id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def _register(risks: Iterable[Risk], include_closed: bool) -> list[Risk]:
    check_flag(include_closed, "include_closed")
    if isinstance(risks, Risk | str) or not isinstance(risks, Iterable):
        raise ValidationError(
            f"'risks' must be a sequence of Risk (got {risks!r:.60} that is a "
            f"{type(risks).__name__}); use [risk] for one risk"
        )
    items = list(risks)
    p = Problems()
    for k, r in enumerate(items):
        if not isinstance(r, Risk):
            p.add(f"item {k} of 'risks' must be a Risk (got a {type(r).__name__})")
    p.raise_if_any()
    ids = [r.id for r in items]
    tally = Counter(ids)
    dupes = [i for i, c in tally.items() if c > 1]
    if dupes:
        raise DuplicateError(f"risk ids must be unique (repeated: {dupes})", dupes)
    return [r for r in items if include_closed or r.status == "open"]


def assess_risks(
    risks: Iterable[Risk],
    matrix: ProbabilityImpactMatrix,
    *,
    include_closed: bool = False,
) -> RiskAssessment:
    """Score, band, value and rank the risks of a register.

    Parameters
    ----------
    risks
        The register; ids must be unique.
    matrix
        The probability-impact matrix and its RAG bands.
    include_closed
        Also assess closed and occurred risks (default: open risks only).

    Returns
    -------
    RiskAssessment
        Levels, scores, RAG bands, EMV, ranks and heat-map data.

    Raises
    ------
    ValidationError
        If an item is not a :class:`Risk`, ``matrix`` is not a matrix or
        ``include_closed`` is not a bool.
    DuplicateError
        If two risks share an id.

    Examples
    --------
    >>> m = ProbabilityImpactMatrix.five_by_five(
    ...     cost_edges=(10_000, 50_000, 100_000, 250_000), schedule_edges=(5, 10, 20, 40))
    >>> a = assess_risks([Risk("R1", 0.6, 120_000), Risk("R2", 0.2, 8_000, 12)], m)
    >>> a.ranked, a.score.tolist(), a.rag
    (('R1', 'R2'), [16.0, 6.0], ('red', 'amber'))
    >>> a.total_emv
    73600.0
    """
    if not isinstance(matrix, ProbabilityImpactMatrix):
        raise ValidationError(
            f"'matrix' must be a ProbabilityImpactMatrix (got a {type(matrix).__name__})"
        )
    items = _register(risks, include_closed)
    n = len(items)
    prob = np.array([r.probability for r in items], dtype=np.float64)
    cost = np.array([r.cost_impact for r in items], dtype=np.float64)
    sched = np.array([r.schedule_impact for r in items], dtype=np.float64)
    emv = np.array([r.emv for r in items], dtype=np.float64)
    pl, il = matrix.levels(prob, cost, sched)
    table = matrix.score_table()
    score = table[pl - 1, il - 1] if n else np.zeros(0)
    rag = tuple(matrix.rag(float(s)) for s in score)
    ids = tuple(r.id for r in items)
    order = sorted(range(n), key=lambda k: (-score[k], -emv[k], ids[k]))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)
    n_p, n_i = matrix.shape
    counts = np.zeros((n_p, n_i), dtype=np.int64)
    cells: list[list[list[str]]] = [[[] for _ in range(n_i)] for _ in range(n_p)]
    for k in order:
        counts[pl[k] - 1, il[k] - 1] += 1
        cells[pl[k] - 1][il[k] - 1].append(ids[k])
    counts.setflags(write=False)
    heat = RiskHeatMap(
        counts=counts,
        scores=table,
        rag=tuple(tuple(matrix.rag(float(s)) for s in row) for row in table),
        ids=tuple(tuple(tuple(c) for c in row) for row in cells),
    )
    return RiskAssessment(
        ids=ids,
        projects=tuple(r.project for r in items),
        probability_level=_ro(pl, np.int64),
        impact_level=_ro(il, np.int64),
        score=_ro(score),
        rag=rag,
        emv=_ro(emv),
        schedule_exposure=_ro(prob * sched),
        rank=_ro(rank, np.int64),
        ranked=tuple(ids[k] for k in order),
        total_emv=float(emv.sum()),
        heat_map=heat,
        risks=tuple(items),
    )


def _frozen_table(value: Mapping[float, float]) -> FrozenDict:
    return FrozenDict(value)


@display()
@attrs.frozen
class RiskContingency(PicklesReadOnly):
    """Monte Carlo distribution of the total cost (and delay) of the risk events.

    Attributes
    ----------
    p50, p80
        Total risk cost not exceeded in 50 % and 80 % of the trials [currency]; P80 is the
        usual cost contingency.
    mean
        Mean total risk cost [currency] (close to the sum of EMV).
    expected_monetary_value
        The analytic sum of EMV, for comparison [currency].
    percentiles
        Every requested percentile: ``{percent: value}`` [currency] (read-only).
    schedule_p50, schedule_p80
        The same for the summed delays [working days] (an upper bound when risks delay
        parallel paths).
    iterations
        Number of trials (``n_samples`` is its deprecated name).
    samples
        Total risk cost of every trial [currency] (read-only).
    ids
        Risks simulated.
    """

    p50: float
    p80: float
    mean: float
    expected_monetary_value: float
    percentiles: FrozenDict = attrs.field(converter=_frozen_table)
    schedule_p50: float = attrs.field()
    schedule_p80: float = attrs.field()
    iterations: int = attrs.field()
    samples: FloatArray = attrs.field(repr=False, eq=SAME_VALUES, hash=False)
    ids: tuple[str, ...] = attrs.field(repr=False)

    @property
    def n_samples(self) -> int:
        """Deprecated name of :attr:`iterations`."""
        warn_renamed("RiskContingency.n_samples", "RiskContingency.iterations")
        return self.iterations

    def to_records(self) -> list[Record]:
        """One dict per requested percentile."""
        return [{"percentile": q, "cost": v} for q, v in self.percentiles.items()]

    def to_frame(self) -> Any:
        """The percentiles as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="percentile")


@renamed_arguments(n_samples="iterations")
def risk_contingency(
    risks: Iterable[Risk],
    *,
    iterations: int = 20_000,
    rng: RngLike = None,
    percentiles: Sequence[float] = (50.0, 80.0, 90.0),
    include_closed: bool = False,
    check_units: bool = True,
) -> RiskContingency:
    """Cost contingency from a Monte Carlo simulation of the risk events.

    In each trial every risk occurs independently with its probability; an occurring risk
    costs its ``cost_impact`` (or a triangular draw on ``cost_low, cost_impact, cost_high``)
    and delays by its ``schedule_impact``. Percentiles use the inverted empirical CDF (the
    smallest total with at least ``q`` % of trials at or below it), so discrete totals
    are reported exactly.

    Parameters
    ----------
    risks
        The register (open risks only unless ``include_closed``).
    iterations
        Number of trials, >= 100 (``n_samples`` is its deprecated name).
    rng
        Seed or ``numpy.random.Generator``; the same seed gives the same numbers.
    percentiles
        Percentiles to report, in (0, 100] (numpy's scale); 50 and 80 are always
        included. Values all in (0, 1] look like quantiles given for percents and are
        refused unless ``check_units=False``.
    include_closed
        Also simulate closed and occurred risks.
    check_units
        ``False`` to accept ``percentiles`` all in (0, 1] as meant.

    Returns
    -------
    RiskContingency
        P50, P80, the requested percentiles, the mean and the samples.

    Raises
    ------
    ValidationError
        For ``iterations`` below 100, percentiles outside (0, 100] (or all in (0, 1], a
        probable slip), bad items, a non-bool flag or a bad rng.
    DuplicateError
        If two risks share an id.

    References
    ----------
    .. [1] HM Treasury, *The Orange Book: Management of Risk*, 2020; AACE International
       Recommended Practice 65R-11, *Integrated Cost and Schedule Risk Analysis*.

    Examples
    --------
    >>> c = risk_contingency([Risk("R1", 0.3, 100.0)], rng=1)
    >>> c.p50, c.p80
    (0.0, 100.0)
    """
    p = Problems()
    if isinstance(iterations, bool) or not isinstance(iterations, int | np.integer):
        p.add(f"'iterations' must be an integer >= 100 (got {iterations!r})")
    else:
        p.check_number(iterations, "iterations", minimum=100)
        if int(iterations) > _MAX_ITERATIONS:
            p.add(
                f"'iterations' must be at most {_MAX_ITERATIONS} (got {iterations}): the "
                "samples are kept and would not fit in memory"
            )
    for flag in ("include_closed", "check_units"):
        try:
            check_flag(include_closed if flag == "include_closed" else check_units, flag)
        except ValidationError as exc:
            p.extend(exc.problems)
    qs: list[float] = []
    # the kind first: float() of a numpy complex drops its imaginary part (a warning only)
    try:
        kind = number_kind_problem(list(percentiles), "percentiles")
    except TypeError:  # not iterable: reported below
        kind = None
    if kind is not None:  # complex, booleans, datetime64 ... read as numbers
        p.add(kind)
    else:
        try:
            qs = sorted({50.0, 80.0, *(float(q) for q in percentiles)})
        except (TypeError, ValueError):
            p.add(f"'percentiles' must be numbers in (0, 100] (got {percentiles!r})")
    bad = [q for q in qs if not 0 < q <= 100]
    for q in bad:
        p.add(f"'percentiles' must lie in (0, 100] (got {q})")
    if qs and not bad and not p:
        try:  # fractions given for percents: a probable slip
            as_percentiles(list(percentiles), "percentiles", check_units=check_units)
        except ValidationError as exc:
            p.extend(exc.problems)
    p.raise_if_any()
    gen = as_generator(rng)
    items = _register(risks, include_closed)
    n = int(iterations)
    prob = np.array([r.probability for r in items], dtype=np.float64)
    mode = np.array([r.cost_impact for r in items], dtype=np.float64)
    low = np.array([r.cost_low if r.cost_low is not None else r.cost_impact for r in items])
    high = np.array([r.cost_high if r.cost_high is not None else r.cost_impact for r in items])
    delay = np.array([r.schedule_impact for r in items], dtype=np.float64)
    ranged = high > low
    cost_tot = np.zeros(n)
    delay_tot = np.zeros(n)
    chunk = max(1, 2_000_000 // max(len(items), 1))
    for a in range(0, n, chunk):
        b = min(n, a + chunk)
        hit = gen.random((b - a, len(items))) < prob
        cost = np.broadcast_to(mode, hit.shape).copy()
        if ranged.any():
            cols = np.nonzero(ranged)[0]
            # the one triangular of pmokit.distributions (numpy's numbers, bit for bit)
            cost[:, cols] = _triangular_ppf(gen.random((b - a, cols.size)),
                                            low[cols], mode[cols], high[cols])
        cost_tot[a:b] = (hit * cost).sum(axis=1)
        delay_tot[a:b] = hit @ delay
    values = np.percentile(cost_tot, qs, method="inverted_cdf") if n else np.zeros(len(qs))
    sched = np.percentile(delay_tot, [50.0, 80.0], method="inverted_cdf")
    table = {q: float(v) for q, v in zip(qs, values, strict=True)}
    cost_tot.setflags(write=False)
    return RiskContingency(
        p50=table[50.0],
        p80=table[80.0],
        mean=float(cost_tot.mean()),
        expected_monetary_value=float(sum(r.emv for r in items)),
        percentiles=table,
        schedule_p50=float(sched[0]),
        schedule_p80=float(sched[1]),
        iterations=n,
        samples=cost_tot,
        ids=tuple(r.id for r in items),
    )


def __getattr__(name: str) -> object:
    if name == "HeatMap":
        warn_renamed("pmokit.monitoring.HeatMap", "pmokit.monitoring.RiskHeatMap")
        return RiskHeatMap
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
