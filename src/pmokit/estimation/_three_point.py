"""Three-point estimates: beta-PERT and triangular distributions, and their sums.

A three-point estimate (low ``a``, most likely ``m``, high ``b``) is turned into a
distribution whose mean, exact variance and percentiles are known in closed form.
Sums of independent estimates are either approximated by a normal distribution
(central limit theorem, exact mean and variance) or simulated (Monte Carlo) when
the total is far from normal (few, skewed items).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import attrs
import numpy as np
from scipy import stats

from pmokit._random import RngLike, as_generator
from pmokit._results import display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import Problems, as_float_array, check_choice, check_number
from pmokit.errors import ValidationError

__all__ = [
    "DEFAULT_PERCENTILES",
    "Estimate",
    "EstimateArray",
    "TotalEstimate",
    "pert",
    "pert_array",
    "sum_estimates",
    "triangular",
    "triangular_array",
]


DEFAULT_PERCENTILES: tuple[float, ...] = (0.1, 0.5, 0.8, 0.9)
"""Probabilities reported by default: P10, P50, P80, P90."""


def _readonly(values: Any) -> FloatArray:
    arr = np.array(values, dtype=np.float64)
    arr.setflags(write=False)
    return arr


@display()
@attrs.frozen
class Estimate:
    """A three-point estimate turned into a distribution.

    Build it with :func:`pert` or :func:`triangular`; the fields are computed there.

    Attributes
    ----------
    distribution
        ``"pert"`` (beta-PERT) or ``"triangular"``.
    low, mode, high
        The three points ``a <= m <= b`` [same unit as the estimate].
    lam
        beta-PERT shape weight of the mode (4 is classic PERT); ``nan`` for triangular.
    mean
        Exact mean of the distribution.
    variance
        Exact variance, or the ``((b - a) / 6) ** 2`` shortcut when it was asked for
        (``variance_method == "classic"``).
    variance_method
        ``"exact"`` or ``"classic"``.
    alpha, beta
        Shape parameters of the beta distribution on ``[low, high]`` (``nan`` for
        triangular).
    """

    distribution: Literal["pert", "triangular"]
    low: float
    mode: float
    high: float
    lam: float
    mean: float
    variance: float
    variance_method: Literal["exact", "classic"]
    alpha: float
    beta: float

    @property
    def std(self) -> float:
        """Standard deviation, ``sqrt(variance)``."""
        return math.sqrt(self.variance)

    def percentile(self, p: float | Sequence[float] | FloatArray) -> Any:
        """Value not exceeded with probability ``p`` (the quantile function).

        Parameters
        ----------
        p
            A probability in [0, 1] or an array of them.

        Returns
        -------
        float or numpy.ndarray
            The quantile(s), same shape as ``p``.

        Raises
        ------
        ValidationError
            If a probability is outside [0, 1] or NaN.

        Examples
        --------
        >>> e = pert(2, 4, 12)
        >>> round(float(e.percentile(0.5)), 3)
        4.767
        """
        q = _check_probabilities(p, "p")
        if self.high == self.low:
            out: Any = np.full(q.shape, self.low)
        elif self.distribution == "pert":
            out = self.low + (self.high - self.low) * stats.beta.ppf(q, self.alpha, self.beta)
        else:
            c = (self.mode - self.low) / (self.high - self.low)
            out = stats.triang.ppf(q, c, loc=self.low, scale=self.high - self.low)
        if np.ndim(p) == 0:
            return float(out)
        return _readonly(out)

    def cdf(self, x: float | Sequence[float] | FloatArray) -> Any:
        """Probability that the outcome is at most ``x``.

        Examples
        --------
        >>> round(float(triangular(0, 5, 10).cdf(5)), 6)
        0.5

        Raises
        ------
        ValidationError
            If ``x`` holds something that is not a number, or NaN.
        """
        try:
            xs = np.asarray(x, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValidationError(
                f"'x' must be a number or an array of numbers (got {x!r:.60})"
            ) from None
        if np.isnan(xs).any():
            raise ValidationError(f"'x' must not hold NaN (got {np.atleast_1d(xs)[:5].tolist()})")
        if self.high == self.low:
            out: Any = (xs >= self.low).astype(np.float64)
        elif self.distribution == "pert":
            out = stats.beta.cdf((xs - self.low) / (self.high - self.low), self.alpha, self.beta)
        else:
            c = (self.mode - self.low) / (self.high - self.low)
            out = stats.triang.cdf(xs, c, loc=self.low, scale=self.high - self.low)
        if np.ndim(x) == 0:
            return float(out)
        return _readonly(out)

    def sample(self, n: int, *, rng: RngLike = None) -> FloatArray:
        """Draw ``n`` independent outcomes (read-only array).

        Examples
        --------
        >>> s = pert(1, 2, 6).sample(4, rng=1)
        >>> s.shape
        (4,)
        """
        count = _check_count(n, "n", 1)
        gen = as_generator(rng)
        return _readonly(self._draw(gen, count))

    def _draw(self, gen: np.random.Generator, n: int) -> FloatArray:
        if self.high == self.low:
            return np.full(n, self.low)
        if self.distribution == "pert":
            return self.low + (self.high - self.low) * gen.beta(self.alpha, self.beta, size=n)
        return gen.triangular(self.low, self.mode, self.high, size=n)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict with the fields, the standard deviation and P10/P50/P80/P90."""
        row: dict[str, Any] = {
            "distribution": self.distribution,
            "low": self.low,
            "mode": self.mode,
            "high": self.high,
            "lam": self.lam,
            "mean": self.mean,
            "variance": self.variance,
            "std": self.std,
        }
        for p, v in zip(DEFAULT_PERCENTILES, self.percentile(DEFAULT_PERCENTILES), strict=True):
            row[f"p{round(p * 100)}"] = float(v)
        return [row]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _check_count(n: Any, name: str, minimum: int) -> int:
    """``n`` as an int ``>= minimum``; a non-integral number is rejected, not truncated."""
    value = check_number(n, name, minimum=minimum)
    if not float(value).is_integer():
        raise ValidationError(f"'{name}' must be a whole number >= {minimum} (got {n!r})")
    return int(value)


