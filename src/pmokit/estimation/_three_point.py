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
import numpy.typing as npt
from scipy import stats

from pmokit._deprecation import renamed_arguments, warn_renamed
from pmokit._random import RngLike, as_generator
from pmokit._results import ComparesValues, PicklesReadOnly, display, records_to_frame, same_values
from pmokit._typing import FloatArray, Id
from pmokit._validation import (
    Problems,
    as_float_array,
    as_percentiles,
    check_allocation,
    check_choice,
    check_flag,
    check_ids,
    check_number,
    number_kind_problem,
)
from pmokit.distributions import (
    _beta_cdf,
    _beta_ppf,
    _pert_moments,
    _triangular_cdf,
    _triangular_moments,
    _triangular_ppf,
    check_size,
)
from pmokit.errors import ValidationError

FloatOrArray = float | FloatArray

__all__ = [
    "DEFAULT_QUANTILES",
    "Estimate",
    "EstimateArray",
    "TotalEstimate",
    "pert",
    "pert_array",
    "sum_estimates",
    "triangular",
    "triangular_array",
]


DEFAULT_QUANTILES: tuple[float, ...] = (0.1, 0.5, 0.8, 0.9)
"""Quantiles (probabilities in [0, 1]) reported by default: P10, P50, P80, P90.

``DEFAULT_PERCENTILES``, its old name, still works for one release with a
DeprecationWarning (same values)."""


def __getattr__(name: str) -> tuple[float, ...]:
    if name == "DEFAULT_PERCENTILES":
        warn_renamed("DEFAULT_PERCENTILES", "DEFAULT_QUANTILES")
        return DEFAULT_QUANTILES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _readonly(values: Any) -> FloatArray:
    arr = np.array(values, dtype=np.float64)
    arr.setflags(write=False)
    return arr


