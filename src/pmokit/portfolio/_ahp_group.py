"""Group AHP: aggregation of individual judgements (AIJ) and of individual priorities (AIP).

References
----------
Forman, E., Peniwati, K. (1998). Aggregating individual judgments and priorities with the
analytic hierarchy process. *European Journal of Operational Research* 108(1), 165-169.
doi:10.1016/S0377-2217(97)00244-0
Aczél, J., Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. *Journal of
Mathematical Psychology* 27(1), 93-102.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from pmokit._results import IdMapping, PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, as_float_array, check_choice
from pmokit.errors import ValidationError
from pmokit.portfolio._ahp import AHPResult, PairwiseMatrix
from pmokit.portfolio._frozen import ValueEq

__all__ = ["GroupPriorities", "aggregate_judgements", "aggregate_priorities"]


def _weights(weights: Sequence[float] | FloatArray | None, k: int, what: str) -> FloatArray:
    if weights is None:
        return np.full(k, 1.0 / k)
    w = as_float_array(
        weights, "weights", minimum=0.0, length=k, labels=[f"{what} {i}" for i in range(k)]
    )
    total = float(w.sum())
    if abs(total - 1.0) > 1e-6:
        raise ValidationError(
            f"'weights' of the {k} {what}s must sum to 1 (got {total!r}); divide them by their sum"
        )
    return w


def aggregate_judgements(
    matrices: Sequence[PairwiseMatrix], weights: Sequence[float] | FloatArray | None = None
) -> PairwiseMatrix:
    """Aggregation of individual judgements (AIJ): element-wise weighted geometric mean.

    The weighted geometric mean is the only aggregation that keeps the reciprocal property
    (Aczél & Saaty 1983). A judgement missing for some members is averaged over the members
    who gave it (their weights renormalised); missing for all, it stays missing.

    Parameters
    ----------
    matrices
        One matrix per group member, all with the same labels in the same order.
    weights
        Member weights (>= 0, summing to 1: weights that do not sum to 1 are **rejected**);
        default equal.

    Returns
    -------
    PairwiseMatrix

    Raises
    ------
    ValidationError
        On no matrices, different labels, or bad weights.

    Examples
    --------
    >>> a = PairwiseMatrix.from_judgements({("x", "y"): 2})
    >>> b = PairwiseMatrix.from_judgements({("x", "y"): 8})
    >>> float(aggregate_judgements([a, b]).values[0, 1])
    4.0
    """
    mats = list(matrices)
    if not mats:
        raise ValidationError("'matrices' must hold at least one PairwiseMatrix (got none)")
    p = Problems()
    for k, m in enumerate(mats):
        if not isinstance(m, PairwiseMatrix):
            p.add(f"matrix {k} must be a PairwiseMatrix (got {type(m).__name__})")
        elif m.labels != mats[0].labels:
            p.add(f"matrix {k} must have the labels {mats[0].labels!r} (got {m.labels!r})")
    p.raise_if_any()
    w = _weights(weights, len(mats), "member")
    logs = np.stack([np.log(m.values) for m in mats])  # nan where missing
    have = ~np.isnan(logs)
    ww = w[:, None, None] * have
    tot = ww.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(tot > 0, np.nansum(np.where(have, logs, 0.0) * ww, axis=0) / tot, np.nan)
    return PairwiseMatrix(mats[0].labels, np.exp(mean))


@display()
@attrs.frozen(eq=False)
class GroupPriorities(PicklesReadOnly, ValueEq, IdMapping):
    """Aggregated priorities of a group (AIP).

    A read-only mapping of label -> aggregated priority (``in``, iteration, ``len``,
    ``.get``; an unknown label raises :class:`~pmokit.errors.UnknownReferenceError`).

    Attributes
    ----------
    labels
        The items.
    priorities
        Read-only aggregated weights summing to 1.
    method
        ``"geometric"`` or ``"arithmetic"``.
    individual
        Read-only ``(members, items)`` array of each member's priorities.
    member_weights
        Read-only weights of the members.
    """

    labels: tuple[Hashable, ...]
    priorities: FloatArray = attrs.field(repr=False)
    method: str
    individual: FloatArray = attrs.field(repr=False)
    member_weights: FloatArray = attrs.field(repr=False)

    _what = "label"

    @property
    def ids(self) -> tuple[Hashable, ...]:  # type: ignore[override]
        """The labels (the keys of this mapping)."""
        return self.labels

    def _row(self, i: int) -> float:
        """Aggregated priority of the label at position ``i``."""
        return float(self.priorities[i])

    def to_records(self) -> list[dict[str, Any]]:
        """One record per item: label and aggregated priority."""
        return [
            {"label": lab, "priority": float(v)}
            for lab, v in zip(self.labels, self.priorities, strict=True)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by label (needs pandas)."""
        return records_to_frame(self.to_records(), index="label")


def aggregate_priorities(
    results: Sequence[AHPResult],
    weights: Sequence[float] | FloatArray | None = None,
    *,
    method: Literal["geometric", "arithmetic"] = "geometric",
) -> GroupPriorities:
    """Aggregation of individual priorities (AIP): weighted geometric or arithmetic mean.

    Parameters
    ----------
    results
        Each member's :class:`AHPResult` on the same labels.
    weights
        Member weights (>= 0, summing to 1; otherwise **rejected**); default equal.
    method
        ``"geometric"`` (default, Forman & Peniwati 1998) or ``"arithmetic"``; the mean is
        renormalised to sum to 1.

    Returns
    -------
    GroupPriorities

    Examples
    --------
    >>> from pmokit.portfolio import ahp_priorities
    >>> a = ahp_priorities(PairwiseMatrix.from_judgements({("x", "y"): 3}))
    >>> b = ahp_priorities(PairwiseMatrix.from_judgements({("x", "y"): 1/3}))
    >>> [float(v) for v in aggregate_priorities([a, b]).priorities]
    [0.5, 0.5]
    """
    res = list(results)
    if not res:
        raise ValidationError("'results' must hold at least one AHPResult (got none)")
    check_choice(method, "method", ("geometric", "arithmetic"))
    p = Problems()
    for k, r in enumerate(res):
        if not isinstance(r, AHPResult):
            p.add(f"result {k} must be an AHPResult (got {type(r).__name__})")
        elif r.labels != res[0].labels:
            p.add(f"result {k} must have the labels {res[0].labels!r} (got {r.labels!r})")
    p.raise_if_any()
    w = _weights(weights, len(res), "member")
    ind = np.stack([r.priorities for r in res])
    agg = np.exp(w @ np.log(ind)) if method == "geometric" else w @ ind
    agg = agg / agg.sum()
    for arr in (agg, ind, w):
        arr.setflags(write=False)
    return GroupPriorities(res[0].labels, agg, method, ind, w)