def _check_probabilities(p: Any, name: str) -> FloatArray:
    try:
        arr = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(f"'{name}' must be a probability in [0, 1] (got {p!r})") from None
    bad = ~((arr >= 0.0) & (arr <= 1.0))
    if np.any(bad):
        shown = arr[bad].ravel()[:5].tolist()
        raise ValidationError(f"'{name}' must hold probabilities in [0, 1] (got {shown})")
    return arr


def _check_three_points(low: Any, mode: Any, high: Any, problems: Problems, name: str) -> None:
    for label, value in (("low", low), ("mode", mode), ("high", high)):
        problems.check_number(value, f"{label} of {name}")
    if problems:
        return
    if not float(low) <= float(mode):
        problems.add(f"'low' of {name} must be <= 'mode' (got low={low!r} > mode={mode!r})")
    if not float(mode) <= float(high):
        problems.add(f"'mode' of {name} must be <= 'high' (got mode={mode!r} > high={high!r})")


def _check_representable(mean: float, var: float, name: str) -> None:
    if not (math.isfinite(mean) and math.isfinite(var)):
        raise ValidationError(
            f"the points of {name} span too wide a range: the mean or variance overflows a "
            f"float (got mean={mean!r}, variance={var!r}); rescale the unit"
        )


def pert(
    low: float,
    mode: float,
    high: float,
    *,
    lam: float = 4.0,
    variance: Literal["exact", "classic"] = "exact",
    name: str = "the estimate",
) -> Estimate:
    """Beta-PERT distribution of a three-point estimate.

    The modified PERT distribution is a beta distribution on ``[low, high]`` with shapes
    ``alpha = 1 + lam (m - a) / (b - a)`` and ``beta = 1 + lam (b - m) / (b - a)``.
    Its mean is ``(a + lam m + b) / (lam + 2)`` and its exact variance
    ``(mu - a)(b - mu) / (lam + 3)``; for the classic ``lam = 4`` that is
    ``(a + 4m + b) / 6`` and ``(mu - a)(b - mu) / 7``. The textbook shortcut
    ``((b - a) / 6) ** 2`` is *not* the variance of this distribution (not even when
    it is symmetric, where the exact value is ``(b - a) ** 2 / 28``); it is used only
    with ``variance="classic"``.

    Parameters
    ----------
    low, mode, high
        Optimistic, most likely and pessimistic values, ``low <= mode <= high``
        [any unit: working days, hours, currency].
    lam
        Weight of the mode, ``> 0`` (4 is classic PERT; larger values concentrate
        the distribution around the mode).
    variance
        ``"exact"`` (default) or ``"classic"`` (the ``((b - a) / 6) ** 2`` shortcut).
    name
        How the estimate is named in error messages.

    Returns
    -------
    Estimate

    Raises
    ------
    ValidationError
        If a point is not a finite number, ``low > mode``, ``mode > high`` or
        ``lam <= 0``; all problems are reported together.

    References
    ----------
    Malcolm, D. G., Roseboom, J. H., Clark, C. E., Fazar, W. (1959). Application of a
    technique for research and development program evaluation. Operations Research
    7(5): 646-669. Vose, D. (2008). Risk Analysis, 3rd ed., Wiley, section 9.1.6.

    Examples
    --------
    >>> e = pert(2, 4, 12)
    >>> e.mean                      # (2 + 4*4 + 12) / 6
    5.0
    >>> round(e.variance, 6)        # (5 - 2) * (12 - 5) / 7
    3.0
    >>> round(pert(2, 4, 12, variance="classic").variance, 6)   # ((12 - 2) / 6) ** 2
    2.777778
    """
    problems = Problems()
    _check_three_points(low, mode, high, problems, name)
    problems.check_number(lam, "lam", minimum=0.0, strict_minimum=True)
    if variance not in ("exact", "classic"):
        problems.add(f"'variance' must be one of 'exact', 'classic' (got {variance!r})")
    problems.raise_if_any()
    a, m, b, lw = float(low), float(mode), float(high), float(lam)
    mu = (a + lw * m + b) / (lw + 2.0)
    if b == a:
        alpha = beta = math.nan
        var = 0.0
    else:
        alpha = 1.0 + lw * (m - a) / (b - a)
        beta = 1.0 + lw * (b - m) / (b - a)
        # (mu - a) and (b - mu) from the differences: no cancellation far from zero.
        below = (lw * (m - a) + (b - a)) / (lw + 2.0)
        above = ((b - a) * (lw + 1.0) - lw * (m - a)) / (lw + 2.0)
        var = below * above / (lw + 3.0)
    if variance == "classic":
        var = ((b - a) / 6.0) ** 2
    _check_representable(mu, var, name)
    return Estimate("pert", a, m, b, lw, mu, var, variance, alpha, beta)