@display()
@attrs.frozen(eq=False)
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

    def __eq__(self, other: object) -> bool:
        # field by field, NaN equal to NaN (a triangular estimate's lam, alpha, beta)
        if not isinstance(other, Estimate):
            return NotImplemented
        return all(
            same_values(getattr(self, f.name), getattr(other, f.name))
            for f in attrs.fields(Estimate)
        )

    def __hash__(self) -> int:
        return hash(attrs.astuple(self))

    @property
    def std(self) -> float:
        """Standard deviation, ``sqrt(variance)``."""
        return math.sqrt(self.variance)

    @property
    def var(self) -> float:
        """The variance (numpy's name; the same as the field :attr:`variance`)."""
        return self.variance

    def quantile(self, q: float | Sequence[float] | FloatArray) -> FloatOrArray:
        """Value not exceeded with probability ``q`` in [0, 1] (the quantile function).

        The same exact quantile as :class:`pmokit.distributions.BetaPert` and
        :class:`~pmokit.distributions.Triangular` (one implementation).

        Parameters
        ----------
        q
            A probability in [0, 1] or an array of them (0.8 for P80).

        Returns
        -------
        float or numpy.ndarray
            The quantile(s), same shape as ``q`` (read-only array).

        Raises
        ------
        ValidationError
            If a probability is outside [0, 1] or NaN (80 suggests ``percentile(80)``).

        Examples
        --------
        >>> e = pert(2, 4, 12)
        >>> round(e.quantile(0.5), 3)
        4.767
        """
        arr = _check_probabilities(q, "q")
        if self.distribution == "pert":
            out = _beta_ppf(arr, self.low, self.high, self.alpha, self.beta)
        else:
            out = _triangular_ppf(arr, self.low, self.mode, self.high)
        if np.ndim(q) == 0:
            return float(out)
        return _readonly(out)

    def percentile(
        self, p: float | Sequence[float] | FloatArray, *, check_units: bool = True
    ) -> FloatOrArray:
        """Value at percent ``p`` in [0, 100] (numpy's scale): ``quantile(p / 100)``.

        Until pmokit 0.2 this method took probabilities; a value in (0, 1] is now refused
        with a hint (``percentile(0.8)``: did you mean ``quantile(0.8)``?) so that no old
        call changes meaning silently. Pass ``check_units=False`` if you mean P0.8.

        Examples
        --------
        >>> round(pert(2, 4, 12).percentile(50), 3)
        4.767
        """
        pct = as_percentiles(p, "p", check_units=check_flag(check_units, "check_units"))
        return self.quantile(np.asarray(pct) / 100.0 if np.ndim(pct) else float(pct) / 100.0)

    def cdf(self, x: float | Sequence[float] | FloatArray) -> FloatOrArray:
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
        problem = number_kind_problem(x, "x")
        if problem is not None:
            raise ValidationError(problem)
        if np.isnan(xs).any():
            raise ValidationError(f"'x' must not hold NaN (got {np.atleast_1d(xs)[:5].tolist()})")
        if self.distribution == "pert":
            out = _beta_cdf(xs, self.low, self.high, self.alpha, self.beta)
        else:
            out = _triangular_cdf(xs, self.low, self.mode, self.high)
        if np.ndim(x) == 0:
            return float(out)
        return _readonly(out)

    @renamed_arguments(n="size")
    def sample(self, size: int | tuple[int, ...], rng: RngLike = None) -> FloatArray:
        """Draw ``size`` independent outcomes (read-only array).

        ``n``, the old name of ``size``, still works for one release with a
        DeprecationWarning.

        Raises
        ------
        ValidationError
            ``size`` is not an int >= 1, or the samples would not fit in memory.

        Examples
        --------
        >>> s = pert(1, 2, 6).sample(4, rng=1)
        >>> s.shape
        (4,)
        """
        if isinstance(size, tuple):
            shape = check_size(size)
            if int(np.prod(shape)) < 1:
                raise ValidationError(f"'size' must be >= 1 (got {size!r})")
        else:
            shape = (_check_count(size, "size", 1),)
            check_allocation(shape, f"size {shape[0]} of float64 samples")
        gen = as_generator(rng)
        return _readonly(self._draw(gen, int(np.prod(shape))).reshape(shape))

    def _draw(self, gen: np.random.Generator, n: int) -> FloatArray:
        if self.high == self.low:
            return np.full(n, self.low)
        if self.distribution == "pert":
            return self.low + (self.high - self.low) * gen.beta(self.alpha, self.beta, size=n)
        # the shared inverse transform: numpy's triangular arithmetic, the same numbers
        return _triangular_ppf(gen.random(n), self.low, self.mode, self.high)

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
        values = self.quantile(DEFAULT_QUANTILES)
        for q, v in zip(DEFAULT_QUANTILES, np.atleast_1d(values), strict=True):
            row[f"p{round(q * 100)}"] = float(v)
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


def _check_probabilities(p: object, name: str) -> FloatArray:
    try:
        arr = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(f"'{name}' must be a probability in [0, 1] (got {p!r})") from None
    problem = number_kind_problem(p, name)
    if problem is not None:
        raise ValidationError(problem)
    bad = ~((arr >= 0.0) & (arr <= 1.0))
    if np.any(bad):
        shown = arr[bad].ravel()[:5].tolist()
        hint = ""
        if np.all(np.isfinite(arr)) and np.all((arr >= 0) & (arr <= 100)):
            hint = f": did you mean percentile({shown[0]!r})?"
        raise ValidationError(f"'{name}' must hold probabilities in [0, 1] (got {shown}){hint}")
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
    mu, var = _pert_moments(a, m, b, lw)  # the one implementation of BetaPert's moments
    if b == a:
        alpha = beta = math.nan
    else:
        alpha = 1.0 + lw * (m - a) / (b - a)
        beta = 1.0 + lw * (b - m) / (b - a)
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
    mu, var = _triangular_moments(a, m, b)  # the one implementation (shifted: no cancellation)
    _check_representable(mu, var, name)
    return Estimate("triangular", a, m, b, math.nan, mu, max(var, 0.0), "exact", math.nan, math.nan)


