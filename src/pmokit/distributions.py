"""Probability distributions shared by scheduling, estimation and monitoring.

One implementation of each distribution (:class:`Triangular`, :class:`BetaPert`,
:class:`Uniform`, :class:`Normal`, :class:`LogNormal`, :class:`Empirical`) with one set of
names, numpy's: :attr:`~Distribution.mean`, :attr:`~Distribution.var`,
:attr:`~Distribution.std`, :attr:`~Distribution.support`, :meth:`~Distribution.quantile`
(probabilities in [0, 1]), :meth:`~Distribution.percentile` (percents in [0, 100]),
:meth:`~Distribution.cdf` and :meth:`~Distribution.sample`. ``pmokit.scheduling``
re-exports them for schedule risk; the three-point estimates of ``pmokit.estimation``
and the risk register of ``pmokit.monitoring`` use the same quantile, CDF and sampling
functions.

Samples are drawn by inverse transform (``quantile(u)`` of a uniform ``u``), so that
correlation can be imposed on the uniforms (a copula) and the same seed gives the same
numbers; :mod:`pmokit.scheduling._sampling` does that for many activities at once.

The old names ``expected_value`` and ``variance`` still work for one release, with a
``DeprecationWarning``.

Values are durations in working days (or impact factors) and must be >= 0.

>>> t = Triangular(2, 3, 7)
>>> t.mean, t.quantile(0.8) == t.percentile(80)
(4.0, True)
"""

from __future__ import annotations

import abc
import math
import numbers
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

from pmokit._deprecation import warn_renamed
from pmokit._random import RngLike, as_generator
from pmokit._results import PicklesReadOnly
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    as_percentiles,
    check_allocation,
    check_flag,
    check_id,
    number_kind_problem,
)
from pmokit.errors import UnknownReferenceError, ValidationError

if TYPE_CHECKING:
    from pmokit.scheduling._network import Network

__all__ = [
    "BetaPert",
    "Distribution",
    "Empirical",
    "LogNormal",
    "Normal",
    "Triangular",
    "Uniform",
    "percentage_template",
]

# PCT_FRACTION_BOUND is documented below with percentage_template

FloatOrArray: TypeAlias = "float | FloatArray"
"""A float for a scalar argument, else a float64 array of the same shape."""

_Z90 = 1.2815515655446004
"""Standard normal quantile at 0.9."""


