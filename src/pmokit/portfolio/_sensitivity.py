"""Ranking robustness: weight intervals that keep the ranking and the top k, and Monte Carlo."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._deprecation import renamed_arguments, warn_renamed
from pmokit._random import RngLike, as_generator
from pmokit._results import PicklesReadOnly, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import check_allocation, check_number
from pmokit.errors import ValidationError
from pmokit.portfolio._frozen import ValueEq
from pmokit.portfolio._scoring import Ranking

__all__ = ["RankingSensitivity", "ranking_sensitivity"]


@display("k", "iterations", "ids", "criteria")
@attrs.frozen(eq=False)
class RankingSensitivity(PicklesReadOnly, ValueEq):
    """How robust a weighted-sum ranking is to the criterion weights.

    When one weight ``w_j`` moves to ``t``, the other weights are rescaled by
    ``(1 - t) / (1 - w_j)`` so they still sum to 1; every score is then linear in ``t`` and
    the ranking changes only where two score lines cross.

    Attributes
    ----------
    ids
        The alternatives.
    criteria
        Criterion names.
    weights
        Read-only current weights.
    k
        Size of the top set studied.
    rank_low, rank_high
        Read-only, per criterion: the interval of its weight within which the full ranking
        stays unchanged (the current weight lies inside).
    top_low, top_high
        Read-only, per criterion: the interval within which the top-``k`` *set* stays unchanged.
    top_probability
        Read-only, per alternative: share of the perturbed weight samples in which it is in the
        top ``k``.
    mean_rank
        Read-only, per alternative: mean rank over the samples.
    iterations
        Number of weight samples (``n_samples`` before 0.2, still readable with a warning).
    spread
        Each weight was multiplied by a uniform factor in ``[1 - spread, 1 + spread]``, then the
        weights renormalised.
    """

    ids: tuple[Hashable, ...]
    criteria: tuple[str, ...]
    weights: FloatArray = attrs.field(repr=False)
    k: int
    rank_low: FloatArray = attrs.field(repr=False)
    rank_high: FloatArray = attrs.field(repr=False)
    top_low: FloatArray = attrs.field(repr=False)
    top_high: FloatArray = attrs.field(repr=False)
    top_probability: FloatArray = attrs.field(repr=False)
    mean_rank: FloatArray = attrs.field(repr=False)
    iterations: int
    spread: float

    @property
    def n_samples(self) -> int:
        """Deprecated name of :attr:`iterations`."""
        warn_renamed("RankingSensitivity.n_samples", "RankingSensitivity.iterations")
        return self.iterations

    def to_records(self) -> list[dict[str, Any]]:
        """One record per criterion: weight and the two stability intervals."""
        return [
            {
                "criterion": c,
                "weight": float(self.weights[j]),
                "rank_low": float(self.rank_low[j]),
                "rank_high": float(self.rank_high[j]),
                "top_low": float(self.top_low[j]),
                "top_high": float(self.top_high[j]),
            }
            for j, c in enumerate(self.criteria)
        ]

    def to_frame(self) -> Any:
        """The criterion records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="criterion")


def _lines(z: FloatArray, w: FloatArray, j: int) -> tuple[FloatArray, FloatArray]:
    """Scores as ``a + b * t`` when weight j is t and the others are rescaled."""
    m = z.shape[1]
    if w[j] < 1.0:
        rest = (z @ w - w[j] * z[:, j]) / (1.0 - w[j])
    elif m > 1:
        rest = (z.sum(axis=1) - z[:, j]) / (m - 1)
    else:
        rest = np.zeros(z.shape[0])
    return rest, z[:, j] - rest