@display()
@attrs.frozen(eq=False)
class TotalEstimate(PicklesReadOnly, ComparesValues):
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
    quantiles
        The probabilities reported, in [0, 1] (read-only array; its old name
        ``probabilities`` still works for one release).
    values
        Value of the total not exceeded with each probability (read-only array; its old
        name ``percentiles`` still works for one release).
    samples
        The simulated totals (read-only array) for ``"monte_carlo"``, else ``None``.
    """

    method: Literal["normal", "monte_carlo"]
    n_items: int
    mean: float
    variance: float
    quantiles: FloatArray
    values: FloatArray
    samples: FloatArray | None = None

    @property
    def probabilities(self) -> FloatArray:
        """Deprecated name of :attr:`quantiles`."""
        warn_renamed("TotalEstimate.probabilities", "TotalEstimate.quantiles")
        return self.quantiles

    @property
    def percentiles(self) -> FloatArray:
        """Deprecated name of :attr:`values` (the values at :attr:`quantiles`)."""
        warn_renamed("TotalEstimate.percentiles", "TotalEstimate.values")
        return self.values

    @property
    def std(self) -> float:
        """Standard deviation of the total."""
        return math.sqrt(self.variance)

    @property
    def var(self) -> float:
        """The variance (numpy's name; the same as the field :attr:`variance`)."""
        return self.variance

    def quantile(self, q: float) -> float:
        """Value of the total not exceeded with probability ``q`` in [0, 1].

        Uses the normal approximation or the simulated totals, as the method was. The
        normal approximation is unbounded, so there ``q`` must lie in (0, 1).

        Examples
        --------
        >>> t = sum_estimates([pert(1, 2, 3), pert(1, 2, 3)])
        >>> t.quantile(0.5)
        4.0
        """
        q_arr = _check_probabilities(q, "q")
        if q_arr.ndim != 0:
            raise ValidationError(f"'q' must be one probability (got shape {q_arr.shape})")
        value = float(q_arr)
        if self.samples is not None:
            return float(np.quantile(self.samples, value))
        if self.variance == 0.0:
            return self.mean
        _check_open(q_arr, "q")
        return float(stats.norm.ppf(value, loc=self.mean, scale=self.std))

    def percentile(self, p: float, *, check_units: bool = True) -> float:
        """Value of the total at percent ``p`` in [0, 100]: ``quantile(p / 100)``.

        Until pmokit 0.2 this method took probabilities; a value in (0, 1] is now refused
        with a hint (``percentile(0.8)``: did you mean ``quantile(0.8)``?); pass
        ``check_units=False`` if you mean P0.8.

        Examples
        --------
        >>> sum_estimates([pert(1, 2, 3), pert(1, 2, 3)]).percentile(50)
        4.0
        """
        if np.ndim(p) != 0:
            raise ValidationError(f"'p' must be one percent (got {p!r:.60})")
        pct = as_percentiles(p, "p", check_units=check_flag(check_units, "check_units"))
        return self.quantile(float(pct) / 100.0)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per reported quantile: ``probability`` (in [0, 1]), ``value``."""
        return [
            {"probability": float(q), "value": float(v)}
            for q, v in zip(self.quantiles, self.values, strict=True)
        ]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _check_open(q: FloatArray, name: str) -> None:
    """The normal approximation has no finite 0 and 1 quantiles: refuse them."""
    if np.any((q <= 0.0) | (q >= 1.0)):
        raise ValidationError(
            f"'{name}' must lie strictly between 0 and 1 for the normal approximation, "
            f"whose 0 and 1 quantiles are -inf and inf (got {np.atleast_1d(q).tolist()}); "
            "use method='monte_carlo' for the smallest and largest simulated totals"
        )


def _total_iv(
    quantiles: object, method: str, iterations: object
) -> tuple[FloatArray, int]:
    """Validate the options shared by :func:`sum_estimates` and ``EstimateArray.total``."""
    check_choice(method, "method", ("normal", "monte_carlo"))
    probs = as_float_array(quantiles, "quantiles")
    _check_probabilities(probs, "quantiles")
    count = 0
    if method == "monte_carlo":
        count = _check_count(iterations, "iterations", 2)
        check_allocation((count,), f"{count} simulated totals")
    return probs, count


def _normal_total(mean: float, var: float, probs: FloatArray) -> FloatArray:
    if var == 0.0:
        return np.full(probs.shape, mean)
    _check_open(probs, "quantiles")
    return np.asarray(stats.norm.ppf(probs, loc=mean, scale=math.sqrt(var)), dtype=np.float64)


@renamed_arguments(probabilities="quantiles", n="iterations")
def sum_estimates(
    estimates: Sequence[Estimate],
    *,
    method: Literal["normal", "monte_carlo"] = "normal",
    quantiles: Sequence[float] | FloatArray = DEFAULT_QUANTILES,
    iterations: int = 10_000,
    rng: RngLike = None,
) -> TotalEstimate:
    """Sum independent three-point estimates.

    With ``method="normal"`` the mean and variance of the total are the exact sums and
    the quantiles come from a normal distribution with those moments (good for many
    items of similar size). With ``method="monte_carlo"`` ``iterations`` totals are
    simulated from the items' own distributions (vectorised: one array per item), which
    keeps the skew of a total made of few skewed items.

    Parameters
    ----------
    estimates
        The items, from :func:`pert` or :func:`triangular`.
    method
        ``"normal"`` or ``"monte_carlo"``.
    quantiles
        Probabilities in [0, 1] at which to report the total (old name
        ``probabilities``, deprecated); (0, 1) for ``"normal"``, which is unbounded.
    iterations
        Number of simulated totals (``"monte_carlo"`` only), ``>= 2`` (old name ``n``,
        deprecated).
    rng
        Generator, seed or None (``"monte_carlo"`` only).

    Returns
    -------
    TotalEstimate

    Raises
    ------
    ValidationError
        If ``estimates`` is empty or holds something else than an :class:`Estimate`, a
        quantile is outside [0, 1] (or is 0 or 1 for ``"normal"``), ``method`` or
        ``iterations`` is invalid, or the totals would not fit in memory.

    Examples
    --------
    >>> items = [pert(2, 4, 12), pert(1, 2, 3), triangular(5, 5, 8)]
    >>> total = sum_estimates(items)
    >>> total.mean                  # 5 + 2 + 6
    13.0
    >>> mc = sum_estimates(items, method="monte_carlo", iterations=20_000, rng=7)
    >>> abs(mc.mean - 13.0) < 0.1
    True
    """
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
    probs, count = _total_iv(quantiles, method, iterations)
    probs_ro = _readonly(probs)
    if method == "normal":
        mean = float(math.fsum(e.mean for e in items))
        var = float(math.fsum(e.variance for e in items))
        pct = _normal_total(mean, var, probs)
        return TotalEstimate("normal", len(items), mean, var, probs_ro, _readonly(pct))
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
class EstimateArray(PicklesReadOnly):
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
    ids: tuple[Id, ...] | None
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

    def quantile(self, q: float) -> FloatArray:
        """Each item's value not exceeded with probability ``q`` in [0, 1] (read-only).

        The same exact quantile functions as :class:`pmokit.distributions.BetaPert` and
        :class:`~pmokit.distributions.Triangular`, on arrays.

        Examples
        --------
        >>> e = pert_array([2, 0], [4, 5], [12, 10])
        >>> e.quantile(0.5).round(3).tolist()
        [4.767, 5.0]
        """
        qq = _check_probabilities(q, "q")
        if qq.ndim != 0:
            raise ValidationError(f"'q' must be one probability (got shape {qq.shape})")
        width = self.high - self.low
        pos = width > 0
        if self.distribution == "pert":
            a = np.where(pos, self.alpha, 1.0)
            b = np.where(pos, self.beta, 1.0)
            u = _beta_ppf(np.full(self.low.shape, float(qq)), 0.0, 1.0, a, b)  # type: ignore[arg-type]
            return _readonly(self.low + width * u)
        return _readonly(_triangular_ppf(float(qq), self.low, self.mode, self.high))

    def percentile(self, p: float, *, check_units: bool = True) -> FloatArray:
        """Each item's value at percent ``p`` in [0, 100]: ``quantile(p / 100)``.

        Until pmokit 0.2 this method took probabilities; a value in (0, 1] is now refused
        with a hint (pass ``check_units=False`` if you mean P0.8).

        Examples
        --------
        >>> pert_array([2, 0], [4, 5], [12, 10]).percentile(50).round(3).tolist()
        [4.767, 5.0]
        """
        if np.ndim(p) != 0:
            raise ValidationError(f"'p' must be one percent (got {p!r:.60})")
        pct = as_percentiles(p, "p", check_units=check_flag(check_units, "check_units"))
        return self.quantile(float(pct) / 100.0)

    def _draw_block(self, gen: np.random.Generator, rows: int) -> FloatArray:
        width = self.high - self.low
        pos = width > 0
        if self.distribution == "pert":
            a = np.where(pos, self.alpha, 1.0)
            b = np.where(pos, self.beta, 1.0)
            u = gen.beta(a, b, size=(rows, self.low.size))
        else:
            c = np.where(pos, (self.mode - self.low) / np.where(pos, width, 1.0), 0.0)
            u = _triangular_ppf(gen.random((rows, self.low.size)), 0.0, c, 1.0)
        out: FloatArray = self.low + width * u
        return out

    @renamed_arguments(n="size")
    def sample(self, size: int, rng: RngLike = None) -> FloatArray:
        """``size`` joint draws of the independent items, shape ``(size, items)``
        (read-only). ``n``, the old name of ``size``, still works for one release.

        Examples
        --------
        >>> pert_array([1, 2], [2, 3], [6, 9]).sample(5, rng=0).shape
        (5, 2)
        """
        count = _check_count(size, "size", 1)
        check_allocation((count, self.low.size), f"{count} draws of {self.low.size} items")
        return _readonly(self._draw_block(as_generator(rng), count))

    @renamed_arguments(probabilities="quantiles", n="iterations")
    def total(
        self,
        *,
        method: Literal["normal", "monte_carlo"] = "normal",
        quantiles: Sequence[float] | FloatArray = DEFAULT_QUANTILES,
        iterations: int = 10_000,
        rng: RngLike = None,
    ) -> TotalEstimate:
        """Distribution of the sum of the items (as :func:`sum_estimates`, vectorised;
        the same arguments, with the same deprecated names ``probabilities`` and ``n``).

        Examples
        --------
        >>> e = pert_array([2, 1], [4, 2], [12, 3])
        >>> e.total().mean
        7.0
        """
        probs, count = _total_iv(quantiles, method, iterations)
        if method == "normal":
            mean = float(math.fsum(self.mean.tolist()))
            var = float(math.fsum(self.variance.tolist()))
            pct = _normal_total(mean, var, probs)
            return TotalEstimate("normal", len(self), mean, var, _readonly(probs), _readonly(pct))
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
                u = _triangular_ppf(gen.random(count), 0.0, c, 1.0)
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
    low: npt.ArrayLike, mode: npt.ArrayLike, high: npt.ArrayLike, ids: Sequence[Id] | None
) -> tuple[FloatArray, FloatArray, FloatArray, tuple[Any, ...] | None]:
    a = as_float_array(low, "low", labels=ids)
    m = as_float_array(mode, "mode", labels=ids, length=a.size)
    b = as_float_array(high, "high", labels=ids, length=a.size)
    id_tuple = check_ids(ids, "ids") if ids is not None else None
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
    low: npt.ArrayLike,
    mode: npt.ArrayLike,
    high: npt.ArrayLike,
    *,
    lam: float = 4.0,
    variance: Literal["exact", "classic"] = "exact",
    ids: Sequence[Id] | None = None,
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
    low: npt.ArrayLike,
    mode: npt.ArrayLike,
    high: npt.ArrayLike,
    *,
    ids: Sequence[Id] | None = None,
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