def triangular(low: float, mode: float, high: float, *, name: str = "the estimate") -> Estimate:
    """Triangular distribution of a three-point estimate.

    Mean ``(a + m + b) / 3`` and variance ``(a² + m² + b² - ab - am - bm) / 18``.

    Parameters
    ----------
    low, mode, high
        Optimistic, most likely and pessimistic values, ``low <= mode <= high``.
    name
        How the estimate is named in error messages.

    Returns
    -------
    Estimate

    Raises
    ------
    ValidationError
        If a point is not a finite number, ``low > mode`` or ``mode > high``.

    Examples
    --------
    >>> t = triangular(2, 4, 12)
    >>> t.mean
    6.0
    >>> round(t.variance, 6)       # (4 + 16 + 144 - 8 - 24 - 48) / 18
    4.666667
    """
    problems = Problems()
    _check_three_points(low, mode, high, problems, name)
    problems.raise_if_any()
    a, m, b = float(low), float(mode), float(high)
    mu = (a + m + b) / 3.0
    # Shifted to low = 0 (translation invariant): avoids cancellation far from zero.
    u, w = m - a, b - a
    var = (u * u + w * w - u * w) / 18.0
    _check_representable(mu, var, name)
    return Estimate("triangular", a, m, b, math.nan, mu, max(var, 0.0), "exact", math.nan, math.nan)