def _to_float(value: object) -> object:
    """Convert real numbers to float; leave anything else for validation to report."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    return value


def _num(problems: Problems, value: object, name: str, **kw: float | bool | None) -> float:
    problems.check_number(value, name, **kw)  # type: ignore[arg-type]
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return math.nan
    return float(value)


def check_size(size: object, name: str = "size") -> tuple[int, ...]:
    """``size`` (an int or a tuple of ints >= 0) as a shape, refused before allocating
    when the float64 array would not fit (:data:`pmokit._validation.MAX_ARRAY_BYTES`)."""
    dims: tuple[object, ...] = size if isinstance(size, tuple) else (size,)
    for n in dims:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or int(n) < 0:
            raise ValidationError(
                f"'{name}' must be an int >= 0 or a tuple of them (got {size!r:.60} that is "
                f"a {type(size).__name__})"
            )
    shape = tuple(int(n) for n in dims)  # type: ignore[call-overload]
    check_allocation(shape, f"{name} {shape if len(shape) > 1 else shape[0]} of float64 samples")
    return shape


class Distribution(abc.ABC):
    """A non-negative distribution of durations [working days] or impact factors.

    Subclasses give the exact mean, variance, quantile function and CDF; sampling is by
    inverse transform, ``quantile(u)`` for uniform ``u``.
    """

    __slots__ = ()

    @property
    @abc.abstractmethod
    def mean(self) -> float:
        """The exact mean [working days]."""

    @property
    @abc.abstractmethod
    def var(self) -> float:
        """The exact variance [working days squared]."""

    @property
    def std(self) -> float:
        """The standard deviation [working days]."""
        return math.sqrt(max(self.var, 0.0))

    @property
    def expected_value(self) -> float:
        """Deprecated name of :attr:`mean`."""
        warn_renamed("expected_value", "mean")
        return self.mean

    @property
    def variance(self) -> float:
        """Deprecated name of :attr:`var`."""
        warn_renamed("variance", "var")
        return self.var

    @property
    @abc.abstractmethod
    def support(self) -> tuple[float, float]:
        """The smallest and largest possible values (``inf`` when unbounded)."""

    @abc.abstractmethod
    def quantile(self, q: npt.ArrayLike) -> FloatOrArray:
        """The exact quantile (inverse CDF) at probabilities ``q`` in [0, 1]."""

    def percentile(self, p: npt.ArrayLike, *, check_units: bool = True) -> FloatOrArray:
        """The value at percent ``p`` in [0, 100] (numpy's scale): ``quantile(p / 100)``.

        Parameters
        ----------
        p
            Percent(s) in [0, 100] (80 for P80).
        check_units
            Percents all in (0, 1] look like probabilities given for percents and are
            refused (``percentile(0.8)``: did you mean ``quantile(0.8)``?); pass False if
            you mean P0.8.

        Examples
        --------
        >>> Uniform(0, 10).percentile(80)
        8.0
        >>> Uniform(0, 10).percentile(0.8)
        Traceback (most recent call last):
        ...
        pmokit.errors.ValidationError: 'p' takes 0-100 (got 0.8): did you mean quantile(0.8)...
        """
        pct = as_percentiles(p, "p", check_units=check_units)
        return self.quantile(np.asarray(pct) / 100.0)

    @abc.abstractmethod
    def cdf(self, x: npt.ArrayLike) -> FloatOrArray:
        """The cumulative distribution function at ``x``."""

    def sample(self, size: int | tuple[int, ...], rng: RngLike = None) -> FloatArray:
        """Draw ``size`` samples by inverse transform of uniforms from ``rng``.

        Raises
        ------
        ValidationError
            ``size`` is not an int >= 0 (or a tuple of them), or the samples would not
            fit in memory (the limit is stated, nothing is allocated).

        Examples
        --------
        >>> Triangular(2, 3, 7).sample(3, rng=1).round(3)
        array([3.754, 3.875, 4.787])
        """
        from pmokit.scheduling._sampling import BatchSampler  # it builds on these classes

        shape = check_size(size)
        gen = as_generator(rng)
        total = int(np.prod(shape))
        return BatchSampler([self]).draw(gen, total).reshape(shape)

    @property
    def is_constant(self) -> bool:
        """True when the distribution has zero width (a fixed value)."""
        lo, hi = self.support
        return lo == hi


def _as_array(p: npt.ArrayLike) -> tuple[FloatArray, bool]:
    problem = number_kind_problem(p, "argument")
    if problem is not None:
        raise ValidationError(problem)
    try:
        arr = np.asarray(p, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValidationError(f"expected a number or an array of numbers (got {p!r:.60})") from None
    return arr, arr.ndim == 0


def _out(arr: FloatArray, scalar: bool) -> FloatOrArray:
    if scalar:
        return float(arr)
    out = np.asarray(arr, dtype=np.float64)
    return out


def _check_p(p: FloatArray) -> None:
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        bad = p[np.isnan(p) | (p < 0) | (p > 1)].ravel()[:3]
        hint = ""
        if np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 100)):
            hint = f": did you mean percentile({bad.tolist()})?"
        raise ValidationError(f"probabilities must lie in [0, 1] (got {bad.tolist()}){hint}")


def _three_point_problems(
    problems: Problems, kind: str, low: object, mode: object, high: object
) -> tuple[float, float, float]:
    lo = _num(problems, low, f"low of {kind}", minimum=0.0)
    mo = _num(problems, mode, f"mode of {kind}", minimum=0.0)
    hi = _num(problems, high, f"high of {kind}", minimum=0.0)
    if lo > mo:
        problems.add(f"{kind} must have low <= mode (got low={low!r} > mode={mode!r})")
    if mo > hi:
        problems.add(f"{kind} must have mode <= high (got mode={mode!r} > high={high!r})")
    if lo > hi and not lo > mo and not mo > hi:  # pragma: no cover - implied by the two above
        problems.add(f"{kind} must have low <= high (got low={low!r} > high={high!r})")
    return lo, mo, hi


@attrs.frozen
class Triangular(Distribution):
    """Triangular distribution on ``[low, high]`` with peak at ``mode`` [working days].

    Parameters
    ----------
    low, mode, high
        Optimistic, most likely and pessimistic durations, ``0 <= low <= mode <= high``.

    Examples
    --------
    >>> t = Triangular(2, 3, 7)
    >>> t.mean, round(t.var, 4)
    (4.0, 1.1667)
    >>> t.quantile(0.5).__round__(4)
    3.8377

    References
    ----------
    Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*, vol. 2 (1995).
    """

    low: float = attrs.field(converter=_to_float)
    mode: float = attrs.field(converter=_to_float)
    high: float = attrs.field(converter=_to_float)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        _three_point_problems(problems, "Triangular", self.low, self.mode, self.high)
        problems.raise_if_any()

    @property
    def mean(self) -> float:
        """``(low + mode + high) / 3`` [working days]."""
        return _triangular_moments(self.low, self.mode, self.high)[0]

    @property
    def var(self) -> float:
        """``(a² + b² + c² - ab - ac - bc) / 18``."""
        return _triangular_moments(self.low, self.mode, self.high)[1]

    @property
    def support(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def quantile(self, q: npt.ArrayLike) -> FloatOrArray:
        """Exact inverse CDF at probabilities ``q`` in [0, 1]."""
        arr, scalar = _as_array(q)
        _check_p(arr)
        return _out(_triangular_ppf(arr, self.low, self.mode, self.high), scalar)

    def cdf(self, x: npt.ArrayLike) -> FloatOrArray:
        """Exact CDF."""
        arr, scalar = _as_array(x)
        return _out(_triangular_cdf(arr, self.low, self.mode, self.high), scalar)


def _triangular_moments(a: float, m: float, b: float) -> tuple[float, float]:
    """Mean and variance of the triangular distribution; the variance is computed from
    the differences (shifted to ``low = 0``), so no cancellation far from zero."""
    u, w = m - a, b - a
    return (a + m + b) / 3.0, max((u * u + w * w - u * w) / 18.0, 0.0)


def _triangular_cdf(x: FloatArray, a: float, b: float, c: float) -> FloatArray:
    """Exact CDF of the triangular distribution (low ``a``, mode ``b``, high ``c``)."""
    if c == a:
        return (x >= a).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        left = np.where(b > a, (x - a) ** 2 / ((c - a) * (b - a)), 0.0)
        right = np.where(c > b, 1.0 - (c - x) ** 2 / ((c - a) * (c - b)), 1.0)
    res = np.where(x <= a, 0.0, np.where(x >= c, 1.0, np.where(x <= b, left, right)))
    return np.asarray(res, dtype=np.float64)


def _pert_moments(a: float, m: float, b: float, lam: float) -> tuple[float, float]:
    """Mean and exact variance of the PERT Beta distribution, ``(a + lam m + b) / (lam + 2)``
    and ``(mu - a)(b - mu) / (lam + 3)``, from the differences (no cancellation)."""
    mu = (a + lam * m + b) / (lam + 2.0)
    if b == a:
        return mu, 0.0
    below = (lam * (m - a) + (b - a)) / (lam + 2.0)
    above = ((b - a) * (lam + 1.0) - lam * (m - a)) / (lam + 2.0)
    return mu, below * above / (lam + 3.0)


def _pert_shape(a: float, m: float, b: float, lam: float) -> tuple[float, float]:
    """The Beta shapes ``(alpha, beta)`` of the PERT distribution on ``[a, b]``."""
    w = b - a
    if w == 0:
        return (1.0 + lam / 2.0, 1.0 + lam / 2.0)
    # rounded so that ranges scaled from one template share one shape exactly
    return (round(1.0 + lam * (m - a) / w, 12), round(1.0 + lam * (b - m) / w, 12))


def _beta_ppf(q: FloatArray, low: float, high: float, alpha: float, beta: float) -> FloatArray:
    """Exact quantile of the Beta(alpha, beta) distribution on ``[low, high]``."""
    if high == low:
        return np.full(np.shape(q), low, dtype=np.float64)
    x = np.asarray(special.betaincinv(alpha, beta, q), dtype=np.float64)
    return low + (high - low) * x


def _beta_cdf(x: FloatArray, low: float, high: float, alpha: float, beta: float) -> FloatArray:
    """Exact CDF of the Beta(alpha, beta) distribution on ``[low, high]``."""
    w = high - low
    if w == 0:
        return (x >= low).astype(np.float64)
    z = np.clip((x - low) / w, 0.0, 1.0)
    return np.asarray(special.betainc(alpha, beta, z), dtype=np.float64)


def _triangular_ppf(
    u: npt.ArrayLike, lo: npt.ArrayLike, mo: npt.ArrayLike, hi: npt.ArrayLike
) -> FloatArray:
    """Exact quantile of triangular distributions (arrays broadcast); the same arithmetic
    as ``numpy.random.Generator.triangular``, so ``_triangular_ppf(gen.random(n), ...)``
    gives its numbers."""
    lo_, mo_, hi_ = (np.asarray(v, dtype=np.float64) for v in (lo, mo, hi))
    width = hi_ - lo_
    with np.errstate(divide="ignore", invalid="ignore"):
        fc = np.where(width > 0, (mo_ - lo_) / np.where(width > 0, width, 1.0), 0.5)
    a = width * (mo_ - lo_)
    b = width * (hi_ - mo_)
    uu = np.asarray(u, dtype=np.float64)
    left = uu <= fc
    r = np.where(left, uu * a, (1.0 - uu) * b)
    np.sqrt(r, out=r)
    return np.where(left, lo_ + r, hi_ - r)


@attrs.frozen
class BetaPert(Distribution):
    """The (modified) PERT Beta distribution on ``[low, high]`` [working days].

    A Beta distribution with shape ``alpha = 1 + lam (mode - low) / (high - low)`` and
    ``beta = 1 + lam (high - mode) / (high - low)``; its mean is
    ``(low + lam mode + high) / (lam + 2)``. ``lam = 4`` is the classic PERT.

    Parameters
    ----------
    low, mode, high
        ``0 <= low <= mode <= high``.
    lam
        Weight of the mode, > 0 (Vose's modified PERT uses other values).

    Notes
    -----
    :meth:`quantile` is exact (``scipy.special.betaincinv``). Simulation samples by
    inverse transform from a table per shape, with an error below
    ``1e-5 (high - low)`` (tested); the exact quantile is used in the tails
    (p < 0.001 or p > 0.999, or 0.0001 and 0.9999 for shapes checked to be accurate
    enough there):

    * independent draws: float32 tables on a square-root grid (2 x 2,049 points) at
      uniform 32-bit integers;
    * under a correlation (copula uniforms): float64 tables on 4,097 Chebyshev-spaced
      probabilities;
    * beyond 32 distinct shapes, tables interpolated in ``alpha`` from 65 tabulated
      shapes of the same ``lam`` (up to 4,096 shapes of up to 4 ``lam`` values <= 12);
      beyond that, direct ``numpy.random.Generator.beta`` draws (exact, slower).

    Examples
    --------
    >>> b = BetaPert(2, 3, 10)
    >>> b.mean, round(b.var, 4)
    (4.0, 1.7143)

    References
    ----------
    Malcolm, Roseboom, Clark & Fazar, "Application of a technique for research and
    development program evaluation", *Operations Research* 7(5), 1959.
    Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed. (2008), section 9.1 (modified PERT).
    """

    low: float = attrs.field(converter=_to_float)
    mode: float = attrs.field(converter=_to_float)
    high: float = attrs.field(converter=_to_float)
    lam: float = attrs.field(default=4.0, converter=_to_float)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        _three_point_problems(problems, "BetaPert", self.low, self.mode, self.high)
        problems.check_number(self.lam, "lam of BetaPert", minimum=0.0, strict_minimum=True)
        problems.raise_if_any()

    @property
    def shape(self) -> tuple[float, float]:
        """The Beta shape parameters ``(alpha, beta)``."""
        return _pert_shape(self.low, self.mode, self.high, self.lam)

    @property
    def mean(self) -> float:
        """``(low + lam mode + high) / (lam + 2)`` [working days]."""
        return _pert_moments(self.low, self.mode, self.high, self.lam)[0]

    @property
    def var(self) -> float:
        """``(mean - low)(high - mean) / (lam + 3)``."""
        return _pert_moments(self.low, self.mode, self.high, self.lam)[1]

    @property
    def support(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def quantile(self, q: npt.ArrayLike) -> FloatOrArray:
        """Exact inverse CDF (``scipy.special.betaincinv``) at probabilities ``q``."""
        arr, scalar = _as_array(q)
        _check_p(arr)
        a, b = self.shape
        return _out(_beta_ppf(arr, self.low, self.high, a, b), scalar)

    def cdf(self, x: npt.ArrayLike) -> FloatOrArray:
        """Exact CDF (``scipy.special.betainc``)."""
        arr, scalar = _as_array(x)
        a, b = self.shape
        return _out(_beta_cdf(arr, self.low, self.high, a, b), scalar)


@attrs.frozen
class Uniform(Distribution):
    """Uniform distribution on ``[low, high]`` [working days].

    Examples
    --------
    >>> u = Uniform(4, 10)
    >>> u.mean, u.var, u.quantile(0.25)
    (7.0, 3.0, 5.5)
    """

    low: float = attrs.field(converter=_to_float)
    high: float = attrs.field(converter=_to_float)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        low = _num(problems, self.low, "low of Uniform", minimum=0.0)
        high = _num(problems, self.high, "high of Uniform", minimum=0.0)
        if low > high:  # nan (not a number, reported above) compares False
            problems.add(
                f"Uniform must have low <= high (got low={self.low!r} > high={self.high!r})"
            )
        problems.raise_if_any()

    @property
    def mean(self) -> float:
        """``(low + high) / 2``."""
        return (self.low + self.high) / 2.0

    @property
    def var(self) -> float:
        """``(high - low)² / 12``."""
        return (self.high - self.low) ** 2 / 12.0

    @property
    def support(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def quantile(self, q: npt.ArrayLike) -> FloatOrArray:
        """``low + p (high - low)``."""
        arr, scalar = _as_array(q)
        _check_p(arr)
        return _out(self.low + arr * (self.high - self.low), scalar)

    def cdf(self, x: npt.ArrayLike) -> FloatOrArray:
        """Exact CDF."""
        arr, scalar = _as_array(x)
        w = self.high - self.low
        if w == 0:
            return _out((arr >= self.low).astype(np.float64), scalar)
        return _out(np.clip((arr - self.low) / w, 0.0, 1.0), scalar)


@attrs.frozen(init=False)
class Normal(Distribution):
    """Normal distribution truncated at 0 (durations cannot be negative) [working days].

    Parameters
    ----------
    loc, scale
        Mean and standard deviation of the *parent* normal, both >= 0 (scipy's names;
        ``mean=`` and ``sd=`` are their deprecated keywords). When ``loc`` is several
        ``scale`` above 0 the truncation is negligible; :attr:`mean` and :attr:`var` are
        the exact moments of the truncated distribution.

    Examples
    --------
    >>> n = Normal(10, 2)
    >>> round(n.mean, 6), round(n.std, 6)
    (10.0, 2.0)
    >>> round(Normal(1, 1).mean, 4)    # truncation lifts the mean
    1.2876

    References
    ----------
    Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*, vol. 1 (1994),
    section 10.1 (truncated normal moments).
    """

    loc: float = attrs.field(converter=_to_float)
    scale: float = attrs.field(converter=_to_float)

    def __init__(
        self,
        loc: float | None = None,
        scale: float | None = None,
        *,
        mean: float | None = None,
        sd: float | None = None,
    ) -> None:
        if mean is not None:
            warn_renamed("Normal(mean=)", "Normal(loc=)")
            if loc is not None:
                raise ValidationError("give 'loc' only; 'mean' is its deprecated name")
            loc = mean
        if sd is not None:
            warn_renamed("Normal(sd=)", "Normal(scale=)")
            if scale is not None:
                raise ValidationError("give 'scale' only; 'sd' is its deprecated name")
            scale = sd
        self.__attrs_init__(loc, scale)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        _num(problems, self.loc, "loc (mean) of Normal", minimum=0.0)
        _num(problems, self.scale, "sd of Normal (its scale)", minimum=0.0)
        problems.raise_if_any()

    @property
    def sd(self) -> float:
        """Deprecated name of :attr:`scale`."""
        warn_renamed("Normal.sd", "Normal.scale")
        return self.scale

    def _alpha(self) -> tuple[float, float]:
        """Standardised truncation point and the parent mass above it."""
        a = -self.loc / self.scale
        return a, float(special.ndtr(-a))

    @property
    def mean(self) -> float:
        """``loc + scale phi(a) / (1 - Phi(a))`` with ``a = -loc / scale``."""
        if self.scale == 0:
            return self.loc
        a, z = self._alpha()
        phi = math.exp(-0.5 * a * a) / math.sqrt(2 * math.pi)
        return self.loc + self.scale * phi / z

    @property
    def var(self) -> float:
        """``scale² (1 + a phi(a)/Z - (phi(a)/Z)²)`` with ``Z = 1 - Phi(a)``."""
        if self.scale == 0:
            return 0.0
        a, z = self._alpha()
        phi = math.exp(-0.5 * a * a) / math.sqrt(2 * math.pi)
        lam = phi / z
        return self.scale**2 * (1.0 + a * lam - lam * lam)

    @property
    def support(self) -> tuple[float, float]:
        """``(0, inf)``, or ``(loc, loc)`` when ``scale == 0``."""
        return (self.loc, self.loc) if self.scale == 0 else (0.0, math.inf)

    def quantile(self, q: npt.ArrayLike) -> FloatOrArray:
        """``loc + scale Phi⁻¹(Phi(a) + q (1 - Phi(a)))``."""
        arr, scalar = _as_array(q)
        _check_p(arr)
        return _out(_normal_ppf(arr, np.float64(self.loc), np.float64(self.scale)), scalar)

    def cdf(self, x: npt.ArrayLike) -> FloatOrArray:
        """Exact CDF of the truncated normal."""
        arr, scalar = _as_array(x)
        if self.scale == 0:
            return _out((arr >= self.loc).astype(np.float64), scalar)
        _, z = self._alpha()
        pa = 1.0 - z
        res = (special.ndtr((arr - self.loc) / self.scale) - pa) / z
        return _out(np.where(arr <= 0, 0.0, np.clip(res, 0.0, 1.0)), scalar)


def _normal_ppf(u: FloatArray, loc: npt.ArrayLike, scale: npt.ArrayLike) -> FloatArray:
    mean = np.asarray(loc, dtype=np.float64)
    sd = np.asarray(scale, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        pa = np.where(sd > 0, special.ndtr(-mean / np.where(sd > 0, sd, 1.0)), 0.0)
    q = pa + u * (1.0 - pa)
    z = special.ndtri(q)
    x = mean + sd * z
    return np.where(sd > 0, np.maximum(x, 0.0), mean)


@attrs.frozen
class LogNormal(Distribution):
    """Log-normal distribution given by its mean and standard deviation [working days].

    Use :meth:`from_percentiles` to give it by its P10 and P90 instead.

    Parameters
    ----------
    mean
        Mean, > 0.
    sd
        Standard deviation, >= 0.

    Examples
    --------
    >>> ln = LogNormal(10, 3)
    >>> ln.mean, round(ln.std, 12)
    (10.0, 3.0)
    >>> ln2 = LogNormal.from_percentiles(8, 15)
    >>> round(ln2.quantile(0.1), 9), round(ln2.quantile(0.9), 9)
    (8.0, 15.0)
    """

    mean: float = attrs.field(converter=_to_float)
    sd: float = attrs.field(converter=_to_float)

    def __attrs_post_init__(self) -> None:
        problems = Problems()
        _num(problems, self.mean, "mean of LogNormal", minimum=0.0, strict_minimum=True)
        _num(problems, self.sd, "sd of LogNormal", minimum=0.0)
        problems.raise_if_any()

    @classmethod
    def from_percentiles(cls, p10: float, p90: float) -> LogNormal:
        """The log-normal whose 10th and 90th percentiles are ``p10`` and ``p90``.

        Parameters
        ----------
        p10, p90
            ``0 < p10 <= p90`` [working days].
        """
        problems = Problems()
        lo = _num(problems, p10, "p10 of LogNormal", minimum=0.0, strict_minimum=True)
        hi = _num(problems, p90, "p90 of LogNormal", minimum=0.0, strict_minimum=True)
        if lo > hi:
            problems.add(f"LogNormal must have p10 <= p90 (got p10={p10!r} > p90={p90!r})")
        problems.raise_if_any()
        mu = 0.5 * (math.log(lo) + math.log(hi))
        s = (math.log(hi) - math.log(lo)) / (2.0 * _Z90)
        mean = math.exp(mu + 0.5 * s * s)
        return cls(mean, mean * math.sqrt(math.expm1(s * s)))

    @property
    def log_params(self) -> tuple[float, float]:
        """``(mu, sigma)`` of the underlying normal of ``log(X)``."""
        m, s = self.mean, self.sd
        sig2 = math.log1p((s / m) ** 2)
        return (math.log(m) - 0.5 * sig2, math.sqrt(sig2))

    @property
    def var(self) -> float:
        """``sd²``."""
        return self.sd**2

    @property
    def support(self) -> tuple[float, float]:
        """``(0, inf)``, or ``(mean, mean)`` when ``sd == 0``."""
        return (self.mean, self.mean) if self.sd == 0 else (0.0, math.inf)

    def quantile(self, q: npt.ArrayLike) -> FloatOrArray:
        """``exp(mu + sigma Phi⁻¹(p))``."""
        arr, scalar = _as_array(q)
        _check_p(arr)
        mu, s = self.log_params
        if s == 0:
            return _out(np.full(arr.shape, self.mean), scalar)
        return _out(np.exp(mu + s * special.ndtri(arr)), scalar)

    def cdf(self, x: npt.ArrayLike) -> FloatOrArray:
        """Exact CDF."""
        arr, scalar = _as_array(x)
        mu, s = self.log_params
        if s == 0:
            return _out((arr >= self.mean).astype(np.float64), scalar)
        with np.errstate(divide="ignore"):
            z = (np.log(np.maximum(arr, 0.0)) - mu) / s
        return _out(np.asarray(special.ndtr(z), dtype=np.float64), scalar)


def _freeze_samples(value: object) -> FloatArray:
    problem = number_kind_problem(value, "samples of Empirical")
    if problem is not None:
        raise ValidationError(problem)
    try:
        arr = np.array(value, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise ValidationError(
            f"samples of Empirical must be numbers (got {value!r:.80})"
        ) from None
    problems: list[str] = []
    if arr.size == 0:
        problems.append("samples of Empirical must not be empty (got 0 values)")
    bad = ~np.isfinite(arr)
    if bad.any():
        problems.append(
            f"samples of Empirical must be finite (got {arr[bad][:3].tolist()} at positions "
            f"{np.flatnonzero(bad)[:3].tolist()})"
        )
    neg = arr < 0
    if neg.any():
        problems.append(
            f"samples of Empirical must be >= 0 (got {arr[neg][:3].tolist()} at positions "
            f"{np.flatnonzero(neg)[:3].tolist()})"
        )
    if problems:
        raise ValidationError(problems)
    arr = np.sort(arr)
    arr.setflags(write=False)
    return arr


@attrs.frozen(eq=False)
class Empirical(PicklesReadOnly, Distribution):
    """The empirical distribution of observed durations (resampling them) [working days].

    Parameters
    ----------
    samples
        Observed durations, >= 0 (stored sorted, read-only). Each is drawn with
        probability ``1 / len(samples)``.

    Examples
    --------
    >>> e = Empirical([4, 6, 5, 9])
    >>> e.mean, e.var, e.quantile(0.5)
    (6.0, 3.5, 5.0)
    """

    samples: FloatArray = attrs.field(converter=_freeze_samples)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Empirical):
            return NotImplemented
        return bool(np.array_equal(self.samples, other.samples))

    def __hash__(self) -> int:
        return hash(self.samples.tobytes())

    @property
    def mean(self) -> float:
        """The mean of the samples."""
        return float(self.samples.mean())

    @property
    def var(self) -> float:
        """The population variance of the samples (``ddof=0``)."""
        return float(self.samples.var())

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest sample."""
        return (float(self.samples[0]), float(self.samples[-1]))

    def quantile(self, q: npt.ArrayLike) -> FloatOrArray:
        """The inverse of the empirical CDF: the smallest sample ``x`` with ``F(x) >= p``."""
        arr, scalar = _as_array(q)
        _check_p(arr)
        return _out(_empirical_ppf(arr, self.samples), scalar)

    def cdf(self, x: npt.ArrayLike) -> FloatOrArray:
        """Fraction of samples ``<= x``."""
        arr, scalar = _as_array(x)
        k = np.searchsorted(self.samples, arr, side="right")
        return _out(k / self.samples.size, scalar)


def _empirical_ppf(u: FloatArray, s: FloatArray) -> FloatArray:
    n = s.size
    idx = np.clip(np.ceil(u * n).astype(np.int64) - 1, 0, n - 1)
    return s[idx]


Shape = Literal["triangular", "betapert", "uniform"]


PCT_FRACTION_BOUND = 1.0
"""Unit-slip bound of :func:`percentage_template` [percent]: when every percentage lies
within +-1 (and one is not 0) they look like fractions given for percents
(``-0.10, 0.25`` for ``-10, 25``) and are refused unless ``check_units=False``."""


def percentage_template(
    durations: Mapping[Hashable, float] | Network,
    low_pct: float,
    high_pct: float,
    *,
    mode_pct: float = 0.0,
    activities: Iterable[str] | None = None,
    shape: Shape = "triangular",
    check_units: bool = True,
) -> dict[Hashable, Distribution]:
    """Three-point ranges as percentages of the planned durations.

    Each activity with planned duration ``d`` gets ``low = d (1 + low_pct/100)``,
    ``mode = d (1 + mode_pct/100)``, ``high = d (1 + high_pct/100)``.

    Parameters
    ----------
    durations
        A :class:`~pmokit.scheduling.Network` (its planned durations) or a mapping of
        activity id to planned duration [working days].
    low_pct, high_pct
        Percentage change for the optimistic and pessimistic values (e.g. -10, 25).
        ``-100 <= low_pct <= mode_pct <= high_pct``.
    mode_pct
        Percentage change for the most likely value (0: the plan).
    activities
        The activities to apply it to; None for all of them.
    shape
        ``"triangular"`` (default), ``"betapert"`` or ``"uniform"`` (ignores the mode).
    check_units
        Percentages all within +-1 (:data:`PCT_FRACTION_BOUND`), one of them not 0, look
        like fractions (``-0.10`` for -10 %) and are refused; pass False if you mean a
        range of under one percent.

    Returns
    -------
    dict
        Activity id -> distribution, ready for :func:`simulate` (merge several templates
        with ``{**a, **b}``).

    Raises
    ------
    ValidationError
        Percentages out of order or below -100, percentages that look like fractions
        (see ``check_units``), or an unknown shape.
    UnknownReferenceError
        ``activities`` names an activity that is not in ``durations``.

    Examples
    --------
    >>> percentage_template({"A": 10.0, "B": 20.0}, -10, 25)["B"]
    Triangular(low=18.0, mode=20.0, high=25.0)
    """
    problems = Problems()
    lo = _num(problems, low_pct, "low_pct", minimum=-100.0)
    mo = _num(problems, mode_pct, "mode_pct", minimum=-100.0)
    hi = _num(problems, high_pct, "high_pct", minimum=-100.0)
    if lo > mo or mo > hi:
        problems.add(
            "percentages must satisfy low_pct <= mode_pct <= high_pct "
            f"(got {low_pct!r}, {mode_pct!r}, {high_pct!r})"
        )
    if (
        not problems
        and check_flag(check_units, "check_units")
        and max(abs(lo), abs(mo), abs(hi)) <= PCT_FRACTION_BOUND
        and (lo, mo, hi) != (0.0, 0.0, 0.0)
    ):
        problems.add(
            f"percentages low_pct={low_pct!r}, mode_pct={mode_pct!r}, high_pct={high_pct!r} "
            f"all lie within +-{PCT_FRACTION_BOUND}: did you give fractions? They are "
            f"percents (write {lo * 100:g}, {hi * 100:g} for {lo * 100:g} % to {hi * 100:g} %; "
            "pass check_units=False if you mean a range of under one percent)"
        )
    if shape not in ("triangular", "betapert", "uniform"):
        problems.add(f"'shape' must be one of 'triangular', 'betapert', 'uniform' (got {shape!r})")
    if isinstance(durations, Mapping):
        for k, v in durations.items():
            if (id_problem := check_id(k, "activity id in 'durations'")) is not None:
                problems.add(id_problem)
            else:
                problems.check_number(v, f"duration of {k!r} in 'durations'", minimum=0.0)
    problems.raise_if_any()
    planned: dict[Hashable, float]
    if isinstance(durations, Mapping):
        planned = {k: float(v) for k, v in durations.items()}
    else:
        planned = {a.id: float(a.duration) for a in durations.activities}
    if activities is None:
        chosen = list(planned)
    else:
        chosen = list(activities)
        unknown = [a for a in chosen if a not in planned]
        if unknown:
            raise UnknownReferenceError(
                [f"percentage_template names unknown activity {a!r}" for a in unknown], unknown
            )
    out: dict[Hashable, Distribution] = {}
    for aid in chosen:
        d = planned[aid]
        a, m, b = d * (1 + lo / 100), d * (1 + mo / 100), d * (1 + hi / 100)
        if shape == "triangular":
            out[aid] = Triangular(a, m, b)
        elif shape == "betapert":
            out[aid] = BetaPert(a, m, b)
        else:
            out[aid] = Uniform(a, b)
    return out
