"""Health checks: weighted scoring of indicators over dimensions, a score and RAG per project.

Each :class:`Indicator` maps a raw value to a score in [0, 100] by linear interpolation
between its ``red`` value (score 0) and its ``green`` value (score 100), clipped outside;
``green < red`` means lower is better. A dimension's score is the weighted mean of its
indicators' scores, the project's score the weighted mean of its dimension scores (missing
indicators and dimensions without data are left out and the weights renormalised). The
RAG is Green from ``green_from``, Amber from ``amber_from``, otherwise Red (Grey: no data).

All projects are scored at once on a projects x indicators array.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import (
    ComparesValues,
    FrozenDict,
    IdMapping,
    PicklesReadOnly,
    display,
    records_to_frame,
)
from pmokit._validation import Problems, check_id, check_number
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.governance._convert import as_dict, as_tuple

__all__ = ["HEALTH_DIMENSIONS", "HealthModel", "HealthReport", "Indicator", "health_check"]

HEALTH_DIMENSIONS: tuple[str, ...] = (
    "schedule",
    "cost",
    "scope",
    "risk",
    "quality",
    "resourcing",
    "stakeholders",
)
"""The standard health dimensions."""


@attrs.frozen
class Indicator:
    """One health indicator.

    Parameters
    ----------
    name
        Unique indicator name (the key in the project data).
    dimension
        The dimension it feeds.
    green
        Value at which (or beyond which) the score is 100.
    red
        Value at which (or beyond which) the score is 0; ``green < red`` means lower
        values are better.
    weight
        Weight within its dimension (> 0).
    """

    name: str
    dimension: str
    green: float
    red: float
    weight: float = 1.0

    def score(self, value: float) -> float:
        """Score of a raw value in [0, 100].

        Examples
        --------
        >>> Indicator("spi", "schedule", green=1.0, red=0.8).score(0.9)
        50.0
        >>> Indicator("open_issues", "risk", green=0, red=10).score(2)
        80.0

        Raises
        ------
        ValidationError
            If ``value`` is not a finite number, or ``green == red``.
        """
        check_number(value, f"value of indicator '{self.name}'")
        if self.green == self.red:
            raise ValidationError(
                f"indicator '{self.name}' must have green != red (got both {self.green!r})"
            )
        return float(100.0 * min(max((value - self.red) / (self.green - self.red), 0.0), 1.0))


@attrs.frozen
class HealthModel:
    """Indicators, dimension weights and RAG cut-offs.

    Parameters
    ----------
    indicators
        The indicators.
    dimension_weights
        Dimension -> weight (> 0). Default: every dimension of an indicator weighs 1.
    green_from
        Score from which a project is Green (default 75).
    amber_from
        Score from which a project is Amber (default 50).

    Raises
    ------
    ValidationError
        If indicator names repeat, an indicator's dimension is not in
        ``dimension_weights``, ``green == red``, a weight is not > 0, or the cut-offs are
        not ``0 <= amber_from <= green_from <= 100``.
    """

    indicators: tuple[Indicator, ...] = attrs.field(converter=as_tuple)
    dimension_weights: Mapping[str, float] = attrs.field(factory=dict, converter=as_dict)
    green_from: float = 75.0
    amber_from: float = 50.0

    def __attrs_post_init__(self) -> None:
        if not self.dimension_weights:
            dims = dict.fromkeys(
                (
                    i.dimension
                    for i in self.indicators
                    if isinstance(i, Indicator) and check_id(i.dimension, "") is None
                ),
                1.0,
            )
            object.__setattr__(self, "dimension_weights", FrozenDict(dims))
        p = Problems()
        seen: set[str] = set()
        dups: list[str] = []
        for ind in self.indicators:
            if not isinstance(ind, Indicator):
                p.add(f"indicators must be Indicator objects (got {ind!r})")
                continue
            bad_id = False
            for what, value in (("name", ind.name), ("dimension", ind.dimension)):
                if (m := check_id(value, f"{what} of indicator {ind.name!r}")) is not None:
                    p.add(m)
                    bad_id = True
            if bad_id:
                continue
            if ind.name in seen:
                dups.append(ind.name)
            seen.add(ind.name)
            if ind.dimension not in self.dimension_weights:
                p.add(
                    f"indicator '{ind.name}' names unknown dimension '{ind.dimension}'; "
                    "expected one of " + ", ".join(repr(d) for d in self.dimension_weights)
                )
            p.check_number(ind.green, f"green of indicator '{ind.name}'")
            p.check_number(ind.red, f"red of indicator '{ind.name}'")
            p.check_number(
                ind.weight, f"weight of indicator '{ind.name}'", minimum=0.0, strict_minimum=True
            )
            if ind.green == ind.red:
                p.add(f"indicator '{ind.name}' must have green != red (got both {ind.green!r})")
        for d, w in self.dimension_weights.items():
            p.check_number(w, f"weight of dimension '{d}'", minimum=0.0, strict_minimum=True)
        p.check_number(self.green_from, "green_from", minimum=0.0, maximum=100.0)
        p.check_number(self.amber_from, "amber_from", minimum=0.0, maximum=100.0)
        if not p and self.amber_from > self.green_from:
            p.add(
                f"'amber_from' must be <= 'green_from' (got amber_from={self.amber_from}, "
                f"green_from={self.green_from})"
            )
        if dups:
            raise DuplicateError(
                [f"indicator '{d}' appears more than once" for d in dups] + p.items, dups
            )
        p.raise_if_any()

    @property
    def dimensions(self) -> tuple[str, ...]:
        """Dimension names in order."""
        return tuple(self.dimension_weights)

    @classmethod
    def standard(cls) -> HealthModel:
        """A common PMO health model over :data:`HEALTH_DIMENSIONS`.

        ====================  ============  =====  =====
        indicator             dimension     green  red
        ====================  ============  =====  =====
        spi                   schedule      1.0    0.8
        milestone_slip_days   schedule      0      20
        cpi                   cost          1.0    0.8
        budget_variance_pct   cost          0      15
        scope_change_pct      scope         5      25
        high_risks_open       risk          0      5
        risk_review_age_days  risk          14     60
        defect_density        quality       0.5    3
        acceptance_pass_pct   quality       95     70
        staffing_fill_pct     resourcing    100    70
        key_person_gaps       resourcing    0      3
        stakeholder_sat       stakeholders  4.5    2.5
        ====================  ============  =====  =====

        Schedule and cost weigh 2, every other dimension 1.
        """
        inds = (
            Indicator("spi", "schedule", 1.0, 0.8),
            Indicator("milestone_slip_days", "schedule", 0.0, 20.0),
            Indicator("cpi", "cost", 1.0, 0.8),
            Indicator("budget_variance_pct", "cost", 0.0, 15.0),
            Indicator("scope_change_pct", "scope", 5.0, 25.0),
            Indicator("high_risks_open", "risk", 0.0, 5.0),
            Indicator("risk_review_age_days", "risk", 14.0, 60.0),
            Indicator("defect_density", "quality", 0.5, 3.0),
            Indicator("acceptance_pass_pct", "quality", 95.0, 70.0),
            Indicator("staffing_fill_pct", "resourcing", 100.0, 70.0),
            Indicator("key_person_gaps", "resourcing", 0.0, 3.0),
            Indicator("stakeholder_sat", "stakeholders", 4.5, 2.5),
        )
        weights = {d: (2.0 if d in ("schedule", "cost") else 1.0) for d in HEALTH_DIMENSIONS}
        return cls(inds, weights)


@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class HealthReport(PicklesReadOnly, ComparesValues, IdMapping):
    """Health scores of a set of projects.

    A read-only mapping from project id to that project's record (see
    :meth:`to_records`): ``r["P1"]``, ``"P1" in r``, iteration over the ids, ``len``,
    ``.get``; an unknown id raises :class:`~pmokit.errors.UnknownReferenceError` (a
    ``KeyError``).

    Attributes
    ----------
    projects
        Project ids (rows).
    dimensions
        Dimension names (columns of ``dimension_scores``).
    scores
        Read-only overall score per project in [0, 100] (nan: no data).
    dimension_scores
        Read-only projects x dimensions scores in [0, 100] (nan: no data for that dimension).
    rag
        ``"Green"``, ``"Amber"``, ``"Red"`` or ``"Grey"`` (no data) per project.
    weakest
        Per project, its lowest-scoring dimensions (up to ``n_weakest``, lowest first).
    """

    projects: tuple[str, ...]
    dimensions: tuple[str, ...]
    scores: npt.NDArray[np.float64]
    dimension_scores: npt.NDArray[np.float64]
    rag: tuple[str, ...]
    weakest: tuple[tuple[str, ...], ...]

    _what = "project"

    @property
    def ids(self) -> tuple[str, ...]:  # type: ignore[override]
        """The project ids (the keys of the mapping)."""
        return self.projects

    def _row(self, i: int) -> dict[str, Any]:
        return self._record(i)

    def _position(self, key: object) -> int:
        try:
            return self.projects.index(key)
        except (ValueError, TypeError):
            msg = f"no project {key!r} in this report"
            raise UnknownReferenceError(msg, [key]) from None

    def __getitem__(self, project: str) -> dict[str, Any]:
        """The record of one project."""
        if not isinstance(project, str):
            raise ValidationError(f"'project' must be a project id (got {project!r:.60})")
        return self._record(self._position(project))

    def _record(self, i: int) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "project": self.projects[i],
            "score": float(self.scores[i]),
            "rag": self.rag[i],
            "weakest": ", ".join(self.weakest[i]),
        }
        for j, d in enumerate(self.dimensions):
            rec[d] = float(self.dimension_scores[i, j])
        return rec

    def to_records(self) -> list[dict[str, Any]]:
        """One record per project.

        Keys: ``project``, ``score``, ``rag``, ``weakest`` and one key per dimension.
        """
        return [self._record(i) for i in range(len(self.projects))]

    def to_frame(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame indexed by project (needs pandas)."""
        return records_to_frame(self.to_records(), index="project")