@display()
@attrs.frozen
class TotalEstimate:
    """Distribution of the sum of independent estimates.

    Attributes
    ----------
    method
        ``"normal"`` (central-limit approximation with the exact mean and variance)
        or ``"monte_carlo"`` (simulated).
    n_items
        Number of estimates summed.
    mean
        Mean of the total (exact for ``"normal"``; the sample mean for
        ``"monte_carlo"``).
    variance
        Variance of the total (exact sum of the variances, or the sample variance).
    probabilities
        The probabilities reported (read-only array).
    percentiles
        Value of the total not exceeded with each probability (read-only array).
    samples
        The simulated totals (read-only array) for ``"monte_carlo"``, else ``None``.
    """

    method: Literal["normal", "monte_carlo"]
    n_items: int
    mean: float
    variance: float
    probabilities: FloatArray = attrs.field(eq=False)
    percentiles: FloatArray = attrs.field(eq=False)
    samples: FloatArray | None = attrs.field(eq=False, default=None)

    @property
    def std(self) -> float:
        """Standard deviation of the total."""
        return math.sqrt(self.variance)

    def percentile(self, p: float) -> float:
        """Value of the total not exceeded with probability ``p``.

        Uses the normal approximation or the simulated totals, as the method was.

        Examples
        --------
        >>> t = sum_estimates([pert(1, 2, 3), pert(1, 2, 3)])
        >>> t.percentile(0.5)
        4.0
        """
        q_arr = _check_probabilities(p, "p")
        if q_arr.ndim != 0:
            raise ValidationError(f"'p' must be one probability (got shape {q_arr.shape})")
        q = float(q_arr)
        if self.samples is not None:
            return float(np.quantile(self.samples, q))
        if self.variance == 0.0:
            return self.mean
        return float(stats.norm.ppf(q, loc=self.mean, scale=self.std))

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per reported probability: ``probability``, ``value``."""
        return [
            {"probability": float(p), "value": float(v)}
            for p, v in zip(self.probabilities, self.percentiles, strict=True)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def sum_estimates(
    estimates: Sequence[Estimate],
    *,
    method: Literal["normal", "monte_carlo"] = "normal",
    probabilities: Sequence[float] = DEFAULT_PERCENTILES,
    n: int = 10_000,
    rng: RngLike = None,
) -> TotalEstimate:
    """Sum independent three-point estimates.

    With ``method="normal"`` the mean and variance of the total are the exact sums and
    the percentiles come from a normal distribution with those moments (good for many
    items of similar size). With ``method="monte_carlo"`` ``n`` totals are simulated
    from the items' own distributions (vectorised: one array per item), which keeps the
    skew of a total made of few skewed items.

    Parameters
    ----------
    estimates
        The items, from :func:`pert` or :func:`triangular`.
    method
        ``"normal"`` or ``"monte_carlo"``.
    probabilities
        Probabilities at which to report the total.
    n
        Number of simulated totals (``"monte_carlo"`` only), ``>= 2``.
    rng
        Generator, seed or None (``"monte_carlo"`` only).

    Returns
    -------
    TotalEstimate

    Raises
    ------
    ValidationError
        If ``estimates`` is empty or holds something else than an :class:`Estimate`, a
        probability is outside [0, 1], or ``method`` or ``n`` is invalid.

    Examples
    --------
    >>> items = [pert(2, 4, 12), pert(1, 2, 3), triangular(5, 5, 8)]
    >>> total = sum_estimates(items)
    >>> total.mean                  # 5 + 2 + 6
    13.0
    >>> mc = sum_estimates(items, method="monte_carlo", n=20_000, rng=7)
    >>> abs(mc.mean - 13.0) < 0.1
    True
    """
    check_choice(method, "method", ("normal", "monte_carlo"))
    problems = Problems()
    if isinstance(estimates, Estimate):
        items: list[Any] = [estimates]
    elif isinstance(estimates, str) or not isinstance(estimates, Iterable):
        raise ValidationError(
            f"'estimates' must be a sequence of Estimate (got {estimates!r:.60} that is a "
            f"{type(estimates).__name__})"
        )
    else:
        items = list(estimates)
    if not items:
        problems.add("'estimates' must hold at least one Estimate (got none)")
    for i, e in enumerate(items):
        if not isinstance(e, Estimate):
            problems.add(
                f"'estimates[{i}]' must be an Estimate from pert() or triangular() "
                f"(got {e!r} that is a {type(e).__name__})"
            )
    problems.raise_if_any()
    probs = as_float_array(probabilities, "probabilities")
    _check_probabilities(probs, "probabilities")
    probs_ro = _readonly(probs)
    if method == "normal":
        mean = float(math.fsum(e.mean for e in items))
        var = float(math.fsum(e.variance for e in items))
        if var == 0.0:
            pct = np.full(probs.shape, mean)
        else:
            pct = stats.norm.ppf(probs, loc=mean, scale=math.sqrt(var))
        return TotalEstimate("normal", len(items), mean, var, probs_ro, _readonly(pct))
    count = _check_count(n, "n", 2)
    gen = as_generator(rng)
    total = np.zeros(count)
    for e in items:
        total += e._draw(gen, count)
    return TotalEstimate(
        "monte_carlo",
        len(items),
        float(total.mean()),
        float(total.var(ddof=1)),
        probs_ro,
        _readonly(np.quantile(total, probs)),
        _readonly(total),
    )


@display()
@attrs.frozen
class EstimateArray:
    """Many three-point estimates as read-only arrays (one row per item).

    Build it with :func:`pert_array` or :func:`triangular_array`. Every operation is
    vectorised over the items, so thousands of activities or cost lines cost one array
    operation, not one Python object each.

    Attributes
    ----------
    distribution
        ``"pert"`` or ``"triangular"``.
    ids
        Item ids (or ``None``).
    low, mode, high
        The three points of each item (read-only arrays).
    lam
        beta-PERT weight of the mode (``nan`` for triangular).
    mean, variance
        Exact mean and variance of each item (read-only arrays); the variance is the
        ``((b - a) / 6) ** 2`` shortcut when ``variance_method == "classic"``.
    variance_method
        ``"exact"`` or ``"classic"``.
    alpha, beta
        beta shapes of each item (read-only arrays; ``nan`` for triangular or
        degenerate items).
    """

    distribution: Literal["pert", "triangular"]
    ids: tuple[Any, ...] | None
    low: FloatArray = attrs.field(eq=False)
    mode: FloatArray = attrs.field(eq=False)
    high: FloatArray = attrs.field(eq=False)
    lam: float
    mean: FloatArray = attrs.field(eq=False)
    variance: FloatArray = attrs.field(eq=False)
    variance_method: Literal["exact", "classic"]
    alpha: FloatArray = attrs.field(eq=False)
    beta: FloatArray = attrs.field(eq=False)

    def __len__(self) -> int:
        return int(self.low.size)

    def percentile(self, p: float) -> FloatArray:
        """Each item's value not exceeded with probability ``p`` (read-only array).

        Examples
        --------
        >>> e = pert_array([2, 0], [4, 5], [12, 10])
        >>> e.percentile(0.5).round(3).tolist()
        [4.767, 5.0]
        """
        q = float(_check_probabilities(p, "p"))
        width = self.high - self.low
        if self.distribution == "pert":
            a = np.where(width > 0, self.alpha, 1.0)
            b = np.where(width > 0, self.beta, 1.0)
            u = stats.beta.ppf(q, a, b)
        else:
            c = np.where(width > 0, (self.mode - self.low) / np.where(width > 0, width, 1.0), 0.0)
            u = stats.triang.ppf(q, c)
        return _readonly(self.low + width * u)

    def _draw_block(self, gen: np.random.Generator, rows: int) -> FloatArray:
        width = self.high - self.low
        pos = width > 0
        if self.distribution == "pert":
            a = np.where(pos, self.alpha, 1.0)
            b = np.where(pos, self.beta, 1.0)
            u = gen.beta(a, b, size=(rows, self.low.size))
        else:
            c = np.where(pos, (self.mode - self.low) / np.where(pos, width, 1.0), 0.0)
            u = gen.triangular(0.0, c, 1.0, size=(rows, self.low.size))
        out: FloatArray = self.low + width * u
        return out

    def sample(self, n: int, *, rng: RngLike = None) -> FloatArray:
        """``n`` joint draws of the independent items, shape ``(n, items)`` (read-only).

        Examples
        --------
        >>> pert_array([1, 2], [2, 3], [6, 9]).sample(5, rng=0).shape
        (5, 2)
        """
        count = _check_count(n, "n", 1)
        return _readonly(self._draw_block(as_generator(rng), count))

    def total(
        self,
        *,
        method: Literal["normal", "monte_carlo"] = "normal",
        probabilities: Sequence[float] = DEFAULT_PERCENTILES,
        n: int = 10_000,
        rng: RngLike = None,
    ) -> TotalEstimate:
        """Distribution of the sum of the items (as :func:`sum_estimates`, vectorised).

        Examples
        --------
        >>> e = pert_array([2, 1], [4, 2], [12, 3])
        >>> e.total().mean
        7.0
        """
        check_choice(method, "method", ("normal", "monte_carlo"))
        probs = as_float_array(probabilities, "probabilities")
        _check_probabilities(probs, "probabilities")
        if method == "normal":
            mean = float(math.fsum(self.mean.tolist()))
            var = float(math.fsum(self.variance.tolist()))
            if var == 0.0:
                pct = np.full(probs.shape, mean)
            else:
                pct = stats.norm.ppf(probs, loc=mean, scale=math.sqrt(var))
            return TotalEstimate("normal", len(self), mean, var, _readonly(probs), _readonly(pct))
        count = _check_count(n, "n", 2)
        gen = as_generator(rng)
        # One vector of n draws per item, accumulated: O(n) memory, and faster than one
        # broadcast draw of shape (n, items) (numpy's array-parameter samplers are slower).
        width = self.high - self.low
        totals = np.full(count, float(self.low.sum()))
        for j in np.flatnonzero(width > 0):
            if self.distribution == "pert":
                u = gen.beta(self.alpha[j], self.beta[j], size=count)
            else:
                c = (self.mode[j] - self.low[j]) / width[j]
                u = gen.triangular(0.0, c, 1.0, size=count)
            totals += width[j] * u
        return TotalEstimate(
            "monte_carlo",
            len(self),
            float(totals.mean()),
            float(totals.var(ddof=1)),
            _readonly(probs),
            _readonly(np.quantile(totals, probs)),
            _readonly(totals),
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per item: ``id``, ``low``, ``mode``, ``high``, ``mean``, ``variance``."""
        ids = self.ids if self.ids is not None else tuple(range(len(self)))
        return [
            {"id": i, "low": lo, "mode": m, "high": hi, "mean": mu, "variance": v}
            for i, lo, m, hi, mu, v in zip(
                ids,
                self.low.tolist(),
                self.mode.tolist(),
                self.high.tolist(),
                self.mean.tolist(),
                self.variance.tolist(),
                strict=True,
            )
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records(), index="id")


