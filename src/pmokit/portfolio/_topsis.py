"""TOPSIS: closeness to the ideal solution (Hwang & Yoon 1981).

References
----------
Hwang, C.-L., Yoon, K. (1981). *Multiple Attribute Decision Making: Methods and Applications*.
Springer. doi:10.1007/978-3-642-48318-9
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from pmokit.errors import ValidationError
from pmokit.portfolio._scoring import (
    Criterion,
    Ranking,
    Values,
    _check_criteria,
    _check_ids,
    _freeze,
    _matrix,
    _ranks,
)

__all__ = ["topsis"]


def topsis(
    alternatives: Sequence[Hashable],
    values: Values,
    criteria: Sequence[Criterion],
) -> Ranking:
    """Rank alternatives by relative closeness to the ideal solution (TOPSIS).

    Columns are vector-normalised (``x / ||x||``, as in Hwang & Yoon; the criterion's
    ``normalisation`` is ignored), weighted, and each alternative's Euclidean distances
    ``d+`` to the ideal and ``d-`` to the anti-ideal are combined into
    ``closeness = d- / (d+ + d-)``. For cost criteria the ideal is the minimum.

    Parameters
    ----------
    alternatives
        Unique ids.
    values
        Raw values, as in :func:`score`: an ``(alternatives, criteria)`` array or, by
        criterion name, a mapping or DataFrame; NaN rejected.
    criteria
        Criteria with weights summing to 1 and directions.

    Returns
    -------
    Ranking
        ``scores`` are the closeness coefficients in [0, 1]; ``contributions`` the weighted
        normalised matrix (they do not add up to the score); ``normalised`` the vector-normalised
        matrix.

    Raises
    ------
    ValidationError
        As :func:`score`, and when a column is all zeros.

    Examples
    --------
    >>> crit = [Criterion("value", 0.5), Criterion("cost", 0.5, direction="cost")]
    >>> r = topsis(["A", "B", "C"], [[3, 4], [4, 3], [1, 1]], crit)
    >>> [round(float(s), 4) for s in r.scores]
    [0.3874, 0.6126, 0.5]
    """
    ids = _check_ids(alternatives)
    crit = _check_criteria(criteria)
    x = _matrix(values, ids, crit)
    norm = np.sqrt((x**2).sum(axis=0))
    zero = [crit[j].name for j in np.nonzero(norm == 0)[0]]
    if zero:
        raise ValidationError(
            f"TOPSIS needs a non-zero value in every criterion (all zero: {zero!r})"
        )
    z = x / norm
    w = np.array([c.weight for c in crit], dtype=np.float64)
    v = z * w
    cost = np.array([c.direction == "cost" for c in crit])
    ideal = np.where(cost, v.min(axis=0), v.max(axis=0))
    anti = np.where(cost, v.max(axis=0), v.min(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    den = d_plus + d_minus
    s = np.where(den > 0, d_minus / np.where(den > 0, den, 1.0), 0.5)
    r = _ranks(s)
    _freeze(z, w, v, s, r)
    return Ranking(ids, s, r, tuple(c.name for c in crit), v, "topsis", z, w)