def health_check(
    data: Mapping[str, Mapping[str, float]],
    model: HealthModel | None = None,
    *,
    n_weakest: int = 2,
) -> HealthReport:
    """Score project health from indicator values.

    Parameters
    ----------
    data
        Project id -> {indicator name -> value}. Indicators may be missing.
    model
        The health model (default :meth:`HealthModel.standard`).
    n_weakest
        How many weakest dimensions to report per project.

    Returns
    -------
    HealthReport

    Raises
    ------
    UnknownReferenceError
        If data names indicators the model does not have (all listed).
    ValidationError
        If a value is not a finite number or a project id is empty or not an id.

    Examples
    --------
    >>> model = HealthModel([Indicator("spi", "schedule", 1.0, 0.8),
    ...                      Indicator("cpi", "cost", 1.0, 0.8)])
    >>> r = health_check({"P1": {"spi": 0.9, "cpi": 1.0}, "P2": {"spi": 0.8, "cpi": 0.85}}, model)
    >>> r.scores.tolist(), r.rag, r.weakest[0]
    ([75.0, 12.5], ('Green', 'Red'), ('schedule', 'cost'))
    """
    model = HealthModel.standard() if model is None else model
    if not isinstance(model, HealthModel):
        raise ValidationError(f"'model' must be a HealthModel (got {type(model).__name__})")
    if not isinstance(data, Mapping):
        raise ValidationError(
            f"'data' must map project ids to indicator values (got {type(data).__name__})"
        )
    if isinstance(n_weakest, bool) or not isinstance(n_weakest, int) or n_weakest < 0:
        raise ValidationError(f"'n_weakest' must be an integer >= 0 (got {n_weakest!r})")
    col = {ind.name: k for k, ind in enumerate(model.indicators)}
    projects = tuple(data)
    values = np.full((len(projects), len(col)), np.nan)
    p = Problems()
    unknown_msgs: list[str] = []
    unknown: list[str] = []
    for pid in projects:
        if (m := check_id(pid, "project id in 'data'")) is not None:
            p.add(m)
    p.raise_if_any()
    for i, pid in enumerate(projects):
        row = data[pid]
        if not isinstance(row, Mapping):
            p.add(f"data of project '{pid}' must be a mapping of indicator values (got {row!r})")
            continue
        for name, v in row.items():
            if name not in col:
                unknown_msgs.append(
                    f"project '{pid}' gives unknown indicator '{name}'; the model has "
                    + ", ".join(repr(c) for c in col)
                )
                unknown.append(name)
                continue
            if v is None:
                continue
            before = len(p)
            p.check_number(v, f"indicator '{name}' of project '{pid}'")
            if len(p) == before:
                values[i, col[name]] = float(v)
    if unknown_msgs:
        raise UnknownReferenceError(unknown_msgs + p.items, unknown)
    p.raise_if_any()

    green = np.array([ind.green for ind in model.indicators])
    red = np.array([ind.red for ind in model.indicators])
    w_ind = np.array([ind.weight for ind in model.indicators])
    dims = model.dimensions
    dcol = {d: j for j, d in enumerate(dims)}
    member = np.zeros((len(col), len(dims)))
    for k, ind in enumerate(model.indicators):
        member[k, dcol[ind.dimension]] = 1.0
    with np.errstate(invalid="ignore"):
        s = 100.0 * np.clip((values - red) / (green - red), 0.0, 1.0)
    have = ~np.isnan(s)
    num = np.where(have, s, 0.0) * w_ind
    den = have * w_ind
    dnum = num @ member
    dden = den @ member
    with np.errstate(invalid="ignore", divide="ignore"):
        dscore = np.where(dden > 0, dnum / np.where(dden > 0, dden, 1.0), np.nan)
    w_dim = np.array([model.dimension_weights[d] for d in dims])
    dhave = ~np.isnan(dscore)
    tot_w = (dhave * w_dim).sum(axis=1)
    tot = (np.where(dhave, dscore, 0.0) * w_dim).sum(axis=1)
    score = np.where(tot_w > 0, tot / np.where(tot_w > 0, tot_w, 1.0), np.nan)
    rag = tuple(
        "Grey"
        if math.isnan(x)
        else "Green"
        if x >= model.green_from
        else "Amber"
        if x >= model.amber_from
        else "Red"
        for x in score.tolist()
    )
    weakest = []
    for i in range(len(projects)):
        row_scores = dscore[i]
        order = [j for j in np.argsort(row_scores, kind="stable").tolist() if dhave[i, j]]
        weakest.append(tuple(dims[j] for j in order[:n_weakest]))
    score.setflags(write=False)
    dscore.setflags(write=False)
    return HealthReport(
        projects=projects,
        dimensions=dims,
        scores=score,
        dimension_scores=dscore,
        rag=rag,
        weakest=tuple(weakest),
    )