def _three_point_arrays(
    low: Any, mode: Any, high: Any, ids: Sequence[Any] | None
) -> tuple[FloatArray, FloatArray, FloatArray, tuple[Any, ...] | None]:
    a = as_float_array(low, "low", labels=ids)
    m = as_float_array(mode, "mode", labels=ids, length=a.size)
    b = as_float_array(high, "high", labels=ids, length=a.size)
    id_tuple = tuple(ids) if ids is not None else None
    if id_tuple is not None and len(id_tuple) != a.size:
        raise ValidationError(f"'ids' must name each of the {a.size} items (got {len(id_tuple)})")
    problems = Problems()
    names = id_tuple if id_tuple is not None else tuple(f"index {i}" for i in range(a.size))
    for i in np.flatnonzero(a > m)[:20]:
        problems.add(
            f"'low' of item {names[i]!s} must be <= 'mode' (got low={a[i]!r} > mode={m[i]!r})"
        )
    for i in np.flatnonzero(m > b)[:20]:
        problems.add(
            f"'mode' of item {names[i]!s} must be <= 'high' (got mode={m[i]!r} > high={b[i]!r})"
        )
    problems.raise_if_any()
    return a, m, b, id_tuple


def pert_array(
    low: Any,
    mode: Any,
    high: Any,
    *,
    lam: float = 4.0,
    variance: Literal["exact", "classic"] = "exact",
    ids: Sequence[Any] | None = None,
) -> EstimateArray:
    """Beta-PERT distributions of many three-point estimates at once (vectorised).

    The same formulas as :func:`pert`, on arrays.

    Parameters
    ----------
    low, mode, high
        Arrays of the three points, aligned, ``low <= mode <= high``.
    lam
        Weight of the mode, ``> 0``.
    variance
        ``"exact"`` or ``"classic"``.
    ids
        Optional item ids, used in error messages and records.

    Returns
    -------
    EstimateArray

    Raises
    ------
    ValidationError
        If lengths differ, a value is not finite, or an item has ``low > mode`` or
        ``mode > high`` (items named by id or index, all reported together).

    Examples
    --------
    >>> e = pert_array([2, 10], [4, 15], [12, 30], ids=["A", "B"])
    >>> e.mean.tolist()
    [5.0, 16.666666666666668]
    >>> e.variance.round(4).tolist()
    [3.0, 12.6984]
    """
    a, m, b, id_tuple = _three_point_arrays(low, mode, high, ids)
    lw = check_number(lam, "lam", minimum=0.0, strict_minimum=True)
    if variance not in ("exact", "classic"):
        raise ValidationError(f"'variance' must be one of 'exact', 'classic' (got {variance!r})")
    width = b - a
    mu = (a + lw * m + b) / (lw + 2.0)
    pos = width > 0
    safe = np.where(pos, width, 1.0)
    alpha = np.where(pos, 1.0 + lw * (m - a) / safe, np.nan)
    beta = np.where(pos, 1.0 + lw * (b - m) / safe, np.nan)
    if variance == "classic":
        var = (width / 6.0) ** 2
    else:
        below = (lw * (m - a) + width) / (lw + 2.0)
        above = (width * (lw + 1.0) - lw * (m - a)) / (lw + 2.0)
        var = np.where(pos, below * above / (lw + 3.0), 0.0)
    return EstimateArray(
        "pert",
        id_tuple,
        _readonly(a),
        _readonly(m),
        _readonly(b),
        lw,
        _readonly(mu),
        _readonly(var),
        variance,
        _readonly(alpha),
        _readonly(beta),
    )


def triangular_array(
    low: Any, mode: Any, high: Any, *, ids: Sequence[Any] | None = None
) -> EstimateArray:
    """Triangular distributions of many three-point estimates at once (vectorised).

    Raises
    ------
    ValidationError
        As :func:`pert_array`.

    Examples
    --------
    >>> triangular_array([2, 0], [4, 0], [12, 3]).mean.tolist()
    [6.0, 1.0]
    """
    a, m, b, id_tuple = _three_point_arrays(low, mode, high, ids)
    u, w = m - a, b - a
    nan = np.full(a.shape, np.nan)
    return EstimateArray(
        "triangular",
        id_tuple,
        _readonly(a),
        _readonly(m),
        _readonly(b),
        math.nan,
        _readonly((a + m + b) / 3.0),
        _readonly(np.maximum((u * u + w * w - u * w) / 18.0, 0.0)),
        "exact",
        _readonly(nan),
        _readonly(nan.copy()),
    )