def _interval(
    a: FloatArray, b: FloatArray, t0: float, mask: npt.NDArray[np.bool_]
) -> tuple[float, float]:
    da = a[None, :] - a[:, None]
    db = b[:, None] - b[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(np.abs(db) > 1e-15, da / db, np.nan)
    t = np.where(mask, t, np.nan)
    t = t[(t >= 0) & (t <= 1)]
    low = float(t[t <= t0 + 1e-12].max()) if np.any(t <= t0 + 1e-12) else 0.0
    high = float(t[t >= t0 - 1e-12].min()) if np.any(t >= t0 - 1e-12) else 1.0
    return low, high


@renamed_arguments(n_samples="iterations")
def ranking_sensitivity(
    ranking: Ranking,
    *,
    k: int = 3,
    iterations: int = 2000,
    spread: float = 0.2,
    rng: RngLike = None,
) -> RankingSensitivity:
    """Weight-stability intervals of a weighted-sum ranking and top-``k`` probabilities.

    Parameters
    ----------
    ranking
        A result of :func:`score` (weighted sum).
    k
        Size of the top set (1 <= k <= alternatives).
    iterations
        Number of random weight vectors for the probabilities (the deprecated name
        ``n_samples`` still works, with a DeprecationWarning).
    spread
        Relative perturbation of each weight, in [0, 1).
    rng
        Seed or Generator; the same seed gives the same probabilities.

    Returns
    -------
    RankingSensitivity

    Raises
    ------
    ValidationError
        If the ranking is not a weighted sum, or ``k``, ``iterations`` or ``spread`` is out of
        range.

    Examples
    --------
    >>> from pmokit.portfolio import Criterion, score
    >>> crit = [Criterion("value", 0.6), Criterion("fit", 0.4)]
    >>> r = score(["A", "B", "C"], [[10, 0], [0, 10], [4, 4]], crit)
    >>> s = ranking_sensitivity(r, k=1, rng=1)
    >>> float(s.top_low[0]), float(s.top_high[0])
    (0.5, 1.0)
    """
    if not isinstance(ranking, Ranking) or ranking.method != "weighted_sum":
        raise ValidationError(
            "'ranking' must be a weighted-sum Ranking from score() "
            f"(got {getattr(ranking, 'method', type(ranking).__name__)!r})"
        )
    n = len(ranking.ids)
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= n:
        raise ValidationError(f"'k' must be an integer in [1, {n}] (got {k!r})")
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
        raise ValidationError(f"'iterations' must be a positive integer (got {iterations!r})")
    check_allocation((iterations, len(ranking.criteria) + 2 * n), "ranking_sensitivity samples")
    check_number(spread, "spread", minimum=0.0, maximum=0.999)
    gen = as_generator(rng)
    z = np.asarray(ranking.normalised)
    w = np.asarray(ranking.weights)
    m = w.size
    base = z @ w
    top = np.zeros(n, dtype=bool)
    top[np.argsort(-base, kind="stable")[:k]] = True
    cross_top = top[:, None] != top[None, :]
    all_pairs = ~np.eye(n, dtype=bool)
    out = np.zeros((4, m))
    for j in range(m):
        a, b = _lines(z, w, j)
        out[0, j], out[1, j] = _interval(a, b, float(w[j]), all_pairs)
        out[2, j], out[3, j] = _interval(a, b, float(w[j]), cross_top)
    factors = gen.uniform(1.0 - spread, 1.0 + spread, size=(iterations, m))
    ws = w * factors
    ws /= ws.sum(axis=1, keepdims=True)
    sc = ws @ z.T
    order = np.argsort(-sc, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, n + 1)[None, :], axis=1)
    prob = (ranks <= k).mean(axis=0)
    mean_rank = ranks.mean(axis=0)
    arrays = [out[0].copy(), out[1].copy(), out[2].copy(), out[3].copy(), prob, mean_rank, w.copy()]
    for arr in arrays:
        arr.setflags(write=False)
    return RankingSensitivity(
        ranking.ids,
        ranking.criteria,
        arrays[6],
        k,
        arrays[0],
        arrays[1],
        arrays[2],
        arrays[3],
        arrays[4],
        arrays[5],
        iterations,
        float(spread),
    )
