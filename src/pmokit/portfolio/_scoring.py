"""Weighted scoring model: criteria with direction and normalisation, scores, ranks, parts."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import IdMapping, PicklesReadOnly, display, ranked, records_to_frame
from pmokit._typing import FloatArray, IntArray
from pmokit._validation import Problems, as_float_array, check_id, check_known
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.portfolio._frozen import ValueEq

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = ["Criterion", "Ranking", "score"]

Direction = Literal["benefit", "cost"]
Normalisation = Literal["minmax", "vector", "max", "target"]


@attrs.frozen
class Criterion:
    """A strategic driver: name, weight, direction and normalisation.

    Attributes
    ----------
    name
        Unique name.
    weight
        Weight >= 0; the weights of a model must sum to 1 (they are **not** renormalised).
    direction
        ``"benefit"`` (more is better) or ``"cost"`` (less is better).
    normalisation
        How raw values become comparable, per criterion over the alternatives:
        ``"minmax"`` ``(x - min) / (max - min)`` (cost: ``(max - x) / (max - min)``);
        ``"vector"`` ``x / ||x||`` (cost: ``1 - x / ||x||``);
        ``"max"`` ``x / max`` (cost: ``min / x``);
        ``"target"`` ``1 - |x - target| / max|x - target|`` (direction ignored).
        A criterion with equal values everywhere normalises to 0 (minmax, target).
    target
        The target value for ``normalisation="target"``.

    Examples
    --------
    >>> Criterion("npv", 0.5)
    Criterion(name='npv', weight=0.5, direction='benefit', normalisation='minmax', target=None)
    """

    name: str
    weight: float
    direction: Direction = "benefit"
    normalisation: Normalisation = "minmax"
    target: float | None = None

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if not isinstance(self.name, str) or not self.name.strip():
            p.add(f"'name' of a criterion must be a non-empty string (got {self.name!r})")
        p.check_number(self.weight, f"weight of criterion {self.name!r}", minimum=0.0)
        if self.direction not in ("benefit", "cost"):
            p.add(
                f"'direction' of criterion {self.name!r} must be 'benefit' or 'cost' "
                f"(got {self.direction!r})"
            )
        if self.normalisation not in ("minmax", "vector", "max", "target"):
            p.add(
                f"'normalisation' of criterion {self.name!r} must be one of 'minmax', 'vector', "
                f"'max', 'target' (got {self.normalisation!r})"
            )
        if self.normalisation == "target":
            if self.target is None:
                p.add(f"criterion {self.name!r} uses normalisation 'target' but has no 'target'")
            else:
                p.check_number(self.target, f"target of criterion {self.name!r}")
        p.raise_if_any()


@display("method", ("top", ranked()), "criteria", "ids")
@attrs.frozen(eq=False)
class Ranking(PicklesReadOnly, ValueEq, IdMapping):
    """Scores and ranks of alternatives; the shared result of ``score``, ``wsjf`` and ``topsis``.

    A read-only mapping of id -> score: ``ranking["P1"]``, ``"P1" in ranking``, iteration over
    the ids, ``len`` and ``.get``; an unknown id raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).

    Attributes
    ----------
    ids
        The alternatives, in input order.
    scores
        Read-only score per alternative (higher is better).
    ranks
        Read-only rank per alternative, 1 = best; ties share the best rank ("min" method).
    criteria
        Names of the criteria (columns of ``contributions``).
    contributions
        Read-only ``(alternatives, criteria)`` array: each criterion's part of the score
        (weighted normalised value; for TOPSIS the weighted normalised matrix, whose rows do
        not add up to the closeness; for WSJF each cost-of-delay component / job size).
    method
        ``"weighted_sum"``, ``"wsjf"`` or ``"topsis"``.
    normalised
        Read-only ``(alternatives, criteria)`` normalised values before weighting.
    weights
        Read-only criterion weights used.
    """

    ids: tuple[Hashable, ...]
    scores: FloatArray = attrs.field(repr=False)
    ranks: IntArray = attrs.field(repr=False)
    criteria: tuple[str, ...]
    contributions: FloatArray = attrs.field(repr=False)
    method: str
    normalised: FloatArray = attrs.field(repr=False)
    weights: FloatArray = attrs.field(repr=False)

    def order(self) -> tuple[Hashable, ...]:
        """The ids from best to worst (ties in input order)."""
        idx = np.lexsort((np.arange(len(self.ids)), self.ranks))
        return tuple(self.ids[i] for i in idx)

    def top(self, k: int) -> tuple[Hashable, ...]:
        """The ``k`` best ids, best first (all of them when ``k`` exceeds their number).

        Raises
        ------
        ValidationError
            If ``k`` is not an integer >= 0 (``top(-1)`` used to return all but one).
        """
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
            raise ValidationError(
                f"'k' must be an integer >= 0 (got {k!r} that is a {type(k).__name__})"
            )
        return self.order()[: int(k)]

    _what = "alternative"

    def _row(self, i: int) -> float:
        """Score of the alternative at position ``i``."""
        return float(self.scores[i])

    def to_records(self) -> list[dict[str, Any]]:
        """One record per alternative: id, score, rank and one column per criterion contribution."""
        out: list[dict[str, Any]] = []
        for i, id_ in enumerate(self.ids):
            rec: dict[str, Any] = {
                "id": id_,
                "score": float(self.scores[i]),
                "rank": int(self.ranks[i]),
            }
            for j, c in enumerate(self.criteria):
                rec[c] = float(self.contributions[i, j])
            out.append(rec)
        return out

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by id (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def _ranks(scores: FloatArray) -> IntArray:
    # rank 1 = highest; ties get the minimum rank; tolerance for float noise
    s = -np.round(scores, 12)
    out: IntArray = (np.searchsorted(np.sort(s), s, side="left") + 1).astype(np.int64)
    return out


def _check_ids(ids: Sequence[Hashable], what: str = "alternatives") -> tuple[Hashable, ...]:
    out = tuple(ids)
    if not out:
        raise ValidationError(f"'{what}' must name at least one alternative (got none)")
    bad = [m for k, x in enumerate(out) if (m := check_id(x, f"{what}[{k}]")) is not None]
    if bad:
        raise ValidationError(bad)
    seen: set[Hashable] = set()
    dups = [x for x in out if x in seen or seen.add(x)]  # type: ignore[func-returns-value]
    if dups:
        raise DuplicateError(f"'{what}' must be unique (repeated: {dups!r})", dups)
    return out


def _check_criteria(criteria: Sequence[Criterion]) -> tuple[Criterion, ...]:
    crit = tuple(criteria)
    p = Problems()
    if not crit:
        raise ValidationError("'criteria' must hold at least one Criterion (got none)")
    for k, c in enumerate(crit):
        if not isinstance(c, Criterion):
            p.add(f"criterion {k} must be a Criterion (got {type(c).__name__})")
    p.raise_if_any()
    names = [c.name for c in crit]
    dups = sorted({x for x in names if names.count(x) > 1})
    if dups:
        raise DuplicateError(f"criterion names must be unique (repeated: {dups!r})", dups)
    total = float(sum(c.weight for c in crit))
    if abs(total - 1.0) > 1e-6:
        raise ValidationError(
            f"criterion weights must sum to 1 (got {total!r}); weights are not renormalised "
            "silently, divide them by their sum (or derive them with ahp_priorities)"
        )
    return crit


Values: TypeAlias = (
    "Sequence[Sequence[float]] | FloatArray | Mapping[str, Sequence[float] | FloatArray | "
    "Mapping[Hashable, float]] | DataFrame"
)
"""Raw criterion values: an ``(alternatives, criteria)`` array in the criteria's order, or
by criterion NAME: a mapping ``{criterion: column}`` or a pandas DataFrame with one column
per criterion. A column is aligned with ``alternatives``, or is itself a mapping
``{id: value}``; a DataFrame whose index holds the ids is aligned by id."""


def _is_frame(values: object) -> bool:
    return hasattr(values, "columns") and hasattr(values, "to_numpy") and hasattr(values, "index")


def _by_name(values: Any, ids: tuple[Hashable, ...], crit: tuple[Criterion, ...]) -> list[Any]:
    """Columns of a mapping or DataFrame in the criteria's order, rows in the ids' order."""
    names = [c.name for c in crit]
    if _is_frame(values):
        columns = list(values.columns)
        index = list(values.index)
        if set(ids) <= set(index):
            values = values.loc[list(ids)]
        elif index != list(range(len(index))):
            check_known(ids, set(index), "values (DataFrame index)", "alternative")
        source = {k: values[k].to_numpy() for k in columns}
    else:
        source = dict(values)
    check_known(names, set(source), "values", "criterion")
    extra = [k for k in source if k not in set(names)]
    if extra:
        raise UnknownReferenceError(
            f"'values' has columns that are not criteria: {', '.join(map(repr, extra))} "
            f"(criteria: {', '.join(map(repr, names))}); select the criteria's columns",
            extra,
        )
    cols = []
    for name in names:
        col = source[name]
        if isinstance(col, Mapping):
            check_known(col, set(ids), f"values[{name!r}]", "alternative")
            check_known(ids, set(col), f"values[{name!r}] (missing)", "alternative")
            col = [col[i] for i in ids]
        cols.append(col)
    return cols


def _matrix(values: Values, ids: tuple[Hashable, ...], crit: tuple[Criterion, ...]) -> FloatArray:
    labels = [f"alternative {i!r}" for i in ids]
    if _is_frame(values) or isinstance(values, Mapping):
        cols = _by_name(values, ids, crit)
        parts = [
            as_float_array(col, f"values[{c.name!r}]", length=len(ids), labels=labels)
            for col, c in zip(cols, crit, strict=True)
        ]
        x = np.column_stack(parts) if parts else np.zeros((len(ids), 0))
        x.setflags(write=False)
        return x
    x = as_float_array(values, "values", ndim=2, labels=labels)
    if x.shape != (len(ids), len(crit)):
        raise ValidationError(
            f"'values' must have shape ({len(ids)} alternatives, {len(crit)} criteria) "
            f"(got {x.shape})"
        )
    return x


def _normalise(x: FloatArray, crit: tuple[Criterion, ...]) -> FloatArray:
    out = np.empty_like(x)
    p = Problems()
    for j, c in enumerate(crit):
        col = x[:, j]
        cost = c.direction == "cost"
        if c.normalisation == "minmax":
            lo, hi = col.min(), col.max()
            rng = hi - lo
            out[:, j] = 0.0 if rng == 0 else ((hi - col) if cost else (col - lo)) / rng
        elif c.normalisation == "vector":
            norm = float(np.sqrt(np.sum(col**2)))
            if norm == 0:
                p.add(f"criterion {c.name!r} with 'vector' normalisation needs a non-zero value")
                continue
            out[:, j] = 1.0 - col / norm if cost else col / norm
        elif c.normalisation == "max":
            if np.any(col <= 0):
                p.add(
                    f"criterion {c.name!r} with 'max' normalisation needs values > 0 "
                    f"(got min {float(col.min())!r})"
                )
                continue
            out[:, j] = col.min() / col if cost else col / col.max()
        else:
            dev = np.abs(col - float(c.target))  # type: ignore[arg-type]
            m = dev.max()
            out[:, j] = 0.0 if m == 0 else 1.0 - dev / m
    p.raise_if_any()
    return out


def _freeze(*arrays: npt.NDArray[Any]) -> None:
    for a in arrays:
        a.setflags(write=False)


def score(
    alternatives: Sequence[Hashable],
    values: Values,
    criteria: Sequence[Criterion],
) -> Ranking:
    """Weighted scoring model (weighted sum of normalised criterion values).

    Parameters
    ----------
    alternatives
        Unique ids of the alternatives (projects, proposals).
    values
        Raw ratings or measures (see :data:`Values`): an ``(alternatives, criteria)`` array
        in the order of ``criteria``, or -- matched by criterion NAME, never by position --
        a mapping ``{criterion: column}`` or a pandas DataFrame with one column per
        criterion (rows aligned by id when its index holds the ids). NaN is rejected, as are
        missing or extra columns.
    criteria
        One :class:`Criterion` per column; weights must sum to 1 (rejected otherwise).

    Returns
    -------
    Ranking
        ``scores[i] = sum_j weight_j * normalised[i, j]``; ``contributions`` holds the terms.

    Raises
    ------
    ValidationError
        On NaN or infinite values, a wrong shape, duplicate ids or criteria, weights not
        summing to 1, or values a normalisation cannot handle.

    Examples
    --------
    >>> crit = [Criterion("value", 0.6), Criterion("risk", 0.4, direction="cost")]
    >>> r = score(["A", "B", "C"], [[10, 3], [8, 1], [4, 2]], crit)
    >>> [round(float(s), 3) for s in r.scores], r.top(2)
    ([0.6, 0.8, 0.2], ('B', 'A'))

    By name, in any column order:

    >>> score(["A", "B", "C"], {"risk": [3, 1, 2], "value": [10, 8, 4]}, crit).top(2)
    ('B', 'A')
    """
    ids = _check_ids(alternatives)
    crit = _check_criteria(criteria)
    x = _matrix(values, ids, crit)
    z = _normalise(x, crit)
    w = np.array([c.weight for c in crit], dtype=np.float64)
    contrib = z * w
    s = contrib.sum(axis=1)
    r = _ranks(s)
    _freeze(z, w, contrib, s, r)
    return Ranking(ids, s, r, tuple(c.name for c in crit), contrib, "weighted_sum", z, w)
